/**
 * A client-side layered layout, used when the server's Graphviz layout is not available.
 * Bottom-to-top like the server's default rendering: activities at the bottom, impact at the top.
 */
import type { Doc, TocNode } from "../model/types";

export interface Pos {
  x: number;
  y: number;
}

const BASE: Record<string, number> = { activity: 0, output: 1, outcome: 2, impact: 5 };
const HORIZON: Record<string, number> = { short: 0, medium: 1, long: 2 };

function baseRank(n: TocNode): number {
  if (n.kind === "outcome") return 2 + (n.horizon ? (HORIZON[n.horizon] ?? 0) : 0);
  return BASE[n.kind] ?? 2;
}

export function layeredLayout(doc: Doc, opts: { xGap?: number; yGap?: number } = {}): Map<string, Pos> {
  const xGap = opts.xGap ?? 220;
  const yGap = opts.yGap ?? 130;
  const ids = Object.keys(doc.nodes).sort();
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of Object.values(doc.edges)) if (preds.has(e.target) && preds.has(e.source)) preds.get(e.target)!.push(e.source);

  // rank = max(kind's base rank, 1 + rank of each predecessor); cycles are cut by the visiting set.
  const rank = new Map<string, number>();
  const visiting = new Set<string>();
  const rankOf = (id: string): number => {
    const known = rank.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return baseRank(doc.nodes[id]!);
    visiting.add(id);
    let r = baseRank(doc.nodes[id]!);
    for (const p of preds.get(id)!) r = Math.max(r, rankOf(p) + 1);
    visiting.delete(id);
    rank.set(id, r);
    return r;
  };
  ids.forEach(rankOf);

  // Compress empty ranks.
  const used = [...new Set(rank.values())].sort((a, b) => a - b);
  const layerIndex = new Map(used.map((r, i) => [r, i]));
  const layers: string[][] = used.map(() => []);
  for (const id of ids) layers[layerIndex.get(rank.get(id)!)!]!.push(id);

  // Order each layer by the mean position of its predecessors (one barycentre sweep).
  const order = new Map<string, number>();
  layers.forEach((layer, li) => {
    if (li > 0) {
      const score = (id: string) => {
        const ps = preds.get(id)!.filter((p) => order.has(p));
        return ps.length ? ps.reduce((s, p) => s + order.get(p)!, 0) / ps.length : Number.MAX_SAFE_INTEGER;
      };
      layer.sort((a, b) => score(a) - score(b) || doc.nodes[a]!.label.localeCompare(doc.nodes[b]!.label));
    } else layer.sort((a, b) => doc.nodes[a]!.label.localeCompare(doc.nodes[b]!.label));
    layer.forEach((id, i) => order.set(id, i - (layer.length - 1) / 2));
  });

  const out = new Map<string, Pos>();
  const top = layers.length - 1;
  layers.forEach((layer, li) => {
    layer.forEach((id) => out.set(id, { x: order.get(id)! * xGap, y: (top - li) * yGap }));
  });
  return out;
}
