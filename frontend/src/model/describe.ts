/** Human-readable summaries of ops, for commit messages and the undo button's tooltip. */
import { KIND_LABELS, type Doc, type Op } from "./types";

function quote(s: string, max = 40): string {
  const t = s.length > max ? `${s.slice(0, max - 1)}…` : s;
  return `“${t}”`;
}

export function describeOps(ops: readonly Op[], doc?: Doc): string {
  if (ops.length === 0) return "No changes";
  if (ops.length === 1) {
    const op = ops[0]!;
    const nodeLabel = (id: string) => (doc?.nodes[id] ? ` ${quote(doc.nodes[id]!.label)}` : "");
    switch (op.op) {
      case "add_node":
        return `Add ${KIND_LABELS[op.node.kind].toLowerCase()} ${quote(op.node.label)}`;
      case "update_node": {
        const fields = Object.keys(op.set).join(", ");
        return `Edit ${fields} of${nodeLabel(op.id) || " a node"}`;
      }
      case "remove_node":
        return `Delete${nodeLabel(op.id) || " a node"}`;
      case "add_edge": {
        const s = doc?.nodes[op.edge.source]?.label;
        const t = doc?.nodes[op.edge.target]?.label;
        return s && t ? `Link ${quote(s, 25)} → ${quote(t, 25)}` : "Add a link";
      }
      case "update_edge":
        return `Edit ${Object.keys(op.set).join(", ")} of a link`;
      case "remove_edge":
        return "Delete a link";
    }
  }
  const count = (p: (o: Op) => boolean) => ops.filter(p).length;
  const parts: string[] = [];
  const add = (n: number, one: string, many: string) => n && parts.push(`${n} ${n === 1 ? one : many}`);
  add(count((o) => o.op === "add_node" || o.op === "add_edge"), "addition", "additions");
  add(count((o) => o.op === "update_node" || o.op === "update_edge"), "edit", "edits");
  add(count((o) => o.op === "remove_node" || o.op === "remove_edge"), "deletion", "deletions");
  return parts.join(", ");
}
