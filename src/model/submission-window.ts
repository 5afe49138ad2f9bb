// Whether evidence can be handed in for an obligation today, and if not, why: the one rule the evidence
// service enforces (403 or 409 with the reason) and the obligation page reads to decide whether to show
// the upload form and what to say instead. And which dates a submission may cover (coveredDatesProblems).
import { HANDS_IN } from "./access-policy.js";
import type { Party } from "./clause-schema.js";
import { addDays, formatDate } from "./dates.js";

export interface SubmissionFacts {
  /** The role of the person asking. */
  role: string;
  /** Who the obligation's clause binds, and so who hands in its evidence. */
  party: Party;
  /** The obligation's stored state (pending, submitted, changes_requested, accepted, not_applicable). */
  state: string;
  frequency: string;
  periodStart: string;
  /** The contract's last day, and the days after it that evidence is still taken. */
  contractEnd: string;
  gracePeriodDays: number;
}

export interface SubmissionRefusal {
  /** forbidden: this person never hands in evidence for it; closed: nobody can, today. */
  kind: "forbidden" | "closed";
  message: string;
}

/** The last day evidence for a contract is taken: its end plus the grace period. */
const lastEvidenceDay = (f: Pick<SubmissionFacts, "contractEnd" | "gracePeriodDays">) =>
  addDays(f.contractEnd, f.gracePeriodDays);

/** Null when the person may hand in evidence today; otherwise the reason, in words for them. */
export function submissionRefusal(f: SubmissionFacts, today: string): SubmissionRefusal | null {
  if (HANDS_IN[f.party] !== f.role) {
    return forbidden(
      f.party === "commissioner"
        ? "This clause is the commissioner's own commitment: the commissioner records its evidence."
        : "The provider hands in the evidence for this clause.",
    );
  }
  if (f.state === "not_applicable") {
    return closed("This obligation was marked not applicable, so it takes no evidence.");
  }
  if (f.periodStart > today) {
    return closed(`This period starts on ${formatDate(f.periodStart)}. You can submit evidence from then.`);
  }
  const last = lastEvidenceDay(f);
  if (today > last) {
    return closed(
      `The contract ended on ${formatDate(f.contractEnd)}, and evidence could be handed in until ${formatDate(last)}. It can no longer take evidence.`,
    );
  }
  // Each event in a per-event log is its own submission, whatever the state of the others.
  if (f.frequency === "per_event") return null;
  if (f.state === "submitted") {
    return closed(
      "Your evidence is waiting for review. If the reviewer asks for changes, you can submit it again.",
    );
  }
  if (f.state === "accepted") {
    return closed("Your evidence for this period has been accepted. Nothing more is needed.");
  }
  return null;
}

const forbidden = (message: string): SubmissionRefusal => ({ kind: "forbidden", message });
const closed = (message: string): SubmissionRefusal => ({ kind: "closed", message });

/** What a submission's dates may cover: the obligation's period, inside the contract, up to the due date. */
export interface CoveredWindow {
  periodStart: string;
  /** The period's last day; a per-event log's runs to the contract's end. */
  periodEnd: string;
  /** The day the period's evidence is due (none for a per-event log). */
  dueDate: string | null;
  contractStart: string;
  contractEnd: string;
}

/**
 * What is wrong with the dates a submission covers, each at its field (coveredFrom, coveredTo): the
 * one rule the API and the upload form share. Empty when they may be kept.
 */
export function coveredDatesProblems(
  covered: { coveredFrom: string; coveredTo: string },
  w: CoveredWindow,
): Array<{ path: "coveredFrom" | "coveredTo"; message: string }> {
  const { coveredFrom: from, coveredTo: to } = covered;
  if (to < from) return [{ path: "coveredTo", message: "must be on or after coveredFrom" }];
  // Dates that miss the period altogether are named as that, whatever else is wrong with them.
  if (from > w.periodEnd || to < w.periodStart) {
    return [
      {
        path: "coveredFrom",
        message: `must overlap this obligation's period, ${formatDate(w.periodStart)} to ${formatDate(w.periodEnd)}: the dates covered fall outside it`,
      },
    ];
  }
  const problems: Array<{ path: "coveredFrom" | "coveredTo"; message: string }> = [];
  if (from < w.contractStart) {
    problems.push({
      path: "coveredFrom",
      message: `must be on or after the day the contract began, ${formatDate(w.contractStart)}`,
    });
  }
  // The earlier of the two limits is the one to name.
  if (w.dueDate !== null && w.dueDate < w.contractEnd) {
    if (to > w.dueDate) {
      problems.push({
        path: "coveredTo",
        message: `must be on or before this period's due date, ${formatDate(w.dueDate)}`,
      });
    }
  } else if (to > w.contractEnd) {
    problems.push({
      path: "coveredTo",
      message: `must be on or before the day the contract ends, ${formatDate(w.contractEnd)}`,
    });
  }
  return problems;
}
