// Personal API tokens for scripts.

import { serviceCtx } from "../../middleware/access.js";
import { createToken, listTokens, revokeToken, tokenName } from "../../services/tokens/tokens.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, z } from "../openapi.js";

const tokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiToken");

export const tokenRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "post",
      path: "/tokens",
      tags: ["Tokens"],
      summary: "Create a personal API token (shown once); from a signed-in session only, not with a token",
      access: "signed_in",
      request: {
        body: jsonBody(
          z
            .object({
              name: tokenName,
              /** When the token stops working (ISO 8601 date-time, within a year); omit for no end date. */
              expiresAt: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).optional(),
            })
            .strict(),
        ),
      },
      responses: {
        201: jsonResponse(
          tokenSchema.extend({ token: z.string() }),
          "The token: store it now, it is not shown again",
        ),
      },
    }),
    async (c) => {
      const { name, expiresAt } = c.req.valid("json");
      const created = await createToken({
        ctx: serviceCtx(c),
        input: { name, expiresAt: expiresAt ? new Date(expiresAt) : null },
      });
      return c.json(created, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/tokens",
      tags: ["Tokens"],
      summary: "Your tokens (without their values)",
      access: "signed_in",
      responses: { 200: jsonResponse(z.object({ tokens: z.array(tokenSchema) }), "Tokens") },
    }),
    async (c) => c.json({ tokens: await listTokens({ ctx: serviceCtx(c), input: {} }) }, 200),
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/tokens/{id}",
      tags: ["Tokens"],
      summary: "Revoke one of your tokens",
      access: "signed_in",
      request: { params: idParam },
      responses: { 204: { description: "Revoked" } },
    }),
    async (c) => {
      await revokeToken({ ctx: serviceCtx(c), input: c.req.valid("param") });
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/users/{id}/tokens",
      tags: ["Tokens"],
      summary: "A user's tokens (without their values), for an admin of their organisation",
      access: "user.manage",
      request: { params: idParam },
      responses: { 200: jsonResponse(z.object({ tokens: z.array(tokenSchema) }), "Tokens") },
    }),
    async (c) =>
      c.json(
        { tokens: await listTokens({ ctx: serviceCtx(c), input: { userId: c.req.valid("param").id } }) },
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/users/{id}/tokens/{tokenId}",
      tags: ["Tokens"],
      summary: "Revoke a token of a user of your organisation",
      access: "user.manage",
      request: { params: idParam.extend({ tokenId: z.uuid({ error: "must be a UUID" }) }) },
      responses: { 204: { description: "Revoked" } },
    }),
    async (c) => {
      const { id, tokenId } = c.req.valid("param");
      await revokeToken({ ctx: serviceCtx(c), input: { id: tokenId, userId: id } });
      return c.body(null, 204);
    },
  );
