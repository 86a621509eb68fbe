/**
 * The ToC as a diagram (@xyflow/react): HTML boxes where the server's Graphviz layout puts
 * them, arrows along its splines, so the screen and the exported diagram agree. Fit on open,
 * zoom buttons, a minimap, pan and wheel zoom; click, Shift/Ctrl-click and Shift-drag select;
 * drag from a box's top handle to another box to connect (or use the Connect dialog).
 *
 * Keyboard (the diagram is one tab stop, role "application"): arrow keys move between boxes
 * (Down to causes, Up to effects, Left/Right along the row), Enter edits the label, 1-4 add a
 * box, C connects, Delete removes the selection, Escape clears it, Ctrl+Z / Ctrl+Shift+Z undo
 * and redo, + / - zoom and F fits. Keys act only while the diagram has focus, never while a
 * text field does.
 *
 * The layout is asked for again (ctl.refreshLayout) once a change that moves boxes (a box or
 * arrow added or removed, a label, level or indicator count changed) is saved and nobody is
 * typing, so boxes do not jump under the cursor; until then new boxes sit beside their
 * neighbours.
 */
import {
  ConnectionMode,
  ControlButton,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  ViewportPortal,
  getViewportForBounds,
  useReactFlow,
  type Connection,
  type FinalConnectionState,
  type NodeChange,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent as ReactKeyboardEvent } from "react";
import { progressByNode, RELATION_LABELS, type Doc, type TocEdge } from "../../model";
import { perfMark, type Layout } from "../../sync";
import { useEditor, useEditorState } from "../toc/context";
import type { NodeMark } from "../toc/controller";
import type { PresenceMark } from "../presence/marks";
import { usePresenceMarks } from "../presence/usePresence";
import { arrowhead, edgeLook, kindLook, paletteCssVars } from "../palette";
import { openConnectDialog } from "./ConnectDialog";
import { bounds, LANE_NAMES, placeBoxes, type Box, type LaneKey } from "./fromLayout";
import { actionFor, neighbour, startBox } from "./keyboard";
import { layoutIsStale } from "./staleness";
import { fallbackGeometry, layoutGeometry, placeLabels, type EdgeGeometry, type LabelRequest, type PlacedLabel, type Pt } from "./splines";
import { ArrowLayer, type ArrowItem } from "./SplineEdge";
import { boxDomId, TocNodeComponent, type TocFlowNode } from "./TocNode";
import "./diagram.css";

const nodeTypes = { toc: TocNodeComponent };

/** Up to this many arrows every label is shown; past it, only on hover or selection. */
export const LABELS_ALWAYS_UP_TO = 30;
/** Quiet time after a saved change before the layout is asked for again. */
const RELAYOUT_AFTER_MS = 900;
const FIT = { padding: 0.04, maxZoom: 1.1 };
const NO_MARKS: readonly NodeMark[] = [];
const NO_PEOPLE: readonly PresenceMark[] = [];
const MULTI_SELECT_KEYS = ["Shift", "Control", "Meta"];
const PRO_OPTIONS = { hideAttribution: false };

/**
 * Asks for a new layout once the document has changed in a way that moves boxes, the change is
 * saved and nobody is typing (a component of its own: the save status changes with every
 * keystroke's draft, and the diagram need not redraw for that).
 */
function Relayout({ stale, ask }: { stale: boolean; ask: () => void }) {
  const status = useEditorState((s) => s.status);
  const typing = useEditorState((s) => s.drafts.length > 0);
  const head = useEditorState((s) => s.head);
  const askedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!stale || status !== "saved" || typing || askedFor.current === head) return;
    const t = setTimeout(() => {
      askedFor.current = head;
      ask();
    }, RELAYOUT_AFTER_MS);
    return () => clearTimeout(t);
  }, [stale, status, typing, head, ask]);
  return null;
}

const ARIA = {
  "controls.ariaLabel": "Zoom",
  "controls.zoomIn.ariaLabel": "Zoom in",
  "controls.zoomOut.ariaLabel": "Zoom out",
  "controls.fitView.ariaLabel": "Fit the whole diagram on screen",
  "minimap.ariaLabel": "Overview of the whole diagram",
  "handle.ariaLabel": "Drag to another box to draw an arrow",
  "node.a11yDescription.default": "",
  "node.a11yDescription.keyboardDisabled": "",
  "edge.a11yDescription.default": "",
};

export function Diagram() {
  return (
    <ReactFlowProvider>
      <DiagramView />
    </ReactFlowProvider>
  );
}

/** "enables · 60%": what an arrow's label says (nothing for a plain "leads to" without confidence). */
export function edgeText(e: TocEdge): string {
  const parts: string[] = [];
  if (e.relation !== "leads_to") parts.push(RELATION_LABELS[e.relation]);
  if (typeof e.confidence === "number") parts.push(`${e.confidence}%`);
  return parts.join(" · ");
}

const LEGEND: [string, number | null][] = [
  ["confidence 70 or more", 80],
  ["40 to 69", 50],
  ["below 40", 20],
  ["not rated", null],
];

/** What the arrows' widths and dashes mean (the exports' legend says the same). */
function ArrowLegend() {
  return (
    <ul className="legend-list" aria-label="Arrows">
      {LEGEND.map(([text, c]) => {
        const look = edgeLook(c);
        return (
          <li key={text}>
            <svg width="26" height="8" aria-hidden="true">
              <line x1="1" y1="4" x2="25" y2="4" stroke={look.colour} strokeWidth={look.width} strokeDasharray={look.dashed ? "5 4" : undefined} />
            </svg>
            {text}
          </li>
        );
      })}
    </ul>
  );
}

function sameBox(a: Box | undefined, b: Box | undefined): boolean {
  return !!a && !!b && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

/** How much of the diagram's height is not covered by the side panel (a bottom sheet on phones). */
function visibleHeight(el: HTMLElement): number {
  const r = el.getBoundingClientRect();
  const sheet = document.querySelector('[data-testid="sidebar"]')?.getBoundingClientRect();
  if (sheet && sheet.top > r.top + 40 && sheet.top < r.bottom && sheet.left <= r.left + 1 && sheet.right >= r.right - 1) return sheet.top - r.top;
  return r.height;
}

function isTextField(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (el as HTMLElement).isContentEditable;
}

interface NodeCacheEntry {
  flow: TocFlowNode;
  box: Box;
}

interface ArrowCacheEntry {
  item: ArrowItem;
  src: TocEdge;
}

function sameGeometry(a: EdgeGeometry, b: EdgeGeometry): boolean {
  if (a === b) return true;
  const same = (p: Pt, q: Pt) => p[0] === q[0] && p[1] === q[1];
  return same(a.tip, b.tip) && a.points.length === b.points.length && a.points.every((p, i) => same(p, b.points[i]!));
}

function DiagramView() {
  const ctl = useEditor();
  const rf = useReactFlow<TocFlowNode>();
  const doc = useEditorState((s) => s.doc);
  const layout = useEditorState((s) => s.layout);
  const selection = useEditorState((s) => s.selection);
  const canEdit = useEditorState((s) => s.canEdit);
  const marks = useEditorState((s) => s.marks);
  const progress = useEditorState((s) => s.progress);
  const progressMap = useMemo(() => progressByNode(progress), [progress]);
  const people = usePresenceMarks();
  const focusRequest = useEditorState((s) => s.focusRequest);
  const wrapper = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [relayout, setRelayout] = useState(false);

  // -- where the boxes go ---------------------------------------------------------------------
  const kept = useRef(new Map<string, Box>());
  const keptFor = useRef<Layout | null>(null);
  const prevSelection = useRef<readonly string[]>(selection.nodes);
  const placement = useMemo(() => {
    if (keptFor.current !== layout) {
      keptFor.current = layout;
      kept.current = new Map();
    }
    const p = placeBoxes(doc, layout, kept.current, prevSelection.current[0] ?? null);
    for (const [id, b] of p.boxes) if (!p.laidOut.has(id)) kept.current.set(id, b);
    return p;
  }, [doc, layout]);
  useEffect(() => {
    prevSelection.current = selection.nodes;
  }, [selection.nodes]);

  // -- asking for a new layout once a change that moves boxes is saved -------------------------
  const laidDoc = useRef<{ layout: Layout | null; doc: Doc }>({ layout, doc });
  const pendingDoc = useRef<Doc | null>(null);
  if (laidDoc.current.layout !== layout) laidDoc.current = { layout, doc: pendingDoc.current ?? doc };
  const stale = useMemo(() => layoutIsStale(doc, layout, laidDoc.current.doc), [doc, layout]);
  const askLayout = useCallback(() => {
    pendingDoc.current = ctl.state.doc;
    void ctl.refreshLayout().finally(() => (pendingDoc.current = null));
  }, [ctl]);
  // Boxes glide to a new layout; arrows fade in there.
  const firstLayout = useRef(layout);
  /** The whole diagram is on screen as fitAll left it (nobody panned or zoomed since). */
  const fitted = useRef(true);
  useEffect(() => {
    if (layout === firstLayout.current) return;
    setRelayout(true);
    const t = setTimeout(() => setRelayout(false), 450);
    return () => clearTimeout(t);
  }, [layout]);

  // -- nodes ---------------------------------------------------------------------------------
  const degrees = useMemo(() => {
    const ins = new Map<string, number>();
    const outs = new Map<string, number>();
    for (const e of Object.values(doc.edges)) {
      outs.set(e.source, (outs.get(e.source) ?? 0) + 1);
      ins.set(e.target, (ins.get(e.target) ?? 0) + 1);
    }
    return { ins, outs };
  }, [doc.edges]);
  const marksByNode = useMemo(() => {
    const out = new Map<string, NodeMark[]>();
    for (const bySource of Object.values(marks)) for (const [id, m] of Object.entries(bySource)) out.set(id, [...(out.get(id) ?? []), m]);
    return out;
  }, [marks]);
  const nodeCache = useRef(new Map<string, NodeCacheEntry>());
  const nodes = useMemo(() => {
    const sel = new Set(selection.nodes);
    const cache = nodeCache.current;
    const out: TocFlowNode[] = [];
    const seen = new Set<string>();
    for (const n of Object.values(doc.nodes)) {
      const box = placement.boxes.get(n.id)!;
      const ins = degrees.ins.get(n.id) ?? 0;
      const outs = degrees.outs.get(n.id) ?? 0;
      const m = marksByNode.get(n.id) ?? NO_MARKS;
      const here = people.nodes.get(n.id) ?? NO_PEOPLE;
      const selected = sel.has(n.id);
      const bp = progressMap.get(n.id);
      const prev = cache.get(n.id);
      seen.add(n.id);
      const d = prev?.flow.data;
      if (prev && d && d.node === n && d.ins === ins && d.outs === outs && d.marks === m && d.presence === here && d.progress === bp && d.canConnect === canEdit && prev.flow.selected === selected && sameBox(prev.box, box)) {
        out.push(prev.flow);
        continue;
      }
      const flow: TocFlowNode = {
        id: n.id,
        type: "toc",
        position: { x: box.x - box.w / 2, y: box.y - box.h / 2 },
        width: box.w,
        height: box.h,
        measured: { width: box.w, height: box.h },
        selected,
        draggable: false,
        data: { node: n, ins, outs, marks: m, canConnect: canEdit, presence: here, progress: bp },
        domAttributes: { "aria-roledescription": undefined },
      };
      cache.set(n.id, { flow, box });
      out.push(flow);
    }
    for (const id of [...cache.keys()]) if (!seen.has(id)) cache.delete(id);
    return out;
  }, [doc.nodes, placement, degrees, marksByNode, people, selection.nodes, canEdit, progressMap]);

  // -- arrows and their labels ------------------------------------------------------------------
  const edgeList = useMemo(() => Object.values(doc.edges).filter((e) => placement.boxes.has(e.source) && placement.boxes.has(e.target)), [doc.edges, placement]);
  const geometry = useMemo(() => {
    const out = new Map<string, { points: Pt[]; tip: Pt }>();
    for (const e of edgeList) {
      const fromLayout =
        placement.laidOut.has(e.source) && placement.laidOut.has(e.target) ? layoutGeometry(layout?.edges?.[e.id] as { points: Pt[]; tip?: Pt | null } | undefined) : null;
      out.set(e.id, fromLayout ?? fallbackGeometry(placement.boxes.get(e.source)!, placement.boxes.get(e.target)!));
    }
    return out;
  }, [edgeList, placement, layout]);
  const labelsAlways = edgeList.length <= LABELS_ALWAYS_UP_TO;
  const labelPlaces = useMemo(() => {
    const sel = new Set(selection.nodes);
    const selEdges = new Set(selection.edges);
    const wanted: LabelRequest[] = [];
    for (const e of edgeList) {
      const text = edgeText(e);
      if (!text) continue;
      if (!labelsAlways && !selEdges.has(e.id) && !sel.has(e.source) && !sel.has(e.target)) continue;
      wanted.push({ id: e.id, text, points: geometry.get(e.id)!.points });
    }
    return placeLabels(wanted, [...placement.boxes.values()]);
  }, [edgeList, geometry, labelsAlways, selection, placement]);
  const arrowCache = useRef(new Map<string, ArrowCacheEntry>());
  const arrows = useMemo(() => {
    const sel = new Set(selection.edges);
    const cache = arrowCache.current;
    const out: ArrowItem[] = [];
    const seen = new Set<string>();
    for (const e of edgeList) {
      const g = geometry.get(e.id)!;
      const at: PlacedLabel | null = labelPlaces.get(e.id) ?? null;
      const selected = sel.has(e.id);
      const here = people.edges.get(e.id) ?? NO_PEOPLE;
      const prev = cache.get(e.id);
      seen.add(e.id);
      const it = prev?.item;
      if (prev && it && prev.src === e && it.selected === selected && it.presence === here && sameGeometry(it.geometry, g) && it.labelAt?.x === at?.x && it.labelAt?.y === at?.y) {
        out.push(it);
        continue;
      }
      const s = doc.nodes[e.source]!;
      const t = doc.nodes[e.target]!;
      const item: ArrowItem = {
        id: e.id,
        geometry: g,
        look: edgeLook(e.confidence),
        arrowhead: arrowhead(e.relation),
        label: edgeText(e),
        labelAt: at,
        selected,
        presence: here,
        title: `“${s.label || "untitled"}” ${RELATION_LABELS[e.relation]} “${t.label || "untitled"}”${typeof e.confidence === "number" ? ` (confidence ${e.confidence}%)` : ""}`,
      };
      cache.set(e.id, { item, src: e });
      out.push(item);
    }
    for (const id of [...cache.keys()]) if (!seen.has(id)) cache.delete(id);
    return out;
  }, [edgeList, geometry, labelPlaces, selection.edges, people, doc.nodes]);

  // -- selection ------------------------------------------------------------------------------
  const selectedHere = useRef(false);
  const onNodesChange = useCallback(
    (changes: NodeChange<TocFlowNode>[]) => {
      const sel = changes.filter((c) => c.type === "select");
      if (!sel.length) return;
      const cur = new Set(ctl.state.selection.nodes);
      for (const c of sel) {
        if (c.type !== "select") continue;
        if (c.selected) cur.add(c.id);
        else cur.delete(c.id);
      }
      selectedHere.current = true;
      ctl.select({ nodes: [...cur].filter((id) => id in ctl.state.doc.nodes), edges: ctl.state.selection.edges });
    },
    [ctl],
  );
  const onPickArrow = useCallback(
    (id: string, add: boolean) => {
      const cur = ctl.state.selection;
      selectedHere.current = true;
      if (!add) ctl.select({ nodes: [], edges: [id] });
      else ctl.select({ nodes: cur.nodes, edges: cur.edges.includes(id) ? cur.edges.filter((x) => x !== id) : [...cur.edges, id] });
    },
    [ctl],
  );

  // -- viewport helpers ---------------------------------------------------------------------------
  const boxesRef = useRef(placement.boxes);
  boxesRef.current = placement.boxes;
  /** Pan (and, for a selection made elsewhere, zoom to a readable size) so that `ids` are on screen. */
  const reveal = useCallback(
    (ids: readonly string[], readable: boolean) => {
      const el = wrapper.current;
      const b = bounds(ids.map((id) => boxesRef.current.get(id)).filter((x): x is Box => !!x));
      if (!el || !b) return;
      const { x, y, zoom } = rf.getViewport();
      const w = el.clientWidth;
      const h = visibleHeight(el);
      const margin = 24 / zoom;
      const view = { x1: -x / zoom + margin, y1: -y / zoom + margin, x2: (w - x) / zoom - margin, y2: (h - y) / zoom - margin };
      const inside = b.x >= view.x1 && b.y >= view.y1 && b.x + b.width <= view.x2 && b.y + b.height <= view.y2;
      const tooSmall = readable && ids.length === 1 && zoom < 0.55;
      if (inside && !tooSmall) return;
      fitted.current = false;
      const z = tooSmall ? 0.8 : zoom;
      // Centred in the part of the diagram that is not under the phone's bottom sheet.
      void rf.setViewport({ x: w / 2 - (b.x + b.width / 2) * z, y: h / 2 - (b.y + b.height / 2) * z, zoom: z }, { duration: 200 });
    },
    [rf],
  );
  useEffect(() => {
    const here = selectedHere.current;
    selectedHere.current = false;
    if (!ready || !selection.nodes.length) return;
    // After the side panel has reacted to the selection (on a phone it opens over the diagram).
    let frame = requestAnimationFrame(() => (frame = requestAnimationFrame(() => reveal(selection.nodes, !here))));
    return () => cancelAnimationFrame(frame);
  }, [selection.nodes, ready, reveal]);

  const focusBox = useCallback(
    (id: string) => {
      reveal([id], false);
      const tryFocus = (left: number) => {
        const el = document.getElementById(boxDomId(id));
        if (el) el.focus({ preventScroll: true });
        else if (left > 0) requestAnimationFrame(() => tryFocus(left - 1));
      };
      tryFocus(5);
    },
    [reveal],
  );
  const focusDiagram = useCallback(() => {
    wrapper.current?.focus({ preventScroll: true });
  }, []);

  useEffect(() => {
    if (!focusRequest) return;
    if (focusRequest.target === "diagram") focusDiagram();
    else if (focusRequest.target === "node" && focusRequest.id) focusBox(focusRequest.id);
    // Only a new request moves focus (its seq changes), not a re-render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest?.seq]);

  // A box that had focus disappeared (deleted, here or by a colleague): keep focus in the diagram.
  useEffect(() => {
    const active = document.activeElement;
    if ((!active || active === document.body) && wrapper.current?.dataset.hadBoxFocus === "true") focusDiagram();
  }, [doc.nodes, focusDiagram]);

  /** Fit every box and level title on screen (never zoomed in past FIT.maxZoom). */
  const lanesRef = useRef(layout?.lanes);
  lanesRef.current = layout?.lanes;
  const fitAll = useCallback(
    (duration = 0) => {
      const el = wrapper.current;
      const rects = [...boxesRef.current.values()];
      if (lanesRef.current && rects.length)
        for (const [k, p] of Object.entries(lanesRef.current)) {
          const name = LANE_NAMES[k as LaneKey];
          if (name) rects.push({ x: p.x, y: p.y, w: name.length * 8 + 8, h: 16 });
        }
      const b = bounds(rects);
      if (!el || !b) return Promise.resolve(false);
      fitted.current = true;
      const vp = getViewportForBounds(b, el.clientWidth, visibleHeight(el), 0.02, FIT.maxZoom, FIT.padding);
      return rf.setViewport(vp, duration ? { duration } : undefined);
    },
    [rf],
  );

  const zoomBy = useCallback(
    (by: "in" | "out") => {
      fitted.current = false;
      void (by === "in" ? rf.zoomIn({ duration: 150 }) : rf.zoomOut({ duration: 150 }));
    },
    [rf],
  );
  // A diagram shown whole stays whole when a new layout makes it bigger or smaller, and so
  // does one small enough to be seen whole at the zoom it is shown at.
  useEffect(() => {
    if (layout === firstLayout.current) return;
    const frame = requestAnimationFrame(() => {
      const el = wrapper.current;
      const b = bounds(boxesRef.current.values());
      if (!el || !b) return;
      const whole = getViewportForBounds(b, el.clientWidth, visibleHeight(el), 0.02, FIT.maxZoom, FIT.padding).zoom;
      if (fitted.current || whole >= rf.getViewport().zoom * 0.98) void fitAll(250);
    });
    return () => cancelAnimationFrame(frame);
  }, [layout, fitAll, rf]);

  // -- keys ------------------------------------------------------------------------------------
  const onKeyDown = (ev: ReactKeyboardEvent<HTMLDivElement>) => {
    const target = ev.target as HTMLElement;
    if (isTextField(target) || ev.defaultPrevented) return;
    if ((target.tagName === "BUTTON" || target.tagName === "A") && (ev.key === "Enter" || ev.key === " ")) return;
    const action = actionFor(ev, canEdit);
    if (!action) return;
    const onBox = target.closest<HTMLElement>("[data-testid='node']")?.dataset.id ?? null;
    const sel = ctl.state.selection.nodes;
    const current = onBox ?? (sel.length === 1 ? sel[0]! : null);
    ev.preventDefault();
    ev.stopPropagation();
    switch (action.type) {
      case "move": {
        let next: string | null;
        if (!onBox) {
          const el = wrapper.current!;
          const { x, y, zoom } = rf.getViewport();
          next = startBox(placement.boxes, sel, { x: (el.clientWidth / 2 - x) / zoom, y: (el.clientHeight / 2 - y) / zoom });
        } else next = neighbour(doc, placement.boxes, onBox, action.direction);
        if (!next) {
          ctl.announce(
            !onBox ? "The diagram has no boxes yet." : action.direction === "up" ? "Nothing above this box." : action.direction === "down" ? "Nothing below this box." : `No box to the ${action.direction} in this row.`,
          );
          return;
        }
        selectedHere.current = true;
        ctl.select({ nodes: ev.shiftKey ? [...new Set([...sel, next])] : [next], edges: [] });
        focusBox(next);
        return;
      }
      case "edit":
        if (current) {
          if (!sel.includes(current)) ctl.select({ nodes: [current], edges: [] });
          ctl.requestFocus("label", current);
        }
        return;
      case "add":
        ctl.addNode(action.kind);
        return;
      case "connect":
        openConnectDialog(ctl, current);
        return;
      case "delete":
        if (onBox && !sel.includes(onBox)) ctl.select({ nodes: [onBox], edges: [] });
        if (ctl.state.selection.nodes.length || ctl.state.selection.edges.length) ctl.deleteSelection();
        else ctl.announce("Nothing is selected to delete.");
        return;
      case "escape":
        ctl.select({ nodes: [], edges: [] });
        focusDiagram();
        return;
      case "undo":
        ctl.undo();
        return;
      case "redo":
        ctl.redo();
        return;
      case "zoom":
        if (action.by === "fit") void fitAll(200);
        else zoomBy(action.by);
        return;
    }
  };

  // -- connecting by dragging from a box's handle --------------------------------------------------
  const onConnect = useCallback((c: Connection) => void (c.source && c.target && ctl.connect(c.source, c.target)), [ctl]);
  const onConnectEnd = useCallback(
    (ev: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode) return;
      // Dropped on a box rather than on its handle: connect to that box.
      const p = "changedTouches" in ev ? ev.changedTouches[0] : ev;
      if (!p) return;
      const el = document.elementFromPoint(p.clientX, p.clientY)?.closest<HTMLElement>("[data-testid='node']");
      const to = el?.dataset.id;
      if (to && to !== state.fromNode.id) ctl.connect(state.fromNode.id, to);
    },
    [ctl],
  );
  const isValidConnection = useCallback(
    (c: Connection | { source: string; target: string }) => c.source !== c.target && !Object.values(ctl.state.doc.edges).some((e) => e.source === c.source && e.target === c.target),
    [ctl],
  );

  // Stable handlers: xyflow hands some of them to every box, which redraws when they change.
  const onPaneClick = useCallback(() => {
    if (ctl.state.selection.edges.length) ctl.select({ nodes: ctl.state.selection.nodes, edges: [] });
  }, [ctl]);
  const onMoveStart = useCallback((ev: MouseEvent | TouchEvent | null) => {
    if (ev) fitted.current = false; // the person panned or zoomed
  }, []);
  const onNodeDoubleClick = useCallback((_: unknown, n: TocFlowNode) => ctl.requestFocus("label", n.id), [ctl]);
  const onFocus = useCallback((ev: FocusEvent<HTMLDivElement>) => {
    if (wrapper.current) wrapper.current.dataset.hadBoxFocus = String(!!(ev.target as HTMLElement).closest("[data-testid='node']"));
  }, []);

  // -- first paint -----------------------------------------------------------------------------
  const onInit = useCallback(() => {
    void fitAll().then(() => {
      setReady(true);
      requestAnimationFrame(() => setTimeout(() => perfMark("toc:first-paint"), 0));
    });
  }, [fitAll]);

  const count = nodes.length;
  const help = canEdit
    ? "Arrow keys move between boxes: Down to causes, Up to effects, Left and Right along a row. Enter edits the label. 1, 2, 3 and 4 add an activity, output, outcome or impact. C draws an arrow. Delete removes the selection. Escape clears it. Ctrl+Z undoes. Plus and minus zoom, F fits the diagram."
    : "Arrow keys move between boxes: Down to causes, Up to effects, Left and Right along a row. Enter shows the box's details. Plus and minus zoom, F fits the diagram.";
  const lanes = Object.entries(layout?.lanes ?? {}).filter(([k]) => k in LANE_NAMES) as [LaneKey, { x: number; y: number }][];
  const showLanes = lanes.length > 0 && placement.laidOut.size > 0;
  const cssVars = useMemo(() => paletteCssVars(), []);

  return (
    <div className={`diagram${relayout ? " relayout" : ""}`} data-ready={ready ? "true" : "false"} style={cssVars}>
      {/* Read-only readers too: colleagues' changes arrive live and move boxes for them as well. */}
      <Relayout stale={stale} ask={askLayout} />
      <ReactFlow<TocFlowNode>
        ref={wrapper}
        nodes={nodes}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onPaneClick={onPaneClick}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        connectionMode={ConnectionMode.Loose}
        connectionRadius={30}
        onInit={onInit}
        onMoveStart={onMoveStart}
        onNodeDoubleClick={onNodeDoubleClick}
        onFocus={onFocus}
        nodesDraggable={false}
        nodesConnectable={canEdit}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable
        selectionOnDrag={false}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        deleteKeyCode={null}
        zoomOnDoubleClick={false}
        minZoom={0.02}
        maxZoom={2.5}
        disableKeyboardA11y
        ariaLabelConfig={ARIA}
        proOptions={PRO_OPTIONS}
        attributionPosition="top-right"
        data-testid="canvas"
        tabIndex={0}
        aria-roledescription="diagram"
        aria-label={`Theory of change diagram, ${count} box${count === 1 ? "" : "es"}. ${help}`}
        onKeyDown={onKeyDown}
      >
        <ViewportPortal>
          <ArrowLayer items={arrows} fresh={relayout} onPick={onPickArrow} />
          {showLanes
            ? lanes.map(([k, p]) => (
                <div key={k} className="lane-title" style={{ transform: `translate(${p.x}px, ${p.y}px) translate(-50%, -50%)` }} aria-hidden="true">
                  {LANE_NAMES[k]}
                </div>
              ))
            : null}
        </ViewportPortal>
        <Controls showZoom={false} showFitView={false} showInteractive={false} position="bottom-left" aria-label="Zoom">
          <ControlButton data-testid="zoom-in" aria-label="Zoom in" title="Zoom in (+)" onClick={() => zoomBy("in")}>
            <span aria-hidden="true">+</span>
          </ControlButton>
          <ControlButton data-testid="zoom-out" aria-label="Zoom out" title="Zoom out (−)" onClick={() => zoomBy("out")}>
            <span aria-hidden="true">−</span>
          </ControlButton>
          <ControlButton data-testid="fit" aria-label="Fit the whole diagram on screen" title="Fit the whole diagram on screen (F)" onClick={() => void fitAll(200)}>
            <span aria-hidden="true">⤢</span>
          </ControlButton>
        </Controls>
        {ready ? <MiniMap
          className="diagram-minimap"
          pannable
          zoomable
          ariaLabel="Overview of the whole diagram"
          nodeColor={(n) => kindLook((n as TocFlowNode).data.node.kind).fill}
          nodeStrokeColor={(n) => kindLook((n as TocFlowNode).data.node.kind).border}
          nodeStrokeWidth={3}
        /> : null}
        <Panel position="top-left" className="diagram-legend">
          <ArrowLegend />
        </Panel>
        {count === 0 ? (
          <Panel position="top-center" className="diagram-empty">
            {canEdit ? "This theory of change is empty. Add an activity, output, outcome or impact with the buttons above (or keys 1 to 4 here)." : "This theory of change has no boxes yet."}
          </Panel>
        ) : null}
      </ReactFlow>
    </div>
  );
}
