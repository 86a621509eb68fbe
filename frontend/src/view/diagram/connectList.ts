/** Searching the boxes listed by the connect dialog (pure, unit-tested). */
import type { TocNode } from "../../model";
import { LANE_NAMES, laneOf } from "./fromLayout";

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
