/**
 * The results grid's keyboard, as pure functions (tested in tests/resultsGrid.test.ts), the
 * way spreadsheets do it:
 * - not editing: arrow keys move; Tab / Shift+Tab move right / left and wrap to the next row
 *   (past the last cell focus leaves the grid); Enter / Shift+Enter move down / up; Home / End
 *   go to the row's ends, Ctrl+Home / Ctrl+End to the grid's; typing a character starts editing
 *   with it; F2 edits the value there; Delete or Backspace clears; Ctrl+Enter opens the cell's
 *   note, source and categories;
 * - editing: Enter (down), Tab (right), Shift+Tab (left), Up and Down keep what is typed and
 *   move; Escape puts the value back as it was.
 * Sections (one per reporting frequency) follow each other: Down from a section's last row
 * goes to the next section's first.
 */

export interface Pos {
  /** Section (one grid per frequency). */
  s: number;
  r: number;
  c: number;
}

export interface Shape {
  /** Rows and columns of each section. */
  sections: readonly { rows: number; cols: number }[];
}

export type Move = "up" | "down" | "left" | "right" | "next" | "prev" | "home" | "end" | "first" | "last";

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  altKey?: boolean;
}

export type NavAction =
  | { kind: "move"; move: Move }
  | { kind: "edit"; text: string | null }
  | { kind: "clear" }
  | { kind: "details" }
  | { kind: "none" };

export type EditAction = { kind: "commit"; move: Move | null } | { kind: "cancel" } | { kind: "none" };

const MOVES: Record<string, Move> = { ArrowUp: "up", ArrowDown: "down", ArrowLeft: "left", ArrowRight: "right", Home: "home", End: "end" };

/** What a key does on a focused cell that is not being edited. */
export function navAction(k: KeyLike, readOnly: boolean): NavAction {
  const ctrl = !!(k.ctrlKey || k.metaKey);
  if (k.key === "Enter" && ctrl) return { kind: "details" };
  if (k.key === "Home" && ctrl) return { kind: "move", move: "first" };
  if (k.key === "End" && ctrl) return { kind: "move", move: "last" };
  if (k.key in MOVES && !k.altKey) return { kind: "move", move: MOVES[k.key]! };
  if (k.key === "Tab") return { kind: "move", move: k.shiftKey ? "prev" : "next" };
  if (k.key === "Enter") return { kind: "move", move: k.shiftKey ? "up" : "down" };
  if (readOnly || ctrl || k.altKey) return { kind: "none" };
  if (k.key === "F2") return { kind: "edit", text: null };
  if (k.key === "Delete" || k.key === "Backspace") return { kind: "clear" };
  if (k.key.length === 1 && k.key !== " ") return { kind: "edit", text: k.key };
  return { kind: "none" };
}

/** What a key does while a cell is being edited. */
export function editAction(k: KeyLike): EditAction {
  if (k.key === "Escape") return { kind: "cancel" };
  if (k.key === "Enter" && !(k.ctrlKey || k.metaKey || k.altKey)) return { kind: "commit", move: k.shiftKey ? "up" : "down" };
  if (k.key === "Tab") return { kind: "commit", move: k.shiftKey ? "prev" : "next" };
  if (k.key === "ArrowUp" && !k.altKey) return { kind: "commit", move: "up" };
  if (k.key === "ArrowDown" && !k.altKey) return { kind: "commit", move: "down" };
  return { kind: "none" };
}

function firstNonEmpty(shape: Shape, from: number, step: 1 | -1): number | null {
  for (let s = from; s >= 0 && s < shape.sections.length; s += step) {
    const sec = shape.sections[s]!;
    if (sec.rows > 0 && sec.cols > 0) return s;
  }
  return null;
}

/**
 * Where a move goes from `p`; null when it leaves the grid (Tab past the last cell, Shift+Tab
 * before the first). Other moves stop at the edges.
 */
export function move(p: Pos, m: Move, shape: Shape): Pos | null {
  const sec = shape.sections[p.s];
  if (!sec) return null;
  const clampC = (s: number, c: number) => Math.max(0, Math.min(c, shape.sections[s]!.cols - 1));
  switch (m) {
    case "left":
      return { ...p, c: Math.max(0, p.c - 1) };
    case "right":
      return { ...p, c: Math.min(sec.cols - 1, p.c + 1) };
    case "home":
      return { ...p, c: 0 };
    case "end":
      return { ...p, c: sec.cols - 1 };
    case "up": {
      if (p.r > 0) return { ...p, r: p.r - 1 };
      const s = firstNonEmpty(shape, p.s - 1, -1);
      return s === null ? p : { s, r: shape.sections[s]!.rows - 1, c: clampC(s, p.c) };
    }
    case "down": {
      if (p.r < sec.rows - 1) return { ...p, r: p.r + 1 };
      const s = firstNonEmpty(shape, p.s + 1, 1);
      return s === null ? p : { s, r: 0, c: clampC(s, p.c) };
    }
    case "next": {
      if (p.c < sec.cols - 1) return { ...p, c: p.c + 1 };
      if (p.r < sec.rows - 1) return { ...p, r: p.r + 1, c: 0 };
      const s = firstNonEmpty(shape, p.s + 1, 1);
      return s === null ? null : { s, r: 0, c: 0 };
    }
    case "prev": {
      if (p.c > 0) return { ...p, c: p.c - 1 };
      if (p.r > 0) return { ...p, r: p.r - 1, c: sec.cols - 1 };
      const s = firstNonEmpty(shape, p.s - 1, -1);
      return s === null ? null : { s, r: shape.sections[s]!.rows - 1, c: shape.sections[s]!.cols - 1 };
    }
    case "first": {
      const s = firstNonEmpty(shape, 0, 1);
      return s === null ? p : { s, r: 0, c: 0 };
    }
    case "last": {
      const s = firstNonEmpty(shape, shape.sections.length - 1, -1);
      return s === null ? p : { s, r: shape.sections[s]!.rows - 1, c: shape.sections[s]!.cols - 1 };
    }
  }
}

/** Whether a pasted text is a block (more than one cell) rather than text for one cell. */
export function isBlock(text: string): boolean {
  return /[\t\n\r]/.test(text.replace(/[\r\n]+$/, ""));
}
