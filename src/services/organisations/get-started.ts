// "Get started": what the first administrator has still to do, each step read from the state it names
// (the organisation's name, its other users, its sign-in settings, its contracts); nothing is stored as done.
import { and, count, eq, ne } from "drizzle-orm";
import { contracts, organisationSignIn, organisations, users } from "../../db/schema/index.js";
import { forbidden, notFound } from "../../lib/errors.js";
import { can } from "../../model/access-policy.js";
import { FIRST_ORGANISATION_NAME } from "../bootstrap/first-admin.js";
import type { ServiceCtx } from "../context.js";

interface GettingStarted {
  organisation: { id: string; name: string };
  /** Renamed from the name the first start gave it. */
  renamed: boolean;
  /** How many other people are in the organisation, invited or signed up. */
  colleagues: number;
  /** How people sign in, once it has been chosen: single sign-on saved, or passwords only. */
  signIn: "single_sign_on" | "passwords_only" | null;
  contracts: number;
}

export async function gettingStarted({ ctx }: { ctx: ServiceCtx; input?: Record<string, never> }) {
  if (!can(ctx.actor, "user.manage") || !ctx.actor.organisationId) throw forbidden();
  const organisationId = ctx.actor.organisationId;
  const [org] = await ctx.db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!org) throw notFound("organisation");
  const [[others], [settings], [let_]] = await Promise.all([
    ctx.db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.organisationId, organisationId), ne(users.id, ctx.actor.userId ?? ""))),
    ctx.db
      .select({ issuer: organisationSignIn.oidcIssuer, clientId: organisationSignIn.oidcClientId })
      .from(organisationSignIn)
      .where(eq(organisationSignIn.organisationId, organisationId)),
    ctx.db.select({ n: count() }).from(contracts).where(eq(contracts.organisationId, organisationId)),
  ]);
  return {
    organisation: org,
    renamed: org.name !== FIRST_ORGANISATION_NAME,
    colleagues: Number(others?.n ?? 0),
    // Saved sign-in settings are a choice made: with an issuer, single sign-on; without, passwords only.
    signIn: settings ? (settings.issuer && settings.clientId ? "single_sign_on" : "passwords_only") : null,
    contracts: Number(let_?.n ?? 0),
  } satisfies GettingStarted;
}
