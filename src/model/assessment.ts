// Performance assessments against a contract's KPIs (Procurement Act 2023 s.71; the PSR's record of
// performance): when one is due, and what each KPI's rating carries so a confirmed one never changes.

import { addMonths } from "./dates.js";
import type { KpiFrequency } from "./kpis.js";
import { type Comparator, type MetricUnit, periodTarget, proposeRating, type Rating } from "./performance.js";

/** The figure a rating was proposed from: the latest reported for the clause's metric by the period's end. */
export interface AssessedFigure {
  /** The obligation's period ("2026-27 Q3") and its end. */
  period: string;
  periodEnd: string;
  /** Null when nothing was reported; a nil return is 0. */
  value: number | null;
  /** Whether the council has accepted the evidence it came with ("reported, not yet checked" otherwise). */
  accepted: boolean;
}

/** One KPI's rating in an assessment, with everything it was judged from. */
export interface AssessmentRating {
  kpiId: string;
  clauseKey: string;
  clauseTitle: string;
  /**
   * The clause as it read when the rating was proposed: its version, its requirement and its threshold's
   * description, parameters filled in (absent from assessments made before they were kept: null in views).
   */
  clauseVersion?: number | null;
  clauseRequirement?: string | null;
  clauseThreshold?: string | null;
  metric: string;
  metricLabel: string;
  unit: MetricUnit;
  comparator: Comparator;
  frequency: KpiFrequency;
  mostMaterial: boolean;
  tolerancePercent: number;
  /** The KPI's target as written, and the target for the figure's period (pro-rated for counts). */
  annualTarget: number;
  target: number;
  proRated: boolean;
  figure: AssessedFigure | null;
  proposed: Rating;
  rating: Rating;
  /** Why a person changed the proposed rating (required for "other"). */
  reason: string | null;
}

/** The proposal for one KPI from its latest figure. */
export function proposeKpiRating(
  kpi: {
    target: number;
    unit: MetricUnit;
    comparator: Comparator;
    tolerancePercent: number;
  },
  figure: AssessedFigure | null,
  contractStart: string,
  periodEnd: string,
) {
  const t = periodTarget({
    target: kpi.target,
    unit: kpi.unit,
    contractStart,
    periodEnd: figure?.periodEnd ?? periodEnd,
  });
  const proposed = proposeRating({
    value: figure?.value ?? null,
    target: t.target,
    comparator: kpi.comparator,
    tolerancePercent: kpi.tolerancePercent,
  });
  return { annualTarget: t.annualTarget, target: t.target, proRated: t.proRated, proposed };
}

/**
 * When the next assessment is due: 12 months after the contract's start or the last confirmed assessment's
 * period end, and at the contract's end date, whichever comes first.
 */
export function nextAssessmentDue(
  contract: { startDate: string; endDate: string },
  lastConfirmedEnd: string | null,
) {
  const yearOn = addMonths(lastConfirmedEnd ?? contract.startDate, 12);
  if (lastConfirmedEnd && lastConfirmedEnd >= contract.endDate) return null;
  return yearOn < contract.endDate ? yearOn : contract.endDate;
}
