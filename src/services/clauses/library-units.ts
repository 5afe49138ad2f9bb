// The units the clause library's current published versions give their metrics, for judging a metric that
// an older clause version or specification holds in a unit since corrected (model/performance.ts judgedUnit).
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { clauses, clauseVersions } from "../../db/schema/index.js";
import type { MetricUnit } from "../../model/performance.js";

/** "<clause key> <metric name>" -> the unit in the library's latest published version of that clause. */
export async function libraryMetricUnits(db: DbOrTx, keys: string[]): Promise<Map<string, MetricUnit>> {
  const units = new Map<string, MetricUnit>();
  if (!keys.length) return units;
  const rows = await db
    .selectDistinctOn([clauses.key], { key: clauses.key, content: clauseVersions.content })
    .from(clauseVersions)
    .innerJoin(clauses, eq(clauses.id, clauseVersions.clauseId))
    .where(
      and(
        isNull(clauses.organisationId),
        inArray(clauses.key, [...new Set(keys)]),
        eq(clauseVersions.status, "published"),
      ),
    )
    .orderBy(clauses.key, desc(clauseVersions.version));
  for (const r of rows)
    for (const m of r.content.threshold?.metrics ?? []) units.set(`${r.key} ${m.name}`, m.unit);
  return units;
}
