/**
 * The one palette of the editor and every export: `toc_editor/rendering/palette.json`, which
 * the Python renderer (theme.py) reads too, so a kind has the same colours on screen and in
 * the PDF. Okabe-Ito tints; shapes differ by kind (activities square, the rest rounded,
 * impact with a double border), so colour is never the only cue. Arrows: width from the
 * confidence, dashed only when a confidence is set and low, grey when none is set.
 */
import palette from "../../../toc_editor/rendering/palette.json";
import type { EdgeRelation, NodeKind } from "../model";

export const PALETTE = palette;

type ThemeName = keyof typeof palette.themes;
type KindSpec = {
  shape: string;
  style: string;
  fill: string;
  border: string;
  font?: string;
  penwidth?: string;
  peripheries?: string;
};

export interface KindLook {
  fill: string;
  border: string;
  text: string;
  /** Border width in diagram units (points). */
  borderWidth: number;
  rounded: boolean;
  bold: boolean;
  /** Two borders (impact). */
  double: boolean;
}

/** How a kind of box looks (theme "light" on screen). */
export function kindLook(kind: NodeKind, theme: ThemeName = "light"): KindLook {
  const t = palette.themes[theme];
  const k = ((t.kinds as Record<string, KindSpec>)[kind] ?? t.kinds.outcome) as KindSpec;
  const style = k.style.split(",");
  return {
    fill: k.fill,
    border: k.border,
    text: k.font ?? t.text,
    borderWidth: Number(k.penwidth ?? "1.2"),
    rounded: style.includes("rounded"),
    bold: style.includes("bold"),
    double: Number(k.peripheries ?? "1") > 1,
  };
}

export interface EdgeLook {
  width: number;
  dashed: boolean;
  colour: string;
}

/** How an arrow looks for its confidence (0-100, or null when nobody set one). */
export function edgeLook(confidence: number | null | undefined, theme: ThemeName = "light"): EdgeLook {
  const t = palette.themes[theme];
  if (typeof confidence === "number" && Number.isInteger(confidence)) {
    for (const level of palette.confidence.levels)
      if (confidence >= level.min) return { width: Number(level.penwidth), dashed: level.style === "dashed", colour: t.edge };
  }
  const u = palette.confidence.unknown;
  return { width: Number(u.penwidth), dashed: u.style === "dashed", colour: t.edge_unknown };
}

/** Graphviz arrowhead name of a relation: "normal" (filled), "onormal" (open), "odiamond". */
export function arrowhead(relation: EdgeRelation | string): string {
  return (palette.relations as Record<string, { arrowhead: string }>)[relation]?.arrowhead ?? "normal";
}

export type DiffStatus = "added" | "removed" | "changed" | "unchanged";

/** [fill, border] of a comparison's status. */
export function diffColours(status: DiffStatus, theme: ThemeName = "light"): { fill: string; border: string } {
  const [fill, border] = palette.themes[theme].diff[status];
  return { fill: fill!, border: border! };
}

/** CSS custom properties for the kinds (`--kind-outcome-fill`...), for any element's style. */
export function paletteCssVars(theme: ThemeName = "light"): Record<string, string> {
  const t = palette.themes[theme];
  const vars: Record<string, string> = {
    "--diagram-text": t.text,
    "--diagram-muted": t.muted,
    "--diagram-edge": t.edge,
    "--diagram-edge-unknown": t.edge_unknown,
  };
  for (const kind of Object.keys(t.kinds) as NodeKind[]) {
    const k = kindLook(kind, theme);
    vars[`--kind-${kind}-fill`] = k.fill;
    vars[`--kind-${kind}-border`] = k.border;
    vars[`--kind-${kind}-text`] = k.text;
  }
  for (const s of ["added", "removed", "changed", "unchanged"] as const) {
    const d = diffColours(s, theme);
    vars[`--diff-${s}-fill`] = d.fill;
    vars[`--diff-${s}-border`] = d.border;
  }
  return vars;
}

export type ProgressStatus = "on_track" | "behind" | "off_track" | "no_recent_data" | "no_target";

export interface StatusLook {
  word: string;
  mark: string;
  border: string;
  fill: string;
  dashed: boolean;
}

/** How a progress status looks (palette.json's "progress", the diagrams' progress theme too). */
export function statusLook(status: ProgressStatus | null): StatusLook {
  const p = palette.progress;
  const s = (p.statuses as Record<string, { word: string; mark: string; border: string; fill: string; style?: string }>)[status ?? ""];
  if (s) return { word: s.word, mark: s.mark, border: s.border, fill: s.fill, dashed: s.style === "dashed" };
  return { word: status === "no_target" ? "No target" : p.none.word, mark: "–", border: p.none.border, fill: p.none.fill, dashed: false };
}

/** "At risk upstream", its mark and colour. */
export function upstreamLook(): { word: string; mark: string; border: string } {
  return palette.progress.upstream;
}

/**
 * The kinds' colours as CSS variables (`--kind-outcome-fill`, `--kind-outcome-border`...) on
 * the document, so the small swatches in toolbars and panels use the same palette; and the
 * progress statuses' (`--status-behind-border`...), for badges anywhere.
 */
export function paletteCssVariables(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of Object.keys(palette.themes.light.kinds) as NodeKind[]) {
    const look = kindLook(kind);
    out[`--kind-${kind}-fill`] = look.fill;
    out[`--kind-${kind}-border`] = look.border;
  }
  for (const s of ["on_track", "behind", "off_track", "no_recent_data", "no_target"] as const) {
    const look = statusLook(s);
    out[`--status-${s}-border`] = look.border;
    out[`--status-${s}-fill`] = look.fill;
  }
  out["--status-upstream-border"] = upstreamLook().border;
  return out;
}
