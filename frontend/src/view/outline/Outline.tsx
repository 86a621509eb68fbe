/**
 * The outline: the open ToC as a document of headings and lists, for screen readers and fast
 * keyboard work. It can do what the diagram does (add, edit, connect, delete, undo; the side
 * panel edits the selection), through the same controller, and shares its selection.
 *
 * Why headings and lists of buttons rather than an ARIA tree: every screen reader reads them
 * in browse mode with its usual commands (H from level to level, I or L through the boxes, B
 * through the buttons), nothing is hidden in collapsed branches, and each box can hold real
 * controls (its links, Connect, Delete), which a treeitem may not. On top of that, one box at a
 * time is a Tab stop (a roving tabindex) and the arrow keys move between boxes and along a
 * box's links, so a keyboard user crosses a 300-box ToC without 1,500 Tab presses.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type FocusEvent, type KeyboardEvent, type MouseEvent } from "react";
import { NODE_KINDS, progressByNode, ratioWords, upstreamSentence, type BoxProgress, type NodeKind } from "../../model";
import { ProgressBar, StatusBadge } from "../results/ProgressBits";
import { useEditor, useEditorState } from "../toc/context";
import type { NodeMark } from "../toc/controller";
import type { PresenceMark } from "../presence/marks";
import { selectedBySentence } from "../presence/marks";
import { usePresenceMarks } from "../presence/usePresence";
import { openConnectDialog } from "../diagram/ConnectDialog";
import { describeBox, outlineLevels, outlineOrder, shownLabel, type LinkRef, type OutlineBox, type OutlineLevel } from "./levels";
import "./outline.css";

const esc = (id: string) => (typeof CSS !== "undefined" && CSS.escape ? CSS.escape(id) : id);

function isTextField(el: Element | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  return el instanceof HTMLInputElement && !["button", "checkbox", "radio", "submit", "reset"].includes(el.type);
}

function sameLinks(a: LinkRef[], b: LinkRef[]): boolean {
  return a.length === b.length && a.every((r, i) => r.edge === b[i]!.edge && r.label === b[i]!.label);
}

const NO_MARKS: readonly NodeMark[] = [];
const NO_PEOPLE: readonly PresenceMark[] = [];

interface BoxProps {
  box: OutlineBox;
  /** Highlights and badges the side panels put on boxes (Checks, Sector). */
  marks: readonly NodeMark[];
  /** The others who have the box selected (live presence). */
  people: readonly PresenceMark[];
  selected: boolean;
  /** The arrow selected, when it is one of this box's. */
  selectedEdge: string | null;
  tabStop: boolean;
  canEdit: boolean;
  /** Its progress (issue 13): the status, the bar, "at risk upstream because …". */
  progress?: BoxProgress;
}

const LinkButtons = ({ id, refs, rel, selectedEdge }: { id: string; refs: LinkRef[]; rel: string; selectedEdge: string | null }) => (
  <span className="ol-rel">
    <span className="ol-rel-name">{rel}:</span>
    {refs.map((r) => (
      <button
        key={r.edge}
        type="button"
        tabIndex={-1}
        className={`ol-link${r.edge === selectedEdge ? " selected" : ""}`}
        data-in={id}
        data-act="go"
        data-to={r.node}
        data-edge={r.edge}
        data-testid="outline-link"
        aria-label={`${rel} ${r.label}`}
      >
        {r.label}
      </button>
    ))}
  </span>
);

const Box = memo(
  function Box({ box, marks, people, selected, selectedEdge, tabStop, canEdit, progress }: BoxProps) {
    const { node, leadsTo, comesFrom } = box;
    const id = node.id;
    const tones = marks.map((m) => (m.tone ? ` tone-${m.tone}` : "")).join("");
    const badges = marks.map((m) => m.badge).filter((b): b is string => !!b);
    const ring = people[0];
    return (
      <li
        className={`ol-item ${node.kind}${selected ? " selected" : ""}${tones}${ring ? " presence" : ""}`}
        style={ring ? ({ "--presence": ring.colour } as CSSProperties) : undefined}
        data-testid="outline-item"
        data-node-id={id}
        data-presence={people.length ? people.map((p) => p.user).join(" ") : undefined}
      >
        <div className="ol-main">
          <button
            type="button"
            className="ol-box"
            data-box={id}
            data-act="select"
            data-testid="outline-box"
            tabIndex={tabStop ? 0 : -1}
            aria-current={selected ? "true" : undefined}
            aria-describedby={`ol-d-${id} ol-l-${id}`}
          >
            <span className={`kind-dot ${node.kind}`} aria-hidden="true" />
            <span className={`ol-label${node.label.trim() ? "" : " untitled"}`}>{shownLabel(node)}</span>
          </button>
          <span className="ol-desc" id={`ol-d-${id}`}>
            {describeBox(node)}
            {badges.map((b) => (
              <span key={b} className="ol-badge" data-testid="outline-badge">
                <span className="sr-only">, </span>
                {b}
              </span>
            ))}
            {progress?.status ? (
              <span className="ol-progress" data-testid="outline-progress" data-status={progress.status}>
                <span className="sr-only">, </span>
                <StatusBadge status={progress.status} testId="outline-status" />
                {progress.fraction !== null ? (
                  <>
                    <ProgressBar ratio={progress.ratio} fraction={progress.fraction} />
                    <span className="sr-only">, {ratioWords(progress.ratio)}</span>
                  </>
                ) : null}
              </span>
            ) : null}
            {progress?.atRisk ? (
              <span className="ol-risk" data-testid="outline-risk">
                <span className="sr-only">. </span>
                <span aria-hidden="true">⚠ </span>
                {upstreamSentence(progress.reasons)}
              </span>
            ) : null}
            {people.length ? (
              <span className="ol-people" data-testid="outline-presence">
                <span className="sr-only">, {selectedBySentence(people)}</span>
                {people.map((p) => (
                  <span key={p.user} className="ol-person" style={{ background: p.colour }} title={`Selected by ${p.name}`} aria-hidden="true">
                    {p.initials}
                  </span>
                ))}
              </span>
            ) : null}
          </span>
        </div>
        <div className="ol-links" id={`ol-l-${id}`}>
          {leadsTo.length ? <LinkButtons id={id} refs={leadsTo} rel="leads to" selectedEdge={selectedEdge} /> : null}
          {comesFrom.length ? <LinkButtons id={id} refs={comesFrom} rel="comes from" selectedEdge={selectedEdge} /> : null}
          {leadsTo.length || comesFrom.length ? null : <span className="muted">Not connected yet.</span>}
        </div>
        <div className="ol-actions">
          <button type="button" tabIndex={-1} className="btn small ghost" data-in={id} data-act="edit" data-testid="outline-edit">
            {canEdit ? "Edit" : "Details"}
          </button>
          {canEdit ? (
            <>
              <button type="button" tabIndex={-1} className="btn small ghost" data-in={id} data-act="connect" data-testid="outline-connect">
                Connect to…
              </button>
              <button type="button" tabIndex={-1} className="btn small ghost danger" data-in={id} data-act="delete" data-testid="outline-delete">
                Delete
              </button>
            </>
          ) : null}
        </div>
      </li>
    );
  },
  (a, b) =>
    a.box.node === b.box.node &&
    a.marks === b.marks &&
    a.people === b.people &&
    a.selected === b.selected &&
    a.selectedEdge === b.selectedEdge &&
    a.tabStop === b.tabStop &&
    a.canEdit === b.canEdit &&
    a.progress === b.progress &&
    sameLinks(a.box.leadsTo, b.box.leadsTo) &&
    sameLinks(a.box.comesFrom, b.box.comesFrom),
);

interface LevelProps {
  level: OutlineLevel;
  marks: ReadonlyMap<string, readonly NodeMark[]>;
  people: ReadonlyMap<string, readonly PresenceMark[]>;
  sel: ReadonlySet<string>;
  selEdge: string | null;
  tabStop: string | null;
  canEdit: boolean;
  progress: ReadonlyMap<string, BoxProgress>;
}

function Level({ level, marks, people, sel, selEdge, tabStop, canEdit, progress }: LevelProps) {
  const n = level.boxes.length;
  return (
    <div className={`ol-level ${level.kind}`} data-testid={`outline-level-${level.key}`}>
      <div className="ol-level-head">
        <h2 id={`ol-h-${level.key}`}>
          <span className={`kind-dot ${level.kind}`} aria-hidden="true" />
          {level.title}
          <span className="ol-count">
            {" "}
            <span aria-hidden="true">{n}</span>
            <span className="sr-only">
              , {n} box{n === 1 ? "" : "es"}
            </span>
          </span>
        </h2>
        {canEdit ? (
          <button type="button" className="btn small" data-act="add" data-level={level.key} data-testid={`outline-add-${level.key}`}>
            + Add {level.noun}
          </button>
        ) : null}
      </div>
      {n ? (
        <ul className="ol-list">
          {level.boxes.map((b) => (
            <Box
              key={b.node.id}
              box={b}
              marks={marks.get(b.node.id) ?? NO_MARKS}
              people={people.get(b.node.id) ?? NO_PEOPLE}
              selected={sel.has(b.node.id)}
              selectedEdge={selEdge && (b.leadsTo.some((r) => r.edge === selEdge) || b.comesFrom.some((r) => r.edge === selEdge)) ? selEdge : null}
              tabStop={tabStop === b.node.id}
              canEdit={canEdit}
              progress={progress.get(b.node.id)}
            />
          ))}
        </ul>
      ) : (
        <p className="ol-empty muted">No {level.title.toLowerCase()} yet.</p>
      )}
    </div>
  );
}

function KeysHelp({ canEdit }: { canEdit: boolean }) {
  return (
    <details className="ol-keys" data-testid="outline-keys">
      <summary>Keys</summary>
      <dl>
        <dt>↑ ↓</dt>
        <dd>previous or next box (Home, End: first or last)</dd>
        <dt>→ ←</dt>
        <dd>along the box’s arrows and actions, and back</dd>
        <dt>Enter</dt>
        <dd>{canEdit ? "edit the box in the Details panel" : "show the box’s details"}; on an arrow: go to that box</dd>
        {canEdit ? (
          <>
            <dt>Insert or N</dt>
            <dd>add a box to the same level</dd>
            <dt>1 2 3 4</dt>
            <dd>add an activity, output, outcome, impact</dd>
            <dt>C</dt>
            <dd>connect the box to another (choose it from a list)</dd>
            <dt>Delete</dt>
            <dd>delete the box, or the arrow you are on</dd>
            <dt>Ctrl+Z, Ctrl+Shift+Z</dt>
            <dd>undo, redo</dd>
          </>
        ) : null}
        <dt>Esc</dt>
        <dd>from the side panel: back to the outline</dd>
      </dl>
    </details>
  );
}

export function Outline() {
  const ctl = useEditor();
  const doc = useEditorState((s) => s.doc);
  const layout = useEditorState((s) => s.layout);
  const canEdit = useEditorState((s) => s.canEdit);
  const selNodes = useEditorState((s) => s.selection.nodes);
  const selEdges = useEditorState((s) => s.selection.edges);
  const focusRequest = useEditorState((s) => s.focusRequest);
  const allMarks = useEditorState((s) => s.marks);
  const progressAnswer = useEditorState((s) => s.progress);
  const progress = useMemo(() => progressByNode(progressAnswer), [progressAnswer]);
  const presence = usePresenceMarks();
  const marks = useMemo(() => {
    const out = new Map<string, NodeMark[]>();
    for (const bySource of Object.values(allMarks)) for (const [id, m] of Object.entries(bySource)) out.set(id, [...(out.get(id) ?? []), m]);
    return out;
  }, [allMarks]);
  const root = useRef<HTMLDivElement>(null);
  const levels = useMemo(() => outlineLevels(doc, layout ? (id) => layout.nodes[id]?.x : undefined), [doc, layout]);
  const order = useMemo(() => outlineOrder(levels), [levels]);
  // The box that is the outline's Tab stop, and where it was (to land near it when it goes).
  const [active, setActive] = useState<{ id: string; index: number } | null>(null);
  const pointer = useRef(false);

  const sel = useMemo(() => new Set(selNodes), [selNodes]);
  const selEdge = selEdges.length === 1 && !selNodes.length ? selEdges[0]! : null;
  let tabStop: string | null = null;
  if (active && active.id in doc.nodes) tabStop = active.id;
  else if (selNodes[0] && selNodes[0] in doc.nodes) tabStop = selNodes[0];
  else if (order.length) tabStop = order[Math.min(active?.index ?? 0, order.length - 1)]!;

  const boxEl = useCallback((id: string) => root.current?.querySelector<HTMLElement>(`[data-box="${esc(id)}"]`) ?? null, []);

  /** Move to a box: it becomes the Tab stop, is selected (the side panel shows it) and focused. */
  const focusBox = useCallback(
    (id: string, select = true) => {
      setActive({ id, index: order.indexOf(id) });
      if (select) ctl.select({ nodes: [id], edges: [] });
      boxEl(id)?.focus();
    },
    [ctl, order, boxEl],
  );

  // Selected elsewhere (the diagram before switching, Checks, History...): show it and make it
  // the Tab stop, without taking the focus from where it is.
  useEffect(() => {
    const id = selNodes[0];
    if (!id || !(id in doc.nodes)) return;
    setActive((a) => (a?.id === id ? a : { id, index: order.indexOf(id) }));
    boxEl(id)?.closest("li")?.scrollIntoView({ block: "nearest" });
    // Only when the selection changes, not on every edit of the document.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selNodes]);

  // On a phone the side panel is a bottom sheet that grows when a box is selected: keep the
  // current box in sight above it. The outline's scroll-padding leaves room for the open sheet;
  // it changes the outline's content box, so watching both catches whichever comes last.
  const tabStopRef = useRef(tabStop);
  tabStopRef.current = tabStop;
  useEffect(() => {
    const sheet = root.current?.closest(".workspace")?.querySelector(".sidebar");
    if (!root.current || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => {
      const id = tabStopRef.current;
      if (id) boxEl(id)?.closest("li")?.scrollIntoView({ block: "nearest" });
    });
    ro.observe(root.current);
    if (sheet) ro.observe(sheet);
    return () => ro.disconnect();
  }, [boxEl]);

  // Focus requests from the controller: "diagram" (after a delete, Escape in a field) lands on
  // the outline's current box; "node" on a given box. Requests made before this view opened
  // are not for it.
  const seen = useRef(ctl.state.focusRequest?.seq ?? 0);
  useEffect(() => {
    const req = focusRequest;
    if (!req || req.seq <= seen.current) return;
    seen.current = req.seq;
    if (req.target === "node" && req.id && req.id in ctl.state.doc.nodes) focusBox(req.id);
    else if (req.target === "diagram") {
      const el = tabStop ? boxEl(tabStop) : null;
      if (el) el.focus();
      else root.current?.querySelector<HTMLElement>("[data-act=add]")?.focus();
    }
  }, [focusRequest, ctl, focusBox, boxEl, tabStop]);

  // Escape in the side panel, toolbar or head returns to the outline (unless something there
  // used it, e.g. to close a menu).
  useEffect(() => {
    const onKey = (ev: globalThis.KeyboardEvent) => {
      if (ev.key !== "Escape" || ev.defaultPrevented) return;
      const t = ev.target instanceof Element ? ev.target : null;
      if (!t || !t.closest(".editor") || root.current?.contains(t) || t.closest("dialog, details[open], [role=menu], [role=listbox]")) return;
      const id = tabStopRef.current;
      const el = id ? boxEl(id) : null;
      if (!el) return;
      ev.preventDefault();
      // A field sends its text when it loses focus; the selection stays as it is.
      el.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [boxEl]);

  const levelOf = (id: string) => levels.find((l) => l.boxes.some((b) => b.node.id === id));
  const addTo = (key: string) => {
    const l = levels.find((x) => x.key === key);
    if (l) ctl.addNode(l.kind, "", l.horizon ? { horizon: l.horizon } : {});
  };
  const add = (kind: NodeKind) => ctl.addNode(kind);
  const edit = (id: string) => {
    ctl.select({ nodes: [id], edges: [] });
    ctl.requestFocus("label", id);
  };
  const remove = (id: string) => {
    if (!ctl.state.selection.nodes.includes(id)) ctl.select({ nodes: [id], edges: [] });
    ctl.deleteSelection();
  };
  // The connect dialog; closing it comes back to the box the arrow starts from, ready for the
  // next command.
  const connectFrom = (id: string) => openConnectDialog(ctl, id, () => boxEl(id));
  const removeEdge = (edge: string) => {
    ctl.select({ nodes: [], edges: [edge] });
    ctl.deleteSelection();
  };

  const onClick = (ev: MouseEvent<HTMLDivElement>) => {
    const btn = (ev.target as Element).closest<HTMLElement>("[data-act]");
    if (!btn || !root.current?.contains(btn) || btn.closest("dialog")) return;
    const id = btn.dataset.box ?? btn.dataset.in ?? "";
    switch (btn.dataset.act) {
      case "select": {
        setActive({ id, index: order.indexOf(id) });
        if (ev.ctrlKey || ev.metaKey || ev.shiftKey) {
          const cur = ctl.state.selection;
          const nodes = cur.nodes.includes(id) ? cur.nodes.filter((x) => x !== id) : [...cur.nodes, id];
          ctl.select({ nodes, edges: cur.edges });
        } else ctl.select({ nodes: [id], edges: [] });
        break;
      }
      case "go":
        focusBox(btn.dataset.to!);
        break;
      case "edit":
        edit(id);
        break;
      case "connect":
        setActive({ id, index: order.indexOf(id) });
        connectFrom(id);
        break;
      case "delete":
        setActive({ id, index: order.indexOf(id) });
        remove(id);
        break;
      case "add":
        addTo(btn.dataset.level!);
        break;
    }
  };

  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    const el = ev.target as HTMLElement;
    pointer.current = false;
    if (ev.altKey || isTextField(el) || el.closest("dialog") || ev.nativeEvent.isComposing) return;
    const mod = ev.ctrlKey || ev.metaKey;
    const key = ev.key;
    const done = () => {
      ev.preventDefault();
      ev.stopPropagation();
    };
    if (mod && canEdit && (key === "z" || key === "Z" || key === "y")) {
      done();
      if (key === "y" || ev.shiftKey) ctl.redo();
      else ctl.undo();
      return;
    }
    const boxId = el.dataset.box;
    const inId = el.dataset.in;
    const id = boxId ?? inId;
    if (!id) return;
    const at = order.indexOf(id);
    const inner = () => [...(root.current?.querySelectorAll<HTMLElement>(`[data-in="${esc(id)}"]`) ?? [])];
    if (key === "ArrowDown" || key === "ArrowUp") {
      done();
      const next = order[at + (key === "ArrowDown" ? 1 : -1)];
      if (next) focusBox(next);
      else if (inId) focusBox(id);
      return;
    }
    if ((key === "Home" || key === "End") && !mod) {
      done();
      const next = key === "Home" ? order[0] : order[order.length - 1];
      if (next) focusBox(next);
      return;
    }
    if (key === "ArrowRight" || key === "ArrowLeft") {
      done();
      const items = inner();
      const i = inId ? items.indexOf(el) : -1;
      if (key === "ArrowRight") items[Math.min(i + 1, items.length - 1)]?.focus();
      else if (i <= 0) focusBox(id);
      else items[i - 1]!.focus();
      return;
    }
    if (key === "Escape" && inId) {
      done();
      focusBox(id);
      return;
    }
    if (mod) return;
    if (boxId && (key === "Enter" || key === "F2")) {
      done();
      edit(id);
      return;
    }
    if (!canEdit) return;
    if (key === "Delete" || key === "Backspace") {
      done();
      if (boxId) remove(id);
      else if (el.dataset.edge) removeEdge(el.dataset.edge);
      return;
    }
    if (key === "Insert" || key === "n" || key === "N") {
      done();
      const l = levelOf(id);
      if (l) addTo(l.key);
      return;
    }
    if (/^[1-4]$/.test(key)) {
      done();
      add(NODE_KINDS[Number(key) - 1]!);
      return;
    }
    if (key === "c" || key === "C") {
      done();
      connectFrom(id);
    }
  };

  const onFocus = (ev: FocusEvent<HTMLDivElement>) => {
    const el = ev.target as HTMLElement;
    const boxId = el.dataset.box;
    if (boxId) {
      if (active?.id !== boxId) setActive({ id: boxId, index: order.indexOf(boxId) });
      // Arriving by keyboard selects the box (the side panel follows); a click selects on its own.
      if (!pointer.current && !ctl.state.selection.nodes.includes(boxId)) ctl.select({ nodes: [boxId], edges: [] });
    } else if (el.dataset.edge && !pointer.current) ctl.select({ nodes: [], edges: [el.dataset.edge] });
  };

  const nBoxes = order.length;
  const nArrows = Object.keys(doc.edges).length;
  return (
    <div
      className="outline"
      ref={root}
      data-testid="outline"
      onClick={onClick}
      onDoubleClick={(ev) => {
        const b = (ev.target as Element).closest<HTMLElement>("[data-box]");
        if (b) edit(b.dataset.box!);
      }}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      onPointerDown={() => {
        pointer.current = true;
      }}
      onPointerUp={() => {
        pointer.current = false;
      }}
      onPointerCancel={() => {
        pointer.current = false;
      }}
    >
      <div className="ol-head">
        <p className="ol-intro">
          {nBoxes
            ? `${nBoxes} box${nBoxes === 1 ? "" : "es"} and ${nArrows} arrow${nArrows === 1 ? "" : "s"}, from the impact at the top down to the activities.`
            : canEdit
              ? "No boxes yet. Start with the impact you want, or with what you do: use an Add button below."
              : "This theory of change has no boxes yet."}{" "}
          {nBoxes ? <span className="ol-hint">Arrow keys move between boxes; Enter edits.</span> : null}
        </p>
        <KeysHelp canEdit={canEdit} />
      </div>
      {levels.map((l) => (
        <Level key={l.key} level={l} marks={marks} people={presence.nodes} sel={sel} selEdge={selEdge} tabStop={tabStop} canEdit={canEdit} progress={progress} />
      ))}
    </div>
  );
}
