// A specification's KPIs: designated while it is a draft (PUT replaces the list), inherited by a revision,
// frozen at issue with the rest of the specification, and carried to a contract when it is let.
import { asc, eq } from "drizzle-orm";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import { specificationKpis, specifications } from "../../db/schema/index.js";
import { validation } from "../../lib/errors.js";
import { type Kpi, type KpiInput, resolveKpis } from "../../model/kpis.js";
import { recordAudit } from "../audit/record.js";
import type { PublicCtx, ServiceCtx } from "../context.js";
import { findSpecification, renderedClausesOf, type SpecificationRow } from "./queries.js";
import { assertDraft } from "./write.js";

/**
 * The KPIs of a specification as a plain list, in order, each with its clause's title and the metric's
 * label, unit and direction: what the documents print. A designation whose clause or metric has since left
 * the draft is left out (issuing refuses until it is mended: kpiProblems).
 */
export async function kpisOf({
  ctx,
  input: spec,
}: {
  ctx: Pick<PublicCtx, "db">;
  input: SpecificationRow;
}): Promise<Kpi[]> {
  const { db } = ctx;
  const rows = await designationsOf(db, spec.id);
  if (!rows.length) return [];
  const { kpis } = resolveKpis(
    rows.map(({ clauseKey, metric, target, frequency, mostMaterial }) => ({
      clauseKey,
      metric,
      target,
      frequency,
      mostMaterial,
    })),
    await renderedClausesOf({ ctx, input: spec }),
    { contract: false },
  );
  return kpis;
}

async function designationsOf(db: DbOrTx, specificationId: string) {
  return db
    .select()
    .from(specificationKpis)
    .where(eq(specificationKpis.specificationId, specificationId))
    .orderBy(asc(specificationKpis.position));
}

/** What stops the KPIs being issued as they are: each at its field, as PUT would answer. */
export async function kpiProblems(db: DbOrTx, spec: SpecificationRow) {
  const rows = await designationsOf(db, spec.id);
  return resolveKpis(rows, await renderedClausesOf({ ctx: { db }, input: spec }), { contract: false }).errors;
}

/** GET /api/specifications/:id/kpis. */
export async function listSpecificationKpis({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { specificationId: string };
}) {
  const spec = await findSpecification({ ctx, input: { id: input.specificationId } });
  return kpisOf({ ctx, input: spec });
}

/** PUT /api/specifications/:id/kpis: replaces the draft's KPIs with the list given. */
export async function setSpecificationKpis({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { specificationId: string; kpis: KpiInput[] };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const spec = await findSpecification({
      ctx: { ...ctx, db: tx },
      input: { id: input.specificationId, lock: true },
    });
    assertDraft(spec);
    const { kpis, errors } = resolveKpis(
      input.kpis,
      await renderedClausesOf({ ctx: { ...ctx, db: tx }, input: spec }),
      { contract: false },
    );
    if (errors.length) throw validation(errors, "Some KPIs are not valid.");
    const before = await kpisOf({ ctx: { ...ctx, db: tx }, input: spec });
    await tx.delete(specificationKpis).where(eq(specificationKpis.specificationId, spec.id));
    if (kpis.length) {
      await tx.insert(specificationKpis).values(
        kpis.map((k, position) => ({
          specificationId: spec.id,
          position,
          clauseKey: k.clauseKey,
          metric: k.metric,
          target: k.target,
          frequency: k.frequency,
          mostMaterial: k.mostMaterial,
        })),
      );
    }
    // The draft changed: an issue already rendering from the old list must start again.
    await tx.update(specifications).set({ updatedAt: ctx.now }).where(eq(specifications.id, spec.id));
    await recordAudit(tx, ctx, {
      action: "specification.kpis.set",
      entityType: "specification",
      entityId: spec.id,
      before,
      after: kpis,
    });
    return kpis;
  });
}
