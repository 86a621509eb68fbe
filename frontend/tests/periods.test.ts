/** Reporting periods (model/periods.ts): the same answers as the server's domain/periods.py doctests. */
import { describe, expect, it } from "vitest";
import {
  comparePeriods,
  dayLabel,
  frequencyOf,
  gridPeriods,
  isPeriod,
  lastPeriods,
  MAX_GRID_PERIODS,
  nextDay,
  parseDate,
  periodBounds,
  periodLabel,
  periodLong,
  periodOf,
  periodProblem,
  periodsBetween,
  reportingPeriods,
  shift,
  targetPeriods,
  today,
  type Frequency,
} from "../src/model";

describe("period codes", () => {
  it.each([
    ["2025", true],
    ["2025-H1", true],
    ["2025-Q4", true],
    ["2025-12", true],
    ["2025-Q5", false],
    ["2025-3", false],
    ["2025-13", false],
    ["Q1 2025", false],
    ["1899", false],
    ["2200-Q1", false],
    [2025, false],
  ])("%s is a period: %s", (c, yes) => expect(isPeriod(c)).toBe(yes));

  it.each([
    ["2025", "yearly"],
    ["2025-H2", "half_yearly"],
    ["2025-Q1", "quarterly"],
    ["2025-07", "monthly"],
    ["nope", null],
  ])("%s is %s", (c, f) => expect(frequencyOf(c)).toBe(f));

  it.each<[string, Frequency | undefined, string | null]>([
    ["2025-Q1", "quarterly", null],
    ["2025-Q1", undefined, null],
    ["2025-Q1", "monthly", "This indicator reports monthly: use a period such as 2025-01."],
    ["Q1 2025", undefined, "Use a period such as 2025, 2025-H1, 2025-Q1 or 2025-01."],
    ["Q1 2025", "half_yearly", "Use a period such as 2025-H1."],
  ])("problem of %s as %s", (c, f, msg) => expect(periodProblem(c, f)).toBe(msg));
});

describe("bounds, shifts, ranges", () => {
  it.each([
    ["2025-Q2", ["2025-04-01", "2025-06-30"]],
    ["2024", ["2024-01-01", "2024-12-31"]],
    ["2024-02", ["2024-02-01", "2024-02-29"]],
    ["2025-02", ["2025-02-01", "2025-02-28"]],
    ["2025-H2", ["2025-07-01", "2025-12-31"]],
  ])("bounds of %s", (c, b) => expect(periodBounds(c)).toEqual(b));

  it.each<[string, Frequency, string]>([
    ["2025-03-31", "quarterly", "2025-Q1"],
    ["2025-04-01", "quarterly", "2025-Q2"],
    ["2025-08-14", "half_yearly", "2025-H2"],
    ["2025-12-31", "monthly", "2025-12"],
    ["2025-12-31", "yearly", "2025"],
  ])("%s in %s is %s", (d, f, p) => expect(periodOf(d, f)).toBe(p));

  it.each([
    ["2025-01", -1, "2024-12"],
    ["2025-H2", 1, "2026-H1"],
    ["2025", -3, "2022"],
    ["2025-Q4", 1, "2026-Q1"],
    ["2025-Q1", -5, "2023-Q4"],
  ])("shift %s by %d", (c, n, out) => expect(shift(c, n)).toBe(out));

  it("periods between two days, both ends included", () => {
    expect(periodsBetween("2024-11-01", "2025-02-01", "quarterly")).toEqual(["2024-Q4", "2025-Q1"]);
    expect(periodsBetween("2025-01-15", "2025-03-01", "monthly")).toEqual(["2025-01", "2025-02", "2025-03"]);
    expect(periodsBetween("2025-06-30", "2026-01-01", "half_yearly")).toEqual(["2025-H1", "2025-H2", "2026-H1"]);
    expect(periodsBetween("2025-02-01", "2025-01-01", "yearly")).toEqual([]);
  });

  it("the last n periods, oldest first", () => expect(lastPeriods("2025-Q2", 3)).toEqual(["2024-Q4", "2025-Q1", "2025-Q2"]));

  it("dates", () => {
    expect(parseDate("2025-02-28")).toBe("2025-02-28");
    expect(parseDate("2025-02-30")).toBeNull();
    expect(parseDate("28/02/2025")).toBeNull();
    expect(nextDay("2024-12-31")).toBe("2025-01-01");
    expect(nextDay("2024-02-28")).toBe("2024-02-29");
    expect(today(new Date(2025, 6, 9))).toBe("2025-07-09");
  });

  it("periods sort by start, a year before its quarters", () => {
    expect(["2025-Q2", "2024", "2025", "2025-01", "2024-H2"].sort(comparePeriods)).toEqual(["2024", "2024-H2", "2025", "2025-01", "2025-Q2"]);
  });

  it.each([
    ["2025", "2025"],
    ["2025-H1", "H1 2025"],
    ["2025-Q3", "Q3 2025"],
    ["2025-03", "Mar 2025"],
    ["junk", "junk"],
  ])("%s reads %s", (c, label) => expect(periodLabel(c)).toBe(label));

  it("long labels and days", () => {
    expect(periodLong("2025-Q1")).toBe("Q1 2025 (Jan–Mar)");
    expect(periodLong("2025-H2")).toBe("H2 2025 (Jul–Dec)");
    expect(dayLabel("2025-03-31")).toBe("31 Mar 2025");
  });
});

describe("the periods an indicator is reported for", () => {
  const day = "2025-08-10";
  it.each<[string, Parameters<typeof reportingPeriods>[0], string[]]>([
    ["no dates: the last 8 quarters", {}, ["2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"]],
    ["from the baseline to now", { baseline_date: "2024-12-31", target_date: "2026-12-31" }, ["2025-Q1", "2025-Q2", "2025-Q3"]],
    ["a target date passed: up to it", { baseline_date: "2024-06-30", target_date: "2025-03-31", frequency: "half_yearly" }, ["2024-H2", "2025-H1"]],
    ["yearly", { baseline_date: "2022-12-31", frequency: "yearly" }, ["2023", "2024", "2025"]],
    ["a baseline in the future: the last 4 years", { baseline_date: "2026-01-01", frequency: "yearly" }, ["2022", "2023", "2024", "2025"]],
    ["no dates, monthly: the last 12 months", { frequency: "monthly" }, ["2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08"]],
  ])("%s", (_, ind, want) => expect(reportingPeriods(ind, day)).toEqual(want));

  it("a grid's periods: every indicator's, and those with results", () => {
    const g = gridPeriods([{ baseline_date: "2024-12-31" }, { baseline_date: "2025-03-31" }], day, ["2024-Q3", "nonsense"]);
    expect(g).toEqual({ periods: ["2024-Q3", "2025-Q1", "2025-Q2", "2025-Q3"], cut: 0 });
  });

  it("a long monthly range keeps the latest periods", () => {
    const g = gridPeriods([{ baseline_date: "2010-01-01", frequency: "monthly" }], day);
    expect(g.periods).toHaveLength(MAX_GRID_PERIODS);
    expect(g.periods[g.periods.length - 1]).toBe("2025-08");
    expect(g.cut).toBeGreaterThan(0);
  });

  it("target periods run from the baseline to the target date", () => {
    expect(targetPeriods({ baseline_date: "2024-12-31", target_date: "2025-12-31", frequency: "half_yearly" })).toEqual(["2025-H1", "2025-H2"]);
    expect(targetPeriods({ baseline_date: "2024-12-31" })).toEqual([]);
    expect(targetPeriods({ baseline_date: "2025-12-31", target_date: "2024-12-31" })).toEqual([]);
  });
});
