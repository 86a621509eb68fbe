/**
 * Fold a run of ops into fewer ops with the same effect, so that a burst of edits becomes
 * one small commit: updates of one entity merge, an update folds into the add that created
 * the entity, and an add followed by a remove disappears (with the links of that node).
 * Invariant (tested): applyOps(d, compactOps(ops)) equals applyOps(d, ops).
 */
import { clone } from "./doc";
import type { Op, TocEdge, TocNode } from "./types";

function keyOf(op: Op): string {
  switch (op.op) {
    case "add_node":
      return `n:${op.node.id}`;
    case "update_node":
    case "remove_node":
      return `n:${op.id}`;
    case "add_edge":
      return `e:${op.edge.id}`;
    case "update_edge":
    case "remove_edge":
      return `e:${op.id}`;
  }
}

export function compactOps(ops: readonly Op[]): Op[] {
  const out: (Op | null)[] = [];
  const last = new Map<string, number>(); // entity key -> index in out of the last op on it

  const drop = (i: number) => {
    const op = out[i];
    if (!op) return;
    out[i] = null;
    const k = keyOf(op);
    if (last.get(k) === i) last.delete(k);
  };

  for (const raw of ops) {
    const op = clone(raw);
    const k = keyOf(op);
    const li = last.get(k);
    const prev = li === undefined ? null : out[li];

    if ((op.op === "update_node" || op.op === "update_edge") && prev) {
      if (prev.op === "add_node" && op.op === "update_node") {
        const node = { ...prev.node } as Record<string, unknown>;
        for (const [f, v] of Object.entries(op.set)) node[f] = v;
        out[li!] = { op: "add_node", node: node as unknown as TocNode };
        continue;
      }
      if (prev.op === "add_edge" && op.op === "update_edge") {
        const edge = { ...prev.edge } as Record<string, unknown>;
        for (const [f, v] of Object.entries(op.set)) edge[f] = v;
        out[li!] = { op: "add_edge", edge: edge as unknown as TocEdge };
        continue;
      }
      if (prev.op === op.op) {
        out[li!] = { ...prev, set: { ...prev.set, ...op.set } } as Op;
        continue;
      }
    }

    if ((op.op === "remove_node" || op.op === "remove_edge") && prev) {
      if (prev.op === "add_node" || prev.op === "add_edge") {
        // Created and deleted within the batch: as if it never happened.
        drop(li!);
        if (prev.op === "add_node") {
          const id = prev.node.id;
          // Every op on a link of this node came after its creation: drop them too.
          for (let i = li! + 1; i < out.length; i++) {
            const o = out[i];
            if (!o) continue;
            if (o.op === "add_edge" && (o.edge.source === id || o.edge.target === id)) {
              const ek = keyOf(o);
              for (let j = i; j < out.length; j++) if (out[j] && keyOf(out[j]!) === ek) drop(j);
            }
          }
        }
        continue;
      }
      if (prev.op === "update_node" || prev.op === "update_edge") drop(li!);
    }

    out.push(op);
    last.set(k, out.length - 1);
  }
  return out.filter((o): o is Op => o !== null);
}
