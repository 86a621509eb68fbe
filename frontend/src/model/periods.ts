/**
 * Reporting periods, as the server's domain/periods.py has them: a year "2025", a half
 * "2025-H1", a quarter "2025-Q1" or a month "2025-01". Each form belongs to one reporting
 * frequency; an indicator without one reports quarterly. Dates are "YYYY-MM-DD" strings
 * (compared as text: the format sorts), years 1900-2199. Pure; tested in tests/periods.test.ts.
 */

export const FREQUENCIES = ["monthly", "quarterly", "half_yearly", "yearly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const DEFAULT_FREQUENCY: Frequency = "quarterly";
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

export const FREQUENCY_WORDS: Record<Frequency, string> = {
  monthly: "Monthly",
  quarterly: "Quarterly",
  half_yearly: "Every six months",
  yearly: "Yearly",
};

const MONTHS: Record<Frequency, number> = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 };
const EXAMPLE: Record<Frequency, string> = { monthly: "2025-01", quarterly: "2025-Q1", half_yearly: "2025-H1", yearly: "2025" };
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const CODE = /^(\d{4})(?:-(?:H([12])|Q([1-4])|(0[1-9]|1[0-2])))?$/;

interface Parsed {
  year: number;
  frequency: Frequency;
  /** The period's place in its year, from 0. */
  index: number;
}

function parse(code: unknown): Parsed | null {
  if (typeof code !== "string") return null;
  const m = CODE.exec(code);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  if (m[2]) return { year, frequency: "half_yearly", index: Number(m[2]) - 1 };
  if (m[3]) return { year, frequency: "quarterly", index: Number(m[3]) - 1 };
  if (m[4]) return { year, frequency: "monthly", index: Number(m[4]) - 1 };
  return { year, frequency: "yearly", index: 0 };
}

function code(year: number, frequency: Frequency, index: number): string {
  const y = String(year).padStart(4, "0");
  if (frequency === "yearly") return y;
  if (frequency === "half_yearly") return `${y}-H${index + 1}`;
  if (frequency === "quarterly") return `${y}-Q${index + 1}`;
  return `${y}-${String(index + 1).padStart(2, "0")}`;
}

const pad = (n: number) => String(n).padStart(2, "0");

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${pad(month)}-${pad(day)}`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The frequency an indicator reports at (quarterly when it has none, or an unknown one). */
export function frequencyOr(f: unknown): Frequency {
  return (FREQUENCIES as readonly unknown[]).includes(f) ? (f as Frequency) : DEFAULT_FREQUENCY;
}

export function isPeriod(c: unknown): boolean {
  return parse(c) !== null;
}

/** The frequency a period code's form belongs to, or null when it is not a code. */
export function frequencyOf(c: string): Frequency | null {
  return parse(c)?.frequency ?? null;
}

/** Why `c` is not a period of `frequency` (any, when absent), or null when it is one. */
export function periodProblem(c: unknown, frequency?: Frequency | null): string | null {
  const p = parse(c);
  if (!p) {
    const forms = frequency ? EXAMPLE[frequency] : "2025, 2025-H1, 2025-Q1 or 2025-01";
    return `Use a period such as ${forms}.`;
  }
  if (frequency && p.frequency !== frequency)
    return `This indicator reports ${FREQUENCY_WORDS[frequency].toLowerCase()}: use a period such as ${EXAMPLE[frequency]}.`;
  return null;
}

/** A "YYYY-MM-DD" that is a real day (years 1900-2199), or null. */
export function parseDate(v: unknown): string | null {
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const [y, m, d] = v.split("-").map(Number) as [number, number, number];
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return v;
}

/** The day after a "YYYY-MM-DD". */
export function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + 1));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Today (the browser's calendar day) as "YYYY-MM-DD". */
export function today(now: Date = new Date()): string {
  return iso(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** The first and last day of a period (both included); null when not a code. */
export function periodBounds(c: string): [string, string] | null {
  const p = parse(c);
  if (!p) return null;
  const months = MONTHS[p.frequency];
  const first = p.index * months + 1;
  const last = first + months - 1;
  return [iso(p.year, first, 1), iso(p.year, last, daysIn(p.year, last))];
}

/** The period of `frequency` that the day falls in. */
export function periodOf(day: string, frequency: Frequency): string {
  const [y, m] = day.split("-").map(Number) as [number, number];
  return code(y, frequency, Math.floor((m - 1) / MONTHS[frequency]));
}

/** The period `steps` periods after `c` (before it when negative); null when not a code. */
export function shift(c: string, steps: number): string | null {
  const p = parse(c);
  if (!p) return null;
  const perYear = 12 / MONTHS[p.frequency];
  const n = p.index + steps;
  const yearShift = Math.floor(n / perYear);
  return code(p.year + yearShift, p.frequency, n - yearShift * perYear);
}

/** Every period of `frequency` overlapping start..end (both included), in order. */
export function periodsBetween(start: string, end: string, frequency: Frequency, max = 1000): string[] {
  if (end < start) return [];
  const first = periodOf(start, frequency);
  const last = periodOf(end, frequency);
  const out = [first];
  while (out[out.length - 1] !== last && out.length < max) out.push(shift(out[out.length - 1]!, 1)!);
  return out;
}

/** The `n` periods up to and including `last`, oldest first. */
export function lastPeriods(last: string, n: number): string[] {
  const out: string[] = [];
  for (let k = n - 1; k >= 0; k--) out.push(shift(last, -k)!);
  return out;
}

/** Sort period codes by when they start (then the longer first). */
export function comparePeriods(a: string, b: string): number {
  const ba = periodBounds(a);
  const bb = periodBounds(b);
  if (!ba || !bb) return a < b ? -1 : a > b ? 1 : 0;
  if (ba[0] !== bb[0]) return ba[0] < bb[0] ? -1 : 1;
  return ba[1] === bb[1] ? 0 : ba[1] > bb[1] ? -1 : 1;
}

/** How a period reads: "Q1 2025", "H2 2025", "Mar 2025", "2025". */
export function periodLabel(c: string): string {
  const p = parse(c);
  if (!p) return c;
  if (p.frequency === "yearly") return String(p.year);
  if (p.frequency === "half_yearly") return `H${p.index + 1} ${p.year}`;
  if (p.frequency === "quarterly") return `Q${p.index + 1} ${p.year}`;
  return `${MONTH_NAMES[p.index]} ${p.year}`;
}

/** How a period reads in a sentence, with its months: "Q1 2025 (Jan–Mar)". */
export function periodLong(c: string): string {
  const p = parse(c);
  if (!p || p.frequency === "yearly" || p.frequency === "monthly") return periodLabel(c);
  const months = MONTHS[p.frequency];
  const first = p.index * months;
  return `${periodLabel(c)} (${MONTH_NAMES[first]}–${MONTH_NAMES[first + months - 1]})`;
}

/** A day as people write it: "31 Mar 2025". */
export function dayLabel(day: string): string {
  const d = parseDate(day);
  if (!d) return day;
  const [y, m, dd] = d.split("-").map(Number) as [number, number, number];
  return `${dd} ${MONTH_NAMES[m - 1]} ${y}`;
}

/** At most this many periods are shown per frequency in the results grid (the latest). */
export const MAX_GRID_PERIODS = 60;
/** Without a baseline date, the grid shows this many periods up to now: a year of months, two of quarters, three of halves, four years. */
export const DEFAULT_GRID_PERIODS: Record<Frequency, number> = { monthly: 12, quarterly: 8, half_yearly: 6, yearly: 4 };

/** The dates of an indicator that decide which periods it reports. */
export interface PeriodSpan {
  frequency?: string | null;
  baseline_date?: string | null;
  target_date?: string | null;
}

/**
 * The periods an indicator is reported for, up to `day`: from the period after its baseline
 * date to the one holding its target date (or the current one, when that is earlier); without
 * a baseline date (or one in the future), the last few periods up to now (DEFAULT_GRID_PERIODS).
 */
export function reportingPeriods(ind: PeriodSpan, day: string): string[] {
  const f = frequencyOr(ind.frequency);
  const now = periodOf(day, f);
  const target = parseDate(ind.target_date);
  const end = target && target < day ? target : day;
  const base = parseDate(ind.baseline_date);
  if (base && nextDay(base) <= end) return periodsBetween(nextDay(base), end, f, MAX_GRID_PERIODS * 4);
  return lastPeriods(target && target < day ? periodOf(target, f) : now, DEFAULT_GRID_PERIODS[f]);
}

/**
 * Every period any of these indicators (all of one frequency) reports, plus `extra` (periods
 * that hold results already), in order; the latest MAX_GRID_PERIODS when there are more.
 */
export function gridPeriods(inds: readonly PeriodSpan[], day: string, extra: Iterable<string> = []): { periods: string[]; cut: number } {
  const all = new Set<string>();
  for (const ind of inds) for (const p of reportingPeriods(ind, day)) all.add(p);
  for (const p of extra) if (isPeriod(p)) all.add(p);
  const sorted = [...all].sort(comparePeriods);
  const cut = Math.max(0, sorted.length - MAX_GRID_PERIODS);
  return { periods: sorted.slice(cut), cut };
}

/** Every period from the period after the baseline date to the one holding the target date. */
export function targetPeriods(ind: PeriodSpan, max = 200): string[] {
  const base = parseDate(ind.baseline_date);
  const target = parseDate(ind.target_date);
  if (!base || !target || target <= base) return [];
  return periodsBetween(nextDay(base), target, frequencyOr(ind.frequency), max);
}
