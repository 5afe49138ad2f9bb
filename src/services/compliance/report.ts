// The compliance report of a contract, for contract review meetings: as Word (through the document
// renderer) or as CSV, both from the same compliance figures the API shows.

import { toCsv } from "../../lib/csv.js";
import { FREQUENCIES, type Frequency } from "../../model/clause-schema.js";
import { VERDICT_WORDS } from "../../model/compliance.js";
import type { ComplianceReportInput } from "../../model/document-input.js";
import { figureInWords, type MetricUnit } from "../../model/performance.js";
import type { ServiceCtx, ServiceDeps } from "../context.js";
import { type ContractCompliance, contractCompliance } from "./contract-compliance.js";
import { type ContractPerformance, contractPerformance } from "./performance.js";

/** Statuses that go on the report's list of outstanding actions, most pressing first. */
const ACTION_ORDER = ["overdue", "changes_requested", "submitted"] as const;

function reportCounts(counts: ContractCompliance["summary"]["counts"]): Record<string, number> {
  return {
    not_due: counts.not_due,
    open: counts.open,
    overdue: counts.overdue,
    submitted: counts.submitted,
    changes_requested: counts.changes_requested,
    accepted_compliant: counts.compliant,
    accepted_partially_compliant: counts.partially_compliant,
    accepted_non_compliant: counts.non_compliant,
    not_applicable: counts.not_applicable,
  };
}

type ReportClause = ContractCompliance["clauses"][number];

function actionsOf(clauses: ReportClause[]): ComplianceReportInput["actions"] {
  return clauses
    .flatMap((cl) =>
      cl.periods
        .filter((p) => (ACTION_ORDER as readonly string[]).includes(p.status))
        .map((p) => ({
          clauseKey: cl.clauseKey,
          clauseTitle: cl.clauseTitle,
          period: p.period,
          status: p.status,
          dueDate: p.dueDate,
        })),
    )
    .sort(
      (a, b) =>
        ACTION_ORDER.indexOf(a.status as (typeof ACTION_ORDER)[number]) -
          ACTION_ORDER.indexOf(b.status as (typeof ACTION_ORDER)[number]) ||
        (a.dueDate ?? "").localeCompare(b.dueDate ?? ""),
    );
}

/** The periods a meeting talks about: every one due so far, and the next one; not every future period. */
function dueSoFarAndNext<P extends { status: string }>(periods: P[]): P[] {
  const notYetDue = (p: P) => p.status === "open" || p.status === "not_due";
  const next = periods.findIndex(notYetDue);
  return periods.filter((p, i) => !notYetDue(p) || i === next);
}

function clausesOf(clauses: ReportClause[]): ComplianceReportInput["clauses"] {
  return clauses.map((cl) => ({
    clauseKey: cl.clauseKey,
    clauseTitle: cl.clauseTitle,
    rag: cl.rag,
    periods: dueSoFarAndNext(cl.periods).map((p) => ({
      period: p.period,
      dueDate: p.dueDate,
      status: p.status,
      verdict: p.verdict ? VERDICT_WORDS[p.verdict].toLowerCase() : null,
      views: p.views,
    })),
  }));
}

const RESULT_WORDS = {
  met: "Met",
  below: "Below target",
  not_reported: "Not reported",
  no_target: "Reported (no target)",
} as const;

/** The provider's figures against their targets, periods begun so far, in words for the Word report. */
function figuresOf(p: ContractPerformance): NonNullable<ComplianceReportInput["figures"]> {
  return p.clauses.flatMap((cl) =>
    cl.metrics.map((m) => {
      // The council's own report: exact figures (the public page's "fewer than 5" is for publishing).
      const unit = (m.unit === "count" ? "number" : m.unit) as MetricUnit;
      const direction = m.comparator === "at_most" ? "at most" : "at least";
      const rule =
        m.annualTarget === null
          ? "none (reported for information)"
          : m.proRated
            ? `${direction} ${figureInWords(m.annualTarget, unit)} a year, compared year to date against the target pro-rated to the months gone`
            : `${direction} ${figureInWords(m.annualTarget, unit)} in each period, never pro-rated`;
      return {
        clauseKey: cl.clauseKey,
        clauseTitle: cl.clauseTitle,
        metric: m.label,
        rule,
        periods: m.periods.map((x) => ({
          period: x.period,
          figure:
            x.value === null
              ? "None"
              : `${figureInWords(x.value, unit)}${x.yearToDate !== null && x.yearToDate !== x.value ? ` (${figureInWords(x.yearToDate, unit)} so far this year)` : ""}${x.note ? `, ${x.note}` : ""}`,
          target: x.target === null ? "None" : `${direction} ${figureInWords(x.target, unit, 2)}`,
          result: RESULT_WORDS[x.state],
        })),
      };
    }),
  );
}

function reportInput(c: ContractCompliance, now: Date): ComplianceReportInput {
  // Whose promise it is: the provider's clauses and figures, and the commissioner's own commitments apart.
  const provider = c.clauses.filter((cl) => cl.party === "provider");
  const commissioner = c.clauses.filter((cl) => cl.party === "commissioner");
  return {
    contract: {
      reference: c.contract.reference,
      providerName: c.contract.providerName,
      commissionerName: c.contract.commissionerName,
      specificationTitle: c.contract.specificationTitle,
      specificationReference: c.contract.specificationReference,
      specificationVersion: c.contract.specificationVersion,
      startDate: c.contract.startDate,
      endDate: c.contract.endDate,
    },
    generatedAt: now.toISOString(),
    summary: {
      // Status counts with "accepted" split by verdict, so the report's total is the number of obligations.
      counts: reportCounts(c.summary.counts),
      percentCompliant: c.summary.percentCompliant,
      overdue: c.summary.overdue,
      rag: c.summary.rag,
      ragExplanation: c.summary.ragExplanation,
      views: c.summary.views,
    },
    clauses: clausesOf(provider),
    actions: actionsOf(provider),
    ...(commissioner.length
      ? {
          commissioner: {
            summary: {
              counts: reportCounts(c.commissionerSummary.counts),
              overdue: c.commissionerSummary.overdue,
            },
            clauses: clausesOf(commissioner),
            actions: actionsOf(commissioner),
            disagreements: commissioner.flatMap((cl) =>
              cl.periods
                .filter((p) => p.overriddenDisagreements > 0 && p.verdict)
                .map((p) => ({
                  clauseKey: cl.clauseKey,
                  clauseTitle: cl.clauseTitle,
                  period: p.period,
                  verdict: VERDICT_WORDS[p.verdict!].toLowerCase(),
                  disagree: p.overriddenDisagreements,
                })),
            ),
          },
        }
      : {}),
  };
}

/** The Word report: figures against targets first, then the evidence, periods due so far and the next. */
export async function complianceReportDocx({
  ctx,
  input,
}: {
  ctx: ServiceCtx & Pick<ServiceDeps, "renderer">;
  input: { contractId: string };
}) {
  const c = await contractCompliance({ ctx, input: { contractId: input.contractId } });
  const performance = await contractPerformance({ ctx, input });
  const report = { ...reportInput(c, ctx.now), figures: figuresOf(performance) };
  return { contract: c.contract, bytes: await ctx.renderer.complianceReport(report) };
}

/** One row per obligation, with whose promise it is (provider or commissioner) and the summary figures repeated so each row stands on its own in a pivot. */
export async function complianceReportCsv({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: { contractId: string };
}) {
  const c = await contractCompliance({ ctx, input: { contractId: input.contractId } });
  const rows = c.clauses.flatMap((cl) =>
    cl.periods.map((p) => [
      c.contract.reference,
      cl.party,
      cl.clauseKey,
      cl.clauseTitle,
      FREQUENCIES[cl.frequency as Frequency] ?? cl.frequency,
      p.period,
      p.periodStart,
      p.periodEnd,
      p.dueDate,
      p.status,
      p.verdict,
      p.reason,
      p.views.agree,
      p.views.partly,
      p.views.disagree,
      cl.rag,
    ]),
  );
  const csv = toCsv(
    [
      "Contract",
      "Party",
      "Clause",
      "Title",
      "Frequency",
      "Period",
      "Period start",
      "Period end",
      "Due date",
      "Status",
      "Verdict",
      "Reason or comment",
      "Views: agree",
      "Views: partly",
      "Views: disagree",
      "Clause RAG",
    ],
    rows,
  );
  return { contract: c.contract, csv, summary: c.summary };
}
