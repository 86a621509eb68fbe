/**
 * Progress (issue 13) as the API sends it (GET .../progress and .../dashboard), and what the
 * screens say about it: a status word and mark per box (never colour alone), the share of the
 * expected progress for a small bar, "At risk upstream because “Young people coached” is
 * behind", the chain of boxes feeding an outcome (the pathway view), and the rows and the
 * sentence of an indicator's chart. Pure; tested in tests/progress.test.ts.
 */
import { aggregationOf, unitTypeOf } from "./indicators";
import { comparePeriods, periodLabel } from "./periods";
import { formatValue, type Categories } from "./results";
import type { Doc, Indicator, NodeKind, TocNode } from "./types";

export const STATUSES = ["on_track", "behind", "off_track", "no_recent_data", "no_target"] as const;
export type Status = (typeof STATUSES)[number];

export interface IndicatorProgress {
  status: Status;
  expected: number | string | null;
  actual: number | string | null;
  /** The latest reported period. */
  period: string | null;
  /** Progress made over progress expected (1 = as planned); null when not measurable. */
  ratio: number | null;
  /** A sentence a programme manager reads: why this status. */
  reason: string;
  node_id: string;
}

export interface UpstreamReason {
  id: string;
  label: string;
  status: Status | null;
}

export interface NodeProgress {
  /** The worst of the box's indicators; null when none has a status. */
  status: Status | null;
  /** "at_risk" when a box with a path into it is behind or off track. */
  upstream: "at_risk" | "ok" | null;
  /** The boxes at risk upstream, nearest first. */
  reasons: UpstreamReason[];
}

export interface Progress {
  as_of: string;
  indicators: Record<string, IndicatorProgress>;
  nodes: Record<string, NodeProgress>;
}

export interface SeriesPoint {
  period: string;
  start: string;
  end: string;
  /** What was reported (cumulative: the running total); null when nothing was. */
  actual: number | null;
  /** What was reported for the period itself. */
  value?: number | null;
  text_value?: string | null;
  /** Expected on the path to the target; null when nothing is expected. */
  target: number | null;
  categories: Categories | null;
}

export interface DashboardIndicator extends Indicator {
  node_id: string;
  node_label: string;
  status: Status | IndicatorProgress | null;
  /** Why that status, in a sentence. */
  reason?: string;
  series: SeriesPoint[];
}

export interface Dashboard {
  as_of?: string;
  indicators: DashboardIndicator[];
}

export const STATUS_WORDS: Record<Status, string> = {
  on_track: "On track",
  behind: "Behind",
  off_track: "Off track",
  no_recent_data: "No recent data",
  no_target: "No target",
};

/** A mark beside the word (the same as the exports' progress theme). */
export const STATUS_MARKS: Record<Status, string> = {
  on_track: "✓",
  behind: "▲",
  off_track: "✕",
  no_recent_data: "?",
  no_target: "–",
};

export const UPSTREAM_WORD = "At risk upstream";

/** Worst first. */
const SEVERITY: Record<Status, number> = { off_track: 0, behind: 1, no_recent_data: 2, on_track: 3, no_target: 4 };

export function isStatus(s: unknown): s is Status {
  return (STATUSES as readonly unknown[]).includes(s);
}

/** The status inside a dashboard's indicator (a word or a whole progress object). */
export function statusOf(s: DashboardIndicator["status"] | undefined): Status | null {
  if (!s) return null;
  if (typeof s === "string") return isStatus(s) ? s : null;
  return isStatus(s.status) ? s.status : null;
}

export function worse(a: Status | null, b: Status | null): Status | null {
  if (!a) return b;
  if (!b) return a;
  return SEVERITY[a] <= SEVERITY[b] ? a : b;
}

/** "“A” is behind" */
function reasonPart(r: UpstreamReason): string {
  const what = r.status ? STATUS_WORDS[r.status].toLowerCase() : "at risk";
  return `“${r.label || "a box"}” is ${what}`;
}

/** Items joined as in a sentence: "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * Why a box is at risk upstream: "because “Young people coached” is behind", the nearest three
 * named, the rest counted.
 */
export function upstreamBecause(reasons: readonly UpstreamReason[]): string {
  if (!reasons.length) return "";
  const named = reasons.slice(0, 3).map(reasonPart);
  const more = reasons.length - named.length;
  if (more > 0) named.push(`${more} more ${more === 1 ? "is" : "are"} behind or off track`);
  return `because ${listWords(named)}`;
}

export function upstreamSentence(reasons: readonly UpstreamReason[]): string {
  return reasons.length ? `${UPSTREAM_WORD} ${upstreamBecause(reasons)}.` : "";
}

/** What a box shows about its progress. */
export interface BoxProgress {
  status: Status | null;
  /** The share of the expected progress for the bar, 0..1; null: no bar. */
  fraction: number | null;
  /** The ratio behind it (may be above 1 or below 0). */
  ratio: number | null;
  atRisk: boolean;
  reasons: UpstreamReason[];
  /** The box's indicators' progress, worst first. */
  indicators: (IndicatorProgress & { id: string })[];
}

/**
 * Whether anything was ever reported for these indicators: until then progress says nothing
 * worth a badge ("no recent data" on every box of a ToC that does not track results yet).
 */
export function hasReported(p: Progress | null | undefined): boolean {
  return !!p && Object.values(p.indicators ?? {}).some((i) => i.period !== null && i.period !== undefined);
}

/** Each box's progress in one pass over the answer of GET .../progress (none before anything is reported). */
export function progressByNode(p: Progress | null | undefined): Map<string, BoxProgress> {
  const out = new Map<string, BoxProgress>();
  if (!p || !hasReported(p)) return out;
  const byNode = new Map<string, (IndicatorProgress & { id: string })[]>();
  for (const [id, ind] of Object.entries(p.indicators ?? {})) {
    const list = byNode.get(ind.node_id) ?? [];
    list.push({ ...ind, id });
    byNode.set(ind.node_id, list);
  }
  const ids = new Set([...Object.keys(p.nodes ?? {}), ...byNode.keys()]);
  for (const id of ids) {
    const n = p.nodes?.[id];
    const inds = (byNode.get(id) ?? []).sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status]);
    const status = n ? (isStatus(n.status) ? n.status : null) : inds.reduce<Status | null>((w, i) => (i.status === "no_target" ? w : worse(w, i.status)), null);
    // The bar: the least progress among the indicators that give the box its status.
    const ratios = inds.filter((i) => i.status === status && typeof i.ratio === "number").map((i) => i.ratio as number);
    const ratio = ratios.length ? Math.min(...ratios) : null;
    const reasons = n?.reasons ?? [];
    out.set(id, {
      status,
      ratio,
      fraction: ratio === null ? null : Math.max(0, Math.min(1, ratio)),
      atRisk: n?.upstream === "at_risk" && reasons.length > 0,
      reasons,
      indicators: inds,
    });
  }
  return out;
}

/** "82% of the progress expected" */
export function ratioWords(ratio: number | null): string {
  if (ratio === null) return "";
  return `${Math.max(-999, Math.min(999, Math.round(ratio * 100)))}% of the progress expected`;
}

/** What a screen reader hears about a box's progress: "On track, 95% of the progress expected. At risk upstream because …". */
export function boxProgressSentence(b: BoxProgress | undefined): string {
  if (!b) return "";
  const parts: string[] = [];
  if (b.status) parts.push(`${STATUS_WORDS[b.status]}${b.ratio !== null ? `, ${ratioWords(b.ratio)}` : ""}.`);
  if (b.atRisk) parts.push(upstreamSentence(b.reasons));
  return parts.join(" ");
}

// -- the pathway view ---------------------------------------------------------------------------------

const KIND_RANK: Record<NodeKind, number> = { impact: 0, outcome: 1, output: 2, activity: 3 };
const HORIZON_RANK: Record<string, number> = { long: 0, medium: 1, short: 2 };

/** The boxes a pathway can be drawn to: impacts, then outcomes (long term first), by label. */
export function pathwayEnds(doc: Doc): TocNode[] {
  return Object.values(doc.nodes)
    .filter((n) => n.kind === "impact" || n.kind === "outcome")
    .sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || (HORIZON_RANK[a.horizon ?? ""] ?? 3) - (HORIZON_RANK[b.horizon ?? ""] ?? 3) || a.label.localeCompare(b.label));
}

export interface PathwayStep {
  node: TocNode;
  /** Arrows between it and the box chosen (0: the box itself). */
  distance: number;
  /** The boxes of the pathway it leads to directly. */
  feeds: string[];
}

/**
 * The chain feeding a box: it, then every box with a path of arrows into it, nearest first
 * (each once, at its shortest distance; cycles end), then by level and label.
 */
export function pathwayTo(doc: Doc, target: string): PathwayStep[] {
  if (!doc.nodes[target]) return [];
  const into = new Map<string, string[]>();
  for (const e of Object.values(doc.edges)) {
    if (!doc.nodes[e.source] || !doc.nodes[e.target]) continue;
    const list = into.get(e.target) ?? [];
    list.push(e.source);
    into.set(e.target, list);
  }
  const distance = new Map<string, number>([[target, 0]]);
  let frontier = [target];
  while (frontier.length) {
    const next: string[] = [];
    for (const v of frontier)
      for (const u of into.get(v) ?? [])
        if (!distance.has(u)) {
          distance.set(u, distance.get(v)! + 1);
          next.push(u);
        }
    frontier = next;
  }
  const feeds = new Map<string, string[]>();
  for (const e of Object.values(doc.edges))
    if (distance.has(e.source) && distance.has(e.target) && e.source !== target) feeds.set(e.source, [...(feeds.get(e.source) ?? []), e.target]);
  return [...distance.entries()]
    .map(([id, d]) => ({ node: doc.nodes[id]!, distance: d, feeds: feeds.get(id) ?? [] }))
    .sort((a, b) => a.distance - b.distance || KIND_RANK[a.node.kind] - KIND_RANK[b.node.kind] || a.node.label.localeCompare(b.node.label));
}

/** "Directly feeding it", "Two steps before"... for the pathway's groups. */
export function distanceWords(d: number): string {
  if (d === 0) return "The result chosen";
  if (d === 1) return "Leading to it directly";
  const n = ["", "", "Two", "Three", "Four", "Five", "Six"][d] ?? String(d);
  return `${n} steps before it`;
}

/** The worst status in a pathway, and how many boxes have each status. */
export function pathwayCounts(steps: readonly PathwayStep[], byNode: ReadonlyMap<string, BoxProgress>): Record<Status | "none", number> {
  const out: Record<Status | "none", number> = { on_track: 0, behind: 0, off_track: 0, no_recent_data: 0, no_target: 0, none: 0 };
  for (const s of steps) {
    const st = byNode.get(s.node.id)?.status ?? null;
    out[st ?? "none"]++;
  }
  return out;
}

// -- charts -----------------------------------------------------------------------------------------

export interface ChartPoint {
  period: string;
  /** The period's first day (a bar starts there). */
  start: Date;
  /** The period's last day: where the point sits on the time axis. */
  date: Date;
  value: number;
}

export interface CategoryPoint extends ChartPoint {
  category: string;
}

export interface ChartData {
  target: ChartPoint[];
  actual: ChartPoint[];
  /** Per category of the breakdown chosen (running totals when cumulative). */
  categories: CategoryPoint[];
  /** Category names in the breakdown's order. */
  categoryNames: string[];
}

function day(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** Whether any reported period of the indicator has values for this breakdown. */
export function hasCategoryData(ind: DashboardIndicator, dimension: string): boolean {
  return ind.series.some((s) => !!s.categories?.[dimension] && Object.keys(s.categories[dimension]!).length > 0);
}

/** The rows of an indicator's chart: the target path, the actuals, and a breakdown's categories. */
export function chartData(ind: DashboardIndicator, split: string | null = null): ChartData {
  const series = [...ind.series].sort((a, b) => comparePeriods(a.period, b.period));
  const target: ChartPoint[] = [];
  const actual: ChartPoint[] = [];
  for (const s of series) {
    if (typeof s.target === "number" && Number.isFinite(s.target)) target.push({ period: s.period, start: day(s.start || s.end), date: day(s.end), value: s.target });
    if (typeof s.actual === "number" && Number.isFinite(s.actual)) actual.push({ period: s.period, start: day(s.start || s.end), date: day(s.end), value: s.actual });
  }
  const dim = split ? ind.disaggregations?.find((d) => d.name === split) : undefined;
  const categories: CategoryPoint[] = [];
  const names = dim ? [...dim.categories] : [];
  if (dim) {
    const running = new Map<string, number>();
    const cumulative = aggregationOf(ind) === "cumulative";
    for (const s of series) {
      const values = s.categories?.[dim.name];
      if (!values) continue;
      for (const c of names) {
        const v = values[c];
        if (typeof v !== "number" || !Number.isFinite(v)) continue;
        const shown = cumulative ? (running.get(c) ?? 0) + v : v;
        running.set(c, shown);
        categories.push({ period: s.period, start: day(s.start || s.end), date: day(s.end), value: shown, category: c });
      }
    }
    for (const c of Object.keys(Object.assign({}, ...series.map((s) => s.categories?.[dim.name] ?? {})))) if (!names.includes(c)) names.push(c);
  }
  return { target, actual, categories, categoryNames: names };
}

/**
 * One sentence saying what the chart shows: "Young people coached (Coaching), reported
 * quarterly: latest 45 in Q2 2025 against 50 expected. Behind."
 */
export function chartSummary(ind: DashboardIndicator): string {
  const data = chartData(ind);
  const status = statusOf(ind.status);
  const latest = data.actual[data.actual.length - 1];
  const head = `${ind.name}${ind.node_label && ind.node_label !== ind.name ? ` (${ind.node_label})` : ""}`;
  if (unitTypeOf(ind) === "text") {
    const n = ind.series.filter((s) => s.text_value).length;
    return `${head}: ${n ? `${n} text answer${n === 1 ? "" : "s"}` : "no answers yet"}.${status ? ` ${STATUS_WORDS[status]}.` : ""}`;
  }
  const parts: string[] = [];
  if (latest) {
    const exp = data.target.find((t) => t.period === latest.period);
    const shown = unitTypeOf(ind) === "yes_no" ? (latest.value === 1 ? "yes" : "no") : formatValue(latest.value, ind);
    const expected = exp ? (unitTypeOf(ind) === "yes_no" ? (exp.value === 1 ? "yes" : "no") : formatValue(exp.value, ind)) : null;
    parts.push(`latest ${shown}${aggregationOf(ind) === "cumulative" ? " in total" : ""} in ${periodLabel(latest.period)}${expected !== null ? ` against ${expected} expected` : ""}`);
    parts.push(`${data.actual.length} of ${ind.series.length} periods reported`);
  } else parts.push("nothing reported yet");
  const end = data.target[data.target.length - 1];
  if (end && unitTypeOf(ind) !== "yes_no") parts.push(`target ${formatValue(end.value, ind)} by ${periodLabel(end.period)}`);
  return `${head}: ${parts.join("; ")}.${status ? ` ${STATUS_WORDS[status]}.` : ""}`;
}

/** The chart's numbers as a table (its text alternative): one row per period. */
export function chartTable(ind: DashboardIndicator, split: string | null = null): { head: string[]; rows: string[][] } {
  const data = chartData(ind, split);
  const cats = split ? data.categoryNames : [];
  const yn = unitTypeOf(ind) === "yes_no";
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? "–" : yn ? (v === 1 ? "Yes" : v === 0 ? "No" : String(v)) : formatValue(v, ind));
  const head = ["Period", "Expected", aggregationOf(ind) === "cumulative" ? "Actual (total to date)" : "Actual", ...cats];
  const rows = [...ind.series]
    .sort((a, b) => comparePeriods(a.period, b.period))
    .map((s) => {
      const byCat = new Map(data.categories.filter((c) => c.period === s.period).map((c) => [c.category, c.value]));
      const actual = unitTypeOf(ind) === "text" ? (s.text_value ?? "–") : fmt(s.actual);
      return [periodLabel(s.period), fmt(s.target), actual, ...cats.map((c) => fmt(byCat.get(c)))];
    });
  return { head, rows };
}
