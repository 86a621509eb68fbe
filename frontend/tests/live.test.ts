/**
 * The live channel (sync/live.ts) driven by a fake EventSource, joined to a branch session
 * (sync/liveSession.ts) on the fake server: pushed commits are applied without fetching the
 * tree, our own commit echoed back is recognised before or after its answer, a gap or a resync
 * fetches the tree, bye closes for good, a stream the browser gave up on is made again with
 * `since` after a back-off; and the presence reporter's timing.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { docFromLists, type Op, type PresenceMessage } from "../src/model";
import {
  Api,
  BranchSession,
  connectLive,
  LiveChannel,
  PresenceReporter,
  type EventSourceLike,
  type LiveLink,
  type LiveStatus,
  type RemoteInfo,
} from "../src/sync";
import { FakeServer } from "./fakeServer";

type Listener = (ev: { data: string }) => void;

/** An EventSource the test drives: `hello`, `emit`, `fail`. */
class FakeEventSource implements EventSourceLike {
  static made: FakeEventSource[] = [];
  readyState = 0;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  private listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {
    FakeEventSource.made.push(this);
  }
  addEventListener(type: string, f: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), f]);
  }
  close(): void {
    this.readyState = 2;
    this.closed = true;
  }
  emit(type: string, data: unknown): void {
    for (const f of this.listeners.get(type) ?? []) f({ data: typeof data === "string" ? data : JSON.stringify(data) });
  }
  hello(head: string, user: string | null = null, session = "sess-0001"): void {
    this.readyState = 1;
    this.emit("hello", { head, session, user: user ? { username: user, display_name: user } : null, can_write: true, heartbeat_s: 15, presence_ttl_s: 30 });
  }
  /** The connection dropped: the browser retries by itself (`closed` false) or gave up. */
  fail(closed: boolean): void {
    this.readyState = closed ? 2 : 0;
    this.onerror?.({});
  }
}

const latest = () => FakeEventSource.made[FakeEventSource.made.length - 1]!;
const tick = () => new Promise((r) => setTimeout(r, 0));
const rename = (id: string, label: string): Op => ({ op: "update_node", id, set: { label } });

let link: LiveLink | null = null;
let session: BranchSession | null = null;

afterEach(() => {
  link?.close();
  session?.stop();
  link = null;
  session = null;
  FakeEventSource.made = [];
  vi.useRealTimers();
});

/**
 * A session on the fake server joined to a fake stream. `gate` holds the answers to commit
 * posts (the server has the commit at once; its answer arrives when the gate opens), to play
 * an echo that arrives before the answer.
 */
function setup(opts: { timers?: boolean } = {}) {
  const doc = docFromLists(
    [
      { id: "a", kind: "activity", label: "Mentoring" },
      { id: "b", kind: "outcome", label: "Confidence", horizon: "short" },
    ],
    [{ id: "e", source: "a", target: "b" }],
  );
  const server = new FakeServer(doc);
  let gate: Promise<void> | null = null;
  const sent: { url: string; init: RequestInit }[] = [];
  const api = new Api(async (url, init = {}) => {
    sent.push({ url, init });
    const res = await server.fetch(url, init);
    if (gate && init.method === "POST" && url.endsWith("/commits")) await gate;
    return res;
  });
  api.csrfToken = "tok";
  const remote: RemoteInfo[] = [];
  const statuses: LiveStatus[] = [];
  const presences: PresenceMessage[] = [];
  const byes: string[] = [];
  const s = new BranchSession(api, "acme", "toc", "main", { commit: server.head, doc }, { remote: (i) => remote.push(i) }, { pollMs: 3000, timers: !!opts.timers });
  session = s;
  link = connectLive(
    s,
    { status: (st) => statuses.push(st), presence: (p) => presences.push(p), bye: (b) => byes.push(b.message) },
    { factory: (url) => new FakeEventSource(url), presence: { random: () => 0.5 } },
  );
  const trees = () => server.requests.filter((r) => r.method === "GET" && r.path.includes("/tree/")).map((r) => r.path.split("/tree/")[1]);
  const hold = () => {
    let open!: () => void;
    gate = new Promise<void>((r) => (open = r));
    return () => {
      gate = null;
      open();
    };
  };
  return { server, api, s, remote, statuses, presences, byes, trees, hold, sent, es: latest() };
}

describe("LiveChannel with a branch session", () => {
  it("opens the stream at the commit the page has and is live after hello", () => {
    const { s, es, statuses, server } = setup();
    expect(es.url).toBe(`/api/v1/graphs/acme/toc/branches/main/live?since=${server.head}`);
    expect(s.isLive).toBe(false);
    es.hello(server.head);
    expect(statuses).toEqual(["live"]);
    expect(s.isLive).toBe(true);
    expect(link!.channel.session).toBe("sess-0001");
  });

  it("applies a pushed commit without fetching the tree, and says who made it and what it touched", async () => {
    const { s, es, server, remote, trees } = setup();
    es.hello(server.head);
    const id = server.commitAsOther([rename("b", "Self-confidence")]);
    es.emit("commit", server.event(id, "ana", "Rename"));
    await tick();
    expect(s.head).toBe(id);
    expect(s.doc.nodes.b!.label).toBe("Self-confidence");
    expect(s.headDoc.nodes.b!.label).toBe("Self-confidence");
    expect(trees()).toEqual([]);
    expect(remote).toHaveLength(1);
    expect(remote[0]).toMatchObject({ reason: "live", commit: id, author: "ana", message: "Rename", touched: { nodes: ["b"], edges: [] }, dropped: [] });
  });

  it("replays the user's unsent edits on top of a pushed commit", async () => {
    const { s, es, server } = setup();
    es.hello(server.head);
    s.edit([rename("a", "Mine, not sent")]);
    const id = server.commitAsOther([rename("b", "Theirs")]);
    es.emit("commit", server.event(id));
    await tick();
    expect(s.doc.nodes.a!.label).toBe("Mine, not sent");
    expect(s.doc.nodes.b!.label).toBe("Theirs");
    expect(s.headDoc.nodes.a!.label).toBe("Mentoring");
  });

  it("skips a commit it already has (the same event twice)", async () => {
    const { s, es, server, remote, trees } = setup();
    es.hello(server.head);
    const id = server.commitAsOther([rename("b", "X")]);
    es.emit("commit", server.event(id));
    es.emit("commit", server.event(id));
    await tick();
    expect(s.head).toBe(id);
    expect(remote).toHaveLength(1);
    expect(trees()).toEqual([]);
  });

  it("recognises its own commit echoed back after the answer", async () => {
    const { s, es, server, remote, trees } = setup();
    es.hello(server.head);
    s.edit([rename("a", "Mine")]);
    await s.flush();
    const mine = s.head;
    expect(mine).toBe(server.head);
    es.emit("commit", server.event(mine, "me"));
    await tick();
    expect(s.head).toBe(mine);
    expect(remote).toEqual([]);
    expect(trees()).toEqual([]);
  });

  it("recognises its own commit echoed back before the answer, and applies what came after it", async () => {
    const { s, es, server, remote, trees, hold } = setup();
    es.hello(server.head);
    const release = hold();
    s.edit([rename("a", "Mine")]);
    const flushing = s.flush();
    await tick();
    const mine = server.head;
    es.emit("commit", server.event(mine, "me"));
    const theirs = server.commitAsOther([rename("b", "Theirs")]);
    es.emit("commit", server.event(theirs, "ana"));
    await tick();
    // Nothing is applied while our commit is in flight.
    expect(s.inflight).not.toBeNull();
    expect(remote).toEqual([]);
    release();
    await flushing;
    await tick();
    expect(s.head).toBe(theirs);
    expect(s.doc.nodes.a!.label).toBe("Mine");
    expect(s.doc.nodes.b!.label).toBe("Theirs");
    expect(remote.map((r) => r.author)).toEqual(["ana"]);
    expect(trees()).toEqual([]);
  });

  it("an earlier commit's echo arriving after a later commit of ours is skipped (no step back)", async () => {
    const { s, es, server, remote, trees } = setup();
    es.hello(server.head);
    s.edit([rename("a", "One")]);
    await s.flush();
    const first = s.head;
    s.edit([rename("a", "Two")]);
    await s.flush();
    es.emit("commit", server.event(first, "me"));
    es.emit("commit", server.event(s.head, "me"));
    await tick();
    expect(s.doc.nodes.a!.label).toBe("Two");
    expect(remote).toEqual([]);
    expect(trees()).toEqual([]);
  });

  it("a commit the server rebased over a colleague's is shown at once and settled by the pushed events, without a tree", async () => {
    const { s, es, server, remote, trees } = setup();
    es.hello(server.head);
    const theirs = server.commitAsOther([rename("b", "Theirs")]);
    s.edit([rename("a", "Mine")]);
    await s.flush();
    const mine = server.head;
    expect(server.commits.get(mine)!.parents).toEqual([theirs]);
    // Answered before the events: our edit stays on screen.
    expect(s.doc.nodes.a!.label).toBe("Mine");
    es.emit("commit", server.event(theirs, "ana"));
    await tick();
    expect(s.head).toBe(theirs);
    expect(s.doc.nodes).toMatchObject({ a: { label: "Mine" }, b: { label: "Theirs" } });
    es.emit("commit", server.event(mine, "me"));
    await tick();
    expect(s.head).toBe(mine);
    expect(s.headDoc.nodes).toMatchObject({ a: { label: "Mine" }, b: { label: "Theirs" } });
    expect(s.doc).toEqual(s.headDoc);
    expect(trees()).toEqual([]);
    expect(remote.every((r) => r.dropped.length === 0)).toBe(true);
  });

  it("the same, with both events arriving before the answer", async () => {
    const { s, es, server, trees, hold } = setup();
    es.hello(server.head);
    const theirs = server.commitAsOther([rename("b", "Theirs")]);
    const release = hold();
    s.edit([rename("a", "Mine")]);
    const flushing = s.flush();
    await tick();
    es.emit("commit", server.event(theirs, "ana"));
    es.emit("commit", server.event(server.head, "me"));
    release();
    await flushing;
    await tick();
    expect(s.head).toBe(server.head);
    expect(s.doc.nodes).toMatchObject({ a: { label: "Mine" }, b: { label: "Theirs" } });
    expect(trees()).toEqual([]);
  });

  it("a catch-up after a reconnect settles a rebased commit whose own event was missed", async () => {
    const { s, es, server, trees } = setup();
    es.hello(server.head);
    server.commitAsOther([rename("b", "Theirs")]);
    s.edit([rename("a", "Mine")]);
    await s.flush();
    const sentOn = s.head;
    // The stream drops before any event; meanwhile a colleague commits again. The browser
    // reconnects and the server sends one catch-up from the commit we had to the head (ours
    // included), then the next commit.
    es.fail(false);
    const later = server.commitAsOther([{ op: "update_node", id: "b", set: { description: "Why" } }]);
    es.hello(server.head);
    es.emit("commit", {
      ...server.event(later),
      old: sentOn,
      catchup: true,
      delta: { nodes: { a: { id: "a", kind: "activity", label: "Mine" }, b: { id: "b", kind: "outcome", label: "Theirs", horizon: "short", description: "Why" } }, edges: {} },
    });
    const after = server.commitAsOther([rename("a", "Theirs later")]);
    es.emit("commit", server.event(after, "ana"));
    await tick();
    expect(s.head).toBe(after);
    // Our landed edit no longer sits on top of the head: the colleague's later value shows.
    expect(s.doc.nodes.a!.label).toBe("Theirs later");
    expect(s.doc).toEqual(s.headDoc);
    expect(trees()).toEqual([]);
  });

  it("fetches the tree at a pushed commit that does not chain on its head", async () => {
    const { s, es, server, remote, trees } = setup();
    es.hello(server.head);
    server.commitAsOther([rename("b", "Missed")]);
    const second = server.commitAsOther([rename("a", "Seen")]);
    es.emit("commit", server.event(second, "ana"));
    await tick();
    await tick();
    expect(trees()).toEqual([second]);
    expect(s.head).toBe(second);
    expect(s.doc.nodes).toMatchObject({ a: { label: "Seen" }, b: { label: "Missed" } });
    expect(remote[0]).toMatchObject({ reason: "live", author: "ana" });
  });

  it("resync loads the tree at the head it names", async () => {
    const { s, es, server, trees } = setup();
    es.hello(server.head);
    const head = server.commitAsOther([rename("a", "Far ahead")]);
    es.emit("resync", { head, reason: "too far behind" });
    await tick();
    await tick();
    expect(trees()).toEqual([head]);
    expect(s.head).toBe(head);
    expect(s.doc.nodes.a!.label).toBe("Far ahead");
  });

  it("bye closes the stream for good and stops the session", async () => {
    vi.useFakeTimers();
    const { s, es, server, statuses, byes } = setup();
    es.hello(server.head);
    es.emit("bye", { code: 403, message: "You are no longer a member of acme" });
    expect(es.closed).toBe(true);
    expect(statuses).toEqual(["live", "closed"]);
    expect(byes).toEqual(["You are no longer a member of acme"]);
    expect(s.isLive).toBe(false);
    es.fail(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeEventSource.made).toHaveLength(1);
  });

  it("lets the browser reconnect by itself; a stream it gave up on is made again with since, after 1 s doubling to 15 s", async () => {
    vi.useFakeTimers();
    const { s, es, server, statuses } = setup();
    es.hello(server.head);
    es.fail(false);
    expect(statuses).toEqual(["live", "reconnecting"]);
    expect(s.isLive).toBe(false);
    expect(FakeEventSource.made).toHaveLength(1);
    es.hello(server.head);
    expect(s.isLive).toBe(true);

    // The page moved on meanwhile (its own commit): the new stream starts there.
    s.edit([rename("a", "Meanwhile")]);
    await s.flush();
    const waits: number[] = [];
    let cur = es;
    for (let i = 0; i < 6; i++) {
      cur.fail(true);
      const before = FakeEventSource.made.length;
      let waited = 0;
      while (FakeEventSource.made.length === before && waited < 60_000) {
        await vi.advanceTimersByTimeAsync(500);
        waited += 500;
      }
      waits.push(waited);
      cur = latest();
      expect(cur.url).toBe(`/api/v1/graphs/acme/toc/branches/main/live?since=${s.head}`);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
    // Back: the next failure waits 1 s again.
    cur.hello(s.head);
    cur.fail(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeEventSource.made).toHaveLength(8);
  });

  it("polls only while the channel is not live", async () => {
    vi.useFakeTimers();
    const { es, server } = setup({ timers: true });
    const polls = () => server.requests.filter((r) => r.method === "GET" && /\/branches\/main$/.test(r.path)).length;
    await vi.advanceTimersByTimeAsync(3100);
    expect(polls()).toBe(1);
    es.hello(server.head);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(polls()).toBe(1);
    es.fail(false);
    await vi.advanceTimersByTimeAsync(3100);
    expect(polls()).toBe(2);
  });

  it("hands others' presence to the page and ignores what it cannot read", () => {
    const { es, server, presences } = setup();
    es.hello(server.head);
    es.emit("presence", { session: "other", user: "ana", selection: { nodes: ["a"], edges: [] }, field: null, gone: false });
    es.emit("presence", "{not json");
    es.emit("commit", { no: "commit id" });
    expect(presences.map((p) => p.user)).toEqual(["ana"]);
  });
});

describe("LiveChannel without EventSource", () => {
  it("says closed (the editor then polls)", () => {
    const statuses: LiveStatus[] = [];
    const ch = new LiveChannel({ url: "/x", since: () => "c0", factory: null, handlers: { status: (s) => statuses.push(s) } });
    ch.start();
    expect(ch.supported).toBe(false);
    expect(statuses).toEqual(["closed"]);
  });
});

describe("PresenceReporter", () => {
  function reporter() {
    const posts: { at: number; body: Record<string, unknown>; keepalive: boolean; csrf?: string }[] = [];
    const api = new Api(async (_url, init = {}) => {
      posts.push({ at: Date.now(), body: JSON.parse(init.body as string), keepalive: !!init.keepalive, csrf: (init.headers as Record<string, string>)["X-CSRF-Token"] });
      return new Response(null, { status: 204 });
    });
    api.csrfToken = "tok";
    const r = new PresenceReporter(api, "acme", "toc", "main", { random: () => 0.5 });
    return { r, posts };
  }
  const sel = (n: string) => ({ selection: { nodes: [n], edges: [] }, field: null });

  it("posts nothing before the stream's hello, then at once, with the CSRF header", async () => {
    vi.useFakeTimers();
    const { r, posts } = reporter();
    r.set(sel("a"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(posts).toHaveLength(0);
    r.setSession("sess-0001");
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ body: { session: "sess-0001", selection: { nodes: ["a"], edges: [] }, field: null, gone: false }, csrf: "tok", keepalive: false });
    r.stop();
  });

  it("throttles to about 5 posts a second, the latest state last", async () => {
    vi.useFakeTimers();
    const { r, posts } = reporter();
    r.setSession("sess-0001");
    for (let i = 0; i < 50; i++) {
      r.set(sel(`n${i}`));
      await vi.advanceTimersByTimeAsync(20);
    }
    await vi.advanceTimersByTimeAsync(300);
    // 1 s of changes: the hello post plus about five.
    expect(posts.length).toBeGreaterThanOrEqual(5);
    expect(posts.length).toBeLessThanOrEqual(7);
    for (let i = 1; i < posts.length; i++) expect(posts[i]!.at - posts[i - 1]!.at).toBeGreaterThanOrEqual(200);
    expect((posts[posts.length - 1]!.body.selection as { nodes: string[] }).nodes).toEqual(["n49"]);
    r.stop();
  });

  it("beats every 10 s, answers a newcomer within 0.3-1.5 s, and says gone with keepalive", async () => {
    vi.useFakeTimers();
    const { r, posts } = reporter();
    r.setSession("sess-0001");
    await vi.advanceTimersByTimeAsync(25_000);
    expect(posts).toHaveLength(3);
    r.greet();
    r.greet(); // several newcomers at once: one answer
    await vi.advanceTimersByTimeAsync(899);
    expect(posts).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(posts).toHaveLength(4);
    r.leave();
    expect(posts[4]).toMatchObject({ body: { gone: true, session: "sess-0001" }, keepalive: true });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(posts).toHaveLength(5);
  });

  it("a new connection (after a reconnect) posts under its new id", () => {
    const { r, posts } = reporter();
    r.setSession("sess-0001");
    r.setSession(null);
    r.setSession("sess-0002");
    expect(posts.map((p) => p.body.session)).toEqual(["sess-0001", "sess-0002"]);
    r.stop();
  });
});

describe("the session's presence link", () => {
  it("posts presence for a signed-in reader, under the connection's id", async () => {
    const { es, server, sent } = setup();
    es.hello(server.head, "ben", "sess-ben-1");
    await tick();
    const posts = sent.filter((x) => x.url.endsWith("/presence"));
    expect(posts).toHaveLength(1);
    expect(JSON.parse(posts[0]!.init.body as string)).toMatchObject({ session: "sess-ben-1", gone: false });
    link!.close();
    link = null;
    const last = sent.filter((x) => x.url.endsWith("/presence")).pop()!;
    expect(JSON.parse(last.init.body as string)).toMatchObject({ session: "sess-ben-1", gone: true });
    expect(last.init.keepalive).toBe(true);
  });

  it("posts none for an anonymous reader of a public ToC", async () => {
    const { es, server, sent } = setup();
    es.hello(server.head, null);
    await tick();
    expect(sent.filter((x) => x.url.endsWith("/presence"))).toHaveLength(0);
  });
});
