// A submission's figures: written typed with the submission (writeFigures, in its transaction) and read by
// latestFigures, which assessments use; the performance table (and the compliance page and report through
// it) reads them joined to the contract's obligations by each one's latest submission, in the same query.
// The latest submission of each obligation counts.
import { and, asc, eq, inArray, lte, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { obligations, type SubmissionStatus, submissionFigures, submissions } from "../../db/schema/index.js";
import type { MetricUnit } from "../../model/performance.js";

/** The figures an obligation's latest submission reports. */
export interface ObligationFigures {
  obligationId: string;
  submissionId: string;
  clauseKey: string;
  period: string;
  periodEnd: string | null;
  status: SubmissionStatus;
  /** Each metric's figure by name. */
  figures: Map<string, number>;
}

/** Stores a new submission's figures (metric name to number, as the submit service checked them). */
export async function writeFigures(
  tx: DbOrTx,
  submission: { id: string },
  ob: { id: string; contractId: string; clauseKey: string; period: string; periodEnd: string | null },
  figures: Record<string, number>,
  units: Map<string, MetricUnit>,
): Promise<void> {
  const rows = Object.entries(figures).map(([metric, value]) => ({
    submissionId: submission.id,
    obligationId: ob.id,
    contractId: ob.contractId,
    clauseKey: ob.clauseKey,
    period: ob.period,
    periodEnd: ob.periodEnd,
    metric,
    kind: units.get(metric) ?? "number",
    value,
  }));
  if (rows.length) await tx.insert(submissionFigures).values(rows);
}

/**
 * The figures of each obligation's latest submission in a contract, the latest period first (those with
 * no period end last); optionally only some clauses, and periods ending on or before a date. Obligations
 * whose latest submission reports no figures are not listed.
 */
export async function latestFigures(
  db: DbOrTx,
  input: { contractId: string; clauseKeys?: string[]; periodEndBy?: string },
): Promise<ObligationFigures[]> {
  const f = submissionFigures;
  const where: SQL[] = [eq(f.contractId, input.contractId)];
  if (input.clauseKeys) {
    if (!input.clauseKeys.length) return [];
    where.push(inArray(f.clauseKey, input.clauseKeys));
  }
  if (input.periodEndBy) where.push(lte(f.periodEnd, input.periodEndBy));
  const rows = await db
    .select({
      obligationId: f.obligationId,
      submissionId: f.submissionId,
      clauseKey: f.clauseKey,
      period: f.period,
      periodEnd: f.periodEnd,
      status: submissions.status,
      metric: f.metric,
      value: f.value,
    })
    .from(f)
    .innerJoin(
      obligations,
      and(eq(obligations.id, f.obligationId), eq(obligations.latestSubmissionId, f.submissionId)),
    )
    .innerJoin(submissions, eq(submissions.id, f.submissionId))
    .where(and(...where))
    .orderBy(sql`${f.periodEnd} desc nulls last`, asc(f.clauseKey), asc(f.metric));
  const out = new Map<string, ObligationFigures>();
  for (const r of rows) {
    let o = out.get(r.submissionId);
    if (!o) {
      const { metric: _m, value: _v, ...head } = r;
      o = { ...head, figures: new Map() };
      out.set(r.submissionId, o);
    }
    o.figures.set(r.metric, Number(r.value));
  }
  return [...out.values()];
}
