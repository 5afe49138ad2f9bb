// A contract's KPIs: carried from its specification when it is let, read by everyone party to it, and
// changed by the council's staff until the first confirmed assessment.
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { contractKpis } from "../../db/schema/index.js";
import { type ContractKpiFields, withMostMaterial } from "../../model/kpis.js";
import { DEFAULT_TOLERANCE_PERCENT } from "../../model/performance.js";
import type { ServiceCtx } from "../context.js";
import { kpisOf } from "../specifications/kpis.js";
import type { SpecificationRow } from "../specifications/queries.js";
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

async function contractKpiRows(db: DbOrTx, contractId: string): Promise<ContractKpiRow[]> {
  return db
    .select()
    .from(contractKpis)
    .where(eq(contractKpis.contractId, contractId))
    .orderBy(asc(contractKpis.position));
}

/** GET /api/contracts/:id/kpis. */
export async function listContractKpis({ ctx, input }: { ctx: ServiceCtx; input: { contractId: string } }) {
  const contract = await findContract({ ctx, input: { id: input.contractId } });
  return (await contractKpiRows(ctx.db, contract.id)).map(contractKpiView);
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
    (await kpisOf(tx, spec)).map((k) => ({ ...k, tolerancePercent: DEFAULT_TOLERANCE_PERCENT })),
  );
  if (kpis.length) await tx.insert(contractKpis).values(kpiValues(contractId, kpis, now));
  return kpis.length;
}
