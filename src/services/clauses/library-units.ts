// The units the clause library's current published versions give their metrics, for judging a metric that
// an older clause version or specification holds in a unit since corrected (model/performance.ts judgedUnit).
import { and, desc, eq, inArray, isNull, type SQLWrapper, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { clauses, clauseVersions } from "../../db/schema/index.js";
import type { MetricUnit } from "../../model/performance.js";

/**
 * "<clause key> <metric name>" -> the unit in the library's latest published version of that clause. The
 * keys are a list, or a query giving them (so a caller that reads its keys from its obligations need not
 * wait for them: contractPerformance).
 */
export async function libraryMetricUnits(
  db: DbOrTx,
  keys: string[] | SQLWrapper,
): Promise<Map<string, MetricUnit>> {
  const units = new Map<string, MetricUnit>();
  if (Array.isArray(keys) && !keys.length) return units;
  const rows = await db
    .selectDistinctOn([clauses.key], {
      key: clauses.key,
      // Only the metrics, not the whole clause.
      metrics: sql<Array<{
        name: string;
        unit: MetricUnit;
      }> | null>`${clauseVersions.content}->'threshold'->'metrics'`,
    })
    .from(clauseVersions)
    .innerJoin(clauses, eq(clauses.id, clauseVersions.clauseId))
    .where(
      and(
        isNull(clauses.organisationId),
        inArray(clauses.key, Array.isArray(keys) ? [...new Set(keys)] : keys),
        eq(clauseVersions.status, "published"),
      ),
    )
    .orderBy(clauses.key, desc(clauseVersions.version));
  for (const r of rows) for (const m of r.metrics ?? []) units.set(`${r.key} ${m.name}`, m.unit);
  return units;
}
