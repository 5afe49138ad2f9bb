// The clause behind an obligation, as the contract's specification words it: what evidence is asked for,
// what the reviewer checks, and the metrics (with targets) a submission reports.
import { eq, sql } from "drizzle-orm";
import { clauseVersions, contracts, specifications } from "../../db/schema/index.js";
import { type RenderedClause, renderClause } from "../../model/clause-schema.js";
import { libraryMetricsSql, unitJudge, withJudgedUnits } from "../clauses/library-units.js";
import type { PublicCtx, ServiceCtx } from "../context.js";
import { findObligation, getObligation, type ObligationRow } from "./queries.js";

export async function clauseOfObligation({
  ctx,
  input: ob,
}: {
  ctx: Pick<PublicCtx, "db">;
  input: Pick<ObligationRow, "contractId" | "clauseKey" | "clauseVersionId">;
}): Promise<RenderedClause> {
  const clauses = await clausesOfContract({
    ctx,
    input: {
      contractId: ob.contractId,
      clauses: [{ clauseKey: ob.clauseKey, clauseVersionId: ob.clauseVersionId }],
    },
  });
  return clauses.get(ob.clauseKey)!;
}

type ClauseRef = Pick<ObligationRow, "clauseKey" | "clauseVersionId">;

/**
 * Several clauses of one contract's obligations, each as clauseOfObligation gives it, by key, its metrics in
 * the units they are judged in (withJudgedUnits; the library's read in the same round trip). Only those
 * clauses leave the database: a specification's snapshot holds every clause's whole text.
 */
async function clausesOfContract({
  ctx,
  input,
}: {
  ctx: Pick<PublicCtx, "db">;
  input: { contractId: string; clauses: ClauseRef[] };
}): Promise<Map<string, RenderedClause>> {
  const keys = sql.join(
    input.clauses.map((c) => sql`${c.clauseKey}`),
    sql`, `,
  );
  const [spec] = await ctx.db
    .select({
      clauses: sql<RenderedClause[] | null>`(select jsonb_agg(c)
        from jsonb_array_elements(${specifications.snapshot}->'clauses') c where c->>'key' in (${keys}))`,
      library: libraryMetricsSql(input.clauses.map((c) => c.clauseKey)),
    })
    .from(contracts)
    .innerJoin(specifications, eq(specifications.id, contracts.specificationId))
    .where(eq(contracts.id, input.contractId));
  const found = await clausesOfSnapshot({
    ctx,
    input: { snapshot: { clauses: spec?.clauses ?? [] }, clauses: input.clauses },
  });
  const unitOf = unitJudge(spec?.library ?? null);
  return new Map([...found].map(([key, clause]) => [key, withJudgedUnits(clause, unitOf)]));
}

/**
 * The same from the contract's specification snapshot, already read: whole, or cut to what the caller reads
 * (findContractForFigures reads the clauses' keys and metrics).
 */
export async function clausesOfSnapshot<C extends Pick<RenderedClause, "key">>({
  ctx,
  input,
}: {
  ctx: Pick<PublicCtx, "db">;
  input: { snapshot: { clauses: C[] } | null; clauses: ClauseRef[] };
}): Promise<Map<string, C | RenderedClause>> {
  const { db } = ctx;
  const fromSpec = new Map((input.snapshot?.clauses ?? []).map((c) => [c.key, c]));
  const out = new Map<string, C | RenderedClause>();
  for (const ob of input.clauses) {
    const kept = fromSpec.get(ob.clauseKey);
    if (kept) {
      out.set(ob.clauseKey, kept);
      continue;
    }
    // Kept from an earlier version of the specification: the clause version, without parameter values.
    const [v] = await db.select().from(clauseVersions).where(eq(clauseVersions.id, ob.clauseVersionId));
    out.set(ob.clauseKey, renderClause(ob.clauseKey, v!.version, v!.content, {}));
  }
  return out;
}

export function metricDefinitions(clause: Pick<RenderedClause, "threshold">) {
  return (clause.threshold?.metrics ?? []).map((m) => ({
    name: m.name,
    label: m.label,
    unit: m.unit,
    comparator: m.comparator,
    target: numberOrNull(m.target),
  }));
}

function numberOrNull(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}
export type MetricDefinition = ReturnType<typeof metricDefinitions>[number];

/** An obligation with what its clause asks for: the evidence, the reviewer's checks and the metrics. */
export async function obligationDetail({
  ctx,
  input: { id, today },
}: {
  ctx: Pick<ServiceCtx, "db" | "actor">;
  input: { id: string; today: string };
}) {
  const view = await getObligation({ ctx, input: { id, today } });
  const row = await findObligation({ ctx, input: { id } });
  const clause = await clauseOfObligation({ ctx, input: row });
  return {
    ...view,
    evidence: clause.evidence.documents,
    reviewerChecks: clause.evidence.reviewerChecks,
    threshold: clause.threshold?.description ?? null,
    metrics: metricDefinitions(clause),
  };
}
