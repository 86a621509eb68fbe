/**
 * The editor's progress (controller.followProgress): asked for at once, again a little after
 * the branch head moves, at once when results of this ToC are saved (any page), never after
 * it stops; results the reader may not see leave it empty.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { docFromLists, type Progress } from "../src/model";
import { resultsChanged } from "../src/sync";
import { EditorController } from "../src/view/toc/controller";
import { FakeServer } from "./fakeServer";

let server: FakeServer;
let ctl: EditorController;
let asked: string[] = [];
let progressStatus = 200;
const realFetch = globalThis.fetch;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function answer(n: number): Progress {
  return {
    as_of: "2026-07-01",
    indicators: { i: { status: n % 2 ? "behind" : "on_track", expected: 10, actual: 8, period: "2026-Q2", ratio: 0.8, reason: "", node_id: "b" } },
    nodes: { b: { status: n % 2 ? "behind" : "on_track", upstream: null, reasons: [] } },
  };
}

beforeEach(() => {
  asked = [];
  progressStatus = 200;
  server = new FakeServer(
    docFromLists(
      [
        { id: "a", kind: "activity", label: "Coaching" },
        { id: "b", kind: "output", label: "Coached", indicators: [{ id: "i", name: "Coached" }] },
      ],
      [{ id: "e", source: "a", target: "b" }],
    ),
  );
  globalThis.fetch = (async (url: string, init?: RequestInit) => {
    const path = url.replace(/^\/api\/v1/, "");
    const json = (data: unknown, status = 200) => new Response(JSON.stringify(data), { status, headers: { "Content-Type": "application/json" } });
    if (path === "/graphs/acme/toc")
      return json({ org: "acme", slug: "toc", title: "T", description: "", visibility: "private", default_branch: "main", upstream: null, created_at: "", can_write: true });
    if (path === "/graphs/acme/toc/branches") return json([{ name: "main", head: server.head }]);
    if (path.includes("/render/")) return json({ width: 1, height: 1, nodes: {} });
    if (path.includes("/commits?")) return json([]);
    if (path.startsWith("/graphs/acme/toc/progress")) {
      asked.push(path);
      return progressStatus === 200 ? json(answer(asked.length)) : json({ message: "not public" }, progressStatus);
    }
    return server.fetch(url, init);
  }) as typeof fetch;
});

afterEach(() => {
  ctl?.destroy();
  globalThis.fetch = realFetch;
});

describe("progress in the editor", () => {
  it("is asked for at once on the branch shown, then after the head moves and when results are saved", async () => {
    ctl = await EditorController.open({ org: "acme", graph: "toc" });
    ctl.leave(); // no live channel in this test
    const stop = ctl.followProgress(30);
    await wait(10);
    expect(asked).toEqual(["/graphs/acme/toc/progress?ref=main"]);
    expect(ctl.state.progress?.nodes.b?.status).toBe("behind");

    ctl.edit([{ op: "update_node", id: "b", set: { label: "Young people coached" } }]);
    await ctl.settle();
    await wait(80);
    expect(asked).toHaveLength(2);
    expect(ctl.state.progress?.nodes.b?.status).toBe("on_track");

    resultsChanged("acme", "toc");
    await wait(10);
    expect(asked).toHaveLength(3);
    resultsChanged("acme", "other");
    await wait(10);
    expect(asked).toHaveLength(3);

    stop();
    resultsChanged("acme", "toc");
    await wait(10);
    expect(asked).toHaveLength(3);
  });

  it("results the reader may not see: no progress, no error", async () => {
    progressStatus = 404;
    ctl = await EditorController.open({ org: "acme", graph: "toc" });
    ctl.leave();
    const stop = ctl.followProgress(30);
    await wait(10);
    expect(asked).toHaveLength(1);
    expect(ctl.state.progress).toBeNull();
    stop();
  });
});
