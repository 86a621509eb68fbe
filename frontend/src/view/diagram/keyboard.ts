/**
 * The diagram's keys, as pure functions: what a key press means, and which box the arrow keys
 * go to. Activities are at the bottom and impact at the top, so Down goes to a cause (a box
 * with an arrow into this one) and Up to an effect (a box this one points to), the nearest
 * one across; with no arrow that way, to the nearest box in the next row. Left and Right go to
 * the neighbour in the same row.
 */
import type { Doc, NodeKind } from "../../model";
import type { Box } from "./fromLayout";

export type Direction = "up" | "down" | "left" | "right";

export type DiagramAction =
  | { type: "move"; direction: Direction }
  | { type: "edit" }
  | { type: "add"; kind: NodeKind }
  | { type: "connect" }
  | { type: "delete" }
  | { type: "escape" }
  | { type: "undo" }
  | { type: "redo" }
  | { type: "zoom"; by: "in" | "out" | "fit" };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  altKey?: boolean;
}

const ADD_KEYS: Record<string, NodeKind> = { "1": "activity", "2": "output", "3": "outcome", "4": "impact" };
const MOVES: Record<string, Direction> = { ArrowUp: "up", ArrowDown: "down", ArrowLeft: "left", ArrowRight: "right" };

/** What a key pressed while the diagram (or a box in it) has focus asks for, or null. */
export function actionFor(ev: KeyLike, canEdit: boolean): DiagramAction | null {
  const mod = !!(ev.ctrlKey || ev.metaKey);
  if (ev.altKey) return null;
  const k = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
  if (mod) {
    if (!canEdit) return null;
    if (k === "z") return { type: ev.shiftKey ? "redo" : "undo" };
    if (k === "y") return { type: "redo" };
    return null;
  }
  if (MOVES[ev.key]) return { type: "move", direction: MOVES[ev.key]! };
  if (ev.key === "Escape") return { type: "escape" };
  if (ev.key === "Enter") return { type: "edit" };
  if (k === "+" || k === "=") return { type: "zoom", by: "in" };
  if (k === "-" || k === "_") return { type: "zoom", by: "out" };
  if (k === "f" || k === "0") return { type: "zoom", by: "fit" };
  if (!canEdit) return null;
  if (ADD_KEYS[k]) return { type: "add", kind: ADD_KEYS[k]! };
  if (k === "c") return { type: "connect" };
  if (ev.key === "Delete" || ev.key === "Backspace") return { type: "delete" };
  return null;
}

/** Two boxes are in the same row when their centres are within half the taller one's height. */
function sameRow(a: Box, b: Box): boolean {
  return Math.abs(a.y - b.y) < Math.max(a.h, b.h) / 2;
}

function nearestAcross(from: Box, candidates: [string, Box][]): string | null {
  let best: string | null = null;
  let score = Infinity;
  for (const [id, b] of candidates) {
    const s = Math.abs(b.x - from.x) + Math.abs(b.y - from.y) * 0.25;
    if (s < score) {
      score = s;
      best = id;
    }
  }
  return best;
}

/** The box the arrow key `direction` moves to from `current`, or null when there is none. */
export function neighbour(doc: Doc, boxes: ReadonlyMap<string, Box>, current: string, direction: Direction): string | null {
  const from = boxes.get(current);
  if (!from) return null;
  if (direction === "up" || direction === "down") {
    const linked: [string, Box][] = [];
    for (const e of Object.values(doc.edges)) {
      const other = direction === "up" ? (e.source === current ? e.target : null) : e.target === current ? e.source : null;
      const b = other && other !== current ? boxes.get(other) : undefined;
      if (other && b) linked.push([other, b]);
    }
    if (linked.length) return nearestAcross(from, linked);
    // No arrow that way: the nearest row above (up) or below (down), then the nearest box in it.
    const beyond = [...boxes].filter(([id, b]) => id !== current && !sameRow(from, b) && (direction === "up" ? b.y < from.y : b.y > from.y));
    if (!beyond.length) return null;
    const rowY = direction === "up" ? Math.max(...beyond.map(([, b]) => b.y)) : Math.min(...beyond.map(([, b]) => b.y));
    const row = beyond.filter(([, b]) => Math.abs(b.y - rowY) < b.h / 2 + 1);
    return nearestAcross(from, row);
  }
  let best: string | null = null;
  let dist = Infinity;
  for (const [id, b] of boxes) {
    if (id === current || !sameRow(from, b)) continue;
    const dx = b.x - from.x;
    if (direction === "left" ? dx >= 0 : dx <= 0) continue;
    if (Math.abs(dx) < dist) {
      dist = Math.abs(dx);
      best = id;
    }
  }
  return best;
}

/** Where keyboard focus starts: the selected box, else the box nearest to `centre`. */
export function startBox(boxes: ReadonlyMap<string, Box>, selected: readonly string[], centre: { x: number; y: number }): string | null {
  for (const id of selected) if (boxes.has(id)) return id;
  let best: string | null = null;
  let dist = Infinity;
  for (const [id, b] of boxes) {
    const d = Math.hypot(b.x - centre.x, b.y - centre.y);
    if (d < dist) {
      dist = d;
      best = id;
    }
  }
  return best;
}
