// Figures against targets: for each clause and metric of a contract, the target for each period (the
// clause's threshold, pro-rated year to date for counts and numbers as model/performance.ts has it), the
// figure from the obligation's latest submission, and whether it met the target. The provider's clauses
// first; the commissioner's own commitments apart, with their party.
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { clauseVersions, obligations, submissionFigures, submissions } from "../../db/schema/index.js";
import { toCsv } from "../../lib/csv.js";
import { evidenceScope } from "../../model/access-policy.js";
import type { Party } from "../../model/clause-schema.js";
import { londonDate } from "../../model/dates.js";
import type { Actor } from "../../model/identity.js";
import {
  type Comparator,
  contractYearStart,
  isProRated,
  judgedUnit,
  monthsIntoContractYear,
  periodTarget,
} from "../../model/performance.js";
import { unitsOf } from "../clauses/library-units.js";
import type { ServiceCtx } from "../context.js";
import { clausesOfSnapshot, metricDefinitions } from "../contracts/obligation-clause.js";
import { findContractForFigures, obligationScope, partyOfCategorySql } from "../contracts/queries.js";
import { keptQuery } from "../kept-queries.js";

const FIGURE_STATES = ["met", "below", "not_reported", "no_target"] as const;
type FigureState = (typeof FIGURE_STATES)[number];

/** What a figure not yet accepted by the reviewer reads. */
const NOT_YET_CHECKED = "reported, not yet checked";

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
 * The contract's obligations each with its clause's party and, by the obligation's latest submission, that
 * submission's figures and status (one row per figure; an obligation with no figures has one row with
 * none), scoped to the caller, in clause and period order.
 */
function buildObligationsRead(db: DbOrTx, actor: Actor) {
  return (
    db
      .select({
        id: obligations.id,
        clauseKey: obligations.clauseKey,
        clauseTitle: obligations.clauseTitle,
        clauseVersionId: obligations.clauseVersionId,
        frequency: obligations.frequency,
        period: obligations.period,
        periodStart: obligations.periodStart,
        periodEnd: obligations.periodEnd,
        dueDate: obligations.dueDate,
        party: partyOfCategorySql(clauseVersions.category),
        status: submissions.status,
        metric: submissionFigures.metric,
        value: submissionFigures.value,
      })
      .from(obligations)
      .leftJoin(clauseVersions, eq(clauseVersions.id, obligations.clauseVersionId))
      .leftJoin(submissions, eq(submissions.id, obligations.latestSubmissionId))
      .leftJoin(submissionFigures, eq(submissionFigures.submissionId, obligations.latestSubmissionId))
      // The caller's scope is checked on the contract's own rows: "is true" keeps PostgreSQL from also reading
      // the organisation's whole index to combine with the contract's (the scope is on indexed columns), which
      // at national scale took twice as long (bench database, warm: 1.0 ms against 1.9-2.8 ms of execution).
      .where(
        and(
          eq(obligations.contractId, sql.placeholder("contractId")),
          sql`(${obligationScope(actor)}) is true`,
        ),
      )
      .orderBy(asc(obligations.clauseKey), asc(obligations.periodStart))
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
    }),
  ]);
  const libraryUnits = unitsOf(contract.libraryMetrics);
  // Representatives (evidence scope "shared") read the figures the council has accepted, whether or not the
  // evidence was shared with them: the public page prints the same. A figure not yet accepted is withheld
  // from them (no value; the note says one is in), since only a shared submission is theirs to read.
  const acceptedOnly = evidenceScope(actor) === "shared";

  // The rows come in clause and period order, an obligation's figures together.
  type Period = Omit<(typeof rows)[number], "metric" | "value"> & { figures: Map<string, number> };
  const byClause = new Map<string, Period[]>();
  let last: Period | undefined;
  for (const { metric, value, ...r } of rows) {
    if (last?.id !== r.id) {
      last = { ...r, figures: new Map() };
      const list = byClause.get(r.clauseKey);
      if (list) list.push(last);
      else byClause.set(r.clauseKey, [last]);
    }
    if (metric !== null) last.figures.set(metric, Number(value));
  }
  const clauseOf = await clausesOfSnapshot({
    ctx,
    input: {
      snapshot: { clauses: contract.clauses ?? [] },
      clauses: [...byClause.values()].map((periods) => periods[0]!),
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

  const clauses = [...byClause.entries()].map(([clauseKey, periods]) => {
    const first = periods[0]!;
    const clause = clauseOf.get(clauseKey)!;
    const metrics = metricDefinitions(clause).map((m) => {
      // An older clause version may hold a time taken as a number (judgedUnit).
      const unit = judgedUnit(m.unit, libraryUnits.get(`${clauseKey} ${m.name}`));
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
      clauseTitle: first.clauseTitle,
      frequency: first.frequency,
      party: first.party as Party,
      metrics,
    };
  });
  const withMetrics = clauses.filter((c) => c.metrics.length > 0);
  return {
    contract: { id: contract.id, reference: contract.reference, startDate: contract.startDate },
    asOf: today,
    rule: "Counts and numbers are compared year to date (the contract year's figures added up) against the annual target pro-rated to the months of the contract year gone; percentages and times taken (days, weeks, months) are compared as reported, never pro-rated. The latest submission's figures count; figures the reviewer has not yet accepted read 'reported, not yet checked'.",
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
