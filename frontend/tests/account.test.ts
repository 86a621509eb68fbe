import { describe, expect, it } from "vitest";
import { Api, ApiError, fieldMessages, type FetchLike } from "../src/sync";
import { fieldSentence } from "../src/view/formfield";
import { tokenExpiry } from "../src/view/pages/account";
import { proposedCommit } from "../src/view/pages/proposal";
import { proposalNotice } from "../src/view/panels";

const weak = "is too easy to guess (strength 0 of 4, needs 3). A good one: three or four unrelated words.";

describe("fieldMessages", () => {
  it.each([
    ["flask-smorest's json location", { json: { new_password: [weak] } }, "new_password: x", [weak]],
    ["a flat map", { new_password: weak }, "bad", [weak]],
    ["nested, matched by the last key", { json: { user: { new_password: [weak] } } }, "bad", [weak]],
    ["another field only", { json: { current_password: ["wrong"] } }, "bad", []],
    ["no errors: the message's field prefix", undefined, `new_password: ${weak}`, [weak]],
    ["no errors and another prefix", undefined, `password: ${weak}`, []],
  ])("%s", (_name, errors, message, expected) => {
    expect(fieldMessages(new ApiError(422, "422", message, errors), "new_password")).toEqual(expected);
  });

  it("is empty for errors that are not from the API", () => {
    expect(fieldMessages(new Error("new_password: x"), "new_password")).toEqual([]);
  });
});

describe("fieldSentence", () => {
  it.each([
    ["New password", "is too easy to guess.", "New password is too easy to guess."],
    ["The password", "must not contain the username.", "The password must not contain the username."],
    ["New password", "Length must be between 8 and 200.", "Length must be between 8 and 200."],
    ["Name", "  must be given ", "Name must be given"],
  ])("%s + %s", (label, message, expected) => {
    expect(fieldSentence(label, message)).toBe(expected);
  });
});

describe("tokenExpiry", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  it.each([
    [null, false, "Never"],
    ["2026-03-02T12:00:00Z", false, null],
    ["2026-03-01T12:00:00Z", true, "Expired"],
    ["2025-12-31T00:00:00Z", true, "Expired"],
    ["not a date", false, "not a date"],
  ])("%s", (expires_at, expired, starts) => {
    const r = tokenExpiry({ expires_at }, now);
    expect(r.expired).toBe(expired);
    if (starts) expect(r.text.startsWith(starts)).toBe(true);
    else expect(r.text).not.toMatch(/Expired|Never/);
  });
});

describe("proposalNotice", () => {
  it("says what opening a proposal from a private fork publishes, before it is opened", () => {
    expect(proposalNotice("alpha/pub", "private")).toBe(
      "Opening a proposal publishes this version of your ToC (its changes up to now) to everyone who can read alpha/pub. " +
        "Changes you make afterwards stay private unless you update the proposal.",
    );
  });
  it("does not call a public fork's later changes private", () => {
    const text = proposalNotice("alpha/pub", "public");
    expect(text).toContain("to everyone who can read alpha/pub");
    expect(text).not.toContain("private");
  });
});

describe("proposedCommit", () => {
  const base = { number: 1, status: "open", title: "t", source: "a private fork", target: "main" };
  it.each([
    ["the frozen source commit", { source_commit: "c1", preview: { source_head: "c2" } }, "c1"],
    ["else the preview's source head", { preview: { source_head: "c2" } }, "c2"],
    ["nothing known", { preview: null }, null],
  ])("%s", (_name, extra, expected) => {
    expect(proposedCommit({ ...base, ...extra })).toBe(expected);
  });
});

/** A fake server for the session endpoints; it refuses writes without the current CSRF token. */
function sessionServer(opts: { csrf: string; signedIn?: boolean }) {
  let csrf = opts.csrf;
  let signedIn = opts.signedIn ?? true;
  const calls: { method: string; path: string; csrf: string | undefined }[] = [];
  const fetch: FetchLike = async (input, init) => {
    const method = init?.method ?? "GET";
    const path = input.replace("/api/v1", "");
    const sent = (init?.headers as Record<string, string>)["X-CSRF-Token"];
    calls.push({ method, path, csrf: sent });
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
    if (!signedIn) return json(401, { code: 401, message: "sign in first" });
    if (path === "/session" && method === "GET") return json(200, { user: { id: 1, username: "u" }, csrf_token: csrf });
    if (sent !== csrf) return json(403, { code: 403, message: "missing or wrong X-CSRF-Token header" });
    if (path === "/session" && method === "DELETE") {
      signedIn = false;
      return new Response(null, { status: 204 });
    }
    return json(404, { code: 404, message: "no such endpoint" });
  };
  return { fetch, calls, rotate: (t: string) => (csrf = t), isSignedIn: () => signedIn };
}

describe("signing out", () => {
  it("sends the CSRF token", async () => {
    const server = sessionServer({ csrf: "t1" });
    const api = new Api(server.fetch);
    await api.session();
    await api.signOut();
    expect(server.calls.at(-1)).toEqual({ method: "DELETE", path: "/session", csrf: "t1" });
    expect(server.isSignedIn()).toBe(false);
    expect(api.csrfToken).toBeNull();
  });

  it("fetches the token first when it has none, and again when the server refused a stale one", async () => {
    const server = sessionServer({ csrf: "t1" });
    const api = new Api(server.fetch);
    await api.signOut();
    expect(server.calls.map((c) => `${c.method} ${c.csrf ?? "-"}`)).toEqual(["GET -", "DELETE t1"]);

    const again = sessionServer({ csrf: "t1" });
    const api2 = new Api(again.fetch);
    await api2.session();
    again.rotate("t2"); // e.g. the password was changed in another tab
    await api2.signOut();
    expect(again.isSignedIn()).toBe(false);
    expect(again.calls.map((c) => `${c.method} ${c.csrf ?? "-"}`)).toEqual(["GET -", "DELETE t1", "GET -", "DELETE t2"]);
  });

  it("counts a session that had already ended as signed out", async () => {
    const server = sessionServer({ csrf: "t1", signedIn: false });
    const api = new Api(server.fetch);
    api.csrfToken = "t1";
    await expect(api.signOut()).resolves.toBeUndefined();
    expect(api.csrfToken).toBeNull();
  });

  it("throws, and keeps the token, when the server could not sign out", async () => {
    const api = new Api(async () => new Response(JSON.stringify({ code: 503, message: "down" }), { status: 503 }));
    api.csrfToken = "t1";
    await expect(api.signOut()).rejects.toThrow("down");
    expect(api.csrfToken).toBe("t1");
  });
});

describe("account requests", () => {
  it("send the contract's bodies, with the CSRF token on writes", async () => {
    const calls: { method: string; path: string; body: unknown; csrf?: string }[] = [];
    const api = new Api(async (input, init) => {
      calls.push({
        method: init?.method ?? "GET",
        path: input,
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
        csrf: (init?.headers as Record<string, string>)["X-CSRF-Token"],
      });
      return init?.method === "GET" ? new Response("[]", { status: 200 }) : new Response(null, { status: 204 });
    });
    api.csrfToken = "c";
    await api.tokens();
    await api.createToken("report script", 30);
    await api.revokeToken(7);
    await api.changePassword("old one", "new one");
    await api.signOutOtherSessions();
    await api.updateProposal("alpha", "pub", 3);
    expect(calls).toEqual([
      { method: "GET", path: "/api/v1/tokens", body: undefined, csrf: undefined },
      { method: "POST", path: "/api/v1/tokens", body: { name: "report script", expires_in_days: 30 }, csrf: "c" },
      { method: "DELETE", path: "/api/v1/tokens/7", body: undefined, csrf: "c" },
      { method: "PUT", path: "/api/v1/user/password", body: { current_password: "old one", new_password: "new one" }, csrf: "c" },
      { method: "DELETE", path: "/api/v1/user/sessions", body: undefined, csrf: "c" },
      { method: "POST", path: "/api/v1/graphs/alpha/pub/proposals/3/update", body: {}, csrf: "c" },
    ]);
  });
});
