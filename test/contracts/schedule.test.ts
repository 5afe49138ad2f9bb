// The evidence schedule is a pure function of the contract's dates, reporting year and clause frequencies.
import { describe, expect, it } from "vitest";
import type { PlannedRow } from "../../src/services/contracts/plan.js";
import { diffSchedule } from "../../src/services/contracts/regenerate.js";
import {
  lastEndedQuarterLabel,
  MOBILISATION_DUE_MONTHS,
  type Period,
  periodsFor,
  planObligations,
  precedingLabels,
} from "../../src/services/contracts/schedule.js";

const terms = (startDate: string, endDate: string, reportingYearStart = 4, gracePeriodDays = 28) => ({
  startDate,
  endDate,
  reportingYearStart,
  gracePeriodDays,
});

const brief = (ps: Period[]) => ps.map((p) => [p.label, p.periodStart, p.periodEnd, p.dueDate]);

describe("quarterly", () => {
  it("follows the April reporting year across the calendar year and into the next reporting year", () => {
    expect(brief(periodsFor("quarterly", terms("2026-04-01", "2027-06-30")))).toEqual([
      ["2026-27 Q1", "2026-04-01", "2026-06-30", "2026-07-28"],
      ["2026-27 Q2", "2026-07-01", "2026-09-30", "2026-10-28"],
      ["2026-27 Q3", "2026-10-01", "2026-12-31", "2027-01-28"],
      ["2026-27 Q4", "2027-01-01", "2027-03-31", "2027-04-28"],
      ["2027-28 Q1", "2027-04-01", "2027-06-30", "2027-07-28"],
    ]);
  });

  it("clips the first and last periods to the contract dates", () => {
    expect(brief(periodsFor("quarterly", terms("2026-05-15", "2026-11-10")))).toEqual([
      ["2026-27 Q1", "2026-05-15", "2026-06-30", "2026-07-28"],
      ["2026-27 Q2", "2026-07-01", "2026-09-30", "2026-10-28"],
      ["2026-27 Q3", "2026-10-01", "2026-11-10", "2026-12-08"],
    ]);
  });

  it("starting mid-way through a reporting year numbers the quarters from the year's start", () => {
    expect(brief(periodsFor("quarterly", terms("2027-02-01", "2027-05-31")))).toEqual([
      ["2026-27 Q4", "2027-02-01", "2027-03-31", "2027-04-28"],
      ["2027-28 Q1", "2027-04-01", "2027-05-31", "2027-06-28"],
    ]);
  });

  it("with a calendar reporting year, labels quarters by the year alone", () => {
    expect(periodsFor("quarterly", terms("2026-11-01", "2027-04-30", 1)).map((p) => p.label)).toEqual([
      "2026 Q4",
      "2027 Q1",
      "2027 Q2",
    ]);
  });

  it("handles a leap February inside a quarter (reporting year from December)", () => {
    const q = periodsFor("quarterly", terms("2027-12-01", "2028-05-31", 12));
    expect(brief(q)).toEqual([
      ["2027-28 Q1", "2027-12-01", "2028-02-29", "2028-03-28"],
      ["2027-28 Q2", "2028-03-01", "2028-05-31", "2028-06-28"],
    ]);
  });

  it("a contract shorter than a quarter owes one clipped quarter", () => {
    expect(brief(periodsFor("quarterly", terms("2026-05-10", "2026-05-20")))).toEqual([
      ["2026-27 Q1", "2026-05-10", "2026-05-20", "2026-06-17"],
    ]);
  });
});

describe("six-monthly and annual", () => {
  it("halves are aligned to the reporting year", () => {
    expect(brief(periodsFor("six_monthly", terms("2026-04-01", "2027-09-30")))).toEqual([
      ["2026-27 H1", "2026-04-01", "2026-09-30", "2026-10-28"],
      ["2026-27 H2", "2026-10-01", "2027-03-31", "2027-04-28"],
      ["2027-28 H1", "2027-04-01", "2027-09-30", "2027-10-28"],
    ]);
  });

  it("years run April to March, the first and last clipped", () => {
    expect(brief(periodsFor("annually", terms("2026-06-01", "2028-01-31")))).toEqual([
      ["2026-27", "2026-06-01", "2027-03-31", "2027-04-28"],
      ["2027-28", "2027-04-01", "2028-01-31", "2028-02-28"],
    ]);
  });

  it("a year containing 29 February 2028 ends on 31 March as usual", () => {
    const [y] = periodsFor("annually", terms("2027-04-01", "2028-03-31"));
    expect([y!.periodStart, y!.periodEnd, y!.dueDate]).toEqual(["2027-04-01", "2028-03-31", "2028-04-28"]);
  });

  it("a contract shorter than a year owes one clipped year", () => {
    expect(brief(periodsFor("annually", terms("2026-05-10", "2026-05-20")))).toEqual([
      ["2026-27", "2026-05-10", "2026-05-20", "2026-06-17"],
    ]);
  });
});

describe("monthly", () => {
  it("calendar months across a year end, with a leap February", () => {
    expect(brief(periodsFor("monthly", terms("2027-12-15", "2028-03-10")))).toEqual([
      ["Dec 2027", "2027-12-15", "2027-12-31", "2028-01-28"],
      ["Jan 2028", "2028-01-01", "2028-01-31", "2028-02-28"],
      ["Feb 2028", "2028-02-01", "2028-02-29", "2028-03-28"],
      ["Mar 2028", "2028-03-01", "2028-03-10", "2028-04-07"],
    ]);
  });

  it("a contract of a few days owes one month", () => {
    expect(brief(periodsFor("monthly", terms("2026-05-10", "2026-05-20", 4, 0)))).toEqual([
      ["May 2026", "2026-05-10", "2026-05-20", "2026-05-20"],
    ]);
  });
});

describe("mobilisation, once per term and per event", () => {
  it(`mobilisation is due ${MOBILISATION_DUE_MONTHS} months after the start, whatever the grace period`, () => {
    expect(brief(periodsFor("mobilisation", terms("2026-04-01", "2029-03-31", 4, 60)))).toEqual([
      ["Mobilisation", "2026-04-01", "2026-06-30", "2026-07-01"],
    ]);
  });

  it("mobilisation from 30 November lands on 29 February in a leap year", () => {
    expect(brief(periodsFor("mobilisation", terms("2027-11-30", "2029-03-31")))).toEqual([
      ["Mobilisation", "2027-11-30", "2028-02-28", "2028-02-29"],
    ]);
  });

  it("mobilisation of a contract shorter than the mobilisation period ends with the contract", () => {
    expect(brief(periodsFor("mobilisation", terms("2026-04-01", "2026-05-31")))).toEqual([
      ["Mobilisation", "2026-04-01", "2026-05-31", "2026-07-01"],
    ]);
  });

  it("once per term is one obligation over the whole term", () => {
    expect(brief(periodsFor("once_per_term", terms("2026-04-01", "2029-03-31")))).toEqual([
      ["Whole term", "2026-04-01", "2029-03-31", "2029-04-28"],
    ]);
  });

  it("per event is one open-ended obligation with no due date", () => {
    expect(brief(periodsFor("per_event", terms("2026-04-01", "2029-03-31")))).toEqual([
      ["Ongoing", "2026-04-01", null, null],
    ]);
  });
});

describe("planObligations", () => {
  it("plans every clause's periods, in clause order, and refuses impossible terms", () => {
    const plan = planObligations(terms("2026-04-01", "2029-03-31"), [
      { key: "FBK-02", title: "Safe ways to speak up", frequency: "quarterly" },
      { key: "GOV-02", title: "Mobilisation", frequency: "mobilisation" },
      { key: "GRP-01", title: "Groups", frequency: "monthly" },
    ]);
    expect(plan.filter((p) => p.clauseKey === "FBK-02")).toHaveLength(12);
    expect(plan.filter((p) => p.clauseKey === "GRP-01")).toHaveLength(36);
    expect(plan.map((p) => p.clauseKey).indexOf("GOV-02")).toBe(12);
    expect(() => planObligations(terms("2026-04-01", "2026-03-31"), [])).toThrow(RangeError);
    expect(() => planObligations(terms("2026-04-01", "2027-03-31", 13), [])).toThrow(RangeError);
  });
});

describe("period labels", () => {
  it("counts back through periods of the same kind", () => {
    expect(precedingLabels("2026-27 Q2", 4)).toEqual([
      "2025-26 Q3",
      "2025-26 Q4",
      "2026-27 Q1",
      "2026-27 Q2",
    ]);
    expect(precedingLabels("2026-27 H1", 3)).toEqual(["2025-26 H1", "2025-26 H2", "2026-27 H1"]);
    expect(precedingLabels("2026-27", 2)).toEqual(["2025-26", "2026-27"]);
    expect(precedingLabels("2027 Q1", 2)).toEqual(["2026 Q4", "2027 Q1"]);
    expect(precedingLabels("Feb 2027", 3)).toEqual(["Dec 2026", "Jan 2027", "Feb 2027"]);
    expect(precedingLabels("Whole term", 4)).toEqual(["Whole term"]);
  });

  it("the last quarter to have ended", () => {
    expect(lastEndedQuarterLabel("2026-08-15")).toBe("2026-27 Q1");
    expect(lastEndedQuarterLabel("2026-04-02")).toBe("2025-26 Q4");
    expect(lastEndedQuarterLabel("2027-01-01")).toBe("2026-27 Q3");
  });
});

describe("diffSchedule (regeneration)", () => {
  const planned = (
    clauseKey: string,
    periodStart: string,
    periodEnd: string,
    dueDate: string,
  ): PlannedRow => ({
    clauseKey,
    clauseTitle: clauseKey,
    frequency: "quarterly",
    label: periodStart,
    periodStart,
    periodEnd,
    dueDate,
    clauseVersionId: "v1",
  });
  const existing = (
    id: string,
    p: PlannedRow,
    extra: { state?: string; latestSubmissionId?: string | null } = {},
  ) => ({
    id,
    clauseKey: p.clauseKey,
    clauseTitle: p.clauseTitle,
    frequency: p.frequency,
    period: p.label,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    dueDate: p.dueDate,
    clauseVersionId: p.clauseVersionId,
    state: extra.state ?? "pending",
    latestSubmissionId: extra.latestSubmissionId ?? null,
  });

  it("leaves evidence alone and brings everything else in line with the plan", () => {
    const q1 = planned("A", "2026-04-01", "2026-06-30", "2026-07-28");
    const q2 = planned("A", "2026-07-01", "2026-09-30", "2026-10-28");
    const q3 = planned("A", "2026-10-01", "2026-12-31", "2027-01-28");
    const q4 = planned("A", "2027-01-01", "2027-03-31", "2027-04-28");
    const rows = [
      existing("with-evidence", q1, { state: "submitted", latestSubmissionId: "s1" }),
      existing("waived", q2, { state: "not_applicable" }),
      existing("same", q3),
      existing("moved", { ...q4, dueDate: "2027-04-10" }),
      existing("gone", planned("B", "2026-04-01", "2026-06-30", "2026-07-28")),
    ];
    // The new plan: the contract shortened by a day, and a grace period change on Q4.
    const q1b = { ...q1, dueDate: "2026-08-01" };
    const q5 = planned("A", "2027-04-01", "2027-04-30", "2027-05-28");
    const diff = diffSchedule([q1b, q2, q3, q4, q5], rows, "2026-05-01");
    expect(diff.keep.map((k) => k.id)).toEqual(["with-evidence", "waived"]);
    expect(diff.coveredByKept).toEqual([q1b, q2]);
    expect(diff.unchanged.map((u) => u.id)).toEqual(["same"]);
    expect(diff.update).toEqual([{ id: "moved", plan: q4 }]);
    expect(diff.add).toEqual([q5]);
    expect(diff.remove.map((r) => r.id)).toEqual(["gone"]);
    expect(diff.alreadyEnded).toEqual([]);
  });

  it("leaves ended periods as history, and does not create periods that have already ended", () => {
    const overdue = existing("overdue", planned("A", "2026-04-01", "2026-06-30", "2026-07-28"));
    const current = existing("current", planned("A", "2026-07-01", "2026-09-30", "2026-10-28"));
    // The revised specification drops clause A and adds clause C, on 15 August.
    const c1 = planned("C", "2026-04-01", "2026-06-30", "2026-07-28");
    const c2 = planned("C", "2026-07-01", "2026-09-30", "2026-10-28");
    const diff = diffSchedule([c1, c2], [overdue, current], "2026-08-15");
    expect(diff.keep.map((k) => k.id)).toEqual(["overdue"]);
    expect(diff.remove.map((r) => r.id)).toEqual(["current"]);
    expect(diff.alreadyEnded).toEqual([c1]);
    expect(diff.add).toEqual([c2]);
  });

  it("does not create a period that overlaps a kept one of the same clause", () => {
    const kept = existing("kept", planned("A", "2026-04-01", "2026-06-30", "2026-07-28"), {
      latestSubmissionId: "s1",
      state: "accepted",
    });
    // A reporting year moved to May: the new first quarter overlaps the kept April-June one.
    const may = planned("A", "2026-05-01", "2026-07-31", "2026-08-28");
    const aug = planned("A", "2026-08-01", "2026-10-31", "2026-11-28");
    const diff = diffSchedule([may, aug], [kept], "2026-05-15");
    expect(diff.coveredByKept).toEqual([may]);
    expect(diff.add).toEqual([aug]);
  });
});
