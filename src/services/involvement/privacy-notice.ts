// The privacy notice a representative reads once, before their first view: its words, whether they have read it,
// and saying that they have (stored per person, with an audit event). The rule that it comes first is here, asked by
// createValidation, so the pages and the API hold to it alike.
import { and, eq } from "drizzle-orm";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import { noticeAcknowledgements } from "../../db/schema/index.js";
import { conflict } from "../../lib/errors.js";
import { VIEWS_NOTICE, viewsPrivacyNotice } from "../../model/involvement.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";

async function readAt(db: DbOrTx, userId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: noticeAcknowledgements.acknowledgedAt })
    .from(noticeAcknowledgements)
    .where(and(eq(noticeAcknowledgements.userId, userId), eq(noticeAcknowledgements.notice, VIEWS_NOTICE)));
  return row?.at ?? null;
}

/** When the caller acknowledged the views notice, or null when they have not yet. */
export async function viewsNoticeReadAt({
  ctx,
}: {
  ctx: ServiceCtx;
  input?: Record<string, never>;
}): Promise<Date | null> {
  return readAt(ctx.db, ctx.actor.userId);
}

/** The notice as the caller reads it (their group named in it), and when they said they had read it. */
export async function viewsNotice({ ctx }: { ctx: ServiceCtx; input?: Record<string, never> }): Promise<{
  notice: string;
  heading: string;
  paragraphs: string[];
  readAt: string | null;
}> {
  const at = await readAt(ctx.db, ctx.actor.userId);
  return {
    notice: VIEWS_NOTICE,
    ...viewsPrivacyNotice(ctx.actor.organisationName),
    readAt: at ? at.toISOString() : null,
  };
}

/** Refuses a view from someone who has not read the notice (409): it comes before their first view. */
export async function requireViewsNoticeRead(db: DbOrTx, ctx: ServiceCtx): Promise<void> {
  if (await readAt(db, ctx.actor.userId)) return;
  throw conflict(
    "Read the privacy notice before giving your first view: it says who sees your view and your name, and for how long (GET /api/involvement/views-notice, then POST to say you have read it).",
  );
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
