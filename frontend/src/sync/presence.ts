/**
 * Tells the others on the branch what this page has selected and which field it types in
 * (POST .../presence, the live protocol's client rules):
 * - on every change, but at most one post per `minGapMs` (~5 a second): the latest state wins;
 * - again every `heartbeatMs` (10 s) so the others keep us (they drop an entry after 30 s);
 * - again 0.3-1.5 s (at random) after someone new appears, so the newcomer sees us without
 *   everybody answering at the same instant;
 * - `gone` when leaving (fetch keepalive: sendBeacon cannot send the CSRF header).
 *
 * Presence is best effort: a post that fails is not retried (the next change or heartbeat
 * says it again). Nothing is posted without a live connection (`session` from its hello).
 */
import type { PresenceField } from "../model/presence";
import type { Api, PresenceBody } from "./api";

export interface OwnPresence {
  selection: { nodes: string[]; edges: string[] };
  field: PresenceField | null;
}

export interface PresenceOptions {
  heartbeatMs?: number;
  minGapMs?: number;
  /** Wait before answering a newcomer: `newcomerMinMs + random() * newcomerSpreadMs`. */
  newcomerMinMs?: number;
  newcomerSpreadMs?: number;
  random?: () => number;
  now?: () => number;
}

const NOTHING: OwnPresence = { selection: { nodes: [], edges: [] }, field: null };

export class PresenceReporter {
  private session: string | null = null;
  private state: OwnPresence = NOTHING;
  private lastPost = -Infinity;
  private sendTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setTimeout> | null = null;
  private newcomer: ReturnType<typeof setTimeout> | null = null;
  private readonly o: Required<PresenceOptions>;

  constructor(
    private readonly api: Api,
    private readonly org: string,
    private readonly graph: string,
    private readonly branch: string,
    opts: PresenceOptions = {},
  ) {
    this.o = {
      heartbeatMs: 10_000,
      minGapMs: 200,
      newcomerMinMs: 300,
      newcomerSpreadMs: 1200,
      random: Math.random,
      now: () => Date.now(),
      ...opts,
    };
  }

  /** The live connection's id (a new one after each reconnect), or null while there is none. */
  setSession(session: string | null): void {
    if (session === this.session) return;
    this.session = session;
    this.clearTimers();
    if (session) this.post();
  }

  /** What this page shows as its own presence now (posted soon, throttled). */
  set(state: OwnPresence): void {
    this.state = state;
    this.schedule();
  }

  /** Someone new appeared: post ours again within 0.3-1.5 s. */
  greet(): void {
    if (!this.session || this.newcomer) return;
    const wait = this.o.newcomerMinMs + this.o.random() * this.o.newcomerSpreadMs;
    this.newcomer = setTimeout(() => {
      this.newcomer = null;
      this.post();
    }, wait);
  }

  /** Leaving the page or the branch: say so (with keepalive) and stop. */
  leave(): void {
    const session = this.session;
    this.session = null;
    this.clearTimers();
    if (session) this.send({ session, ...this.body(), gone: true }, true);
  }

  stop(): void {
    this.session = null;
    this.clearTimers();
  }

  private clearTimers(): void {
    for (const t of [this.sendTimer, this.heartbeat, this.newcomer]) if (t) clearTimeout(t);
    this.sendTimer = this.heartbeat = this.newcomer = null;
  }

  private body(): Omit<PresenceBody, "session" | "gone"> {
    return { selection: { nodes: [...this.state.selection.nodes], edges: [...this.state.selection.edges] }, field: this.state.field };
  }

  private schedule(): void {
    if (!this.session || this.sendTimer) return;
    const wait = this.lastPost + this.o.minGapMs - this.o.now();
    if (wait <= 0) this.post();
    else
      this.sendTimer = setTimeout(() => {
        this.sendTimer = null;
        this.post();
      }, wait);
  }

  private post(): void {
    if (!this.session) return;
    if (this.sendTimer) clearTimeout(this.sendTimer);
    this.sendTimer = null;
    this.lastPost = this.o.now();
    this.send({ session: this.session, ...this.body(), gone: false }, false);
    if (this.heartbeat) clearTimeout(this.heartbeat);
    this.heartbeat = setTimeout(() => {
      this.heartbeat = null;
      this.post();
    }, this.o.heartbeatMs);
  }

  private send(body: PresenceBody, keepalive: boolean): void {
    this.api.presence(this.org, this.graph, this.branch, body, { keepalive }).catch(() => undefined);
  }
}
