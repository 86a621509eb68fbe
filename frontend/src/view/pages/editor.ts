/** The editor: canvas, toolbar, inspector and side panels for one ToC at one ref. */
import {
  applyWithInverse,
  describeOps,
  diffOps,
  jsonEqual,
  makeNode,
  OpError,
  UndoStack,
  KIND_LABELS,
  NODE_KINDS,
  type Doc,
  type NodeKind,
  type Op,
} from "../../model";
import { ApiError, BranchSession, type Branch, type Compare, type Graph, type Layout, type SaveStatus } from "../../sync";
import type { App, Page } from "../app";
import { go } from "../app";
import { Canvas } from "../canvas";
import { confirmDialog, errorText, formatValue, h, promptDialog, replace, shortId, toast } from "../dom";
import { Inspector } from "../inspector";
import { layeredLayout, type Pos } from "../layout";
import { perfMark } from "../../perf";
import { ChecksPanel, CollaboratePanel, HistoryPanel, SectorPanel, exportMenu, parseUpstream } from "../panels";

const KIND_KEYS: Record<string, NodeKind> = { "1": "activity", "2": "output", "3": "outcome", "4": "impact", a: "activity", o: "output", u: "outcome", i: "impact" };

/** Spread a Graphviz layout so that our (larger) boxes do not overlap. */
export function positionsFromLayout(layout: Layout): Map<string, Pos> {
  const entries = Object.entries(layout.nodes ?? {});
  const out = new Map<string, Pos>();
  if (!entries.length) return out;
  let minDx = Infinity;
  let minDy = Infinity;
  for (let i = 0; i < entries.length; i++)
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[i]![1];
      const b = entries[j]![1];
      const dx = Math.abs(a.x - b.x);
      const dy = Math.abs(a.y - b.y);
      if (dy < 20 && dx > 1) minDx = Math.min(minDx, dx);
      if (dy >= 20) minDy = Math.min(minDy, dy);
    }
  const sx = Number.isFinite(minDx) ? Math.min(3, Math.max(1, 205 / minDx)) : 1;
  const sy = Number.isFinite(minDy) ? Math.min(3, Math.max(1, 115 / minDy)) : 1;
  for (const [id, p] of entries) out.set(id, { x: p.x * sx, y: p.y * sy });
  return out;
}

/** Updates that set every field to the value it already has change nothing: leave them out. */
function dropNoops(doc: Doc, ops: Op[]): Op[] {
  return ops.filter((op) => {
    if (op.op !== "update_node" && op.op !== "update_edge") return true;
    const cur = (op.op === "update_node" ? doc.nodes[op.id] : doc.edges[op.id]) as unknown as Record<string, unknown> | undefined;
    if (!cur) return true;
    return Object.entries(op.set).some(([k, v]) => !jsonEqual(cur[k], v));
  });
}

export class EditorPage implements Page {
  graph!: Graph;
  branches: Branch[] = [];
  /** Branch being edited, or null when viewing a commit / comparing. */
  branch: string | null = null;
  /** The ref shown (branch name or commit id). */
  ref = "";
  commit = "";
  doc: Doc = { nodes: {}, edges: {} };
  session: BranchSession | null = null;
  readonly undo = new UndoStack();
  canvas!: Canvas;
  inspector!: Inspector;
  compare: { a: string; b: string; diff: Compare } | null = null;
  private selection: { nodes: string[]; edges: string[] } = { nodes: [], edges: [] };
  private statusEl = h("div", { class: "save-status", role: "status", "aria-live": "polite", "data-testid": "save-status" });
  private bannerEl = h("div", { class: "banners" });
  private undoBtn!: HTMLButtonElement;
  private redoBtn!: HTMLButtonElement;
  private connectBtn!: HTMLButtonElement;
  private checks!: ChecksPanel;
  private history!: HistoryPanel;
  private collab!: CollaboratePanel;
  private sector!: SectorPanel;
  private tabs: { id: string; label: string; panel: HTMLElement; button?: HTMLButtonElement; onShow?: () => void }[] = [];
  private destroyed = false;
  private keyHandler = (ev: KeyboardEvent) => this.onKey(ev);

  constructor(
    readonly app: App,
    readonly root: HTMLElement,
    readonly org: string,
    readonly slug: string,
    readonly query: URLSearchParams,
  ) {}

  get api() {
    return this.app.api;
  }
  get editable(): boolean {
    return !!this.session;
  }
  get headCommit(): string {
    return this.session?.head ?? this.commit;
  }

  destroy(): void {
    this.destroyed = true;
    this.session?.stop();
    this.checks?.stop();
    document.removeEventListener("keydown", this.keyHandler);
    this.canvas?.destroy();
    delete (window as unknown as { tocEditor?: unknown }).tocEditor;
  }

  canLeave(): boolean {
    return !this.session?.hasUnsaved;
  }

  settle(): Promise<void> {
    return this.session?.settle() ?? Promise.resolve();
  }

  async load(): Promise<void> {
    replace(this.root, h("div", { class: "page" }, h("p", { class: "muted" }, "Loading…")));
    const [graph, branches] = await Promise.all([
      this.api.graph(this.org, this.slug),
      this.api.branches(this.org, this.slug).catch(() => [] as Branch[]),
    ]);
    this.graph = graph;
    this.branches = branches;
    const cmp = this.query.get("compare");
    const ref = this.query.get("ref") || graph.default_branch || "main";
    this.ref = ref;
    const isBranch = branches.some((b) => b.name === ref) || (!branches.length && ref === graph.default_branch);

    // The server's layout is requested together with the tree (not once the diagram is
    // built), so the diagram is drawn once, already in place. It may be unavailable (null):
    // the client-side layered layout is used then.
    let layout: Promise<Layout | null>;
    let tree: { commit: string; doc: Doc } | null = null;
    if (cmp && cmp.includes("...")) {
      const [a, b] = cmp.split("...") as [string, string];
      layout = this.requestLayout(b);
      const [diff, t] = await Promise.all([this.api.compare(this.org, this.slug, a, b), this.api.tree(this.org, this.slug, b)]);
      this.compare = { a, b, diff };
      this.doc = t.doc;
      this.commit = t.commit;
    } else {
      layout = this.requestLayout(ref);
      tree = await this.api.tree(this.org, this.slug, ref);
      perfMark("toc:tree-received");
      this.doc = tree.doc;
      this.commit = tree.commit;
    }
    const received = await layout;
    perfMark("toc:data-received");
    if (this.destroyed) return;
    if (tree && isBranch) {
      this.branch = ref;
      if (graph.can_write)
        this.session = new BranchSession(this.api, this.org, this.slug, ref, tree, {
          status: (s, d) => this.onStatus(s, d.message ?? ""),
          remote: (info) => this.onRemote(info.reason, info.dropped.length),
          committed: () => this.afterCommit(),
        });
    }
    this.buildDom(this.positionsFor(received, this.doc));
    this.canvas.fit(true);
    this.canvas.afterNextPaint(() => perfMark("toc:first-paint"));
    if (this.compare) this.showCompare();
    this.refreshStatus();
    this.checks.refresh();
    const restore = this.query.get("restore");
    if (restore && this.session) void this.restore(restore);
  }

  // -- DOM ---------------------------------------------------------------------------------------

  /** Build the page; the diagram's nodes are placed at `pos` (from the initial layout). */
  private buildDom(pos: Map<string, Pos>): void {
    const canvasBox = h("div", {
      class: "canvas",
      tabindex: "0",
      role: "application",
      "aria-roledescription": "diagram",
      "aria-label": this.editable
        ? "Theory of change diagram. Keys: 1 to 4 add an activity, output, outcome or impact; Delete removes the selection; C toggles connect mode; Ctrl+Z undoes."
        : "Theory of change diagram (read-only)",
      "data-testid": "canvas",
    });
    const inspectorEl = h("div", { class: "inspector", "data-testid": "inspector" });
    const sidebar = h("aside", { class: "sidebar", "aria-label": "Details" });
    const toolbar = this.buildToolbar();
    const head = this.buildHead();
    replace(
      this.root,
      h(
        "div",
        { class: "editor", "data-testid": "editor", "data-editable": String(this.editable) },
        head,
        toolbar,
        this.bannerEl,
        h("div", { class: "workspace" }, h("div", { class: "canvas-wrap" }, canvasBox, this.legend()), sidebar),
      ),
    );
    this.canvas = new Canvas(
      canvasBox,
      {
        select: (nodes, edges) => {
          this.selection = { nodes, edges };
          this.inspector.update(this.doc, this.selection);
          if (nodes.length + edges.length > 0) this.showTab("inspector");
        },
        connect: (s, t) => {
          const e = { id: crypto.randomUUID?.() ?? `${Date.now()}`, source: s, target: t };
          this.apply([{ op: "add_edge", edge: { ...e, relation: "leads_to", rationale: "", assumptions: [], evidence: [], confidence: null } }], "Connect");
        },
      },
      this.editable,
    );
    this.inspector = new Inspector(
      inspectorEl,
      {
        apply: (ops, label) => this.apply(ops, label),
        select: (n, e) => this.canvas.select(n, e),
        deleteSelection: () => this.deleteSelection(),
        suggest: (target) => this.api.suggestions(this.org, this.slug, target),
        defaultLinkTarget: () => {
          const up = parseUpstream(this.graph.upstream);
          return up ? `${up.org}/${up.graph}` : "";
        },
      },
      !this.editable,
    );
    this.checks = new ChecksPanel(this);
    this.history = new HistoryPanel(this);
    this.collab = new CollaboratePanel(this);
    this.sector = new SectorPanel(this);
    this.tabs = [
      { id: "inspector", label: "Inspector", panel: inspectorEl },
      { id: "checks", label: "Checks", panel: this.checks.root, onShow: () => this.checks.refresh() },
      { id: "history", label: "History", panel: this.history.root, onShow: () => void this.history.load() },
      { id: "collab", label: "Collaborate", panel: this.collab.root, onShow: () => void this.collab.load() },
      { id: "sector", label: "Sector", panel: this.sector.root, onShow: () => void this.sector.load() },
    ];
    const tablist = h("div", { class: "tabs", role: "tablist", "aria-label": "Panels" });
    for (const t of this.tabs) {
      t.button = h(
        "button",
        {
          role: "tab",
          id: `tab-${t.id}`,
          "aria-controls": `panel-${t.id}`,
          "aria-selected": "false",
          tabindex: "-1",
          "data-testid": `tab-${t.id}`,
          onclick: () => this.showTab(t.id),
          onkeydown: (ev: KeyboardEvent) => {
            const i = this.tabs.indexOf(t);
            if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
              const next = this.tabs[(i + (ev.key === "ArrowRight" ? 1 : this.tabs.length - 1)) % this.tabs.length]!;
              this.showTab(next.id);
              next.button!.focus();
            }
          },
        },
        t.label,
      );
      tablist.appendChild(t.button);
      t.panel.setAttribute("role", "tabpanel");
      t.panel.id = `panel-${t.id}`;
      t.panel.setAttribute("aria-labelledby", `tab-${t.id}`);
      t.panel.classList.add("panel");
      t.panel.tabIndex = 0;
    }
    replace(sidebar, tablist, this.tabs.map((t) => t.panel));
    this.showTab("inspector");
    for (const [id, p] of pos) this.canvas.positions.set(id, p);
    this.canvas.render(this.doc);
    this.inspector.update(this.doc, this.selection, true);
    document.addEventListener("keydown", this.keyHandler);
    (window as unknown as { tocEditor?: unknown }).tocEditor = {
      nodeCenterByLabel: (label: string) => {
        const n = Object.values(this.doc.nodes).find((x) => x.label === label);
        return n ? this.canvas.renderedCenter(n.id) : null;
      },
      nodeIdByLabel: (label: string) => Object.values(this.doc.nodes).find((x) => x.label === label)?.id ?? null,
      selectByLabel: (label: string) => {
        const n = Object.values(this.doc.nodes).find((x) => x.label === label);
        if (n) this.canvas.select([n.id]);
        return !!n;
      },
      doc: () => this.doc,
      status: () => this.session?.status ?? "read-only",
    };
  }

  showTab(id: string): void {
    for (const t of this.tabs) {
      const on = t.id === id;
      t.panel.hidden = !on;
      t.button?.setAttribute("aria-selected", String(on));
      if (t.button) t.button.tabIndex = on ? 0 : -1;
      if (on && t.onShow) t.onShow();
    }
  }

  private buildHead(): HTMLElement {
    const g = this.graph;
    const up = parseUpstream(g.upstream);
    const branchSel = h(
      "select",
      { id: "branch-select", "data-testid": "branch-select", "aria-label": "Branch" },
      this.branches.map((b) => h("option", { value: b.name, selected: b.name === this.branch }, b.name)),
      this.branch ? null : h("option", { value: "", selected: true }, this.compare ? "comparison" : `version ${shortId(this.commit)}`),
    );
    branchSel.addEventListener("change", () => {
      const to = branchSel.value;
      if (!to) return;
      // The menu keeps showing this branch until the router has saved pending edits and
      // opened the other one (it stays here, with a message, when they cannot be saved).
      branchSel.value = this.branch ?? "";
      go(`/g/${this.org}/${this.slug}?ref=${encodeURIComponent(to)}`);
    });
    return h(
      "div",
      { class: "editor-head" },
      h(
        "div",
        { class: "title-block" },
        h("a", { href: `#/orgs/${encodeURIComponent(this.org)}`, class: "crumb" }, this.org),
        h("span", { class: "crumb-sep", "aria-hidden": "true" }, "/"),
        h("h1", { "data-testid": "graph-title" }, g.title),
        h("span", { class: `badge ${g.visibility}` }, g.visibility === "public" ? "Public" : "Private"),
        up ? h("span", { class: "badge", "data-testid": "upstream-badge" }, `Fork of ${up.org}/${up.graph}`) : null,
      ),
      h(
        "div",
        { class: "row" },
        h("label", { for: "branch-select" }, "Branch"),
        branchSel,
        g.can_write
          ? h(
              "button",
              { class: "btn small", "data-testid": "new-branch", onclick: () => void this.newBranch() },
              "New branch",
            )
          : null,
      ),
    );
  }

  private buildToolbar(): HTMLElement {
    const btn = (label: string, attrs: Record<string, unknown>, ...kids: (string | Node)[]) =>
      h("button", { class: "btn tool", type: "button", title: label, "aria-label": label, ...attrs }, ...kids);
    const adders = this.editable
      ? NODE_KINDS.map((k, i) =>
          btn(`Add ${KIND_LABELS[k].toLowerCase()} (key ${i + 1})`, { "data-testid": `add-${k}`, onclick: () => this.addNode(k) }, h("span", { class: `kind-dot ${k}`, "aria-hidden": "true" }), `+ ${KIND_LABELS[k]}`),
        )
      : [];
    this.connectBtn = btn("Connect mode: drag from one box to another (key C)", {
      "data-testid": "connect-mode",
      "aria-pressed": "false",
      onclick: () => this.toggleConnect(),
      hidden: !this.editable,
    }, "⤴ Connect");
    this.undoBtn = btn("Undo (Ctrl+Z)", { "data-testid": "undo", onclick: () => this.doUndo(), disabled: true, hidden: !this.editable }, "↶ Undo");
    this.redoBtn = btn("Redo (Ctrl+Shift+Z)", { "data-testid": "redo", onclick: () => this.doRedo(), disabled: true, hidden: !this.editable }, "↷ Redo");
    const del = btn("Delete selection (Delete)", { "data-testid": "delete", onclick: () => this.deleteSelection(), hidden: !this.editable }, "✕ Delete");
    const tidy = btn("Lay out the diagram again", { "data-testid": "tidy", onclick: () => void this.tidy() }, "Tidy layout");
    const fit = btn("Fit the diagram to the screen (F)", { "data-testid": "fit", onclick: () => this.canvas.fit() }, "Fit");
    return h(
      "div",
      { class: "toolbar", role: "toolbar", "aria-label": "Editing tools" },
      h("div", { class: "group" }, adders),
      h("div", { class: "group" }, this.connectBtn, this.undoBtn, this.redoBtn, del),
      h("div", { class: "group" }, tidy, fit, exportMenu(this)),
      h("div", { class: "spacer" }),
      this.statusEl,
    );
  }

  private legend(): HTMLElement {
    return h(
      "div",
      { class: "legend", "aria-hidden": "true" },
      NODE_KINDS.map((k) => h("span", null, h("span", { class: `kind-dot ${k}` }), KIND_LABELS[k])),
      this.compare ? [h("span", { class: "lg-added" }, "added"), h("span", { class: "lg-removed" }, "removed"), h("span", { class: "lg-changed" }, "changed")] : null,
    );
  }

  // -- layout ------------------------------------------------------------------------------------

  /** The server's layout of `ref`, or null when it is unavailable (the request failed). */
  private requestLayout(ref: string): Promise<Layout | null> {
    return this.api.layout(this.org, this.slug, ref).catch(() => null);
  }

  /** Positions from a server layout; nodes it lacks (all of them without one) get the client-side layered layout. */
  private positionsFor(layout: Layout | null, doc: Doc): Map<string, Pos> {
    let pos = new Map<string, Pos>();
    try {
      if (layout) pos = positionsFromLayout(layout);
    } catch {
      /* unusable server layout: fall back below */
    }
    const missing = Object.keys(doc.nodes).filter((id) => !pos.has(id));
    if (missing.length) {
      const fallback = layeredLayout(doc);
      if (pos.size === 0) return fallback;
      for (const id of missing) pos.set(id, fallback.get(id)!);
    }
    return pos;
  }

  private async fetchPositions(ref: string, doc: Doc): Promise<Map<string, Pos>> {
    return this.positionsFor(await this.requestLayout(ref), doc);
  }

  async tidy(): Promise<void> {
    try {
      await this.session?.settle();
    } catch {
      /* lay out what the server has */
    }
    const pos = await this.fetchPositions(this.headCommit || this.ref, this.doc);
    this.canvas.applyPositions(pos, true);
  }

  private placeFor(id: string): Pos {
    // A node from someone else's commit: put it next to a neighbour if it has one.
    const e = Object.values(this.doc.edges).find((x) => x.source === id || x.target === id);
    if (e) {
      const other = e.source === id ? e.target : e.source;
      const p = this.canvas.positions.get(other);
      if (p) return { x: p.x + 40, y: p.y + (e.source === id ? 130 : -130) };
    }
    return this.canvas.placeNear(null);
  }

  // -- editing -----------------------------------------------------------------------------------

  /** Apply a user edit: locally, into the undo stack, and into the save queue. */
  apply(ops: Op[], label: string, message?: string): boolean {
    if (!this.session) {
      toast("This view is read-only.", "error");
      return false;
    }
    ops = dropNoops(this.session.doc, ops);
    if (!ops.length) return true;
    try {
      const { inverse } = applyWithInverse(this.session.doc, ops);
      this.session.edit(ops, message);
      this.undo.record({ forward: ops, backward: inverse, label });
    } catch (err) {
      if (err instanceof OpError) {
        toast(`Cannot do that: ${err.message}.`, "error");
        return false;
      }
      throw err;
    }
    this.docChanged();
    return true;
  }

  private docChanged(): void {
    if (this.session) this.doc = this.session.doc;
    this.canvas.render(this.doc, (id) => this.placeFor(id));
    const sel = this.canvas.selected();
    this.selection = {
      nodes: sel.nodes.filter((id) => this.doc.nodes[id]),
      edges: sel.edges.filter((id) => this.doc.edges[id]),
    };
    this.inspector.update(this.doc, this.selection);
    this.refreshStatus();
  }

  addNode(kind: NodeKind): void {
    if (!this.editable) return;
    const anchor = this.selection.nodes.length === 1 ? this.selection.nodes[0]! : null;
    const node = makeNode(kind, `New ${KIND_LABELS[kind].toLowerCase()}`, kind === "outcome" ? { horizon: "short" } : {});
    this.canvas.positions.set(node.id, this.canvas.placeNear(anchor));
    if (this.apply([{ op: "add_node", node }], `Add ${kind}`)) {
      this.canvas.select([node.id], [], false);
      this.canvas.reveal(node.id);
      this.showTab("inspector");
      this.inspector.focusLabel();
    }
  }

  deleteSelection(): void {
    if (!this.editable) return;
    const { nodes, edges } = this.canvas.selected();
    const liveNodes = nodes.filter((id) => this.doc.nodes[id]);
    const nodeSet = new Set(liveNodes);
    const liveEdges = edges.filter((id) => {
      const e = this.doc.edges[id];
      return e && !nodeSet.has(e.source) && !nodeSet.has(e.target);
    });
    const ops: Op[] = [...liveEdges.map((id) => ({ op: "remove_edge" as const, id })), ...liveNodes.map((id) => ({ op: "remove_node" as const, id }))];
    if (!ops.length) {
      toast("Select a box or an arrow first.");
      return;
    }
    const what = describeOps(ops, this.doc);
    if (this.apply(ops, "Delete")) {
      this.canvas.select([], []);
      toast(`${what}. Press Ctrl+Z or Undo to bring it back.`, "info", 6000);
    }
  }

  doUndo(): void {
    if (!this.session) return;
    const r = this.undo.undo(this.session.doc);
    if (!r) return void toast("Nothing to undo.");
    this.session.edit(r.ops);
    this.docChanged();
    toast(`Undone: ${r.label}`, "info", 2500);
  }

  doRedo(): void {
    if (!this.session) return;
    const r = this.undo.redo(this.session.doc);
    if (!r) return void toast("Nothing to redo.");
    this.session.edit(r.ops);
    this.docChanged();
    toast(`Redone: ${r.label}`, "info", 2500);
  }

  toggleConnect(): void {
    const on = !this.canvas.isDrawMode;
    this.canvas.setDrawMode(on);
    this.connectBtn.setAttribute("aria-pressed", String(on));
    this.connectBtn.classList.toggle("active", on);
    if (on) toast("Connect mode: drag from one box to another. Press C or Escape to stop.", "info", 3500);
  }

  private onKey(ev: KeyboardEvent): void {
    const t = ev.target as HTMLElement | null;
    const inField = !!t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
    if (document.querySelector("dialog[open]")) return;
    const mod = ev.ctrlKey || ev.metaKey;
    if (mod && !inField && !ev.altKey) {
      const k = ev.key.toLowerCase();
      if (k === "z" && !ev.shiftKey) {
        ev.preventDefault();
        this.doUndo();
      } else if ((k === "z" && ev.shiftKey) || k === "y") {
        ev.preventDefault();
        this.doRedo();
      }
      return;
    }
    if (inField || mod || ev.altKey) return;
    const onCanvas = !!t && (t === this.canvas.container || this.canvas.container.contains(t));
    const onBody = !t || t === document.body || t === this.root || t.closest?.(".toolbar") !== null;
    if (!onCanvas && !onBody) return;
    if (ev.key === "Escape") {
      if (this.canvas.isDrawMode) this.toggleConnect();
      else this.canvas.select([], []);
      return;
    }
    if (ev.key === "f" || ev.key === "F") {
      this.canvas.fit();
      return;
    }
    if (!this.editable || !onCanvas) {
      if ((ev.key === "Delete" || ev.key === "Backspace") && this.editable && onBody && t?.tagName !== "BUTTON") {
        ev.preventDefault();
        this.deleteSelection();
      }
      return;
    }
    if (ev.key === "Delete" || ev.key === "Backspace") {
      ev.preventDefault();
      this.deleteSelection();
    } else if (ev.key === "c" || ev.key === "C") {
      this.toggleConnect();
    } else if (KIND_KEYS[ev.key.toLowerCase()]) {
      ev.preventDefault();
      this.addNode(KIND_KEYS[ev.key.toLowerCase()]!);
    }
  }

  // -- sync events -------------------------------------------------------------------------------

  private onStatus(_s: SaveStatus, _message: string): void {
    this.refreshStatus();
  }

  private onRemote(reason: string, dropped: number): void {
    this.docChanged();
    if (reason === "poll") toast("Updated with a colleague's latest changes.", "info");
    if (dropped) toast(`${dropped} of your edits no longer applied (someone removed what they changed) and were dropped.`, "error", 7000);
    this.checks.refreshSoon();
    this.history.stale = true;
  }

  private afterCommit(): void {
    this.checks.refreshSoon();
    this.history.stale = true;
    if (!this.history.root.hidden) void this.history.load();
  }

  refreshStatus(): void {
    this.undoBtn.disabled = !this.undo.canUndo;
    this.redoBtn.disabled = !this.undo.canRedo;
    this.undoBtn.title = this.undo.canUndo ? `Undo: ${this.undo.undoLabel} (Ctrl+Z)` : "Nothing to undo";
    this.redoBtn.title = this.undo.canRedo ? `Redo: ${this.undo.redoLabel} (Ctrl+Shift+Z)` : "Nothing to redo";
    const s = this.session;
    let state: string;
    let text: string;
    if (!s) {
      state = "readonly";
      text = this.compare ? "Comparing versions (read-only)" : this.graph.can_write ? "Viewing an old version (read-only)" : "Read-only";
    } else {
      state = s.status;
      text = {
        saved: "All changes saved",
        pending: "Unsaved changes…",
        saving: "Saving…",
        conflict: "Conflict: not saved",
        offline: "Offline: changes kept, retrying",
        error: "Not saved",
      }[s.status];
    }
    this.statusEl.dataset.state = state;
    replace(this.statusEl, h("span", { class: "dot", "aria-hidden": "true" }), text);
    this.renderBanners();
  }

  private renderBanners(): void {
    const s = this.session;
    const banners: HTMLElement[] = [];
    if (s?.status === "conflict") {
      const label = (id: string) => this.doc.nodes[id]?.label ?? s.headDoc.nodes[id]?.label ?? "a link";
      banners.push(
        h(
          "div",
          { class: "banner conflict", role: "alert", "data-testid": "conflict-banner" },
          h("strong", null, "Someone else changed the same thing at the same time. "),
          "Your latest edits are not saved yet.",
          s.conflicts.length
            ? h(
                "ul",
                null,
                s.conflicts.map((c) =>
                  h(
                    "li",
                    null,
                    `“${label(c.entity_id)}”${c.field ? `, ${c.field}` : ""}: `,
                    c.ours !== undefined || c.theirs !== undefined
                      ? `you wrote “${formatValue(c.ours)}”; they wrote “${formatValue(c.theirs)}”.`
                      : c.message,
                  ),
                ),
              )
            : null,
          h(
            "div",
            { class: "row" },
            h("button", { class: "btn primary", "data-testid": "conflict-keep-mine", onclick: () => void this.resolve("mine") }, "Keep my changes"),
            h("button", { class: "btn", "data-testid": "conflict-keep-theirs", onclick: () => void this.resolve("theirs") }, "Discard mine, use theirs"),
          ),
        ),
      );
    } else if (s?.status === "offline") {
      banners.push(h("div", { class: "banner offline", role: "alert" }, "The server cannot be reached. Your changes are kept in this tab and will be saved when the connection is back. Do not close the tab."));
    } else if (s?.status === "error") {
      banners.push(h("div", { class: "banner error", role: "alert", "data-testid": "error-banner" }, s.message, " The rest of your work is safe."));
    }
    if (!s && !this.compare && this.graph) {
      const canRestore = this.graph.can_write && !this.branch;
      const back = this.query.get("branch") || this.graph.default_branch;
      banners.push(
        h(
          "div",
          { class: "banner info", "data-testid": "readonly-banner" },
          this.branch
            ? "You can view this theory of change but not edit it. Fork it to make your own version."
            : `You are looking at version ${shortId(this.commit)} (read-only). `,
          !this.branch ? h("a", { href: `#/g/${this.org}/${this.slug}?ref=${encodeURIComponent(back)}`, class: "btn small" }, "Back to the latest version") : null,
          canRestore
            ? h(
                "a",
                { href: `#/g/${this.org}/${this.slug}?ref=${encodeURIComponent(back)}&restore=${encodeURIComponent(this.commit)}`, class: "btn small", "data-testid": "restore-this" },
                "Restore this version",
              )
            : null,
        ),
      );
    }
    if (this.compare) {
      const d = this.compare.diff;
      const n = (x: { added: unknown[]; removed: unknown[]; changed: unknown[] }) => x.added.length + x.removed.length + x.changed.length;
      banners.push(
        h(
          "div",
          { class: "banner info", "data-testid": "compare-banner" },
          h("strong", null, `Comparing ${shortId(this.compare.a)} → ${shortId(this.compare.b)}: `),
          `${d.nodes.added.length} boxes added, ${d.nodes.removed.length} removed, ${d.nodes.changed.length} changed; ${n(d.edges)} link changes. `,
          h(
            "a",
            { href: this.api.compareRenderUrl(this.org, this.slug, this.compare.a, this.compare.b, "svg"), target: "_blank", rel: "noopener", class: "btn small", "data-testid": "compare-diagram" },
            "Open the diff diagram (SVG)",
          ),
          h("a", { href: this.api.compareRenderUrl(this.org, this.slug, this.compare.a, this.compare.b, "pdf"), class: "btn small", download: "" }, "PDF"),
          h("a", { href: `#/g/${this.org}/${this.slug}`, class: "btn small", "data-testid": "compare-close" }, "Close comparison"),
        ),
      );
    }
    replace(this.bannerEl, banners);
  }

  private async resolve(keep: "mine" | "theirs"): Promise<void> {
    if (!this.session) return;
    if (keep === "theirs") {
      const ok = await confirmDialog("Discard your edits?", "Your unsaved edits will be replaced by your colleague's version. This cannot be undone.", {
        confirm: "Discard mine",
        danger: true,
      });
      if (!ok) return;
      this.undo.clear();
    }
    try {
      await this.session.resolveConflict(keep);
      toast(keep === "mine" ? "Your changes were saved over theirs." : "Now showing your colleague's version.", "success");
    } catch (err) {
      toast(`Could not resolve: ${errorText(err)}`, "error");
    }
    this.docChanged();
  }

  // -- compare, restore, branches ------------------------------------------------------------------

  private showCompare(): void {
    if (!this.compare) return;
    const d = this.compare.diff;
    const removedNodes = d.nodes.removed ?? [];
    const removedEdges = d.edges.removed ?? [];
    void this.fetchPositions(this.compare.a, { nodes: Object.fromEntries(removedNodes.map((n) => [n.id, n])), edges: {} }).then((pos) => {
      this.canvas.addGhosts(removedNodes, removedEdges, (id) => pos.get(id) ?? this.canvas.placeNear(null));
      this.canvas.mark("diff-removed", [...removedNodes.map((n) => n.id), ...removedEdges.map((e) => e.id)]);
    });
    this.canvas.mark("diff-added", [...d.nodes.added.map((n) => n.id), ...d.edges.added.map((e) => e.id)]);
    this.canvas.mark("diff-changed", [...d.nodes.changed.map((c) => c.id), ...d.edges.changed.map((c) => c.id)]);
    this.canvas.revealAll([...d.nodes.added.map((n) => n.id), ...d.nodes.changed.map((c) => c.id)]);
  }

  async restore(commitId: string): Promise<void> {
    if (!this.session) return;
    const ok = await confirmDialog(
      "Restore this version?",
      `The current ${this.branch} will be changed to match version ${shortId(commitId)}. This is saved as a new version, so nothing in the history is lost and you can undo it.`,
      { confirm: "Restore" },
    );
    history.replaceState(null, "", `#/g/${this.org}/${this.slug}?ref=${encodeURIComponent(this.branch!)}`);
    if (!ok) return;
    try {
      await this.session.settle();
      const target = await this.api.tree(this.org, this.slug, commitId);
      const ops = diffOps(this.session.doc, target.doc);
      if (!ops.length) return void toast("This version is the same as the current one.");
      this.apply(ops, `Restore ${shortId(commitId)}`, `Restore version ${shortId(commitId)}`);
      await this.session.settle();
      toast(`Restored version ${shortId(commitId)}.`, "success");
      void this.tidy();
    } catch (err) {
      toast(`Could not restore: ${errorText(err)}`, "error", 8000);
    }
  }

  private async newBranch(): Promise<void> {
    const name = await promptDialog("New branch", "Name of the branch (e.g. draft-2025)", "", "branch-name");
    if (!name) return;
    try {
      await this.session?.settle();
      await this.api.createBranch(this.org, this.slug, name, this.headCommit);
      toast(`Branch ${name} created.`, "success");
      go(`/g/${this.org}/${this.slug}?ref=${encodeURIComponent(name)}`);
    } catch (err) {
      toast(`Could not create the branch: ${errorText(err)}`, "error", 8000);
    }
  }

  /** Load a new head after a merge/pull done through the API. */
  async reloadHead(): Promise<void> {
    if (this.session) await this.session.poll();
    else if (this.branch) {
      const t = await this.api.tree(this.org, this.slug, this.branch);
      this.doc = t.doc;
      this.commit = t.commit;
      this.docChanged();
    }
  }

  isApiError(err: unknown): err is ApiError {
    return err instanceof ApiError;
  }
}
