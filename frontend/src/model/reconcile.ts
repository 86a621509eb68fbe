/**
 * What the screen shows is the server's head with the user's not-yet-confirmed ops replayed on
 * top. When a new head arrives (a colleague committed), replay the pending ops on it: what
 * still applies is kept, what no longer applies (e.g. an edit of a node someone deleted) is
 * dropped and reported.
 */
import { applyOpsLenient } from "./ops";
import type { Doc, Op } from "./types";

export interface Reconciled {
  doc: Doc;
  kept: Op[];
  dropped: Op[];
}

export function reconcile(head: Doc, pending: readonly Op[]): Reconciled {
  const { doc, applied, skipped } = applyOpsLenient(head, pending);
  return { doc, kept: applied, dropped: skipped };
}
