// Users: managed by admins.

import { ROLES } from "../../db/schema/index.js";
import { TEXT_LIMITS } from "../../lib/limits.js";
import { nameText } from "../../lib/text.js";
import { serviceCtx } from "../../middleware/access.js";
import { createUser, listUsers, updateUser } from "../../services/users/users.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, z } from "../openapi.js";
import { toUser, userSchema } from "../schemas.js";

export const userRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "post",
      path: "/users",
      tags: ["Users"],
      summary: "Create a user",
      access: ["admin"],
      request: {
        body: jsonBody(
          z
            .object({
              email: z.email(),
              name: nameText(TEXT_LIMITS.userName),
              role: z.enum(ROLES),
              organisationId: z.uuid(),
              password: z.string(),
            })
            .strict(),
        ),
      },
      responses: { 201: jsonResponse(userSchema, "Created") },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      return c.json(toUser(await createUser(ctx.db, ctx, c.req.valid("json"))), 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/users",
      tags: ["Users"],
      summary: "All users",
      access: ["admin"],
      request: { query: z.object({ organisationId: z.uuid().optional() }) },
      responses: { 200: jsonResponse(z.object({ users: z.array(userSchema) }), "Users") },
    }),
    async (c) => {
      const rows = await listUsers({
        ctx: serviceCtx(c),
        organisationId: c.req.valid("query").organisationId,
      });
      return c.json({ users: rows.map(toUser) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/users/{id}",
      tags: ["Users"],
      summary: "Deactivate or reactivate a user, change their role or name",
      access: ["admin"],
      request: {
        params: idParam,
        body: jsonBody(
          z
            .object({
              active: z.boolean().optional(),
              role: z.enum(ROLES).optional(),
              name: nameText(TEXT_LIMITS.userName).optional(),
            })
            .strict(),
        ),
      },
      responses: { 200: jsonResponse(userSchema, "Updated") },
    }),
    async (c) => {
      const user = await updateUser({
        ctx: serviceCtx(c),
        id: c.req.valid("param").id,
        input: c.req.valid("json"),
      });
      return c.json(toUser(user), 200);
    },
  );
