/** The portfolio page's pure parts (issue 14): its query and sorting, the figures in words,
 * and the API client's portfolio requests against a fake server. */
import { describe, expect, it } from "vitest";
import {
  ariaSort,
  completenessWords,
  findingParts,
  listingSearch,
  nextSort,
  percentText,
  readListingQuery,
  relativeTime,
  shownCount,
  sortAction,
  sortWords,
  statusLine,
  type PortfolioEntry,
  type Sort,
} from "../src/model";
import { Api, type FetchLike } from "../src/sync";
import { RESERVED_GRAPH_NAMES, suggestSlug } from "../src/view/pages/words";

describe("the listing's query", () => {
  it.each([
    ["", { q: "", status: "", sort: "name" }],
    ["q=youth&status=active&sort=-completeness", { q: "youth", status: "active", sort: "-completeness" }],
    ["status=gone&sort=size", { q: "", status: "", sort: "name" }],
    ["sort=--name", { q: "", status: "", sort: "name" }],
    ["sort=last_activity", { q: "", status: "", sort: "last_activity" }],
  ])("reads %j, leaving out what is unknown", (search, expected) => {
    expect(readListingQuery(new URLSearchParams(search))).toEqual(expected);
  });

  it("keeps at most 200 characters of the words, as the API does", () => {
    expect(readListingQuery(new URLSearchParams(`q=${"x".repeat(300)}`)).q).toHaveLength(200);
  });

  it.each([
    [{ q: "", status: "", sort: "name" }, ""],
    [{ q: "  ", status: "", sort: "name" }, ""],
    [{ q: " youth trust ", status: "invited", sort: "-findings" }, "?q=youth+trust&status=invited&sort=-findings"],
    [{ sort: "completeness" }, "?sort=completeness"],
  ] as const)("writes %j as %j", (query, search) => {
    expect(listingSearch(query)).toBe(search);
    expect(readListingQuery(new URLSearchParams(search))).toMatchObject({ sort: query.sort });
  });
});

describe("the page's address", () => {
  it("is no ToC's name: a ToC called Portfolio gets another short name", () => {
    expect(RESERVED_GRAPH_NAMES).toContain("portfolio");
    expect(suggestSlug("Portfolio", RESERVED_GRAPH_NAMES, "toc")).toBe("portfolio-toc");
  });
});

describe("sorting by a column's header", () => {
  it.each([
    ["name", "name", "-name"],
    ["-name", "name", "name"],
    ["name", "completeness", "completeness"],
    ["-completeness", "completeness", "completeness"],
    ["name", "last_activity", "-last_activity"],
    ["-last_activity", "last_activity", "last_activity"],
    ["completeness", "findings", "-findings"],
  ] as const)("from %s, choosing %s sorts by %s", (current, key, next) => {
    expect(nextSort(current, key)).toBe(next);
  });

  it("says the direction in aria-sort on the sorted column only", () => {
    expect(ariaSort("name", "name")).toBe("ascending");
    expect(ariaSort("-name", "name")).toBe("descending");
    expect(ariaSort("-name", "completeness")).toBe("none");
    expect(ariaSort("-last_activity", "last_activity")).toBe("descending");
  });

  it.each([
    ["name", "Organisation, A to Z"],
    ["-name", "Organisation, Z to A"],
    ["completeness", "Data completeness, least complete first"],
    ["-completeness", "Data completeness, most complete first"],
    ["-findings", "Quality checks, most findings first"],
    ["-last_activity", "Last activity, most recent first"],
  ] as const)("%s reads %j", (sort: Sort, words) => {
    expect(sortWords(sort)).toBe(words);
  });

  it("names what choosing a header will do", () => {
    expect(sortAction("name", "name")).toBe("Sort by organisation, Z to A");
    expect(sortAction("name", "last_activity")).toBe("Sort by last activity, most recent first");
  });
});

describe("figures in words", () => {
  it.each([
    [50, "50%"],
    [33.3, "33.3%"],
    [66.66, "66.7%"],
    [100, "100%"],
    [0, "0%"],
    [99.96, "100%"],
    [null, ""],
  ])("%s per cent is %j", (p, text) => {
    expect(percentText(p)).toBe(text);
  });

  it.each([
    [100, 4, 4, "full", "All reported", "4 of 4 indicators"],
    [75, 4, 3, "most", "Mostly reported", "3 of 4 indicators"],
    [60, 5, 3, "partial", "More than half reported", "3 of 5 indicators"],
    [50, 2, 1, "partial", "Half reported", "1 of 2 indicators"],
    [33.3, 3, 1, "low", "Less than half reported", "1 of 3 indicators"],
    [10, 10, 1, "low", "Little reported", "1 of 10 indicators"],
    [0, 1, 0, "none", "Nothing reported", "0 of 1 indicator"],
    [null, 0, 0, "unknown", "No indicators", ""],
    [null, 3, null, "unknown", "Results not shared with you", ""],
  ] as const)("%s%% of %s indicators (%s reported) is %s: %j", (c, n, r, level, words, detail) => {
    expect(completenessWords(c, n, r)).toEqual({ level, words, detail });
  });

  it("counts the findings in the checks panel's words, the most serious first", () => {
    expect(findingParts({ error: 0, warning: 0, info: 0 })).toEqual([]);
    expect(findingParts({ error: 1, warning: 2, info: 3 }).map((p) => p.text)).toEqual(["1 problem", "2 worth a look", "3 notes"]);
    expect(findingParts({ error: 2, warning: 0, info: 1 }).map((p) => [p.severity, p.text])).toEqual([
      ["error", "2 problems"],
      ["info", "1 note"],
    ]);
  });

  it.each([
    ["filtered", 2, 5, "2 of 5 organisations"],
    ["all", 3, 3, "3 organisations"],
    ["one", 1, 1, "1 organisation"],
    ["none of one", 0, 1, "0 of 1 organisation"],
  ])("counts %s: %j", (_what, shown, total, text) => {
    expect(shownCount(shown, total)).toBe(text);
  });
});

describe("relativeTime", () => {
  const now = new Date("2026-12-07T12:00:00Z");
  const before = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const MIN = 60_000;
  const DAY = 24 * 60 * MIN;
  it.each([
    [before(10_000), "just now"],
    [new Date(now.getTime() + 5 * MIN).toISOString(), "just now"],
    [before(MIN), "1 minute ago"],
    [before(59 * MIN), "59 minutes ago"],
    [before(60 * MIN), "1 hour ago"],
    [before(23 * 60 * MIN), "23 hours ago"],
    [before(DAY), "yesterday"],
    [before(2 * DAY), "2 days ago"],
    [before(13 * DAY), "13 days ago"],
    [before(14 * DAY), "2 weeks ago"],
    [before(59 * DAY), "8 weeks ago"],
    [before(61 * DAY), "2 months ago"],
    [before(364 * DAY), "11 months ago"],
    [before(366 * DAY), "1 year ago"],
    [before(3 * 366 * DAY), "3 years ago"],
  ])("%s is %j", (iso, text) => {
    expect(relativeTime(iso, now)).toBe(text);
  });

  it("leaves nothing empty and a wrong date as it came", () => {
    expect(relativeTime(null, now)).toBe("");
    expect(relativeTime("", now)).toBe("");
    expect(relativeTime("soon", now)).toBe("soon");
  });
});

describe("statusLine", () => {
  const entry = (status: PortfolioEntry["status"], extra: Partial<PortfolioEntry> = {}): PortfolioEntry => ({
    org: "youth-trust",
    name: "Youth Trust",
    status,
    note: "",
    invited_by: "sam",
    invited_at: "2026-12-01T10:00:00Z",
    answered_at: "2026-12-03T10:00:00Z",
    ...extra,
  });
  const when = (iso: string | null) => (iso ? iso.slice(0, 10) : "");
  it.each([
    [entry("invited", { answered_at: null }), "Invited 2026-12-01 by sam"],
    [entry("invited", { answered_at: null, invited_by: null }), "Invited 2026-12-01"],
    [entry("active"), "Joined 2026-12-03"],
    [entry("active", { answered_at: null }), "Member"],
    [entry("declined"), "Declined 2026-12-03"],
    [entry("left"), "Left 2026-12-03"],
  ])("%#: %j", (e, text) => {
    expect(statusLine(e, when)).toBe(text);
  });
});

describe("the API client's portfolio requests", () => {
  function server(answers: Record<string, { status: number; body?: unknown }>) {
    const calls: { method: string; path: string; body?: unknown; csrf?: string }[] = [];
    const fetch: FetchLike = async (input, init) => {
      const method = init?.method ?? "GET";
      const path = input.replace("/api/v1", "");
      const body = init?.body instanceof FormData ? Object.fromEntries(init.body.entries()) : init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, path, body, csrf: (init?.headers as Record<string, string>)["X-CSRF-Token"] });
      const a = answers[`${method} ${path}`] ?? { status: 404, body: { code: 404, message: "no such thing" } };
      return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status });
    };
    const api = new Api(fetch);
    api.csrfToken = "t";
    return { api, calls };
  }

  it("asks for the listing with only the query that is set, and links the CSV the same way", async () => {
    const { api, calls } = server({ "GET /orgs/hub/portfolio?q=youth&sort=-completeness": { status: 200, body: { members: [] } } });
    await api.portfolio("hub", { q: "youth", status: "", sort: "-completeness" });
    expect(calls[0]!.path).toBe("/orgs/hub/portfolio?q=youth&sort=-completeness");
    expect(api.portfolioCsvUrl("hub", { status: "active", sort: "name" })).toBe("/api/v1/orgs/hub/portfolio.csv?status=active");
    expect(api.portfolioCsvUrl("a b")).toBe("/api/v1/orgs/a%20b/portfolio.csv");
  });

  it("invites, removes and answers with the CSRF token", async () => {
    const entry = { org: "charity", status: "invited" };
    const { api, calls } = server({
      "POST /orgs/hub/portfolio": { status: 201, body: entry },
      "DELETE /orgs/hub/portfolio/charity": { status: 204 },
      "POST /orgs/charity/portfolios/hub/accept": { status: 200, body: { ...entry, status: "active" } },
      "GET /orgs/charity/portfolios?status=invited": { status: 200, body: [entry] },
    });
    expect(await api.invite("hub", "charity", "Hello")).toEqual(entry);
    expect(calls[0]).toMatchObject({ method: "POST", body: { org: "charity", note: "Hello" }, csrf: "t" });
    await api.removeFromPortfolio("hub", "charity");
    expect(calls[1]).toMatchObject({ method: "DELETE", csrf: "t" });
    expect((await api.answerPortfolio("charity", "hub", "accept")).status).toBe("active");
    expect(await api.portfolios("charity", "invited")).toEqual([entry]);
  });

  it("answers a refused import with its report instead of throwing, and throws other errors", async () => {
    const problems = [{ row: 3, column: "org", message: "no organisation 'nobody'" }];
    const { api, calls } = server({
      "POST /orgs/hub/portfolio/import?dry_run=true": { status: 200, body: { rows: 2, valid: false, problems, preview: [], invited: 0 } },
      "POST /orgs/hub/portfolio/import?dry_run=false": {
        status: 422,
        body: { code: 422, message: "file: nobody was invited: row 3, org", rows: 2, valid: false, problems, preview: [], invited: 0 },
      },
    });
    const file = new File(["org\nnobody\n"], "members.csv", { type: "text/csv" });
    const checked = await api.importInvitations("hub", file, true);
    expect(checked).toEqual({ rows: 2, valid: false, problems, preview: [], invited: 0 });
    expect(calls[0]!.body).toHaveProperty("file");
    expect((await api.importInvitations("hub", file, false)).problems).toEqual(problems);
    const other = server({});
    await expect(other.api.importInvitations("hub", file, true)).rejects.toThrow("no such thing");
  });
});
