// A reviewer marks an obligation not applicable (with a reason), or withdraws that. Waived obligations
// take no evidence and count neither for nor against compliance.
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { withTransaction } from "../../db/client.js";
import { obligations } from "../../db/schema/index.js";
import { conflict } from "../../lib/errors.js";
import { longText } from "../../lib/text.js";
import { londonDate } from "../../model/dates.js";
import { TEXT_LIMITS } from "../../model/limits.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { findObligation, getObligation } from "../contracts/queries.js";
import { parseInput } from "../input.js";
import { announceWaiver } from "../notifications/events.js";
import { stateFromSubmissions } from "./obligation-state.js";

/** Why an obligation does not apply: the one statement of the rule (POST /api/obligations/:id/waive's body). */
export const waiveInput = z
  .object({ reason: z.string({ error: "is required" }).pipe(longText(TEXT_LIMITS.waiveReason)) })
  .strict();

/** Why a waiver is withdrawn, if anyone says (POST /api/obligations/:id/reinstate's body). */
export const reinstateInput = z
  .object({ reason: longText({ max: TEXT_LIMITS.waiveReason.max }).optional() })
  .strict();

export async function waiveObligation({
  ctx,
  input: { id, reason: given },
}: {
  ctx: ServiceCtx;
  input: { id: string; reason: unknown };
}) {
  const { reason } = parseInput(waiveInput, { reason: given }, "The waiver has values that are not valid.");
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
  input: { id, reason: given },
}: {
  ctx: ServiceCtx;
  input: { id: string; reason?: unknown };
}) {
  const { reason } = parseInput(reinstateInput, given === undefined ? {} : { reason: given });
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
