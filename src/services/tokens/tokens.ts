// Personal API tokens: created for oneself, shown once, stored as a keyed hash, revocable.
import { and, desc, eq, isNull } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import { apiTokens } from "../../db/schema/index.js";
import { keyedHash, randomToken } from "../../lib/crypto.js";
import { notFound } from "../../lib/errors.js";
import { recordAudit } from "../audit/record.js";
import { TOKEN_PREFIX } from "../auth/sessions.js";
import type { ServiceCtx } from "../context.js";

export const tokenView = (t: typeof apiTokens.$inferSelect) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

export async function createToken({
  ctx,
  input,
  secret,
}: {
  ctx: ServiceCtx;
  input: { name: string };
  secret: string;
}) {
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  const tokenHash = await keyedHash(secret, token);
  return withTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: ctx.actor.userId, name: input.name, tokenHash, prefix: token.slice(0, 10) })
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

export async function listTokens({ ctx }: { ctx: ServiceCtx }) {
  const rows = await ctx.db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, ctx.actor.userId))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(tokenView);
}

export async function revokeToken({ ctx, input }: { ctx: ServiceCtx; input: { id: string } }) {
  return withTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: ctx.now })
      .where(
        and(eq(apiTokens.id, input.id), eq(apiTokens.userId, ctx.actor.userId), isNull(apiTokens.revokedAt)),
      )
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
