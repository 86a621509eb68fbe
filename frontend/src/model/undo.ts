/**
 * Undo/redo as inverse ops. Undo never rewrites history: undoing produces new ops that are
 * committed like any other edit. Entries are re-derived against the current state, so an
 * undo still does what it can after a colleague's commit arrived (what no longer applies
 * is skipped).
 */
import { applyOpsLenient, applyWithInverse } from "./ops";
import type { Doc, Op } from "./types";

export interface UndoEntry {
  /** What the user did. */
  forward: Op[];
  /** What undoes it, valid against the state right after `forward`. */
  backward: Op[];
  label: string;
}

export interface UndoResult {
  doc: Doc;
  /** The ops that were actually applied (send these to the server). */
  ops: Op[];
  label: string;
}

export class UndoStack {
  private undoList: UndoEntry[] = [];
  private redoList: UndoEntry[] = [];

  constructor(readonly limit = 200) {}

  get canUndo(): boolean {
    return this.undoList.length > 0;
  }
  get canRedo(): boolean {
    return this.redoList.length > 0;
  }
  get undoLabel(): string | undefined {
    return this.undoList[this.undoList.length - 1]?.label;
  }
  get redoLabel(): string | undefined {
    return this.redoList[this.redoList.length - 1]?.label;
  }

  /** Record an edit the user made. Clears the redo list. */
  record(entry: UndoEntry): void {
    if (entry.forward.length === 0) return;
    this.undoList.push(entry);
    if (this.undoList.length > this.limit) this.undoList.shift();
    this.redoList = [];
  }

  undo(doc: Doc): UndoResult | null {
    return this.step(doc, this.undoList, this.redoList, "backward");
  }

  redo(doc: Doc): UndoResult | null {
    return this.step(doc, this.redoList, this.undoList, "forward");
  }

  clear(): void {
    this.undoList = [];
    this.redoList = [];
  }

  private step(doc: Doc, from: UndoEntry[], to: UndoEntry[], dir: "forward" | "backward"): UndoResult | null {
    while (from.length > 0) {
      const entry = from.pop()!;
      const { applied } = applyOpsLenient(doc, entry[dir]);
      if (applied.length === 0) continue; // nothing left to undo here: try the one before
      const { doc: next, inverse } = applyWithInverse(doc, applied);
      to.push(
        dir === "backward"
          ? { forward: inverse, backward: applied, label: entry.label }
          : { forward: applied, backward: inverse, label: entry.label },
      );
      return { doc: next, ops: applied, label: entry.label };
    }
    return null;
  }
}
