// Inviting representatives into a user group linked to a contract. A group has no administrator of its
// own: a commissioner of the contract's council invites its representatives, and sees, resends or cancels
// only the invitations they sent; a representative invites fellow representatives of their own group and
// sees its members (the access policy's "user_group.invite" says who; this file says which rows).

import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db/client.js";
import { contractUserGroups, organisations, users } from "../../db/schema/index.js";
import { notFound } from "../../lib/errors.js";
import { nameText } from "../../lib/text.js";
import { REGISTRABLE } from "../../model/access-policy.js";
import { type Actor, hasJoined, type Joining } from "../../model/identity.js";
import { TEXT_LIMITS } from "../../model/limits.js";
import type { ServiceCtx, ServiceDeps } from "../context.js";
import { findContract } from "../contracts/queries.js";
import { parseInput } from "../input.js";
import {
  cancelInvitationOf,
  type InvitationAudit,
  type Invited,
  inviteUser,
  resendInvitationTo,
} from "../users/invitations.js";

type MemberStatus = "invited" | "joined" | "cancelled";

export interface GroupMember {
  id: string;
  name: string;
  /** Shown only to the person who sent the invitation: they typed it. */
  email: string | null;
  status: MemberStatus;
  invitedAt: string;
  sentByMe: boolean;
}

export interface GroupInvitations {
  organisationId: string;
  name: string;
  /** For a commissioner, the people they invited; for a representative, everyone in their group. */
  members: GroupMember[];
}

interface Target {
  contractId: string;
  organisationId: string;
}

/**
 * The group, when the caller may invite into it through this contract: the contract is theirs to see (the
 * tenant rule), the group is linked to it, and a representative's group is their own. Otherwise 404.
 */
async function groupFor(db: DbOrTx, actor: Actor, t: Target) {
  const contract = await findContract({ ctx: { db, actor }, input: { id: t.contractId } });
  if (actor.organisationKind === "user_group" && actor.organisationId !== t.organisationId)
    throw notFound("user group");
  const [group] = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(contractUserGroups)
    .innerJoin(organisations, eq(organisations.id, contractUserGroups.userGroupId))
    .where(
      and(
        eq(contractUserGroups.contractId, contract.id),
        eq(contractUserGroups.userGroupId, t.organisationId),
      ),
    );
  if (!group) throw notFound("user group");
  return { contract, group };
}

/** A commissioner's record is the council's; a representative's, the group's. */
function auditOf(actor: Actor, contract: { id: string; organisationId: string }): InvitationAudit {
  return {
    organisationId: actor.organisationKind === "user_group" ? actor.organisationId : contract.organisationId,
    parentType: "contract",
    parentId: contract.id,
  };
}

/** Whose rows of the group the caller sees: a representative all of them, anyone else those they invited. */
const visibleMembers = (actor: Actor, groupId: string) =>
  and(
    eq(users.organisationId, groupId),
    actor.organisationKind === "user_group" ? undefined : eq(users.invitedBy, actor.userId),
  );

const statusOf = (u: Joining & { active: boolean }): MemberStatus =>
  hasJoined(u) ? "joined" : u.active ? "invited" : "cancelled";

/** A member as the caller sees them: the address only to whoever sent the invitation (they typed it). */
function memberView(actor: Actor, u: Invited): GroupMember {
  const sentByMe = u.invitedBy === actor.userId;
  return {
    id: u.id,
    name: u.name,
    email: sentByMe ? u.email : null,
    status: statusOf(u),
    invitedAt: u.createdAt.toISOString(),
    sentByMe,
  };
}

export async function listGroupInvitations({
  ctx,
  input: t,
}: {
  ctx: ServiceCtx;
  input: Target;
}): Promise<GroupInvitations> {
  const { db, actor } = ctx;
  const { group } = await groupFor(db, actor, t);
  const rows = await db
    .select()
    .from(users)
    .where(visibleMembers(actor, group.id))
    .orderBy(asc(sql`lower(${users.name})`), asc(users.createdAt));
  return {
    organisationId: group.id,
    name: group.name,
    members: rows.map((u) => memberView(actor, u)),
  };
}

/** Invites someone as a representative of the group: an account without a password, and the plain email. */
/** Who is invited: the one statement of the rule (POST .../invitations' body). */
export const representativeInput = z
  .object({
    email: z.email({ error: "enter an email address" }),
    name: z.string({ error: "is required" }).pipe(nameText(TEXT_LIMITS.userName)),
  })
  .strict();

export async function inviteRepresentative({
  ctx,
  input: given,
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "secret">;
  /** The contract and group, and who is invited as sent: judged here against representativeInput. */
  input: Target & Record<string, unknown>;
}) {
  const { contractId, organisationId, ...raw } = given;
  const target = { contractId, organisationId };
  const { contract, group } = await groupFor(ctx.db, ctx.actor, target);
  const input = parseInput(representativeInput, raw, "The invitation has values that are not valid.");
  const user = await inviteUser(
    ctx,
    ctx.secret,
    { email: input.email, name: input.name, role: REGISTRABLE.user_group, organisationId: group.id },
    { authorised: true, audit: auditOf(ctx.actor, contract) },
  );
  return memberView(ctx.actor, user);
}

/** Someone in the group whose invitation the caller manages, or 404. */
async function memberFor(ctx: ServiceCtx, t: Target & { userId: string }) {
  const { contract, group } = await groupFor(ctx.db, ctx.actor, t);
  const [user] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.id, t.userId), visibleMembers(ctx.actor, group.id)));
  if (!user) throw notFound("invitation");
  return { user, audit: auditOf(ctx.actor, contract) };
}

export async function resendGroupInvitation(o: {
  ctx: ServiceCtx & Pick<ServiceDeps, "secret">;
  input: Target & { userId: string };
}) {
  const { user, audit } = await memberFor(o.ctx, o.input);
  await resendInvitationTo(o.ctx, o.ctx.secret, user, audit);
  return user;
}

export async function cancelGroupInvitation(o: { ctx: ServiceCtx; input: Target & { userId: string } }) {
  const { user, audit } = await memberFor(o.ctx, o.input);
  await cancelInvitationOf(o.ctx, user, audit);
  return user;
}
