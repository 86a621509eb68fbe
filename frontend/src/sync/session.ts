/**
 * Keeps one branch of one ToC in step with the server.
 *
 * - Edits are applied locally at once and queued as ops.
 * - Each action is sent at once (`debounceMs` 0: edits made in the same tick go as one commit;
 *   the inspector already sends typing in ~300 ms pauses per field), one commit in flight at a
 *   time: what is made meanwhile goes right after its answer. `base` = the commit the ops were
 *   made against; the server rebases them when nothing they touch changed. Commit messages are
 *   the edits' labels, each once ("Rename; Edit description").
 * - Colleagues' commits arrive pushed by the live channel (`receive`, sync/live.ts) with their
 *   delta: applied to the head without fetching the tree when they chain on it, else the tree
 *   is fetched at that commit. Events that come while a commit of ours is in flight wait for
 *   its answer (so our own commit echoed back is recognised, before or after the answer).
 *   Pending ops are replayed on any new head (model/reconcile).
 * - While the live channel is not up, the branch head is polled (~3 s) instead.
 * - 409 => "conflict": edits are kept; the user chooses to keep theirs or re-apply hers.
 * - The server unreachable => "offline": edits are kept and retried with back-off.
 */
import { applyDelta, applyOps, applyOpsLenient, compactOps, deltaIds, describeOps, reconcile, type Delta } from "../model";
import type { Doc, Op } from "../model/types";
import { perfMark } from "./perf";
import { Api, ApiError, NetworkError, type Commit, type Conflict } from "./api";

export type SaveStatus = "saved" | "pending" | "saving" | "conflict" | "offline" | "error";

export type RemoteReason = "poll" | "rebase" | "resolve" | "rejected" | "live";

/** A commit pushed by the live channel, as the session needs it (sync/live.ts CommitEvent). */
export interface PushedCommit {
  commit: string;
  /** The head it was made on: the delta applies when that is ours. */
  old: string | null;
  parents?: string[];
  author: string;
  message: string;
  delta: Delta;
  /** The first event after a reconnect: everything from `old` to the head in one delta. */
  catchup?: boolean;
}

export interface RemoteInfo {
  doc: Doc;
  commit: string;
  /** The user's unsent edits that no longer applied on the new head (dropped). */
  dropped: Op[];
  reason: RemoteReason;
  /** With "live": who made the commit, its message, what it touched and its delta. */
  author?: string;
  message?: string;
  touched?: { nodes: string[]; edges: string[] };
  delta?: Delta;
}

export interface SessionEvents {
  /** The document shown changed for a reason other than a local edit. */
  remote?: (info: RemoteInfo) => void;
  status?: (status: SaveStatus, detail: StatusDetail) => void;
  /** The server has a commit of ours, made of these ops. */
  committed?: (commit: Commit, ops: Op[]) => void;
}

export interface StatusDetail {
  message?: string;
  conflicts?: Conflict[];
  /** With "error": the edits the server refused (dropped) and its answer, so the view can say which field was wrong. */
  refused?: { ops: Op[]; error: ApiError };
}

export interface SessionOptions {
  /** Quiet time after the last edit before the queue is sent (0: at once, same-tick edits together). */
  debounceMs?: number;
  /** Longest an edit waits while more keep coming. */
  maxWaitMs?: number;
  pollMs?: number;
  /** Start timers (polling, debounced flush). Off in unit tests, which call flush()/poll(). */
  timers?: boolean;
}

export class BranchSession {
  /** The commit the server's branch is at, as far as we know, and its content. */
  head: string;
  headDoc: Doc;
  /** What the user sees: headDoc + inflight + pending. */
  doc: Doc;
  pending: Op[] = [];
  inflight: Op[] | null = null;
  /** Commit messages the user (or a feature such as restore) asked for, for the next commit. */
  private messages: string[] = [];
  status: SaveStatus = "saved";
  message = "";
  conflicts: Conflict[] = [];

  private readonly opts: Required<SessionOptions>;
  private debounceTimer: ReturnType<typeof setTimeout> | null = null;
  private firstPendingAt = 0;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = 2000;
  private stopped = false;
  private polling = false;
  private waiters: (() => void)[] = [];
  /** The live channel is up: no polling, commits arrive pushed. */
  private live = false;
  /** Pushed commits and resyncs not handled yet, in the order they came. */
  private incoming: ({ kind: "commit"; ev: PushedCommit } | { kind: "resync"; head: string })[] = [];
  private draining = false;
  private drainRetry: ReturnType<typeof setTimeout> | null = null;
  /** Commits this session has passed (ours acknowledged, pushed ones applied): their echoes are skipped. */
  private readonly known = new Set<string>();
  /**
   * Our commits the server rebased over a colleague's: acknowledged, but not in headDoc until
   * their own event arrives (then the event's delta is the server's result). Until then their
   * ops are replayed on the head like pending ones, so what the user did never flickers away.
   */
  private landed: { commit: string; ops: Op[] }[] = [];

  constructor(
    readonly api: Api,
    readonly org: string,
    readonly graph: string,
    readonly branch: string,
    start: { commit: string; doc: Doc },
    readonly events: SessionEvents = {},
    opts: SessionOptions = {},
  ) {
    this.head = start.commit;
    this.headDoc = start.doc;
    this.doc = start.doc;
    this.opts = { debounceMs: 0, maxWaitMs: 3000, pollMs: 3000, timers: true, ...opts };
    this.remember(start.commit);
    if (this.opts.timers) this.schedulePoll();
  }

  stop(): void {
    this.stopped = true;
    for (const t of [this.debounceTimer, this.pollTimer, this.retryTimer, this.drainRetry]) if (t) clearTimeout(t);
  }

  /**
   * The live channel went up (commits now arrive pushed: stop polling) or down (poll again
   * until it is back).
   */
  setLive(on: boolean): void {
    if (this.live === on) return;
    this.live = on;
    if (on) {
      if (this.pollTimer) clearTimeout(this.pollTimer);
      this.pollTimer = null;
    } else if (this.opts.timers) this.schedulePoll();
  }

  get isLive(): boolean {
    return this.live;
  }

  private remember(commit: string): void {
    this.known.add(commit);
    // A page open all day must not grow without end: the oldest ids go first (a Set keeps order).
    if (this.known.size > 1000) this.known.delete(this.known.values().next().value!);
  }

  get hasUnsaved(): boolean {
    return this.pending.length > 0 || this.inflight !== null;
  }

  /** Apply a local edit (throws OpError if it does not apply) and queue it. */
  edit(ops: Op[], message?: string): Doc {
    if (ops.length === 0) return this.doc;
    this.doc = applyOps(this.doc, ops);
    perfMark("toc:edit");
    if (message) this.messages.push(message);
    if (this.pending.length === 0) this.firstPendingAt = Date.now();
    this.pending.push(...ops);
    if (this.status === "saved" || this.status === "error") this.setStatus("pending");
    this.scheduleFlush();
    return this.doc;
  }

  private setStatus(s: SaveStatus, message = "", conflicts: Conflict[] = [], refused?: StatusDetail["refused"]): void {
    this.status = s;
    this.message = message;
    this.conflicts = conflicts;
    this.events.status?.(s, refused ? { message, conflicts, refused } : { message, conflicts });
    if (!this.hasUnsaved && s === "saved") {
      perfMark("toc:saved");
      const w = this.waiters;
      this.waiters = [];
      w.forEach((f) => f());
    }
  }

  private scheduleFlush(): void {
    if (!this.opts.timers || this.stopped) return;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    const waited = Date.now() - this.firstPendingAt;
    const delay = Math.max(0, Math.min(this.opts.debounceMs, this.opts.maxWaitMs - waited));
    this.debounceTimer = setTimeout(() => void this.flush(), delay);
  }

  /** Send everything pending as one commit. Resolves when that attempt is over. */
  async flush(): Promise<void> {
    if (this.inflight || this.pending.length === 0 || this.status === "conflict") return;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    const ops = compactOps(this.pending);
    this.pending = [];
    const messages = this.messages;
    this.messages = [];
    if (ops.length === 0) {
      this.setStatus("saved");
      return;
    }
    this.inflight = ops;
    const sentOn = this.head;
    const headDoc = this.headDoc;
    this.setStatus("saving");
    try {
      const message = messages.length ? [...new Set(messages)].join("; ") : describeOps(ops, headDoc);
      perfMark("toc:commit-sent");
      const c = await this.api.commit(this.org, this.graph, this.branch, sentOn, message, ops);
      perfMark("toc:commit-acked");
      this.inflight = null;
      this.retryDelay = 2000;
      if (c.parents?.length === 1 && c.parents[0] === sentOn && this.head === sentOn) {
        // Landed straight on the head we knew: the new head is our base plus our ops (its echo,
        // before or after this answer, is then a commit we have).
        this.headDoc = applyOpsLenient(headDoc, ops).doc;
        this.head = c.id;
        this.remember(c.id);
      } else if (this.live) {
        // Rebased over a colleague's commit: their commit and ours arrive pushed, in order
        // (maybe already waiting); until ours does, its ops stay on top of what is shown.
        this.landed.push({ commit: c.id, ops });
      } else {
        // Rebased, and nothing is pushed: fetch the real result.
        await this.refreshTo(c.id, "rebase");
      }
      this.events.committed?.(c, ops);
      void this.drain();
      if (this.pending.length) {
        this.setStatus("pending");
        this.scheduleFlush();
      } else this.setStatus("saved");
    } catch (err) {
      this.pending = [...ops, ...this.pending];
      this.messages = [...messages, ...this.messages];
      this.inflight = null;
      this.handleError(err, ops);
      void this.drain();
    }
  }

  private handleError(err: unknown, sent: Op[] = []): void {
    if (err instanceof ApiError && err.status === 409) {
      this.setStatus(
        "conflict",
        err.message || "Someone else changed the same thing. Choose whose version to keep.",
        err.conflicts,
      );
      return;
    }
    if (err instanceof NetworkError || (err instanceof ApiError && (err.status >= 500 || err.status === 0))) {
      this.setStatus("offline", err.message);
      this.scheduleRetry();
      return;
    }
    if (err instanceof ApiError && (err.status === 400 || err.status === 422)) {
      // The server refused the batch: drop it so the rest can go on, and show why.
      this.pending = [];
      this.messages = [];
      this.setStatus("error", `The server refused this change: ${err.message}`, [], { ops: sent, error: err });
      this.replay("rejected");
      return;
    }
    this.setStatus("error", err instanceof Error ? err.message : String(err));
  }

  private scheduleRetry(): void {
    if (!this.opts.timers || this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryDelay = Math.min(this.retryDelay * 2, 15000);
      if (this.pending.length) void this.flush();
      else void this.poll();
    }, this.retryDelay);
  }

  /** Load `commit` as the new head and replay what is pending on it. */
  private async refreshTo(commit: string, reason: RemoteReason, pushed?: PushedCommit): Promise<void> {
    const tree = await this.api.tree(this.org, this.graph, commit);
    // A whole tree holds whatever we had landed (or its event follows and chains on it).
    this.landed = [];
    this.applyTree({ ...tree, commit: tree.commit || commit }, reason, pushed);
  }

  private applyTree(tree: { commit: string; doc: Doc }, reason: RemoteReason, pushed?: PushedCommit): void {
    this.head = tree.commit;
    this.headDoc = tree.doc;
    this.remember(tree.commit);
    this.replay(reason, pushed);
  }

  /** Show the head with our landed, inflight and pending ops on top; tell the view. */
  private replay(reason: RemoteReason, pushed?: PushedCommit): void {
    const ours = [...(this.inflight ?? []), ...this.pending];
    const r = reconcile(this.headDoc, [...this.landed.flatMap((l) => l.ops), ...ours]);
    // Ops that no longer apply are dropped from what will be sent (and said, ours only).
    const dropped = r.dropped.filter((op) => ours.includes(op));
    if (dropped.length) this.pending = this.pending.filter((op) => !dropped.includes(op));
    this.doc = r.doc;
    const info: RemoteInfo = { doc: this.doc, commit: this.head, dropped, reason };
    if (pushed) Object.assign(info, { author: pushed.author, message: pushed.message, touched: deltaIds(pushed.delta), delta: pushed.delta });
    this.events.remote?.(info);
  }

  // -- commits pushed by the live channel ------------------------------------------------------

  /** A commit landed on the branch (pushed by the live channel). */
  receive(ev: PushedCommit): void {
    this.incoming.push({ kind: "commit", ev });
    void this.drain();
  }

  /** The server says events may have been missed: load the tree at `head` and go on from there. */
  resync(head: string): void {
    this.incoming.push({ kind: "resync", head });
    void this.drain();
  }

  /**
   * Handle what was pushed, in order, one at a time (a tree fetch is awaited before the next).
   * Nothing is handled while a commit of ours is in flight: its answer tells whether the server
   * put it straight on our head (then its echo is a commit we have) or rebased it.
   */
  private async drain(): Promise<void> {
    if (this.draining || this.stopped) return;
    this.draining = true;
    try {
      while (this.incoming.length && !this.inflight && !this.stopped) {
        const item = this.incoming[0]!;
        if (item.kind === "resync") await this.refreshTo(item.head, "live");
        else {
          const ev = item.ev;
          // Ours echoed back, or a commit we have passed, needs nothing; one that chains on our
          // head is patched in; any other means we missed something: fetch that commit's tree.
          if (!this.known.has(ev.commit)) {
            if (ev.old !== null && ev.old === this.head) this.applyPushed(ev);
            else await this.refreshTo(ev.commit, "live", ev);
          }
        }
        this.incoming.shift();
        if (this.status === "offline" && !this.hasUnsaved) this.setStatus("saved");
      }
    } catch (err) {
      // The tree could not be fetched: keep the event and try again shortly.
      if (err instanceof NetworkError || (err instanceof ApiError && err.status >= 500)) this.setStatus("offline", err.message);
      if (this.opts.timers && !this.stopped) {
        if (this.drainRetry) clearTimeout(this.drainRetry);
        this.drainRetry = setTimeout(() => void this.drain(), 2000);
      }
    } finally {
      this.draining = false;
    }
  }

  /** A pushed commit that chains on our head: patch the head with its delta. */
  private applyPushed(ev: PushedCommit): void {
    this.headDoc = applyDelta(this.headDoc, ev.delta);
    this.head = ev.commit;
    this.remember(ev.commit);
    // Our own rebased commit arrived: its ops are in the head now (and those landed before it).
    // A catch-up after a reconnect goes to the head as it is since: past all we had landed.
    const i = ev.catchup ? this.landed.length - 1 : this.landed.findIndex((l) => l.commit === ev.commit);
    if (i >= 0) this.landed = this.landed.slice(i + 1);
    this.replay("live", ev);
  }

  /**
   * Ask the server whether the branch moved; if so show the new head. Not while the live channel
   * is up: a tree fetched past the pushed events would make the older events that follow look
   * like a gap (and the page step back to them).
   */
  async poll(): Promise<boolean> {
    if (this.live || this.polling || this.inflight || this.pending.length || this.status === "conflict") return false;
    this.polling = true;
    const knownHead = this.head;
    try {
      const b = await this.api.branch(this.org, this.graph, this.branch);
      if (this.status === "offline") this.setStatus(this.hasUnsaved ? "pending" : "saved");
      // If we committed while asking, the answer may be older than what we know: ask again later.
      if (b.head === this.head || this.head !== knownHead || this.inflight || this.pending.length) return false;
      const tree = await this.api.tree(this.org, this.graph, b.head);
      if (this.head !== knownHead || this.inflight) return false;
      this.applyTree(tree, "poll");
      return true;
    } catch (err) {
      if (err instanceof NetworkError || (err instanceof ApiError && err.status >= 500)) {
        this.setStatus("offline", err.message);
      }
      return false;
    } finally {
      this.polling = false;
    }
  }

  /** Poll every `pollMs` while the live channel is down (it stops as soon as it is up). */
  private schedulePoll(): void {
    if (this.stopped || this.live) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(async () => {
      this.pollTimer = null;
      if (this.live) return;
      const hidden = typeof document !== "undefined" && document.visibilityState === "hidden";
      if (!hidden) await this.poll();
      this.schedulePoll();
    }, this.opts.pollMs);
  }

  /**
   * After a 409: "theirs" drops the user's unsaved edits and shows the branch head;
   * "mine" re-applies them on top of the head and saves them (they win where they clash).
   */
  async resolveConflict(keep: "mine" | "theirs"): Promise<void> {
    // Live, the head we have is the branch's (commits arrive pushed); otherwise ask for it.
    const b = this.live ? null : await this.api.branch(this.org, this.graph, this.branch);
    if (keep === "theirs") {
      this.pending = [];
      this.messages = [];
    }
    this.status = "pending";
    if (b) await this.refreshTo(b.head, "resolve");
    else this.replay("resolve");
    if (this.pending.length) {
      this.setStatus("pending");
      await this.flush();
    } else this.setStatus("saved");
  }

  /** Resolves once everything the user did is saved (or immediately if it is). */
  async settle(): Promise<void> {
    if (!this.hasUnsaved) return;
    const done = new Promise<void>((res) => this.waiters.push(res));
    await this.flush();
    if (!this.hasUnsaved) return;
    if (this.status === "conflict" || this.status === "error") throw new Error(this.message || "Unsaved changes");
    await done;
  }
}
