// Reading what a service is given: the service is the only validator, so each judges its input with its
// own schema (the API describes its body with the same schema), and a refusal names each field just as
// the API's 422 does, so a page and the API show the same errors for the same input.
import type { z } from "zod";
import { issuePath, validation } from "../lib/errors.js";

/** The input as the schema reads it, or a validation error with a path and message for every problem. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  detail = "The request has values that are not valid.",
): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw validation(
    parsed.error.issues.map((i) => ({
      path: issuePath(i.path),
      message: i.code === "unrecognized_keys" ? `unknown field(s): ${i.keys.join(", ")}` : i.message,
    })),
    detail,
  );
}
