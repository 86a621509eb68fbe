/**
 * Whether the diagram's layout still fits the document, or a new one should be asked for once
 * the change is saved (pure, unit-tested): a box or arrow added or removed, or a change to
 * what sets a box's size or row (its label, level, term, indicator count on outcomes and impact).
 */
import type { Doc, TocNode } from "../../model";
import type { Layout } from "../../sync";
import { shownLabel, showsIndicatorLine } from "./fromLayout";

function sameLook(a: TocNode, b: TocNode): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.horizon !== b.horizon) return false;
  if (shownLabel(a.label) !== shownLabel(b.label)) return false;
  return !showsIndicatorLine(a.kind) || a.indicators.length === b.indicators.length;
}

/**
 * `laidDoc` is the document the layout was made for (as far as is known). No layout at all is
 * stale once there is something to lay out.
 */
export function layoutIsStale(doc: Doc, layout: Layout | null, laidDoc: Doc): boolean {
  const ids = Object.keys(doc.nodes);
  if (!layout) return ids.length > 0;
  const laidNodes = layout.nodes ?? {};
  if (Object.keys(laidNodes).length !== ids.length) return true;
  for (const id of ids) if (!(id in laidNodes)) return true;
  const laidEdges = layout.edges;
  if (laidEdges) {
    const edgeIds = Object.keys(doc.edges);
    if (Object.keys(laidEdges).length !== edgeIds.length) return true;
    for (const id of edgeIds) if (!(id in laidEdges)) return true;
    for (const [id, e] of Object.entries(doc.edges)) {
      const before = laidDoc.edges[id];
      if (before && (before.source !== e.source || before.target !== e.target)) return true;
    }
  }
  for (const id of ids) {
    const before = laidDoc.nodes[id];
    if (before && !sameLook(before, doc.nodes[id]!)) return true;
  }
  return false;
}
