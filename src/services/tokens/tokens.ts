// Personal API tokens: created for oneself from a signed-in session (a token cannot make tokens), shown
// once, stored as a keyed hash, optionally with an end date, revocable by their owner and by an admin of
// the owner's organisation.
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { withTransaction } from "../../db/client.js";
import { apiTokens } from "../../db/schema/index.js";
import { keyedHash, randomToken } from "../../lib/crypto.js";
import { forbidden, notFound, validation } from "../../lib/errors.js";
import { shortText } from "../../lib/text.js";
import { TEXT_LIMITS } from "../../model/limits.js";
import { recordAudit } from "../audit/record.js";
import { TOKEN_PREFIX } from "../auth/sessions.js";
import type { ServiceCtx, ServiceDeps } from "../context.js";
import { parseInput } from "../input.js";
import { userOfMyOrganisation } from "../users/users.js";

/** The longest a token may be given: a year, so forgotten tokens do not live for ever by choice. */
const MAX_TOKEN_LIFETIME_MS = 366 * 24 * 60 * 60 * 1000;

const tokenView = (t: typeof apiTokens.$inferSelect) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  expiresAt: t.expiresAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** A token's name as createToken judges it; POST /api/tokens describes its body's name with it. */
export const tokenName = shortText(TEXT_LIMITS.tokenName);

export async function createToken({
  ctx,
  input,
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "secret">;
  input: { name: string; expiresAt?: Date | null };
}) {
  const { secret } = ctx;
  // A stolen token must not be able to mint others that outlive its revocation.
  if (ctx.actor.via !== "session")
    throw forbidden("API tokens are created from a signed-in session, not with a token.");
  const { name } = parseInput(z.object({ name: tokenName }), { name: input.name });
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && expiresAt <= ctx.now)
    throw validation([{ path: "expiresAt", message: "must be in the future" }]);
  if (expiresAt && expiresAt.getTime() - ctx.now.getTime() > MAX_TOKEN_LIFETIME_MS)
    throw validation([{ path: "expiresAt", message: "must be within a year" }]);
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  const tokenHash = await keyedHash(secret, token);
  return withTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId: ctx.actor.userId,
        name,
        tokenHash,
        prefix: token.slice(0, 10),
        expiresAt,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: "token.create",
      entityType: "api_token",
      entityId: row!.id,
      after: tokenView(row!),
    });
    return { ...tokenView(row!), token };
  });
}

export async function listTokens({
  ctx,
  input: { userId },
}: {
  ctx: ServiceCtx;
  input: { userId?: string };
}) {
  const owner = userId ? (await userOfMyOrganisation({ ctx, input: { userId } })).id : ctx.actor.userId;
  const rows = await ctx.db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, owner))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(tokenView);
}

/** Revokes one token of the caller's, or (userId given, for admins) of a user of the caller's organisation. */
export async function revokeToken({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { id: string; userId?: string };
}) {
  const owner = input.userId
    ? (await userOfMyOrganisation({ ctx, input: { userId: input.userId } })).id
    : ctx.actor.userId;
  return withTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: ctx.now })
      .where(and(eq(apiTokens.id, input.id), eq(apiTokens.userId, owner), isNull(apiTokens.revokedAt)))
      .returning();
    if (!row) throw notFound("token");
    await recordAudit(tx, ctx, {
      action: "token.revoke",
      entityType: "api_token",
      entityId: row.id,
      after: tokenView(row),
    });
  });
}
