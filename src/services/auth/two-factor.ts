// Two-factor sign-in with an authenticator app (TOTP, RFC 6238, by the otpauth library) and ten
// single-use recovery codes stored as keyed hashes. A code is accepted once: the step it belongs to is
// remembered, so a code seen over someone's shoulder cannot be replayed within its 30 seconds.
import { and, eq, isNull } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import { organisationSignIn, recoveryCodes, users } from "../../db/schema/index.js";
import { decryptSecret, encryptSecret, keyedHash } from "../../lib/crypto.js";
import { AppError, conflict, forbidden, notFound, validation } from "../../lib/errors.js";
import { INPUT_LIMITS } from "../../model/limits.js";
import { recordAudit } from "../audit/record.js";
import type { PublicCtx, ServiceCtx, ServiceDeps } from "../context.js";
import { userOfMyOrganisation } from "../users/users.js";
import { confirmOwnPassword } from "./password.js";

const RECOVERY_CODE_COUNT = 10;
const ISSUER = "WithUs";
const PERIOD = 30;

type User = typeof users.$inferSelect;

/** The signed-in person's own row, for changing how they sign in: from a session, never with an API token. */
export async function ownAccount({ ctx }: { ctx: ServiceCtx; input?: Record<string, never> }): Promise<User> {
  if (ctx.actor.via !== "session")
    throw forbidden("Change how you sign in from a signed-in session, not with an API token.");
  const [user] = await ctx.db.select().from(users).where(eq(users.id, ctx.actor.userId));
  if (!user) throw notFound("user");
  return user;
}

const totpFor = (email: string, base32: string) =>
  new TOTP({
    issuer: ISSUER,
    label: email,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(base32),
  });

/** Whether the user's organisation requires a second factor for password sign-in. */
export async function twoFactorRequired(db: DbOrTx, organisationId: string): Promise<boolean> {
  const [row] = await db
    .select({ r: organisationSignIn.requireTwoFactor })
    .from(organisationSignIn)
    .where(eq(organisationSignIn.organisationId, organisationId));
  return row?.r ?? false;
}

/**
 * Begins setting up an authenticator app: a new secret, kept (encrypted) until a code from the app
 * confirms it. Returns what the person needs to add it: the QR code, and the secret as text.
 */
export async function beginTwoFactorSetup({
  ctx: { db, secret: appSecret },
  input: { user },
}: {
  ctx: Pick<PublicCtx, "db"> & Pick<ServiceDeps, "secret">;
  input: { user: User };
}) {
  if (user.totpEnabledAt)
    throw conflict("Two-factor sign-in is already on. Turn it off first to change the app.");
  // Keep an unconfirmed secret across page loads, so a person scanning it is not handed a new one.
  let base32 = user.totpSecret ? await decryptSecret(appSecret, user.totpSecret) : null;
  if (!base32) {
    base32 = new Secret({ size: 20 }).base32;
    await db
      .update(users)
      .set({ totpSecret: await encryptSecret(appSecret, base32) })
      .where(eq(users.id, user.id));
  }
  const uri = totpFor(user.email, base32).toString();
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return { secret: base32, uri, qrSvg };
}

/** The step a code belongs to when it is right and not yet used, else null. */
async function acceptTotp(appSecret: string, user: User, code: string, now: Date): Promise<number | null> {
  if (!user.totpSecret || !/^\d{6}$/.test(code)) return null;
  const totp = totpFor(user.email, await decryptSecret(appSecret, user.totpSecret));
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD) + delta;
  if (user.totpLastStep !== null && step <= user.totpLastStep) return null;
  return step;
}

/**
 * Confirms setup with a code from the app; turns two-factor on and returns the recovery codes (shown once).
 * The person acts for themselves (signed in, or still signing in), so the audit names them.
 */
export async function confirmTwoFactor({
  ctx: { db, secret: appSecret, now, requestId },
  input: { user, code },
}: {
  ctx: PublicCtx & Pick<ServiceDeps, "secret">;
  input: { user: User; code: string };
}) {
  if (user.totpEnabledAt) throw conflict("Two-factor sign-in is already on.");
  const step =
    code.length > INPUT_LIMITS.codeLength
      ? null
      : await acceptTotp(appSecret, user, code.replace(/\s/g, ""), now);
  if (step === null)
    throw validation([{ path: "code", message: "is not the code your authenticator app shows now" }]);
  return withTransaction(db, async (tx) => {
    await tx
      .update(users)
      .set({ totpEnabledAt: now, totpLastStep: step, updatedAt: now })
      .where(eq(users.id, user.id));
    const codes = await replaceRecoveryCodes(tx, appSecret, user.id);
    await recordAudit(
      tx,
      { actor: { userId: user.id, organisationId: user.organisationId }, requestId },
      {
        action: "user.two_factor_on",
        entityType: "user",
        entityId: user.id,
        organisationId: user.organisationId,
      },
    );
    return codes;
  });
}

async function replaceRecoveryCodes(tx: DbOrTx, appSecret: string, userId: string) {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    formatRecoveryCode(new Secret({ size: 8 }).base32),
  );
  await tx.insert(recoveryCodes).values(
    await Promise.all(
      codes.map(async (c) => ({
        userId,
        codeHash: await keyedHash(appSecret, recoveryHashInput(userId, c)),
      })),
    ),
  );
  return codes;
}

/** Ten base32 characters (50 random bits) in two groups, easy to read aloud and type. */
function formatRecoveryCode(random: string) {
  const s = random
    .replace(/[^A-Za-z0-9]/g, "")
    .toLowerCase()
    .padEnd(10, "7")
    .slice(0, 10);
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

const normaliseRecovery = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");
const recoveryHashInput = (userId: string, code: string) => `recovery:${userId}:${normaliseRecovery(code)}`;

/**
 * Checks a second factor: a code from the app, or an unused recovery code (which is then used up).
 * True when accepted.
 */
export async function verifySecondFactor(
  db: DbOrTx,
  appSecret: string,
  user: User,
  input: string,
  now: Date,
) {
  // Longer than a code can be (model/limits.ts): not right, whoever calls.
  if (input.length > INPUT_LIMITS.codeLength) return false;
  const code = input.replace(/\s/g, "");
  const step = await acceptTotp(appSecret, user, code, now);
  if (step !== null) {
    // Conditional on the last step, so two requests with one code cannot both pass.
    const rows = await db
      .update(users)
      .set({ totpLastStep: step })
      .where(
        and(
          eq(users.id, user.id),
          user.totpLastStep === null ? isNull(users.totpLastStep) : eq(users.totpLastStep, user.totpLastStep),
        ),
      )
      .returning({ id: users.id });
    return rows.length === 1;
  }
  if (normaliseRecovery(code).length !== 10) return false;
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(recoveryCodes.userId, user.id),
        eq(recoveryCodes.codeHash, await keyedHash(appSecret, recoveryHashInput(user.id, code))),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return used.length === 1;
}

export async function recoveryCodesLeft({
  ctx,
  input: { userId },
}: {
  ctx: Pick<PublicCtx, "db">;
  input: { userId: string };
}) {
  const rows = await ctx.db
    .select({ id: recoveryCodes.id })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return rows.length;
}

/**
 * Turns two-factor on from the person's own account: their password first (throttled), so that someone
 * holding only their session cannot put an app of their own on the account and shut its owner out.
 */
export async function turnOnTwoFactor({
  ctx,
  input,
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "secret">;
  /** address: the caller's, whose failed tries at the password are counted as a sign-in's are. */
  input: { code: string; password: string; address: string };
}) {
  const user = await ownAccount({ ctx });
  if (!user.passwordHash)
    throw conflict(
      "Two-factor sign-in is for signing in with a password; you sign in through your organisation's single sign-on.",
    );
  await confirmOwnPassword(ctx, user, input.password, input.address);
  return confirmTwoFactor({ ctx, input: { user, code: input.code } });
}

/** Turns two-factor off, with the password as proof (throttled); not allowed when the organisation requires it. */
export async function turnOffTwoFactor({
  ctx,
  input: { password, address },
}: {
  ctx: ServiceCtx;
  input: { password: string; address: string };
}) {
  const user = await ownAccount({ ctx });
  await confirmOwnPassword(ctx, user, password, address);
  if (await twoFactorRequired(ctx.db, user.organisationId))
    throw new AppError(
      "conflict",
      "Your organisation requires two-factor sign-in, so it cannot be turned off.",
    );
  await removeTwoFactor(ctx, user, "user.two_factor_off");
}

/**
 * An administrator turns off the two-factor sign-in of a user of their organisation who has lost their
 * phone and their recovery codes: the password still guards the account, and the person sets up an app
 * again (at their next sign-in, when the organisation requires it).
 */
export async function resetTwoFactor({
  ctx,
  input: { userId },
}: {
  ctx: ServiceCtx;
  input: { userId: string };
}) {
  const user = await userOfMyOrganisation({ ctx, input: { userId } });
  if (user.id === ctx.actor.userId)
    throw conflict("Turn off your own two-factor sign-in from your account page, with your password.");
  if (user.totpEnabledAt || user.totpSecret) await removeTwoFactor(ctx, user, "user.two_factor_reset");
  return user;
}

async function removeTwoFactor(ctx: ServiceCtx, user: User, action: string) {
  await withTransaction(ctx.db, async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: ctx.now })
      .where(eq(users.id, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await recordAudit(tx, ctx, {
      action,
      entityType: "user",
      entityId: user.id,
      organisationId: user.organisationId,
    });
  });
}
