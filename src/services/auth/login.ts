// Signing in with a password, throttled per account-and-address and per address (see throttle.ts).
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { users } from "../../db/schema/index.js";
import { DUMMY_HASH, verifyPassword } from "../../lib/crypto.js";
import { AppError } from "../../lib/errors.js";
import { recordAudit } from "../audit/record.js";
import { createSession } from "./sessions.js";
import {
  ADDRESS_RULE,
  addressKey,
  checkThrottle,
  clearThrottle,
  PAIR_RULE,
  pairKey,
  recordFailure,
} from "./throttle.js";

export interface LoginInput {
  email: string;
  password: string;
  address: string;
}

export interface LoginDeps {
  db: Db;
  secret: string;
  now: Date;
  requestId?: string;
}

/** Checks the password (throttled); returns the user, or throws 401/429. Starts no session. */
export async function checkPassword(deps: LoginDeps, input: LoginInput) {
  const { db, now } = deps;
  const email = input.email.trim().toLowerCase();
  const pair = pairKey(email, input.address);
  const address = addressKey(input.address);
  await checkThrottle(db, [pair, address], now);

  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`);
  // Always run the KDF, so a missing account (or one without a password) takes as long as a wrong password.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || !user.active || !user.passwordHash) {
    await recordFailure(db, pair, PAIR_RULE, now);
    await recordFailure(db, address, ADDRESS_RULE, now);
    throw new AppError("unauthenticated", "The email address or password is not right.");
  }
  await clearThrottle(db, pair);
  return user;
}

/** Starts a session for a user whose identity has been checked, with its audit event, in one transaction. */
export async function startSession(
  deps: LoginDeps,
  user: { id: string; organisationId: string },
  method: "password" | "two_factor" | "oidc",
) {
  return deps.db.transaction(async (tx) => {
    const created = await createSession(tx, deps.secret, user.id, deps.now);
    await recordAudit(
      tx,
      { actor: { userId: user.id, organisationId: user.organisationId }, requestId: deps.requestId },
      { action: "auth.login", entityType: "user", entityId: user.id, after: { method } },
    );
    return created;
  });
}

export async function login(deps: LoginDeps, input: LoginInput) {
  const user = await checkPassword(deps, input);
  const session = await startSession(deps, user, "password");
  return { user, session };
}
