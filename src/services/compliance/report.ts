// The compliance report of a contract, for contract review meetings: as Word (through the document
// renderer) or as CSV, both from the same compliance figures the API shows.

import type { DbOrTx } from "../../db/client.js";
import type { DocumentRenderer } from "../../documents/renderer.js";
import { toCsv } from "../../lib/csv.js";
import { FREQUENCIES, type Frequency } from "../../model/clause-schema.js";
import { VERDICT_WORDS } from "../../model/compliance.js";
import type { ComplianceReportInput } from "../../model/document-input.js";
import type { Actor } from "../../model/identity.js";
import { type ContractCompliance, contractCompliance } from "./contract-compliance.js";

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

function clausesOf(clauses: ReportClause[]): ComplianceReportInput["clauses"] {
  return clauses.map((cl) => ({
    clauseKey: cl.clauseKey,
    clauseTitle: cl.clauseTitle,
    rag: cl.rag,
    periods: cl.periods.map((p) => ({
      period: p.period,
      dueDate: p.dueDate,
      status: p.status,
      verdict: p.verdict ? VERDICT_WORDS[p.verdict].toLowerCase() : null,
      views: p.views,
    })),
  }));
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

export async function complianceReportDocx(
  db: DbOrTx,
  actor: Actor,
  contractId: string,
  now: Date,
  renderer: DocumentRenderer,
) {
  const c = await contractCompliance(db, actor, contractId, now);
  return { contract: c.contract, bytes: await renderer.complianceReport(reportInput(c, now)) };
}

/** One row per obligation, with whose promise it is (provider or commissioner) and the summary figures repeated so each row stands on its own in a pivot. */
export async function complianceReportCsv(db: DbOrTx, actor: Actor, contractId: string, now: Date) {
  const c = await contractCompliance(db, actor, contractId, now);
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
