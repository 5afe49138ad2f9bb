import { describe, expect, it } from "vitest";
import {
  contractYearStart,
  figureInWords,
  figureStanding,
  inUnit,
  isWholeUnit,
  judgedUnit,
  monthsIntoContractYear,
  periodTarget,
  promiseStanding,
  proposeRating,
  storedFigure,
} from "../../src/model/performance.js";

describe("pro-rated targets", () => {
  it("scales an annual count to the months of the contract year gone, year after year", () => {
    expect(
      periodTarget({ target: 12, unit: "count", contractStart: "2026-04-01", periodEnd: "2026-06-30" }),
    ).toEqual({
      target: 3,
      annualTarget: 12,
      proRated: true,
      months: 3,
    });
    expect(
      periodTarget({ target: 10, unit: "number", contractStart: "2026-04-01", periodEnd: "2027-03-31" })
        .target,
    ).toBe(10);
    // The second contract year starts again from nothing.
    expect(contractYearStart("2026-04-01", "2027-05-10")).toBe("2027-04-01");
    expect(monthsIntoContractYear("2026-04-01", "2027-06-30")).toBe(3);
    // A period ending part-way through a month counts that month.
    expect(monthsIntoContractYear("2026-04-15", "2026-05-20")).toBe(2);
  });

  it("never pro-rates a time taken in weeks or months (at most 8 weeks is 8 in every period); a count still is", () => {
    // FBK-01's weeks from survey close to publication, at most 8: six months in, the target is still 8,
    // and 5 weeks is on target (pro-rated, it would have read as over a target of 4).
    const half = { contractStart: "2026-04-01", periodEnd: "2026-09-30" };
    for (const unit of ["weeks", "months"] as const) {
      expect(periodTarget({ target: 8, unit, ...half })).toEqual({
        target: 8,
        annualTarget: 8,
        proRated: false,
        months: null,
      });
      expect(figureStanding({ value: 5, target: 8, unit, comparator: "at_most", ...half }).standing).toBe(
        "on_target",
      );
      expect(figureStanding({ value: 9, target: 8, unit, comparator: "at_most", ...half }).standing).toBe(
        "below_target",
      );
      expect(isWholeUnit(unit)).toBe(true);
    }
    // A count at most 8 a year is 4 by six months, so 5 is over.
    expect(periodTarget({ target: 8, unit: "count", ...half })).toMatchObject({ target: 4, proRated: true });
    expect(
      figureStanding({ value: 5, target: 8, unit: "count", comparator: "at_most", ...half }).standing,
    ).toBe("below_target");
    expect(isWholeUnit("number")).toBe(false);
  });

  it("reads a time taken that an older clause version holds as a number in the library's current unit", () => {
    // FBK-01's weeks and the months-to metrics were unit number before the library said weeks and months.
    expect(judgedUnit("number", "weeks")).toBe("weeks");
    expect(judgedUnit(undefined, "months")).toBe("months");
    // A number the library still calls a number, and any unit other than a number, stand as stored.
    expect(judgedUnit("number", "number")).toBe("number");
    expect(judgedUnit("number", undefined)).toBe("number");
    expect(judgedUnit("count", "weeks")).toBe("count");
    expect(judgedUnit("percent", "days")).toBe("percent");
  });

  it("never pro-rates percentages or days", () => {
    for (const unit of ["percent", "days"] as const) {
      expect(
        periodTarget({ target: 90, unit, contractStart: "2026-04-01", periodEnd: "2026-06-30" }),
      ).toEqual({
        target: 90,
        annualTarget: 90,
        proRated: false,
        months: null,
      });
    }
  });
});

describe("proposed ratings", () => {
  const at = (value: number | null, comparator: "at_least" | "at_most" = "at_least", target = 100) =>
    proposeRating({ value, target, comparator, tolerancePercent: 10 });

  it("rates at and just past each boundary of the tolerance", () => {
    expect(at(100)).toBe("good");
    expect(at(120)).toBe("good");
    expect(at(90)).toBe("approaching_target"); // exactly at the tolerance
    expect(at(89.99)).toBe("requires_improvement"); // just past it
    expect(at(80)).toBe("requires_improvement"); // exactly twice
    expect(at(79.99)).toBe("inadequate"); // just past twice
  });

  it("reads an at_most metric the other way", () => {
    expect(at(100, "at_most")).toBe("good");
    expect(at(50, "at_most")).toBe("good");
    expect(at(110, "at_most")).toBe("approaching_target");
    expect(at(110.01, "at_most")).toBe("requires_improvement");
    expect(at(120.01, "at_most")).toBe("inadequate");
  });

  it("rates a missing figure inadequate and a nil return as the figure 0", () => {
    expect(at(null)).toBe("inadequate");
    expect(at(0)).toBe("inadequate");
    expect(at(0, "at_most", 0)).toBe("good");
  });

  it("rates against a pro-rated annual target", () => {
    const { target } = periodTarget({
      target: 12,
      unit: "count",
      contractStart: "2026-04-01",
      periodEnd: "2026-09-30",
    });
    expect(target).toBe(6);
    expect(proposeRating({ value: 6, target, comparator: "at_least", tolerancePercent: 10 })).toBe("good");
    expect(proposeRating({ value: 5.4, target, comparator: "at_least", tolerancePercent: 10 })).toBe(
      "approaching_target",
    );
    expect(proposeRating({ value: 5, target, comparator: "at_least", tolerancePercent: 10 })).toBe(
      "requires_improvement",
    );
    expect(proposeRating({ value: 4, target, comparator: "at_least", tolerancePercent: 10 })).toBe(
      "inadequate",
    );
  });
});

describe("standings in plain words (public page and representatives)", () => {
  const q1 = { contractStart: "2026-04-01", periodEnd: "2026-06-30" };
  it("compares a count year to date against the pro-rated target, exactly on it is on target", () => {
    expect(
      figureStanding({ value: 3, target: 12, unit: "count", comparator: "at_least", ...q1 }).standing,
    ).toBe("on_target");
    expect(
      figureStanding({ value: 2, target: 12, unit: "count", comparator: "at_least", ...q1 }).standing,
    ).toBe("below_target");
  });
  it("never pro-rates a percentage or days, and reads at_most the other way", () => {
    expect(
      figureStanding({ value: 90, target: 95, unit: "percent", comparator: "at_least", ...q1 }).standing,
    ).toBe("below_target");
    expect(
      figureStanding({ value: 12, target: 10, unit: "days", comparator: "at_most", ...q1 }).standing,
    ).toBe("below_target");
    expect(
      figureStanding({ value: 10, target: 10, unit: "days", comparator: "at_most", ...q1 }).standing,
    ).toBe("on_target");
    expect(
      figureStanding({ value: null, target: 10, unit: "days", comparator: "at_most", ...q1 }).standing,
    ).toBe("not_reported");
  });
  it("rates a promise from its figures, else the accepted verdict, else not reported", () => {
    expect(promiseStanding(["on_target", "below_target"], "compliant")).toBe("below_target");
    expect(promiseStanding(["on_target", "not_reported"], null)).toBe("on_target");
    expect(promiseStanding(["not_reported"], "compliant")).toBe("not_reported");
    expect(promiseStanding([], "compliant")).toBe("on_target");
    expect(promiseStanding([], "partially_compliant")).toBe("below_target");
    expect(promiseStanding([], null)).toBe("not_reported");
  });
  it('shows counts under 5 as "fewer than 5", and other figures with their unit', () => {
    expect(figureInWords(0, "count")).toBe("fewer than 5");
    expect(figureInWords(4, "count")).toBe("fewer than 5");
    expect(figureInWords(5, "count")).toBe("5");
    expect(figureInWords(1250, "number")).toBe("1,250");
    expect(figureInWords(87.5, "percent")).toBe("87.5%");
    expect(figureInWords(1, "days")).toBe("1 day");
    expect(figureInWords(8, "weeks")).toBe("8 weeks");
    expect(figureInWords(1, "months")).toBe("1 month");
  });
  it("writes a figure or target in its unit the one way every page and document does", () => {
    expect(inUnit(85, "percent")).toBe("85%");
    expect(inUnit(8, "weeks")).toBe("8 weeks");
    expect(inUnit(1, "weeks")).toBe("1 week");
    expect(inUnit(1, "months")).toBe("1 month");
    expect(inUnit(2.5, "months")).toBe("2.5 months");
    expect(inUnit("3", "months")).toBe("3 months");
    expect(inUnit(28, "days")).toBe("28 days");
    expect(inUnit(1250, "number")).toBe("1,250");
    expect(inUnit(12, "count")).toBe("12");
    expect(inUnit(8, "percent", { points: true })).toBe("8 percentage points");
    expect(inUnit(0.8, "weeks", { points: true })).toBe("0.8 weeks");
  });
});

describe("a stored figure, read the same way by every reader", () => {
  it("reads numbers and figures as people type them, and nothing else", () => {
    expect(storedFigure(12)).toBe(12);
    expect(storedFigure(0)).toBe(0); // a nil return is a figure
    expect(storedFigure("1,250")).toBe(1250);
    expect(storedFigure(" 85% ")).toBe(85);
    expect(storedFigure("2.5")).toBe(2.5);
    expect(storedFigure("")).toBeNull();
    expect(storedFigure("about ten")).toBeNull();
    expect(storedFigure(Number.NaN)).toBeNull();
    expect(storedFigure(null)).toBeNull();
    expect(storedFigure(undefined)).toBeNull();
  });
});
