// The units the clause library's current published versions give their metrics, for judging a metric that
// an older clause version or specification holds in a unit since corrected (model/performance.ts judgedUnit).
import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import type { RenderedClause } from "../../model/clause-schema.js";
import { judgedUnit, type MetricUnit } from "../../model/performance.js";

/** What the library's latest published version of a clause says of its metrics' units. */
export type LibraryMetrics = Array<{
  key: string;
  metrics: Array<{ name: string; unit: MetricUnit }> | null;
}>;

/**
 * The library's metrics of some clauses as one SQL value (a json array, null for none), so a caller can read
 * it in the round trip of a query it makes anyway (contractPerformance). The keys are a list, or a query
 * giving them, so a caller that reads its keys from its obligations need not wait for them. json, not jsonb:
 * PostgreSQL would build jsonb only to write it out as text again.
 */
export function libraryMetricsSql(keys: string[] | SQLWrapper): SQL<LibraryMetrics | null> {
  const list = Array.isArray(keys)
    ? sql.join(
        [...new Set(keys)].map((k) => sql`${k}`),
        sql`, `,
      )
    : keys;
  // Written out with its own aliases: drizzle leaves columns unqualified in some contexts, and this is read
  // inside other queries.
  return sql<LibraryMetrics | null>`(select json_agg(json_build_object('key', u.key, 'metrics', u.metrics))
    from (select distinct on (lc.key) lc.key, lv.content->'threshold'->'metrics' as metrics
          from clause_versions lv inner join clauses lc on lc.id = lv.clause_id
          where lc.organisation_id is null and lv.status = 'published' and lc.key in (${list})
          order by lc.key, lv.version desc) u)`;
}

/**
 * The unit a clause's metric is judged in: the unit it is held in, unless an older clause version holds a time
 * taken as a number and the library's current version says which (judgedUnit).
 */
export type UnitJudge = (clauseKey: string, metric: string, held: MetricUnit | undefined) => MetricUnit;

/** A UnitJudge from what libraryMetricsSql read. */
export function unitJudge(read: LibraryMetrics | null): UnitJudge {
  const current = new Map<string, MetricUnit>();
  for (const r of read ?? []) for (const m of r.metrics ?? []) current.set(`${r.key} ${m.name}`, m.unit);
  return (clauseKey, metric, held) => judgedUnit(held, current.get(`${clauseKey} ${metric}`));
}

/** A UnitJudge for these clauses, from the library's latest published versions. */
export async function libraryUnitJudge(db: DbOrTx, keys: string[]): Promise<UnitJudge> {
  if (!keys.length) return unitJudge(null);
  const [row] = await db.select({ read: libraryMetricsSql(keys) }).from(sql`(select 1) as one`);
  return unitJudge(row?.read ?? null);
}

/**
 * A clause with each metric in the unit it is judged in, for what reads a clause's metrics to ask for or check
 * figures (the evidence form and its submission, the review page, the KPI forms): an older specification's
 * "weeks to publish" held as a number then asks for whole weeks and says "weeks", as its figures are judged.
 * Documents keep the clause as issued.
 */
export function withJudgedUnits<C extends Pick<RenderedClause, "key" | "threshold">>(
  clause: C,
  unitOf: UnitJudge,
): C {
  if (!clause.threshold) return clause;
  return {
    ...clause,
    threshold: {
      ...clause.threshold,
      metrics: clause.threshold.metrics.map((m) => ({ ...m, unit: unitOf(clause.key, m.name, m.unit) })),
    },
  };
}
