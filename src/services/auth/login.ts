// Signing in with a password, throttled per account-and-address and per address (see throttle.ts).
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { withTransaction } from "../../db/client.js";
import { organisationSignIn, users } from "../../db/schema/index.js";
import { DUMMY_HASH, verifyPassword } from "../../lib/crypto.js";
import { AppError } from "../../lib/errors.js";
import { INPUT_LIMITS } from "../../model/limits.js";
import { recordAudit } from "../audit/record.js";
import type { PublicCtx, ServiceDeps } from "../context.js";
import { parseInput } from "../input.js";
import { ssoOrganisationFor } from "./oidc.js";
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
import { twoFactorRequired, verifySecondFactor } from "./two-factor.js";
import { cancelLinks } from "./user-links.js";

type User = typeof users.$inferSelect;

const WRONG_PASSWORD = "The email address or password is not right.";

export interface LoginInput {
  email: string;
  password: string;
  address: string;
}

/** What signing in needs: the database, the clock and the app's key (nobody is signed in yet). */
export type SignInCtx = PublicCtx & Pick<ServiceDeps, "secret">;

/** Checks the password (throttled); returns the user, or throws 401/429. Starts no session. */
export async function checkPassword({ ctx, input }: { ctx: SignInCtx; input: LoginInput }) {
  const { db, now } = ctx;
  const email = input.email.trim().toLowerCase();
  const pair = pairKey(email, input.address);
  const address = addressKey(input.address);
  await checkThrottle(db, [pair, address], now);
  // Longer than anyone's address or password can be (model/limits.ts), whoever calls: a failed sign-in in
  // the same words, decided by the input alone, so it says nothing of whether the account exists.
  if (email.length > INPUT_LIMITS.emailLength || input.password.length > INPUT_LIMITS.passwordLength) {
    await recordFailure(db, pair, PAIR_RULE, now);
    await recordFailure(db, address, ADDRESS_RULE, now);
    throw new AppError("unauthenticated", WRONG_PASSWORD);
  }

  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`);
  // Always run the KDF, so a missing account (or one without a password) takes as long as a wrong password.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  // Whether the address's domain signs in only through single sign-on decides the answer, never whether
  // the account exists: an address with no account there is told exactly what one with an account is.
  const sso = await ssoOrganisationFor({ ctx, input: { email } });
  const ssoOnly = sso !== null && !sso.passwordSignIn;
  if (
    ssoOnly ||
    !user ||
    !ok ||
    !user.active ||
    !user.passwordHash ||
    !(await passwordsAllowed({ ctx, input: { organisationId: user.organisationId } }))
  ) {
    await recordFailure(db, pair, PAIR_RULE, now);
    await recordFailure(db, address, ADDRESS_RULE, now);
    if (ssoOnly)
      throw new AppError(
        "forbidden",
        "Your organisation signs in with its own single sign-on, not a WithUs password. Enter your email address on the sign-in page and continue to your organisation's sign-in.",
      );
    throw new AppError("unauthenticated", WRONG_PASSWORD);
  }
  // The counter is cleared when the sign-in completes (signedIn), not here: a known password must not
  // buy fresh guesses at the second factor.
  return user;
}

const EMAIL_FORMAT = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_MESSAGE = "enter an email address in the correct format, like name@example.org";

/**
 * An email address as signing in takes it: judged by its form and length alone (model/limits.ts), so a
 * refusal says nothing of whether an account exists.
 */
const signInEmailInput = z
  .object({
    email: z
      .string()
      .trim()
      .min(1, "is required")
      .max(INPUT_LIMITS.emailLength, EMAIL_MESSAGE)
      .regex(EMAIL_FORMAT, EMAIL_MESSAGE),
  })
  .strict();

/**
 * Sign-in's first step: the address judged (422 at "email" when it cannot be one), then how it signs in,
 * its organisation's single sign-on or null for a password.
 */
export async function signInMethodFor({
  ctx,
  input,
}: {
  ctx: Pick<PublicCtx, "db">;
  input: { email: string };
}) {
  const { email } = parseInput(signInEmailInput, input, "The email address is not valid.");
  return ssoOrganisationFor({ ctx, input: { email } });
}

/** Whether the organisation lets its people sign in with a password (false when it uses single sign-on only). */
export async function passwordsAllowed({
  ctx,
  input,
}: {
  ctx: Pick<PublicCtx, "db">;
  input: { organisationId: string };
}): Promise<boolean> {
  const [row] = await ctx.db
    .select({ p: organisationSignIn.passwordSignIn })
    .from(organisationSignIn)
    .where(eq(organisationSignIn.organisationId, input.organisationId));
  return row?.p ?? true;
}

/** Starts a session for a user whose identity has been checked, with its audit event, in one transaction. */
export async function startSession({
  ctx: deps,
  input: { user, method, address },
}: {
  ctx: SignInCtx;
  input: {
    user: { id: string; organisationId: string; email: string };
    method: "password" | "two_factor" | "oidc";
    /** For password sign-ins: the address, whose failure count for this account is cleared. */
    address?: string;
  };
}) {
  return withTransaction(deps.db, async (tx) => {
    if (address !== undefined) await clearThrottle(tx, pairKey(user.email, address));
    // Signed in, so joined: an invitation still out (someone who came in through single sign-on) stops
    // working, and the admin pages no longer offer to resend or cancel it.
    await tx.update(users).set({ lastSignInAt: deps.now }).where(eq(users.id, user.id));
    await cancelLinks(tx, user.id, "invitation");
    const created = await createSession(tx, deps.secret, user.id, deps.now, {
      method: method === "oidc" ? "sso" : "password",
      secondFactor: method === "two_factor",
    });
    await recordAudit(
      tx,
      { actor: { userId: user.id, organisationId: user.organisationId }, requestId: deps.requestId },
      { action: "auth.login", entityType: "user", entityId: user.id, after: { method } },
    );
    return created;
  });
}

/**
 * What a correct password leads to: a session, or first the second factor (or setting one up, when the
 * organisation requires it and the person has none).
 */
export async function afterPassword({
  ctx,
  input: { user },
}: {
  ctx: Pick<PublicCtx, "db">;
  input: { user: User };
}): Promise<"session" | "two_factor" | "two_factor_setup"> {
  if (user.totpEnabledAt) return "two_factor";
  if (await twoFactorRequired(ctx.db, user.organisationId)) return "two_factor_setup";
  return "session";
}

/** Checks a second factor for a sign-in; a wrong one counts as a failure for the account and address. */
export async function checkSecondFactor({
  ctx: deps,
  input: { user, code, address },
}: {
  ctx: SignInCtx;
  input: { user: User; code: string; address: string };
}) {
  const pair = pairKey(user.email, address);
  await checkThrottle(deps.db, [pair], deps.now);
  if (!(await verifySecondFactor(deps.db, deps.secret, user, code, deps.now))) {
    await recordFailure(deps.db, pair, PAIR_RULE, deps.now);
    throw new AppError("unauthenticated", "The code is not right, or has been used already.", [
      { path: "code", message: "is not right, or has been used already" },
    ]);
  }
}

/** The API's sign-in: a password, and the code in the same request when the account uses two-factor. */
export async function login({ ctx, input }: { ctx: SignInCtx; input: LoginInput & { code?: string } }) {
  const user = await checkPassword({ ctx, input });
  const step = await afterPassword({ ctx, input: { user } });
  if (step === "two_factor_setup")
    throw new AppError(
      "forbidden",
      "Your organisation requires two-factor sign-in. Sign in on the web to set up an authenticator app.",
    );
  if (step === "two_factor") {
    if (!input.code)
      throw new AppError(
        "unauthenticated",
        "This account uses two-factor sign-in: send the code from the authenticator app, or a recovery code, as 'code'.",
        [{ path: "code", message: "is required" }],
      );
    await checkSecondFactor({ ctx, input: { user, code: input.code, address: input.address } });
  }
  const session = await startSession({
    ctx,
    input: { user, method: step === "two_factor" ? "two_factor" : "password", address: input.address },
  });
  return { user, session };
}
