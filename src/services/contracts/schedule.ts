// The evidence schedule: which obligations a contract owes, per clause per reporting period.
// A pure function of the contract dates, the reporting year and the clauses' frequencies, so it can be
// tested on its own and re-run when a contract changes.
import type { Frequency } from "../../model/clause-schema.js";
import {
  addDays,
  addMonths,
  isoDateOf,
  maxDate,
  minDate,
  monthAbbr,
  monthOf,
  yearOf,
} from "../../model/dates.js";

/** Evidence "at mobilisation" is due this many months after the contract starts. */
export const MOBILISATION_DUE_MONTHS = 3;
/** April: the local government financial year. */
export const DEFAULT_REPORTING_YEAR_START = 4;
export const MOBILISATION_LABEL = "Mobilisation";
export const WHOLE_TERM_LABEL = "Whole term";
export const ONGOING_LABEL = "Ongoing";

export interface ScheduleTerms {
  startDate: string;
  endDate: string;
  /** Month (1-12) the reporting year starts. */
  reportingYearStart: number;
  /** Days after a period ends before its evidence is due. */
  gracePeriodDays: number;
}

export interface Period {
  /** "2026-27 Q1", "2026-27 H2", "2026-27", "Apr 2026", "Mobilisation", "Whole term", "Ongoing". */
  label: string;
  periodStart: string;
  /** Null for open-ended obligations (per event). */
  periodEnd: string | null;
  dueDate: string | null;
}

export interface ScheduleClause {
  key: string;
  title: string;
  frequency: Frequency;
}

export interface PlannedObligation extends Period {
  clauseKey: string;
  clauseTitle: string;
  frequency: Frequency;
}

/** The reporting year a date falls in, by its first calendar year. */
export function reportingYearOf(date: string, reportingYearStart: number): number {
  return monthOf(date) >= reportingYearStart ? yearOf(date) : yearOf(date) - 1;
}

/** "2026-27" for a year starting in April 2026; "2026" when the reporting year is the calendar year. */
export function reportingYearLabel(year: number, reportingYearStart: number): string {
  if (reportingYearStart === 1) return String(year);
  return `${year}-${String((year + 1) % 100).padStart(2, "0")}`;
}

function checkTerms(t: ScheduleTerms) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t.startDate) || !/^\d{4}-\d{2}-\d{2}$/.test(t.endDate)) {
    throw new RangeError("contract dates must be ISO dates");
  }
  if (t.endDate < t.startDate) throw new RangeError("the contract ends before it starts");
  if (!Number.isInteger(t.reportingYearStart) || t.reportingYearStart < 1 || t.reportingYearStart > 12) {
    throw new RangeError("the reporting year starts in a month from 1 to 12");
  }
  if (!Number.isInteger(t.gracePeriodDays) || t.gracePeriodDays < 0) {
    throw new RangeError("the grace period is a whole number of days");
  }
}

/**
 * Periods of `months` months aligned to the reporting year (3: quarters, 6: halves, 12: years),
 * clipped to the contract, each due its grace period after it ends.
 */
function alignedPeriods(t: ScheduleTerms, months: 3 | 6 | 12): Period[] {
  const out: Period[] = [];
  const firstYear = reportingYearOf(t.startDate, t.reportingYearStart);
  let start = isoDateOf(firstYear, t.reportingYearStart);
  // Step forward to the period that contains the contract start.
  while (addMonths(start, months) <= t.startDate) start = addMonths(start, months);
  while (start <= t.endDate) {
    const next = addMonths(start, months);
    const year = reportingYearOf(start, t.reportingYearStart);
    const yearStart = isoDateOf(year, t.reportingYearStart);
    const index = Math.round(monthsBetween(yearStart, start) / months) + 1;
    const yearLabel = reportingYearLabel(year, t.reportingYearStart);
    const label = months === 12 ? yearLabel : `${yearLabel} ${months === 3 ? "Q" : "H"}${index}`;
    const periodEnd = minDate(addDays(next, -1), t.endDate);
    out.push({
      label,
      periodStart: maxDate(start, t.startDate),
      periodEnd,
      dueDate: addDays(periodEnd, t.gracePeriodDays),
    });
    start = next;
  }
  return out;
}

function monthsBetween(from: string, to: string): number {
  return (yearOf(to) - yearOf(from)) * 12 + (monthOf(to) - monthOf(from));
}

function monthlyPeriods(t: ScheduleTerms): Period[] {
  const out: Period[] = [];
  let start = isoDateOf(yearOf(t.startDate), monthOf(t.startDate));
  while (start <= t.endDate) {
    const next = addMonths(start, 1);
    const periodEnd = minDate(addDays(next, -1), t.endDate);
    out.push({
      label: `${monthAbbr(monthOf(start))} ${yearOf(start)}`,
      periodStart: maxDate(start, t.startDate),
      periodEnd,
      dueDate: addDays(periodEnd, t.gracePeriodDays),
    });
    start = next;
  }
  return out;
}

/** The periods one frequency yields over a contract. */
export function periodsFor(frequency: Frequency, t: ScheduleTerms): Period[] {
  checkTerms(t);
  switch (frequency) {
    case "mobilisation": {
      // Due a set time after the start, whatever the grace period: mobilisation is a fixed milestone.
      const due = addMonths(t.startDate, MOBILISATION_DUE_MONTHS);
      return [
        {
          label: MOBILISATION_LABEL,
          periodStart: t.startDate,
          periodEnd: minDate(addDays(due, -1), t.endDate),
          dueDate: due,
        },
      ];
    }
    case "mobilisation_and_annually": {
      // A milestone return once the service is set up, then the yearly one that keeps it true. The first
      // year's return covers what the mobilisation return did not (and is dropped if mobilisation covered it).
      const [mobilisation] = periodsFor("mobilisation", t);
      const after = addDays(mobilisation!.periodEnd!, 1);
      const yearly = alignedPeriods(t, 12)
        .filter((p) => p.periodEnd !== null && p.periodEnd >= after)
        .map((p) => ({ ...p, periodStart: maxDate(p.periodStart, after) }));
      return [mobilisation!, ...yearly];
    }
    case "per_event":
      // One open-ended obligation; each submission against it is an entry in the event log.
      return [{ label: ONGOING_LABEL, periodStart: t.startDate, periodEnd: null, dueDate: null }];
    case "once_per_term":
      return [
        {
          label: WHOLE_TERM_LABEL,
          periodStart: t.startDate,
          periodEnd: t.endDate,
          dueDate: addDays(t.endDate, t.gracePeriodDays),
        },
      ];
    case "monthly":
      return monthlyPeriods(t);
    case "quarterly":
      return alignedPeriods(t, 3);
    case "six_monthly":
      return alignedPeriods(t, 6);
    case "annually":
      return alignedPeriods(t, 12);
  }
}

/** Every obligation a contract owes: one per clause per period, in clause order then date order. */
export function planObligations(t: ScheduleTerms, clauses: ScheduleClause[]): PlannedObligation[] {
  checkTerms(t);
  return clauses.flatMap((c) =>
    periodsFor(c.frequency, t).map((p) => ({
      clauseKey: c.key,
      clauseTitle: c.title,
      frequency: c.frequency,
      ...p,
    })),
  );
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * The label of a period and the `count - 1` periods of the same kind before it, oldest first:
 * "2026-27 Q1" -> [..., "2025-26 Q4", "2026-27 Q1"]. Labels with no sequence (mobilisation, whole term,
 * ongoing) stand alone.
 */
export function precedingLabels(label: string, count: number): string[] {
  const aligned = /^(\d{4})(-\d{2})?(?: ([QH])([1-4]))?$/.exec(label);
  const monthly = /^([A-Z][a-z]{2}) (\d{4})$/.exec(label);
  const out: string[] = [];
  if (aligned) {
    const split = aligned[2] !== undefined;
    const kind = aligned[3] as "Q" | "H" | undefined;
    const perYear = kind === "Q" ? 4 : kind === "H" ? 2 : 1;
    let year = Number(aligned[1]);
    let index = aligned[4] ? Number(aligned[4]) : 1;
    if (index > perYear) return [label];
    for (let i = 0; i < count; i++) {
      const y = split ? reportingYearLabel(year, 4) : String(year);
      out.unshift(kind ? `${y} ${kind}${index}` : y);
      index--;
      if (index === 0) {
        index = perYear;
        year--;
      }
    }
    return out;
  }
  if (monthly && MONTHS.includes(monthly[1]!)) {
    let m = MONTHS.indexOf(monthly[1]!);
    let y = Number(monthly[2]);
    for (let i = 0; i < count; i++) {
      out.unshift(`${MONTHS[m]} ${y}`);
      m--;
      if (m < 0) {
        m = 11;
        y--;
      }
    }
    return out;
  }
  return [label];
}

/** The label of the last quarter to have ended before `today`. */
export function lastEndedQuarterLabel(
  today: string,
  reportingYearStart = DEFAULT_REPORTING_YEAR_START,
): string {
  const year = reportingYearOf(today, reportingYearStart);
  const monthsInto = (monthOf(today) - reportingYearStart + 12) % 12;
  const current = Math.floor(monthsInto / 3) + 1;
  const [y, q] = current === 1 ? [year - 1, 4] : [year, current - 1];
  return `${reportingYearLabel(y, reportingYearStart)} Q${q}`;
}
