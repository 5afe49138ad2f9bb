// Email domain claims: an organisation's administrator asks for a domain to be the organisation's; the
// service operator approves or refuses, seeing the accounts other organisations have at the domain, and
// moves them to the claiming organisation or deactivates them. No account elsewhere can veto a claim.
// Once a domain is approved, a new account at it belongs to the claiming organisation or to one the claim
// allows (claimedDomainProblem, asked by createUser).
import { and, asc, desc, eq, inArray, isNull, ne, notInArray, sql } from "drizzle-orm";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import {
  apiTokens,
  domainClaimAllowed,
  domainClaims,
  organisations,
  type Role,
  sessions,
  signInDomains,
  users,
} from "../../db/schema/index.js";
import { conflict, type FieldError, notFound, validation } from "../../lib/errors.js";
import { roleFitsKind, rolesForKind } from "../../model/access-policy.js";
import {
  DOMAIN_PATTERN,
  type DomainClaimStatus,
  domainOf,
  isSharedDomain,
  normaliseDomain,
} from "../../model/email-domains.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { organisationScope } from "./organisations.js";

export interface DomainClaimView {
  id: string;
  domain: string;
  status: DomainClaimStatus;
  organisationId: string;
  organisationName: string;
  /** Other organisations whose people may have accounts at the domain. */
  allowedOrganisations: Array<{ id: string; name: string }>;
  createdAt: string;
  decidedAt: string | null;
}

/** An account of another organisation at a claimed domain: the operator moves or deactivates it. */
interface ConflictingAccount {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  organisationId: string;
  organisationName: string;
}

type ClaimRow = typeof domainClaims.$inferSelect;

/** The refusal of a domain that cannot be anyone's, or is not a domain: 422 at the field. */
export function domainFieldProblems(domain: string, path: string): FieldError[] {
  if (!DOMAIN_PATTERN.test(domain)) return [{ path, message: `${domain || "this"} is not an email domain` }];
  if (isSharedDomain(domain))
    return [
      {
        path,
        message: `${domain} is shared by many organisations or people, so it cannot be one organisation's`,
      },
    ];
  return [];
}

/** The domain of an email address, in SQL. */
const userDomain = sql<string>`lower(split_part(${users.email}, '@', 2))`;

async function viewsOf(db: DbOrTx, rows: ClaimRow[]): Promise<DomainClaimView[]> {
  if (!rows.length) return [];
  const orgIds = [...new Set(rows.map((r) => r.organisationId))];
  const allowed = await db
    .select({ claimId: domainClaimAllowed.claimId, id: organisations.id, name: organisations.name })
    .from(domainClaimAllowed)
    .innerJoin(organisations, eq(organisations.id, domainClaimAllowed.organisationId))
    .where(
      inArray(
        domainClaimAllowed.claimId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(organisations.name));
  const names = new Map(
    (
      await db
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(inArray(organisations.id, orgIds))
    ).map((o) => [o.id, o.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    domain: r.domain,
    status: r.status,
    organisationId: r.organisationId,
    organisationName: names.get(r.organisationId) ?? "",
    allowedOrganisations: allowed.filter((a) => a.claimId === r.id).map(({ id, name }) => ({ id, name })),
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  }));
}

/** An organisation the caller may act for (their own; any for the operator), else 404. */
async function organisationFor(ctx: ServiceCtx, organisationId: string) {
  const [org] = await ctx.db
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, organisationId), organisationScope(ctx.actor)));
  if (!org) throw notFound("organisation");
  return org;
}

/**
 * Asks for a domain to be the organisation's. Whether anyone elsewhere has an account at it, or another
 * organisation has asked for it, makes no difference to the answer: the operator weighs that.
 */
export async function requestDomainClaim({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { organisationId: string; domain: string; allowedOrganisationIds?: string[] };
}): Promise<DomainClaimView> {
  const org = await organisationFor(ctx, input.organisationId);
  const domain = normaliseDomain(input.domain);
  const allowedIds = [...new Set(input.allowedOrganisationIds ?? [])].filter((id) => id !== org.id);
  const errors = domainFieldProblems(domain, "domain");
  const found = allowedIds.length
    ? (
        await ctx.db
          .select({ id: organisations.id })
          .from(organisations)
          .where(inArray(organisations.id, allowedIds))
      ).map((o) => o.id)
    : [];
  allowedIds.forEach((id, i) => {
    if (!found.includes(id))
      errors.push({ path: `allowedOrganisationIds/${i}`, message: "is not an organisation on WithUs" });
  });
  if (errors.length) throw validation(errors);
  return withTransaction(ctx.db, async (tx) => {
    const [mine] = await tx
      .select({ status: domainClaims.status })
      .from(domainClaims)
      .where(
        and(
          eq(domainClaims.domain, domain),
          eq(domainClaims.organisationId, org.id),
          inArray(domainClaims.status, ["requested", "approved"]),
        ),
      );
    if (mine?.status === "approved") throw conflict(`${domain} is already your organisation's.`);
    if (mine)
      throw conflict(`You have already asked for ${domain}; the service operator has not decided yet.`);
    const [row] = await tx
      .insert(domainClaims)
      .values({ domain, organisationId: org.id, requestedBy: ctx.actor.userId, createdAt: ctx.now })
      .returning();
    if (allowedIds.length)
      await tx
        .insert(domainClaimAllowed)
        .values(allowedIds.map((organisationId) => ({ claimId: row!.id, organisationId })));
    const [view] = await viewsOf(tx, [row!]);
    await recordAudit(tx, ctx, {
      action: "domain_claim.request",
      entityType: "domain_claim",
      entityId: row!.id,
      organisationId: org.id,
      after: view,
    });
    return view!;
  });
}

/** An organisation's own claims, newest first. */
export async function listOrganisationDomainClaims({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { organisationId: string };
}) {
  const org = await organisationFor(ctx, input.organisationId);
  const rows = await ctx.db
    .select()
    .from(domainClaims)
    .where(eq(domainClaims.organisationId, org.id))
    .orderBy(desc(domainClaims.createdAt));
  return viewsOf(ctx.db, rows);
}

/** Every claim, for the operator: those waiting first, then the rest newest first. */
export async function listDomainClaims({ ctx }: { ctx: ServiceCtx; input?: Record<string, never> }) {
  const rows = await ctx.db
    .select()
    .from(domainClaims)
    .orderBy(sql`${domainClaims.status} = 'requested' desc`, desc(domainClaims.createdAt));
  return viewsOf(ctx.db, rows);
}

async function claimRow(db: DbOrTx, id: string, forUpdate = false) {
  const q = db.select().from(domainClaims).where(eq(domainClaims.id, id));
  const [row] = forUpdate ? await q.for("update") : await q;
  if (!row) throw notFound("domain claim");
  return row;
}

/** The accounts at the domain in organisations that are neither the claimant nor allowed. */
async function conflictsOf(db: DbOrTx, claim: ClaimRow, view: DomainClaimView) {
  const mayHave = [claim.organisationId, ...view.allowedOrganisations.map((o) => o.id)];
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      organisationId: users.organisationId,
      organisationName: organisations.name,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(userDomain, claim.domain), notInArray(users.organisationId, mayHave)))
    .orderBy(asc(organisations.name), asc(sql`lower(${users.email})`));
}

/** A claim with the accounts in its way, and the organisation (if any) whose single sign-on covers it. */
export async function getDomainClaim({ ctx, input }: { ctx: ServiceCtx; input: { id: string } }) {
  const row = await claimRow(ctx.db, input.id);
  const [view] = await viewsOf(ctx.db, [row]);
  const conflicts: ConflictingAccount[] = await conflictsOf(ctx.db, row, view!);
  const [sso] = await ctx.db
    .select({ id: organisations.id, name: organisations.name })
    .from(signInDomains)
    .innerJoin(organisations, eq(organisations.id, signInDomains.organisationId))
    .where(and(eq(signInDomains.domain, row.domain), ne(signInDomains.organisationId, row.organisationId)));
  const [holder] = await ctx.db
    .select({ id: organisations.id, name: organisations.name })
    .from(domainClaims)
    .innerJoin(organisations, eq(organisations.id, domainClaims.organisationId))
    .where(
      and(
        eq(domainClaims.domain, row.domain),
        eq(domainClaims.status, "approved"),
        ne(domainClaims.id, row.id),
      ),
    );
  return {
    ...view!,
    conflicts,
    /** Another organisation whose single sign-on covers the domain: approving takes the domain from it. */
    otherSingleSignOn: sso ?? null,
    /** Another organisation that holds the domain now: approving takes it from them. */
    heldBy: holder ?? null,
  };
}

/**
 * Approves or refuses a claim that is waiting. Approving makes the domain this organisation's: an earlier
 * approved claim by another organisation ends, and another organisation's single sign-on stops covering it.
 */
export async function decideDomainClaim({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { id: string; decision: "approve" | "refuse" };
}) {
  await withTransaction(ctx.db, async (tx) => {
    const row = await claimRow(tx, input.id, true);
    if (row.status !== "requested")
      throw conflict(`This claim was ${row.status} already; the organisation can ask again.`);
    const [before] = await viewsOf(tx, [row]);
    if (input.decision === "approve") {
      const ended = await tx
        .update(domainClaims)
        .set({ status: "refused", decidedBy: ctx.actor.userId, decidedAt: ctx.now })
        .where(and(eq(domainClaims.domain, row.domain), eq(domainClaims.status, "approved")))
        .returning();
      for (const e of ended)
        await recordAudit(tx, ctx, {
          action: "domain_claim.end",
          entityType: "domain_claim",
          entityId: e.id,
          organisationId: e.organisationId,
          before: { status: "approved" },
          after: { status: "refused", replacedBy: row.id },
        });
      const sso = await tx
        .delete(signInDomains)
        .where(
          and(eq(signInDomains.domain, row.domain), ne(signInDomains.organisationId, row.organisationId)),
        )
        .returning();
      for (const s of sso)
        await recordAudit(tx, ctx, {
          action: "organisation.sign_in_domain_removed",
          entityType: "organisation",
          entityId: s.organisationId,
          organisationId: s.organisationId,
          before: { domain: s.domain },
        });
    }
    const [after] = await tx
      .update(domainClaims)
      .set({
        status: input.decision === "approve" ? "approved" : "refused",
        decidedBy: ctx.actor.userId,
        decidedAt: ctx.now,
      })
      .where(eq(domainClaims.id, row.id))
      .returning();
    await recordAudit(tx, ctx, {
      action: `domain_claim.${input.decision}`,
      entityType: "domain_claim",
      entityId: row.id,
      organisationId: row.organisationId,
      before,
      after: (await viewsOf(tx, [after!]))[0],
    });
  });
  return getDomainClaim({ ctx, input: { id: input.id } });
}

/**
 * Moves an account in a claim's way into the claiming organisation (keeping its role when that
 * organisation's kind allows it, else the role given) or deactivates it. Either way its sessions end and its
 * API tokens are revoked: what it could see has changed.
 */
export async function resolveDomainConflict({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { claimId: string; userId: string; action: "move" | "deactivate"; role?: Role };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const claim = await claimRow(tx, input.claimId);
    const [view] = await viewsOf(tx, [claim]);
    const conflict = (await conflictsOf(tx, claim, view!)).find((u) => u.id === input.userId);
    if (!conflict) throw notFound("account at this domain");
    const [before] = await tx.select().from(users).where(eq(users.id, input.userId)).for("update");
    if (input.userId === ctx.actor.userId)
      throw validation([{ path: "userId", message: "is you: another operator must move or deactivate you" }]);
    let set: Partial<typeof users.$inferInsert>;
    if (input.action === "move") {
      const [org] = await tx.select().from(organisations).where(eq(organisations.id, claim.organisationId));
      const allowed = rolesForKind(org!.kind);
      const role = input.role ?? before!.role;
      if (!roleFitsKind(role, org!.kind))
        throw validation([
          {
            path: "role",
            message: `choose the role they will have at ${org!.name}: ${allowed.join(", ")}`,
          },
        ]);
      set = { organisationId: org!.id, role, invitedBy: null };
    } else set = { active: false };
    const [after] = await tx
      .update(users)
      .set({ ...set, updatedAt: ctx.now })
      .where(eq(users.id, input.userId))
      .returning();
    await tx.delete(sessions).where(eq(sessions.userId, input.userId));
    await tx
      .update(apiTokens)
      .set({ revokedAt: ctx.now })
      .where(and(eq(apiTokens.userId, input.userId), isNull(apiTokens.revokedAt)));
    // Both organisations keep the record: the one the account left and the claimant.
    for (const organisationId of new Set([before!.organisationId, claim.organisationId]))
      await recordAudit(tx, ctx, {
        action: input.action === "move" ? "user.move" : "user.update",
        entityType: "user",
        entityId: input.userId,
        organisationId,
        parentType: "domain_claim",
        parentId: claim.id,
        before,
        after,
      });
    return after!;
  });
}

/**
 * Why an address cannot have a new account in this organisation, or null: its domain is claimed, and
 * this organisation is neither the claimant nor allowed there. The words name the domain only, never who
 * holds it or whether the address has an account anywhere.
 */
export async function claimedDomainProblem(
  db: DbOrTx,
  organisationId: string,
  email: string,
): Promise<FieldError | null> {
  const domain = domainOf(email);
  const [claim] = await db
    .select({ id: domainClaims.id, organisationId: domainClaims.organisationId })
    .from(domainClaims)
    .where(and(eq(domainClaims.domain, domain), eq(domainClaims.status, "approved")));
  if (!claim || claim.organisationId === organisationId) return null;
  const [allowed] = await db
    .select()
    .from(domainClaimAllowed)
    .where(
      and(eq(domainClaimAllowed.claimId, claim.id), eq(domainClaimAllowed.organisationId, organisationId)),
    );
  if (allowed) return null;
  return {
    path: "email",
    message: `cannot join this organisation: addresses at ${domain} are kept for the organisation that uses that domain. Use an address of the person's own organisation`,
  };
}
