/**
 * A box of the diagram: an HTML xyflow node the size Graphviz gave it, with the label wrapped
 * as in the exports (12 pt, the indicator count under outcomes and impact), the level on a tab
 * on its top border, badges (checks, sector) and the initials of the others who selected it
 * (with a ring in the first one's colour) on its top right corner, and a handle on top to drag
 * an arrow from. Colours and shape from the shared palette.
 */
import { Handle, Position, useUpdateNodeInternals, type Node, type NodeProps } from "@xyflow/react";
import { memo, useEffect, useState, type CSSProperties } from "react";
import { boxProgressSentence, KIND_LABELS, STATUS_MARKS, STATUS_WORDS, type BoxProgress, type TocNode as Box } from "../../model";
import type { NodeMark } from "../toc/controller";
import { selectedBySentence, type PresenceMark } from "../presence/marks";
import { kindLook } from "../palette";
import { shownLabel, showsIndicatorLine, wrapText } from "./fromLayout";
import "../results/progress.css";

export interface TocNodeData extends Record<string, unknown> {
  node: Box;
  /** Arrows into and out of the box. */
  ins: number;
  outs: number;
  marks: readonly NodeMark[];
  canConnect: boolean;
  /** The others who have this box selected (live presence). */
  presence?: readonly PresenceMark[];
  /** Its progress (issue 13): a status badge and bar on its bottom edge, "at risk upstream". */
  progress?: BoxProgress;
}

export type TocFlowNode = Node<TocNodeData, "toc">;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What a screen reader says for a box. */
export function boxDescription(node: Box, ins: number, outs: number, marks: readonly NodeMark[] = []): string {
  const kind = KIND_LABELS[node.kind] + (node.horizon ? ` (${node.horizon} term)` : "");
  const parts = [`${kind}: ${shownLabel(node.label) || "untitled"}.`];
  parts.push(`${plural(node.indicators.length, "indicator")}.`);
  parts.push(`${plural(ins, "arrow")} in, ${outs} out.`);
  for (const m of marks) if (m.badge) parts.push(`${m.badge}.`);
  return parts.join(" ");
}

export function boxDomId(id: string): string {
  return `box-${id}`;
}

function TocNodeView({ id, data, selected, width, height }: NodeProps<TocFlowNode>) {
  const { node, ins, outs, marks, canConnect, presence, progress } = data;
  // The handle to drag an arrow from: on the selected box or under the pointer only (a
  // thousand handles would slow the first paint of a big ToC).
  const [hover, setHover] = useState(false);
  const showHandle = canConnect && (selected || hover);
  // xyflow measures a node's handles when it is drawn: measure again when the handle appears.
  const updateInternals = useUpdateNodeInternals();
  useEffect(() => {
    if (showHandle) updateInternals(id);
  }, [showHandle, id, updateInternals]);
  const look = kindLook(node.kind);
  const label = shownLabel(node.label);
  const indicatorLine = showsIndicatorLine(node.kind);
  const h = height ?? 36;
  // The label's lines as the export wraps them; as many as fit (13 px each, 5 px padding top
  // and bottom, two lines for the count) until a new layout makes room for a longer label.
  const room = Math.max(1, Math.floor((h - 10 - (look.double ? 8 : 0)) / 13) - (indicatorLine ? 2 : 0));
  const all = wrapText(label || `Untitled ${node.kind}`);
  const lines = all.length > room ? [...all.slice(0, room - 1), `${all[room - 1]}…`] : all;
  const tones = marks.map((m) => m.tone).filter(Boolean);
  const badges = marks.map((m) => m.badge).filter((b): b is string => !!b);
  const style = {
    ...(presence?.length ? { "--presence": presence[0]!.colour } : {}),
    "--box-fill": look.fill,
    "--box-border": look.border,
    "--box-text": look.text,
    "--box-border-width": `${look.borderWidth}px`,
    width,
    height,
  } as CSSProperties;
  const cls = [
    "toc-box",
    `kind-${node.kind}`,
    look.rounded ? "rounded" : "square",
    look.double ? "double" : "",
    look.bold ? "bold" : "",
    selected ? "selected" : "",
    ...tones.map((t) => `tone-${t}`),
    presence?.length ? "presence" : "",
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <div
      id={boxDomId(id)}
      className={cls}
      style={style}
      tabIndex={-1}
      role="group"
      aria-roledescription="box"
      aria-label={[boxDescription(node, ins, outs, marks), boxProgressSentence(progress), selected ? "Selected." : "", selectedBySentence(presence)].filter(Boolean).join(" ")}
      data-testid="node"
      data-id={id}
      data-label={node.label}
      data-kind={node.kind}
      data-selected={selected ? "true" : "false"}
      data-presence={presence?.length ? presence.map((p) => p.user).join(" ") : undefined}
      data-status={progress?.status ?? undefined}
      data-upstream={progress?.atRisk ? "at_risk" : undefined}
      onMouseEnter={canConnect ? () => setHover(true) : undefined}
      onMouseLeave={canConnect ? () => setHover(false) : undefined}
    >
      <span className="toc-kind" aria-hidden="true">
        {KIND_LABELS[node.kind]}
        {node.horizon ? ` · ${node.horizon} term` : ""}
      </span>
      <span className={`toc-label${label ? "" : " untitled"}`} aria-hidden="true">
        {lines.join("\n")}
      </span>
      {indicatorLine ? (
        <span className="toc-indicators" aria-hidden="true">
          {plural(node.indicators.length, "indicator")}
        </span>
      ) : null}
      {badges.length || presence?.length || (!indicatorLine && node.indicators.length) ? (
        <span className="toc-corner" aria-hidden="true">
          {!indicatorLine && node.indicators.length ? <span className="toc-indicator-tab">{plural(node.indicators.length, "indicator")}</span> : null}
          {badges.map((b) => (
            <span key={b} className="toc-badge">
              {b}
            </span>
          ))}
          {presence?.map((p) => (
            <span key={`p-${p.user}`} className="toc-badge presence" data-testid="box-presence" style={{ "--person": p.colour } as CSSProperties}>
              {p.initials}
            </span>
          ))}
        </span>
      ) : null}
      {progress && (progress.status || progress.atRisk) ? (
        // On the box's bottom corners (diagram.css); a narrow box has the second under the first.
        <span className={`toc-progress${(width ?? 0) < 200 ? " stacked" : ""}`} aria-hidden="true" data-testid="box-progress">
          {progress.status ? (
            <span className={`toc-status st-${progress.status}`} data-testid="box-status">
              {STATUS_MARKS[progress.status]} {STATUS_WORDS[progress.status]}
              {progress.fraction !== null ? (
                <span className="toc-bar" data-testid="box-bar" data-fraction={progress.fraction.toFixed(2)}>
                  <span style={{ width: `${Math.round(progress.fraction * 100)}%` }} />
                </span>
              ) : null}
            </span>
          ) : null}
          {progress.atRisk ? (
            <span className="toc-risk" data-testid="box-risk" title="At risk upstream">
              ⚠ At risk upstream
            </span>
          ) : null}
        </span>
      ) : null}
      {showHandle ? (
        <Handle type="source" position={Position.Right} className="toc-handle" title="Drag from here to another box to draw an arrow" />
      ) : null}
    </div>
  );
}

export const TocNodeComponent = memo(TocNodeView);
