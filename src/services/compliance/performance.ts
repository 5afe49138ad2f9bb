// Figures against targets: for each clause and metric of a contract, the target for each period begun (the
// clause's threshold, pro-rated year to date for counts and numbers as model/performance.ts has it), the
// figure from the obligation's latest submission, and whether it met the target. The provider's clauses
// first; the commissioner's own commitments apart, with their party.
import { and, eq, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { obligations, submissionFigures, submissions } from "../../db/schema/index.js";
import { toCsv } from "../../lib/csv.js";
import { evidenceScope } from "../../model/access-policy.js";
import { londonDate } from "../../model/dates.js";
import type { Actor } from "../../model/identity.js";
import {
  type Comparator,
  contractYearStart,
  isProRated,
  monthsIntoContractYear,
  periodTarget,
} from "../../model/performance.js";
import { unitJudge, withJudgedUnits } from "../clauses/library-units.js";
import type { ServiceCtx } from "../context.js";
import { clausesOfSnapshot, metricDefinitions } from "../contracts/obligation-clause.js";
import { findContractForFigures, obligationScope } from "../contracts/queries.js";
import { keptQuery } from "../kept-queries.js";

const FIGURE_STATES = ["met", "below", "not_reported", "no_target"] as const;
type FigureState = (typeof FIGURE_STATES)[number];

/** What a figure not yet accepted by the reviewer reads. */
const NOT_YET_CHECKED = "reported, not yet checked";

/** Code-unit order, as a C collation sorts: clause keys and ISO dates. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function meets(value: number, target: number, comparator: Comparator) {
  return comparator === "at_least" ? value >= target - 1e-9 : value <= target + 1e-9;
}

interface PerformancePeriod {
  obligationId: string;
  period: string;
  periodStart: string;
  periodEnd: string | null;
  dueDate: string | null;
  /** The figure reported for this period, or null. */
  value: number | null;
  /** For counts and numbers, the figures of the contract year so far added up: what is compared. */
  yearToDate: number | null;
  /** The target for the period: the annual target pro-rated to the months gone for counts and numbers. */
  target: number | null;
  proRated: boolean;
  months: number | null;
  state: FigureState;
  /** False while the reviewer has not yet accepted the submission the figure comes from. */
  checked: boolean;
  /** "reported, not yet checked" for a figure the reviewer has not yet accepted, else null. */
  note: string | null;
}

/**
 * The contract's obligations with their figures, scoped to the caller: a row a figure, by each obligation's
 * latest submission (an obligation with no figures has one row with none). In no order: the caller puts them
 * in order. What belongs to a clause rather than a period comes with the contract (findContractForFigures).
 * Plain rows: PostgreSQL 15 builds JSON (json_build_array, json_agg) looking up each value's type anew, which
 * for the ~600 rows of a national-scale contract took longer than writing and reading the rows themselves
 * (bench/performance.ts).
 */
function buildObligationsRead(db: DbOrTx, actor: Actor) {
  const o = obligations;
  const f = submissionFigures;
  return (
    db
      .select({
        clauseKey: o.clauseKey,
        id: o.id,
        period: o.period,
        periodStart: o.periodStart,
        periodEnd: o.periodEnd,
        dueDate: o.dueDate,
        status: submissions.status,
        metric: f.metric,
        value: f.value,
      })
      .from(o)
      .leftJoin(submissions, eq(submissions.id, o.latestSubmissionId))
      .leftJoin(f, eq(f.submissionId, o.latestSubmissionId))
      // The caller's scope is checked on the contract's own rows: "is true" keeps PostgreSQL from also reading
      // the organisation's whole index to combine with the contract's (the scope is on indexed columns), which
      // at national scale took twice as long (bench database, warm: 1.0 ms against 1.9-2.8 ms of execution).
      .where(
        and(
          eq(o.contractId, sql.placeholder("contractId")),
          // The periods begun by today: a period yet to begin has no figure to read against its target (evidence
          // is handed in from a period's start), and listing every one to the contract's end read as "not
          // reported" for years ahead.
          lte(o.periodStart, sql.placeholder("today")),
          sql`(${obligationScope(actor)}) is true`,
        ),
      )
      .prepare("")
  );
}

/** GET /api/contracts/:id/performance: every clause's metrics against their targets, period by period. */
export async function contractPerformance({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { contractId: string };
}) {
  const { db, actor } = ctx;
  const today = londonDate(ctx.now);
  // Two reads at once: the contract with its specification's clauses' metrics and the library's current
  // units for them; and the contract's obligations with their figures, scoped to the caller.
  const [contract, rows] = await Promise.all([
    findContractForFigures({ ctx, input: { id: input.contractId } }),
    keptQuery(db, "performance obligations", actor, () => buildObligationsRead(db, actor)).execute({
      contractId: input.contractId,
      today,
    }),
  ]);
  const unitOf = unitJudge(contract.libraryMetrics);
  const clauseRows = new Map((contract.obligationClauses ?? []).map((c) => [c.key, c]));
  // Representatives (evidence scope "shared") read the figures the council has accepted, whether or not the
  // evidence was shared with them: the public page prints the same. A figure not yet accepted is withheld
  // from them (no value; the note says one is in), since only a shared submission is theirs to read.
  const acceptedOnly = evidenceScope(actor) === "shared";

  // An obligation's figures gathered; then clauses in key order, each one's periods in date order.
  interface Period {
    id: string;
    period: string;
    periodStart: string;
    periodEnd: string | null;
    dueDate: string | null;
    status: string | null;
    figures: Map<string, number>;
  }
  const byId = new Map<string, Period>();
  const byClause = new Map<string, Period[]>();
  for (const { clauseKey, id, period, periodStart, periodEnd, dueDate, status, metric, value } of rows) {
    let p = byId.get(id);
    if (!p) {
      p = { id, period, periodStart, periodEnd, dueDate, status, figures: new Map() };
      byId.set(id, p);
      const list = byClause.get(clauseKey);
      if (list) list.push(p);
      else byClause.set(clauseKey, [p]);
    }
    if (metric !== null && value !== null) p.figures.set(metric, value);
  }
  // Every clause of the contract, in key order (one whose periods are all yet to begin has none), and each
  // one's periods in date order.
  const inOrder = (contract.obligationClauses ?? [])
    .map((c) => c.key)
    .sort(compare)
    .map(
      (key) =>
        [key, (byClause.get(key) ?? []).sort((a, b) => compare(a.periodStart, b.periodStart))] as const,
    );
  const clauseOf = await clausesOfSnapshot({
    ctx,
    input: {
      snapshot: { clauses: contract.clauses ?? [] },
      clauses: inOrder.map(([clauseKey]) => ({
        clauseKey,
        clauseVersionId: clauseRows.get(clauseKey)!.versionId,
      })),
    },
  });

  // Where a period falls in the contract year, worked out once for each period end, not for each metric.
  const calendar = new Map<string, { yearStart: string; months: number }>();
  const inContractYear = (end: string) => {
    let c = calendar.get(end);
    if (!c) {
      c = {
        yearStart: contractYearStart(contract.startDate, end),
        months: monthsIntoContractYear(contract.startDate, end),
      };
      calendar.set(end, c);
    }
    return c;
  };

  const clauses = inOrder.map(([clauseKey, periods]) => {
    const first = clauseRows.get(clauseKey)!;
    const clause = clauseOf.get(clauseKey)!;
    const metrics = metricDefinitions(withJudgedUnits(clause, unitOf)).map((m) => {
      const { unit } = m;
      const proRatedUnit = isProRated(unit);
      const runningTotals = new Map<string, number>();
      const out: PerformancePeriod[] = periods.map((p) => {
        const reported = p.figures.get(m.name) ?? null;
        const withheld = acceptedOnly && reported !== null && p.status !== "accepted";
        const value = withheld ? null : reported;
        const end = p.periodEnd ?? p.periodStart;
        const t =
          m.target === null
            ? null
            : periodTarget({
                target: m.target,
                unit,
                contractStart: contract.startDate,
                periodEnd: end,
                months: proRatedUnit ? inContractYear(end).months : undefined,
              });
        let yearToDate: number | null = null;
        if (proRatedUnit) {
          const year = inContractYear(end).yearStart;
          const sum = (runningTotals.get(year) ?? 0) + (value ?? 0);
          runningTotals.set(year, sum);
          yearToDate = value === null ? null : sum;
        }
        const compared = proRatedUnit ? yearToDate : value;
        const state: FigureState =
          compared === null
            ? "not_reported"
            : t === null
              ? "no_target"
              : meets(compared, t.target, m.comparator)
                ? "met"
                : "below";
        const checked = value !== null && p.status === "accepted";
        return {
          obligationId: p.id,
          period: p.period,
          periodStart: p.periodStart,
          periodEnd: p.periodEnd,
          dueDate: p.dueDate,
          value,
          yearToDate,
          target: t ? Math.round(t.target * 100) / 100 : null,
          proRated: t?.proRated ?? false,
          months: t?.months ?? null,
          state,
          checked,
          note: (value !== null && !checked) || withheld ? NOT_YET_CHECKED : null,
        };
      });
      return {
        metric: m.name,
        label: m.label,
        unit,
        comparator: m.comparator,
        annualTarget: m.target,
        proRated: proRatedUnit,
        periods: out,
      };
    });
    return {
      clauseKey,
      clauseTitle: first.title,
      frequency: first.frequency,
      party: first.party,
      metrics,
    };
  });
  const withMetrics = clauses.filter((c) => c.metrics.length > 0);
  return {
    contract: { id: contract.id, reference: contract.reference, startDate: contract.startDate },
    asOf: today,
    rule: "Counts and numbers are compared year to date (the contract year's figures added up) against the annual target pro-rated to the months of the contract year gone; percentages and times taken (days, weeks, months) are compared as reported, never pro-rated. The latest submission's figures count; figures the reviewer has not yet accepted read 'reported, not yet checked'. The periods begun by asOf are listed.",
    /** The provider's clauses. */
    clauses: withMetrics.filter((c) => c.party === "provider"),
    /** The commissioner's own commitments, apart. */
    commissionerClauses: withMetrics.filter((c) => c.party === "commissioner"),
  };
}

/** The same as CSV: one row per clause, metric and period, with a party column. */
export async function contractPerformanceCsv({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { contractId: string };
}) {
  const p = await contractPerformance({ ctx, input });
  const rows = [...p.clauses, ...p.commissionerClauses].flatMap((c) =>
    c.metrics.flatMap((m) =>
      m.periods.map((x) => [
        c.party,
        c.clauseKey,
        c.clauseTitle,
        m.metric,
        m.label,
        m.unit,
        m.comparator,
        x.period,
        x.periodEnd,
        x.value,
        x.yearToDate,
        x.target,
        x.proRated ? "yes" : "no",
        x.state,
        x.note ?? "",
      ]),
    ),
  );
  const csv = toCsv(
    [
      "Party",
      "Clause",
      "Clause title",
      "Metric",
      "Metric label",
      "Unit",
      "Comparator",
      "Period",
      "Period end",
      "Figure",
      "Year to date",
      "Target",
      "Pro-rated",
      "State",
      "Note",
    ],
    rows,
  );
  return { contract: p.contract, csv };
}
export type ContractPerformance = Awaited<ReturnType<typeof contractPerformance>>;
