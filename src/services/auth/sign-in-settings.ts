// An organisation's sign-in rules, set by its admin: single sign-on through its OpenID Connect identity
// provider for its email domains, whether passwords are allowed, whether two-factor is required.
// The client secret is stored encrypted and never returned.
import { and, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import {
  domainClaims,
  organisationSignIn,
  organisations,
  sessions,
  signInDomains,
  users,
} from "../../db/schema/index.js";
import { encryptSecret } from "../../lib/crypto.js";
import { notFound, validation } from "../../lib/errors.js";
import { normaliseDomain } from "../../model/email-domains.js";
import { INPUT_LIMITS } from "../../model/limits.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx, ServiceDeps } from "../context.js";
import { domainFieldProblems } from "../organisations/domain-claims.js";
import { issuerRefusal, type OidcReach } from "./oidc.js";

export interface SignInSettingsInput {
  oidc: { issuer: string; clientId: string; clientSecret?: string; emailDomains: string[] } | null;
  passwordSignIn: boolean;
  requireTwoFactor?: boolean;
}

export interface SignInSettingsView {
  oidc: { issuer: string; clientId: string; emailDomains: string[]; clientSecretSet: boolean } | null;
  passwordSignIn: boolean;
  requireTwoFactor: boolean;
}

/** The admin's own organisation only: any other is "not found". */
function ownOrganisation(ctx: ServiceCtx, organisationId: string) {
  if (organisationId !== ctx.actor.organisationId) throw notFound("organisation");
}

/** The domain of a user's email address, in SQL. */
const emailDomain = sql<string>`lower(split_part(${users.email}, '@', 2))`;

async function readSignInSettings(db: DbOrTx, organisationId: string): Promise<SignInSettingsView> {
  const [row] = await db
    .select()
    .from(organisationSignIn)
    .where(eq(organisationSignIn.organisationId, organisationId));
  const domains = await db
    .select({ domain: signInDomains.domain })
    .from(signInDomains)
    .where(eq(signInDomains.organisationId, organisationId));
  return {
    oidc:
      row?.oidcIssuer && row.oidcClientId
        ? {
            issuer: row.oidcIssuer,
            clientId: row.oidcClientId,
            emailDomains: domains.map((d) => d.domain).sort(),
            clientSecretSet: Boolean(row.oidcClientSecret),
          }
        : null,
    passwordSignIn: row?.passwordSignIn ?? true,
    requireTwoFactor: row?.requireTwoFactor ?? false,
  };
}

export async function getSignInSettings({
  ctx,
  input: { organisationId },
}: {
  ctx: ServiceCtx;
  input: { organisationId: string };
}) {
  ownOrganisation(ctx, organisationId);
  return readSignInSettings(ctx.db, organisationId);
}

export async function putSignInSettings({
  ctx,
  input: { organisationId, ...input },
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "secret"> & OidcReach;
  input: SignInSettingsInput & { organisationId: string };
}) {
  const deps = ctx;
  ownOrganisation(ctx, organisationId);
  const errors: Array<{ path: string; message: string }> = [];
  const oidc = input.oidc;
  let domains: string[] = [];
  if (oidc) {
    let url: URL | null = null;
    try {
      url = new URL(oidc.issuer);
    } catch {
      errors.push({
        path: "oidc/issuer",
        message: "must be the identity provider's address, like https://login.example.org",
      });
    }
    if (url && url.protocol !== "https:" && !(url.protocol === "http:" && deps.allowInsecureIssuer))
      errors.push({ path: "oidc/issuer", message: "must start with https://" });
    else if (url) {
      // The server fetches from this address (and from those its discovery document names) when anyone
      // starts signing in: never somewhere inside its own network.
      const refusal = await issuerRefusal(deps, url);
      if (refusal) errors.push({ path: "oidc/issuer", message: refusal });
    }
    if (!oidc.clientId.trim()) errors.push({ path: "oidc/clientId", message: "enter the client id" });
    const lengths = [
      ["oidc/issuer", oidc.issuer, INPUT_LIMITS.oidcIssuerLength],
      ["oidc/clientId", oidc.clientId, INPUT_LIMITS.oidcClientIdLength],
      ["oidc/clientSecret", oidc.clientSecret ?? "", INPUT_LIMITS.oidcClientSecretLength],
    ] as const;
    for (const [path, value, max] of lengths)
      if (value.length > max) errors.push({ path, message: `must be at most ${max} characters` });
    domains = [...new Set(oidc.emailDomains.map((d) => normaliseDomain(d)).filter(Boolean))];
    if (!domains.length)
      errors.push({
        path: "oidc/emailDomains",
        message: "name at least one email domain, like council.gov.uk",
      });
    domains.forEach((d, i) => {
      errors.push(...domainFieldProblems(d, `oidc/emailDomains/${i}`));
    });
  }
  if (!oidc && !input.passwordSignIn)
    errors.push({ path: "passwordSignIn", message: "can be turned off only when single sign-on is set up" });
  else if (!input.passwordSignIn && !domains.includes(ctx.actor.email.toLowerCase().split("@").at(-1) ?? ""))
    errors.push({
      path: "passwordSignIn",
      message:
        "can be turned off only when your own email domain signs in through single sign-on, or you would be locked out",
    });
  else if (!input.passwordSignIn) {
    // Everyone else in the organisation too: with passwords off, an address outside the domains has no way in.
    const outside = await ctx.db
      .select({ email: users.email })
      .from(users)
      .where(
        and(
          eq(users.organisationId, organisationId),
          eq(users.active, true),
          notInArray(emailDomain, domains),
        ),
      )
      .orderBy(users.email)
      .limit(4);
    if (outside.length)
      errors.push({
        path: "passwordSignIn",
        message: `can be turned off only when everyone in your organisation has an address in these domains: ${outside
          .slice(0, 3)
          .map((u) => u.email)
          .join(
            ", ",
          )}${outside.length > 3 ? " and others" : ""} could not sign in. Add their domain, or deactivate them first`,
      });
  }
  if (errors.length) throw validation(errors);

  const before = await readSignInSettings(ctx.db, organisationId);
  const [stored] = await ctx.db
    .select()
    .from(organisationSignIn)
    .where(eq(organisationSignIn.organisationId, organisationId));
  // A blank secret keeps the stored one, so an admin changing a domain need not know the secret.
  const secret = oidc?.clientSecret
    ? await encryptSecret(deps.secret, oidc.clientSecret)
    : oidc &&
        stored?.oidcClientSecret &&
        stored.oidcIssuer === oidc.issuer &&
        stored.oidcClientId === oidc.clientId
      ? stored.oidcClientSecret
      : null;
  if (oidc && !secret) throw validation([{ path: "oidc/clientSecret", message: "enter the client secret" }]);

  return withTransaction(ctx.db, async (tx) => {
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
    if (!org) throw notFound("organisation");
    if (domains.length) {
      // A domain another organisation signs in, or holds by an approved claim, is not this one's. Whether
      // people elsewhere have addresses at it makes no difference: that is for the domain claim to settle
      // (the operator moves or deactivates them), and the answer here must not say whether they do.
      const taken = await tx
        .select({ domain: signInDomains.domain })
        .from(signInDomains)
        .where(and(inArray(signInDomains.domain, domains), ne(signInDomains.organisationId, organisationId)));
      const held = await tx
        .select({ domain: domainClaims.domain })
        .from(domainClaims)
        .where(
          and(
            inArray(domainClaims.domain, domains),
            eq(domainClaims.status, "approved"),
            ne(domainClaims.organisationId, organisationId),
          ),
        );
      const notOurs = new Set([...taken, ...held].map((t) => t.domain));
      if (notOurs.size)
        throw validation(
          domains.flatMap((d, i) =>
            notOurs.has(d)
              ? [
                  {
                    path: `oidc/emailDomains/${i}`,
                    message: `${d} is another organisation's on WithUs. If it is yours, ask the service operator through a domain claim`,
                  },
                ]
              : [],
          ),
        );
    }
    const values = {
      oidcIssuer: oidc?.issuer ?? null,
      oidcClientId: oidc?.clientId ?? null,
      oidcClientSecret: secret,
      passwordSignIn: input.passwordSignIn,
      requireTwoFactor: input.requireTwoFactor ?? before.requireTwoFactor,
      updatedAt: ctx.now,
    };
    await tx
      .insert(organisationSignIn)
      .values({ organisationId, ...values })
      .onConflictDoUpdate({ target: organisationSignIn.organisationId, set: values });
    await endPasswordSessions(tx, organisationId, {
      passwordsOff: before.passwordSignIn && !values.passwordSignIn,
      twoFactorRequired: !before.requireTwoFactor && values.requireTwoFactor,
    });
    await tx.delete(signInDomains).where(eq(signInDomains.organisationId, organisationId));
    if (domains.length)
      await tx.insert(signInDomains).values(domains.map((domain) => ({ domain, organisationId })));
    const after = await readSignInSettings(tx, organisationId);
    await recordAudit(tx, ctx, {
      action: "organisation.sign_in_settings",
      entityType: "organisation",
      entityId: organisationId,
      organisationId,
      before,
      after,
    });
    return after;
  });
}

/**
 * When an organisation turns passwords off, its sessions made with a password end; when it starts requiring
 * two-factor sign-in, those made with a password alone do. Sessions through single sign-on, and API
 * tokens, go on. Sessions made before sessions recorded how count as password sessions.
 */
async function endPasswordSessions(
  tx: DbOrTx,
  organisationId: string,
  change: { passwordsOff: boolean; twoFactorRequired: boolean },
) {
  if (!change.passwordsOff && !change.twoFactorRequired) return;
  await tx
    .delete(sessions)
    .where(
      and(
        eq(sessions.method, "password"),
        change.passwordsOff ? undefined : eq(sessions.secondFactor, false),
        inArray(
          sessions.userId,
          tx.select({ id: users.id }).from(users).where(eq(users.organisationId, organisationId)),
        ),
      ),
    );
}
