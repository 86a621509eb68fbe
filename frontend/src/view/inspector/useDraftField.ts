/**
 * One inspector field's typing, kept in the field (draft.ts has the rules):
 * - the field keeps its own text while focused; a document update (ours or a colleague's)
 *   never replaces it, a colleague's change to it is offered beside it;
 * - the text is sent ~300 ms after the last keystroke, at Enter and when the field is left,
 *   and when the field goes away (another box selected, another tab): never lost; after Enter
 *   the text counts as finished, so a colleague's later change simply shows;
 * - `ctl.setDraft(key, …)` says whether the field holds text not handed over yet, so the save
 *   pill says "Editing" and closing the tab asks first;
 * - every send of one field edit (focus to blur) is one undo step (a `merge` key).
 */
import { useCallback, useEffect, useReducer, useRef } from "react";
import { useEditor } from "../toc/context";
import {
  begin,
  docChanged,
  end,
  idle,
  isDirty,
  keepMine,
  sentAs,
  settle,
  shown,
  takeTheirs,
  toSend,
  typed,
  type FieldState,
  type Normalize,
} from "./draft";

/** Quiet time after a keystroke before the field's text is sent. */
export const FIELD_DEBOUNCE_MS = 300;

export interface DraftFieldOptions {
  /** `entityId:field`: the draft's name for the controller (and the component's key). */
  fieldKey: string;
  /** The document's value, as the field's text. */
  value: string;
  /** The text as the document will hold it ("  a " -> "a"). */
  normalize?: Normalize;
  /** Why the text cannot be sent as it is (it stays in the field, unsent), or null. */
  problem?: (text: string) => string | null;
  /** Hand the (normalized) text to the document. `merge` makes one field edit one undo step. */
  send: (text: string, merge: string) => void;
}

export interface DraftField {
  text: string;
  editing: boolean;
  /** A colleague's value that arrived while typing, or null. */
  theirs: string | null;
  /** The local problem with the text typed (shown at the field), or null. */
  problem: string | null;
  change(text: string): void;
  focus(): void;
  /** Focus left the field (and its notice): send, and stop editing. */
  leave(): void;
  /** Send now (Enter: the text is finished). */
  flush(): void;
  useTheirs(): void;
  keepMine(): void;
}

const identity: Normalize = (t) => t;

export function useDraftField(opts: DraftFieldOptions): DraftField {
  const ctl = useEditor();
  const normalize = opts.normalize ?? identity;
  const state = useRef<FieldState>(idle(opts.value));
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  // The latest props, for timers and the unmount flush.
  const latest = useRef(opts);
  latest.current = opts;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const edits = useRef(0);
  const reported = useRef(false);

  const report = useCallback(() => {
    const o = latest.current;
    const dirty = isDirty(state.current, o.value, o.normalize ?? identity);
    if (dirty !== reported.current) {
      reported.current = dirty;
      ctl.setDraft(o.fieldKey, dirty);
    }
  }, [ctl]);

  const set = useCallback(
    (s: FieldState, render = true) => {
      state.current = s;
      report();
      if (render) rerender();
    },
    [report],
  );

  const clearTimer = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };

  /** Send what the field holds, if the document does not have it and it is valid. */
  const flushNow = useCallback(
    (render = true) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      const o = latest.current;
      const s = state.current;
      const t = toSend(s, o.value, o.normalize ?? identity);
      if (t === null || s.draft === null || o.problem?.(s.draft)) return;
      set(sentAs(s, t), render);
      o.send(t, `${o.fieldKey}#${edits.current}`);
      report();
    },
    [set, report],
  );

  // The document's value changed: keep typing safe (draft.ts decides).
  useEffect(() => {
    const next = docChanged(state.current, opts.value, normalize);
    if (next !== state.current) set(next);
    else report();
    // normalize is a stable function per field kind
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opts.value, set, report]);

  // Going away (another box, another tab): send what is typed first.
  useEffect(
    () => () => {
      flushNow(false);
      if (reported.current) ctl.setDraft(latest.current.fieldKey, false);
      reported.current = false;
    },
    [ctl, flushNow],
  );

  const s = state.current;
  return {
    text: shown(s, opts.value),
    editing: s.draft !== null,
    theirs: s.theirs,
    problem: s.draft !== null && s.typed ? (opts.problem?.(s.draft) ?? null) : null,
    change(text: string) {
      const cur = state.current.draft === null ? begin(state.current, latest.current.value) : state.current;
      set(typed(cur, text));
      clearTimer();
      timer.current = setTimeout(() => flushNow(), FIELD_DEBOUNCE_MS);
    },
    focus() {
      if (state.current.draft === null) {
        edits.current += 1;
        set(begin(state.current, latest.current.value));
      }
    },
    leave() {
      flushNow();
      set(end(state.current));
    },
    flush() {
      flushNow();
      set(settle(state.current, latest.current.normalize ?? identity));
    },
    useTheirs() {
      clearTimer();
      const { state: next, send } = takeTheirs(state.current);
      set(next);
      if (send !== null) latest.current.send(send, `${latest.current.fieldKey}#${edits.current}`);
      report();
    },
    keepMine() {
      set(keepMine(state.current));
    },
  };
}
