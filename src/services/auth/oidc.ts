// Single sign-on with OpenID Connect through the maintained openid-client library: the authorisation
// code flow with PKCE, state and nonce. A verified email that matches an active user of the
// organisation signs them in; anything else is refused with the reason. No account is ever created here.
import { eq, sql } from "drizzle-orm";
import * as client from "openid-client";
import { organisationSignIn, signInDomains, users } from "../../db/schema/index.js";
import { decryptSecret } from "../../lib/crypto.js";
import { AppError } from "../../lib/errors.js";
import { InwardAddress, type Outbound, publicAddresses, refuseInward } from "../../lib/outbound.js";
import type { PublicCtx, ServiceDeps } from "../context.js";
import { type SignInFlowKind, startFlow } from "./sign-in-flows.js";
import {
  checkThrottle,
  recordFailure,
  SSO_ISSUER_RULE,
  SSO_START_RULE,
  ssoIssuerKey,
  ssoStartKey,
} from "./throttle.js";

export const OIDC_CALLBACK_PATH = "/sign-in/oidc/callback";

/** What single sign-on needs beyond signing in: whether to allow a test provider, and how to reach out. */
export interface OidcReach {
  /** Also lets an http:// provider, and one on loopback, be used: tests only (OIDC_ALLOW_INSECURE_ISSUER). */
  allowInsecureIssuer: boolean;
  outbound: Outbound;
}
export type OidcCtx = PublicCtx & Pick<ServiceDeps, "secret"> & OidcReach;

/** Why a single sign-on was refused, in words for the person it happened to. */
export class SsoRefused extends AppError {
  constructor(message: string) {
    super("forbidden", message);
  }
}

const domainOf = (email: string) => email.trim().toLowerCase().split("@").at(-1) ?? "";

/** The organisation whose single sign-on covers this email address, if any. */
export async function ssoOrganisationFor({
  ctx,
  input,
}: {
  ctx: Pick<PublicCtx, "db">;
  input: { email: string };
}) {
  const domain = domainOf(input.email);
  if (!domain) return null;
  const [row] = await ctx.db
    .select({
      organisationId: signInDomains.organisationId,
      passwordSignIn: organisationSignIn.passwordSignIn,
    })
    .from(signInDomains)
    .innerJoin(organisationSignIn, eq(organisationSignIn.organisationId, signInDomains.organisationId))
    .where(eq(signInDomains.domain, domain));
  return row ?? null;
}

/** The endpoints the server itself fetches (the browser alone visits the authorization endpoint). */
const FETCHED_ENDPOINTS = ["token_endpoint", "userinfo_endpoint", "jwks_uri"] as const;
const ENDPOINT_NAMES: Record<(typeof FETCHED_ENDPOINTS)[number], string> = {
  token_endpoint: "token endpoint",
  userinfo_endpoint: "userinfo endpoint",
  jwks_uri: "key set (jwks_uri)",
};

/** The provider's address, or an address its discovery document names, points inside the network. */
class ProviderInward extends Error {
  constructor(
    readonly what: string,
    readonly cause: InwardAddress,
  ) {
    super(`${what} ${cause.message}`);
  }
}

/** Discovery documents, per process for a few minutes: a sign-on start then asks the provider nothing. */
const DISCOVERY_TTL_MS = 5 * 60_000;
const discovered = new Map<string, { until: number; metadata: client.ServerMetadata }>();

/**
 * Fetches the provider's discovery document and checks the endpoints it names. The issuer is checked where
 * it is connected to (Node: by the connection itself, pinned; elsewhere: resolved first), each endpoint
 * before it is kept. Throws ProviderInward, or whatever fetching threw.
 */
async function discoverProvider(
  deps: { outbound: Outbound; allowInsecureIssuer: boolean },
  issuer: URL,
  timeoutSeconds = 10,
): Promise<client.ServerMetadata> {
  const allowLoopback = deps.allowInsecureIssuer;
  const inward = (what: string) => (e: unknown) => {
    throw e instanceof InwardAddress ? new ProviderInward(what, e) : e;
  };
  if (!deps.outbound.fetch)
    await publicAddresses(issuer.hostname, deps.outbound.resolve, allowLoopback).catch(inward("its address"));
  const options: client.DiscoveryRequestOptions = { timeout: timeoutSeconds };
  if (issuer.protocol === "http:") options.execute = [client.allowInsecureRequests];
  if (deps.outbound.fetch) options[client.customFetch] = deps.outbound.fetch as client.CustomFetch;
  const found = await client
    .discovery(issuer, "withus", undefined, undefined, options)
    .catch((e: unknown) => {
      // The pinned fetch refuses at connect time; undici and openid-client wrap the reason.
      const inner = inwardCause(e);
      throw inner ? new ProviderInward("its address", inner) : e;
    });
  const metadata = found.serverMetadata();
  for (const key of FETCHED_ENDPOINTS) {
    const value = metadata[key];
    if (typeof value !== "string") continue;
    const host = URL.canParse(value) ? new URL(value).hostname : "";
    await refuseInward(host, deps.outbound.resolve, allowLoopback).catch(
      inward(`its ${ENDPOINT_NAMES[key]}`),
    );
  }
  return metadata;
}

function inwardCause(e: unknown): InwardAddress | undefined {
  for (let c = e, depth = 0; c && depth < 6; c = (c as { cause?: unknown }).cause, depth++)
    if (c instanceof InwardAddress) return c;
  return undefined;
}

/** Forgets a provider's document (its settings were saved again). */
function forgetProvider(issuer: string) {
  for (const key of discovered.keys()) if (key.endsWith(` ${issuer}`)) discovered.delete(key);
}

/**
 * For saving an organisation's settings: why WithUs will not use this issuer (it, or an endpoint its
 * discovery document names, points inside), or null. A provider that cannot be reached now is not refused
 * for that: sign-in checks it again, and says so if it still cannot be reached.
 */
export async function issuerRefusal(
  deps: { outbound: Outbound; allowInsecureIssuer: boolean },
  issuer: URL,
): Promise<string | null> {
  const inside = "is inside a private network (or is this server), and WithUs does not connect there";
  try {
    await refuseInward(issuer.hostname, deps.outbound.resolve, deps.allowInsecureIssuer);
  } catch (e) {
    if (e instanceof InwardAddress)
      return `must be an identity provider on the internet: ${issuer.host} ${inside}`;
    throw e;
  }
  forgetProvider(issuer.href);
  try {
    await discoverProvider(deps, issuer, 5);
  } catch (e) {
    if (e instanceof ProviderInward)
      return `must be an identity provider on the internet: ${e.what === "its address" ? issuer.host : `${e.what} in its discovery document`} ${inside}`;
  }
  return null;
}

async function configuration(deps: OidcCtx, organisationId: string) {
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
  const key = `${deps.allowInsecureIssuer} ${issuer.href}`;
  let metadata = discovered.get(key);
  if (!metadata || metadata.until <= Date.now()) {
    // Only fetches count against the provider's host: an anonymous visitor cannot make the server ask a
    // host (say, one that never answers a discovery document) more than a few times an hour.
    const hostKey = ssoIssuerKey(issuer.host);
    await checkThrottle(deps.db, [hostKey], deps.now);
    await recordFailure(deps.db, hostKey, SSO_ISSUER_RULE, deps.now);
    try {
      metadata = { until: Date.now() + DISCOVERY_TTL_MS, metadata: await discoverProvider(deps, issuer) };
    } catch (e) {
      if (e instanceof ProviderInward)
        throw new SsoRefused(
          "Your organisation's single sign-on names an address inside a private network, so WithUs will not use it. Ask your administrator to check the identity provider's address.",
        );
      throw new SsoRefused("Your organisation's identity provider could not be reached. Try again later.");
    }
    discovered.set(key, metadata);
  }
  const config = new client.Configuration(
    metadata.metadata,
    row.oidcClientId,
    await decryptSecret(deps.secret, row.oidcClientSecret),
  );
  if (insecure) client.allowInsecureRequests(config);
  if (deps.outbound.fetch) config[client.customFetch] = deps.outbound.fetch as client.CustomFetch;
  return config;
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
export async function beginSso({
  ctx: deps,
  input,
}: {
  ctx: OidcCtx;
  input: { organisationId: string; email: string; redirectUri: string; next?: string; address: string };
}) {
  // Each start may cost a discovery fetch and a flow row: limited per visitor's address.
  const startKey = ssoStartKey(input.address);
  await checkThrottle(deps.db, [startKey], deps.now);
  await recordFailure(deps.db, startKey, SSO_START_RULE, deps.now);
  const config = await configuration(deps, input.organisationId);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const kind: SignInFlowKind = "oidc";
  const flow = await startFlow({
    ctx: deps,
    input: {
      kind,
      organisationId: input.organisationId,
      data: {
        state,
        nonce,
        verifier,
        redirectUri: input.redirectUri,
        ...(input.next ? { next: input.next } : {}),
      },
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
export async function finishSso({
  ctx: deps,
  input: { flow, callbackQuery },
}: {
  ctx: OidcCtx;
  input: { flow: { organisationId: string | null; data: Record<string, string> }; callbackQuery: string };
}) {
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
