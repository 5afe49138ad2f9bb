// Single sign-on with OpenID Connect through the maintained openid-client library: the authorisation
// code flow with PKCE, state and nonce. A verified email that matches an active user of the
// organisation signs them in; anything else is refused with the reason. No account is ever created here.
import { eq, sql } from "drizzle-orm";
import * as client from "openid-client";
import type { DbOrTx } from "../../db/client.js";
import { organisationSignIn, signInDomains, users } from "../../db/schema/index.js";
import { decryptSecret } from "../../lib/crypto.js";
import { AppError } from "../../lib/errors.js";
import { type SignInFlowKind, startFlow } from "./sign-in-flows.js";

export const OIDC_CALLBACK_PATH = "/sign-in/oidc/callback";

export interface OidcDeps {
  db: DbOrTx;
  secret: string;
  now: Date;
  allowInsecureIssuer: boolean;
}

/** Why a single sign-on was refused, in words for the person it happened to. */
export class SsoRefused extends AppError {
  constructor(message: string) {
    super("forbidden", message);
  }
}

const domainOf = (email: string) => email.trim().toLowerCase().split("@").at(-1) ?? "";

/** The organisation whose single sign-on covers this email address, if any. */
export async function ssoOrganisationFor(db: DbOrTx, email: string) {
  const domain = domainOf(email);
  if (!domain) return null;
  const [row] = await db
    .select({
      organisationId: signInDomains.organisationId,
      passwordSignIn: organisationSignIn.passwordSignIn,
    })
    .from(signInDomains)
    .innerJoin(organisationSignIn, eq(organisationSignIn.organisationId, signInDomains.organisationId))
    .where(eq(signInDomains.domain, domain));
  return row ?? null;
}

async function configuration(deps: OidcDeps, organisationId: string) {
  const [row] = await deps.db
    .select()
    .from(organisationSignIn)
    .where(eq(organisationSignIn.organisationId, organisationId));
  if (!row?.oidcIssuer || !row.oidcClientId || !row.oidcClientSecret)
    throw new SsoRefused("Your organisation's single sign-on is not set up. Ask your administrator.");
  const issuer = new URL(row.oidcIssuer);
  const insecure = issuer.protocol === "http:";
  if (insecure && !deps.allowInsecureIssuer)
    throw new SsoRefused(
      "Your organisation's identity provider does not use https, so WithUs will not use it.",
    );
  try {
    return await client.discovery(
      issuer,
      row.oidcClientId,
      await decryptSecret(deps.secret, row.oidcClientSecret),
      undefined,
      insecure ? { execute: [client.allowInsecureRequests] } : undefined,
    );
  } catch {
    throw new SsoRefused("Your organisation's identity provider could not be reached. Try again later.");
  }
}

/**
 * Whether the identity provider vouches for the email address: `email_verified: true`, the standard claim
 * (Google Workspace and most providers). Microsoft Entra ID never sends it for work accounts; in its place,
 * and only when the answer has no email_verified at all, its optional claim `xms_edov: true` says the
 * address's domain is one the organisation's own tenant has proved it owns. The domain must still be one
 * this organisation signs in (checked after).
 */
function emailVerified(claims: Record<string, unknown>): boolean {
  if ("email_verified" in claims) return claims.email_verified === true;
  return claims.xms_edov === true;
}

/** Starts single sign-on: the flow to remember (by cookie) and the identity provider's address to go to. */
export async function beginSso(
  deps: OidcDeps,
  input: { organisationId: string; email: string; redirectUri: string; next?: string },
) {
  const config = await configuration(deps, input.organisationId);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const kind: SignInFlowKind = "oidc";
  const flow = await startFlow(deps.db, deps.secret, deps.now, {
    kind,
    organisationId: input.organisationId,
    data: {
      state,
      nonce,
      verifier,
      redirectUri: input.redirectUri,
      ...(input.next ? { next: input.next } : {}),
    },
  });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: "openid email",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    login_hint: input.email,
  });
  return { flow, url: url.href };
}

/**
 * Finishes single sign-on for a flow already taken (used once) by the caller: exchanges the code (the
 * library checks state, nonce, PKCE and the ID token), then matches the verified email to an active
 * user of the organisation.
 */
export async function finishSso(
  deps: OidcDeps,
  flow: { organisationId: string | null; data: Record<string, string> },
  callbackQuery: string,
) {
  if (!flow.organisationId || !flow.data.redirectUri)
    throw new SsoRefused("This sign-in was not started here.");
  const config = await configuration(deps, flow.organisationId);
  // The address the provider sent the person back to, as we gave it (behind a proxy the request's own differs).
  const current = new URL(flow.data.redirectUri);
  current.search = callbackQuery;
  let claims: Record<string, unknown> | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.data.verifier,
      expectedState: flow.data.state,
      expectedNonce: flow.data.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    claims = idToken;
    // Many providers put the email in the ID token; others (oidc-provider by default) only at userinfo.
    if (idToken && typeof idToken.email !== "string")
      claims = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
  } catch (e) {
    if (e instanceof client.AuthorizationResponseError)
      throw new SsoRefused(`Your organisation's sign-in did not complete (${e.error}). Try again.`);
    throw new SsoRefused(
      "The answer from your organisation's sign-in could not be checked, so you have not been signed in. Start again.",
    );
  }
  const email = typeof claims?.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!email) throw new SsoRefused("Your organisation's sign-in did not tell us your email address.");
  if (!emailVerified(claims ?? {}))
    throw new SsoRefused(
      "Your organisation's sign-in has not confirmed your email address, so WithUs cannot match it to an account.",
    );
  const [domain] = await deps.db
    .select()
    .from(signInDomains)
    .where(eq(signInDomains.domain, domainOf(email)));
  if (domain?.organisationId !== flow.organisationId)
    throw new SsoRefused(`${email} is not an address your organisation signs in through this route.`);
  const [user] = await deps.db.select().from(users).where(sql`lower(${users.email}) = ${email}`);
  if (!user || user.organisationId !== flow.organisationId)
    throw new SsoRefused(`There is no WithUs account for ${email}. Ask your administrator to invite you.`);
  if (!user.active)
    throw new SsoRefused(`The WithUs account for ${email} has been deactivated. Ask your administrator.`);
  return user;
}
