/**
 * A field's text is sent in pauses while typing, but undo takes back the whole field edit in
 * one step (EditorController.edit with a `merge` key), and the controller keeps the server's
 * refusal for the fields.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { docFromLists } from "../src/model";
import { EditorController } from "../src/view/toc/controller";
import { FakeServer } from "./fakeServer";

let server: FakeServer;
let ctl: EditorController;
const realFetch = globalThis.fetch;

beforeEach(async () => {
  server = new FakeServer(docFromLists([{ id: "a", kind: "outcome", label: "Start" }, { id: "b", kind: "output", label: "Other" }], []));
  globalThis.fetch = (async (url: string, init?: RequestInit) => {
    const path = url.replace(/^\/api\/v1/, "");
    const json = (data: unknown) => new Response(JSON.stringify(data), { status: 200, headers: { "Content-Type": "application/json" } });
    if (path === "/graphs/acme/toc")
      return json({ org: "acme", slug: "toc", title: "T", description: "", visibility: "private", default_branch: "main", upstream: null, created_at: "", can_write: true });
    if (path === "/graphs/acme/toc/branches") return json([{ name: "main", head: server.head }]);
    if (path.includes("/render/")) return json({ width: 1, height: 1, nodes: {} });
    return server.fetch(url, init);
  }) as typeof fetch;
  ctl = await EditorController.open({ org: "acme", graph: "toc" });
});

afterEach(() => {
  ctl.destroy();
  globalThis.fetch = realFetch;
  vi.useRealTimers();
});

const label = (id: string) => ctl.state.doc.nodes[id]!.label;
const rename = (id: string, text: string) => [{ op: "update_node" as const, id, set: { label: text } }];

describe("one field edit is one undo step", () => {
  it("three sends of one field edit undo together", () => {
    ctl.edit(rename("a", "St"), "Rename", { merge: "a:label#1" });
    ctl.edit(rename("a", "Started"), "Rename", { merge: "a:label#1" });
    ctl.edit(rename("a", "Started well"), "Rename", { merge: "a:label#1" });
    expect(label("a")).toBe("Started well");
    ctl.undo();
    expect(label("a")).toBe("Start");
    expect(ctl.state.canUndo).toBe(false);
    ctl.redo();
    expect(label("a")).toBe("Started well");
  });

  it("another field edit (a new focus) is its own step", () => {
    ctl.edit(rename("a", "One"), "Rename", { merge: "a:label#1" });
    ctl.edit(rename("a", "Two"), "Rename", { merge: "a:label#2" });
    ctl.undo();
    expect(label("a")).toBe("One");
    ctl.undo();
    expect(label("a")).toBe("Start");
  });

  it("an edit in between ends the run", () => {
    ctl.edit(rename("a", "One"), "Rename", { merge: "a:label#1" });
    ctl.edit(rename("b", "Changed"), "Rename");
    ctl.edit(rename("a", "Two"), "Rename", { merge: "a:label#1" });
    ctl.undo();
    expect([label("a"), label("b")]).toEqual(["One", "Changed"]);
    ctl.undo();
    expect([label("a"), label("b")]).toEqual(["One", "Other"]);
  });

  it("after an undo, the same key starts a new step", () => {
    ctl.edit(rename("a", "One"), "Rename", { merge: "a:label#1" });
    ctl.undo();
    ctl.edit(rename("a", "Again"), "Rename", { merge: "a:label#1" });
    ctl.undo();
    expect(label("a")).toBe("Start");
    ctl.redo();
    expect(label("a")).toBe("Again");
  });

  it("without a key, every edit is a step", () => {
    ctl.edit(rename("a", "One"), "Rename");
    ctl.edit(rename("a", "Two"), "Rename");
    ctl.undo();
    expect(label("a")).toBe("One");
  });
});

describe("a box just added and its first label", () => {
  it("are one step: undo removes the named box, redo brings it back named", () => {
    const id = ctl.addNode("impact")!;
    ctl.edit(rename(id, "Children thr"), "Rename", { merge: `${id}:label#1` });
    ctl.edit(rename(id, "Children thrive"), "Rename", { merge: `${id}:label#1` });
    ctl.undo();
    expect(ctl.state.doc.nodes[id]).toBeUndefined();
    expect(ctl.state.canUndo).toBe(false);
    ctl.redo();
    expect(label(id)).toBe("Children thrive");
  });

  it("a later field edit of that box is its own step", () => {
    const id = ctl.addNode("impact")!;
    ctl.edit(rename(id, "Named"), "Rename", { merge: `${id}:label#1` });
    ctl.edit([{ op: "update_node", id, set: { description: "Why" } }], "Edit description", { merge: `${id}:description#1` });
    ctl.undo();
    expect(ctl.state.doc.nodes[id]?.description).toBe("");
    expect(label(id)).toBe("Named");
  });

  it("another box's edit does not join the adding", () => {
    const id = ctl.addNode("impact")!;
    ctl.edit(rename("a", "Other"), "Rename", { merge: "a:label#1" });
    ctl.undo();
    expect(label("a")).toBe("Start");
    expect(ctl.state.doc.nodes[id]).toBeDefined();
  });
});

describe("drafts and refusals", () => {
  it("a field with unsent text counts as unsaved", () => {
    expect(ctl.hasUnsaved).toBe(false);
    ctl.setDraft("a:label", true);
    expect(ctl.hasUnsaved).toBe(true);
    ctl.setDraft("a:label", false);
    expect(ctl.hasUnsaved).toBe(false);
  });

  it("keeps the server's refusal until the next save", async () => {
    server.failNext = {
      status: 422,
      body: { code: "invalid", status: 422, message: "ops/0/set/label: too long", errors: { json: { "ops/0/set/label": ["too long"] } } },
    };
    ctl.edit(rename("a", "x".repeat(10)), "Rename");
    await ctl.session!.flush();
    expect(ctl.state.status).toBe("error");
    expect(ctl.state.refused?.ops).toEqual(rename("a", "x".repeat(10)));
    ctl.edit(rename("a", "fine"), "Rename");
    await ctl.session!.flush();
    expect(ctl.state.status).toBe("saved");
    expect(ctl.state.refused).toBeNull();
  });
});
