// Figures against targets: the one rule for what a period's target is (pro-rated year to date for counts
// and numbers, never for percentages or durations), the one rule that turns a figure into a rating, and
// the one way a figure or target is written in its unit.
import { addDays, addMonths } from "./dates.js";

/**
 * A metric's unit. Days, weeks and months are durations ("weeks from survey close to publication"): a
 * time taken, whole, never added up over a year. A number is anything else that builds up over a year.
 */
export const METRIC_UNITS = ["percent", "count", "days", "weeks", "months", "number"] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];
export type Comparator = "at_least" | "at_most";

/** Each duration's word, one and many. */
const DURATION_WORDS = {
  days: ["day", "days"],
  weeks: ["week", "weeks"],
  months: ["month", "months"],
} as const;

type Duration = keyof typeof DURATION_WORDS;

function isDuration(unit: string): unit is Duration {
  return Object.hasOwn(DURATION_WORDS, unit);
}

/** Counts and numbers build up over a contract year; percentages and durations are a rate or a time taken. */
export function isProRated(unit: MetricUnit | string): boolean {
  return unit === "count" || unit === "number";
}

/**
 * The unit a stored metric is judged in, given the library's current unit for the same clause metric.
 * Clause versions, issued specifications and contract KPIs made before the library said weeks and months
 * hold FBK-01's weeks and the four months-to metrics as a number; the metric is a time taken all the same,
 * so where the stored unit is a number (or absent) and the library now calls it a duration, the duration
 * is read and the figure is never added up over the year. Any other stored unit stands as it is.
 */
export function judgedUnit(stored: MetricUnit | undefined, current: MetricUnit | undefined): MetricUnit {
  if ((stored === undefined || stored === "number") && current !== undefined && isDuration(current))
    return current;
  return stored ?? current ?? "number";
}

/** Figures in this unit are whole: a count, or a number of days, weeks or months. */
export function isWholeUnit(unit: MetricUnit | string): boolean {
  return unit === "count" || isDuration(unit);
}

/**
 * A figure or target in its unit, as every page and document writes it: "85%", "8 weeks", "1 month",
 * "1,250". A number is written with thousands separators and at most `fractionDigits` decimals; a value
 * already in words (a parameter's value as typed) is kept as it is. `points` writes a percentage
 * difference, such as a tolerance's width, as "8 percentage points". A unit not listed adds no words.
 */
export function inUnit(
  value: number | string,
  unit: MetricUnit | string,
  opts: { fractionDigits?: number; points?: boolean } = {},
): string {
  const n =
    typeof value === "number"
      ? value.toLocaleString("en-GB", { maximumFractionDigits: opts.fractionDigits ?? 2 })
      : String(value);
  if (unit === "percent") return opts.points ? `${n} percentage points` : `${n}%`;
  if (isDuration(unit)) return `${n} ${DURATION_WORDS[unit][Number(value) === 1 ? 0 : 1]}`;
  return n;
}

/** The word an input box shows after it for the unit: "%", "weeks"; none for counts and numbers. */
export function unitSuffix(unit: MetricUnit | string): string | undefined {
  if (unit === "percent") return "%";
  return isDuration(unit) ? DURATION_WORDS[unit][1] : undefined;
}

/** The start of the contract year that the date falls in (contract years run from the contract's start). */
export function contractYearStart(contractStart: string, date: string): string {
  let start = contractStart;
  for (let years = 1; addMonths(contractStart, 12 * years) <= date; years++) {
    start = addMonths(contractStart, 12 * years);
  }
  return start;
}

/**
 * Whole months of the contract year completed by the end of the period (1-12): a quarter ending three months
 * into the year gives 3. A period ending part-way through a month counts that month.
 */
export function monthsIntoContractYear(contractStart: string, periodEnd: string): number {
  const yearStart = contractYearStart(contractStart, periodEnd);
  const dayAfter = addDays(periodEnd, 1);
  let months = 0;
  while (months < 12 && addMonths(yearStart, months) < dayAfter) months++;
  return Math.max(1, months);
}

export interface PeriodTarget {
  /** The figure to compare with: the annual target scaled to the months gone, or the target as written. */
  target: number;
  /** The annual target as the clause states it. */
  annualTarget: number;
  proRated: boolean;
  /** Months of the contract year gone, when pro-rated. */
  months: number | null;
}

/** The target for the period ending on periodEnd, year to date for counts and numbers, never durations. */
export function periodTarget(input: {
  target: number;
  unit: MetricUnit;
  contractStart: string;
  periodEnd: string;
  /** monthsIntoContractYear(contractStart, periodEnd), when the caller has worked it out already. */
  months?: number;
}): PeriodTarget {
  if (!isProRated(input.unit)) {
    return { target: input.target, annualTarget: input.target, proRated: false, months: null };
  }
  const months = input.months ?? monthsIntoContractYear(input.contractStart, input.periodEnd);
  return { target: (input.target * months) / 12, annualTarget: input.target, proRated: true, months };
}

/** How far a figure falls short of its target in the metric's direction (0 when met or better). */
function shortfall(value: number, target: number, comparator: Comparator): number {
  const gap = comparator === "at_least" ? target - value : value - target;
  return gap > 0 ? gap : 0;
}

/** The five descriptors of a contract performance notice (Procurement Act 2023 s.71; shared/FACTS.md). */
export const RATINGS = ["good", "approaching_target", "requires_improvement", "inadequate", "other"] as const;
export type Rating = (typeof RATINGS)[number];

export const RATING_WORDS: Record<Rating, string> = {
  good: "Good",
  approaching_target: "Approaching target",
  requires_improvement: "Requires improvement",
  inadequate: "Inadequate",
  other: "Other",
};

/** What each rating means, in plain words, for the representative's pages. */
export const RATING_MEANINGS: Record<Rating, string> = {
  good: "The service met the target.",
  approaching_target: "The service was a little short of the target.",
  requires_improvement: "The service was short of the target and must do better.",
  inadequate: "The service was far short of the target, or gave the council no figure.",
  other: "The council rated this another way, and says why.",
};

/** The default tolerance for "approaching target": 10% of the target. */
export const DEFAULT_TOLERANCE_PERCENT = 10;

/**
 * The rating a figure earns: Good when met; Approaching target when short by no more than the tolerance
 * (a percentage of the target); Requires improvement when short by up to twice it; Inadequate beyond that,
 * or when nothing was reported (a nil return is a figure: 0). "Other" is never proposed; a person gives it,
 * with a reason. Compared in hundredths of the target so 10% of 100 is exactly 10.
 */
export function proposeRating(input: {
  value: number | null;
  target: number;
  comparator: Comparator;
  tolerancePercent: number;
}): Rating {
  if (input.value === null) return "inadequate";
  const gap = shortfall(input.value, input.target, input.comparator);
  if (gap === 0) return "good";
  const scaledGap = gap * 100;
  const allowed = input.tolerancePercent * Math.abs(input.target);
  const eps = 1e-9 * Math.max(1, Math.abs(scaledGap), Math.abs(allowed));
  if (scaledGap <= allowed + eps) return "approaching_target";
  if (scaledGap <= 2 * allowed + eps) return "requires_improvement";
  return "inadequate";
}

/**
 * How a promise stands, for the public page and representatives: from accepted evidence only. Its figures
 * against their targets when the clause has figures with targets; otherwise the council's verdict on the
 * latest accepted evidence.
 */
export type Standing = "on_target" | "below_target" | "not_reported";

export const STANDING_WORDS: Record<Standing, string> = {
  on_target: "on target",
  below_target: "below target",
  not_reported: "not reported yet",
};

/** Paperwork the service owes and has not sent: never "late", which reads as a judgement on the care. */
export const EVIDENCE_NOT_IN_WORDS = "evidence not in yet";

/** The short key the pages print, in the order they print it. */
export const STANDING_KEY: Array<{ words: string; meaning: string }> = [
  {
    words: STANDING_WORDS.on_target,
    meaning: "The council checked the service's latest figures. They meet the promise.",
  },
  {
    words: STANDING_WORDS.below_target,
    meaning: "The council checked the latest figures. They fall short of the promise.",
  },
  {
    words: STANDING_WORDS.not_reported,
    meaning: "The council has not checked any figures for this promise yet.",
  },
  { words: EVIDENCE_NOT_IN_WORDS, meaning: "The service has not sent the council what it owes yet." },
];

/** A figure against its period's target, in the metric's direction. */
export function figureStanding(input: {
  value: number | null;
  target: number;
  unit: MetricUnit;
  comparator: Comparator;
  contractStart: string;
  periodEnd: string;
}): { standing: Standing; target: PeriodTarget } {
  const target = periodTarget(input);
  if (input.value === null) return { standing: "not_reported", target };
  return {
    standing: shortfall(input.value, target.target, input.comparator) === 0 ? "on_target" : "below_target",
    target,
  };
}

/**
 * A promise's standing from its figures' standings (any below: below; all reported and met: on target);
 * with no figures to judge, from the verdict on its latest accepted evidence; with neither, not reported.
 */
export function promiseStanding(
  figures: Standing[],
  verdict: "compliant" | "partially_compliant" | "non_compliant" | null,
): Standing {
  const reported = figures.filter((s) => s !== "not_reported");
  if (reported.length) return reported.includes("below_target") ? "below_target" : "on_target";
  if (figures.length) return "not_reported";
  if (verdict === null) return "not_reported";
  return verdict === "compliant" ? "on_target" : "below_target";
}

/** Counts under this are shown as "fewer than 5": small numbers can point to a person. */
const SMALL_COUNT = 5;

/** A figure as the public and representatives read it: counts under 5 as "fewer than 5". */
export function figureInWords(value: number, unit: MetricUnit, fractionDigits = 1): string {
  if (unit === "count" && value < SMALL_COUNT) return `fewer than ${SMALL_COUNT}`;
  return inUnit(value, unit, { fractionDigits });
}

/**
 * A figure as stored on a submission, as a number: the service stores numbers, but a figure kept as people
 * typed it ("1,250", "85%") reads as one too; anything else (empty, not a number) is no figure. The one rule
 * every reader of figures uses: the performance table, assessments and the public page.
 */
export function storedFigure(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v !== "string") return null;
  const typed = v.trim().replace(/,/g, "").replace(/%$/, "").trim();
  if (typed === "") return null;
  const n = Number(typed);
  return Number.isFinite(n) ? n : null;
}
