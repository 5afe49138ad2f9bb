// The one definition of an obligation's status. The stored state records decisions (submitted,
// changes requested, accepted, not applicable); while nothing has been decided, the dates say the rest.
// Every reader (lists, filters, compliance, exports, the matrix) goes through obligationStatusSql.
import { type SQL, sql } from "drizzle-orm";
import { obligations } from "../../db/schema/index.js";
import { londonDate } from "./dates.js";

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

/** Today, for due dates: the date in England at the request's clock (tests pin the clock). */
export function todayOf(now: Date): string {
  return londonDate(now);
}

/**
 * Status as of `today` (an ISO date). A pending obligation is not_due before its period starts, overdue
 * the day after its due date, and open in between; per-event obligations have no due date, so never
 * become overdue. Decided states are shown as stored.
 */
export function obligationStatusSql(today: string): SQL<ObligationStatus> {
  return sql<ObligationStatus>`(case
    when ${obligations.state} <> 'pending' then ${obligations.state}
    when ${obligations.periodStart} > ${today}::date then 'not_due'
    when ${obligations.dueDate} < ${today}::date then 'overdue'
    else 'open' end)`;
}
