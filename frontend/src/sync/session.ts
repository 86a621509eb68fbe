/**
 * Keeps one branch of one ToC in step with the server.
 *
 * - Edits are applied locally at once and queued as ops.
 * - The queue is flushed as one commit soon after the last edit (300 ms by default: the
 *   inspector already sends typing in pauses, so the server has text within a second), and
 *   never later than `maxWaitMs` after the first unsent edit while edits keep coming; `base` =
 *   the commit the ops were made against; the server rebases them when nothing they touch
 *   changed. Commit messages are the edits' labels, each once ("Rename; Edit description").
 * - While nothing is pending, the branch head is polled (~3 s) so a colleague's commit shows up
 *   without a reload; pending ops are replayed on any new head (model/reconcile).
 * - 409 => "conflict": edits are kept; the user chooses to keep theirs or re-apply hers.
 * - The server unreachable => "offline": edits are kept and retried with back-off.
 */
import { applyOps, applyOpsLenient, compactOps, describeOps, reconcile } from "../model";
import type { Doc, Op } from "../model/types";
import { perfMark } from "./perf";
import { Api, ApiError, NetworkError, type Commit, type Conflict } from "./api";

export type SaveStatus = "saved" | "pending" | "saving" | "conflict" | "offline" | "error";

export interface SessionEvents {
  /** The document shown changed for a reason other than a local edit. */
  remote?: (info: { doc: Doc; commit: string; dropped: Op[]; reason: "poll" | "rebase" | "resolve" | "rejected" }) => void;
  status?: (status: SaveStatus, detail: StatusDetail) => void;
  committed?: (commit: Commit) => void;
}

export interface StatusDetail {
  message?: string;
  conflicts?: Conflict[];
  /** With "error": the edits the server refused (dropped) and its answer, so the view can say which field was wrong. */
  refused?: { ops: Op[]; error: ApiError };
}

export interface SessionOptions {
  /** Quiet time after the last edit before the queue is sent. */
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
    this.opts = { debounceMs: 300, maxWaitMs: 3000, pollMs: 3000, timers: true, ...opts };
    if (this.opts.timers) this.schedulePoll();
  }

  stop(): void {
    this.stopped = true;
    for (const t of [this.debounceTimer, this.pollTimer, this.retryTimer]) if (t) clearTimeout(t);
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
      if (c.parents?.length === 1 && c.parents[0] === sentOn) {
        // Landed straight on the head we knew: the new head is our base plus our ops.
        this.headDoc = applyOpsLenient(headDoc, ops).doc;
        this.head = c.id;
      } else {
        // The server rebased our ops over someone else's commit: fetch the real result.
        await this.refreshTo(c.id, "rebase");
      }
      this.events.committed?.(c);
      if (this.pending.length) {
        this.setStatus("pending");
        this.scheduleFlush();
      } else this.setStatus("saved");
    } catch (err) {
      this.pending = [...ops, ...this.pending];
      this.messages = [...messages, ...this.messages];
      this.inflight = null;
      this.handleError(err, ops);
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
      this.doc = this.headDoc;
      this.setStatus("error", `The server refused this change: ${err.message}`, [], { ops: sent, error: err });
      this.events.remote?.({ doc: this.doc, commit: this.head, dropped: [], reason: "rejected" });
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
  private async refreshTo(commit: string, reason: "poll" | "rebase" | "resolve"): Promise<void> {
    const tree = await this.api.tree(this.org, this.graph, commit);
    this.applyTree({ ...tree, commit: tree.commit || commit }, reason);
  }

  private applyTree(tree: { commit: string; doc: Doc }, reason: "poll" | "rebase" | "resolve"): void {
    this.head = tree.commit;
    this.headDoc = tree.doc;
    const r = reconcile(this.headDoc, [...(this.inflight ?? []), ...this.pending]);
    // Ops that no longer apply are dropped from what will be sent.
    if (r.dropped.length) this.pending = this.pending.filter((op) => !r.dropped.includes(op));
    this.doc = r.doc;
    this.events.remote?.({ doc: this.doc, commit: this.head, dropped: r.dropped, reason });
  }

  /** Ask the server whether the branch moved; if so show the new head. */
  async poll(): Promise<boolean> {
    if (this.polling || this.inflight || this.pending.length || this.status === "conflict") return false;
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

  private schedulePoll(): void {
    if (this.stopped) return;
    this.pollTimer = setTimeout(async () => {
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
    const b = await this.api.branch(this.org, this.graph, this.branch);
    if (keep === "theirs") {
      this.pending = [];
      this.messages = [];
    }
    this.status = "pending";
    await this.refreshTo(b.head, "resolve");
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
