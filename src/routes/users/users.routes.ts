// Users: managed by admins.

import { serviceCtx } from "../../middleware/access.js";
import {
  addUser,
  cancelInvitation,
  newUserInput,
  resendInvitation,
} from "../../services/users/invitations.js";
import { listUsers, updateUser, userChangeInput } from "../../services/users/users.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, z } from "../openapi.js";
import { toUser, userSchema } from "../schemas.js";

export const userRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "post",
      path: "/users",
      tags: ["Users"],
      summary:
        "Add a user. Without a password, WithUs emails them an invitation (a link valid for 7 days) to choose one (202). Only the service operator may give a password (scripted set-up): they can sign in at once (201)",
      access: "user.manage",
      request: { body: jsonBody(newUserInput) },
      responses: {
        201: jsonResponse(userSchema, "Created with a password (the service operator only)"),
        202: jsonResponse(
          userSchema,
          "Invited. The answer is the same whether or not the address has an account in another organisation: its owner is emailed instead, and no account is made",
        ),
      },
    }),
    async (c) => {
      const { invited, user } = await addUser({
        ctx: serviceCtx(c),
        input: c.req.valid("json"),
      });
      return invited ? c.json(toUser(user), 202) : c.json(toUser(user), 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/users",
      tags: ["Users"],
      summary: "All users",
      access: "user.manage",
      request: { query: z.object({ organisationId: z.uuid().optional() }) },
      responses: { 200: jsonResponse(z.object({ users: z.array(userSchema) }), "Users") },
    }),
    async (c) => {
      const rows = await listUsers({
        ctx: serviceCtx(c),
        input: { organisationId: c.req.valid("query").organisationId },
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
      access: "user.manage",
      request: {
        params: idParam,
        body: jsonBody(userChangeInput),
      },
      responses: { 200: jsonResponse(userSchema, "Updated") },
    }),
    async (c) => {
      const user = await updateUser({
        ctx: serviceCtx(c),
        input: { ...c.req.valid("json"), id: c.req.valid("param").id },
      });
      return c.json(toUser(user), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/users/{id}/invitation",
      tags: ["Users"],
      summary: "Send a user of your organisation a fresh invitation link (the earlier one stops working)",
      access: "user.manage",
      request: { params: idParam },
      responses: { 202: { description: "A new invitation is on its way" } },
    }),
    async (c) => {
      await resendInvitation({ ctx: serviceCtx(c), input: { userId: c.req.valid("param").id } });
      return c.body(null, 202);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/users/{id}/invitation",
      tags: ["Users"],
      summary: "Cancel an invitation not yet accepted: the link stops working and the account is deactivated",
      access: "user.manage",
      request: { params: idParam },
      responses: { 204: { description: "Cancelled" } },
    }),
    async (c) => {
      await cancelInvitation({ ctx: serviceCtx(c), input: { userId: c.req.valid("param").id } });
      return c.body(null, 204);
    },
  );
