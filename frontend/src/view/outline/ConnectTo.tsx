/**
 * "Connect to…": choose the box an arrow goes to from a list, no dragging (WCAG 2.2 SC 2.5.7).
 * A modal <dialog> (the browser traps focus and closes it on Escape) with a search field and the
 * candidate boxes as buttons, the levels just above the source first: Enter in the field connects
 * to the first box listed, Down moves into the list, Up and Down move along it.
 */
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useEditor } from "../editor/context";
import { connectCandidates, shownLabel, type OutlineLevel } from "./levels";

export function ConnectTo({ source, levels, onClose }: { source: string; levels: readonly OutlineLevel[]; onClose: (connected: boolean) => void }) {
  const ctl = useEditor();
  const ref = useRef<HTMLDialogElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const [query, setQuery] = useState("");
  const id = useId();
  const node = ctl.state.doc.nodes[source];
  const all = useMemo(() => connectCandidates(levels, source), [levels, source]);
  const q = query.trim().toLowerCase();
  const shown = q ? all.filter((c) => c.label.toLowerCase().includes(q) || c.level.includes(q)) : all;

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    // showModal() focuses the dialog's first control by its own rule: put the cursor in the search.
    d?.querySelector("input")?.focus();
  }, []);

  // Close the native dialog first, so the page behind it is no longer inert and the caller can
  // put the focus back on the box at once.
  const finish = (connected: boolean) => {
    ref.current?.close();
    onClose(connected);
  };
  const pick = (target: string) => finish(ctl.connect(source, target) !== null);
  const option = (i: number) => list.current?.querySelectorAll<HTMLButtonElement>("button")[i];

  return (
    <dialog
      ref={ref}
      className="dialog ol-connect"
      aria-labelledby={`${id}-title`}
      data-testid="connect-dialog"
      onCancel={(ev) => {
        ev.preventDefault();
        finish(false);
      }}
    >
      <h2 id={`${id}-title`}>Connect “{node ? shownLabel(node) : "this box"}” to…</h2>
      <label htmlFor={`${id}-q`} className="block">
        Find a box
      </label>
      <input
        id={`${id}-q`}
        type="search"
        autoComplete="off"
        value={query}
        data-testid="connect-search"
        aria-describedby={`${id}-count`}
        onChange={(ev) => setQuery(ev.target.value)}
        onKeyDown={(ev) => {
          if (ev.key === "ArrowDown") {
            ev.preventDefault();
            option(0)?.focus();
          } else if (ev.key === "Enter") {
            ev.preventDefault();
            if (shown[0]) pick(shown[0].id);
          }
        }}
      />
      <p id={`${id}-count`} className="hint" aria-live="polite">
        {shown.length
          ? `${shown.length} box${shown.length > 1 ? "es" : ""}. Enter connects to the first one; Down arrow to choose another.`
          : all.length
            ? "No box matches."
            : "There is no other box to connect to."}
      </p>
      <ul className="ol-targets" ref={list} data-testid="connect-options">
        {shown.map((c, i) => (
          <li key={c.id}>
            <button
              type="button"
              className="ol-target"
              data-testid="connect-option"
              data-node-id={c.id}
              onClick={() => pick(c.id)}
              onKeyDown={(ev) => {
                if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
                  ev.preventDefault();
                  const next = ev.key === "ArrowDown" ? option(i + 1) : i === 0 ? ref.current?.querySelector("input") : option(i - 1);
                  next?.focus();
                }
              }}
            >
              <span className="ol-target-label">{c.label}</span> <span className="muted small">{c.level}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="row end">
        <button type="button" className="btn" data-testid="connect-cancel" onClick={() => finish(false)}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
