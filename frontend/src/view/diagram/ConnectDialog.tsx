/**
 * Connecting without dragging (WCAG 2.2 SC 2.5.7), the one dialog for it: the toolbar's Connect
 * button, C in the diagram and C (or a box's Connect button) in the outline open a modal dialog
 * listing the other boxes, searchable and grouped by level, the levels an arrow from this box
 * usually goes to first. It opens with the cursor in the search field; Enter there connects to
 * the first box listed; the list is a native list box (arrow keys, type-ahead), Enter or a
 * double click connects to the chosen one, and so does the Connect button. Closing it puts the
 * focus back where it was, or on the element the opener names (the outline's box).
 *
 * Test ids: connect-mode (the toolbar button), connect-dialog, connect-source (only when no box
 * was selected), connect-direction-out/-in, connect-search, connect-target (the list box: option
 * values are box ids), connect-option (each box listed), connect-add, connect-cancel.
 */
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import { KIND_LABELS, type Doc, type TocNode } from "../../model";
import { useEditor, useEditorState } from "../toc/context";
import type { EditorController } from "../toc/controller";
import { LANE_NAMES, LANE_ORDER, laneOf, shownLabel } from "./fromLayout";
import { connectGroups, type Direction } from "./connectList";

interface DialogState {
  open: boolean;
  source: string | null;
  /** Where the focus goes when the dialog closes (else where it was before it opened). */
  returnFocus: (() => HTMLElement | null | undefined) | null;
}

const dialogs = new WeakMap<EditorController, StoreApi<DialogState>>();

function dialogStore(ctl: EditorController): StoreApi<DialogState> {
  let s = dialogs.get(ctl);
  if (!s) {
    s = createStore<DialogState>(() => ({ open: false, source: null, returnFocus: null }));
    dialogs.set(ctl, s);
  }
  return s;
}

/**
 * Open the connect dialog for this editor, from `source` (or ask which box first); when it
 * closes, the focus goes to `returnFocus()` if given.
 */
export function openConnectDialog(ctl: EditorController, source: string | null, returnFocus?: () => HTMLElement | null | undefined): void {
  if (!ctl.state.canEdit) return;
  dialogStore(ctl).setState({ open: true, source: source && ctl.state.doc.nodes[source] ? source : null, returnFocus: returnFocus ?? null });
}

/** The toolbar's Connect button and the dialog it opens. */
export function ConnectButton() {
  const ctl = useEditor();
  const store = dialogStore(ctl);
  const open = useStore(store, (s) => s.open);
  const source = useStore(store, (s) => s.source);
  const returnFocus = useStore(store, (s) => s.returnFocus);
  const selected = useEditorState((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0]! : null));
  return (
    <>
      <button
        type="button"
        className="btn tool"
        data-testid="connect-mode"
        aria-haspopup="dialog"
        aria-expanded={open}
        title="Draw an arrow from the selected box to another one, chosen from a list (key C in the diagram and the outline)"
        onClick={() => openConnectDialog(ctl, selected)}
      >
        <span aria-hidden="true">→</span> Connect
      </button>
      {open ? (
        <ConnectDialog
          initialSource={source}
          onClose={() => {
            store.setState({ open: false, source: null, returnFocus: null });
            returnFocus?.()?.focus();
          }}
        />
      ) : null}
    </>
  );
}

function label(n: TocNode): string {
  return shownLabel(n.label) || `Untitled ${n.kind}`;
}

function connected(doc: Doc, a: string, b: string): boolean {
  return Object.values(doc.edges).some((e) => e.source === a && e.target === b);
}

function ConnectDialog({ initialSource, onClose }: { initialSource: string | null; onClose: () => void }) {
  const ctl = useEditor();
  const doc = useEditorState((s) => s.doc);
  const layout = useEditorState((s) => s.layout);
  const ref = useRef<HTMLDialogElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const id = useId();
  const [source, setSource] = useState<string | null>(initialSource);
  const [direction, setDirection] = useState<Direction>("out");
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState<string>("");
  const sourcePicker = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    // showModal() focuses the first control by its own rule: put the cursor where typing starts.
    (initialSource ? search.current : sourcePicker.current)?.focus();
    return () => {
      if (d?.open) d.close();
    };
    // Once, when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** Close the dialog first (the browser puts focus back where it was), then unmount it. */
  const finish = () => {
    if (ref.current?.open) ref.current.close();
    onClose();
  };

  const from = source ? doc.nodes[source] : undefined;
  const groups = useMemo(
    () => connectGroups(Object.values(doc.nodes), source, direction, query, layout ? (n) => layout.nodes[n]?.x : undefined),
    [doc, layout, source, direction, query],
  );
  const isDone = (other: string) => !!source && (direction === "out" ? connected(doc, source, other) : connected(doc, other, source));
  const firstFree = groups.flatMap((g) => g.nodes).find((n) => !isDone(n.id));
  const target = chosen && groups.some((g) => g.nodes.some((n) => n.id === chosen)) && !isDone(chosen) ? chosen : "";
  const count = groups.reduce((s, g) => s + g.nodes.length, 0);

  const connectTo = (other: string | undefined) => {
    if (!source || !other || isDone(other)) return;
    const made = direction === "out" ? ctl.connect(source, other) : ctl.connect(other, source);
    if (made) finish();
  };

  const fromText = from ? `“${label(from)}”` : "a box";
  return (
    <dialog
      ref={ref}
      className="dialog connect-dialog"
      aria-labelledby={`${id}-title`}
      data-testid="connect-dialog"
      onCancel={(ev) => {
        ev.preventDefault();
        finish();
      }}
    >
      <h2 id={`${id}-title`}>Draw an arrow</h2>
      {!initialSource ? (
        <div className="field">
          <label htmlFor={`${id}-from`}>Box</label>
          <select
            ref={sourcePicker}
            id={`${id}-from`}
            data-testid="connect-source"
            value={source ?? ""}
            onChange={(ev) => {
              setSource(ev.target.value || null);
              setChosen("");
            }}
          >
            <option value="">Choose a box…</option>
            {LANE_ORDER.map((lane) => {
              const nodes = Object.values(doc.nodes).filter((n) => laneOf(n) === lane);
              return nodes.length ? (
                <optgroup key={lane} label={LANE_NAMES[lane]}>
                  {nodes.map((n) => (
                    <option key={n.id} value={n.id}>
                      {label(n)}
                    </option>
                  ))}
                </optgroup>
              ) : null;
            })}
          </select>
        </div>
      ) : null}
      <fieldset className="connect-direction">
        <legend className="sr-only">Direction of the arrow</legend>
        <label>
          <input type="radio" name={`${id}-dir`} checked={direction === "out"} data-testid="connect-direction-out" onChange={() => setDirection("out")} /> From {fromText} to…
        </label>
        <label>
          <input type="radio" name={`${id}-dir`} checked={direction === "in"} data-testid="connect-direction-in" onChange={() => setDirection("in")} /> To {fromText} from…
        </label>
      </fieldset>
      <label htmlFor={`${id}-q`} className="block">
        Find a box
      </label>
      <input
        ref={search}
        id={`${id}-q`}
        type="search"
        autoComplete="off"
        value={query}
        disabled={!source}
        data-testid="connect-search"
        aria-describedby={`${id}-count`}
        onChange={(ev) => setQuery(ev.target.value)}
        onKeyDown={(ev) => {
          if (ev.key === "Enter") {
            ev.preventDefault();
            connectTo(target || firstFree?.id);
          } else if (ev.key === "ArrowDown") {
            ev.preventDefault();
            const list = document.getElementById(`${id}-list`) as HTMLSelectElement | null;
            if (list) {
              if (!target && firstFree) setChosen(firstFree.id);
              list.focus();
            }
          }
        }}
      />
      <p id={`${id}-count`} className="hint" aria-live="polite">
        {!source
          ? "First choose the box the arrow starts from."
          : count
            ? `${count} box${count > 1 ? "es" : ""}. Enter connects to ${target ? "the chosen one" : "the first one"}; Down arrow to choose another.`
            : "No box matches."}
      </p>
      <select
        id={`${id}-list`}
        className="connect-list"
        size={Math.min(10, Math.max(4, count + groups.length))}
        aria-label={direction === "out" ? `Boxes the arrow from ${fromText} can go to` : `Boxes the arrow to ${fromText} can come from`}
        data-testid="connect-target"
        disabled={!source}
        value={target}
        onChange={(ev) => setChosen(ev.target.value)}
        onKeyDown={(ev) => {
          if (ev.key === "Enter") {
            ev.preventDefault();
            connectTo(target);
          }
        }}
        onDoubleClick={() => connectTo(target)}
      >
        {groups.map((g) => (
          <optgroup key={g.lane} label={LANE_NAMES[g.lane]}>
            {g.nodes.map((n) => (
              <option key={n.id} value={n.id} disabled={isDone(n.id)} data-testid="connect-option">
                {label(n)}
                {isDone(n.id) ? " (already connected)" : ""}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <div className="row end connect-actions">
        <button type="button" className="btn" data-testid="connect-cancel" onClick={finish}>
          Cancel
        </button>
        <button type="button" className="btn primary" data-testid="connect-add" disabled={!target} onClick={() => connectTo(target)}>
          Connect
        </button>
      </div>
      <p className="hint">
        {from && target
          ? direction === "out"
            ? `${KIND_LABELS[from.kind]} “${label(from)}” → “${label(doc.nodes[target]!)}”`
            : `“${label(doc.nodes[target]!)}” → ${KIND_LABELS[from.kind].toLowerCase()} “${label(from)}”`
          : "\u00a0"}
      </p>
    </dialog>
  );
}
