/** What the connect dialog lists, and in which order (pure, unit-tested). */
import type { TocNode } from "../../model";
import { LANE_NAMES, LANE_ORDER, laneOf, type LaneKey } from "./fromLayout";

/** Lower case without accents: fold("Écoles") === "ecoles". */
export function fold(s: string): string {
  return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/**
 * The boxes whose label, level or tags contain every word of `query` (ignoring case and
 * accents), in the given order; an empty query keeps them all.
 */
export function filterBoxes<T extends Pick<TocNode, "label" | "kind" | "horizon" | "tags">>(nodes: readonly T[], query: string): T[] {
  const words = fold(query.trim()).split(/\s+/).filter(Boolean);
  if (!words.length) return [...nodes];
  return nodes.filter((n) => {
    const text = fold(`${n.label} ${LANE_NAMES[laneOf(n)]} ${n.kind} ${n.tags.join(" ")}`);
    return words.every((w) => text.includes(w));
  });
}

export type Direction = "out" | "in";

/**
 * The levels in the order the connect dialog lists them for an arrow out of (or into) a box in
 * `lane`: first those an arrow usually goes to, nearest first (the levels above for an arrow out
 * of it: an activity's outputs, then outcomes...; the levels below for one into it), then its own
 * level, then the others, nearest first. Without a box, bottom to top.
 */
export function laneOrder(lane: LaneKey | null, direction: Direction): LaneKey[] {
  if (!lane) return [...LANE_ORDER];
  const i = LANE_ORDER.indexOf(lane);
  const step = direction === "out" ? 1 : -1;
  const ahead: LaneKey[] = [];
  const behind: LaneKey[] = [];
  for (let d = 1; d < LANE_ORDER.length; d++) {
    const a = LANE_ORDER[i + step * d];
    const b = LANE_ORDER[i - step * d];
    if (a) ahead.push(a);
    if (b) behind.push(b);
  }
  return [...ahead, lane, ...behind];
}

/**
 * The other boxes the connect dialog lists for `source`, grouped by level in `laneOrder` and
 * searched with `filterBoxes`; empty levels are left out. Within a level the boxes go left to
 * right as the diagram shows them when `xOf` knows where they are, in the document's order
 * otherwise (boxes not placed yet last).
 */
export function connectGroups<T extends Pick<TocNode, "id" | "label" | "kind" | "horizon" | "tags">>(
  nodes: readonly T[],
  source: string | null,
  direction: Direction,
  query: string,
  xOf?: (id: string) => number | undefined,
): { lane: LaneKey; nodes: T[] }[] {
  const from = source ? nodes.find((n) => n.id === source) : undefined;
  const at = new Map(nodes.map((n, i) => [n.id, i]));
  const x = (n: T) => xOf?.(n.id) ?? Infinity;
  const shown = filterBoxes(
    nodes.filter((n) => n.id !== source),
    query,
  ).sort((a, b) => x(a) - x(b) || at.get(a.id)! - at.get(b.id)!);
  return laneOrder(from ? laneOf(from) : null, direction)
    .map((lane) => ({ lane, nodes: shown.filter((n) => laneOf(n) === lane) }))
    .filter((g) => g.nodes.length);
}
