/**
 * The outline's structure: a ToC as levels (top to bottom like the diagram: impact, outcomes
 * long/medium/short term, outputs, activities), each with its boxes in order and every box's
 * links in and out. Pure: a document in, plain data out.
 */
import { KIND_LABELS, type Doc, type Horizon, type NodeKind, type TocNode } from "../../model";

export interface LevelSpec {
  /** "impact", "outcome-long", ..., "outcome" (an outcome without a time horizon). */
  key: string;
  kind: NodeKind;
  /** The horizon a box added to this level gets (null: none). */
  horizon: Horizon | null;
  /** The heading: "Long-term outcomes". */
  title: string;
  /** The thing a box of this level is: "long-term outcome". */
  noun: string;
  /** Shown even when empty (so a box can be added to it). */
  always: boolean;
}

export const LEVELS: readonly LevelSpec[] = [
  { key: "impact", kind: "impact", horizon: null, title: "Impact", noun: "impact", always: true },
  { key: "outcome-long", kind: "outcome", horizon: "long", title: "Long-term outcomes", noun: "long-term outcome", always: true },
  { key: "outcome-medium", kind: "outcome", horizon: "medium", title: "Medium-term outcomes", noun: "medium-term outcome", always: true },
  { key: "outcome-short", kind: "outcome", horizon: "short", title: "Short-term outcomes", noun: "short-term outcome", always: true },
  { key: "outcome", kind: "outcome", horizon: null, title: "Outcomes without a time horizon", noun: "outcome", always: false },
  { key: "output", kind: "output", horizon: null, title: "Outputs", noun: "output", always: true },
  { key: "activity", kind: "activity", horizon: null, title: "Activities", noun: "activity", always: true },
];

/** The level a box belongs to: outcomes by their horizon, other kinds by kind alone. */
export function levelKey(node: Pick<TocNode, "kind" | "horizon">): string {
  return node.kind === "outcome" && node.horizon ? `outcome-${node.horizon}` : node.kind;
}

/** Another box at one end of an arrow. */
export interface LinkRef {
  edge: string;
  node: string;
  label: string;
}

export interface OutlineBox {
  node: TocNode;
  /** Arrows out of this box, in outline order of their targets. */
  leadsTo: LinkRef[];
  /** Arrows into this box, in outline order of their sources. */
  comesFrom: LinkRef[];
}

export interface OutlineLevel extends LevelSpec {
  boxes: OutlineBox[];
}

/** What a box is called when it has no label yet. */
export function shownLabel(node: Pick<TocNode, "kind" | "label">): string {
  return node.label.trim() || `Untitled ${KIND_LABELS[node.kind].toLowerCase()}`;
}

/**
 * The levels of a document, top to bottom, with their boxes. Within a level boxes follow the
 * diagram left to right when `xOf` knows their position (the server's layout), and the
 * document's order otherwise (boxes added since the layout was made come last, in the order they
 * were added, so adding several in a row does not shuffle the list). Empty levels are kept when
 * `always` (so a box can be added to them) and dropped otherwise.
 */
export function outlineLevels(doc: Doc, xOf?: (id: string) => number | undefined): OutlineLevel[] {
  const byLevel = new Map<string, { node: TocNode; x: number | undefined; seq: number }[]>();
  let seq = 0;
  for (const node of Object.values(doc.nodes)) {
    const key = levelKey(node);
    const list = byLevel.get(key) ?? [];
    list.push({ node, x: xOf?.(node.id), seq: seq++ });
    byLevel.set(key, list);
  }
  const ordered = new Map<string, TocNode[]>();
  for (const [key, list] of byLevel) {
    list.sort((a, b) => {
      if (a.x !== undefined && b.x !== undefined) return a.x - b.x || a.seq - b.seq;
      if (a.x !== undefined) return -1;
      if (b.x !== undefined) return 1;
      return a.seq - b.seq;
    });
    ordered.set(key, list.map((e) => e.node));
  }
  // Position of every box in the whole outline, to order each box's links the same way.
  const index = new Map<string, number>();
  for (const spec of LEVELS) for (const n of ordered.get(spec.key) ?? []) index.set(n.id, index.size);
  const out = new Map<string, LinkRef[]>();
  const into = new Map<string, LinkRef[]>();
  for (const e of Object.values(doc.edges)) {
    const s = doc.nodes[e.source];
    const t = doc.nodes[e.target];
    if (!s || !t) continue;
    (out.get(s.id) ?? out.set(s.id, []).get(s.id)!).push({ edge: e.id, node: t.id, label: shownLabel(t) });
    (into.get(t.id) ?? into.set(t.id, []).get(t.id)!).push({ edge: e.id, node: s.id, label: shownLabel(s) });
  }
  const byIndex = (a: LinkRef, b: LinkRef) => index.get(a.node)! - index.get(b.node)!;
  const levels: OutlineLevel[] = [];
  for (const spec of LEVELS) {
    const nodes = ordered.get(spec.key) ?? [];
    if (!nodes.length && !spec.always) continue;
    levels.push({
      ...spec,
      boxes: nodes.map((node) => ({
        node,
        leadsTo: (out.get(node.id) ?? []).sort(byIndex),
        comesFrom: (into.get(node.id) ?? []).sort(byIndex),
      })),
    });
  }
  return levels;
}

/** Every box id in outline order (what Up and Down move through). */
export function outlineOrder(levels: readonly OutlineLevel[]): string[] {
  return levels.flatMap((l) => l.boxes.map((b) => b.node.id));
}

/** "Outcome, short term, 2 indicators: Attendance; Confidence" (what a box is, in words). */
export function describeBox(node: TocNode): string {
  const parts: string[] = [KIND_LABELS[node.kind]];
  if (node.horizon) parts.push(`${node.horizon} term`);
  const names = node.indicators.map((i) => i.name.trim()).filter(Boolean);
  if (node.indicators.length)
    parts.push(
      `${node.indicators.length} indicator${node.indicators.length > 1 ? "s" : ""}${names.length ? `: ${names.join("; ")}` : ""}`,
    );
  return parts.join(", ");
}
