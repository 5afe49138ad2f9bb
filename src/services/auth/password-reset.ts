// "Forgot your password?": a request always gets the same answer whether or not the account exists; an
// account that may use a password gets an email with a single-use link valid for 1 hour. Setting the new
// password ends every session and revokes every API token of the user.
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import { apiTokens, sessions, signInFlows, userLinks, users } from "../../db/schema/index.js";
import { hashPassword, randomToken } from "../../lib/crypto.js";
import { validation } from "../../lib/errors.js";
import { passwordProblem } from "../../lib/passwords.js";
import { INPUT_LIMITS } from "../../model/limits.js";
import { recordAudit } from "../audit/record.js";
import type { PublicCtx, ServiceDeps } from "../context.js";
import { enqueueMessage } from "../notifications/enqueue.js";
import { passwordsAllowed } from "./login.js";
import { checkThrottle, recordFailure, type ThrottleRule } from "./throttle.js";
import { issueLink, useLink } from "./user-links.js";

/** What every request is told, so the answer does not say whether an account exists. */
export const RESET_REQUESTED =
  "If there is a WithUs account for that email address, we have sent it a link to reset the password. The link works once, for 1 hour.";

/** One email per account per this long at most, so the form cannot be used to flood someone's inbox. */
const RESET_RESEND_AFTER_MS = 2 * 60 * 1000;

/** Requests from one address: ten an hour, then a wait of 1, 2, 4 ... 60 minutes. */
const RESET_RULE: ThrottleRule = {
  free: 10,
  firstDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  windowMs: 60 * 60_000,
};

/**
 * Lets a reset request from this address through, or throws 429 saying when to try again. Every request
 * counts, whatever the address asked for, so the form cannot be used to sweep addresses or flood inboxes.
 * A request with no known client address (made in-process: a Node request always has a socket and a Worker
 * request Cloudflare's cf-connecting-ip) is counted against the email address it asks for instead, so such
 * callers do not share one allowance, and none goes unthrottled.
 */
export async function admitResetRequest({
  ctx: { db, now },
  input: { address, email },
}: {
  ctx: PublicCtx;
  input: { address: string; email: string };
}) {
  const key = address === "unknown" ? `reset:email:${email.trim().toLowerCase()}` : `reset:${address}`;
  await checkThrottle(db, [key], now);
  await recordFailure(db, key, RESET_RULE, now);
}

export async function requestPasswordReset({
  ctx: { db, secret, now },
  input: { email },
}: {
  ctx: PublicCtx & Pick<ServiceDeps, "secret">;
  input: { email: string };
}) {
  // Longer than an address can be (model/limits.ts): no account's, so nothing is sent, as for any unknown one.
  if (email.trim().length > INPUT_LIMITS.emailLength) return;
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  if (
    !user?.active ||
    !(await passwordsAllowed({ ctx: { db }, input: { organisationId: user.organisationId } }))
  )
    return;
  await withTransaction(db, async (tx) => {
    const [recent] = await tx
      .select({ id: userLinks.id })
      .from(userLinks)
      .where(
        and(
          eq(userLinks.userId, user.id),
          eq(userLinks.kind, "password_reset"),
          isNull(userLinks.usedAt),
          gt(userLinks.createdAt, new Date(now.getTime() - RESET_RESEND_AFTER_MS)),
        ),
      );
    if (recent) return;
    const link = await issueLink(tx, secret, user.id, "password_reset", now);
    await enqueueMessage(
      tx,
      {
        userId: user.id,
        organisationId: user.organisationId,
        kind: "password-reset",
        params: {},
        link,
        dedupeKey: `password-reset:${randomToken(12)}`,
      },
      now,
    );
  });
}

/**
 * Sets the new password through a live reset link, using the link up; every session ends and every
 * API token is revoked. Returns false for a dead link.
 */
export async function completePasswordReset({
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
    const userId = await useLink(tx, secret, input.token, "password_reset", now);
    if (!userId || userId !== input.user.id) return false;
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await tx.delete(signInFlows).where(eq(signInFlows.userId, userId));
    await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
    await recordAudit(
      tx,
      { requestId, actor: { userId, organisationId: input.user.organisationId } },
      {
        action: "user.password_reset",
        entityType: "user",
        entityId: userId,
      },
    );
    return true;
  });
}
