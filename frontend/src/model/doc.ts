import {
  EDGE_DEFAULTS,
  NODE_DEFAULTS,
  NODE_KINDS,
  type Doc,
  type Indicator,
  type NodeKind,
  type TocEdge,
  type TocNode,
} from "./types";

export const EMPTY_DOC: Doc = Object.freeze({ nodes: Object.freeze({}), edges: Object.freeze({}) });

/** A fresh id for a node, edge or indicator. */
export function newId(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  // Fallback for old browsers or plain-http origins where randomUUID is missing.
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === "function") c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function arr<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** Fill in defaults so that every field is present (the server may omit empty ones). */
export function normalizeNode(raw: Partial<TocNode> & { id: string }): TocNode {
  const kind = (NODE_KINDS as readonly string[]).includes(raw.kind as string)
    ? (raw.kind as NodeKind)
    : "outcome";
  return {
    ...NODE_DEFAULTS,
    ...raw,
    id: raw.id,
    kind,
    label: typeof raw.label === "string" ? raw.label : "",
    horizon: raw.horizon ?? null,
    description: raw.description ?? "",
    indicators: arr<Indicator>(raw.indicators),
    assumptions: arr<string>(raw.assumptions),
    tags: arr<string>(raw.tags),
    links: arr(raw.links),
  };
}

export function normalizeEdge(raw: Partial<TocEdge> & { id: string; source: string; target: string }): TocEdge {
  return {
    ...EDGE_DEFAULTS,
    ...raw,
    relation: raw.relation ?? "leads_to",
    rationale: raw.rationale ?? "",
    assumptions: arr<string>(raw.assumptions),
    evidence: arr(raw.evidence),
    confidence: raw.confidence ?? null,
  };
}

/** Build a Doc from the API's `{nodes: [...], edges: [...]}` (a tree or a document). */
export function docFromLists(nodes: unknown, edges: unknown): Doc {
  const n: Record<string, TocNode> = {};
  const e: Record<string, TocEdge> = {};
  for (const raw of arr<TocNode>(nodes)) if (raw && typeof raw.id === "string") n[raw.id] = normalizeNode(raw);
  for (const raw of arr<TocEdge>(edges))
    if (raw && typeof raw.id === "string") e[raw.id] = normalizeEdge(raw);
  return { nodes: n, edges: e };
}

export function docToLists(doc: Doc): { nodes: TocNode[]; edges: TocEdge[] } {
  return { nodes: Object.values(doc.nodes), edges: Object.values(doc.edges) };
}

export function makeNode(kind: NodeKind, label: string, extra: Partial<TocNode> = {}): TocNode {
  return normalizeNode({ id: newId(), kind, label, ...extra });
}

export function makeEdge(source: string, target: string, extra: Partial<TocEdge> = {}): TocEdge {
  return normalizeEdge({ id: newId(), source, target, ...extra });
}

export function makeIndicator(name: string, extra: Partial<Indicator> = {}): Indicator {
  return {
    id: newId(),
    name,
    unit: null,
    baseline: null,
    target: null,
    source: null,
    vocabulary: null,
    code: null,
    ...extra,
  };
}

/** The edge from source to target, if any (at most one per ordered pair). */
export function edgeBetween(doc: Doc, source: string, target: string): TocEdge | undefined {
  for (const e of Object.values(doc.edges)) if (e.source === source && e.target === target) return e;
  return undefined;
}

/**
 * Ids of the nodes that `source` already has an edge to: one pass over the edges, so the
 * inspector can list the boxes a node may still be connected to without calling
 * `edgeBetween` once per node (O(nodes x edges) on a large ToC).
 */
export function linkedTargets(doc: Doc, source: string): Set<string> {
  const out = new Set<string>();
  for (const e of Object.values(doc.edges)) if (e.source === source) out.add(e.target);
  return out;
}

export function edgesOf(doc: Doc, nodeId: string): TocEdge[] {
  return Object.values(doc.edges).filter((e) => e.source === nodeId || e.target === nodeId);
}

/** Structural equality for plain JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    // Treat undefined and null alike: the API clears a field with null.
    return (a ?? null) === (b ?? null);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!jsonEqual(ao[k], bo[k])) return false;
  return true;
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
