// The assessment's rules in model/assessment.ts: a KPI's proposal reads its figure against the target of
// the figure's own period (pro-rated year to date for counts), and when the next assessment is due.
import { describe, expect, it } from "vitest";
import { nextAssessmentDue, proposeKpiRating } from "../../src/model/assessment.js";

const count = { target: 12, unit: "count" as const, comparator: "at_least" as const, tolerancePercent: 10 };
const figure = (value: number | null, periodEnd: string) => ({
  period: "q",
  periodEnd,
  value,
  accepted: true,
});

describe("a KPI's proposed rating", () => {
  it("pro-rates a count to the figure's period: 6 of 12 by the half-year is met, 5.4 approaching, 5.39 requires improvement", () => {
    expect(proposeKpiRating(count, figure(6, "2026-09-30"), "2026-04-01", "2027-03-31")).toMatchObject({
      target: 6,
      annualTarget: 12,
      proRated: true,
      proposed: "good",
    });
    expect(proposeKpiRating(count, figure(5.4, "2026-09-30"), "2026-04-01", "2027-03-31").proposed).toBe(
      "approaching_target",
    );
    expect(proposeKpiRating(count, figure(5.39, "2026-09-30"), "2026-04-01", "2027-03-31").proposed).toBe(
      "requires_improvement",
    );
    expect(proposeKpiRating(count, figure(4.8, "2026-09-30"), "2026-04-01", "2027-03-31").proposed).toBe(
      "requires_improvement",
    );
    expect(proposeKpiRating(count, figure(4.79, "2026-09-30"), "2026-04-01", "2027-03-31").proposed).toBe(
      "inadequate",
    );
  });

  it("rates a nil return as the figure 0, no figure as inadequate, and a percentage unscaled", () => {
    const zeroTarget = { ...count, target: 0, comparator: "at_most" as const };
    expect(proposeKpiRating(zeroTarget, figure(0, "2026-06-30"), "2026-04-01", "2027-03-31").proposed).toBe(
      "good",
    );
    expect(proposeKpiRating(count, null, "2026-04-01", "2027-03-31")).toMatchObject({
      target: 12,
      proposed: "inadequate",
    });
    const pct = {
      target: 80,
      unit: "percent" as const,
      comparator: "at_least" as const,
      tolerancePercent: 10,
    };
    expect(proposeKpiRating(pct, figure(72, "2026-06-30"), "2026-04-01", "2027-03-31")).toMatchObject({
      target: 80,
      proRated: false,
      proposed: "approaching_target",
    });
  });
});

describe("when the next assessment is due", () => {
  const contract = { startDate: "2026-04-01", endDate: "2029-03-31" };
  it("is 12 months after the start or the last confirmed one, and at the end at the latest", () => {
    expect(nextAssessmentDue(contract, null)).toBe("2027-04-01");
    expect(nextAssessmentDue(contract, "2027-03-31")).toBe("2028-03-31");
    expect(nextAssessmentDue(contract, "2028-09-30")).toBe("2029-03-31");
    expect(nextAssessmentDue(contract, "2029-03-31")).toBeNull();
  });
});
