// Invitations: an admin creates a user without a password; WithUs emails them a single-use link, valid
// for 7 days, where they choose a password (or sign in with their organisation's single sign-on).
// Admins can send a fresh link or cancel the invitation.

import { eq } from "drizzle-orm";
import { z } from "zod";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import { organisations, pendingInvitations, users } from "../../db/schema/index.js";
import { hashPassword, randomToken } from "../../lib/crypto.js";
import { conflict, validation } from "../../lib/errors.js";
import { passwordProblem } from "../../lib/passwords.js";
import { nameText } from "../../lib/text.js";
import { INVITATION_TEMPLATE } from "../../model/access-policy.js";
import { hasJoined, ROLES } from "../../model/identity.js";
import { TEXT_LIMITS } from "../../model/limits.js";
import { recordAudit } from "../audit/record.js";
import { cancelLinks, issueLink, useLink } from "../auth/user-links.js";
import type { PublicCtx, ServiceCtx, ServiceDeps } from "../context.js";
import { parseInput } from "../input.js";
import { enqueueMessage } from "../notifications/enqueue.js";
import { accountAt, createUser, type NewUser, organisationToJoin, userOfMyOrganisation } from "./users.js";

/** Someone from another organisation (a commissioner inviting a group's representative) says where from. */
const inviterName = (ctx: ServiceCtx, organisationId: string) =>
  ctx.actor.organisationId === organisationId
    ? ctx.actor.name
    : `${ctx.actor.name} from ${ctx.actor.organisationName}`;

async function sendInvitation(tx: DbOrTx, secret: string, ctx: ServiceCtx, user: typeof users.$inferSelect) {
  const link = await issueLink(tx, secret, user.id, "invitation", ctx.now);
  const [org] = await tx
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, user.organisationId));
  const inviter = inviterName(ctx, user.organisationId);
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

/** What an invitation answers: the new account, or for an address with one elsewhere, the same shape. */
export type Invited = Pick<
  UserRow,
  | "id"
  | "email"
  | "name"
  | "role"
  | "organisationId"
  | "active"
  | "passwordHash"
  | "lastSignInAt"
  | "createdAt"
  | "invitedBy"
>;

/**
 * Invites someone into an organisation, in one transaction, and records the invitation. A new address gets
 * an account with no password and the invitation email. An address that already has an account in another
 * organisation gets no account: its owner is emailed that someone tried to add them, and the caller's
 * answer is the same as for a new address (the same checks, in the same order, and the same shape), so an
 * invitation never tells anyone whether an address is on WithUs. An address already in this organisation
 * is refused (409): the caller can list those people anyway.
 * `authorised`: the caller has checked by a rule of its own that the actor may add to this organisation
 * (see createUser).
 */
export async function inviteUser(
  ctx: ServiceCtx,
  secret: string,
  input: Omit<NewUser, "password" | "invitedBy">,
  opts: { authorised?: boolean; audit?: InvitationAudit } = {},
): Promise<Invited> {
  return withTransaction(ctx.db, async (tx) => {
    const existing = await accountAt(tx, input.email);
    if (existing && existing.organisationId !== input.organisationId) {
      const org = await organisationToJoin(tx, ctx, input, { authorised: opts.authorised });
      const [pending] = await tx
        .insert(pendingInvitations)
        .values({
          organisationId: org.id,
          email: input.email.trim(),
          name: input.name,
          role: input.role,
          invitedBy: ctx.actor.userId,
          createdAt: ctx.now,
        })
        .returning();
      await enqueueMessage(
        tx,
        {
          userId: existing.id,
          organisationId: existing.organisationId,
          kind: "invitation-attempt",
          params: { inviter: inviterName(ctx, org.id), organisation: org.name },
          link: "/sign-in",
          dedupeKey: `invitation-attempt:${pending!.id}`,
        },
        ctx.now,
      );
      await recordAudit(tx, ctx, {
        action: "user.invite",
        entityType: "invitation",
        entityId: pending!.id,
        organisationId: org.id,
        ...opts.audit,
      });
      return {
        id: pending!.id,
        email: pending!.email,
        name: pending!.name,
        role: pending!.role,
        organisationId: org.id,
        active: true,
        passwordHash: null,
        lastSignInAt: null,
        createdAt: pending!.createdAt,
        invitedBy: ctx.actor.userId,
      };
    }
    const user = await createUser(
      tx,
      ctx,
      { ...input, invitedBy: ctx.actor.userId },
      { authorised: opts.authorised },
    );
    await sendInvitation(tx, secret, ctx, user);
    await tx.insert(pendingInvitations).values({
      organisationId: user.organisationId,
      email: user.email,
      name: user.name,
      role: user.role,
      invitedBy: ctx.actor.userId,
      userId: user.id,
      createdAt: ctx.now,
    });
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

/** An address as someone is added or invited with it: the one rule for an organisation's new person. */
export const newEmail = z.email({
  error: "enter an email address in the correct format, like name@example.org",
});

/**
 * Whom an administrator adds: the one statement of the rule, read by addUser and used by POST /api/users
 * to describe its body. The role must also fit the organisation's kind (checked with the organisation).
 */
export const newUserInput = z
  .object({
    name: nameText(TEXT_LIMITS.userName),
    email: newEmail,
    role: z.enum(ROLES),
    organisationId: z.uuid(),
    password: z.string().optional(),
  })
  .strict();

/**
 * Adds someone to an organisation as an administrator does. Without a password it is an invitation (see
 * inviteUser: the same answer whether or not the address is on WithUs). Only the service operator may set a
 * password at creation (scripted set-up): it makes the account at once, and says so when the address is
 * taken; from anyone else a password would tell them whether the address has an account elsewhere.
 */
export async function addUser({
  ctx,
  input: given,
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "secret">;
  /** As sent: judged here against newUserInput. */
  input: Record<string, unknown>;
}): Promise<{ invited: boolean; user: Invited }> {
  const input = parseInput(newUserInput, given, "The user has values that are not valid.");
  const { password, ...rest } = input;
  if (password === undefined) return { invited: true, user: await inviteUser(ctx, ctx.secret, rest) };
  if (!ctx.actor.operator) {
    // The organisation and role are checked first, as for an invitation (404 for another organisation).
    await organisationToJoin(ctx.db, ctx, input);
    throw validation([
      {
        path: "password",
        message:
          "can be set only by the service operator: leave it out, and WithUs emails the person an invitation to choose their own",
      },
    ]);
  }
  return { invited: false, user: await createUser(ctx.db, ctx, input) };
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
export async function resendInvitation({
  ctx,
  input,
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "secret">;
  input: { userId: string };
}) {
  await resendInvitationTo(ctx, ctx.secret, await userOfMyOrganisation({ ctx, input }));
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
export async function cancelInvitation({ ctx, input }: { ctx: ServiceCtx; input: { userId: string } }) {
  await cancelInvitationOf(ctx, await userOfMyOrganisation({ ctx, input }));
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
export async function acceptInvitation({
  ctx: { db, secret, now, requestId },
  input,
}: {
  ctx: PublicCtx & Pick<ServiceDeps, "secret">;
  input: { token: string; password: string; user: typeof users.$inferSelect };
}) {
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
      { requestId, actor: { userId, organisationId: user!.organisationId } },
      {
        action: "user.invite_accept",
        entityType: "user",
        entityId: userId,
      },
    );
    return user!;
  });
}
