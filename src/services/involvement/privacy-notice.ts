// The privacy notice a representative reads once, before their first view: whether they have, and saying
// that they have (stored per person, with an audit event).
import { and, eq } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import { noticeAcknowledgements } from "../../db/schema/index.js";
import { VIEWS_NOTICE } from "../../model/involvement.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";

/** When the caller acknowledged the views notice, or null when they have not yet. */
export async function viewsNoticeReadAt({
  ctx,
}: {
  ctx: ServiceCtx;
  input?: Record<string, never>;
}): Promise<Date | null> {
  const userId = ctx.actor.userId;
  const [row] = await ctx.db
    .select({ at: noticeAcknowledgements.acknowledgedAt })
    .from(noticeAcknowledgements)
    .where(and(eq(noticeAcknowledgements.userId, userId), eq(noticeAcknowledgements.notice, VIEWS_NOTICE)));
  return row?.at ?? null;
}

/** Records that the caller has read the views notice; a second time changes nothing. */
export async function acknowledgeViewsNotice({
  ctx,
}: {
  ctx: ServiceCtx;
  input?: Record<string, never>;
}): Promise<void> {
  await withTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .insert(noticeAcknowledgements)
      .values({ userId: ctx.actor.userId, notice: VIEWS_NOTICE, acknowledgedAt: ctx.now })
      .onConflictDoNothing()
      .returning();
    if (!row) return;
    await recordAudit(tx, ctx, {
      action: "notice.acknowledge",
      entityType: "user",
      entityId: ctx.actor.userId,
      after: { notice: VIEWS_NOTICE },
    });
  });
}
