// The reporting calendar a specification prints: what the provider hands in during the contract's first 12 months,
// by the month it is due. Worked out by the same rule the contract's evidence schedule follows (planObligations), so
// the calendar and the obligations a contract later owes agree.
import { COMMISSIONER_CATEGORY, type Frequency } from "../../model/clause-schema.js";
import { addDays, addMonths, formatDate, isoDateOf, MONTHS, monthOf, yearOf } from "../../model/dates.js";
import type { ReportingCalendar } from "../../model/document-input.js";
import {
  DEFAULT_REPORTING_YEAR_START,
  MOBILISATION_LABEL,
  ONGOING_LABEL,
  planObligations,
  WHOLE_TERM_LABEL,
} from "../contracts/schedule.js";

const RETURN_WORDS: Partial<Record<Frequency, string>> = {
  monthly: "Monthly return",
  quarterly: "Quarterly return",
  six_monthly: "Six-monthly return",
  annually: "Annual return",
  mobilisation_and_annually: "Annual return",
};

export interface CalendarTerms {
  periodStart?: string | null;
  periodEnd?: string | null;
  gracePeriodDays: number;
  /** When the document is produced (ISO): without a start date, the calendar assumes the next month's first day. */
  date: string;
}

export function reportingCalendar(
  terms: CalendarTerms,
  clauses: ReadonlyArray<{ key: string; title: string; frequency: Frequency; category: string }>,
): ReportingCalendar {
  const given = terms.periodStart ?? null;
  const day = terms.date.slice(0, 10);
  const startDate = given ?? addMonths(isoDateOf(yearOf(day), monthOf(day)), 1);
  const windowEnd = addDays(addMonths(startDate, 12), -1);
  // Without an end date the contract is taken to run three years, long enough for every first-year return.
  const endDate =
    terms.periodEnd && terms.periodEnd >= startDate ? terms.periodEnd : addDays(addMonths(startDate, 36), -1);
  const provider = clauses.filter((c) => c.category !== COMMISSIONER_CATEGORY);
  const planned = planObligations(
    {
      startDate,
      endDate,
      reportingYearStart: DEFAULT_REPORTING_YEAR_START,
      gracePeriodDays: terms.gracePeriodDays,
    },
    provider,
  );

  // Returns due in the window, by month, then by period and due date, each with the clauses that owe it.
  const byMonth = new Map<string, Map<string, { text: string; keys: string[] }>>();
  const ongoing: string[] = [];
  const wholeTerm = new Map<string, string[]>();
  for (const o of planned) {
    if (o.label === ONGOING_LABEL || o.dueDate === null) {
      if (!ongoing.includes(o.clauseKey)) ongoing.push(o.clauseKey);
      continue;
    }
    if (o.label === WHOLE_TERM_LABEL) {
      wholeTerm.set(o.dueDate, [...(wholeTerm.get(o.dueDate) ?? []), o.clauseKey]);
      continue;
    }
    if (o.dueDate < startDate || o.dueDate > windowEnd) continue;
    const month = o.dueDate.slice(0, 7);
    const groups = byMonth.get(month) ?? new Map();
    byMonth.set(month, groups);
    const id = `${o.dueDate} ${o.label}`;
    const what =
      o.label === MOBILISATION_LABEL
        ? "Evidence at mobilisation"
        : `${RETURN_WORDS[o.frequency] ?? "Return"} for ${formatDate(o.periodStart)} to ${formatDate(o.periodEnd ?? o.periodStart)}`;
    const group = groups.get(id) ?? { text: `${what}, due ${formatDate(o.dueDate)}`, keys: [] };
    groups.set(id, group);
    group.keys.push(o.clauseKey);
  }
  const months = [...byMonth.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, groups]) => ({
      month: `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`,
      items: [...groups.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([, g]) => `${g.text}: ${g.keys.join(", ")}`),
    }));
  const other = [
    ...(ongoing.length > 0
      ? [`Recorded whenever it happens, with no fixed date: ${ongoing.join(", ")}.`]
      : []),
    ...[...wholeTerm.entries()].map(
      ([due, keys]) => `Once in the contract term, due ${formatDate(due)}: ${keys.join(", ")}.`,
    ),
  ];
  return { ...(given ? {} : { assumedStart: startDate }), months, other };
}
