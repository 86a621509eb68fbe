/**
 * The diagram's arrows: Graphviz's routed splines from the layout (or a simple curve to a box
 * the layout does not know yet), the relation's arrowhead, width and dash from the confidence
 * (dashed only when one is set and low), and a label ("enables · 60%") where the diagram
 * placed it, or on hover and selection.
 *
 * All arrows are drawn in one SVG inside xyflow's viewport, under the boxes, instead of as
 * xyflow edges: xyflow gives every edge its own <svg> and store subscription, which cost about
 * 2.5 s of the first paint of a 1,000-box ToC (measured in Chromium); here each arrow is a
 * memoised <g>, re-rendered only when it changes. Clicking an arrow selects it (Shift, Ctrl or
 * Cmd adds it to the selection).
 */
import { memo, useState, type MouseEvent } from "react";
import type { EdgeLook } from "../palette";
import type { PresenceMark } from "../presence/marks";
import { arrowheadPath, labelSize, pointAt, splinePath, type EdgeGeometry, type PlacedLabel } from "./splines";

export interface ArrowItem {
  id: string;
  geometry: EdgeGeometry;
  look: EdgeLook;
  /** Graphviz arrowhead name: normal, onormal, odiamond. */
  arrowhead: string;
  /** "enables · 60%", or "" when there is nothing to say. */
  label: string;
  /** Where the label is always shown, or null (then only on hover or selection). */
  labelAt: PlacedLabel | null;
  selected: boolean;
  /** Others who have this arrow selected (a halo in the first one's colour, their initials). */
  presence: readonly PresenceMark[];
  /** Says what the arrow is (its <title>: a tooltip on hover). */
  title: string;
}

const SELECTED = "#C2410C";

function EdgeLabel({ text, at }: { text: string; at: { x: number; y: number } }) {
  const { w, h } = labelSize(text);
  return (
    <g className="edge-label" transform={`translate(${at.x - w / 2},${at.y - h / 2})`}>
      <rect width={w} height={h} rx={3} />
      <text x={w / 2} y={h / 2} dominantBaseline="central" textAnchor="middle">
        {text}
      </text>
    </g>
  );
}

interface ArrowProps {
  item: ArrowItem;
  onPick(id: string, add: boolean): void;
}

function ArrowView({ item, onPick }: ArrowProps) {
  const [hover, setHover] = useState(false);
  const { id, geometry, look, arrowhead, label, labelAt, selected, title, presence } = item;
  const points = geometry.points;
  const end = points[points.length - 1]!;
  const colour = selected ? SELECTED : look.colour;
  const width = selected ? Math.max(look.width, 2.2) + 0.6 : hover ? look.width + 0.8 : look.width;
  const open = arrowhead === "onormal" || arrowhead === "odiamond";
  const showLabel = !!label && (!!labelAt || hover || selected);
  let at: { x: number; y: number } | null = labelAt;
  if (showLabel && !at) {
    const [x, y] = pointAt(points, 0.5);
    at = { x, y };
  }
  const d = splinePath(points);
  const pick = (ev: MouseEvent) => {
    ev.stopPropagation();
    onPick(id, ev.shiftKey || ev.ctrlKey || ev.metaKey);
  };
  const other = presence[0];
  const tagAt = other ? pointAt(points, 0.35) : null;
  return (
    <g
      className={`arrow${selected ? " selected" : ""}`}
      data-testid="arrow"
      data-id={id}
      data-presence={presence.map((p) => p.user).join(" ") || undefined}
      onMouseEnter={() => setHover(true)}
      onMouseLeave={() => setHover(false)}
      onClick={pick}
    >
      {hover ? <title>{title + (presence.length ? ` (selected by ${presence.map((p) => p.name).join(", ")})` : "")}</title> : null}
      <path className="arrow-hit" d={d} />
      {other ? <path className="arrow-presence" d={d} stroke={other.colour} strokeWidth={width + 6} /> : null}
      <path className="arrow-line" d={d} stroke={colour} strokeWidth={width} strokeDasharray={look.dashed ? "5 4" : undefined} />
      <path className="arrow-head" d={arrowheadPath(end, geometry.tip, arrowhead)} fill={open ? "#FFFFFF" : colour} stroke={colour} strokeWidth={1} />
      {showLabel && at ? <EdgeLabel text={label} at={at} /> : null}
      {other && tagAt ? (
        <g className="arrow-presence-tag" transform={`translate(${tagAt[0]},${tagAt[1]})`}>
          <circle r={8} fill={other.colour} stroke="#fff" strokeWidth={1.5} />
          <text dominantBaseline="central" textAnchor="middle">
            {other.initials}
          </text>
        </g>
      ) : null}
    </g>
  );
}

export const Arrow = memo(ArrowView);

/** Every arrow, in one SVG under the boxes (render it in xyflow's ViewportPortal). */
export function ArrowLayer({ items, fresh, onPick }: { items: readonly ArrowItem[]; fresh: boolean; onPick(id: string, add: boolean): void }) {
  return (
    <svg className={`arrow-layer${fresh ? " fresh" : ""}`} aria-hidden="true" width="1" height="1">
      {items.map((item) => (
        <Arrow key={item.id} item={item} onPick={onPick} />
      ))}
    </svg>
  );
}
