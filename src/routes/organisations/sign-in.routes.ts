// An organisation's sign-in settings: single sign-on (OpenID Connect), passwords, two-factor. Its admins only.

import { serviceCtx } from "../../middleware/access.js";
import { INPUT_LIMITS } from "../../model/limits.js";
import { getSignInSettings, putSignInSettings } from "../../services/auth/sign-in-settings.js";
import { createRouter, defineRoute, idParam, jsonBody, jsonResponse, z } from "../openapi.js";

const settingsSchema = z
  .object({
    oidc: z
      .object({
        issuer: z.string(),
        clientId: z.string(),
        emailDomains: z.array(z.string()),
        /** Whether a client secret is stored. The secret itself is never returned. */
        clientSecretSet: z.boolean(),
      })
      .nullable(),
    passwordSignIn: z.boolean(),
    requireTwoFactor: z.boolean(),
  })
  .openapi("SignInSettings");

const putBody = z
  .object({
    oidc: z
      .object({
        issuer: z
          .string()
          .trim()
          .min(1, "enter the identity provider's address")
          .max(INPUT_LIMITS.oidcIssuerLength),
        clientId: z.string().trim().min(1, "enter the client id").max(INPUT_LIMITS.oidcClientIdLength),
        /** Leave out to keep the stored secret (same issuer and client id). */
        clientSecret: z.string().min(1).max(INPUT_LIMITS.oidcClientSecretLength).optional(),
        emailDomains: z.array(z.string().max(253)).max(50),
      })
      .strict()
      .nullable(),
    passwordSignIn: z.boolean(),
    requireTwoFactor: z.boolean().optional(),
  })
  .strict();

export const signInSettingsRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/organisations/{id}/sign-in",
      tags: ["Organisations"],
      summary: "Your organisation's sign-in settings (the client secret is never returned)",
      access: "sign_in.manage",
      request: { params: idParam },
      responses: { 200: jsonResponse(settingsSchema, "Sign-in settings") },
    }),
    async (c) =>
      c.json(
        await getSignInSettings({ ctx: serviceCtx(c), input: { organisationId: c.req.valid("param").id } }),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/organisations/{id}/sign-in",
      tags: ["Organisations"],
      summary:
        "Set your organisation's sign-in: single sign-on through an OpenID Connect provider for its email domains, and whether passwords are allowed",
      access: "sign_in.manage",
      request: { params: idParam, body: jsonBody(putBody) },
      responses: { 200: jsonResponse(settingsSchema, "Saved") },
    }),
    async (c) => {
      const deps = c.get("deps");
      const saved = await putSignInSettings({
        ctx: {
          ...serviceCtx(c),
          allowInsecureIssuer: deps.env.OIDC_ALLOW_INSECURE_ISSUER,
          outbound: deps.outbound,
        },
        input: { ...c.req.valid("json"), organisationId: c.req.valid("param").id },
      });
      return c.json(saved, 200);
    },
  );
