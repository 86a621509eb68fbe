/**
 * The editor's controller on a live branch (a fake EventSource as the browser's): colleagues'
 * commits show at once; a value this person wrote and a colleague replaced is said, with a way
 * to put it back; a box deleted while selected is said "deleted by ana" and can be brought
 * back; others' presence is kept and this page's selection and field are posted; a read-only
 * reader follows the branch too; bye stops editing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { docFromLists, type Op } from "../src/model";
import { EditorController } from "../src/view/toc/controller";
import { replacedSentence } from "../src/view/toc/liveWords";
import { FakeServer } from "./fakeServer";

type Listener = (ev: { data: string }) => void;

class FakeEventSource {
  static made: FakeEventSource[] = [];
  readyState = 0;
  onerror: ((ev: unknown) => void) | null = null;
  private listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {
    FakeEventSource.made.push(this);
  }
  addEventListener(type: string, f: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), f]);
  }
  close(): void {
    this.readyState = 2;
  }
  emit(type: string, data: unknown): void {
    for (const f of this.listeners.get(type) ?? []) f({ data: JSON.stringify(data) });
  }
}

let server: FakeServer;
let ctl: EditorController;
let canWrite = true;
const realFetch = globalThis.fetch;
const g = globalThis as unknown as { EventSource?: unknown };
const tick = () => (vi.isFakeTimers() ? vi.advanceTimersByTimeAsync(0) : new Promise((r) => setTimeout(r, 0)));
const es = () => FakeEventSource.made[FakeEventSource.made.length - 1]!;
const presencePosts = () => server.requests.filter((r) => r.method === "POST" && r.path.endsWith("/presence")).map((r) => r.body as Record<string, unknown>);

async function open(): Promise<void> {
  ctl = await EditorController.open({ org: "acme", graph: "toc" });
  es().readyState = 1;
  es().emit("hello", { head: server.head, session: "sess-mine-1", user: { username: "me", display_name: "me" }, can_write: canWrite, heartbeat_s: 15, presence_ttl_s: 30 });
  await tick();
}

beforeEach(() => {
  canWrite = true;
  FakeEventSource.made = [];
  g.EventSource = FakeEventSource;
  server = new FakeServer(
    docFromLists(
      [
        { id: "a", kind: "activity", label: "Coaching" },
        { id: "b", kind: "outcome", label: "Confidence" },
      ],
      [{ id: "e", source: "a", target: "b" }],
    ),
  );
  globalThis.fetch = (async (url: string, init?: RequestInit) => {
    const path = url.replace(/^\/api\/v1/, "");
    const json = (data: unknown) => new Response(JSON.stringify(data), { status: 200, headers: { "Content-Type": "application/json" } });
    if (path === "/graphs/acme/toc")
      return json({ org: "acme", slug: "toc", title: "T", description: "", visibility: "public", default_branch: "main", upstream: null, created_at: "", can_write: canWrite });
    if (path === "/graphs/acme/toc/branches") return json([{ name: "main", head: server.head }]);
    if (path.includes("/render/")) return json({ width: 1, height: 1, nodes: {} });
    if (path.includes("/commits?")) return json([]);
    return server.fetch(url, init);
  }) as typeof fetch;
});

afterEach(() => {
  ctl?.destroy();
  globalThis.fetch = realFetch;
  delete g.EventSource;
  vi.useRealTimers();
});

const rename = (id: string, label: string): Op[] => [{ op: "update_node", id, set: { label } }];
const push = (id: string, author = "ana", message = "A change") => es().emit("commit", server.event(id, author, message));

describe("EditorController, live", () => {
  it("joins the branch's stream at the commit it loaded and says Live", async () => {
    await open();
    expect(es().url).toBe(`/api/v1/graphs/acme/toc/branches/main/live?since=${ctl.state.head}`);
    expect(ctl.state.live).toBe("live");
    expect(ctl.state.me).toBe("me");
  });

  it("shows a colleague's commit at once and says who made it", async () => {
    await open();
    push(server.commitAsOther(rename("b", "Self-confidence")), "ana", "Rename");
    await tick();
    expect(ctl.state.doc.nodes.b!.label).toBe("Self-confidence");
    expect(ctl.state.remoteBy?.by).toBe("ana");
    expect(ctl.state.announcement.text).toBe("ana: Rename.");
  });

  it("tells the person whose value a colleague replaced, and puts it back on request", async () => {
    await open();
    ctl.edit(rename("a", "Weekly coaching"), "Rename");
    await ctl.settle();
    push(server.head, "me");
    push(server.commitAsOther(rename("a", "Monthly coaching")), "ana", "Rename");
    await tick();
    const n = ctl.state.replaced!;
    expect(n).toMatchObject({ kind: "node", id: "a", field: "label", value: "Weekly coaching", theirs: "Monthly coaching", by: "ana", what: "Weekly coaching" });
    expect(replacedSentence(n)).toBe("ana replaced your text in ‘label’ of “Weekly coaching”.");
    expect(ctl.state.announcement.text).toBe(replacedSentence(n));
    ctl.putBack(n);
    expect(ctl.state.replaced).toBeNull();
    await ctl.settle();
    expect(server.commits.get(server.head)!.doc.nodes.a!.label).toBe("Weekly coaching");
  });

  it("says nothing when the colleague wrote the same value, or changed another field", async () => {
    await open();
    ctl.edit(rename("a", "Weekly coaching"), "Rename");
    await ctl.settle();
    push(server.head, "me");
    push(server.commitAsOther([{ op: "update_node", id: "a", set: { description: "Tuesdays" } }]));
    push(server.commitAsOther(rename("b", "Other box")));
    await tick();
    expect(ctl.state.replaced).toBeNull();
  });

  it("a box deleted by a colleague while selected is said deleted by them, and comes back", async () => {
    await open();
    ctl.select({ nodes: ["b"], edges: [] });
    push(server.commitAsOther([{ op: "remove_edge", id: "e" }, { op: "remove_node", id: "b" }]), "ana", "Remove an outcome");
    await tick();
    expect(ctl.state.deleted).toMatchObject({ id: "b", label: "Confidence", by: "ana" });
    expect(ctl.state.announcement.text).toBe("“Confidence” was deleted by ana.");
    expect(ctl.state.selection.nodes).toEqual([]);
    await ctl.bringBack(ctl.state.deleted!);
    await ctl.settle();
    const doc = server.commits.get(server.head)!.doc;
    expect(doc.nodes.b!.label).toBe("Confidence");
    expect(Object.values(doc.edges).map((e) => `${e.source}>${e.target}`)).toEqual(["a>b"]);
  });

  it("keeps others' presence, answers a newcomer, and posts this page's selection and field", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    await open();
    expect(presencePosts()).toHaveLength(1);
    es().emit("presence", { session: "sess-ana-1", user: "ana", display_name: "Ana Lima", selection: { nodes: ["a"], edges: [] }, field: { kind: "node", id: "a", name: "label" }, gone: false });
    es().emit("presence", { session: "sess-mine-1", user: "me", display_name: "me", selection: { nodes: [], edges: [] }, field: null, gone: false });
    expect(Object.keys(ctl.state.presence)).toEqual(["sess-ana-1"]);
    await vi.advanceTimersByTimeAsync(1600);
    expect(presencePosts()).toHaveLength(2);
    ctl.select({ nodes: ["b"], edges: [] });
    ctl.setEditingField({ id: "b", name: "label" });
    await vi.advanceTimersByTimeAsync(250);
    expect(presencePosts().pop()).toMatchObject({ session: "sess-mine-1", selection: { nodes: ["b"], edges: [] }, field: { kind: "node", id: "b", name: "label" }, gone: false });
    ctl.setEditingField({ id: "e", name: "rationale" });
    await vi.advanceTimersByTimeAsync(250);
    expect(presencePosts().pop()).toMatchObject({ field: { kind: "edge", id: "e", name: "rationale" } });
    // Ana's entry goes 30 s after she was last heard from (checked every 5 s).
    await vi.advanceTimersByTimeAsync(28_000);
    expect(Object.keys(ctl.state.presence)).toEqual(["sess-ana-1"]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ctl.state.presence).toEqual({});
    ctl.destroy();
    expect(presencePosts().pop()).toMatchObject({ gone: true });
  });

  it("a read-only reader follows the branch live too (and posts presence)", async () => {
    canWrite = false;
    await open();
    expect(ctl.state.canEdit).toBe(false);
    expect(ctl.state.live).toBe("live");
    push(server.commitAsOther(rename("a", "Seen by a reader")));
    await tick();
    expect(ctl.state.doc.nodes.a!.label).toBe("Seen by a reader");
    expect(ctl.edit(rename("a", "x"))).toBe(false);
    expect(presencePosts()).toHaveLength(1);
  });

  it("bye: access gone, editing stops, the stream is not reopened", async () => {
    await open();
    es().emit("bye", { code: 403, message: "You are no longer a member of acme." });
    expect(ctl.state).toMatchObject({ revoked: "You are no longer a member of acme.", canEdit: false, live: "closed" });
    expect(ctl.edit(rename("a", "x"))).toBe(false);
    ctl.goLive();
    expect(FakeEventSource.made).toHaveLength(1);
  });
});
