// Dates as GOV.UK writes them, shared by the documents, the services and the web pages.
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
