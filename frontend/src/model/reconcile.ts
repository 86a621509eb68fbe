/**
 * What the screen shows is the server's head with the user's not-yet-confirmed ops replayed on
 * top. When a new head arrives (a colleague committed), replay the pending ops on it: what
 * still applies is kept, what no longer applies (e.g. an edit of a node someone deleted) is
 * dropped and reported.
 */
import { jsonEqual } from "./doc";
import { applyOpsLenient } from "./ops";
import type { Doc, Op } from "./types";

export interface Reconciled {
  doc: Doc;
  kept: Op[];
  dropped: Op[];
}

export function reconcile(head: Doc, pending: readonly Op[]): Reconciled {
  const { doc, applied, skipped } = applyOpsLenient(head, pending);
  return { doc, kept: applied, dropped: skipped };
}

export interface LocalConflict {
  entity: "node" | "edge";
  id: string;
  field: string;
  ours: unknown;
  theirs: unknown;
}

/**
 * Fields that the pending ops change and that also changed between `base` and `head` to a
 * different value: the server will refuse these with 409, so the UI can warn early.
 */
export function predictConflicts(base: Doc, head: Doc, pending: readonly Op[]): LocalConflict[] {
  const out: LocalConflict[] = [];
  for (const op of pending) {
    if (op.op === "update_node" || op.op === "update_edge") {
      const entity = op.op === "update_node" ? "node" : "edge";
      const b = (entity === "node" ? base.nodes[op.id] : base.edges[op.id]) as unknown as Record<string, unknown> | undefined;
      const h = (entity === "node" ? head.nodes[op.id] : head.edges[op.id]) as unknown as Record<string, unknown> | undefined;
      if (!b) continue;
      for (const [field, ours] of Object.entries(op.set)) {
        const theirs = h ? h[field] : undefined;
        if (!h || (!jsonEqual(b[field], theirs) && !jsonEqual(ours, theirs)))
          out.push({ entity, id: op.id, field, ours, theirs: h ? theirs : "(deleted)" });
      }
    }
  }
  return out;
}
