/**
 * Joins a branch session to its live channel: pushed commits and resyncs go to the session,
 * the channel's status switches the session's polling off (live) and on (not live), each new
 * connection's id goes to the presence reporter, and what only the page can show (hello,
 * presence of others, bye, status) goes to the caller's handlers.
 */
import type { PresenceMessage } from "../model";
import { LiveChannel, type ByeEvent, type EventSourceFactory, type Hello, type LiveStatus } from "./live";
import { PresenceReporter, type PresenceOptions } from "./presence";
import type { BranchSession } from "./session";

export interface LiveLinkHandlers {
  hello?(h: Hello): void;
  presence?(p: PresenceMessage): void;
  bye?(b: ByeEvent): void;
  status?(s: LiveStatus): void;
}

export interface LiveLinkOptions {
  factory?: EventSourceFactory | null;
  presence?: PresenceOptions;
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface LiveLink {
  channel: LiveChannel;
  presence: PresenceReporter;
  /** Leave: say "gone" to the others and close the stream for good. */
  close(): void;
}

export function connectLive(session: BranchSession, handlers: LiveLinkHandlers = {}, opts: LiveLinkOptions = {}): LiveLink {
  const { api, org, graph, branch } = session;
  const presence = new PresenceReporter(api, org, graph, branch, opts.presence);
  const channel = new LiveChannel({
    url: api.liveUrl(org, graph, branch),
    since: () => session.head,
    factory: opts.factory,
    minDelayMs: opts.minDelayMs,
    maxDelayMs: opts.maxDelayMs,
    handlers: {
      hello: (h) => {
        handlers.hello?.(h);
        // Anonymous readers of a public ToC have no account to post presence with.
        presence.setSession(h.user ? h.session : null);
      },
      commit: (ev) => session.receive(ev),
      resync: (r) => session.resync(r.head),
      presence: (p) => handlers.presence?.(p),
      bye: (b) => {
        presence.stop();
        session.setLive(false);
        session.stop();
        handlers.bye?.(b);
      },
      status: (s) => {
        session.setLive(s === "live");
        if (s !== "live") presence.setSession(null);
        handlers.status?.(s);
      },
    },
  });
  channel.start();
  return {
    channel,
    presence,
    close() {
      presence.leave();
      channel.close();
    },
  };
}
