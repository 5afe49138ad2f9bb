// Route definitions: zod schemas that validate requests and describe them in /openapi.json,
// each with the access rule that guards it.

import type { RouteConfig } from "@hono/zod-openapi";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { issuePath } from "../lib/errors.js";
import { type Access, type Anonymous, authorize, describeAccess } from "../middleware/access.js";
import type { AppEnv } from "../middleware/context.js";
import { problemResponse } from "../middleware/problem.js";

export { z };

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

const errorResponses = {
  400: problem("Malformed request"),
  401: problem("Not signed in"),
  403: problem("Role not allowed"),
  404: problem("Not found, or not yours"),
  422: problem("Validation failed"),
} as const;

/** The same, for a route that answers callers without credentials 404 (see Anonymous in middleware/access). */
const rowErrorResponses = {
  ...errorResponses,
  401: problem("The API token or session sent no longer works (revoked, expired or ended): sign in again"),
  404: problem("Not found, not yours, or no credentials were sent"),
} as const;

/**
 * createRoute plus the route's access rule: the rule runs before validation, and is documented. Callers
 * without credentials get 401 on "signed_in" routes (about the caller themselves) and 404 on the rest,
 * unless `anonymous` says otherwise.
 */
export function defineRoute<R extends RouteConfig>(config: R & { access: Access; anonymous?: Anonymous }) {
  const { access, anonymous, ...rest } = config;
  const security = access === "public" ? [] : [{ bearer: [] }, { cookie: [] }];
  const whenAnonymous = anonymous ?? (access === "signed_in" ? "sign_in" : "not_found");
  return createRoute({
    ...rest,
    description: [rest.description, describeAccess(access)].filter(Boolean).join("\n\n"),
    security,
    middleware: [authorize(access, whenAnonymous), ...toArray(rest.middleware)],
    responses: { ...(whenAnonymous === "not_found" ? rowErrorResponses : errorResponses), ...rest.responses },
    "x-access": access,
  } as unknown as R);
}

function toArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A JSON request body that must be present. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true, description, content: { "application/json": { schema } } };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A router whose validation failures become problem+json 422 with a path for each field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = result.error.issues.map((i) => ({
          path: issuePath(i.path),
          message: i.code === "unrecognized_keys" ? `unknown field(s): ${i.keys.join(", ")}` : i.message,
        }));
        return problemResponse(c, "validation_failed", "The request has values that are not valid.", errors);
      }
    },
  });
}

export const idParam = z.object({ id: z.uuid({ error: "must be a UUID" }) });
