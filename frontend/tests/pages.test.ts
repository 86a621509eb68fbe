/** The pages' pure parts: field messages, token expiry, names, member errors, the picker's
 * matching, and the account and members requests (ported from the old account tests). */
import { describe, expect, it } from "vitest";
import { Api, ApiError, fieldMessages, type FetchLike } from "../src/sync";
import { filterOptions, fold } from "../src/view/common/pickerFilter";
import {
  aRole,
  canWrite,
  fieldErrors,
  fieldSentence,
  memberErrorText,
  plural,
  RESERVED_GRAPH_NAMES,
  RESERVED_ORG_NAMES,
  safeNext,
  slugify,
  suggestSlug,
  tokenExpiry,
} from "../src/view/pages/words";

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
    ["The e-mail", "not an email address", "The e-mail is not an email address"],
    ["The username", "the username 'ann' is taken", "The username 'ann' is taken"],
    ["The short name", "'explore' is the address of one of the app's own pages", "'explore' is the address of one of the app's own pages"],
  ])("%s + %s", (label, message, expected) => {
    expect(fieldSentence(label, message)).toBe(expected);
  });
});

describe("fieldErrors", () => {
  it("puts each field's messages, as sentences, under the server's field name", () => {
    const err = new ApiError(422, "422", "password: x", { json: { password: [weak], email: ["not an email address"] } });
    expect(fieldErrors(err, { username: "The username", email: "The e-mail", password: "The password" })).toEqual({
      email: "The e-mail is not an email address",
      password: `The password ${weak}`,
    });
  });
  it("is empty for a network error", () => {
    expect(fieldErrors(new Error("offline"), { name: "The name" })).toEqual({});
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

describe("short names", () => {
  it.each([
    ["Bright Path Futures!", "bright-path-futures"],
    ["Écoles d’été", "ecoles-d-ete"],
    ["  --Youth  ", "youth"],
    ["", ""],
    ["a".repeat(59) + " b", "a".repeat(59)],
  ])("slugify(%j)", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
  it("steers clear of the app's own addresses", () => {
    expect(suggestSlug("Explore", RESERVED_ORG_NAMES, "org")).toBe("explore-org");
    expect(suggestSlug("Members", RESERVED_GRAPH_NAMES, "toc")).toBe("members-toc");
    expect(suggestSlug("Acme Youth Trust", RESERVED_ORG_NAMES, "org")).toBe("acme-youth-trust");
  });
});

describe("safeNext", () => {
  it.each([
    [null, "/"],
    ["/acme/plan", "/acme/plan"],
    ["/acme/plan/compare/a...b?x=1", "/acme/plan/compare/a...b?x=1"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["/signin?next=/x", "/"],
    ["/signup", "/"],
  ])("%s -> %s", (next, to) => {
    expect(safeNext(next)).toBe(to);
  });
});

describe("member errors", () => {
  const e = (status: number, message = "x", errors?: unknown) => new ApiError(status, String(status), message, errors);
  it("names the person and the organisation, never a slug", () => {
    expect(memberErrorText(e(404), "add", "sam@example.org", "Acme Youth Trust")).toBe(
      "No account has the username or e-mail “sam@example.org”. Ask them to sign up first, then add them here.",
    );
    expect(memberErrorText(e(409, "sam is already a member of acme (editor)"), "add", "sam", "Acme Youth Trust")).toBe(
      "sam is already a member of Acme Youth Trust. Change their role in the list instead.",
    );
    expect(memberErrorText(e(409, "acme needs at least one owner"), "role", "ann", "Acme Youth Trust")).toBe(
      "Acme Youth Trust needs at least one owner. Make someone else an owner first, then change ann.",
    );
    expect(memberErrorText(e(409), "remove", "ann", "Acme Youth Trust")).toContain("then remove ann");
    expect(memberErrorText(e(403), "add", "sam", "Acme")).toBe("Only owners of Acme can change its members.");
  });
  it("passes the server's word on an ambiguous e-mail", () => {
    const err = e(422, "user: 2 accounts use the e-mail 'a@b.org': add the person by username", {
      json: { user: ["2 accounts use the e-mail 'a@b.org': add the person by username"] },
    });
    expect(memberErrorText(err, "add", "a@b.org", "Acme")).toBe("2 accounts use the e-mail 'a@b.org': add the person by username");
  });
  it("leaves other errors to the caller", () => {
    expect(memberErrorText(new Error("offline"), "add", "sam", "Acme")).toBeNull();
    expect(memberErrorText(e(500), "add", "sam", "Acme")).toBeNull();
  });
});

describe("words", () => {
  it("counts", () => {
    expect(plural(1, "box", "boxes")).toBe("1 box");
    expect(plural(3, "box", "boxes")).toBe("3 boxes");
    expect(plural(0, "organisation")).toBe("0 organisations");
  });
  it("says a role with its article", () => {
    expect([aRole("owner"), aRole("editor"), aRole("viewer")]).toEqual(["an owner", "an editor", "a viewer"]);
  });
  it("lets owners and editors write", () => {
    expect([canWrite("owner"), canWrite("editor"), canWrite("viewer"), canWrite(null)]).toEqual([true, true, false, false]);
  });
});

describe("the picker's matching", () => {
  const orgs = [
    { id: "acme", label: "Acme Youth Trust", detail: "Owner" },
    { id: "bright", label: "Bright Path Futures", detail: "Editor" },
    { id: "ecoles", label: "Écoles du Monde", detail: "Viewer" },
    { id: "youth", label: "Youth Network", detail: "Editor" },
  ];
  it("keeps everything for an empty query", () => {
    expect(filterOptions(orgs, "  ").map((o) => o.id)).toEqual(["acme", "bright", "ecoles", "youth"]);
  });
  it("puts labels that start with the query first", () => {
    expect(filterOptions(orgs, "youth").map((o) => o.id)).toEqual(["youth", "acme"]);
  });
  it("needs every word, in the label or the detail, ignoring case and accents", () => {
    expect(filterOptions(orgs, "ecoles").map((o) => o.id)).toEqual(["ecoles"]);
    expect(filterOptions(orgs, "editor path").map((o) => o.id)).toEqual(["bright"]);
    expect(filterOptions(orgs, "nothing here")).toEqual([]);
  });
  it("folds", () => {
    expect(fold("Écoles ÉTÉ")).toBe("ecoles ete");
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

/** An Api whose every request is recorded and answered with `answer` (GET) or 204. */
function recording(answer: unknown = []) {
  const calls: { method: string; path: string; body: unknown; csrf?: string }[] = [];
  const api = new Api(async (input, init) => {
    calls.push({
      method: init?.method ?? "GET",
      path: input,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      csrf: (init?.headers as Record<string, string>)["X-CSRF-Token"],
    });
    return init?.method === "GET" ? new Response(JSON.stringify(answer), { status: 200 }) : new Response(null, { status: 204 });
  });
  api.csrfToken = "c";
  return { api, calls };
}

describe("account requests", () => {
  it("send the contract's bodies, with the CSRF token on writes", async () => {
    const { api, calls } = recording();
    await api.tokens();
    await api.createToken("report script", 30);
    await api.revokeToken(7);
    await api.changePassword("old one", "new one");
    await api.signOutOtherSessions();
    expect(calls).toEqual([
      { method: "GET", path: "/api/v1/tokens", body: undefined, csrf: undefined },
      { method: "POST", path: "/api/v1/tokens", body: { name: "report script", expires_in_days: 30 }, csrf: "c" },
      { method: "DELETE", path: "/api/v1/tokens/7", body: undefined, csrf: "c" },
      { method: "PUT", path: "/api/v1/user/password", body: { current_password: "old one", new_password: "new one" }, csrf: "c" },
      { method: "DELETE", path: "/api/v1/user/sessions", body: undefined, csrf: "c" },
    ]);
  });
});

describe("members, explore and fork requests", () => {
  it("send the contract's bodies", async () => {
    const { api, calls } = recording();
    await api.addMember("acme", "sam@example.org", "editor");
    await api.setMemberRole("acme", "sam", "viewer");
    await api.removeMember("acme", "sam");
    await api.fork("acme", "plan", "bright");
    await api.fork("acme", "plan", "bright", "our-plan", "private");
    expect(calls.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: "POST", path: "/api/v1/orgs/acme/members", body: { user: "sam@example.org", role: "editor" } },
      { method: "PUT", path: "/api/v1/orgs/acme/members/sam", body: { role: "viewer" } },
      { method: "DELETE", path: "/api/v1/orgs/acme/members/sam", body: undefined },
      { method: "POST", path: "/api/v1/graphs/acme/plan/forks", body: { org: "bright" } },
      { method: "POST", path: "/api/v1/graphs/acme/plan/forks", body: { org: "bright", slug: "our-plan", visibility: "private" } },
    ]);
  });

  it("asks explore with its query and reads its page", async () => {
    const item = { org: "acme", org_name: "Acme", slug: "plan", title: "Plan" };
    const { api, calls } = recording({ graphs: [item], total: 21, page: 2, page_size: 20, pages: 2 });
    const r = await api.explore("youth jobs", { framework: true, page: 2, pageSize: 20 });
    expect(calls[0]!.path).toBe("/api/v1/explore?q=youth+jobs&framework=true&page=2&page_size=20");
    expect(r).toEqual({ items: [item], total: 21, page: 2, pages: 2 });
    await api.explore("");
    expect(calls[1]!.path).toBe("/api/v1/explore");
  });
});
