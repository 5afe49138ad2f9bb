// How a user wants their email: at once, in a daily digest, or not at all (they still see every
// notification in the app). Messages about their own account always go at once.
import { eq } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import { type EmailPreference, notificationPreferences } from "../../db/schema/index.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";

export async function getPreferences({
  ctx,
}: {
  ctx: ServiceCtx;
  input?: Record<string, never>;
}): Promise<{ email: EmailPreference }> {
  const [row] = await ctx.db
    .select({ email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, ctx.actor.userId));
  return { email: row?.email ?? "immediately" };
}

export async function setPreferences({ ctx, input }: { ctx: ServiceCtx; input: { email: EmailPreference } }) {
  return withTransaction(ctx.db, async (tx) => {
    const before = await getPreferences({ ctx: { ...ctx, db: tx } });
    await tx
      .insert(notificationPreferences)
      .values({ userId: ctx.actor.userId, email: input.email, updatedAt: ctx.now })
      .onConflictDoUpdate({
        target: notificationPreferences.userId,
        set: { email: input.email, updatedAt: ctx.now },
      });
    if (before.email !== input.email) {
      await recordAudit(tx, ctx, {
        action: "notification_preferences.update",
        entityType: "user",
        entityId: ctx.actor.userId,
        before,
        after: { email: input.email },
      });
    }
    return { email: input.email };
  });
}
