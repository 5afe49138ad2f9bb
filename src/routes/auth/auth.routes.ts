// Sign in, sign out, and who am I.

import { deleteCookie, getCookie } from "hono/cookie";
import { notFound } from "../../lib/errors.js";
import { publicCtx, serviceCtx } from "../../middleware/access.js";
import { afterResponse } from "../../middleware/after-response.js";
import { clientAddress, setSessionCookie } from "../../middleware/session-cookie.js";
import { INPUT_LIMITS } from "../../model/limits.js";
import { login } from "../../services/auth/login.js";
import { changePassword } from "../../services/auth/password.js";
import {
  admitResetRequest,
  RESET_REQUESTED,
  requestPasswordReset,
} from "../../services/auth/password-reset.js";
import { deleteSession, SESSION_COOKIE } from "../../services/auth/sessions.js";
import { findUserById } from "../../services/users/users.js";
import { createRouter, defineRoute, jsonBody, jsonResponse, z } from "../openapi.js";
import { toUser, userSchema } from "../schemas.js";

const loginBody = z
  .object({
    email: z.string().trim().min(1, "enter your email address"),
    password: z.string().min(1, "enter your password"),
    /** The code from the authenticator app, or a recovery code, for accounts with two-factor sign-in. */
    code: z.string().trim().max(INPUT_LIMITS.codeLength).optional(),
  })
  .strict();

const meSchema = z.object({
  user: userSchema,
  organisation: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }),
  via: z.enum(["session", "token"]),
});

export const authRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "post",
      path: "/auth/login",
      tags: ["Auth"],
      summary: "Sign in with email and password; sets the session cookie",
      access: "public",
      request: { body: jsonBody(loginBody) },
      responses: { 200: jsonResponse(z.object({ user: userSchema, csrfToken: z.string() }), "Signed in") },
    }),
    async (c) => {
      const { email, password, code } = c.req.valid("json");
      const { user, session } = await login({
        ctx: publicCtx(c),
        input: { email, password, code, address: clientAddress(c) },
      });
      setSessionCookie(c, session.value, session.expiresAt);
      return c.json({ user: toUser(user), csrfToken: session.csrfToken }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/auth/logout",
      tags: ["Auth"],
      summary: "Sign out: ends the session",
      access: "public",
      responses: { 204: { description: "Signed out" } },
    }),
    async (c) => {
      const value = getCookie(c, SESSION_COOKIE);
      if (value) await deleteSession({ ctx: publicCtx(c), input: { value } });
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/me",
      tags: ["Auth"],
      summary: "The signed-in user and their organisation",
      access: "signed_in",
      responses: { 200: jsonResponse(meSchema, "You") },
    }),
    async (c) => {
      const actor = c.get("actor")!;
      const user = await findUserById({ ctx: serviceCtx(c), input: { id: actor.userId } });
      if (!user) throw notFound("user");
      return c.json(
        {
          user: toUser(user),
          organisation: {
            id: actor.organisationId,
            name: actor.organisationName,
            kind: actor.organisationKind,
          },
          via: actor.via,
        },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/me/password",
      tags: ["Auth"],
      summary:
        "Change your password (from a signed-in session); your other sessions end, and your API tokens are revoked unless revokeTokens is false",
      access: "signed_in",
      request: {
        body: jsonBody(
          z
            .object({
              currentPassword: z
                .string()
                .min(1, "enter your current password")
                .max(INPUT_LIMITS.passwordLength),
              newPassword: z.string().min(1, "enter a new password").max(INPUT_LIMITS.passwordLength),
              /** Revoke your API tokens too (the default): set false to keep them working. */
              revokeTokens: z.boolean().default(true),
            })
            .strict(),
        ),
      },
      responses: { 204: { description: "Changed" } },
    }),
    async (c) => {
      await changePassword({
        ctx: serviceCtx(c),
        input: { ...c.req.valid("json"), address: clientAddress(c) },
      });
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/auth/password-reset",
      tags: ["Auth"],
      summary:
        "Ask for a password reset link by email. Always 202 with the same words, whether or not the account exists; more than ten requests an hour from one address answer 429",
      access: "public",
      request: {
        body: jsonBody(
          z
            .object({
              email: z.string().trim().min(1, "enter your email address").max(INPUT_LIMITS.emailLength),
            })
            .strict(),
        ),
      },
      responses: { 202: jsonResponse(z.object({ detail: z.string() }), "Requested") },
    }),
    async (c) => {
      const ctx = publicCtx(c);
      const { email } = c.req.valid("json");
      await admitResetRequest({ ctx, input: { address: clientAddress(c), email } });
      // Answered first: whether the account exists must not show in how long the answer takes.
      afterResponse(c, "password reset", () => requestPasswordReset({ ctx, input: { email } }));
      return c.json({ detail: RESET_REQUESTED }, 202);
    },
  );
