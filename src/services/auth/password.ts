// Changing one's password: the current one is checked (and throttled like a sign-in), the new one must
// meet the policy, every other session of the user ends, and (unless they keep them) their API tokens are
// revoked: a password changed because it leaked should not leave a token made with it working.
import { and, eq, isNull, ne } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import { apiTokens, sessions, signInFlows, users } from "../../db/schema/index.js";
import { hashPassword, verifyPassword } from "../../lib/crypto.js";
import { forbidden, notFound, validation } from "../../lib/errors.js";
import { passwordProblem } from "../../lib/passwords.js";
import { INPUT_LIMITS } from "../../model/limits.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { checkThrottle, clearThrottle, PAIR_RULE, pairKey, recordFailure } from "./throttle.js";

type User = typeof users.$inferSelect;

/**
 * Checks the signed-in person's own password before a change to how they sign in, throttled as a sign-in
 * is (per account and address), so someone holding only their session cannot guess it. Returns the
 * throttle key, to clear once the change is made.
 */
export async function confirmOwnPassword(
  ctx: ServiceCtx,
  user: User,
  password: string,
  address: string,
  field: { path: string; message: string } = { path: "password", message: "is not your password" },
) {
  const key = pairKey(user.email, address);
  await checkThrottle(ctx.db, [key], ctx.now);
  // Longer than a password can be (model/limits.ts): not theirs, and never hashed.
  if (
    password.length > INPUT_LIMITS.passwordLength ||
    !user.passwordHash ||
    !(await verifyPassword(password, user.passwordHash))
  ) {
    await recordFailure(ctx.db, key, PAIR_RULE, ctx.now);
    throw validation([field]);
  }
  return key;
}

export async function changePassword({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  /**
   * revokeTokens: whether the caller's API tokens are revoked too (the default); address: the caller's,
   * whose failed tries at the current password are counted as a sign-in's are.
   */
  input: { currentPassword: string; newPassword: string; revokeTokens?: boolean; address: string };
}) {
  const { address } = input;
  const { actor } = ctx;
  if (actor.via !== "session")
    throw forbidden("Change your password from a signed-in session, not with an API token.");
  // Both asked for, at once, before the current one is tried (an empty one is not a failed try).
  const missing = [
    !input.currentPassword && { path: "currentPassword", message: "enter your current password" },
    !input.newPassword && { path: "newPassword", message: "enter a new password" },
  ].filter((e) => e !== false);
  if (missing.length) throw validation(missing);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw notFound("user");
  const key = await confirmOwnPassword(ctx, user, input.currentPassword, address, {
    path: "currentPassword",
    message: "is not your current password",
  });
  const problem = passwordProblem(input.newPassword, [user.email, user.name]);
  if (problem) throw validation([{ path: "newPassword", message: `the new password ${problem}` }]);
  if (input.newPassword === input.currentPassword)
    throw validation([
      { path: "newPassword", message: "the new password must be different from your current password" },
    ]);
  const passwordHash = await hashPassword(input.newPassword);
  return withTransaction(ctx.db, async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: ctx.now }).where(eq(users.id, user.id));
    // Anyone else signed in as this user (a shared or stolen session) is signed out; this session stays.
    await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, user.id), ne(sessions.idHash, actor.sessionIdHash ?? "")));
    // So is anyone half-way through signing in with the old password (waiting at the second factor).
    await tx.delete(signInFlows).where(eq(signInFlows.userId, user.id));
    const revoked =
      input.revokeTokens === false
        ? []
        : await tx
            .update(apiTokens)
            .set({ revokedAt: ctx.now })
            .where(and(eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt)))
            .returning({ id: apiTokens.id });
    await clearThrottle(tx, key);
    await recordAudit(tx, ctx, {
      action: "user.password_change",
      entityType: "user",
      entityId: user.id,
      after: { tokensRevoked: revoked.length },
    });
    return { tokensRevoked: revoked.length };
  });
}
