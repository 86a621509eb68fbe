/**
 * Results (issue 13): a time series beside the ToC, keyed by indicator id and period. The
 * shapes the API speaks, and the pure rules of the results grid: what a typed cell means for
 * an indicator of each unit type, what is wrong with it (said so a programme manager can fix
 * it), a block pasted from a spreadsheet, the batch one Save sends, and the server's 422
 * mapped back to the cells it is about. Tested in tests/results.test.ts.
 */
import { unitTypeOf } from "./indicators";
import { periodLabel, periodProblem, frequencyOr } from "./periods";
import type { Indicator } from "./types";

/** Per-category values: {"gender": {"female": 12, "male": 9}}. */
export type Categories = Record<string, Record<string, number>>;

/** One result as written (POST .../results). */
export interface ResultEntry {
  indicator: string;
  period: string;
  value?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  text_value?: string | null;
  categories?: Categories | null;
  note?: string;
  source?: string;
}

/** One result as stored: the current value of (indicator, period) is the newest. */
export interface StoredResult extends ResultEntry {
  id: number;
  node_id: string;
  /** Who reported it: a username (or id), null when the account is gone. */
  reported_by: string | number | null;
  reported_by_name?: string | null;
  reported_at: string;
  archived?: boolean;
}

export interface ResultsList {
  results: StoredResult[];
  /** Ids of indicators that have results but are no longer in the ToC. */
  archived: string[];
}

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

/** What an import (dry run or not) found. */
export interface ImportReport {
  rows: number;
  valid: boolean;
  problems: ImportProblem[];
  preview: ResultEntry[];
}

/** Who reported a result, in words. */
export function reporterName(r: Pick<StoredResult, "reported_by" | "reported_by_name">): string {
  return r.reported_by_name || (r.reported_by != null ? String(r.reported_by) : "someone");
}

// -- numbers as people type and paste them --------------------------------------------------------

const SPACES = /[\s\u00a0\u202f\u2009]/g;

/**
 * A number as typed or pasted from a spreadsheet: "1,234.5", "1 234", "12,5" (a decimal comma),
 * "1.234.567,8", "(120)" (negative, as accountants write it), "−3", "HK$1,200", "1200 HKD",
 * "45%" (percent: `percent` is true). NaN when it is not one; null when empty.
 */
export function parseAmount(text: string): { value: number; percent: boolean } | null {
  let s = text.replace(SPACES, "");
  if (s === "") return null;
  let neg = false;
  if (/^\(.*\)$/.test(s)) {
    neg = true;
    s = s.slice(1, -1);
  }
  s = s.replace(/^[−–]/, "-");
  if (s.startsWith("-")) {
    neg = !neg;
    s = s.slice(1);
  }
  s = s.replace(/^(?:[A-Za-z]{0,3}[$£€¥₹]|[A-Za-z]{3}(?=[\d.,]))/, "").replace(/(?:[$£€¥₹]|(?<=[\d.])[A-Za-z]{3})$/, "");
  let percent = false;
  if (s.endsWith("%")) {
    percent = true;
    s = s.slice(0, -1);
  }
  let n: number;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) n = Number(s.replace(/,/g, ""));
  else if (/^\d{1,3}(\.\d{3}){2,}(,\d+)?$/.test(s) || /^\d{1,3}(\.\d{3})+,\d+$/.test(s)) n = Number(s.replace(/\./g, "").replace(",", "."));
  else if (/^\d+,\d+$/.test(s)) n = Number(s.replace(",", "."));
  else if (/^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) n = Number(s);
  else n = NaN;
  return { value: neg ? -n : n, percent };
}

const YES = new Set(["yes", "y", "true", "1", "✓"]);
const NO = new Set(["no", "n", "false", "0", "✗"]);

/** What a typed cell holds for an indicator: the entry's value fields, or why not. */
export type CellValue =
  | { kind: "empty" }
  | { kind: "value"; set: Pick<ResultEntry, "value" | "numerator" | "denominator" | "text_value"> }
  | { kind: "problem"; field: "value" | "numerator" | "denominator" | "text_value"; message: string };

export const MAX_TEXT_VALUE = 500;

/** Read a cell's text as a result of `ind` (by its unit type). */
export function readCell(text: string, ind: Indicator): CellValue {
  const t = text.trim();
  if (t === "") return { kind: "empty" };
  const u = unitTypeOf(ind);
  if (u === "text") {
    if (t.length > MAX_TEXT_VALUE) return { kind: "problem", field: "text_value", message: `Keep it under ${MAX_TEXT_VALUE} characters (it has ${t.length}).` };
    return { kind: "value", set: { text_value: t } };
  }
  if (u === "yes_no") {
    const w = t.toLowerCase();
    if (YES.has(w)) return { kind: "value", set: { text_value: "yes" } };
    if (NO.has(w)) return { kind: "value", set: { text_value: "no" } };
    return { kind: "problem", field: "text_value", message: "Answer yes or no." };
  }
  if (u === "percentage") {
    const frac = /^(.+?)\s*(?:\/|\bof\b|\bout of\b)\s*(.+)$/i.exec(t);
    if (frac) {
      const num = parseAmount(frac[1]!);
      const den = parseAmount(frac[2]!);
      if (!num || Number.isNaN(num.value)) return { kind: "problem", field: "numerator", message: "The part before / must be a number (12/30 is 12 out of 30)." };
      if (!den || Number.isNaN(den.value)) return { kind: "problem", field: "denominator", message: "The part after / must be a number (12/30 is 12 out of 30)." };
      if (den.value <= 0) return { kind: "problem", field: "denominator", message: "The number out of which (after /) must be more than 0." };
      if (num.value < 0) return { kind: "problem", field: "numerator", message: "The count (before /) cannot be below 0." };
      if (num.value > den.value) return { kind: "problem", field: "numerator", message: `${num.value} out of ${den.value} is more than all of them: the first number must not be larger.` };
      return { kind: "value", set: { value: (100 * num.value) / den.value, numerator: num.value, denominator: den.value } };
    }
  }
  const a = parseAmount(t);
  if (!a || Number.isNaN(a.value) || !Number.isFinite(a.value)) {
    const example = u === "percentage" ? "45 or 45% (or 12/30: 12 out of 30)" : u === "currency" ? "1200 or 1,200.50" : "42 or 3.5";
    return { kind: "problem", field: "value", message: `Enter a number, such as ${example}.` };
  }
  const v = a.value;
  if (a.percent && u !== "percentage") return { kind: "problem", field: "value", message: "This indicator is not a percentage: enter the number without %." };
  if (u === "percentage" && (v < 0 || v > 100)) return { kind: "problem", field: "value", message: "A percentage is from 0 to 100." };
  if (u === "scale") {
    const lo = ind.scale_min;
    const hi = ind.scale_max;
    if ((lo != null && v < lo) || (hi != null && v > hi))
      return { kind: "problem", field: "value", message: `The scale goes from ${lo ?? "…"} to ${hi ?? "…"}.` };
  }
  if (u === "count" && v < 0) return { kind: "problem", field: "value", message: "A count cannot be below 0." };
  return { kind: "value", set: { value: v } };
}

// -- showing values ---------------------------------------------------------------------------------

const GROUPED = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });
const ONE_DECIMAL = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** A number as a reader writes it: "1,200", "12.35". */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) < 0.01 && v !== 0) return v.toPrecision(2);
  return GROUPED.format(v);
}

/** A number with its unit: "40%", "47.1%", "HKD 1,200", "3.5". */
export function formatValue(v: number | null | undefined, ind: Pick<Indicator, "unit_type" | "currency" | "unit">): string {
  if (v === null || v === undefined) return "";
  const u = unitTypeOf(ind);
  if (u === "percentage") return `${Number.isFinite(v) ? ONE_DECIMAL.format(v) : v}%`;
  if (u === "currency") return ind.currency ? `${ind.currency} ${formatNumber(v)}` : formatNumber(v);
  if (u === "yes_no") return v === 1 ? "Yes" : v === 0 ? "No" : formatNumber(v);
  return formatNumber(v);
}

/** What a stored result shows in a cell: "1,200", "40% (12/30)", "Yes", the text. */
export function shownValue(r: ResultEntry | undefined, ind: Indicator): string {
  if (!r) return "";
  const u = unitTypeOf(ind);
  if (u === "yes_no") {
    const t = (r.text_value ?? (r.value === 1 ? "yes" : r.value === 0 ? "no" : "")).toLowerCase();
    return t === "yes" ? "Yes" : t === "no" ? "No" : t;
  }
  if (u === "text") return r.text_value ?? "";
  if (r.value === null || r.value === undefined) return "";
  const main = formatValue(r.value, ind);
  if (u === "percentage" && r.numerator != null && r.denominator != null) return `${main} (${formatNumber(r.numerator)}/${formatNumber(r.denominator)})`;
  return main;
}

/** A plain number for editing: no grouping ("1200", "12.5"). */
function plain(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}

/** The text a stored result gives its cell when someone starts editing it. */
export function editText(r: ResultEntry | undefined, ind: Indicator): string {
  if (!r) return "";
  const u = unitTypeOf(ind);
  if (u === "text") return r.text_value ?? "";
  if (u === "yes_no") return shownValue(r, ind).toLowerCase();
  if (u === "percentage" && r.numerator != null && r.denominator != null) return `${plain(r.numerator)}/${plain(r.denominator)}`;
  return r.value === null || r.value === undefined ? "" : plain(r.value);
}

/** Categories in words: "female 12, male 9, another 1". */
export function categoriesText(c: Categories | null | undefined): string {
  if (!c) return "";
  return Object.entries(c)
    .map(([dim, cats]) => {
      const list = Object.entries(cats)
        .map(([k, v]) => `${k} ${formatNumber(v)}`)
        .join(", ");
      return Object.keys(c).length > 1 ? `${dim}: ${list}` : list;
    })
    .join("; ");
}

// -- categories -------------------------------------------------------------------------------------

export interface CategoryProblem {
  dimension: string;
  category: string | null;
  message: string;
}

/** Unit types whose categories add up to the total (a full split must equal it). */
export const ADDITIVE_UNITS: readonly string[] = ["count", "currency"];

/**
 * What is wrong with a cell's categories: only the indicator's declared ones, numbers (not
 * below 0 for counts and percentages), and for counts and money, when every category of a
 * breakdown is given, they add up to the total (within 1e-6), as the server checks them.
 */
export function categoryProblems(ind: Indicator, cats: Categories | null | undefined, total: number | null | undefined): CategoryProblem[] {
  if (!cats) return [];
  const out: CategoryProblem[] = [];
  const u = unitTypeOf(ind);
  const declared = new Map((ind.disaggregations ?? []).map((d) => [d.name, d.categories]));
  for (const [dim, values] of Object.entries(cats)) {
    const allowed = declared.get(dim);
    if (!allowed) {
      out.push({ dimension: dim, category: null, message: `“${dim}” is not a breakdown of this indicator.` });
      continue;
    }
    let sum = 0;
    for (const [cat, v] of Object.entries(values)) {
      if (!allowed.includes(cat)) out.push({ dimension: dim, category: cat, message: `“${cat}” is not a category of ${dim}.` });
      else if (typeof v !== "number" || !Number.isFinite(v)) out.push({ dimension: dim, category: cat, message: "Enter a number." });
      else if (v < 0 && (u === "count" || u === "percentage")) out.push({ dimension: dim, category: cat, message: "Cannot be below 0." });
      else sum += v;
    }
    const complete = allowed.every((c) => typeof values[c] === "number");
    if (complete && ADDITIVE_UNITS.includes(u) && typeof total === "number" && Math.abs(sum - total) > 1e-6)
      out.push({ dimension: dim, category: null, message: `The ${dim} categories add up to ${formatNumber(sum)}, not the total ${formatNumber(total)}.` });
  }
  return out;
}

/** The total of the first breakdown given in full (counts and money), or null. */
export function categoriesTotal(ind: Indicator, cats: Categories | null | undefined): number | null {
  if (!cats || !ADDITIVE_UNITS.includes(unitTypeOf(ind))) return null;
  for (const d of ind.disaggregations ?? []) {
    const values = cats[d.name];
    if (values && d.categories.every((c) => typeof values[c] === "number")) return d.categories.reduce((a, c) => a + values[c]!, 0);
  }
  return null;
}

/** Categories with empty breakdowns left out; null when nothing is left. */
export function cleanCategories(c: Categories | null | undefined): Categories | null {
  if (!c) return null;
  const out: Categories = {};
  for (const [dim, values] of Object.entries(c)) {
    const kept = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === "number" && Number.isFinite(v)));
    if (Object.keys(kept).length) out[dim] = kept;
  }
  return Object.keys(out).length ? out : null;
}

// -- the grid's edits -------------------------------------------------------------------------------

/** A cell's address: "2025-Q1|<indicator id>" (a period never holds "|"). */
export function cellKey(indicator: string, period: string): string {
  return `${period}|${indicator}`;
}

export function splitCellKey(key: string): { indicator: string; period: string } {
  const i = key.indexOf("|");
  return { period: key.slice(0, i), indicator: key.slice(i + 1) };
}

/** What was changed in one cell and not saved yet; a field is absent when it was not touched. */
export interface CellDraft {
  text?: string;
  note?: string;
  source?: string;
  categories?: Categories | null;
}

export interface CellIssue {
  key: string;
  /** "value", "note", "categories/gender/female"... */
  field: string;
  message: string;
}

/** The server's limits on a note and a source. */
export const MAX_SOURCE = 2000;
export const MAX_NOTE = 2000;

/** A source: a web address (http or https) or words; never another kind of address. */
export function sourceProblem(t: string): string | null {
  const s = t.trim();
  if (s.length > MAX_SOURCE) return `Keep the source under ${MAX_SOURCE} characters.`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) && !/^https?:\/\/\S+$/i.test(s)) return "A web address must start with http:// or https://.";
  return null;
}

/** Whether a draft changes nothing the stored result has. */
export function draftIsNoop(d: CellDraft, stored: ResultEntry | undefined, ind: Indicator): boolean {
  if (d.text !== undefined && d.text.trim() !== editText(stored, ind).trim()) return false;
  if (d.note !== undefined && d.note.trim() !== (stored?.note ?? "")) return false;
  if (d.source !== undefined && d.source.trim() !== (stored?.source ?? "")) return false;
  if (d.categories !== undefined && JSON.stringify(cleanCategories(d.categories)) !== JSON.stringify(cleanCategories(stored?.categories))) return false;
  return true;
}

/**
 * The entry one edited cell sends: the stored result with the draft's changes (a new row
 * replaces the whole current value, so what was not edited is sent again), or the problems.
 * null (and no problems) when the draft changes nothing.
 */
export function entryFor(ind: Indicator, period: string, stored: ResultEntry | undefined, d: CellDraft): { entry: ResultEntry | null; problems: CellIssue[] } {
  const key = cellKey(ind.id, period);
  if (draftIsNoop(d, stored, ind)) return { entry: null, problems: [] };
  const problems: CellIssue[] = [];
  const pp = periodProblem(period, frequencyOr(ind.frequency));
  if (pp) problems.push({ key, field: "period", message: pp });
  const text = d.text ?? editText(stored, ind);
  const cell = readCell(text, ind);
  const entry: ResultEntry = { indicator: ind.id, period };
  if (cell.kind === "problem") problems.push({ key, field: "value", message: cell.message });
  else if (cell.kind === "value") Object.assign(entry, { value: null, numerator: null, denominator: null, text_value: null }, cell.set);
  else Object.assign(entry, { value: null, numerator: null, denominator: null, text_value: null });
  const note = (d.note ?? stored?.note ?? "").trim();
  const source = (d.source ?? stored?.source ?? "").trim();
  const sp = sourceProblem(source);
  if (sp) problems.push({ key, field: "source", message: sp });
  if (note.length > MAX_NOTE) problems.push({ key, field: "note", message: `Keep the note under ${MAX_NOTE} characters.` });
  entry.note = note;
  entry.source = source;
  const numeric = unitTypeOf(ind) !== "text" && unitTypeOf(ind) !== "yes_no";
  const cats = numeric ? cleanCategories(d.categories !== undefined ? d.categories : stored?.categories) : null;
  if (cats) {
    entry.categories = cats;
    for (const c of categoryProblems(ind, cats, entry.value))
      problems.push({ key, field: c.category ? `categories/${c.dimension}/${c.category}` : `categories/${c.dimension}`, message: c.message });
  } else entry.categories = null;
  if (cell.kind === "empty") {
    // A full split of a count or money gives the total; a saved value is never emptied.
    const sum = categoriesTotal(ind, cats);
    if (sum !== null) entry.value = sum;
    else if (!stored && !cats && !note && !source) return { entry: null, problems: [] };
    else if (stored) problems.push({ key, field: "value", message: "A saved value cannot be emptied: enter the right value instead (the old one stays in its history)." });
    else problems.push({ key, field: "value", message: "Enter a value too." });
  }
  return { entry: problems.length ? null : entry, problems };
}

/**
 * One Save: every edited cell's entry in a stable order (indicator order, then period), with
 * `keys[i]` the cell of entry i (to put the server's errors back on it), or the problems.
 */
export function buildBatch(
  drafts: ReadonlyMap<string, CellDraft>,
  indicators: ReadonlyMap<string, Indicator>,
  stored: ReadonlyMap<string, ResultEntry>,
  order: readonly string[] = [...indicators.keys()],
): { entries: ResultEntry[]; keys: string[]; problems: CellIssue[] } {
  const rank = new Map(order.map((id, i) => [id, i]));
  const cells = [...drafts.keys()].map(splitCellKey).sort((a, b) => (rank.get(a.indicator) ?? 1e9) - (rank.get(b.indicator) ?? 1e9) || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const entries: ResultEntry[] = [];
  const keys: string[] = [];
  const problems: CellIssue[] = [];
  for (const { indicator, period } of cells) {
    const ind = indicators.get(indicator);
    const key = cellKey(indicator, period);
    if (!ind) {
      problems.push({ key, field: "indicator", message: "This indicator is no longer in the ToC." });
      continue;
    }
    const r = entryFor(ind, period, stored.get(key), drafts.get(key)!);
    problems.push(...r.problems);
    if (r.entry) {
      entries.push(r.entry);
      keys.push(key);
    }
  }
  return { entries, keys, problems };
}

/** "3 problems: Young people coached, Q1 2025: Enter a number…" for the save bar. */
export function problemsSummary(problems: readonly CellIssue[], names: ReadonlyMap<string, string>): string {
  if (!problems.length) return "";
  const first = problems[0]!;
  const { indicator, period } = splitCellKey(first.key);
  const where = `${names.get(indicator) ?? "An indicator"}, ${periodLabel(period)}`;
  const n = problems.length;
  return `${n === 1 ? "1 problem" : `${n} problems`} to fix before saving. ${where}: ${first.message}`;
}

// -- the server's answer ----------------------------------------------------------------------------

/**
 * The server's messages about a batch, by entry: flask-smorest's nested
 * `{json: {results: {"3": {value: [...]}}}}`, the domain's `{"results/3/value": [...]}`, or
 * anything between. `index` null: about the whole batch.
 */
export function batchErrors(errors: unknown): { index: number | null; field: string; message: string }[] {
  const out: { index: number | null; field: string; message: string }[] = [];
  const walk = (o: unknown, path: string[]): void => {
    if (typeof o === "string") {
      const parts = path.join("/").split("/").filter((p) => p !== "json" && p !== "_schema" && p !== "");
      const at = parts.indexOf("results");
      const idx = at >= 0 && /^\d+$/.test(parts[at + 1] ?? "") ? Number(parts[at + 1]) : null;
      const field = idx === null ? parts.slice(at >= 0 ? at + 1 : 0).join("/") : parts.slice(at + 2).join("/");
      out.push({ index: idx, field: field || (idx === null ? "" : "value"), message: o });
    } else if (Array.isArray(o)) o.forEach((x) => walk(x, path));
    else if (o && typeof o === "object") for (const [k, v] of Object.entries(o)) walk(v, [...path, k]);
  };
  walk(errors, []);
  return out;
}

/**
 * The server's 422 about a batch, put on the cells it names (`keys[i]` is entry i's cell):
 * its answer's `problems` (every `{where: "results/3/value", message}`) when it lists them,
 * else its `errors` (flask-smorest's shape, or the first problem only).
 */
export function issuesFromServer(body: unknown, keys: readonly string[], fallback: string): { cells: CellIssue[]; general: string[] } {
  const cells: CellIssue[] = [];
  const general: string[] = [];
  const b = (body && typeof body === "object" ? body : {}) as { problems?: unknown; errors?: unknown };
  const listed = Array.isArray(b.problems)
    ? b.problems.filter((p): p is { where: string; message: string } => !!p && typeof p.where === "string" && typeof p.message === "string")
    : [];
  const errors = listed.length ? listed.map((p) => ({ [p.where]: [p.message] })) : b.errors;
  for (const e of batchErrors(errors)) {
    const key = e.index !== null ? keys[e.index] : undefined;
    if (key) cells.push({ key, field: e.field, message: e.message });
    else general.push(e.field ? `${e.field}: ${e.message}` : e.message);
  }
  if (!cells.length && !general.length) general.push(fallback);
  return { cells, general };
}

// -- paste from a spreadsheet -----------------------------------------------------------------------

/**
 * A block copied from Excel, Google Sheets or LibreOffice: rows end with a line break (\r\n or
 * \n), cells are split by tabs, and a cell holding a tab, a line break or a quote is quoted
 * ("a ""b"""). The last line break ends the block (it is no empty row).
 */
export function parseClipboard(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let atStart = true;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (atStart && ch === '"') {
      // A quoted cell: until a quote not doubled.
      let j = i + 1;
      let val = "";
      let closed = false;
      while (j < n) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            val += '"';
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        val += text[j];
        j++;
      }
      const next = text[j];
      if (closed && (j >= n || next === "\t" || next === "\n" || next === "\r")) {
        cell = val;
        i = j;
        atStart = false;
        continue;
      }
      // Not a quoted cell after all ('5" screen'): read it as text.
    }
    atStart = false;
    if (ch === "\t") {
      row.push(cell);
      cell = "";
      atStart = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      atStart = true;
    } else cell += ch;
    i++;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * Where a pasted block lands, from the focused cell (row r, column c) right and down; cells
 * past the grid's edge are left out (`clipped` counts them), as are rows `skip` refuses
 * (read-only ones).
 */
export function pasteCells(
  block: readonly (readonly string[])[],
  at: { row: number; col: number },
  size: { rows: number; cols: number },
  skip: (row: number) => boolean = () => false,
): { cells: { row: number; col: number; text: string }[]; clipped: number } {
  const cells: { row: number; col: number; text: string }[] = [];
  let clipped = 0;
  block.forEach((line, dr) => {
    line.forEach((text, dc) => {
      const row = at.row + dr;
      const col = at.col + dc;
      if (row >= size.rows || col >= size.cols || skip(row)) clipped++;
      else cells.push({ row, col, text: text.trim() });
    });
  });
  return { cells, clipped };
}
