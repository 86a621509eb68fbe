import { afterEach, describe, expect, it, vi } from "vitest";
import { docFromLists, makeNode, type Op } from "../src/model";
import { Api, ApiError, BranchSession, NetworkError, type SaveStatus } from "../src/sync";
import { FakeServer } from "./fakeServer";

function setup(opts: { timers?: boolean; debounceMs?: number } = { timers: false }) {
  const doc = docFromLists(
    [
      { id: "a", kind: "activity", label: "Mentoring" },
      { id: "b", kind: "outcome", label: "Confidence", horizon: "short" },
    ],
    [{ id: "e", source: "a", target: "b" }],
  );
  const server = new FakeServer(doc);
  const api = new Api(server.fetch);
  api.csrfToken = "tok";
  const statuses: SaveStatus[] = [];
  const remote: string[] = [];
  const s = new BranchSession(
    api,
    "acme",
    "toc",
    "main",
    { commit: server.head, doc },
    { status: (st) => statuses.push(st), remote: (i) => remote.push(i.reason) },
    { pollMs: 60_000, ...opts },
  );
  return { server, api, s, statuses, remote };
}

const rename = (id: string, label: string): Op => ({ op: "update_node", id, set: { label } });

describe("Api", () => {
  it("sends the CSRF token on unsafe requests only", async () => {
    const { server, api } = setup();
    await api.branch("acme", "toc", "main");
    await api.commit("acme", "toc", "main", server.head, "m", []);
    expect(server.requests[0]!.headers["X-CSRF-Token"]).toBeUndefined();
    expect(server.requests[1]!.headers["X-CSRF-Token"]).toBe("tok");
  });

  it("turns error bodies into ApiError and failed fetches into NetworkError", async () => {
    const { server, api } = setup();
    server.failNext = { status: 404, body: { code: "not_found", status: 404, message: "No such graph" } };
    await expect(api.graph("x", "y")).rejects.toMatchObject({ status: 404, message: "No such graph" });
    server.offline = true;
    await expect(api.graph("x", "y")).rejects.toBeInstanceOf(NetworkError);
  });

  it("reads conflicts from a 409", async () => {
    const { server, api } = setup();
    server.failNext = { status: 409, body: { code: "conflict", status: 409, message: "c", conflicts: [{ id: "1" }] } };
    const err = await api.commit("acme", "toc", "main", "x", "m", []).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).conflicts).toHaveLength(1);
  });
});

describe("BranchSession", () => {
  it("batches several edits into one commit", async () => {
    const { server, s, statuses } = setup();
    s.edit([rename("a", "M")]);
    s.edit([rename("a", "Me")]);
    s.edit([rename("a", "Men")]);
    const n = makeNode("output", "Sessions");
    s.edit([{ op: "add_node", node: n }]);
    expect(s.status).toBe("pending");
    await s.flush();
    const commits = server.requests.filter((r) => r.method === "POST");
    expect(commits).toHaveLength(1);
    expect((commits[0]!.body as { ops: Op[] }).ops).toEqual([rename("a", "Men"), { op: "add_node", node: n }]);
    expect(s.status).toBe("saved");
    expect(s.head).toBe(server.head);
    expect(statuses).toEqual(["pending", "saving", "saved"]);
    expect(s.headDoc.nodes[n.id]?.label).toBe("Sessions");
  });

  it("shows a colleague's commit on the next poll", async () => {
    const { server, s, remote } = setup();
    expect(await s.poll()).toBe(false);
    server.commitAsOther([rename("b", "Feels confident")]);
    expect(await s.poll()).toBe(true);
    expect(s.doc.nodes.b!.label).toBe("Feels confident");
    expect(remote).toEqual(["poll"]);
  });

  it("a poll answered with an older head never undoes a commit that landed meanwhile", async () => {
    const { server, s } = setup();
    const slowFetch = server.fetch;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    // Hold the poll's answer (the old head) until our commit has landed.
    (s.api as unknown as { fetchFn: typeof slowFetch }).fetchFn = async (url, init) => {
      const res = await slowFetch(url, init);
      if (url.includes("/branches/main") && !url.endsWith("/commits")) await gate;
      return res;
    };
    const polling = s.poll();
    s.edit([rename("a", "Mine")]);
    await s.flush();
    release();
    expect(await polling).toBe(false);
    expect(s.doc.nodes.a!.label).toBe("Mine");
    expect(s.head).toBe(server.head);
  });

  it("does not poll while edits are waiting", async () => {
    const { server, s } = setup();
    s.edit([rename("a", "x")]);
    server.commitAsOther([rename("b", "y")]);
    expect(await s.poll()).toBe(false);
  });

  it("gets the rebased result when the server moved on without a clash", async () => {
    const { server, s, remote } = setup();
    server.commitAsOther([rename("b", "Theirs")]);
    s.edit([rename("a", "Mine")]);
    await s.flush();
    expect(s.status).toBe("saved");
    expect(s.doc.nodes.a!.label).toBe("Mine");
    expect(s.doc.nodes.b!.label).toBe("Theirs");
    expect(remote).toEqual(["rebase"]);
  });

  it("keeps edits and reports a conflict, then keeps mine on request", async () => {
    const { server, s } = setup();
    server.commitAsOther([rename("a", "Theirs")]);
    s.edit([rename("a", "Mine")]);
    await s.flush();
    expect(s.status).toBe("conflict");
    expect(s.conflicts).toHaveLength(1);
    expect(s.pending).toEqual([rename("a", "Mine")]);
    await s.flush(); // no retry while in conflict
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    await s.resolveConflict("mine");
    expect(s.status).toBe("saved");
    expect(server.commits.get(server.head)!.doc.nodes.a!.label).toBe("Mine");
  });

  it("drops my edits when I keep theirs", async () => {
    const { server, s } = setup();
    server.commitAsOther([rename("a", "Theirs")]);
    s.edit([rename("a", "Mine")]);
    await s.flush();
    await s.resolveConflict("theirs");
    expect(s.status).toBe("saved");
    expect(s.pending).toEqual([]);
    expect(s.doc.nodes.a!.label).toBe("Theirs");
  });

  it("keeps edits while offline and sends them when back", async () => {
    const { server, s } = setup();
    server.offline = true;
    s.edit([rename("a", "Offline edit")]);
    await s.flush();
    expect(s.status).toBe("offline");
    expect(s.pending).toHaveLength(1);
    server.offline = false;
    await s.flush();
    expect(s.status).toBe("saved");
    expect(server.commits.get(server.head)!.doc.nodes.a!.label).toBe("Offline edit");
  });

  it("replays pending edits on the rebased head and drops the ones that no longer apply", async () => {
    const { server, s } = setup();
    // A commit is in flight while the user keeps editing; meanwhile a colleague deletes b.
    server.commitAsOther([{ op: "remove_node", id: "b" }]);
    s.edit([rename("a", "first")]);
    const flushing = s.flush();
    s.edit([rename("b", "edit of a deleted node"), rename("a", "second")]);
    await flushing;
    expect(s.pending).toEqual([rename("a", "second")]);
    expect(s.doc.nodes.b).toBeUndefined();
    expect(s.doc.nodes.a!.label).toBe("second");
    await s.flush();
    expect(server.commits.get(server.head)!.doc.nodes.a!.label).toBe("second");
  });

  it("shows the reason when the server refuses a change", async () => {
    const { server, s } = setup();
    server.failNext = { status: 422, body: { code: "invalid", status: 422, message: "label too long" } };
    s.edit([rename("a", "x")]);
    await s.flush();
    expect(s.status).toBe("error");
    expect(s.message).toContain("label too long");
    expect(s.doc.nodes.a!.label).toBe("Mentoring");
  });

  it("settle() waits until everything is saved", async () => {
    const { server, s } = setup();
    s.edit([rename("a", "x")]);
    await s.settle();
    expect(s.hasUnsaved).toBe(false);
    expect(server.commits.get(server.head)!.doc.nodes.a!.label).toBe("x");
  });
});

describe("BranchSession timing", () => {
  afterEach(() => vi.useRealTimers());
  const posts = (server: FakeServer) => server.requests.filter((r) => r.method === "POST");

  it("sends an action at once (the default), the edits of one tick as one commit", async () => {
    vi.useFakeTimers();
    const { server, s } = setup({ timers: true });
    s.edit([rename("a", "Typed")]);
    s.edit([rename("b", "Also")]);
    expect(posts(server)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(posts(server)).toHaveLength(1);
    expect((posts(server)[0]!.body as { ops: Op[] }).ops).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.status).toBe("saved");
    s.stop();
  });

  it("an action made while a commit is in flight goes right after its answer, one commit at a time", async () => {
    vi.useFakeTimers();
    const { server, s } = setup({ timers: true });
    s.edit([rename("a", "first")]);
    const first = s.flush();
    expect(s.inflight).not.toBeNull();
    s.edit([rename("a", "second")]);
    s.edit([rename("b", "third")]);
    expect(posts(server)).toHaveLength(1);
    await first;
    await vi.advanceTimersByTimeAsync(0);
    expect(posts(server)).toHaveLength(2);
    expect((posts(server)[1]!.body as { ops: Op[] }).ops).toHaveLength(2);
    expect(server.commits.get(server.head)!.doc.nodes.a!.label).toBe("second");
    s.stop();
  });

  it("with a debounce, while edits keep coming, still sends by maxWaitMs after the first one", async () => {
    vi.useFakeTimers();
    const { server, s } = setup({ timers: true, debounceMs: 300 });
    let sentAt = -1;
    for (let t = 0; t < 5000; t += 100) {
      s.edit([rename("a", `v${t}`)]);
      await vi.advanceTimersByTimeAsync(100);
      if (sentAt < 0 && posts(server).length) sentAt = t + 100;
    }
    expect(sentAt).toBeGreaterThan(0);
    expect(sentAt).toBeLessThanOrEqual(3000);
    s.stop();
  });

  it("a longer debounce passed in is respected", async () => {
    vi.useFakeTimers();
    const { server, s } = setup({ timers: true, debounceMs: 1000 });
    s.edit([rename("a", "x")]);
    await vi.advanceTimersByTimeAsync(900);
    expect(posts(server)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(posts(server)).toHaveLength(1);
    s.stop();
  });

  it("with a debounce, an edit made while a commit is on its way is sent soon after that commit lands", async () => {
    vi.useFakeTimers();
    const { server, s } = setup({ timers: true, debounceMs: 300 });
    s.edit([rename("a", "first")]);
    await vi.advanceTimersByTimeAsync(300);
    s.edit([rename("a", "second")]);
    await vi.advanceTimersByTimeAsync(400);
    expect(posts(server)).toHaveLength(2);
    expect(server.commits.get(server.head)!.doc.nodes.a!.label).toBe("second");
    s.stop();
  });
});

describe("BranchSession messages and refusals", () => {
  it("names each kind of edit once in the commit message", async () => {
    const { server, s } = setup();
    s.edit([rename("a", "M")], "Rename");
    s.edit([rename("a", "Me")], "Rename");
    s.edit([{ op: "update_node", id: "b", set: { description: "d" } }], "Edit description");
    await s.flush();
    expect((posts0(server).body as { message: string }).message).toBe("Rename; Edit description");
  });

  it("tells which edits the server refused, with its answer", async () => {
    const { server, api } = setup();
    const details: { refused?: { ops: Op[]; error: ApiError } }[] = [];
    const s2 = new BranchSession(api, "acme", "toc", "main", { commit: server.head, doc: server.commits.get(server.head)!.doc }, { status: (_st, d) => details.push(d) }, { timers: false });
    server.failNext = {
      status: 422,
      body: { code: "invalid", status: 422, message: "ops/0/set/label: label is too long", errors: { json: { "ops/0/set/label": ["label is too long"] } } },
    };
    s2.edit([rename("a", "x".repeat(400))]);
    await s2.flush();
    const refused = details.find((d) => d.refused)?.refused;
    expect(refused?.ops).toEqual([rename("a", "x".repeat(400))]);
    expect(refused?.error.status).toBe(422);
  });
});

function posts0(server: FakeServer) {
  return server.requests.filter((r) => r.method === "POST")[0]!;
}
