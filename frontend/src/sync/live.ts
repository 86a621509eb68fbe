/**
 * The live channel of one branch: a Server-Sent Events stream (GET .../branches/{b}/live,
 * protocol in the README's "Live editing") that pushes every commit landing on the branch, with
 * its delta, and the presence of the others who have it open.
 *
 * Why EventSource: the browser reconnects it by itself after a dropped connection and sends
 * `Last-Event-ID` (the last commit seen), so the server resumes with no gap and no duplicate.
 * It gives up only when the server answers something other than a stream (it was down for
 * long, a proxy's 502, a 404): the channel then makes a new one after a back-off (1 s doubling
 * to 15 s) with `?since=` the commit the page is at. `bye` (access was taken away) closes it for
 * good.
 *
 * The channel only parses and reports; the branch session applies commits (sync/liveSession.ts
 * joins the two). The EventSource is made by an injectable factory so tests drive a fake one.
 */
import { deltaFromWire, type Delta, type PresenceMessage } from "../model";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "closed";

/** What the channel needs of an EventSource (the browser's, or a test's fake). */
export interface EventSourceLike {
  /** 0 connecting, 1 open, 2 closed (EventSource.CONNECTING/OPEN/CLOSED). */
  readonly readyState: number;
  onerror: ((ev: unknown) => void) | null;
  addEventListener(type: string, listener: (ev: { data: string; lastEventId?: string }) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

const CLOSED = 2;

export interface LiveUser {
  username: string;
  display_name?: string | null;
}

/** The first event of every connection. */
export interface Hello {
  /** The branch head when the stream started. */
  head: string;
  /** This connection's id (presence posts name it). */
  session: string;
  user: LiveUser | null;
  can_write: boolean;
  heartbeat_s: number;
  presence_ttl_s: number;
}

/** A commit that landed on the branch: apply `delta` when `old` is the commit the page is at. */
export interface CommitEvent {
  commit: string;
  old: string | null;
  parents: string[];
  author: string;
  message: string;
  delta: Delta;
  /** The first event after a reconnect: everything from `old` to `commit` in one delta. */
  catchup: boolean;
}

export interface ResyncEvent {
  head: string;
  reason: string;
}

export interface ByeEvent {
  code: number;
  message: string;
}

export interface LiveHandlers {
  hello?(h: Hello): void;
  commit?(e: CommitEvent): void;
  resync?(e: ResyncEvent): void;
  presence?(p: PresenceMessage): void;
  bye?(b: ByeEvent): void;
  status?(s: LiveStatus): void;
}

export interface LiveOptions {
  /** The stream's address without `since`. */
  url: string;
  /** The commit the page is at (sent as `since` on every new EventSource). */
  since: () => string | null;
  handlers: LiveHandlers;
  /** Makes the EventSource; null when the browser has none (the editor then polls). */
  factory?: EventSourceFactory | null;
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** The browser's EventSource with cookies, or null where there is none (unit tests under node). */
export function browserEventSource(): EventSourceFactory | null {
  if (typeof EventSource === "undefined") return null;
  return (url) => new EventSource(url, { withCredentials: true }) as unknown as EventSourceLike;
}

function parse<T>(data: string): T | null {
  try {
    const v = JSON.parse(data) as unknown;
    return v && typeof v === "object" ? (v as T) : null;
  } catch {
    return null;
  }
}

/** A commit event from its JSON (the delta normalized as GET tree's entities are). */
export function commitEventFromWire(raw: Record<string, unknown>): CommitEvent | null {
  if (typeof raw.commit !== "string") return null;
  return {
    commit: raw.commit,
    old: typeof raw.old === "string" ? raw.old : null,
    parents: Array.isArray(raw.parents) ? raw.parents.filter((p): p is string => typeof p === "string") : [],
    author: typeof raw.author === "string" ? raw.author : "",
    message: typeof raw.message === "string" ? raw.message : "",
    delta: deltaFromWire(raw.delta),
    catchup: raw.catchup === true,
  };
}

export class LiveChannel {
  status: LiveStatus = "connecting";
  /** The latest hello (its `session` names this connection in presence posts). */
  hello: Hello | null = null;
  private es: EventSourceLike | null = null;
  private delay: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ended = false;
  private readonly factory: EventSourceFactory | null;
  private readonly minDelay: number;
  private readonly maxDelay: number;

  constructor(private readonly opts: LiveOptions) {
    this.factory = opts.factory === undefined ? browserEventSource() : opts.factory;
    this.minDelay = opts.minDelayMs ?? 1000;
    this.maxDelay = opts.maxDelayMs ?? 15000;
    this.delay = this.minDelay;
  }

  /** Whether a channel can be opened at all (there is an EventSource). */
  get supported(): boolean {
    return this.factory !== null;
  }

  /** This connection's id from the server, or null while not connected. */
  get session(): string | null {
    return this.status === "live" ? (this.hello?.session ?? null) : null;
  }

  start(): void {
    if (this.ended || this.es || !this.factory) {
      if (!this.factory) this.setStatus("closed");
      return;
    }
    this.open();
  }

  /** Close for good (leaving the page). */
  close(): void {
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.es?.close();
    this.es = null;
    this.setStatus("closed");
  }

  private setStatus(s: LiveStatus): void {
    if (this.status === s) return;
    this.status = s;
    this.opts.handlers.status?.(s);
  }

  private open(): void {
    const since = this.opts.since();
    const url = since ? `${this.opts.url}${this.opts.url.includes("?") ? "&" : "?"}since=${encodeURIComponent(since)}` : this.opts.url;
    const es = this.factory!(url);
    this.es = es;
    const h = this.opts.handlers;
    const on = <T>(type: string, f: (v: T) => void) =>
      es.addEventListener(type, (ev) => {
        // Events of an EventSource already replaced (or closed) are not ours any more.
        if (this.es !== es) return;
        const v = parse<T>(ev.data);
        if (v) f(v);
      });
    on<Hello>("hello", (v) => {
      this.hello = v;
      this.delay = this.minDelay;
      h.hello?.(v);
      this.setStatus("live");
    });
    on<Record<string, unknown>>("commit", (raw) => {
      const ev = commitEventFromWire(raw);
      if (ev) h.commit?.(ev);
    });
    on<ResyncEvent>("resync", (v) => typeof v.head === "string" && h.resync?.(v));
    on<PresenceMessage>("presence", (v) => h.presence?.(v));
    on<ByeEvent>("bye", (v) => {
      this.close();
      h.bye?.(v);
    });
    es.onerror = () => {
      if (this.es !== es || this.ended) return;
      if (es.readyState === CLOSED) {
        // The browser gave up (the server was down for long, or did not answer with a stream).
        es.close();
        this.es = null;
        this.setStatus("reconnecting");
        const wait = this.delay;
        this.delay = Math.min(this.delay * 2, this.maxDelay);
        this.timer = setTimeout(() => {
          this.timer = null;
          if (!this.ended) this.open();
        }, wait);
      } else {
        // The browser is reconnecting by itself (with Last-Event-ID).
        this.setStatus("reconnecting");
      }
    };
  }
}
