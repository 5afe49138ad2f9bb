// Dates, the one module: ISO dates ("2026-04-01") as GOV.UK writes them, checked, and calendar arithmetic
// in UTC so no daylight-saving hour moves a day. "Today" is the date in England, where every contract is managed.

import { z } from "zod";

const DAY_MS = 86_400_000;

function toUtc(iso: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

function fromUtc(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function isoDateOf(year: number, month: number, day = 1): string {
  return fromUtc(new Date(Date.UTC(year, month - 1, day)));
}

export function addDays(iso: string, days: number): string {
  return fromUtc(new Date(toUtc(iso).getTime() + days * DAY_MS));
}

/** Adds months, keeping the day of the month where it exists (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const d = toUtc(iso);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromUtc(new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last))));
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

export function monthOf(iso: string): number {
  return Number(iso.slice(5, 7));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY_MS);
}

export const minDate = (a: string, b: string) => (a < b ? a : b);
export const maxDate = (a: string, b: string) => (a > b ? a : b);

const london = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The date in England at this instant: what "today" means for due dates. */
export function londonDate(now: Date): string {
  return london.format(now);
}

const MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function monthAbbr(month: number): string {
  return MONTH_ABBR[month - 1]!;
}

export const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** 2026-04-01 (or an ISO timestamp) -> 1 April 2026 (GOV.UK style). Anything else is returned as given. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** The years a date in WithUs may fall in: wide enough for any contract, narrow enough for every database. */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2200;

/** Why an ISO date (YYYY-MM-DD) is unacceptable, or null when it is a real date in range. */
export function isoDateProblem(iso: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return "must be a date as YYYY-MM-DD";
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return "must be a real date";
  if (y < EARLIEST_YEAR || y > LATEST_YEAR) return `must be between ${EARLIEST_YEAR} and ${LATEST_YEAR}`;
  return null;
}

/** Parses an ISO date or timestamp; documents take every date from their input, never from the clock. */
export function instantOf(iso: string): Date {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: ${JSON.stringify(iso)}`);
  return d;
}

/** A calendar date as YYYY-MM-DD, real and within the years WithUs handles: the zod building block every
 *  route, service and the clause schema use, so the rule is written once. */
export const isoDate = z.string().superRefine((v, ctx) => {
  const problem = isoDateProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
