// "You said, we did": what changed because of people's views. The provider writes an entry; a reviewer of
// the commissioning organisation approves it (or not) before the public page shows it.

import { and, desc, eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import { type YouSaidStatus, youSaidWeDid } from "../../db/schema/index.js";
import { conflict, notFound } from "../../lib/errors.js";
import { longText } from "../../lib/text.js";
import { evidenceScope } from "../../model/access-policy.js";
import { TEXT_LIMITS } from "../../model/limits.js";
import { recordAudit } from "../audit/record.js";
import type { ServiceCtx } from "../context.js";
import { findContract } from "../contracts/queries.js";
import { parseInput } from "../input.js";

type Row = typeof youSaidWeDid.$inferSelect;

function youSaidView(r: Row) {
  return {
    id: r.id,
    contractId: r.contractId,
    youSaid: r.youSaid,
    weDid: r.weDid,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  };
}
export type YouSaidView = ReturnType<typeof youSaidView>;

/** An entry as it may be written: the one statement of the rule (POST .../you-said-we-did's body). */
export const youSaidInput = z
  .object({
    youSaid: z.string({ error: "is required" }).pipe(longText(TEXT_LIMITS.youSaid)),
    weDid: z.string({ error: "is required" }).pipe(longText(TEXT_LIMITS.youSaid)),
  })
  .strict();

export async function createYouSaid({
  ctx,
  input: given,
}: {
  ctx: ServiceCtx;
  /** The contract, and the entry as sent: judged here against youSaidInput (422 at each field). */
  input: { contractId: string } & Record<string, unknown>;
}) {
  const { contractId, ...raw } = given;
  const input = parseInput(youSaidInput, raw, "The entry has values that are not valid.");
  return withTransaction(ctx.db, async (tx) => {
    const contract = await findContract({ ctx: { ...ctx, db: tx }, input: { id: contractId } });
    const [row] = await tx
      .insert(youSaidWeDid)
      .values({
        contractId: contract.id,
        organisationId: contract.organisationId,
        providerOrganisationId: contract.providerOrganisationId,
        youSaid: input.youSaid,
        weDid: input.weDid,
        createdBy: ctx.actor.userId,
        createdAt: ctx.now,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: "you_said_we_did.create",
      entityType: "you_said_we_did",
      entityId: row!.id,
      organisationId: contract.organisationId,
      parentType: "contract",
      parentId: contract.id,
      after: youSaidView(row!),
    });
    return youSaidView(row!);
  });
}

/** Staff of the contract see every entry; representatives see the approved ones. */
export async function listYouSaid({
  ctx,
  input: { contractId },
}: {
  ctx: ServiceCtx;
  input: { contractId: string };
}) {
  const { db, actor } = ctx;
  await findContract({ ctx, input: { id: contractId } });
  const conds: SQL[] = [eq(youSaidWeDid.contractId, contractId)];
  if (evidenceScope(actor) === "shared") conds.push(eq(youSaidWeDid.status, "approved"));
  const rows = await db
    .select()
    .from(youSaidWeDid)
    .where(and(...conds))
    .orderBy(desc(youSaidWeDid.createdAt));
  return rows.map(youSaidView);
}

export async function approvedYouSaid(db: DbOrTx, contractId: string) {
  const rows = await db
    .select()
    .from(youSaidWeDid)
    .where(and(eq(youSaidWeDid.contractId, contractId), eq(youSaidWeDid.status, "approved")))
    .orderBy(desc(youSaidWeDid.decidedAt));
  return rows.map(youSaidView);
}

export async function decideYouSaid({
  ctx,
  input: { id, decision },
}: {
  ctx: ServiceCtx;
  input: { id: string; decision: Exclude<YouSaidStatus, "proposed"> };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const [before] = await tx
      .select()
      .from(youSaidWeDid)
      .where(and(eq(youSaidWeDid.id, id), eq(youSaidWeDid.organisationId, ctx.actor.organisationId)))
      .for("update");
    if (!before) throw notFound("you said, we did entry");
    if (before.status !== "proposed") throw conflict(`This entry was already ${before.status}.`);
    const [after] = await tx
      .update(youSaidWeDid)
      .set({ status: decision, decidedBy: ctx.actor.userId, decidedAt: ctx.now })
      .where(eq(youSaidWeDid.id, id))
      .returning();
    await recordAudit(tx, ctx, {
      action: `you_said_we_did.${decision === "approved" ? "approve" : "reject"}`,
      entityType: "you_said_we_did",
      entityId: id,
      organisationId: before.organisationId,
      parentType: "contract",
      parentId: before.contractId,
      before: { status: before.status },
      after: { status: after!.status },
    });
    return youSaidView(after!);
  });
}
