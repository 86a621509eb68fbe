/**
 * diffOps(from, to): the ops that turn `from` into `to`. Used to restore an old version as a
 * new commit (ops = diff from the head to that version).
 */
import { clone, jsonEqual } from "./doc";
import type { Doc, Op } from "./types";

const NODE_FIELDS = ["kind", "label", "horizon", "description", "indicators", "assumptions", "tags", "links"] as const;
const EDGE_FIELDS = ["relation", "rationale", "assumptions", "evidence", "confidence"] as const;

export function diffOps(from: Doc, to: Doc): Op[] {
  const ops: Op[] = [];
  const removedNodes = new Set(Object.keys(from.nodes).filter((id) => !to.nodes[id]));
  // Edges first: those gone, or whose ends moved (an edge's ends cannot be updated).
  for (const [id, e] of Object.entries(from.edges)) {
    const t = to.edges[id];
    const gone = !t || t.source !== e.source || t.target !== e.target;
    if (gone && !removedNodes.has(e.source) && !removedNodes.has(e.target)) ops.push({ op: "remove_edge", id });
  }
  for (const id of removedNodes) ops.push({ op: "remove_node", id });
  for (const [id, n] of Object.entries(to.nodes)) {
    const f = from.nodes[id];
    if (!f) {
      ops.push({ op: "add_node", node: clone(n) });
      continue;
    }
    const set: Record<string, unknown> = {};
    for (const k of NODE_FIELDS) if (!jsonEqual(f[k], n[k])) set[k] = clone(n[k]);
    if (Object.keys(set).length) ops.push({ op: "update_node", id, set });
  }
  for (const [id, e] of Object.entries(to.edges)) {
    const f = from.edges[id];
    if (!f || f.source !== e.source || f.target !== e.target) {
      ops.push({ op: "add_edge", edge: clone(e) });
      continue;
    }
    const set: Record<string, unknown> = {};
    for (const k of EDGE_FIELDS) if (!jsonEqual(f[k], e[k])) set[k] = clone(e[k]);
    if (Object.keys(set).length) ops.push({ op: "update_edge", id, set });
  }
  return ops;
}

export function docsEqual(a: Doc, b: Doc): boolean {
  return diffOps(a, b).length === 0;
}
