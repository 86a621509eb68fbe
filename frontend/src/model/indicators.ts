/**
 * How an indicator is measured (issue 13): unit type, direction, frequency, cumulative or per
 * period, dates, per-period targets, disaggregation categories. The words people read, the
 * checks the inspector makes before sending (the same bounds as the server's schema), and
 * small pure edits of the lists. Tested in tests/indicators.test.ts.
 */
import { FREQUENCY_WORDS, frequencyOr, parseDate, periodProblem, comparePeriods, type Frequency } from "./periods";
import type { Aggregation, Direction, Disaggregation, Indicator, PeriodTarget, UnitType } from "./types";

export const UNIT_TYPE_WORDS: Record<UnitType, string> = {
  count: "Count (a number)",
  percentage: "Percentage",
  currency: "Money",
  scale: "Score on a scale",
  yes_no: "Yes or no",
  text: "Text (a short answer)",
};

export const DIRECTION_WORDS: Record<Direction, string> = {
  increase: "Higher is better",
  decrease: "Lower is better",
};

/** What is compared with the target: the latest period's value, or every period's added up. */
export const AGGREGATION_WORDS: Record<Aggregation, string> = {
  per_period: "Latest period",
  cumulative: "All periods added up",
};

export const MAX_DISAGGREGATIONS = 5;
export const MAX_CATEGORIES = 20;
export const MAX_CATEGORY_LENGTH = 60;
export const MAX_PERIOD_TARGETS = 200;
const NAME = /^[a-z0-9_ -]{1,40}$/;

export function unitTypeOf(ind: Pick<Indicator, "unit_type">): UnitType {
  return ind.unit_type ?? "count";
}

export function directionOf(ind: Pick<Indicator, "direction">): Direction {
  return ind.direction === "decrease" ? "decrease" : "increase";
}

export function aggregationOf(ind: Pick<Indicator, "aggregation">): Aggregation {
  return ind.aggregation === "cumulative" ? "cumulative" : "per_period";
}

export function frequencyOfIndicator(ind: Pick<Indicator, "frequency">): Frequency {
  return frequencyOr(ind.frequency);
}

/** Whether its results are numbers (a chart and a target line make sense). */
export function isNumeric(ind: Pick<Indicator, "unit_type">): boolean {
  const u = unitTypeOf(ind);
  return u !== "text" && u !== "yes_no";
}

/** One line saying how an indicator is measured: "Quarterly · percentage · higher is better". */
export function measurementSummary(ind: Indicator): string {
  const u = unitTypeOf(ind);
  const parts = [FREQUENCY_WORDS[frequencyOfIndicator(ind)]];
  let unit = UNIT_TYPE_WORDS[u].replace(/ \(.*\)$/, "").toLowerCase();
  if (u === "currency" && ind.currency) unit = `money (${ind.currency})`;
  if (u === "scale" && ind.scale_min != null && ind.scale_max != null) unit = `score from ${ind.scale_min} to ${ind.scale_max}`;
  parts.push(unit);
  if (isNumeric(ind)) {
    parts.push(DIRECTION_WORDS[directionOf(ind)].toLowerCase());
    if (aggregationOf(ind) === "cumulative") parts.push("running total");
  }
  const n = ind.disaggregations?.length ?? 0;
  if (n) parts.push(`split by ${ind.disaggregations!.map((d) => d.name).join(", ")}`);
  return parts.join(" · ");
}

// -- checks of what is typed ---------------------------------------------------------------------

/** A currency code as typed: "hkd " -> "HKD". */
export function normalizeCurrency(t: string): string {
  return t.trim().toUpperCase();
}

export function currencyProblem(t: string): string | null {
  const s = normalizeCurrency(t);
  return s === "" || /^[A-Z]{3}$/.test(s) ? null : "Use a three-letter currency code such as HKD, GBP or USD.";
}

/** A number as typed in a definition field ("1,000" is a thousand), null when empty, NaN when not a number. */
export function numberOrNull(t: string): number | null {
  const s = t.trim().replace(/,/g, "");
  if (s === "") return null;
  return /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(s) ? Number(s) : NaN;
}

export function numberProblem(t: string): string | null {
  return Number.isNaN(numberOrNull(t)) ? "Enter a number, such as 5 or 2.5." : null;
}

/** The scale's bounds: both numbers, bottom below top. */
export function scaleProblem(min: number | null | undefined, max: number | null | undefined): string | null {
  if (min == null || max == null) return null;
  return min < max ? null : "The top of the scale must be above its bottom.";
}

export function dateProblem(t: string): string | null {
  const s = t.trim();
  return s === "" || parseDate(s) ? null : "Use a date such as 2025-12-31 (year-month-day).";
}

/** The target date must come after the baseline date. */
export function datesProblem(baseline: string | null | undefined, target: string | null | undefined): string | null {
  const b = parseDate(baseline);
  const t = parseDate(target);
  return b && t && t <= b ? "The target date must come after the baseline date." : null;
}

/** A disaggregation's name as typed: trimmed, lower case ("Age band" -> "age band"). */
export function normalizeDisaggregationName(t: string): string {
  return t.trim().replace(/\s+/g, " ").toLowerCase();
}

export function disaggregationNameProblem(t: string, others: readonly string[] = []): string | null {
  const s = normalizeDisaggregationName(t);
  if (!s) return "Give the breakdown a name, such as gender or age band.";
  if (!NAME.test(s)) return "Use up to 40 letters (a-z), digits, spaces, - or _.";
  if (others.includes(s)) return `There is already a breakdown called “${s}”.`;
  return null;
}

/** Categories written with commas: "female, male, another". */
export function parseCategories(t: string): string[] {
  return t
    .split(/[,\n]/)
    .map((x) => x.trim().replace(/\s+/g, " "))
    .filter(Boolean);
}

export function categoriesProblem(t: string): string | null {
  const cats = parseCategories(t);
  if (!cats.length) return "List the categories, separated by commas (female, male, another).";
  if (cats.length > MAX_CATEGORIES) return `At most ${MAX_CATEGORIES} categories.`;
  const long = cats.find((c) => c.length > MAX_CATEGORY_LENGTH);
  if (long) return `“${long.slice(0, 20)}…” is longer than ${MAX_CATEGORY_LENGTH} characters.`;
  const seen = new Set<string>();
  for (const c of cats) {
    if (seen.has(c)) return `“${c}” is listed twice.`;
    seen.add(c);
  }
  return null;
}

/** A per-period target as typed: empty (none) or a number. */
export function periodTargetProblem(period: string, t: string, frequency: Frequency): string | null {
  const p = periodProblem(period, frequency);
  if (p) return p;
  return numberProblem(t);
}

// -- edits of the lists --------------------------------------------------------------------------

/** The per-period targets with one period's set (null: removed), in period order. */
export function withPeriodTarget(list: readonly PeriodTarget[] | undefined, period: string, value: number | null): PeriodTarget[] {
  const rest = (list ?? []).filter((t) => t.period !== period);
  if (value !== null) rest.push({ period, value });
  return rest.sort((a, b) => comparePeriods(a.period, b.period));
}

/** The target set for a period, or null. */
export function periodTargetOf(ind: Pick<Indicator, "period_targets">, period: string): number | null {
  return ind.period_targets?.find((t) => t.period === period)?.value ?? null;
}

/** The straight line's value at the end of a period (as the server's expected_at, for hints). */
export function linearTarget(ind: Indicator, periodEnd: string): number | null {
  const target = typeof ind.target === "number" ? ind.target : null;
  const baseline = typeof ind.baseline === "number" ? ind.baseline : null;
  const start = parseDate(ind.baseline_date);
  const end = parseDate(ind.target_date);
  if (target === null) return null;
  if (baseline === null || !start || !end || end <= start) return target;
  const days = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
  const share = Math.min(1, Math.max(0, days(start, periodEnd) / days(start, end)));
  return baseline + (target - baseline) * share;
}

export function withDisaggregation(list: readonly Disaggregation[] | undefined, index: number, d: Disaggregation | null): Disaggregation[] {
  const out = [...(list ?? [])];
  if (d === null) out.splice(index, 1);
  else if (index >= out.length) out.push(d);
  else out[index] = d;
  return out;
}

/** A name for a new breakdown not taken yet: "gender", then "breakdown 2"... */
export function newDisaggregationName(list: readonly Disaggregation[] | undefined): string {
  const taken = new Set((list ?? []).map((d) => d.name));
  if (!taken.has("gender")) return "gender";
  for (let i = 2; ; i++) if (!taken.has(`breakdown ${i}`)) return `breakdown ${i}`;
}

/** The fields to drop when the unit type changes (a currency on a count means nothing). */
export function unitTypeChange(ind: Indicator, next: UnitType): Partial<Indicator> {
  const set: Partial<Indicator> = { unit_type: next };
  if (next !== "currency" && ind.currency) set.currency = null;
  if (next !== "scale" && (ind.scale_min != null || ind.scale_max != null)) {
    set.scale_min = null;
    set.scale_max = null;
  }
  if (next === "percentage" && !ind.unit) set.unit = "%";
  return set;
}

/** A new frequency: targets set for periods of another frequency no longer apply (the server refuses them). */
export function frequencyChange(ind: Pick<Indicator, "period_targets">, next: Frequency): Partial<Indicator> {
  const kept = (ind.period_targets ?? []).filter((t) => !periodProblem(t.period, next));
  return { frequency: next, period_targets: kept };
}
