// Two-factor sign-in for your own account: set up an authenticator app, confirm it, turn it off.
import { serviceCtx } from "../../middleware/access.js";
import { clientAddress } from "../../middleware/session-cookie.js";
import { INPUT_LIMITS } from "../../model/limits.js";
import {
  beginTwoFactorSetup,
  ownAccount,
  resetTwoFactor,
  turnOffTwoFactor,
  turnOnTwoFactor,
} from "../../services/auth/two-factor.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, z } from "../openapi.js";

export const twoFactorRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "post",
      path: "/me/two-factor",
      tags: ["Auth"],
      summary: "Begin setting up an authenticator app (from a session): the secret to add to the app",
      access: "signed_in",
      responses: {
        200: jsonResponse(
          z.object({ secret: z.string(), otpauthUri: z.string() }),
          "Add this to the authenticator app, then confirm with a code",
        ),
      },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const setup = await beginTwoFactorSetup({ ctx, input: { user: await ownAccount({ ctx }) } });
      return c.json({ secret: setup.secret, otpauthUri: setup.uri }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/me/two-factor/confirm",
      tags: ["Auth"],
      summary:
        "Turn two-factor sign-in on with a code from the app and your password; answers the recovery codes, once",
      access: "signed_in",
      request: {
        body: jsonBody(
          z
            .object({
              code: z.string().trim().min(1, "enter the code").max(INPUT_LIMITS.codeLength),
              password: z.string().min(1, "enter your password").max(INPUT_LIMITS.passwordLength),
            })
            .strict(),
        ),
      },
      responses: {
        200: jsonResponse(z.object({ recoveryCodes: z.array(z.string()) }), "Two-factor sign-in is on"),
      },
    }),
    async (c) => {
      const recoveryCodes = await turnOnTwoFactor({
        ctx: serviceCtx(c),
        input: { ...c.req.valid("json"), address: clientAddress(c) },
      });
      return c.json({ recoveryCodes }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/me/two-factor/disable",
      tags: ["Auth"],
      summary: "Turn two-factor sign-in off, with your password (not when your organisation requires it)",
      access: "signed_in",
      request: {
        body: jsonBody(
          z
            .object({ password: z.string().min(1, "enter your password").max(INPUT_LIMITS.passwordLength) })
            .strict(),
        ),
      },
      responses: { 204: { description: "Two-factor sign-in is off" } },
    }),
    async (c) => {
      await turnOffTwoFactor({
        ctx: serviceCtx(c),
        input: { password: c.req.valid("json").password, address: clientAddress(c) },
      });
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/users/{id}/two-factor",
      tags: ["Users"],
      summary:
        "Turn off the two-factor sign-in of a user of your organisation who has lost their authenticator app and recovery codes; they set it up again",
      access: "user.manage",
      request: { params: idParam },
      responses: { 204: { description: "Two-factor sign-in is off for them" } },
    }),
    async (c) => {
      await resetTwoFactor({ ctx: serviceCtx(c), input: { userId: c.req.valid("param").id } });
      return c.body(null, 204);
    },
  );
