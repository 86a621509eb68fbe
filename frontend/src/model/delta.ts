/**
 * A commit's delta as the live channel pushes it: the AFTER value of every node and edge the
 * commit touched, null for one it removed (toc_editor/domain/delta.py on the server).
 *
 * Applying a delta is how an open editor follows a colleague's commit without fetching the whole
 * tree: `applyDelta(headDoc, delta)` is the new head. It mirrors the server's `patch_entities`
 * (a removed node takes its arrows with it), and it keeps every untouched entity object as it
 * was, so the diagram redraws only the boxes that changed.
 *
 * The wire entities have the shape GET tree gives (`{"id", ...fields}` for a node,
 * `{"source", "target", "id", ...}` for an edge); `deltaFromWire` normalizes them the same way
 * `docFromLists` does, so an entity that came by delta equals one that came in a tree.
 */
import { normalizeEdge, normalizeNode } from "./doc";
import type { Doc, TocEdge, TocNode } from "./types";

export interface Delta {
  readonly nodes: Readonly<Record<string, TocNode | null>>;
  readonly edges: Readonly<Record<string, TocEdge | null>>;
}

export const EMPTY_DELTA: Delta = Object.freeze({ nodes: Object.freeze({}), edges: Object.freeze({}) });

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/**
 * A delta from the JSON a `commit` event carries. Entities get their defaults filled in and
 * their id from the key when the object lacks one; anything that is neither an object nor null
 * is left out (a malformed entry must not break the editor: the next tree fetch repairs it).
 */
export function deltaFromWire(raw: unknown): Delta {
  const nodes: Record<string, TocNode | null> = {};
  const edges: Record<string, TocEdge | null> = {};
  const d = isObject(raw) ? raw : {};
  for (const [id, v] of Object.entries(isObject(d.nodes) ? d.nodes : {})) {
    if (v === null) nodes[id] = null;
    else if (isObject(v)) nodes[id] = normalizeNode({ ...(v as Partial<TocNode>), id });
  }
  for (const [id, v] of Object.entries(isObject(d.edges) ? d.edges : {})) {
    if (v === null) edges[id] = null;
    else if (isObject(v) && typeof v.source === "string" && typeof v.target === "string")
      edges[id] = normalizeEdge({ ...(v as Partial<TocEdge> & { source: string; target: string }), id });
  }
  return { nodes, edges };
}

/** `doc` with `delta` applied (a new Doc; `doc` is untouched, untouched entities are shared). */
export function applyDelta(doc: Doc, delta: Delta): Doc {
  const nodes: Record<string, TocNode> = { ...doc.nodes };
  const edges: Record<string, TocEdge> = { ...doc.edges };
  let removedNode = false;
  for (const [id, n] of Object.entries(delta.nodes)) {
    if (n !== null) nodes[id] = n;
    else if (id in nodes) {
      delete nodes[id];
      removedNode = true;
    }
  }
  for (const [id, e] of Object.entries(delta.edges)) {
    if (e === null) delete edges[id];
    else edges[id] = e;
  }
  // An arrow cannot outlive its box (the server drops them together; say so here too).
  if (removedNode)
    for (const [id, e] of Object.entries(edges)) if (!(e.source in nodes) || !(e.target in nodes)) delete edges[id];
  return { nodes, edges };
}

/** The ids a delta touches (for "Ana changed 2 boxes", markers, notices). */
export function deltaIds(delta: Delta): { nodes: string[]; edges: string[] } {
  return { nodes: Object.keys(delta.nodes), edges: Object.keys(delta.edges) };
}
