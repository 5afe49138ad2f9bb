// Signing in: password check with throttling per account and per address.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { loginThrottle, users } from "../../db/schema/index.js";
import { DUMMY_HASH, verifyPassword } from "../../lib/crypto.js";
import { AppError } from "../../lib/errors.js";
import { recordAudit } from "../audit/record.js";
import { createSession } from "./sessions.js";

/** Failures allowed in one window before an account is locked. */
export const ACCOUNT_MAX_FAILURES = 5;
/** Failures allowed from one address in one window (several people may share an office address). */
export const ADDRESS_MAX_FAILURES = 30;
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;

export interface LoginInput {
  email: string;
  password: string;
  address: string;
}

export async function login(
  deps: { db: Db; secret: string; now: Date; requestId?: string },
  input: LoginInput,
) {
  const { db, now } = deps;
  const email = input.email.trim().toLowerCase();
  const accountKey = `account:${email}`;
  const addressKey = `address:${input.address}`;

  const [addr] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, addressKey));
  if (addr?.lockedUntil && addr.lockedUntil > now) {
    throw new AppError(
      "too_many_requests",
      "Too many failed sign-in attempts from your network. Try again later.",
      undefined,
      {
        "retry-after": String(Math.ceil((addr.lockedUntil.getTime() - now.getTime()) / 1000)),
      },
    );
  }
  const [acct] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, accountKey));
  if (acct?.lockedUntil && acct.lockedUntil > now) {
    const minutes = Math.ceil((acct.lockedUntil.getTime() - now.getTime()) / 60000);
    throw new AppError(
      "locked",
      `This account is locked after too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask your administrator.`,
    );
  }

  const [user] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email}`));
  // Always run the KDF, so a missing account takes as long as a wrong password.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) {
    await fail(db, accountKey, ACCOUNT_MAX_FAILURES, now);
    await fail(db, addressKey, ADDRESS_MAX_FAILURES, now);
    throw new AppError("unauthenticated", "The email address or password is not right.");
  }
  // The session, the cleared counter and the audit event stand or fall together.
  const session = await db.transaction(async (tx) => {
    await tx.delete(loginThrottle).where(eq(loginThrottle.key, accountKey));
    const created = await createSession(tx, deps.secret, user.id, now);
    await recordAudit(
      tx,
      { actor: { userId: user.id, organisationId: user.organisationId }, requestId: deps.requestId },
      { action: "auth.login", entityType: "user", entityId: user.id },
    );
    return created;
  });
  return { user, session };
}

async function fail(db: Db, key: string, max: number, now: Date) {
  const windowStart = sql`${new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString()}::timestamptz`;
  const at = sql`${now.toISOString()}::timestamptz`;
  const lockUntil = sql`${new Date(now.getTime() + LOCK_MS).toISOString()}::timestamptz`;
  // One statement: a new window starts when the old one has passed; the lock is set on the max-th failure.
  await db
    .insert(loginThrottle)
    .values({ key, failures: 1, windowStart: now })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`case when ${loginThrottle.windowStart} < ${windowStart} then 1 else ${loginThrottle.failures} + 1 end`,
        windowStart: sql`case when ${loginThrottle.windowStart} < ${windowStart} then ${at} else ${loginThrottle.windowStart} end`,
        lockedUntil: sql`case when ${loginThrottle.windowStart} >= ${windowStart} and ${loginThrottle.failures} + 1 >= ${max} then ${lockUntil} else ${loginThrottle.lockedUntil} end`,
      },
    });
}
