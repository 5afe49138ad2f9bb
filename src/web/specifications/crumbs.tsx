// The specification pages' shared path helpers: the :id, and the breadcrumbs.
import type { Context } from "hono";
import type { AppEnv } from "../../middleware/context.js";
import { specificationName } from "../../model/specification-name.js";
import { Breadcrumbs } from "../components.js";
import { pathId } from "../forms.js";

/** The :id of a specification route, or a 404 for anything that is not an id. */
export const specId = (c: Context<AppEnv>) => pathId(c, "specification");

export function specCrumbs(
  spec: { id: string; title: string; reference: string | null; version: number },
  here?: string,
) {
  return (
    <Breadcrumbs
      items={[
        { href: "/specifications", text: "Specifications" },
        here
          ? { href: `/specifications/${spec.id}`, text: specificationName(spec) }
          : { text: specificationName(spec) },
        ...(here ? [{ text: here }] : []),
      ]}
    />
  );
}
