/**
 * The state of one open ToC and the things a person can do to it.
 *
 * A zustand store holds what the components draw (document, selection, save status...), so a
 * component re-renders only when the slice it reads changes: typing a label does not redraw
 * the other 299 boxes. The controller owns the branch session (sync) and the undo stack
 * (model); every edit goes through `edit`, so undo, saving and announcements stay in one place.
 *
 * Live editing: on a branch (editors and read-only readers alike) the controller joins the
 * session to the branch's live channel (sync connectLive): colleagues' commits arrive pushed,
 * who else is here arrives as presence (kept in `presence`, said back with this page's own
 * selection and the field it types in), and a colleague's commit that overwrites what this
 * person wrote, or deletes the box they have open, is said with a way to undo it.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import {
  applyWithInverse,
  describeOps,
  EMPTY_PRESENCE,
  expirePresence,
  jsonEqual,
  KIND_LABELS,
  makeEdge,
  makeNode,
  OpError,
  overwritten,
  presenceReceived,
  recordWritten,
  UndoStack,
  type Doc,
  type NodeKind,
  type Op,
  type Overwrite,
  type PresenceField,
  type PresenceMessage,
  type PresenceTable,
  type Progress,
  type TocNode,
  type WrittenMap,
} from "../../model";
import {
  api,
  authorName,
  BranchSession,
  connectLive,
  onResultsChanged,
  perfMark,
  type ApiError,
  type Branch,
  type Commit,
  type Conflict,
  type Graph,
  type Hello,
  type Layout,
  type LiveLink,
  type LiveStatus,
  type RemoteInfo,
  type SaveStatus,
} from "../../sync";
import { fieldWord, replacedSentence } from "./liveWords";

export interface Selection {
  nodes: string[];
  edges: string[];
}

/** A box that disappeared while it was selected: said once, with a way to bring it back. */
export interface DeletedNotice {
  id: string;
  label: string;
  by: string | null;
  /** The commit that still has it (restore from there). */
  before: string;
}

/** A colleague's commit replaced a value this person wrote: said once, with a way to put it back. */
export interface ReplacedNotice extends Overwrite {
  /** Who replaced it. */
  by: string;
  /** The box's label, or the arrow's "A → B", when the notice was made. */
  what: string;
  seq: number;
}

/** The live channel's state for the view: "off" where there is none (a single version). */
export type LiveState = LiveStatus | "off";

export interface EditorState {
  org: string;
  graph: string;
  info: Graph;
  branches: Branch[];
  /** The branch shown, or null when a single version (a commit) is shown read-only. */
  branch: string | null;
  /** The commit shown (the branch head as far as we know). */
  head: string;
  doc: Doc;
  /** The server's Graphviz layout; null until it arrives. */
  layout: Layout | null;
  canEdit: boolean;
  status: SaveStatus;
  statusMessage: string;
  conflicts: Conflict[];
  /** Fields (`entityId:field`) holding typed text that is not sent yet. */
  drafts: string[];
  selection: Selection;
  canUndo: boolean;
  canRedo: boolean;
  undoLabel: string | undefined;
  redoLabel: string | undefined;
  /** The latest message for the aria-live region; `seq` changes even when the text repeats. */
  announcement: { text: string; seq: number };
  /** Ask a component to move focus (e.g. the label field after adding a box). */
  focusRequest: { target: "label" | "diagram" | "node"; id?: string; seq: number } | null;
  deleted: DeletedNotice | null;
  /** Ask the side panel to show a tab (e.g. "New branch" in the head opens Collaborate). */
  panelRequest: { panel: "inspector" | "checks" | "history" | "collab" | "sector"; seq: number } | null;
  /** The selection was made from a panel's list (the side panel keeps that list open). */
  selectedFromList: boolean;
  /** Changes with every choice of a selection, even of the same boxes. */
  selectSeq: number;
  /** Highlights and badges other panels put on boxes, by panel (see `setMarks`). */
  marks: Record<string, Record<string, NodeMark>>;
  /** The edits the server refused last (with its answer), for messages at the fields; null once saved. */
  refused: { ops: Op[]; error: ApiError } | null;
  /** Who made the latest colleague's change that arrived (null until known). */
  remoteBy: { commit: string; by: string | null } | null;
  /** The live channel: "live" while colleagues' commits arrive pushed. */
  live: LiveState;
  /** The others who have this branch open (never this page's own connection). */
  presence: PresenceTable;
  /** The field this page types in (said to the others as presence). */
  editingField: PresenceField | null;
  /** The signed-in person as the live channel knows them (null: anonymous, or not live yet). */
  me: string | null;
  /** A colleague overwrote a value this person wrote. */
  replaced: ReplacedNotice | null;
  /** Access was taken away while the ToC was open (the channel's `bye`): read-only from then on. */
  revoked: string | null;
  /** Each indicator's and box's progress (GET .../progress); null until known, or when results cannot be read. */
  progress: Progress | null;
}

export type EditorStore = StoreApi<EditorState>;

/** A highlight on a box: `tone` colours its halo, `badge` is a short text shown on it. */
export interface NodeMark {
  tone?: "finding" | "gap" | "covered" | "added" | "changed" | "removed";
  badge?: string;
}

/** Updates that set every field to the value it already has change nothing: leave them out. */
export function dropNoops(doc: Doc, ops: Op[]): Op[] {
  return ops.filter((op) => {
    if (op.op !== "update_node" && op.op !== "update_edge") return true;
    const cur = (op.op === "update_node" ? doc.nodes[op.id] : doc.edges[op.id]) as unknown as
      | Record<string, unknown>
      | undefined;
    if (!cur) return true;
    return Object.entries(op.set).some(([k, v]) => !jsonEqual(cur[k], v));
  });
}

export interface OpenOptions {
  org: string;
  graph: string;
  /** A branch name or a commit id; the default branch when absent. */
  ref?: string;
  /** Session timings (tests use shorter ones). */
  debounceMs?: number;
}

/** How often others' presence is checked for silence (entries live 30 s without news). */
const PRESENCE_SWEEP_MS = 5000;
/** A colleague's live changes are announced to screen readers at most this often. */
const LIVE_ANNOUNCE_GAP_MS = 5000;

export class EditorController {
  readonly store: EditorStore;
  readonly session: BranchSession | null;
  private readonly undoStack = new UndoStack();
  /** The undo entry the last `edit` with a `merge` key recorded (later edits with that key join it). */
  private merging: { key: string; entry: { forward: Op[]; backward: Op[]; label: string } } | null = null;
  /** Commits this page made (to tell a colleague's commit from ours). */
  private readonly ownCommits = new Set<string>();
  private seq = 0;
  private destroyed = false;
  private link: LiveLink | null = null;
  private sweep: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;
  /** The values this person committed on this page, by field (to tell them when replaced). */
  private written: WrittenMap = new Map();
  private lastLiveAnnounce = 0;

  private constructor(state: EditorState, session: BranchSession | null) {
    this.store = createStore<EditorState>(() => state);
    this.session = session;
  }

  /** Load a ToC at a ref and start a session on it when it is a branch the user may edit. */
  static async open(opts: OpenOptions): Promise<EditorController> {
    const { org, graph } = opts;
    const [info, branches] = await Promise.all([
      api.graph(org, graph),
      api.branches(org, graph).catch(() => [] as Branch[]),
    ]);
    const ref = opts.ref || info.default_branch || "main";
    const isBranch = branches.some((b) => b.name === ref) || (!branches.length && ref === info.default_branch);
    const layout = api.layout(org, graph, ref).catch(() => null);
    const tree = await api.tree(org, graph, ref);
    perfMark("toc:tree-received");
    const state: EditorState = {
      org,
      graph,
      info,
      branches,
      branch: isBranch ? ref : null,
      head: tree.commit,
      doc: tree.doc,
      layout: null,
      canEdit: isBranch && info.can_write,
      status: "saved",
      statusMessage: "",
      conflicts: [],
      drafts: [],
      selection: { nodes: [], edges: [] },
      canUndo: false,
      canRedo: false,
      undoLabel: undefined,
      redoLabel: undefined,
      announcement: { text: "", seq: 0 },
      focusRequest: null,
      deleted: null,
      panelRequest: null,
      selectedFromList: false,
      selectSeq: 0,
      marks: {},
      refused: null,
      remoteBy: null,
      live: isBranch ? "connecting" : "off",
      presence: EMPTY_PRESENCE,
      editingField: null,
      me: null,
      replaced: null,
      revoked: null,
      progress: null,
    };
    let ctl: EditorController;
    // Every branch has a session, read-only readers' too: it follows the branch live (they
    // only never edit through it).
    if (isBranch) {
      const session = new BranchSession(
        api,
        org,
        graph,
        ref,
        tree,
        {
          status: (s, d) => ctl.onStatus(s, d.message ?? "", d.conflicts ?? [], d.refused),
          remote: (info) => ctl.onRemote(info),
          committed: (c, ops) => ctl.onCommitted(c, ops),
        },
        { debounceMs: opts.debounceMs ?? 0 },
      );
      ctl = new EditorController(state, session);
      ctl.goLive();
    } else ctl = new EditorController(state, null);
    const l = await layout;
    perfMark("toc:data-received");
    if (l) ctl.store.setState({ layout: l });
    return ctl;
  }

  destroy(): void {
    this.destroyed = true;
    this.leave();
    this.session?.stop();
  }

  // -- progress (issue 13) -------------------------------------------------------------------------

  /**
   * Keep `progress` current: asked for now, again a little after the branch head moves (an
   * indicator or a label changed) and at once when results of this ToC are saved (on any
   * page, in any tab). Returns the stop. Results the reader may not see leave it null.
   */
  followProgress(delayMs = 1500): () => void {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let seq = 0;
    let stopped = false;
    const load = async () => {
      const mine = ++seq;
      const { org, graph, branch, head } = this.state;
      try {
        const p = await api.progress(org, graph, { ref: branch ?? head });
        if (!stopped && !this.destroyed && mine === seq) this.store.setState({ progress: p });
      } catch {
        if (!stopped && !this.destroyed && mine === seq && this.state.progress) this.store.setState({ progress: null });
      }
    };
    const later = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void load(), delayMs);
    };
    void load();
    const unsubscribe = this.store.subscribe((s, prev) => {
      if (s.head !== prev.head) later();
    });
    const off = onResultsChanged(this.state.org, this.state.graph, () => void load());
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      unsubscribe();
      off();
    };
  }

  // -- live --------------------------------------------------------------------------------------

  /** Join the branch's live channel (again, after `leave`, e.g. a page back from the browser's cache). */
  goLive(): void {
    const session = this.session;
    if (!session || this.link || this.destroyed || this.state.revoked) return;
    this.link = connectLive(session, {
      hello: (h) => this.onHello(h),
      presence: (p) => this.onPresence(p),
      bye: (b) => this.onBye(b.message),
      status: (s) => !this.destroyed && this.store.setState({ live: s }),
    });
    if (!this.link.channel.supported) this.store.setState({ live: "closed" });
    // Say this page's selection and field to the others whenever they change.
    this.unsubscribe = this.store.subscribe((s, prev) => {
      if (s.selection !== prev.selection || s.editingField !== prev.editingField) this.reportPresence();
    });
    this.reportPresence();
    this.sweep = setInterval(() => {
      const p = this.state.presence;
      const next = expirePresence(p, Date.now());
      if (next !== p) this.store.setState({ presence: next });
    }, PRESENCE_SWEEP_MS);
  }

  /** Leave the live channel: the others are told at once (fetch keepalive), polling takes over. */
  leave(): void {
    this.link?.close();
    this.link = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
    if (!this.destroyed) this.store.setState({ presence: EMPTY_PRESENCE });
  }

  private reportPresence(): void {
    const { selection, editingField } = this.state;
    this.link?.presence.set({ selection: { nodes: [...selection.nodes], edges: [...selection.edges] }, field: editingField });
  }

  /**
   * This page types in a field (focus) or stops (null): the others see "Ana is editing this
   * label". `name` is the document's field name ("label"), with a part for one of several inputs.
   */
  setEditingField(field: { id: string; name: string } | null): void {
    const cur = this.state.editingField;
    if (!field) {
      if (cur) this.store.setState({ editingField: null });
      return;
    }
    const kind = field.id in this.state.doc.edges ? "edge" : "node";
    if (cur && cur.id === field.id && cur.name === field.name && cur.kind === kind) return;
    this.store.setState({ editingField: { kind, id: field.id, name: field.name } });
  }

  private onHello(h: Hello): void {
    if (this.destroyed) return;
    const patch: Partial<EditorState> = { me: h.user?.username ?? null };
    // The server knows best whether this person may still write (a role taken away since).
    if (this.state.canEdit && !h.can_write) patch.canEdit = false;
    this.store.setState(patch);
  }

  private onPresence(p: PresenceMessage): void {
    if (this.destroyed) return;
    const own = this.link?.channel.hello?.session ?? null;
    const r = presenceReceived(this.state.presence, p, own, Date.now());
    if (r.table !== this.state.presence) this.store.setState({ presence: r.table });
    if (r.isNew) this.link?.presence.greet();
  }

  private onBye(message: string): void {
    if (this.destroyed) return;
    this.leave();
    this.store.setState({
      revoked: message || "You no longer have access to this theory of change.",
      canEdit: false,
      live: "closed",
      presence: EMPTY_PRESENCE,
    });
    this.announce("You no longer have access to this theory of change. Editing has stopped.");
  }

  get state(): EditorState {
    return this.store.getState();
  }

  /** Something typed or done that the server does not have yet. */
  get hasUnsaved(): boolean {
    return !!this.session?.hasUnsaved || this.state.drafts.length > 0;
  }

  // -- editing ---------------------------------------------------------------------------------

  /**
   * Apply ops locally (undoable), queue them for the server, and say what happened.
   * Edits with the same `merge` key in a row are one undo step (a field's text sent while
   * typing: one step per field edit, not per pause).
   */
  edit(ops: Op[], label?: string, opts: { merge?: string } = {}): boolean {
    if (!this.session || !this.state.canEdit) return false;
    const doc = this.state.doc;
    const real = dropNoops(doc, ops);
    if (!real.length) return false;
    let inverse: Op[];
    try {
      inverse = applyWithInverse(doc, real).inverse;
      this.session.edit(real, label);
    } catch (err) {
      if (err instanceof OpError) {
        this.announce(`Not done: ${err.message}`);
        return false;
      }
      throw err;
    }
    const text = label ?? describeOps(real, doc);
    const m = this.merging;
    // A field's key is "entityId:field#n"; the first edit of a box just added joins the adding.
    const joins = !!opts.merge && !!m && (m.key === opts.merge || m.key === `new:${opts.merge.split(":")[0]}`);
    if (m && joins && this.undoStack.undoLabel === m.entry.label) {
      // The stack holds this entry object: extend it in place (still one step).
      m.key = opts.merge!;
      const e = m.entry;
      e.forward = [...e.forward, ...real];
      e.backward = [...inverse, ...e.backward];
    } else {
      const entry = { forward: real, backward: inverse, label: text };
      this.undoStack.record(entry);
      this.merging = opts.merge ? { key: opts.merge, entry } : null;
    }
    this.store.setState({ doc: this.session.doc, ...this.undoState() });
    return true;
  }

  undo(): void {
    this.step("undo");
  }

  redo(): void {
    this.step("redo");
  }

  private step(which: "undo" | "redo"): void {
    if (!this.session || !this.state.canEdit) return;
    this.merging = null;
    const r = which === "undo" ? this.undoStack.undo(this.state.doc) : this.undoStack.redo(this.state.doc);
    if (!r || !r.ops.length) return;
    this.session.edit(r.ops, `${which === "undo" ? "Undo" : "Redo"}: ${r.label}`);
    const doc = this.session.doc;
    const keep = (ids: string[], table: Record<string, unknown>) => ids.filter((id) => id in table);
    const sel = this.state.selection;
    this.store.setState({
      doc,
      selection: { nodes: keep(sel.nodes, doc.nodes), edges: keep(sel.edges, doc.edges) },
      ...this.undoState(),
    });
    this.announce(`${which === "undo" ? "Undone" : "Redone"}: ${r.label}`);
  }

  private undoState(): Pick<EditorState, "canUndo" | "canRedo" | "undoLabel" | "redoLabel"> {
    const u = this.undoStack;
    return { canUndo: u.canUndo, canRedo: u.canRedo, undoLabel: u.undoLabel, redoLabel: u.redoLabel };
  }

  /** Add a box of a kind, select it and put the cursor in its label. Returns its id. */
  addNode(kind: NodeKind, label = "", extra: Partial<TocNode> = {}): string | null {
    // A box needs a label on the server: a placeholder one, selected in the label field so
    // what the person types replaces it (it is sent within 300 ms, before she has typed).
    // A new outcome is short term unless said otherwise (as in the old editor), so it joins
    // the short-term row instead of a row of its own.
    const horizon = kind === "outcome" && !("horizon" in extra) ? { horizon: "short" as const } : {};
    const node = makeNode(kind, label || `New ${KIND_LABELS[kind].toLowerCase()}`, { ...horizon, ...extra });
    // The label typed next joins this step: one undo takes back the named box, redo brings it back named.
    if (!this.edit([{ op: "add_node", node }], `Add ${kind}`, { merge: `new:${node.id}` })) return null;
    this.select({ nodes: [node.id], edges: [] });
    this.requestFocus("label", node.id);
    this.announce(`Added a new ${kind}. Type its label.`);
    return node.id;
  }

  /** Draw an arrow from one box to another. */
  connect(source: string, target: string): string | null {
    const doc = this.state.doc;
    if (source === target) return null;
    if (Object.values(doc.edges).some((e) => e.source === source && e.target === target)) {
      this.announce("These boxes are already connected.");
      return null;
    }
    const edge = makeEdge(source, target);
    if (!this.edit([{ op: "add_edge", edge }], "Connect")) return null;
    this.announce(`Connected “${doc.nodes[source]?.label ?? ""}” to “${doc.nodes[target]?.label ?? ""}”.`);
    return edge.id;
  }

  /** Remove the selected boxes (with their arrows) and arrows. */
  deleteSelection(): void {
    const { selection, doc } = this.state;
    const edgeIds = new Set(selection.edges.filter((id) => id in doc.edges));
    const nodeIds = selection.nodes.filter((id) => id in doc.nodes);
    for (const e of Object.values(doc.edges))
      if (nodeIds.includes(e.source) || nodeIds.includes(e.target)) edgeIds.add(e.id);
    const ops: Op[] = [
      ...[...edgeIds].map((id): Op => ({ op: "remove_edge", id })),
      ...nodeIds.map((id): Op => ({ op: "remove_node", id })),
    ];
    if (!ops.length) return;
    const what =
      nodeIds.length === 1 && !selection.edges.length
        ? `“${doc.nodes[nodeIds[0]!]!.label || "untitled box"}”`
        : [nodeIds.length && `${nodeIds.length} box${nodeIds.length > 1 ? "es" : ""}`, selection.edges.length && `${selection.edges.length} arrow${selection.edges.length > 1 ? "s" : ""}`]
            .filter(Boolean)
            .join(" and ");
    if (this.edit(ops, `Delete ${what}`)) {
      this.store.setState({ selection: { nodes: [], edges: [] } });
      this.announce(`Deleted ${what}. Ctrl+Z brings it back.`);
      this.requestFocus("diagram");
    }
  }

  // -- selection, focus, messages --------------------------------------------------------------

  /**
   * Select boxes and arrows. `fromList` says a panel's list (Checks, Sector) chose them: the
   * side panel then stays on that list instead of showing the details.
   */
  select(selection: Selection, opts: { fromList?: boolean } = {}): void {
    const cur = this.state.selection;
    const fromList = !!opts.fromList;
    // Choosing the box already selected still counts (the side panel shows its details).
    if (jsonEqual(cur, selection)) this.store.setState({ selectedFromList: fromList, selectSeq: ++this.seq });
    else this.store.setState({ selection, selectedFromList: fromList, selectSeq: ++this.seq, deleted: null });
  }

  requestFocus(target: "label" | "diagram" | "node", id?: string): void {
    this.store.setState({ focusRequest: { target, id, seq: ++this.seq } });
  }

  /**
   * Put highlights or badges on boxes for one panel (`source`: "checks", "sector"...); null or
   * {} takes that panel's off. The diagram draws them; other panels' marks stay.
   */
  setMarks(source: string, marks: Record<string, NodeMark> | null): void {
    const all = { ...this.state.marks };
    if (marks && Object.keys(marks).length) all[source] = marks;
    else if (source in all) delete all[source];
    else return;
    this.store.setState({ marks: all });
  }

  showPanel(panel: NonNullable<EditorState["panelRequest"]>["panel"]): void {
    this.store.setState({ panelRequest: { panel, seq: ++this.seq } });
  }

  announce(text: string): void {
    this.store.setState({ announcement: { text, seq: ++this.seq } });
  }

  /** A field starts or stops holding text that is not sent yet (the save pill says "Editing"). */
  setDraft(key: string, on: boolean): void {
    const drafts = this.state.drafts;
    const has = drafts.includes(key);
    if (on === has) return;
    this.store.setState({ drafts: on ? [...drafts, key] : drafts.filter((k) => k !== key) });
  }

  /** Send what is queued now (e.g. before leaving the page). */
  async settle(): Promise<void> {
    await this.session?.settle();
  }

  async resolveConflict(keep: "mine" | "theirs"): Promise<void> {
    await this.session?.resolveConflict(keep);
  }

  /** Put the branch back to an earlier version, through the server (one new commit). */
  async restore(commit: string, message?: string): Promise<Commit | null> {
    const { org, graph, branch } = this.state;
    if (!this.session || !branch) return null;
    await this.session.settle();
    const c = await api.restore(org, graph, branch, commit, message);
    // Live, the new commit arrives pushed; otherwise ask for it.
    await this.reload(c.id);
    this.announce("Restored that version as a new change.");
    return c;
  }

  /**
   * Load the branch's head now, after something changed it on the server (a merge, an
   * import); `expected` is the commit it should reach (a poll already under way may miss it).
   * While live, the commit arrives pushed: this only waits for it (up to 5 s).
   */
  async reload(expected?: string): Promise<void> {
    const s = this.session;
    if (!s) return;
    for (let i = 0; i < 20 && !this.destroyed; i++) {
      await s.poll();
      if (!expected || s.head === expected) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Put back the value a colleague replaced (from the notice). */
  putBack(notice: ReplacedNotice): void {
    const op: Op =
      notice.kind === "node"
        ? { op: "update_node", id: notice.id, set: { [notice.field]: notice.value } }
        : { op: "update_edge", id: notice.id, set: { [notice.field]: notice.value } };
    const word = fieldWord(notice.field);
    const done = this.edit([op], `Put back my ${word}`);
    this.store.setState({ replaced: null });
    if (done) this.announce(`Your ${word} is back.`);
  }

  /** Add back a box a colleague deleted, as it was before, with its arrows to boxes still here. */
  async bringBack(notice: DeletedNotice): Promise<void> {
    const { org, graph } = this.state;
    const old = await api.tree(org, graph, notice.before);
    const node = old.doc.nodes[notice.id];
    if (!node) return;
    const doc = this.state.doc;
    const edges = Object.values(old.doc.edges).filter(
      (e) => (e.source === node.id || e.target === node.id) && (e.source in doc.nodes || e.source === node.id) && (e.target in doc.nodes || e.target === node.id),
    );
    const ops: Op[] = [{ op: "add_node", node }, ...edges.map((edge): Op => ({ op: "add_edge", edge }))];
    if (this.edit(ops, `Bring back “${node.label}”`)) {
      this.store.setState({ deleted: null });
      this.select({ nodes: [node.id], edges: [] });
      this.announce(`“${node.label}” is back.`);
    }
  }

  /** Ask the server for a fresh Graphviz layout of what is shown (after saving). */
  async refreshLayout(): Promise<void> {
    const { org, graph } = this.state;
    await this.session?.settle();
    const head = this.session?.head ?? this.state.head;
    const layout = await api.layout(org, graph, head).catch(() => null);
    if (layout && !this.destroyed) this.store.setState({ layout });
  }

  // -- session events ----------------------------------------------------------------------------

  private onStatus(status: SaveStatus, message: string, conflicts: Conflict[], refused?: EditorState["refused"]): void {
    if (this.destroyed) return;
    const keep = status === "error" ? (refused ?? this.state.refused) : status === "saved" ? null : this.state.refused;
    this.store.setState({ status, statusMessage: message, conflicts, refused: keep });
  }

  private onCommitted(c: Commit, ops: Op[]): void {
    if (this.destroyed) return;
    this.ownCommits.add(c.id);
    this.written = recordWritten(this.written, ops);
    this.store.setState({ head: this.session?.head ?? c.id });
  }

  private onRemote(info: RemoteInfo): void {
    if (this.destroyed) return;
    const { doc, commit, reason } = info;
    const dropped = info.dropped.length;
    const before = this.state;
    const lost = before.selection.nodes.find((id) => !(id in doc.nodes) && id in before.doc.nodes);
    const keep = (ids: string[], table: Record<string, unknown>) => ids.filter((id) => id in table);
    this.store.setState({
      doc,
      head: commit,
      selection: { nodes: keep(before.selection.nodes, doc.nodes), edges: keep(before.selection.edges, doc.edges) },
      // Who made a pushed commit is known with it: the fields' "ana changed this to …" reads it.
      ...(reason === "live" ? { remoteBy: { commit, by: info.author || null } } : {}),
      ...this.undoState(),
    });
    if (reason === "live") this.onLiveCommit(info, before, lost);
    else if (reason === "poll" || reason === "rebase") {
      void this.findRemoteAuthor(commit);
      if (lost) void this.reportDeleted(lost, before.doc.nodes[lost]!.label, before.head, commit);
      else this.announce("A colleague's change arrived.");
    }
    if (dropped) this.announce(`${dropped} of your changes no longer applied and were dropped.`);
  }

  /** A pushed commit (its author and delta known): say who, and what it did to this person's work. */
  private onLiveCommit(info: RemoteInfo, before: EditorState, lost: string | undefined): void {
    const by = info.author || null;
    const mine = !!by && by === this.state.me;
    if (lost) {
      this.reportDeletedBy(lost, before.doc.nodes[lost]!.label, by, before.head);
      return;
    }
    if (info.delta && !mine) {
      const r = overwritten(this.written, info.delta);
      this.written = r.map;
      const o = r.overwrites[0];
      if (o && by) {
        const what = o.kind === "node" ? (before.doc.nodes[o.id]?.label ?? "") : edgeName(before.doc, o.id);
        this.store.setState({ replaced: { ...o, by, what, seq: ++this.seq } });
        this.announce(replacedSentence({ ...o, by, what }));
        return;
      }
    }
    const now = Date.now();
    if (!mine && now - this.lastLiveAnnounce > LIVE_ANNOUNCE_GAP_MS) {
      this.lastLiveAnnounce = now;
      this.announce(`${by ?? "A colleague"}: ${info.message || "a change"}.`);
    }
  }

  private reportDeletedBy(id: string, label: string, by: string | null, before: string): void {
    this.store.setState({ deleted: { id, label, by, before } });
    this.announce(`“${label || "Untitled box"}” was deleted${by ? ` by ${by}` : ""}.`);
  }

  /** Who made the newest commit up to `commit` that this page did not make. */
  private async findRemoteAuthor(commit: string): Promise<void> {
    const { org, graph } = this.state;
    this.store.setState({ remoteBy: { commit, by: null } });
    const recent = await api.commits(org, graph, commit, 10).catch(() => [] as Commit[]);
    const theirs = recent.find((c) => !this.ownCommits.has(c.id));
    if (this.destroyed || this.state.remoteBy?.commit !== commit) return;
    this.store.setState({ remoteBy: { commit, by: theirs ? authorName(theirs.author) : null } });
  }

  private async reportDeleted(id: string, label: string, before: string, commit: string): Promise<void> {
    const { org, graph } = this.state;
    const latest = await api.commits(org, graph, commit, 1).catch(() => [] as Commit[]);
    const by = latest[0] ? authorName(latest[0].author) : null;
    if (this.destroyed) return;
    this.reportDeletedBy(id, label, by, before);
  }
}

/** An arrow as people name it: “Coaching” → “Confidence”. */
function edgeName(doc: Doc, id: string): string {
  const e = doc.edges[id];
  if (!e) return "an arrow";
  return `${doc.nodes[e.source]?.label ?? "?"} → ${doc.nodes[e.target]?.label ?? "?"}`;
}
