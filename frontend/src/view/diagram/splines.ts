/**
 * Arrow geometry: Graphviz's routed splines from the layout (cubic B-spline control points,
 * 1 + 3k of them, and the arrowhead's tip), or a simple curve between two boxes the layout
 * does not know yet; the arrowheads Graphviz draws (normal, onormal, odiamond); and where the
 * arrows' labels go without covering each other. Pure functions, unit-tested.
 */
import type { Box } from "./fromLayout";

export type Pt = [number, number];

export interface EdgeGeometry {
  points: Pt[];
  /** Where the arrowhead ends (on the target box's border). */
  tip: Pt;
}

/** Arrowhead length and half width (Graphviz: 10 x 0.8 arrowsize, width 0.35 of the length). */
export const ARROW_LENGTH = 8;
export const ARROW_HALF_WIDTH = 2.9;

/** SVG path data of a composite cubic Bézier (M p0 C p1 p2 p3 C ...). */
export function splinePath(points: readonly Pt[]): string {
  if (!points.length) return "";
  const f = (p: Pt) => `${round(p[0])},${round(p[1])}`;
  let d = `M${f(points[0]!)}`;
  for (let i = 1; i + 2 < points.length; i += 3) d += `C${f(points[i]!)} ${f(points[i + 1]!)} ${f(points[i + 2]!)}`;
  // A malformed tail (not 1 + 3k points): straight lines to what is left.
  const rest = (points.length - 1) % 3;
  for (let i = points.length - rest; i < points.length; i++) d += `L${f(points[i]!)}`;
  return d;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

function cubic(p0: Pt, p1: Pt, p2: Pt, p3: Pt, t: number): Pt {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return [a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]];
}

/** The point at `t` (0..1) along a composite cubic Bézier, by segment. */
export function pointAt(points: readonly Pt[], t: number): Pt {
  const segments = Math.floor((points.length - 1) / 3);
  if (segments < 1) return points[0] ?? [0, 0];
  const s = Math.min(segments - 1, Math.max(0, Math.floor(t * segments)));
  const local = t * segments - s;
  const i = s * 3;
  return cubic(points[i]!, points[i + 1]!, points[i + 2]!, points[i + 3]!, Math.min(1, Math.max(0, local)));
}

/** The arrow's geometry from the layout when it has one for both ends as laid out. */
export function layoutGeometry(edge: { points: Pt[]; tip?: Pt | null } | undefined): EdgeGeometry | null {
  if (!edge || edge.points.length < 2) return null;
  const last = edge.points[edge.points.length - 1]!;
  return { points: edge.points, tip: edge.tip ?? last };
}

/**
 * A curve from one box to another when the layout has no route for it: it leaves the source
 * from the side facing the target (top when the target is above, as causes are below their
 * effects) and ends, arrowhead included, on the target's border.
 */
export function fallbackGeometry(s: Box, t: Box): EdgeGeometry {
  const up = t.y < s.y;
  const start: Pt = [s.x, up ? s.y - s.h / 2 : s.y + s.h / 2];
  const tip: Pt = [t.x, up ? t.y + t.h / 2 : t.y - t.h / 2];
  const dir = up ? -1 : 1;
  const end: Pt = [tip[0], tip[1] - dir * ARROW_LENGTH];
  const bend = Math.max(20, Math.abs(end[1] - start[1]) / 2);
  return {
    points: [start, [start[0], start[1] + dir * bend], [end[0], end[1] - dir * bend], end],
    tip,
  };
}

/**
 * SVG path data of an arrowhead from the spline's end to the tip: a triangle for "normal"
 * and "onormal" (open: drawn unfilled), a diamond for "odiamond".
 */
export function arrowheadPath(end: Pt, tip: Pt, kind: string): string {
  let dx = tip[0] - end[0];
  let dy = tip[1] - end[1];
  let len = Math.hypot(dx, dy);
  if (len < 0.5) {
    // No room left by the layout: point the usual way (up), at the usual length.
    dx = 0;
    dy = -ARROW_LENGTH;
    len = ARROW_LENGTH;
  }
  const ux = dx / len;
  const uy = dy / len;
  const nx = -uy * ARROW_HALF_WIDTH;
  const ny = ux * ARROW_HALF_WIDTH;
  const base: Pt = [tip[0] - ux * len, tip[1] - uy * len];
  const f = (x: number, y: number) => `${round(x)},${round(y)}`;
  if (kind === "odiamond") {
    const mid: Pt = [(base[0] + tip[0]) / 2, (base[1] + tip[1]) / 2];
    return `M${f(base[0], base[1])}L${f(mid[0] + nx, mid[1] + ny)}L${f(tip[0], tip[1])}L${f(mid[0] - nx, mid[1] - ny)}Z`;
  }
  return `M${f(tip[0], tip[1])}L${f(base[0] + nx, base[1] + ny)}L${f(base[0] - nx, base[1] - ny)}Z`;
}

// -- labels ---------------------------------------------------------------------------------------

export interface LabelRequest {
  id: string;
  text: string;
  points: readonly Pt[];
}

export interface PlacedLabel {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Width of a label's text at 10 px (Helvetica's average character is about 0.55 em). */
export function labelSize(text: string): { w: number; h: number } {
  return { w: Math.ceil(text.length * 5.6) + 8, h: 14 };
}

const SPOTS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];

function hit(a: PlacedLabel, b: { x: number; y: number; w: number; h: number }): boolean {
  return Math.abs(a.x - b.x) < (a.w + b.w) / 2 && Math.abs(a.y - b.y) < (a.h + b.h) / 2;
}

/**
 * Where each label goes: the first spot along its arrow (middle first) that covers no label
 * placed before it and no box. Labels with no free spot are left out (hover shows them).
 */
export function placeLabels(requests: readonly LabelRequest[], boxes: readonly Box[] = []): Map<string, PlacedLabel> {
  const placed = new Map<string, PlacedLabel>();
  const taken: PlacedLabel[] = [];
  for (const r of requests) {
    if (!r.text || r.points.length < 2) continue;
    const size = labelSize(r.text);
    for (const t of SPOTS) {
      const [x, y] = pointAt(r.points, t);
      const c = { x, y, ...size };
      if (taken.some((o) => hit(c, o))) continue;
      if (boxes.some((b) => hit(c, b))) continue;
      placed.set(r.id, c);
      taken.push(c);
      break;
    }
  }
  return placed;
}
