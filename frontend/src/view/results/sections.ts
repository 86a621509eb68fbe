/**
 * What the results grid shows, as pure functions (tested in tests/resultsGrid.test.ts): one
 * section per reporting frequency, its indicators in causal order (outputs before the outcomes
 * they lead to, impact last) and its periods (from the indicators' dates, or the last eight,
 * plus any period that has results); and the results of indicators no longer in the ToC.
 */
import {
  cellKey,
  FREQUENCIES,
  FREQUENCY_WORDS,
  frequencyOfIndicator,
  gridPeriods,
  type Doc,
  type Frequency,
  type Indicator,
  type StoredResult,
  type TocNode,
} from "../../model";

export interface GridRow {
  ind: Indicator;
  node: TocNode;
}

export interface GridSection {
  frequency: Frequency;
  title: string;
  rows: GridRow[];
  periods: string[];
  /** Earlier periods left out (more than the grid shows). */
  cut: number;
}

const LEVEL: Record<string, number> = { activity: 0, output: 1, outcome_short: 2, outcome_medium: 3, outcome_long: 4, outcome_none: 5, impact: 6 };

function level(n: TocNode): number {
  return n.kind === "outcome" ? LEVEL[`outcome_${n.horizon ?? "none"}`]! : (LEVEL[n.kind] ?? 5);
}

/** Every indicator of the ToC with its box, outputs first, then outcomes (short term first), impact last. */
export function indicatorRows(doc: Doc): GridRow[] {
  return Object.values(doc.nodes)
    .filter((n) => n.indicators.length)
    .sort((a, b) => level(a) - level(b) || a.label.localeCompare(b.label))
    .flatMap((node) => node.indicators.map((ind) => ({ ind, node })));
}

const TITLES: Record<Frequency, string> = {
  monthly: "Monthly indicators",
  quarterly: "Quarterly indicators",
  half_yearly: "Indicators reported every six months",
  yearly: "Yearly indicators",
};

/** The grid's sections (frequencies with no indicator left out). */
export function gridSections(doc: Doc, day: string, stored: Iterable<StoredResult> = []): GridSection[] {
  const rows = indicatorRows(doc);
  const periodsWithData = new Map<string, Set<string>>();
  for (const r of stored) {
    const set = periodsWithData.get(r.indicator) ?? new Set<string>();
    set.add(r.period);
    periodsWithData.set(r.indicator, set);
  }
  const out: GridSection[] = [];
  for (const f of FREQUENCIES) {
    const mine = rows.filter((r) => frequencyOfIndicator(r.ind) === f);
    if (!mine.length) continue;
    const extra = mine.flatMap((r) => [...(periodsWithData.get(r.ind.id) ?? [])]).filter((p) => frequencyOfPeriodIs(p, f));
    const { periods, cut } = gridPeriods(
      mine.map((r) => r.ind),
      day,
      extra,
    );
    out.push({ frequency: f, title: TITLES[f] ?? FREQUENCY_WORDS[f], rows: mine, periods, cut });
  }
  return out;
}

function frequencyOfPeriodIs(p: string, f: Frequency): boolean {
  if (f === "yearly") return /^\d{4}$/.test(p);
  if (f === "half_yearly") return /^\d{4}-H[12]$/.test(p);
  if (f === "quarterly") return /^\d{4}-Q[1-4]$/.test(p);
  return /^\d{4}-\d{2}$/.test(p);
}

/** The current results by cell (the newest of each indicator and period). */
export function currentByCell(results: Iterable<StoredResult>): Map<string, StoredResult> {
  const out = new Map<string, StoredResult>();
  for (const r of results) {
    const k = cellKey(r.indicator, r.period);
    const cur = out.get(k);
    if (!cur || r.id > cur.id) out.set(k, r);
  }
  return out;
}

export interface ArchivedIndicator {
  id: string;
  /** The box it was in, when that box is still in the ToC. */
  nodeLabel: string | null;
  results: StoredResult[];
}

/** Results of indicators that are no longer in the ToC, by indicator, periods in order. */
export function archivedIndicators(results: Iterable<StoredResult>, archivedIds: Iterable<string>, doc: Doc): ArchivedIndicator[] {
  const live = new Set(Object.values(doc.nodes).flatMap((n) => n.indicators.map((i) => i.id)));
  const ids = new Set(archivedIds);
  const by = new Map<string, StoredResult[]>();
  for (const r of results) {
    if (live.has(r.indicator) || !(ids.has(r.indicator) || r.archived)) continue;
    by.set(r.indicator, [...(by.get(r.indicator) ?? []), r]);
  }
  return [...by.entries()].map(([id, list]) => ({
    id,
    nodeLabel: doc.nodes[list[0]!.node_id]?.label ?? null,
    results: list.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0)),
  }));
}
