// The contract pages' shared helpers: the :id, the breadcrumbs, and how a period reads.

import type { Context } from "hono";
import type { AppEnv } from "../../middleware/context.js";
import { Breadcrumbs } from "../components.js";
import { pathId } from "../forms.js";
import { formatDay } from "../status.js";

export const contractId = (c: Context<AppEnv>) => pathId(c, "contract");

export function contractCrumbs(contract: { id: string; reference: string }, here?: string) {
  return (
    <Breadcrumbs
      items={[
        { href: "/contracts", text: "Contracts" },
        here ? { href: `/contracts/${contract.id}`, text: contract.reference } : { text: contract.reference },
        ...(here ? [{ text: here }] : []),
      ]}
    />
  );
}

export function periodText(o: { periodStart: string; periodEnd: string | null }) {
  return o.periodEnd
    ? `${formatDay(o.periodStart)} to ${formatDay(o.periodEnd)}`
    : `From ${formatDay(o.periodStart)}, each time it happens`;
}
