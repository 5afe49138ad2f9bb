// Figures against targets: the one rule for what a period's target is (pro-rated year to date for counts
// and numbers, never for percentages and days) and the one rule that turns a figure into a rating.
import { addDays, addMonths } from "./dates.js";

export type MetricUnit = "percent" | "count" | "days" | "number";
export type Comparator = "at_least" | "at_most";

/** Counts and numbers build up over a contract year; percentages and days are a rate at any moment. */
function isProRated(unit: MetricUnit): boolean {
  return unit === "count" || unit === "number";
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

/** The target for the period ending on periodEnd, year to date for counts and numbers. */
export function periodTarget(input: {
  target: number;
  unit: MetricUnit;
  contractStart: string;
  periodEnd: string;
}): PeriodTarget {
  if (!isProRated(input.unit)) {
    return { target: input.target, annualTarget: input.target, proRated: false, months: null };
  }
  const months = monthsIntoContractYear(input.contractStart, input.periodEnd);
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
