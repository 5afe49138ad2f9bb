// The one place that reads the figures providers report (each submission's `metrics`, stored as JSON) for
// assessments, until they are stored typed: the latest submission of each obligation counts.
import { and, desc, eq, inArray, isNotNull, lte } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { obligations, submissions } from "../../db/schema/index.js";
import type { AssessedFigure } from "../../model/assessment.js";
import { storedFigure } from "../../model/performance.js";

/**
 * For each clause/metric asked for, the figure of the latest period ending on or before `periodEnd` whose
 * latest submission reports it, keyed "<clause key>/<metric>".
 */
export async function latestFigures(
  db: DbOrTx,
  contractId: string,
  wanted: Array<{ clauseKey: string; metric: string }>,
  periodEnd: string,
): Promise<Map<string, AssessedFigure>> {
  const out = new Map<string, AssessedFigure>();
  if (!wanted.length) return out;
  const rows = await db
    .select({
      clauseKey: obligations.clauseKey,
      period: obligations.period,
      periodEnd: obligations.periodEnd,
      state: obligations.state,
      metrics: submissions.metrics,
    })
    .from(obligations)
    .innerJoin(submissions, eq(submissions.id, obligations.latestSubmissionId))
    .where(
      and(
        eq(obligations.contractId, contractId),
        inArray(obligations.clauseKey, [...new Set(wanted.map((w) => w.clauseKey))]),
        isNotNull(obligations.periodEnd),
        lte(obligations.periodEnd, periodEnd),
      ),
    )
    .orderBy(desc(obligations.periodEnd));
  for (const w of wanted) {
    const key = `${w.clauseKey}/${w.metric}`;
    for (const r of rows) {
      if (r.clauseKey !== w.clauseKey) continue;
      const value = storedFigure(r.metrics[w.metric]);
      if (value === null) continue;
      out.set(key, { period: r.period, periodEnd: r.periodEnd!, value, accepted: r.state === "accepted" });
      break;
    }
  }
  return out;
}
