// One contract's compliance by quarter of its reporting year: the columns of the dashboard's table and
// the figures its chart plots (percentage compliant and evidence received, per quarter, up to today).
import type { ObligationStatus } from "../../model/compliance.js";
import { count, emptyTally, percentCompliant } from "../../model/compliance.js";
import {
  ONGOING_LABEL,
  reportingYearLabel,
  reportingYearOf,
  WHOLE_TERM_LABEL,
} from "../contracts/schedule.js";
import type { ContractCompliance } from "./contract-compliance.js";

/** Worse first: the status a cell shows when a quarter holds several obligations of one clause. */
export const SEVERITY: ObligationStatus[] = [
  "overdue",
  "changes_requested",
  "open",
  "submitted",
  "accepted",
  "not_applicable",
  "not_due",
];

function quarterOf(date: string, reportingYearStart: number) {
  const year = reportingYearOf(date, reportingYearStart);
  const q = Math.floor(((Number(date.slice(5, 7)) - reportingYearStart + 12) % 12) / 3) + 1;
  return `${reportingYearLabel(year, reportingYearStart)} Q${q}`;
}

/** Quarters (by the end of each period) from the contract start to today, and compliance in each. */
export function byQuarter(c: ContractCompliance) {
  const rys = c.contract.reportingYearStart;
  const today = c.asOf;
  const current = quarterOf(today, rys);
  const yearEnd = quarterOf(`${reportingYearOf(today, rys) + 1}-${String(rys).padStart(2, "0")}-01`, rys);
  // Columns: every quarter from the start to the end of this reporting year (or of the contract).
  const columns: string[] = [];
  let upToNow = 0;
  for (let d = `${c.contract.startDate.slice(0, 8)}01`; d <= c.contract.endDate; ) {
    const q = quarterOf(d, rys);
    if (q === yearEnd) break;
    if (!columns.includes(q)) columns.push(q);
    if (q === current) upToNow = columns.length;
    const [y, m] = d.split("-").map(Number) as [number, number];
    d = `${m + 3 > 12 ? y + 1 : y}-${String(((m + 2) % 12) + 1).padStart(2, "0")}-01`;
  }
  // The chart and its table stop at the current quarter: later ones have nothing to show yet.
  const quarters = columns.slice(0, upToNow || columns.length);
  const column = (p: { period: string; periodEnd: string | null }): string | null => {
    if (!p.periodEnd || p.period === WHOLE_TERM_LABEL || p.period === ONGOING_LABEL) return "term";
    const q = quarterOf(p.periodEnd, rys);
    return columns.includes(q) ? q : null;
  };
  const stats = quarters.map((q) => {
    const t = emptyTally();
    let due = 0;
    let received = 0;
    // The provider's compliance: the commissioner's own commitments are counted apart.
    for (const cl of c.clauses) {
      if (cl.party !== "provider") continue;
      for (const p of cl.periods) {
        if (column(p) !== q) continue;
        count(t, p.status, p.verdict, false);
        if (p.status !== "not_due" && p.status !== "not_applicable" && p.status !== "open") {
          due++;
          if (p.status !== "overdue") received++;
        }
      }
    }
    const assessed = t.compliant + t.partiallyCompliant + t.nonCompliant;
    return {
      quarter: q,
      assessed,
      percent: percentCompliant(t),
      due,
      received: due ? Math.round((received / due) * 1000) / 10 : null,
    };
  });
  return { quarters, columns, column, stats };
}
