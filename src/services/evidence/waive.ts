// A reviewer marks an obligation not applicable (with a reason), or withdraws that. Waived obligations
// take no evidence and count neither for nor against compliance.
import { eq, sql } from "drizzle-orm";
import { withTransaction } from "../../db/client.js";
import { obligations } from "../../db/schema/index.js";
import { conflict } from "../../lib/errors.js";
import { londonDate } from "../../model/dates.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { findObligation, getObligation } from "../contracts/queries.js";
import { announceWaiver } from "../notifications/events.js";
import { stateFromSubmissions } from "./obligation-state.js";

export async function waiveObligation({ ctx, id, reason }: { ctx: ServiceCtx; id: string; reason: string }) {
  return withTransaction(ctx.db, async (tx) => {
    const ob = await findObligation({ ctx: { ...ctx, db: tx }, input: { id, lock: true } });
    if (ob.state === "not_applicable") throw conflict("This obligation is already marked not applicable.");
    if (ob.state === "accepted") {
      throw conflict("Evidence for this obligation has been accepted; it cannot be marked not applicable.");
    }
    if (ob.state === "submitted") {
      throw conflict("Evidence for this obligation is awaiting review: decide on it first.");
    }
    await tx
      .update(obligations)
      .set({
        state: "not_applicable",
        verdict: null,
        stateReason: reason,
        revision: sql`${obligations.revision} + 1`,
        updatedAt: ctx.now,
      })
      .where(eq(obligations.id, id));
    await announceWaiver(tx, ob, ctx.now);
    await recordAudit(tx, ctx, {
      action: "obligation.waive",
      entityType: "obligation",
      entityId: id,
      organisationId: ob.organisationId,
      parentType: "contract",
      parentId: ob.contractId,
      before: { state: ob.state, verdict: ob.verdict },
      after: { state: "not_applicable", reason },
    });
    return getObligation({ ctx: { ...ctx, db: tx }, input: { id, today: londonDate(ctx.now) } });
  });
}

export async function reinstateObligation({
  ctx,
  id,
  reason,
}: {
  ctx: ServiceCtx;
  id: string;
  reason?: string;
}) {
  return withTransaction(ctx.db, async (tx) => {
    const ob = await findObligation({ ctx: { ...ctx, db: tx }, input: { id, lock: true } });
    if (ob.state !== "not_applicable") throw conflict("This obligation is not marked not applicable.");
    const next = await stateFromSubmissions(tx, ob);
    await tx
      .update(obligations)
      .set({
        state: next.state,
        verdict: next.verdict,
        stateReason: reason ?? null,
        revision: sql`${obligations.revision} + 1`,
        updatedAt: ctx.now,
      })
      .where(eq(obligations.id, id));
    await recordAudit(tx, ctx, {
      action: "obligation.reinstate",
      entityType: "obligation",
      entityId: id,
      organisationId: ob.organisationId,
      parentType: "contract",
      parentId: ob.contractId,
      before: { state: ob.state, reason: ob.stateReason },
      after: { ...next, reason: reason ?? null },
    });
    return getObligation({ ctx: { ...ctx, db: tx }, input: { id, today: londonDate(ctx.now) } });
  });
}
