// A contract's KPIs: carried from its specification when it is let, read by everyone party to it, and
// changed by the council's staff until the first confirmed assessment.
import { and, asc, eq, inArray } from "drizzle-orm";
import { type DbOrTx, withTransaction } from "../../db/client.js";
import { contractAssessments, contractKpis } from "../../db/schema/index.js";
import { conflict, validation } from "../../lib/errors.js";
import { type ContractKpiFields, type KpiInput, resolveKpis, withMostMaterial } from "../../model/kpis.js";
import { DEFAULT_TOLERANCE_PERCENT } from "../../model/performance.js";
import { kpiRuleProblem } from "../../model/procurement.js";
import { recordAudit } from "../audit/record.js";
import { libraryUnitJudge } from "../clauses/library-units.js";
import type { ServiceCtx } from "../context.js";
import { kpisOf } from "../specifications/kpis.js";
import { findSpecification, renderedClausesOf, type SpecificationRow } from "../specifications/queries.js";
import { findContract } from "./queries.js";

export type ContractKpiRow = typeof contractKpis.$inferSelect;

function contractKpiView(k: ContractKpiRow) {
  return {
    id: k.id,
    clauseKey: k.clauseKey,
    clauseTitle: k.clauseTitle,
    metric: k.metric,
    metricLabel: k.metricLabel,
    unit: k.unit,
    comparator: k.comparator,
    target: k.target,
    frequency: k.frequency,
    tolerancePercent: k.tolerancePercent,
    mostMaterial: k.mostMaterial,
  };
}

export async function contractKpiRows(db: DbOrTx, contractId: string): Promise<ContractKpiRow[]> {
  return db
    .select()
    .from(contractKpis)
    .where(eq(contractKpis.contractId, contractId))
    .orderBy(asc(contractKpis.position));
}

/**
 * The KPIs as people read them: each in the unit it is judged in, so a KPI carried from an older clause
 * version that holds a time taken as a number reads in weeks or months, as its figures are judged.
 */
async function readKpis(db: DbOrTx, rows: ContractKpiRow[]) {
  const unitOf = await libraryUnitJudge(
    db,
    rows.map((k) => k.clauseKey),
  );
  return rows.map((k) => ({ ...contractKpiView(k), unit: unitOf(k.clauseKey, k.metric, k.unit) }));
}

/** GET /api/contracts/:id/kpis. */
export async function listContractKpis({ ctx, input }: { ctx: ServiceCtx; input: { contractId: string } }) {
  const contract = await findContract({ ctx, input: { id: input.contractId } });
  return readKpis(ctx.db, await contractKpiRows(ctx.db, contract.id));
}

function kpiValues(contractId: string, kpis: ContractKpiFields[], now: Date) {
  return kpis.map((k, position) => ({
    contractId,
    position,
    clauseKey: k.clauseKey,
    clauseTitle: k.clauseTitle,
    metric: k.metric,
    metricLabel: k.metricLabel,
    unit: k.unit,
    comparator: k.comparator,
    target: k.target,
    frequency: k.frequency,
    tolerancePercent: k.tolerancePercent,
    mostMaterial: k.mostMaterial,
    createdAt: now,
    updatedAt: now,
  }));
}

/**
 * Letting a contract: the specification's KPIs become the contract's, each with the default tolerance,
 * and the first of them marked most material until min(3, count) are.
 */
export async function carryKpis(tx: DbOrTx, contractId: string, spec: SpecificationRow, now: Date) {
  const kpis = withMostMaterial(
    (await kpisOf({ ctx: { db: tx }, input: spec })).map((k) => ({
      ...k,
      tolerancePercent: DEFAULT_TOLERANCE_PERCENT,
    })),
  );
  if (kpis.length) await tx.insert(contractKpis).values(kpiValues(contractId, kpis, now));
  return kpis.length;
}

/**
 * PUT /api/contracts/:id/kpis: replaces the contract's KPIs with the list given, checked against the
 * clauses of the contract's specification (provider clauses and their metrics only), with tolerances and
 * min(3, count) most material, and against s.52's rule for Procurement Act contracts. A KPI kept (the same
 * clause and metric) keeps its id, so what refers to it still does.
 */
export async function setContractKpis({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { contractId: string; kpis: KpiInput[] };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const contract = await findContract({
      ctx: { ...ctx, db: tx },
      input: { id: input.contractId, lock: true },
    });
    // What a confirmed assessment judged against stays as it was (services/assessments).
    const [confirmed] = await tx
      .select({ id: contractAssessments.id })
      .from(contractAssessments)
      .where(
        and(eq(contractAssessments.contractId, contract.id), eq(contractAssessments.status, "confirmed")),
      )
      .limit(1);
    if (confirmed)
      throw conflict(
        "A performance assessment of this contract is confirmed: its KPIs can no longer change.",
      );
    const spec = await findSpecification({
      ctx: { ...ctx, db: tx },
      input: { id: contract.specificationId },
    });
    const { kpis, errors } = resolveKpis(
      input.kpis,
      await renderedClausesOf({ ctx: { ...ctx, db: tx }, input: spec }),
      { contract: true },
    );
    if (errors.length) throw validation(errors, "Some KPIs are not valid.");
    const ruleProblem = kpiRuleProblem(contract, kpis.length);
    if (ruleProblem) throw validation([ruleProblem], "The Procurement Act 2023 asks for three KPIs.");

    const before = await contractKpiRows(tx, contract.id);
    const keyOf = (k: { clauseKey: string; metric: string }) => `${k.clauseKey}/${k.metric}`;
    const wanted = new Set(kpis.map(keyOf));
    const gone = before.filter((k) => !wanted.has(keyOf(k))).map((k) => k.id);
    if (gone.length) await tx.delete(contractKpis).where(inArray(contractKpis.id, gone));
    const kept = new Map(before.map((k) => [keyOf(k), k.id]));
    for (const v of kpiValues(contract.id, kpis, ctx.now)) {
      const id = kept.get(keyOf(v));
      if (id) {
        const { createdAt: _c, ...change } = v;
        await tx.update(contractKpis).set(change).where(eq(contractKpis.id, id));
      } else {
        await tx.insert(contractKpis).values(v);
      }
    }
    const after = await contractKpiRows(tx, contract.id);
    await recordAudit(tx, ctx, {
      action: "contract.kpis.set",
      entityType: "contract",
      entityId: contract.id,
      before: before.map(contractKpiView),
      after: after.map(contractKpiView),
    });
    return readKpis(tx, after);
  });
}
