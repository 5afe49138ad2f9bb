// Invitations: an admin creates a user without a password; WithUs emails them a single-use link, valid
// for 7 days, where they choose a password (or sign in with their organisation's single sign-on).
// Admins can send a fresh link or cancel the invitation.

import { eq } from "drizzle-orm";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import { organisations, users } from "../../db/schema/index.js";
import { hashPassword, randomToken } from "../../lib/crypto.js";
import { conflict, validation } from "../../lib/errors.js";
import { passwordProblem } from "../../lib/passwords.js";
import { INVITATION_TEMPLATE } from "../../model/access-policy.js";
import { hasJoined } from "../../model/identity.js";
import { type AuditCtx, recordAudit } from "../audit/record.js";
import { cancelLinks, issueLink, useLink } from "../auth/user-links.js";
import type { ServiceCtx } from "../context.js";
import { enqueueMessage } from "../notifications/enqueue.js";
import { createUser, type NewUser, userOfMyOrganisation } from "./users.js";

export async function sendInvitation(
  tx: DbOrTx,
  secret: string,
  ctx: ServiceCtx,
  user: typeof users.$inferSelect,
) {
  const link = await issueLink(tx, secret, user.id, "invitation", ctx.now);
  const [org] = await tx
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, user.organisationId));
  // Someone from another organisation (a commissioner inviting a group's representative) says where from.
  const inviter =
    ctx.actor.organisationId === user.organisationId
      ? ctx.actor.name
      : `${ctx.actor.name} from ${ctx.actor.organisationName}`;
  await enqueueMessage(
    tx,
    {
      userId: user.id,
      organisationId: user.organisationId,
      kind: INVITATION_TEMPLATE[user.role],
      params: { inviter, organisation: org!.name },
      link,
      dedupeKey: `invitation:${randomToken(12)}`,
    },
    ctx.now,
  );
}

/**
 * Creates the user with no password and emails them the invitation, in one transaction. `authorised`: the
 * caller has checked by a rule of its own that the actor may add to this organisation (see createUser).
 */
export async function inviteUser(
  ctx: ServiceCtx,
  secret: string,
  input: Omit<NewUser, "password" | "invitedBy">,
  opts: { authorised?: boolean; audit?: InvitationAudit } = {},
) {
  return withTransaction(ctx.db, async (tx) => {
    const user = await createUser(
      tx,
      ctx,
      { ...input, invitedBy: ctx.actor.userId },
      { authorised: opts.authorised },
    );
    await sendInvitation(tx, secret, ctx, user);
    await recordAudit(tx, ctx, {
      action: "user.invite",
      entityType: "user",
      entityId: user.id,
      organisationId: user.organisationId,
      ...opts.audit,
    });
    return user;
  });
}

/**
 * Where an invitation's audit events are kept when not with the invited person's organisation (a
 * commissioner's invitation into a user group is the council's record), and what they were made under.
 */
export interface InvitationAudit {
  organisationId: string;
  parentType: string;
  parentId: string;
}

type UserRow = typeof users.$inferSelect;

function stillInvited(user: UserRow) {
  if (hasJoined(user) || !user.active)
    throw conflict("This person has already accepted, or the invitation was cancelled.");
}

/** A fresh link (the earlier one stops working), for a user of the admin's organisation who has not accepted. */
export async function resendInvitation(ctx: ServiceCtx, secret: string, userId: string) {
  await resendInvitationTo(ctx, secret, await userOfMyOrganisation(ctx, userId));
}

/** A fresh link for someone the caller has been found to manage (see resendInvitation). */
export async function resendInvitationTo(
  ctx: ServiceCtx,
  secret: string,
  user: UserRow,
  audit?: InvitationAudit,
) {
  stillInvited(user);
  await withTransaction(ctx.db, async (tx) => {
    await sendInvitation(tx, secret, ctx, user);
    await recordAudit(tx, ctx, {
      action: "user.invite_resend",
      entityType: "user",
      entityId: user.id,
      organisationId: user.organisationId,
      ...audit,
    });
  });
}

/** Cancels an invitation not yet accepted: the link stops working and the account is deactivated. */
export async function cancelInvitation(ctx: ServiceCtx, userId: string) {
  await cancelInvitationOf(ctx, await userOfMyOrganisation(ctx, userId));
}

/** Cancels the invitation of someone the caller has been found to manage (see cancelInvitation). */
export async function cancelInvitationOf(ctx: ServiceCtx, user: UserRow, audit?: InvitationAudit) {
  stillInvited(user);
  await withTransaction(ctx.db, async (tx) => {
    await cancelLinks(tx, user.id, "invitation");
    await tx.update(users).set({ active: false, updatedAt: ctx.now }).where(eq(users.id, user.id));
    await recordAudit(tx, ctx, {
      action: "user.invite_cancel",
      entityType: "user",
      entityId: user.id,
      organisationId: user.organisationId,
      ...audit,
    });
  });
}

/** Accepts an invitation by choosing a password; the link is used up. Returns the user, or null for a dead link. */
export async function acceptInvitation(
  db: DbOrTx,
  secret: string,
  audit: Omit<AuditCtx, "actor">,
  input: { token: string; password: string; user: typeof users.$inferSelect },
  now: Date,
) {
  const problem = passwordProblem(input.password, [input.user.email, input.user.name]);
  if (problem) throw validation([{ path: "password", message: `the password ${problem}` }]);
  const passwordHash = await hashPassword(input.password);
  return withTransaction(db, async (tx) => {
    const userId = await useLink(tx, secret, input.token, "invitation", now);
    if (!userId || userId !== input.user.id) return null;
    const [user] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: now })
      .where(eq(users.id, userId))
      .returning();
    await recordAudit(
      tx,
      { ...audit, actor: { userId, organisationId: user!.organisationId } },
      {
        action: "user.invite_accept",
        entityType: "user",
        entityId: userId,
      },
    );
    return user!;
  });
}
