// Sign-in throttling with growing delays. Failures are counted per account *and* address together, so a
// stranger guessing a colleague's password slows only their own attempts; and per address across all
// accounts, so one address cannot sweep many accounts. A lock says when to try again.
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { loginThrottle } from "../../db/schema/index.js";
import { AppError } from "../../lib/errors.js";

export interface ThrottleRule {
  /** Failures allowed before the first delay. */
  free: number;
  /** The first delay; each further failure doubles it, up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Failures are forgotten this long after the first one counted. */
  windowMs: number;
}

/** One account from one address: a person mistyping has five goes, then 1, 2, 4 ... 60 minutes. */
export const PAIR_RULE: ThrottleRule = {
  free: 5,
  firstDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  windowMs: 24 * 60 * 60_000,
};
/** Every account from one address (several people may share an office address). */
export const ADDRESS_RULE: ThrottleRule = {
  free: 30,
  firstDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  windowMs: 60 * 60_000,
};

/** Single sign-on starts from one address: each may cost a discovery fetch and leaves a flow row. */
export const SSO_START_RULE: ThrottleRule = {
  free: 100,
  firstDelayMs: 60_000,
  maxDelayMs: 30 * 60_000,
  windowMs: 10 * 60_000,
};
/**
 * Discovery fetches from one identity provider's host (starts answered from the per-process cache do not
 * count): a few an hour in service; more means someone is using the server to call a host again and again.
 */
export const SSO_ISSUER_RULE: ThrottleRule = {
  free: 60,
  firstDelayMs: 60_000,
  maxDelayMs: 30 * 60_000,
  windowMs: 60 * 60_000,
};

export const pairKey = (email: string, address: string) => `pair:${email.trim().toLowerCase()} ${address}`;
export const addressKey = (address: string) => `address:${address}`;
export const ssoStartKey = (address: string) => `sso-start:${address}`;
export const ssoIssuerKey = (host: string) => `sso-issuer:${host.toLowerCase()}`;

/** Throws 429, saying when to try again, if any of the keys is locked now. */
export async function checkThrottle(db: DbOrTx, keys: string[], now: Date) {
  for (const key of keys) {
    const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, key));
    if (row?.lockedUntil && row.lockedUntil > now) throw lockedError(row.lockedUntil, now, key);
  }
}

function lockedError(until: Date, now: Date, key: string) {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  const when = `${minutes} minute${minutes === 1 ? "" : "s"} (at ${until.toISOString().slice(11, 16)} UTC)`;
  const who = key.startsWith("pair:")
    ? "There have been too many wrong attempts to sign in to this account from your network."
    : key.startsWith("sso-start:")
      ? "There have been too many single sign-on attempts from your network."
      : key.startsWith("sso-issuer:")
        ? "WithUs has asked this identity provider for its settings too often."
        : "There have been too many failed sign-in attempts from your network.";
  return new AppError("too_many_requests", `${who} Try again in ${when}.`, undefined, {
    "retry-after": String(seconds),
  });
}

/** Counts one failure against the key, in one statement; past the free ones it sets a growing lock. */
export async function recordFailure(db: DbOrTx, key: string, rule: ThrottleRule, now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const stale = sql`${loginThrottle.windowStart} < ${new Date(now.getTime() - rule.windowMs).toISOString()}::timestamptz`;
  const failures = sql`(case when ${stale} then 1 else ${loginThrottle.failures} + 1 end)`;
  const delayMs = sql`least(${rule.firstDelayMs}::float8 * power(2::float8, greatest(${failures} - ${rule.free}, 0)), ${rule.maxDelayMs}::float8)`;
  await db
    .insert(loginThrottle)
    .values({ key, failures: 1, windowStart: now })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures,
        windowStart: sql`case when ${stale} then ${at} else ${loginThrottle.windowStart} end`,
        lockedUntil: sql`case when ${failures} >= ${rule.free} then ${at} + ${delayMs} * interval '1 millisecond' else null end`,
      },
    });
}

export async function clearThrottle(db: DbOrTx, key: string) {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

/** For the hourly job: rows neither locked nor counting any more. */
export async function deleteStaleThrottleRows(db: DbOrTx, now: Date) {
  const longest = Math.max(PAIR_RULE.windowMs, ADDRESS_RULE.windowMs);
  const rows = await db
    .delete(loginThrottle)
    .where(
      and(
        or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, now)),
        lt(loginThrottle.windowStart, new Date(now.getTime() - longest)),
      ),
    )
    .returning({ key: loginThrottle.key });
  return rows.length;
}
