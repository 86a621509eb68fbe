/** How an indicator is measured (model/indicators.ts): words, checks, list edits. */
import { describe, expect, it } from "vitest";
import {
  categoriesProblem,
  currencyProblem,
  dateProblem,
  datesProblem,
  disaggregationNameProblem,
  frequencyChange,
  linearTarget,
  makeIndicator,
  measurementSummary,
  newDisaggregationName,
  normalizeCurrency,
  normalizeDisaggregationName,
  numberOrNull,
  numberProblem,
  parseCategories,
  periodTargetOf,
  periodTargetProblem,
  scaleProblem,
  unitTypeChange,
  withDisaggregation,
  withPeriodTarget,
  type Indicator,
} from "../src/model";

const ind = (extra: Partial<Indicator> = {}): Indicator => makeIndicator("Young people coached", extra);

describe("what a definition says", () => {
  it.each<[Partial<Indicator>, string]>([
    [{}, "Quarterly · count · higher is better"],
    [{ unit_type: "percentage", direction: "decrease", frequency: "monthly" }, "Monthly · percentage · lower is better"],
    [{ unit_type: "currency", currency: "HKD", aggregation: "cumulative" }, "Quarterly · money (HKD) · higher is better · running total"],
    [{ unit_type: "scale", scale_min: 1, scale_max: 5, frequency: "yearly" }, "Yearly · score from 1 to 5 · higher is better"],
    [{ unit_type: "yes_no", frequency: "half_yearly" }, "Every six months · yes or no"],
    [{ unit_type: "text" }, "Quarterly · text"],
    [{ disaggregations: [{ name: "gender", categories: ["f", "m"] }, { name: "age", categories: ["young"] }] }, "Quarterly · count · higher is better · split by gender, age"],
  ])("%j", (extra, words) => expect(measurementSummary(ind(extra))).toBe(words));
});

describe("checks of what is typed", () => {
  it.each([
    ["", null],
    ["hkd", null],
    [" GBP ", null],
    ["HK$", "Use a three-letter currency code such as HKD, GBP or USD."],
    ["EURO", "Use a three-letter currency code such as HKD, GBP or USD."],
  ])("currency %j", (t, p) => expect(currencyProblem(t)).toBe(p));
  it("currency codes are upper case", () => expect(normalizeCurrency(" hkd ")).toBe("HKD"));

  it.each([
    ["", null],
    ["5", 5],
    ["-2.5", -2.5],
    ["1,000", 1000],
    ["five", NaN],
  ])("number %j", (t, v) => expect(numberOrNull(t)).toEqual(v));
  it("a number's problem", () => {
    expect(numberProblem("abc")).toBe("Enter a number, such as 5 or 2.5.");
    expect(numberProblem("")).toBeNull();
  });

  it.each([
    [1, 5, null],
    [5, 1, "The top of the scale must be above its bottom."],
    [3, 3, "The top of the scale must be above its bottom."],
    [null, 5, null],
  ])("scale %s..%s", (a, b, p) => expect(scaleProblem(a, b)).toBe(p));

  it.each([
    ["", null],
    ["2025-12-31", null],
    ["31/12/2025", "Use a date such as 2025-12-31 (year-month-day)."],
    ["2025-02-30", "Use a date such as 2025-12-31 (year-month-day)."],
  ])("date %j", (t, p) => expect(dateProblem(t)).toBe(p));
  it("the target date comes after the baseline date", () => {
    expect(datesProblem("2025-01-01", "2024-01-01")).toBe("The target date must come after the baseline date.");
    expect(datesProblem("2025-01-01", "2025-01-01")).toBe("The target date must come after the baseline date.");
    expect(datesProblem("2024-01-01", "2025-01-01")).toBeNull();
    expect(datesProblem(null, "2025-01-01")).toBeNull();
  });

  it.each([
    ["gender", [], null],
    ["Age band", [], null],
    ["", [], "Give the breakdown a name, such as gender or age band."],
    ["région", [], "Use up to 40 letters (a-z), digits, spaces, - or _."],
    ["x".repeat(41), [], "Use up to 40 letters (a-z), digits, spaces, - or _."],
    ["Gender", ["gender"], "There is already a breakdown called “gender”."],
  ])("breakdown name %j", (t, others, p) => expect(disaggregationNameProblem(t, others)).toBe(p));
  it("breakdown names are lower case", () => expect(normalizeDisaggregationName("  Age   Band ")).toBe("age band"));

  it("categories are written with commas", () => expect(parseCategories("female, male ,another,, ")).toEqual(["female", "male", "another"]));
  it.each([
    ["female, male", null],
    ["", "List the categories, separated by commas (female, male, another)."],
    ["a, b, a", "“a” is listed twice."],
    [Array.from({ length: 21 }, (_, i) => `c${i}`).join(","), "At most 20 categories."],
    [`${"x".repeat(61)}, y`, `“${"x".repeat(20)}…” is longer than 60 characters.`],
  ])("categories %j", (t, p) => expect(categoriesProblem(t)).toBe(p));

  it("a period target's period and number", () => {
    expect(periodTargetProblem("2025-Q1", "12", "quarterly")).toBeNull();
    expect(periodTargetProblem("2025-01", "12", "quarterly")).toBe("This indicator reports quarterly: use a period such as 2025-Q1.");
    expect(periodTargetProblem("2025-Q1", "lots", "quarterly")).toBe("Enter a number, such as 5 or 2.5.");
  });
});

describe("edits of the lists", () => {
  it("per-period targets stay in order, one per period", () => {
    let l = withPeriodTarget(undefined, "2025-Q3", 30);
    l = withPeriodTarget(l, "2025-Q1", 10);
    l = withPeriodTarget(l, "2025-Q3", 35);
    expect(l).toEqual([
      { period: "2025-Q1", value: 10 },
      { period: "2025-Q3", value: 35 },
    ]);
    expect(withPeriodTarget(l, "2025-Q1", null)).toEqual([{ period: "2025-Q3", value: 35 }]);
    expect(periodTargetOf({ period_targets: l }, "2025-Q3")).toBe(35);
    expect(periodTargetOf({}, "2025-Q3")).toBeNull();
  });

  it("the straight line from baseline to target", () => {
    const i = ind({ baseline: 0, target: 100, baseline_date: "2024-12-31", target_date: "2025-12-31" });
    expect(linearTarget(i, "2024-12-31")).toBe(0);
    expect(linearTarget(i, "2025-12-31")).toBe(100);
    expect(linearTarget(i, "2026-06-30")).toBe(100);
    expect(linearTarget(i, "2025-07-02")).toBeCloseTo(50, 0);
    expect(linearTarget(ind({ target: 40 }), "2025-03-31")).toBe(40);
    expect(linearTarget(ind({ target: "most" }), "2025-03-31")).toBeNull();
  });

  it("breakdowns: add, change, remove; a new one gets a free name", () => {
    let l = withDisaggregation(undefined, 0, { name: "gender", categories: ["f", "m"] });
    expect(newDisaggregationName(l)).toBe("breakdown 2");
    l = withDisaggregation(l, 1, { name: "age", categories: ["young", "old"] });
    l = withDisaggregation(l, 0, { name: "gender", categories: ["f", "m", "x"] });
    expect(l.map((d) => d.categories.length)).toEqual([3, 2]);
    expect(withDisaggregation(l, 0, null)).toEqual([{ name: "age", categories: ["young", "old"] }]);
    expect(newDisaggregationName([])).toBe("gender");
  });

  it("a new unit type drops what no longer applies", () => {
    expect(unitTypeChange(ind({ unit_type: "currency", currency: "HKD" }), "count")).toEqual({ unit_type: "count", currency: null });
    expect(unitTypeChange(ind({ unit_type: "scale", scale_min: 1, scale_max: 5 }), "percentage")).toEqual({ unit_type: "percentage", scale_min: null, scale_max: null, unit: "%" });
    expect(unitTypeChange(ind({ unit: "people" }), "scale")).toEqual({ unit_type: "scale" });
  });

  it("a new frequency drops the targets of other periods", () => {
    const i = ind({ period_targets: [{ period: "2025-Q1", value: 5 }, { period: "2025-03", value: 2 }] });
    expect(frequencyChange(i, "monthly")).toEqual({ frequency: "monthly", period_targets: [{ period: "2025-03", value: 2 }] });
    expect(frequencyChange(ind(), "yearly")).toEqual({ frequency: "yearly", period_targets: [] });
  });
});
