// Users: created and changed by admins. A user's role must fit their organisation's kind.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db/client.js";
import { withTransaction } from "../../db/client.js";
import {
  apiTokens,
  calendarFeeds,
  type OrganisationKind,
  organisationSignIn,
  organisations,
  type Role,
  sessions,
  signInDomains,
  userLinks,
  users,
} from "../../db/schema/index.js";
import { hashPassword } from "../../lib/crypto.js";
import { isUniqueViolation } from "../../lib/db-errors.js";
import { conflict, forbidden, notFound, validation } from "../../lib/errors.js";
import { passwordProblem } from "../../lib/passwords.js";
import { nameText } from "../../lib/text.js";
import { keepsUserManagement, roleFitsKind, rolesForKind } from "../../model/access-policy.js";
import { type Actor, ROLES } from "../../model/identity.js";
import { TEXT_LIMITS } from "../../model/limits.js";
import type { AuditCtx } from "../audit/record.js";
import { recordAudit } from "../audit/record.js";
import type { PublicCtx, ServiceCtx } from "../context.js";
import { parseInput } from "../input.js";
import { claimedDomainProblem } from "../organisations/domain-claims.js";
import { scopeFilter } from "../scope.js";

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  /** Omitted for an invitation (see invitations.ts): the person chooses one, or uses single sign-on. */
  password?: string;
  /** Who invited them (invitations only). */
  invitedBy?: string;
}

/**
 * Creates a user; used by the API and by start-up (the first admin), hence the plain audit context. An
 * administrator adds users to their own organisation only (the policy's tenant rule): another is not found.
 * `authorised` is for a service that has already checked the caller may add to this organisation by a rule
 * of its own (a commissioner inviting into a user group linked to their contract).
 */
export async function createUser(
  db: DbOrTx,
  ctx: AuditCtx & { actor: Actor | null },
  input: NewUser,
  opts: { authorised?: boolean } = {},
) {
  return withTransaction(db, async (tx) => {
    const org = await organisationToJoin(tx, ctx, input, opts);
    let passwordHash: string | null = null;
    if (input.password !== undefined) {
      const problem = passwordProblem(input.password, [input.email, input.name]);
      if (problem) throw validation([{ path: "password", message: `password ${problem}` }]);
      passwordHash = await hashPassword(input.password);
    }
    try {
      const [row] = await tx
        .insert(users)
        .values({
          email: input.email.trim(),
          name: input.name,
          role: input.role,
          organisationId: org.id,
          passwordHash,
          invitedBy: input.invitedBy ?? null,
        })
        .returning();
      await recordAudit(tx, ctx, {
        action: "user.create",
        entityType: "user",
        entityId: row!.id,
        organisationId: org.id,
        after: row,
      });
      return row!;
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict("A user with this email address already exists.");
      throw e;
    }
  });
}

/**
 * The organisation a new account would join, when the caller may add to it and the address and role may
 * join it (else 404, or 422 at the field). Asked the same whether or not the address has an account
 * anywhere, so an invitation answers alike for both (see inviteUser).
 */
export async function organisationToJoin(
  tx: DbOrTx,
  ctx: { actor: Actor | null },
  input: Pick<NewUser, "organisationId" | "role" | "email">,
  opts: { authorised?: boolean } = {},
) {
  const [org] = await tx
    .select()
    .from(organisations)
    .where(
      and(
        eq(organisations.id, input.organisationId),
        ctx.actor && !opts.authorised
          ? scopeFilter(ctx.actor, "user", { organisationId: organisations.id })
          : undefined,
      ),
    );
  if (!org) throw notFound("organisation");
  checkRole(input.role, org.kind);
  await checkSignInDomain(tx, org.id, input.email);
  const claimed = await claimedDomainProblem(tx, org.id, input.email);
  if (claimed) throw validation([claimed]);
  return org;
}

/** The account at an address, whichever organisation it is in. */
export async function accountAt(db: DbOrTx, email: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return user;
}

/**
 * In an organisation that allows no passwords, a new address must be in the domains its single sign-on
 * covers: anyone else would have no way to sign in.
 */
async function checkSignInDomain(tx: DbOrTx, organisationId: string, email: string) {
  const [rule] = await tx
    .select({ passwords: organisationSignIn.passwordSignIn })
    .from(organisationSignIn)
    .where(eq(organisationSignIn.organisationId, organisationId));
  if (!rule || rule.passwords) return;
  const domains = (
    await tx
      .select({ domain: signInDomains.domain })
      .from(signInDomains)
      .where(eq(signInDomains.organisationId, organisationId))
  ).map((d) => d.domain);
  if (!domains.includes(email.trim().toLowerCase().split("@").at(-1) ?? ""))
    throw validation([
      {
        path: "email",
        message: `must be an address at ${domains.sort().join(" or ")}: the organisation signs in only through its single sign-on, which covers those domains`,
      },
    ]);
}

function checkRole(role: Role, kind: OrganisationKind) {
  if (!roleFitsKind(role, kind)) {
    const allowed = rolesForKind(kind);
    throw validation([
      { path: "role", message: `a ${kind} organisation's users can be: ${allowed.join(", ")}` },
    ]);
  }
}

/** Users the actor administers: their organisation's, or everyone's for the operator. */
const userScope = (actor: Actor) => scopeFilter(actor, "user", { organisationId: users.organisationId });

export async function listUsers({
  ctx,
  input: { organisationId } = {},
}: {
  ctx: ServiceCtx;
  input?: { organisationId?: string };
}) {
  return ctx.db
    .select()
    .from(users)
    .where(and(userScope(ctx.actor), organisationId ? eq(users.organisationId, organisationId) : undefined))
    .orderBy(asc(sql`lower(${users.email})`));
}

/** A change to a user as the service judges it; PATCH /api/users/:id describes its body with it. */
export const userChangeInput = z
  .object({
    active: z.boolean().optional(),
    role: z.enum(ROLES).optional(),
    name: nameText(TEXT_LIMITS.userName).optional(),
  })
  .strict();

export async function updateUser({
  ctx,
  input: { id, ...given },
}: {
  ctx: ServiceCtx;
  input: { id: string; active?: boolean; role?: Role; name?: string };
}) {
  const input = parseInput(userChangeInput, given, "The user has values that are not valid.");
  return withTransaction(ctx.db, async (tx) => {
    const [before] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, id), userScope(ctx.actor)))
      .for("update");
    if (!before) throw notFound("user");
    if (input.role) {
      const [org] = await tx.select().from(organisations).where(eq(organisations.id, before.organisationId));
      checkRole(input.role, org!.kind);
    }
    if (
      id === ctx.actor.userId &&
      (input.active === false || (input.role && !keepsUserManagement(input.role, ctx.actor.organisationKind)))
    ) {
      throw conflict("You cannot deactivate yourself or remove your own admin role.");
    }
    // The service operator is their organisation's user, but only another operator may shut them out or
    // change their role: an administrator of that organisation could otherwise leave the service without one.
    if (
      before.operator &&
      !ctx.actor.operator &&
      (input.active === false || (input.role ?? before.role) !== before.role)
    )
      throw forbidden(
        "This person is the service operator: only an operator can deactivate them or change their role.",
      );
    const [after] = await tx
      .update(users)
      .set({ ...input, updatedAt: ctx.now })
      .where(eq(users.id, id))
      .returning();
    // A deactivated user's sessions end now, their tokens are revoked, and their unused emailed links
    // (invitation, password reset) and calendar address are deleted: reactivating restores none of them.
    if (input.active === false) {
      await tx.delete(sessions).where(eq(sessions.userId, id));
      await tx.delete(userLinks).where(and(eq(userLinks.userId, id), isNull(userLinks.usedAt)));
      await tx.delete(calendarFeeds).where(eq(calendarFeeds.userId, id));
      await tx
        .update(apiTokens)
        .set({ revokedAt: ctx.now })
        .where(and(eq(apiTokens.userId, id), isNull(apiTokens.revokedAt)));
    }
    await recordAudit(tx, ctx, {
      action: "user.update",
      entityType: "user",
      entityId: id,
      organisationId: before.organisationId,
      before,
      after,
    });
    return after!;
  });
}

/** A user the caller administers (the policy's tenant rule: their organisation's), else 404. */
export async function userOfMyOrganisation({
  ctx,
  input: { userId },
}: {
  ctx: ServiceCtx;
  input: { userId: string };
}) {
  const [u] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), userScope(ctx.actor)));
  if (!u) throw notFound("user");
  return u;
}

/** One user by id, whoever's they are: for the caller's own record and sign-in steps, not for listing. */
export async function findUserById({
  ctx,
  input: { id },
}: {
  ctx: Pick<PublicCtx, "db">;
  input: { id: string };
}) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, id));
  return user;
}
