// Compliance vocabulary (obligation statuses, red/amber/green) and how it is scored: the percentage and
// the rating, in one place.
import { EVIDENCE_NOT_IN_WORDS } from "./performance.js";

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

/** What each obligation status is called on every page, report and message. */
export const OBLIGATION_STATUS_WORDS: Record<ObligationStatus, string> = {
  not_due: "Not due yet",
  open: "Due",
  overdue: "Overdue",
  submitted: "Submitted",
  changes_requested: "Changes requested",
  accepted: "Accepted",
  not_applicable: "Not applicable",
};

/** The states of one piece of submitted evidence, and what each is called. */
export const SUBMISSION_STATUS_WORDS = {
  submitted: "Waiting for review",
  changes_requested: "Changes requested",
  accepted: "Accepted",
} as const;

export type RagStatus = "red" | "amber" | "green";

/** What a reviewer decides about accepted evidence. */
export const VERDICTS = ["compliant", "partially_compliant", "non_compliant"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What each verdict is called (lower-cased inside a sentence: "accepted as partially compliant"). */
export const VERDICT_WORDS: Record<Verdict, string> = {
  compliant: "Compliant",
  partially_compliant: "Partially compliant",
  non_compliant: "Non-compliant",
};

/** How a promise is doing, in words anyone can follow: for representatives and the public page. */
export function statusInWords(status: ObligationStatus, verdict: Verdict | null): string {
  switch (status) {
    case "not_due":
    case "open":
      return "not due yet";
    case "overdue":
      // Paperwork owed, not a judgement on the care (model/performance.ts).
      return EVIDENCE_NOT_IN_WORDS;
    case "submitted":
      return "done, waiting to be checked";
    case "changes_requested":
      return "sent back to be put right";
    case "accepted":
      if (verdict === "compliant") return "done, and checked";
      if (verdict === "partially_compliant") return "partly done";
      return "not done";
    case "not_applicable":
      return "does not apply";
  }
}

/** Evidence this many days past its due date turns the rating red (within it, amber). */
export const OVERDUE_RED_AFTER_DAYS = 28;

export interface Tally {
  byStatus: Record<ObligationStatus, number>;
  compliant: number;
  partiallyCompliant: number;
  nonCompliant: number;
  /** Overdue by more than OVERDUE_RED_AFTER_DAYS. */
  longOverdue: number;
  /** What representatives of people who use the service said about the evidence. */
  views: ViewCounts;
  /** Disagreements on evidence the reviewer accepted as compliant or partially compliant all the same. */
  overriddenDisagreements: number;
}

export interface ViewCounts {
  agree: number;
  partly: number;
  disagree: number;
}

export const noViews = (): ViewCounts => ({ agree: 0, partly: 0, disagree: 0 });

/** Adds one obligation's views. */
export function countViews(t: Tally, v: ViewCounts, overridden: number) {
  t.views.agree += v.agree;
  t.views.partly += v.partly;
  t.views.disagree += v.disagree;
  t.overriddenDisagreements += overridden;
}

export function emptyTally(): Tally {
  return {
    byStatus: Object.fromEntries(OBLIGATION_STATUSES.map((s) => [s, 0])) as Record<ObligationStatus, number>,
    compliant: 0,
    partiallyCompliant: 0,
    nonCompliant: 0,
    longOverdue: 0,
    views: noViews(),
    overriddenDisagreements: 0,
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

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Why the rating is what it is, in a sentence or two, including views the reviewer overrode. */
export function ragExplanation(t: Tally): string {
  const rag = ragOf(t);
  const reasons: string[] = [];
  if (rag === "red") {
    if (t.nonCompliant) reasons.push(`${plural(t.nonCompliant, "obligation")} non-compliant`);
    if (t.longOverdue)
      reasons.push(
        `${plural(t.longOverdue, "obligation")} overdue by more than ${OVERDUE_RED_AFTER_DAYS} days`,
      );
  } else if (rag === "amber") {
    if (t.partiallyCompliant)
      reasons.push(`${plural(t.partiallyCompliant, "obligation")} partially compliant`);
    if (t.byStatus.changes_requested)
      reasons.push(`${plural(t.byStatus.changes_requested, "obligation")} returned for changes`);
    if (t.byStatus.overdue) reasons.push(`${plural(t.byStatus.overdue, "obligation")} overdue`);
  }
  const head =
    rag === "green"
      ? "Green: nothing is non-compliant, partially compliant, returned or overdue."
      : `${rag === "red" ? "Red" : "Amber"}: ${reasons.join("; ")}.`;
  if (t.overriddenDisagreements === 0) return head;
  return `${head} People who use the service disagreed with ${plural(t.overriddenDisagreements, "piece")} of evidence that the reviewer accepted.`;
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
    ragExplanation: ragExplanation(t),
    views: { ...t.views },
    overriddenDisagreements: t.overriddenDisagreements,
  };
}
