/**
 * The Cytoscape canvas. It renders a Doc (diffing against what is on screen), keeps node
 * positions, and reports selection and connect gestures. It never changes the model itself:
 * the editor turns gestures into ops.
 */
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from "cytoscape";
import edgehandles, { type EdgeHandlesInstance } from "cytoscape-edgehandles";
import type { Doc, TocEdge, TocNode } from "../model/types";
import { RELATION_LABELS } from "../model/types";
import { edgeBetween } from "../model/doc";
import type { Pos } from "./layout";

cytoscape.use(edgehandles);

export interface CanvasEvents {
  select: (nodes: string[], edges: string[]) => void;
  connect: (source: string, target: string) => void;
}

const NODE_W = 180;

function nodeHeight(text: string): number {
  const lines = text.split("\n").reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / 19)), 0);
  return Math.max(48, Math.min(lines, 9) * 16 + 22);
}

function nodeText(n: TocNode, badge?: string): string {
  const max = 110;
  const label = n.label.length > max ? `${n.label.slice(0, max - 1)}…` : n.label;
  const extra: string[] = [];
  if (n.kind === "outcome" && n.horizon) extra.push(`${n.horizon} term`);
  if (n.indicators.length) extra.push(`${n.indicators.length} indicator${n.indicators.length > 1 ? "s" : ""}`);
  if (badge) extra.push(badge);
  return extra.length ? `${label}\n(${extra.join(" · ")})` : label;
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: "node",
    style: {
      shape: "round-rectangle",
      width: NODE_W,
      height: 50,
      "text-wrap": "wrap",
      "text-max-width": `${NODE_W - 20}px`,
      "text-valign": "center",
      "text-halign": "center",
      "font-family": "Helvetica, Arial, sans-serif",
      "font-size": 13,
      color: "#111827",
      "background-color": "#f3f4f6",
      "border-width": 2,
      "border-color": "#6b7280",
      "min-zoomed-font-size": 5,
    },
  },
  { selector: "node[h]", style: { height: "data(h)" } },
  { selector: "node[text]", style: { label: "data(text)" } },
  { selector: "node.activity", style: { "background-color": "#dbeafe", "border-color": "#1d4ed8" } },
  { selector: "node.output", style: { "background-color": "#ccfbf1", "border-color": "#0f766e" } },
  { selector: "node.outcome", style: { "background-color": "#fef3c7", "border-color": "#b45309" } },
  { selector: "node.impact", style: { "background-color": "#ede9fe", "border-color": "#6d28d9", "font-weight": "bold" } },
  {
    selector: "edge",
    style: {
      width: 2,
      "curve-style": "bezier",
      "line-color": "#6b7280",
      "target-arrow-color": "#6b7280",
      "target-arrow-shape": "triangle",
      "arrow-scale": 1.2,
      label: "data(text)",
      "font-size": 11,
      color: "#374151",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": "2px",
      "min-zoomed-font-size": 9,
    },
  },
  { selector: "edge.contributes_to", style: { "line-style": "dashed" } },
  { selector: "edge.enables", style: { "line-style": "dotted" } },
  {
    selector: "node:selected",
    style: { "border-width": 4, "border-color": "#c2410c", "overlay-color": "#c2410c", "overlay-opacity": 0.08 },
  },
  { selector: "edge:selected", style: { width: 4, "line-color": "#c2410c", "target-arrow-color": "#c2410c" } },
  { selector: ".finding", style: { "underlay-color": "#dc2626", "underlay-opacity": 0.25, "underlay-padding": 8 } },
  // compare view: halos stay visible when zoomed out
  { selector: "node.diff-added", style: { "underlay-color": "#16a34a", "underlay-opacity": 0.45, "underlay-padding": 10, "border-color": "#15803d", "border-width": 4 } },
  { selector: "edge.diff-added", style: { "line-color": "#15803d", "target-arrow-color": "#15803d", width: 4 } },
  { selector: "node.diff-changed", style: { "underlay-color": "#f59e0b", "underlay-opacity": 0.5, "underlay-padding": 10, "border-color": "#b45309", "border-width": 4 } },
  { selector: "edge.diff-changed", style: { "line-color": "#d97706", "target-arrow-color": "#d97706", width: 4 } },
  {
    selector: ".diff-removed",
    style: { opacity: 0.6, "border-style": "dashed", "border-color": "#b91c1c", "border-width": 3, "line-style": "dashed", "line-color": "#b91c1c", "target-arrow-color": "#b91c1c" },
  },
  { selector: "node.diff-removed", style: { "underlay-color": "#dc2626", "underlay-opacity": 0.3, "underlay-padding": 10 } },
  // sector map
  { selector: ".sector-gap", style: { "border-color": "#b91c1c", "border-style": "dashed", "border-width": 4 } },
  { selector: ".sector-covered", style: { "border-color": "#15803d", "border-width": 4 } },
  // edgehandles
  { selector: ".eh-hover", style: { "background-color": "#fed7aa" } },
  { selector: ".eh-source", style: { "border-width": 4, "border-color": "#c2410c" } },
  { selector: ".eh-target", style: { "border-width": 4, "border-color": "#c2410c" } },
  {
    selector: ".eh-preview, .eh-ghost-edge",
    style: { "background-color": "#c2410c", "line-color": "#c2410c", "target-arrow-color": "#c2410c", "source-arrow-color": "#c2410c", label: "" },
  },
  { selector: ".eh-ghost-edge.eh-preview-active", style: { opacity: 0 } },
];

/**
 * Draw every element directly instead of through Cytoscape's texture caches. With those caches,
 * a box whose label had just been edited was sometimes drawn from a stale, wrongly sized texture
 * (clipped or doubled text). A ToC has tens to a few hundred boxes, so direct drawing is cheap.
 */
function disableTextureCaches(cy: Core): void {
  const r = (cy as unknown as { renderer(): Record<string, unknown> }).renderer?.();
  if (!r || typeof r.drawElement !== "function") return;
  const draw = r.drawElement as (ctx: CanvasRenderingContext2D, ele: unknown) => void;
  r.drawCachedElement = function (ctx: CanvasRenderingContext2D, ele: unknown) {
    draw.call(r, ctx, ele);
  };
  r.drawLayeredElements = function (ctx: CanvasRenderingContext2D, eles: ArrayLike<unknown>) {
    for (let i = 0; i < eles.length; i++) draw.call(r, ctx, eles[i]);
  };
}

export class Canvas {
  readonly cy: Core;
  private eh: EdgeHandlesInstance | null = null;
  private doc: Doc = { nodes: {}, edges: {} };
  readonly positions = new Map<string, Pos>();
  private handle: HTMLButtonElement;
  private handleNode: string | null = null;
  private drawMode = false;
  private badges = new Map<string, string>();
  private suppressSelect = false;
  /** Set while many nodes are moved at once: their position events do not each place the handle. */
  private bulkMove = false;

  constructor(
    readonly container: HTMLElement,
    private readonly events: CanvasEvents,
    readonly editable: boolean,
  ) {
    this.cy = cytoscape({
      container,
      style: STYLE,
      wheelSensitivity: 0.3,
      minZoom: 0.15,
      maxZoom: 3,
      boxSelectionEnabled: true,
      selectionType: "additive",
    });
    disableTextureCaches(this.cy);
    // Shift+click adds to the selection; a plain click selects only that element.
    this.cy.on("tap", "node, edge", (e) => {
      const oe = e.originalEvent as MouseEvent | undefined;
      if (!oe?.shiftKey && !oe?.ctrlKey && !oe?.metaKey) {
        this.cy.elements(":selected").not(e.target).unselect();
      }
    });
    this.cy.on("tap", (e) => {
      if (e.target === this.cy) this.cy.elements(":selected").unselect();
    });
    let pending = false;
    this.cy.on("select unselect", () => {
      if (pending || this.suppressSelect) return;
      pending = true;
      queueMicrotask(() => {
        pending = false;
        this.emitSelection();
        this.placeHandle();
      });
    });
    this.cy.on("dragfree", "node", (e) => {
      const n = e.target as NodeSingular;
      this.positions.set(n.id(), { ...n.position() });
    });
    // placeHandle looks up the selected nodes (a scan of every node): run it once per burst of
    // events (a drag or an animation moves many nodes, each firing "position"), in a microtask,
    // so before the next frame is drawn.
    let handlePending = false;
    this.cy.on("pan zoom drag position", () => {
      if (handlePending || this.bulkMove) return;
      handlePending = true;
      queueMicrotask(() => {
        handlePending = false;
        this.placeHandle();
      });
    });

    this.handle = document.createElement("button");
    this.handle.className = "connect-handle";
    this.handle.type = "button";
    this.handle.title = "Drag to another box to connect";
    this.handle.setAttribute("aria-label", "Drag to another box to connect");
    this.handle.setAttribute("data-testid", "connect-handle");
    this.handle.tabIndex = -1;
    this.handle.hidden = true;
    this.handle.textContent = "+";
    this.handle.addEventListener("mousedown", (ev) => {
      if (!this.eh || !this.handleNode) return;
      ev.preventDefault();
      const n = this.cy.getElementById(this.handleNode);
      if (n.nonempty()) this.eh.start(n as NodeSingular);
    });
    container.appendChild(this.handle);

    if (editable) {
      this.eh = this.cy.edgehandles({
        canConnect: (s, t) => !s.same(t) && !edgeBetween(this.doc, s.id(), t.id()),
        edgeParams: () => ({ data: { text: "" } }),
        snap: true,
        snapThreshold: 30,
        hoverDelay: 100,
      });
      this.cy.on("ehcomplete", ((_e: unknown, s: NodeSingular, t: NodeSingular, added: cytoscape.EdgeCollection) => {
        added.remove(); // the editor adds the real edge through an op
        this.events.connect(s.id(), t.id());
      }) as unknown as cytoscape.EventHandler);
      this.cy.on("ehstart", () => (this.handle.hidden = true));
      this.cy.on("ehstop", () => this.placeHandle());
    }
  }

  destroy(): void {
    this.eh?.destroy();
    this.cy.destroy();
    this.handle.remove();
  }

  setDrawMode(on: boolean): void {
    if (!this.eh) return;
    this.drawMode = on;
    if (on) this.eh.enableDrawMode();
    else this.eh.disableDrawMode();
    this.container.classList.toggle("draw-mode", on);
    this.placeHandle();
  }

  get isDrawMode(): boolean {
    return this.drawMode;
  }

  private emitSelection(): void {
    const sel = this.cy.elements(":selected");
    this.events.select(
      sel.nodes().map((n) => n.id()).filter((id) => !!this.doc.nodes[id]),
      sel.edges().map((e) => e.id()).filter((id) => !!this.doc.edges[id]),
    );
  }

  private placeHandle(): void {
    const sel = this.cy.nodes(":selected");
    if (!this.eh || this.drawMode || sel.length !== 1 || !this.doc.nodes[sel[0]!.id()]) {
      this.handle.hidden = true;
      this.handleNode = null;
      return;
    }
    const n = sel[0]!;
    const bb = n.renderedBoundingBox({ includeLabels: false });
    this.handleNode = n.id();
    this.handle.hidden = false;
    this.handle.style.left = `${(bb.x1 + bb.x2) / 2 - 11}px`;
    this.handle.style.top = `${bb.y1 - 24}px`;
  }

  setBadges(badges: Map<string, string>): void {
    this.badges = badges;
    this.render(this.doc);
  }

  /** Render `doc`. Nodes without a known position are placed by `place`. */
  render(doc: Doc, place?: (id: string) => Pos): void {
    this.doc = doc;
    const cy = this.cy;
    // Plain updates (no cy.batch): simple, and a ToC has at most a few hundred elements.
    cy.elements().forEach((el) => {
      if (el.hasClass("eh-ghost") || el.hasClass("eh-preview") || el.hasClass("ghost")) return;
      const id = el.id();
      const keep = el.group() === "nodes" ? doc.nodes[id] : doc.edges[id];
      if (!keep) el.remove();
    });
    const add: ElementDefinition[] = [];
    for (const n of Object.values(doc.nodes)) {
      const text = nodeText(n, this.badges.get(n.id));
      const data = { id: n.id, text, h: nodeHeight(text), kind: n.kind };
      const el = cy.getElementById(n.id);
      if (el.nonempty()) {
        el.data(data);
        el.classes(this.keepClasses(el, [n.kind]));
      } else {
        let pos = this.positions.get(n.id);
        if (!pos) {
          pos = place ? place(n.id) : this.defaultPlace();
          this.positions.set(n.id, pos);
        }
        add.push({ group: "nodes", data, position: { ...pos }, classes: n.kind });
      }
    }
    cy.add(add);
    const addE: ElementDefinition[] = [];
    for (const e of Object.values(doc.edges)) {
      const data = { id: e.id, source: e.source, target: e.target, text: this.edgeText(e) };
      const el = cy.getElementById(e.id);
      if (el.nonempty()) {
        el.data({ text: data.text });
        el.classes(this.keepClasses(el, [e.relation]));
      } else addE.push({ group: "edges", data, classes: e.relation });
    }
    cy.add(addE);

    this.placeHandle();
  }

  private keepClasses(el: cytoscape.SingularElementReturnValue, base: string[]): string[] {
    const keep = (el.classes() as unknown as string[]).filter((c) => /^(diff-|sector-|finding|ghost)/.test(c));
    return [...base, ...keep];
  }

  private edgeText(e: TocEdge): string {
    const parts: string[] = [];
    if (e.relation !== "leads_to") parts.push(RELATION_LABELS[e.relation]);
    if (e.confidence !== null && e.confidence !== undefined) parts.push(`${e.confidence}%`);
    return parts.join(" · ");
  }

  private defaultPlace(): Pos {
    const ext = this.cy.extent();
    return { x: (ext.x1 + ext.x2) / 2 + (Math.random() - 0.5) * 40, y: (ext.y1 + ext.y2) / 2 + (Math.random() - 0.5) * 40 };
  }

  /** Where a new node goes: above the given node (bottom-to-top diagram), else mid-screen; never on top of another. */
  placeNear(anchor: string | null): Pos {
    const a = anchor ? this.cy.getElementById(anchor) : null;
    const start = a && a.nonempty() ? { x: a.position().x, y: a.position().y - 140 } : this.defaultPlace();
    const boxes = this.cy.nodes().toArray().map((el) => {
      const n = el as NodeSingular;
      return { x: n.position().x, y: n.position().y, h: n.height() };
    });
    const free = (p: Pos) => !boxes.some((b) => Math.abs(b.x - p.x) < NODE_W + 24 && Math.abs(b.y - p.y) < b.h / 2 + 30 + 18);
    // Try spots on growing rings around the start: right, left, further right...
    for (let ring = 0; ring < 40; ring++) {
      for (const dx of ring === 0 ? [0] : [ring, -ring]) {
        const p = { x: start.x + dx * (NODE_W + 30), y: start.y };
        if (free(p)) return p;
      }
    }
    return start;
  }

  /** Bring a node into view at a readable zoom. */
  reveal(id: string): void {
    const n = this.cy.getElementById(id);
    if (n.empty()) return;
    // No animation: labels re-rendered during a viewport animation can stay blurred.
    if (this.cy.zoom() < 0.8) this.cy.zoom(0.8);
    const bb = n.renderedBoundingBox({});
    const w = this.container.clientWidth;
    const hgt = this.container.clientHeight;
    if (bb.x1 < 20 || bb.y1 < 20 || bb.x2 > w - 20 || bb.y2 > hgt - 20) this.cy.center(n);
  }

  /** Set positions for all nodes (from a layout), optionally animated. */
  applyPositions(pos: Map<string, Pos>, animate = false): void {
    for (const [id, p] of pos) this.positions.set(id, p);
    if (animate) {
      this.cy.nodes().forEach((n) => {
        const p = pos.get(n.id());
        if (p) n.animate({ position: p }, { duration: 300 });
      });
      setTimeout(() => this.fit(), 320);
    } else {
      // One batch (the renderer is notified once) with the position handler suspended (it
      // would otherwise scan every node for the selection once per moved node); the handle
      // is placed once afterwards.
      this.bulkMove = true;
      try {
        this.cy.batch(() => {
          this.cy.nodes().forEach((n) => {
            const p = pos.get(n.id());
            if (p) n.position(p);
          });
        });
      } finally {
        this.bulkMove = false;
      }
      this.placeHandle();
    }
  }

  /**
   * Call `fn` once Cytoscape has drawn its next frame and that frame is on screen (its `render`
   * event, then the following animation frame). Used to time the first full paint.
   */
  afterNextPaint(fn: () => void): void {
    this.cy.one("render", () => requestAnimationFrame(() => fn()));
  }

  /** Fit the whole diagram; with `readable`, never zoom out so far that labels cannot be read. */
  fit(readable = false): void {
    if (this.cy.nodes().length) this.cy.fit(undefined, 40);
    const z = this.cy.zoom();
    if (z > 1.2 || (readable && z < 0.55)) {
      this.cy.zoom(z > 1.2 ? 1.2 : 0.55);
      this.cy.center();
    }
  }

  select(nodes: string[], edges: string[] = [], focus = true): void {
    this.suppressSelect = true;
    this.cy.elements(":selected").unselect();
    const els = this.cy.collection();
    for (const id of [...nodes, ...edges]) {
      const el = this.cy.getElementById(id);
      if (el.nonempty()) els.merge(el);
    }
    els.select();
    this.suppressSelect = false;
    this.emitSelection();
    this.placeHandle();
    if (focus && els.nonempty()) {
      const bb = els.boundingBox();
      const ext = this.cy.extent();
      const inside = bb.x1 >= ext.x1 && bb.x2 <= ext.x2 && bb.y1 >= ext.y1 && bb.y2 <= ext.y2;
      if (!inside) this.cy.animate({ center: { eles: els } }, { duration: 250 });
    }
  }

  selected(): { nodes: string[]; edges: string[] } {
    const sel = this.cy.elements(":selected");
    return { nodes: sel.nodes().map((n) => n.id()), edges: sel.edges().map((e) => e.id()) };
  }

  /** Replace a class on the given ids (clears it everywhere else). */
  mark(cls: string, ids: Iterable<string>): void {
    this.cy.batch(() => {
      this.cy.elements(`.${cls}`).removeClass(cls);
      for (const id of ids) this.cy.getElementById(id).addClass(cls);
    });
  }

  /** Pan so that the given elements are on screen (a comparison's changes, say). */
  revealAll(ids: Iterable<string>): void {
    const els = this.cy.collection();
    for (const id of ids) {
      const el = this.cy.getElementById(id);
      if (el.nonempty()) els.merge(el);
    }
    if (els.empty()) return;
    const bb = els.boundingBox();
    const ext = this.cy.extent();
    const inside = bb.x1 >= ext.x1 && bb.x2 <= ext.x2 && bb.y1 >= ext.y1 && bb.y2 <= ext.y2;
    // No animation, as in reveal(): labels re-rendered mid-animation can stay blurred.
    if (!inside) this.cy.center(els);
  }

  /** Add display-only elements (e.g. removed nodes in a comparison). */
  addGhosts(nodes: TocNode[], edges: TocEdge[], place: (id: string) => Pos): void {
    const defs: ElementDefinition[] = [];
    for (const n of nodes) {
      if (this.cy.getElementById(n.id).nonempty()) continue;
      const pos = this.positions.get(n.id) ?? place(n.id);
      defs.push({ group: "nodes", data: { id: n.id, text: nodeText(n), h: nodeHeight(nodeText(n)) }, position: pos, classes: `${n.kind} ghost diff-removed` });
    }
    this.cy.add(defs);
    const edefs: ElementDefinition[] = [];
    for (const e of edges) {
      if (this.cy.getElementById(e.id).nonempty()) continue;
      if (this.cy.getElementById(e.source).empty() || this.cy.getElementById(e.target).empty()) continue;
      edefs.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, text: "" }, classes: `${e.relation} ghost diff-removed` });
    }
    this.cy.add(edefs);
  }

  /** Screen position (relative to the page) of a node's centre: used by keyboard-less tests. */
  renderedCenter(id: string): { x: number; y: number } | null {
    const n = this.cy.getElementById(id);
    if (n.empty()) return null;
    const p = n.renderedPosition();
    const r = this.container.getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }

  pngDataUrl(): string {
    return this.cy.png({ full: true, scale: 2, bg: "#ffffff" });
  }
}
