/**
 * "Ana replaced your text": which of the values this person committed a colleague's commit has
 * since overwritten with something else.
 *
 * The editor keeps, per open page, the last value it committed for each field it set
 * (`recordWritten` on every acknowledged commit). When a colleague's commit arrives, its delta
 * holds the after-value of every entity it touched; `overwritten` compares those with what this
 * person wrote and lists the fields whose value is now different, so the view can say so and
 * offer to put the person's value back. A removed entity is not listed here: a deleted box has
 * its own notice ("deleted by Ana").
 */
import { jsonEqual } from "./doc";
import type { Delta } from "./delta";
import type { Op } from "./types";

export interface Written {
  kind: "node" | "edge";
  id: string;
  field: string;
  /** The value this person's commit gave the field. */
  value: unknown;
}

/** A field someone else overwrote: what this person wrote and what it is now. */
export interface Overwrite extends Written {
  theirs: unknown;
}

export type WrittenMap = ReadonlyMap<string, Written>;

const key = (kind: string, id: string, field: string) => `${kind}:${id}:${field}`;

/** `map` plus the fields a committed batch of ops set (later values replace earlier ones). */
export function recordWritten(map: WrittenMap, ops: readonly Op[]): WrittenMap {
  const out = new Map(map);
  for (const op of ops) {
    if (op.op !== "update_node" && op.op !== "update_edge") continue;
    const kind = op.op === "update_node" ? "node" : "edge";
    for (const [field, value] of Object.entries(op.set)) out.set(key(kind, op.id, field), { kind, id: op.id, field, value });
  }
  return out;
}

/**
 * The fields of `map` that `delta` (a colleague's commit) set to another value, and `map`
 * without them (each is told once; putting the value back records it again). Fields of
 * entities the delta removed are forgotten without being listed.
 */
export function overwritten(map: WrittenMap, delta: Delta): { overwrites: Overwrite[]; map: WrittenMap } {
  const overwrites: Overwrite[] = [];
  let out: Map<string, Written> | null = null;
  for (const [k, w] of map) {
    const after = (w.kind === "node" ? delta.nodes : delta.edges)[w.id];
    if (after === undefined) continue;
    out ??= new Map(map);
    if (after === null) {
      out.delete(k);
      continue;
    }
    const theirs = (after as unknown as Record<string, unknown>)[w.field];
    if (jsonEqual(theirs, w.value)) continue;
    overwrites.push({ ...w, theirs });
    out.delete(k);
  }
  return { overwrites, map: out ?? map };
}
