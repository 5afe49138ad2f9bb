// The commissioning organisation's view: every contract against every clause for one period, and each
// contract's compliance over the periods leading up to it. Aggregated in SQL on the
// (organisation_id, period) index, so it stays fast with tens of thousands of obligations.
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { contracts, obligations, organisations, type Verdict } from "../../db/schema/index.js";
import type { ObligationStatus } from "../../model/compliance.js";
import {
  count,
  emptyTally,
  OVERDUE_RED_AFTER_DAYS,
  percentCompliant,
  ragOf,
  summaryOf,
  type Tally,
} from "../../model/compliance.js";
import { addDays, londonDate } from "../../model/dates.js";
import type { Actor } from "../../model/identity.js";
import type { ServiceCtx } from "../context.js";
import { obligationStatusSql } from "../contracts/obligation-status.js";
import { lastEndedQuarterLabel, precedingLabels } from "../contracts/schedule.js";

/** A count that arrives as a number, not the bigint string PostgreSQL's count(*) gives. */
const countWhere = (cond: SQL) => sql<number>`(count(*) filter (where ${cond}))::int`;

/** How many periods the trend covers, ending with the chosen one. */
export const TREND_PERIODS = 4;

export interface MatrixFilter {
  /** A period label as obligations show it ("2026-27 Q1"); by default the last quarter to have ended. */
  period?: string;
  providerOrganisationId?: string;
  clauseKey?: string;
}

/**
 * The two queries behind the matrix: the cells of the chosen period, and the per-contract, per-period
 * aggregates for the trend. Exposed so the benchmark can EXPLAIN exactly what the service runs.
 */
export function matrixQueries(db: DbOrTx, actor: Actor, filter: MatrixFilter, now: Date) {
  const today = londonDate(now);
  const period = filter.period ?? lastEndedQuarterLabel(today);
  const labels = precedingLabels(period, TREND_PERIODS);
  const status = obligationStatusSql(today);
  const redBefore = addDays(today, -OVERDUE_RED_AFTER_DAYS);
  const scope = (): SQL[] => {
    // Commissioning staff only: the route admits no one else, and the filter is the organisation.
    const conds: SQL[] = [eq(obligations.organisationId, actor.organisationId)];
    if (filter.providerOrganisationId) {
      conds.push(eq(obligations.providerOrganisationId, filter.providerOrganisationId));
    }
    if (filter.clauseKey) conds.push(eq(obligations.clauseKey, filter.clauseKey));
    return conds;
  };
  const cells = db
    .select({
      contractId: obligations.contractId,
      clauseKey: obligations.clauseKey,
      obligationId: obligations.id,
      dueDate: obligations.dueDate,
      status,
      verdict: obligations.verdict,
    })
    .from(obligations)
    .where(and(...scope(), eq(obligations.period, period)));
  // Titles once per clause rather than on each of thousands of cells.
  const titles = db
    .select({ clauseKey: obligations.clauseKey, clauseTitle: sql<string>`max(${obligations.clauseTitle})` })
    .from(obligations)
    .where(and(...scope(), eq(obligations.period, period)))
    .groupBy(obligations.clauseKey);
  const trend = db
    .select({
      contractId: obligations.contractId,
      period: obligations.period,
      compliant: countWhere(sql`${obligations.state} = 'accepted' and ${obligations.verdict} = 'compliant'`),
      partial: countWhere(
        sql`${obligations.state} = 'accepted' and ${obligations.verdict} = 'partially_compliant'`,
      ),
      nonCompliant: countWhere(
        sql`${obligations.state} = 'accepted' and ${obligations.verdict} = 'non_compliant'`,
      ),
      changesRequested: countWhere(sql`${obligations.state} = 'changes_requested'`),
      overdue: countWhere(sql`${status} = 'overdue'`),
      longOverdue: countWhere(sql`${status} = 'overdue' and ${obligations.dueDate} < ${redBefore}::date`),
    })
    .from(obligations)
    .where(and(...scope(), inArray(obligations.period, labels)))
    .groupBy(obligations.contractId, obligations.period);
  return { today, period, labels, redBefore, cells, titles, trend };
}

export async function complianceMatrix({ ctx, input }: { ctx: ServiceCtx; input: MatrixFilter }) {
  const { db, actor } = ctx;
  const q = matrixQueries(db, actor, input, ctx.now);
  const { today, period, labels, redBefore } = q;
  const [cells, titles, trendRows] = await Promise.all([q.cells, q.titles, q.trend]);

  const contractIds = [
    ...new Set([...cells.map((c) => c.contractId), ...trendRows.map((t) => t.contractId)]),
  ];
  const contractRows = contractIds.length
    ? await db
        .select({
          id: contracts.id,
          reference: contracts.reference,
          providerOrganisationId: contracts.providerOrganisationId,
          providerName: organisations.name,
        })
        .from(contracts)
        .innerJoin(organisations, eq(organisations.id, contracts.providerOrganisationId))
        .where(and(eq(contracts.organisationId, actor.organisationId), inArray(contracts.id, contractIds)))
    : [];

  const clauseTitles = new Map(titles.map((t) => [t.clauseKey, t.clauseTitle]));
  const perContract = new Map<
    string,
    {
      tally: Tally;
      cells: Array<{
        clauseKey: string;
        obligationId: string;
        status: ObligationStatus;
        verdict: Verdict | null;
        dueDate: string | null;
      }>;
    }
  >();
  for (const c of cells) {
    let entry = perContract.get(c.contractId);
    if (!entry) {
      entry = { tally: emptyTally(), cells: [] };
      perContract.set(c.contractId, entry);
    }
    count(
      entry.tally,
      c.status,
      c.verdict,
      c.status === "overdue" && c.dueDate !== null && c.dueDate < redBefore,
    );
    entry.cells.push({
      clauseKey: c.clauseKey,
      obligationId: c.obligationId,
      status: c.status,
      verdict: c.verdict,
      dueDate: c.dueDate,
    });
  }

  const trendBy = new Map<string, Map<string, (typeof trendRows)[number]>>();
  for (const t of trendRows) {
    if (!trendBy.has(t.contractId)) trendBy.set(t.contractId, new Map());
    trendBy.get(t.contractId)!.set(t.period, t);
  }

  return {
    period,
    asOf: today,
    periods: labels,
    clauses: [...clauseTitles.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, title]) => ({ key, title })),
    contracts: contractRows
      .sort((a, b) => a.reference.localeCompare(b.reference))
      .map((c) => {
        const entry = perContract.get(c.id) ?? { tally: emptyTally(), cells: [] };
        const trend = trendBy.get(c.id);
        return {
          ...c,
          summary: summaryOf(entry.tally),
          cells: entry.cells.sort((a, b) => a.clauseKey.localeCompare(b.clauseKey)),
          trend: labels.map((label) => {
            const t = trend?.get(label);
            if (!t) return { period: label, assessed: 0, percentCompliant: null, overdue: 0, rag: null };
            const tally = emptyTally();
            tally.compliant = Number(t.compliant);
            tally.partiallyCompliant = Number(t.partial);
            tally.nonCompliant = Number(t.nonCompliant);
            tally.byStatus.changes_requested = Number(t.changesRequested);
            tally.byStatus.overdue = Number(t.overdue);
            tally.longOverdue = Number(t.longOverdue);
            return {
              period: label,
              assessed: tally.compliant + tally.partiallyCompliant + tally.nonCompliant,
              percentCompliant: percentCompliant(tally),
              overdue: tally.byStatus.overdue,
              rag: ragOf(tally),
            };
          }),
        };
      }),
  };
}
