// Where one contract stands: counts by status and verdict, the compliance percentage, the RAG rating,
// and a row per clause with each of its periods. Statuses come from the one status expression.
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import {
  clauses,
  clauseVersions,
  obligations,
  reviews,
  specificationClauses,
  validations,
} from "../../db/schema/index.js";
import type { Party } from "../../model/clause-schema.js";
import {
  count,
  countViews,
  emptyTally,
  noViews,
  OVERDUE_RED_AFTER_DAYS,
  ragExplanation,
  ragOf,
  summaryOf,
  type Tally,
  type ViewCounts,
} from "../../model/compliance.js";
import { addDays, londonDate } from "../../model/dates.js";
import type { ServiceCtx } from "../context.js";
import {
  getContract,
  type ObligationView,
  obligationColumns,
  obligationScope,
} from "../contracts/queries.js";

const countWhere = (cond: SQL) => sql<number>`(count(*) filter (where ${cond}))::int`;

/** Per obligation: views given on any of its submissions, and disagreements the reviewer then overrode. */
async function viewsByObligation(db: DbOrTx, contractId: string) {
  const rows = await db
    .select({
      obligationId: validations.obligationId,
      agree: countWhere(sql`${validations.view} = 'agree'`),
      partly: countWhere(sql`${validations.view} = 'partly'`),
      disagree: countWhere(sql`${validations.view} = 'disagree'`),
      // Overridden: the group said the evidence does not match their experience, and the reviewer, having
      // had the view before them, found the promise kept (or partly kept) all the same. A "not kept" verdict
      // sides with the group; a view given after the decision was never weighed.
      overridden: countWhere(
        sql`${validations.view} = 'disagree' and ${reviews.decision} = 'accepted' and ${reviews.verdict} in ('compliant', 'partially_compliant') and ${validations.createdAt} <= ${reviews.createdAt}`,
      ),
    })
    .from(validations)
    .leftJoin(reviews, eq(reviews.submissionId, validations.submissionId))
    .where(eq(validations.contractId, contractId))
    .groupBy(validations.obligationId);
  return new Map<string, { views: ViewCounts; overridden: number }>(
    rows.map((r) => [
      r.obligationId,
      {
        views: { agree: Number(r.agree), partly: Number(r.partly), disagree: Number(r.disagree) },
        overridden: Number(r.overridden),
      },
    ]),
  );
}

function isLongOverdue(o: Pick<ObligationView, "status" | "dueDate">, today: string) {
  return o.status === "overdue" && o.dueDate !== null && o.dueDate < addDays(today, -OVERDUE_RED_AFTER_DAYS);
}

export async function contractCompliance({ ctx, input }: { ctx: ServiceCtx; input: { contractId: string } }) {
  const { db, actor, now } = ctx;
  const { contractId } = input;
  const today = londonDate(now);
  const contract = await getContract({ ctx, input: { id: contractId } });
  const [rows, order, views] = await Promise.all([
    db
      .select(obligationColumns(today, actor))
      .from(obligations)
      .where(and(eq(obligations.contractId, contractId), obligationScope(actor)))
      .orderBy(asc(obligations.periodStart)),
    // The specification's clause order; clauses kept from an earlier version follow, by key.
    db
      .select({ key: clauses.key, position: specificationClauses.position })
      .from(specificationClauses)
      .innerJoin(clauseVersions, eq(clauseVersions.id, specificationClauses.clauseVersionId))
      .innerJoin(clauses, eq(clauses.id, clauseVersions.clauseId))
      .where(eq(specificationClauses.specificationId, contract.specificationId)),
    viewsByObligation(db, contractId),
  ]);
  const position = new Map(order.map((o) => [o.key, o.position]));

  // Whose promise it is: the commissioner's own commitments are counted apart, never in the provider's
  // percentage or rating.
  const totals: Record<Party, Tally> = { provider: emptyTally(), commissioner: emptyTally() };
  const byClause = new Map<
    string,
    { title: string; frequency: string; party: Party; tally: Tally; periods: ObligationView[] }
  >();
  for (const o of rows) {
    const long = isLongOverdue(o, today);
    const total = totals[o.party];
    count(total, o.status, o.verdict, long);
    const v = views.get(o.id);
    if (v) countViews(total, v.views, v.overridden);
    let c = byClause.get(o.clauseKey);
    if (!c) {
      c = { title: o.clauseTitle, frequency: o.frequency, party: o.party, tally: emptyTally(), periods: [] };
      byClause.set(o.clauseKey, c);
    }
    count(c.tally, o.status, o.verdict, long);
    if (v) countViews(c.tally, v.views, v.overridden);
    c.periods.push(o);
  }
  const keys = [...byClause.keys()].sort(
    (a, b) =>
      (position.get(a) ?? Number.MAX_SAFE_INTEGER) - (position.get(b) ?? Number.MAX_SAFE_INTEGER) ||
      a.localeCompare(b),
  );
  return {
    contract,
    asOf: today,
    /** The provider's figures: its own obligations only. */
    summary: summaryOf(totals.provider),
    /** The commissioner's own commitments (clauses of the commissioning category), counted apart. */
    commissionerSummary: summaryOf(totals.commissioner),
    clauses: keys.map((key) => {
      const c = byClause.get(key)!;
      const s = summaryOf(c.tally);
      return {
        clauseKey: key,
        clauseTitle: c.title,
        frequency: c.frequency,
        party: c.party,
        rag: ragOf(c.tally),
        ragExplanation: ragExplanation(c.tally),
        views: s.views,
        overriddenDisagreements: s.overriddenDisagreements,
        percentCompliant: s.percentCompliant,
        overdue: s.overdue,
        periods: c.periods.map((p) => ({
          obligationId: p.id,
          party: p.party,
          period: p.period,
          periodStart: p.periodStart,
          periodEnd: p.periodEnd,
          dueDate: p.dueDate,
          status: p.status,
          verdict: p.verdict,
          reason: p.reason,
          views: views.get(p.id)?.views ?? noViews(),
          overriddenDisagreements: views.get(p.id)?.overridden ?? 0,
        })),
      };
    }),
  };
}
export type ContractCompliance = Awaited<ReturnType<typeof contractCompliance>>;
