// The one definition of an obligation's status. The stored state records decisions (submitted,
// changes requested, accepted, not applicable); while nothing has been decided, the dates say the rest.
// Every reader (lists, filters, compliance, exports, the matrix) goes through obligationStatusSql.
import { type SQL, sql } from "drizzle-orm";
import { obligations } from "../../db/schema/index.js";
import type { ObligationStatus } from "../../model/compliance.js";

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
