// Compliance vocabulary (obligation statuses, red/amber/green) and how it is scored: the percentage and
// the rating, in one place.

/** The states an obligation can be in; see services/contracts/obligation-status.ts for how dates decide them. */
export const OBLIGATION_STATUSES = [
  /** The period has not started yet: nothing can be submitted. */
  "not_due",
  /** The period has started and the due date has not passed: evidence is awaited. */
  "open",
  /** The due date has passed and nothing has been submitted. */
  "overdue",
  /** Evidence is in and awaits review. */
  "submitted",
  /** The reviewer returned the latest evidence; the provider resubmits. */
  "changes_requested",
  /** The reviewer accepted the evidence, with a verdict. */
  "accepted",
  /** A reviewer waived the obligation, with a reason. Excluded from compliance. */
  "not_applicable",
] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

export type RagStatus = "red" | "amber" | "green";

/** Evidence this many days past its due date turns the rating red (within it, amber). */
export const OVERDUE_RED_AFTER_DAYS = 28;

export const VERDICT_KEYS = ["compliant", "partially_compliant", "non_compliant"] as const;

export interface Tally {
  byStatus: Record<ObligationStatus, number>;
  compliant: number;
  partiallyCompliant: number;
  nonCompliant: number;
  /** Overdue by more than OVERDUE_RED_AFTER_DAYS. */
  longOverdue: number;
}

export function emptyTally(): Tally {
  return {
    byStatus: Object.fromEntries(OBLIGATION_STATUSES.map((s) => [s, 0])) as Record<ObligationStatus, number>,
    compliant: 0,
    partiallyCompliant: 0,
    nonCompliant: 0,
    longOverdue: 0,
  };
}

/** Adds one obligation. `longOverdue` says whether it is overdue beyond the red threshold. */
export function count(t: Tally, status: ObligationStatus, verdict: string | null, longOverdue: boolean) {
  t.byStatus[status]++;
  if (status === "accepted") {
    if (verdict === "compliant") t.compliant++;
    else if (verdict === "partially_compliant") t.partiallyCompliant++;
    else if (verdict === "non_compliant") t.nonCompliant++;
  }
  if (status === "overdue" && longOverdue) t.longOverdue++;
}

/**
 * Compliant plus half of partially compliant, over the obligations assessed (accepted with a verdict),
 * as a percentage to one decimal place. Not applicable obligations are never assessed. Null when nothing
 * has been assessed yet.
 */
export function percentCompliant(
  t: Pick<Tally, "compliant" | "partiallyCompliant" | "nonCompliant">,
): number | null {
  const assessed = t.compliant + t.partiallyCompliant + t.nonCompliant;
  if (assessed === 0) return null;
  return Math.round(((t.compliant + 0.5 * t.partiallyCompliant) / assessed) * 1000) / 10;
}

/**
 * Red: anything non-compliant, or overdue by more than OVERDUE_RED_AFTER_DAYS.
 * Amber: anything partially compliant, returned for changes, or overdue within that threshold.
 * Green: otherwise.
 */
export function ragOf(t: Tally): RagStatus {
  if (t.nonCompliant > 0 || t.longOverdue > 0) return "red";
  if (t.partiallyCompliant > 0 || t.byStatus.changes_requested > 0 || t.byStatus.overdue > 0) return "amber";
  return "green";
}

/** The summary the API and the reports show for a set of obligations. */
export function summaryOf(t: Tally) {
  return {
    counts: {
      ...t.byStatus,
      compliant: t.compliant,
      partially_compliant: t.partiallyCompliant,
      non_compliant: t.nonCompliant,
    },
    assessed: t.compliant + t.partiallyCompliant + t.nonCompliant,
    percentCompliant: percentCompliant(t),
    overdue: t.byStatus.overdue,
    rag: ragOf(t),
  };
}
export type ComplianceSummary = ReturnType<typeof summaryOf>;
