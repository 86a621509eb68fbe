/**
 * Where each box goes: the server's Graphviz layout (`dot -Tjson`, already turned into screen
 * coordinates by toc_editor/rendering/layout.py: points, y down, node x/y are centres), so the
 * screen shows the picture the exports show. Boxes added since that layout was made are put
 * next to a related box (above its cause, below its effect, beside the selected box) or at the
 * end of their level's row, never on top of another box; with no layout at all, a simple
 * layered layout is the fallback. Pure functions, unit-tested (frontend/tests/diagram*.test.ts).
 */
import type { Doc, NodeKind, TocNode } from "../../model";
import type { Layout } from "../../sync";

/** A box: centre, width and height in diagram units (Graphviz points). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The level (Graphviz lane) a box sits in; the same keys as rendering/lanes.py. */
export type LaneKey = "activity" | "output" | "outcome_short" | "outcome_medium" | "outcome_long" | "outcome_none" | "impact";

/** Bottom (activities) to top (impact), as the server's lanes are chained. */
export const LANE_ORDER: readonly LaneKey[] = ["activity", "output", "outcome_short", "outcome_medium", "outcome_long", "outcome_none", "impact"];

export const LANE_NAMES: Record<LaneKey, string> = {
  activity: "Activities",
  output: "Outputs",
  outcome_short: "Short-term outcomes",
  outcome_medium: "Medium-term outcomes",
  outcome_long: "Long-term outcomes",
  outcome_none: "Outcomes (no term set)",
  impact: "Impact",
};

export function laneOf(node: Pick<TocNode, "kind" | "horizon">): LaneKey {
  if (node.kind === "outcome") return `outcome_${node.horizon ?? "none"}` as LaneKey;
  return (LANE_ORDER as readonly string[]).includes(node.kind) ? (node.kind as LaneKey) : "outcome_none";
}

// -- box sizes (the same text metrics as the server's DOT: 12 pt Helvetica, 26 characters a line)

/** Characters per line of a box label (rendering/dot_writer.py WRAP_WIDTH). */
export const WRAP_WIDTH = 26;
/** Label length cap (rendering/dot_writer.py LABEL_MAX). */
export const LABEL_MAX = 120;
/** Vertical distance between two rows when no layout says otherwise. */
export const ROW_GAP = 120;
/** Horizontal gap kept between boxes placed here. */
export const BOX_GAP = 18;

const LETTER = /[^\W\d_]/u;

/** textwrap's chunks: words, whitespace runs, and the parts of hyphenated words ("full-", "time"). */
function chunks(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/(\s+)/)) {
    if (!part) continue;
    if (/^\s+$/.test(part)) {
      out.push(part.replace(/\s/g, " "));
      continue;
    }
    let start = 0;
    for (let i = 1; i < part.length - 1; i++) {
      if (part[i] !== "-") continue;
      const before = (part[i - 1] && LETTER.test(part[i - 1]!) && part[i - 2] && LETTER.test(part[i - 2]!)) || (i >= 3 && LETTER.test(part[i - 1]!) && part[i - 2] === "-" && LETTER.test(part[i - 3]!));
      const after = LETTER.test(part[i + 1]!) && (LETTER.test(part[i + 2] ?? "") || (part[i + 2] === "-" && LETTER.test(part[i + 3] ?? "")));
      if (before && after && i + 1 - start > 0) {
        out.push(part.slice(start, i + 1));
        start = i + 1;
      }
    }
    out.push(part.slice(start));
  }
  return out;
}

/**
 * Lines of at most `width` characters, as Python's textwrap wraps them for the exports
 * (break_long_words, break_on_hyphens): the same lines on screen as in the PDF.
 */
export function wrapText(text: string, width = WRAP_WIDTH): string[] {
  const todo = chunks(text).reverse();
  const lines: string[] = [];
  while (todo.length) {
    const line: string[] = [];
    let len = 0;
    if (todo[todo.length - 1]!.trim() === "" && lines.length) todo.pop();
    while (todo.length) {
      const l = todo[todo.length - 1]!.length;
      if (len + l <= width) {
        line.push(todo.pop()!);
        len += l;
      } else break;
    }
    if (todo.length && todo[todo.length - 1]!.length > width) {
      // A word longer than a line: cut it (at its last hyphen that fits, when it has one).
      const chunk = todo[todo.length - 1]!;
      const room = Math.max(width - len, 1);
      let end = room;
      const hyphen = chunk.lastIndexOf("-", room - 1);
      if (hyphen > 0 && /[^-]/.test(chunk.slice(0, hyphen))) end = hyphen + 1;
      line.push(chunk.slice(0, end));
      todo[todo.length - 1] = chunk.slice(end);
    }
    if (line.length && line[line.length - 1]!.trim() === "") line.pop();
    if (line.length) lines.push(line.join(""));
  }
  return lines.length ? lines : [""];
}

/** The label as the server draws it: one line of text, at most LABEL_MAX characters. */
export function shownLabel(label: string): string {
  const one = label.replace(/\s+/g, " ").trim();
  return one.length <= LABEL_MAX ? one : `${one.slice(0, LABEL_MAX - 1).trimEnd()}…`;
}

/** Whether the box says how many indicators it has (as the exports do: outcomes and impact). */
export function showsIndicatorLine(kind: NodeKind): boolean {
  return kind === "outcome" || kind === "impact";
}

/** Width and height Graphviz gives a box of this text (within a few points). */
export function estimateSize(node: Pick<TocNode, "kind" | "label">): { w: number; h: number } {
  const lines = wrapText(shownLabel(node.label) || "Untitled box");
  const longest = Math.max(...lines.map((l) => l.length), 12);
  const count = lines.length + (showsIndicatorLine(node.kind) ? 2 : 0);
  const double = node.kind === "impact" ? 8 : 0;
  return { w: Math.max(54, Math.round(6.9 * longest + 12)) + double, h: Math.max(36, 10 + 13 * count) + double };
}

// -- placement ---------------------------------------------------------------------------------

export function overlaps(a: Box, b: Box, gap = BOX_GAP / 2): boolean {
  return Math.abs(a.x - b.x) < (a.w + b.w) / 2 + gap && Math.abs(a.y - b.y) < (a.h + b.h) / 2 + gap;
}

/** The nearest spot to `want` on its row (trying right, then left, further out) where it overlaps nothing. */
export function freeSpot(want: Box, taken: Iterable<Box>): Box {
  const boxes = [...taken].filter((b) => Math.abs(b.y - want.y) < (b.h + want.h) / 2 + BOX_GAP);
  const step = want.w + BOX_GAP;
  for (let ring = 0; ring < 400; ring++) {
    for (const dir of ring === 0 ? [0] : [1, -1]) {
      const c = { ...want, x: want.x + dir * ring * step };
      if (!boxes.some((b) => overlaps(b, c))) return c;
    }
  }
  return want;
}

/** Typical distance between two rows of a layout (the smallest gap between lane centres). */
function rowGap(layout: Layout | null): number {
  const ys = [...new Set(Object.values(layout?.lanes ?? {}).map((l) => Math.round(l.y)))].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < ys.length; i++) gap = Math.min(gap, ys[i]! - ys[i - 1]!);
  return Number.isFinite(gap) && gap > 40 ? gap : ROW_GAP;
}

/** The y of a lane: from the layout's lane headers, else from boxes already in it, else between its neighbours. */
function laneY(lane: LaneKey, layout: Layout | null, doc: Doc, boxes: Map<string, Box>): number | null {
  const fromLayout = layout?.lanes?.[lane];
  if (fromLayout) return fromLayout.y;
  const members = Object.values(doc.nodes).filter((n) => laneOf(n) === lane && boxes.has(n.id));
  if (members.length) return boxes.get(members[0]!.id)!.y;
  const i = LANE_ORDER.indexOf(lane);
  const gap = rowGap(layout);
  const known = (k: LaneKey): number | null => {
    const l = layout?.lanes?.[k];
    if (l) return l.y;
    const m = Object.values(doc.nodes).find((n) => laneOf(n) === k && boxes.has(n.id));
    return m ? boxes.get(m.id)!.y : null;
  };
  for (let d = 1; d < LANE_ORDER.length; d++) {
    const below = i - d >= 0 ? known(LANE_ORDER[i - d]!) : null;
    if (below !== null) return below - gap * d;
    const above = i + d < LANE_ORDER.length ? known(LANE_ORDER[i + d]!) : null;
    if (above !== null) return above + gap * d;
  }
  return null;
}

export interface Placement {
  boxes: Map<string, Box>;
  /** Boxes whose place is the layout's (their arrows can follow its splines). */
  laidOut: Set<string>;
}

/**
 * Every box of `doc`: the layout's where it has one, `kept` (earlier placements of boxes the
 * layout lacks) next, and a new spot for the rest, near `anchor` (the box that was selected
 * when it was added) or a related box.
 */
export function placeBoxes(doc: Doc, layout: Layout | null, kept: ReadonlyMap<string, Box> = new Map(), anchor: string | null = null): Placement {
  const boxes = new Map<string, Box>();
  const laidOut = new Set<string>();
  const nodes = Object.values(doc.nodes);
  const fromLayout = layout?.nodes ?? {};
  for (const n of nodes) {
    const l = fromLayout[n.id];
    if (!l) continue;
    const size = l.width && l.height ? { w: l.width, h: l.height } : estimateSize(n);
    boxes.set(n.id, { x: l.x, y: l.y, ...size });
    laidOut.add(n.id);
  }
  if (!boxes.size && nodes.length) {
    // No usable layout: the layered fallback for every box (keeping the ones placed before).
    const pos = layeredLayout(doc);
    for (const n of nodes) {
      const k = kept.get(n.id);
      if (k) boxes.set(n.id, k);
    }
    for (const n of nodes) {
      if (boxes.has(n.id)) continue;
      const p = pos.get(n.id)!;
      boxes.set(n.id, freeSpot({ x: p.x, y: p.y, ...estimateSize(n) }, boxes.values()));
    }
    return { boxes, laidOut };
  }
  const missing = nodes.filter((n) => !boxes.has(n.id));
  for (const n of missing) {
    const k = kept.get(n.id);
    if (k) boxes.set(n.id, k);
  }
  const gap = rowGap(layout);
  for (const n of missing) {
    if (boxes.has(n.id)) continue;
    const size = estimateSize(n);
    let want: { x: number; y: number } | null = null;
    // Next to a box it is connected to: above its cause, below its effect.
    for (const e of Object.values(doc.edges)) {
      if (e.target === n.id && boxes.has(e.source)) {
        const s = boxes.get(e.source)!;
        want = { x: s.x, y: s.y - gap };
        break;
      }
      if (e.source === n.id && boxes.has(e.target)) {
        const t = boxes.get(e.target)!;
        want = { x: t.x, y: t.y + gap };
        break;
      }
    }
    const lane = laneOf(n);
    const y = laneY(lane, layout, doc, boxes);
    const a = anchor ? boxes.get(anchor) : undefined;
    if (!want && a) {
      const same = anchor && doc.nodes[anchor] && laneOf(doc.nodes[anchor]!) === lane;
      want = same ? { x: a.x + (a.w + size.w) / 2 + BOX_GAP, y: a.y } : { x: a.x, y: y ?? a.y - gap };
    }
    if (!want) {
      // At the end of its row.
      const row = [...boxes.values()].filter((b) => y !== null && Math.abs(b.y - y) < b.h / 2 + 1);
      const right = row.length ? Math.max(...row.map((b) => b.x + b.w / 2)) : Math.min(...[...boxes.values()].map((b) => b.x - b.w / 2), 0);
      want = { x: right + BOX_GAP + size.w / 2, y: y ?? 0 };
    }
    boxes.set(n.id, freeSpot({ ...want, ...size }, boxes.values()));
  }
  return { boxes, laidOut };
}

/** The bounding box of some boxes (x/y: top left), or null for none. */
export function bounds(boxes: Iterable<Box>): { x: number; y: number; width: number; height: number } | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const b of boxes) {
    x1 = Math.min(x1, b.x - b.w / 2);
    y1 = Math.min(y1, b.y - b.h / 2);
    x2 = Math.max(x2, b.x + b.w / 2);
    y2 = Math.max(y2, b.y + b.h / 2);
  }
  return Number.isFinite(x1) ? { x: x1, y: y1, width: x2 - x1, height: y2 - y1 } : null;
}

// -- the fallback when the server cannot lay the ToC out -----------------------------------------

const BASE_RANK: Record<string, number> = { activity: 0, output: 1, outcome: 2, impact: 5 };
const HORIZON_RANK: Record<string, number> = { short: 0, medium: 1, long: 2 };

function baseRank(n: TocNode): number {
  if (n.kind === "outcome") return 2 + (n.horizon ? (HORIZON_RANK[n.horizon] ?? 0) : 0);
  return BASE_RANK[n.kind] ?? 2;
}

/**
 * A layered layout made here (centres), bottom to top like the server's: activities at the
 * bottom, impact at the top; a box sits above everything that leads to it.
 */
export function layeredLayout(doc: Doc, opts: { xGap?: number; yGap?: number } = {}): Map<string, { x: number; y: number }> {
  const xGap = opts.xGap ?? 220;
  const yGap = opts.yGap ?? 130;
  const ids = Object.keys(doc.nodes).sort();
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of Object.values(doc.edges)) if (preds.has(e.target) && preds.has(e.source)) preds.get(e.target)!.push(e.source);

  // rank = max(kind's base rank, 1 + rank of each predecessor); cycles are cut by the visiting set.
  const rank = new Map<string, number>();
  const visiting = new Set<string>();
  const rankOf = (id: string): number => {
    const known = rank.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return baseRank(doc.nodes[id]!);
    visiting.add(id);
    let r = baseRank(doc.nodes[id]!);
    for (const p of preds.get(id)!) r = Math.max(r, rankOf(p) + 1);
    visiting.delete(id);
    rank.set(id, r);
    return r;
  };
  ids.forEach(rankOf);

  // Compress empty ranks.
  const used = [...new Set(rank.values())].sort((a, b) => a - b);
  const layerIndex = new Map(used.map((r, i) => [r, i]));
  const layers: string[][] = used.map(() => []);
  for (const id of ids) layers[layerIndex.get(rank.get(id)!)!]!.push(id);

  // Order each layer by the mean position of its predecessors (one barycentre sweep).
  const order = new Map<string, number>();
  layers.forEach((layer, li) => {
    if (li > 0) {
      const score = (id: string) => {
        const ps = preds.get(id)!.filter((p) => order.has(p));
        return ps.length ? ps.reduce((s, p) => s + order.get(p)!, 0) / ps.length : Number.MAX_SAFE_INTEGER;
      };
      layer.sort((a, b) => score(a) - score(b) || doc.nodes[a]!.label.localeCompare(doc.nodes[b]!.label));
    } else layer.sort((a, b) => doc.nodes[a]!.label.localeCompare(doc.nodes[b]!.label));
    layer.forEach((id, i) => order.set(id, i - (layer.length - 1) / 2));
  });

  const out = new Map<string, { x: number; y: number }>();
  const top = layers.length - 1;
  layers.forEach((layer, li) => {
    layer.forEach((id) => out.set(id, { x: order.get(id)! * xGap, y: (top - li) * yGap }));
  });
  return out;
}
