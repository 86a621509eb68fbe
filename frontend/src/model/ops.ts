/**
 * Edits as plain data, applied by pure functions (xyflow's applyNodeChanges idea).
 * The same ops are what the client sends in a commit, what undo inverts, and what
 * gets replayed on top of a refreshed branch head.
 */
import { clone, edgeBetween, normalizeEdge, normalizeNode } from "./doc";
import type { Doc, Op, TocEdge, TocNode } from "./types";

export class OpError extends Error {
  constructor(
    message: string,
    readonly op: Op,
  ) {
    super(message);
    this.name = "OpError";
  }
}

/** A mutable working copy used inside applyOps; callers only ever see frozen results. */
interface Draft {
  nodes: Record<string, TocNode>;
  edges: Record<string, TocEdge>;
}

const NODE_SETTABLE = new Set([
  "kind",
  "label",
  "horizon",
  "description",
  "indicators",
  "assumptions",
  "tags",
  "links",
]);
const EDGE_SETTABLE = new Set(["relation", "rationale", "assumptions", "evidence", "confidence"]);
const NODE_CLEARED: Record<string, unknown> = {
  horizon: null,
  description: "",
  indicators: [],
  assumptions: [],
  tags: [],
  links: [],
};
const EDGE_CLEARED: Record<string, unknown> = {
  relation: "leads_to",
  rationale: "",
  assumptions: [],
  evidence: [],
  confidence: null,
};

function applyOne(d: Draft, op: Op): void {
  switch (op.op) {
    case "add_node": {
      if (d.nodes[op.node.id]) throw new OpError(`node ${op.node.id} already exists`, op);
      d.nodes[op.node.id] = normalizeNode(clone(op.node));
      return;
    }
    case "update_node": {
      const cur = d.nodes[op.id];
      if (!cur) throw new OpError(`node ${op.id} does not exist`, op);
      const next: Record<string, unknown> = { ...cur };
      for (const [k, v] of Object.entries(op.set)) {
        if (!NODE_SETTABLE.has(k)) throw new OpError(`field ${k} cannot be set`, op);
        if (k === "label" && (typeof v !== "string" || v.trim() === ""))
          throw new OpError("a label cannot be empty", op);
        next[k] = v === null || v === undefined ? clone(NODE_CLEARED[k] ?? null) : clone(v);
      }
      d.nodes[op.id] = next as unknown as TocNode;
      return;
    }
    case "remove_node": {
      if (!d.nodes[op.id]) throw new OpError(`node ${op.id} does not exist`, op);
      delete d.nodes[op.id];
      for (const [id, e] of Object.entries(d.edges)) if (e.source === op.id || e.target === op.id) delete d.edges[id];
      return;
    }
    case "add_edge": {
      const e = op.edge;
      if (d.edges[e.id]) throw new OpError(`edge ${e.id} already exists`, op);
      if (e.source === e.target) throw new OpError("a node cannot lead to itself", op);
      if (!d.nodes[e.source] || !d.nodes[e.target]) throw new OpError("both ends of a link must exist", op);
      if (edgeBetween(d, e.source, e.target)) throw new OpError("these two nodes are already linked", op);
      d.edges[e.id] = normalizeEdge(clone(e));
      return;
    }
    case "update_edge": {
      const cur = d.edges[op.id];
      if (!cur) throw new OpError(`edge ${op.id} does not exist`, op);
      const next: Record<string, unknown> = { ...cur };
      for (const [k, v] of Object.entries(op.set)) {
        if (!EDGE_SETTABLE.has(k)) throw new OpError(`field ${k} cannot be set`, op);
        next[k] = v === null || v === undefined ? clone(EDGE_CLEARED[k] ?? null) : clone(v);
      }
      d.edges[op.id] = next as unknown as TocEdge;
      return;
    }
    case "remove_edge": {
      if (!d.edges[op.id]) throw new OpError(`edge ${op.id} does not exist`, op);
      delete d.edges[op.id];
      return;
    }
  }
}

function draftOf(doc: Doc): Draft {
  return { nodes: { ...doc.nodes }, edges: { ...doc.edges } };
}

/** Apply ops in order; throws OpError (and leaves `doc` untouched) if one does not apply. */
export function applyOps(doc: Doc, ops: readonly Op[]): Doc {
  if (ops.length === 0) return doc;
  const d = draftOf(doc);
  for (const op of ops) applyOne(d, op);
  return d;
}

export function applyOp(doc: Doc, op: Op): Doc {
  return applyOps(doc, [op]);
}

/** Apply what applies, skip what does not; report both. Never throws. */
export function applyOpsLenient(doc: Doc, ops: readonly Op[]): { doc: Doc; applied: Op[]; skipped: Op[] } {
  const d = draftOf(doc);
  const applied: Op[] = [];
  const skipped: Op[] = [];
  for (const op of ops) {
    // Apply on a throwaway copy of the affected maps so a failing op leaves no trace.
    try {
      const probe = { nodes: { ...d.nodes }, edges: { ...d.edges } };
      applyOne(probe, op);
      d.nodes = probe.nodes;
      d.edges = probe.edges;
      applied.push(op);
    } catch (err) {
      if (err instanceof OpError) skipped.push(op);
      else throw err;
    }
  }
  return { doc: d, applied, skipped };
}

/**
 * The ops that undo `op`, computed against the state *before* `op` was applied.
 * Inverse of a batch [a, b, c] is inv(c) ++ inv(b) ++ inv(a), each taken against its own before-state.
 */
export function invertOp(before: Doc, op: Op): Op[] {
  switch (op.op) {
    case "add_node":
      return [{ op: "remove_node", id: op.node.id }];
    case "remove_node": {
      const node = before.nodes[op.id];
      if (!node) return [];
      const edges = Object.values(before.edges).filter((e) => e.source === op.id || e.target === op.id);
      return [{ op: "add_node", node: clone(node) }, ...edges.map((e) => ({ op: "add_edge" as const, edge: clone(e) }))];
    }
    case "update_node": {
      const node = before.nodes[op.id] as unknown as Record<string, unknown> | undefined;
      if (!node) return [];
      const set: Record<string, unknown> = {};
      for (const k of Object.keys(op.set)) set[k] = clone(node[k] ?? null);
      return [{ op: "update_node", id: op.id, set }];
    }
    case "add_edge":
      return [{ op: "remove_edge", id: op.edge.id }];
    case "remove_edge": {
      const edge = before.edges[op.id];
      return edge ? [{ op: "add_edge", edge: clone(edge) }] : [];
    }
    case "update_edge": {
      const edge = before.edges[op.id] as unknown as Record<string, unknown> | undefined;
      if (!edge) return [];
      const set: Record<string, unknown> = {};
      for (const k of Object.keys(op.set)) set[k] = clone(edge[k] ?? null);
      return [{ op: "update_edge", id: op.id, set }];
    }
  }
}

/** Apply a batch and return the new state plus the ops that undo the whole batch. */
export function applyWithInverse(doc: Doc, ops: readonly Op[]): { doc: Doc; inverse: Op[] } {
  let cur = doc;
  const inverses: Op[][] = [];
  for (const op of ops) {
    inverses.push(invertOp(cur, op));
    cur = applyOp(cur, op);
  }
  return { doc: cur, inverse: inverses.reverse().flat() };
}

/** The ids of nodes and edges an op touches (for highlighting and conflict checks). */
export function touched(op: Op): { nodes: string[]; edges: string[] } {
  switch (op.op) {
    case "add_node":
      return { nodes: [op.node.id], edges: [] };
    case "update_node":
    case "remove_node":
      return { nodes: [op.id], edges: [] };
    case "add_edge":
      return { nodes: [], edges: [op.edge.id] };
    case "update_edge":
    case "remove_edge":
      return { nodes: [], edges: [op.id] };
  }
}
