/** sync/api.ts's results, progress and dashboard calls, against a fake fetch. */
import { describe, expect, it } from "vitest";
import { Api, ApiError, onResultsChanged } from "../src/sync";

interface Seen {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}

function fake(answer: (s: Seen) => { status: number; body?: unknown }) {
  const seen: Seen[] = [];
  const api = new Api(async (url, init = {}) => {
    const s: Seen = { method: init.method ?? "GET", url, body: init.body, headers: (init.headers ?? {}) as Record<string, string> };
    seen.push(s);
    const a = answer(s);
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status, headers: { "Content-Type": "application/json" } });
  });
  api.csrfToken = "tok";
  return { api, seen };
}

const G = "/api/v1/graphs/my%20org/plan";

describe("results", () => {
  it("reads the current results with filters", async () => {
    const { api, seen } = fake(() => ({ status: 200, body: { results: [{ id: 1, indicator: "i", period: "2025-Q1", value: 3 }], archived: ["old"] } }));
    const r = await api.results("my org", "plan", { indicator: "i", from: "2025-Q1", to: "2025-Q4" });
    expect(seen[0]!.url).toBe(`${G}/results?indicator=i&from=2025-Q1&to=2025-Q4`);
    expect(r.results[0]!.value).toBe(3);
    expect(r.archived).toEqual(["old"]);
    await api.results("my org", "plan");
    expect(seen[1]!.url).toBe(`${G}/results`);
  });

  it("a missing list reads as empty", async () => {
    const { api } = fake(() => ({ status: 200, body: {} }));
    expect(await api.results("my org", "plan")).toEqual({ results: [], archived: [] });
  });

  it("saves one batch with the CSRF token, and tells the pages showing results", async () => {
    const { api, seen } = fake(() => ({ status: 201, body: { results: [{ id: 7 }] } }));
    const heard: string[] = [];
    const off = onResultsChanged("my org", "plan", () => heard.push("plan"));
    const offOther = onResultsChanged("my org", "other", () => heard.push("other"));
    const stored = await api.saveResults("my org", "plan", [{ indicator: "i", period: "2025-Q1", value: 4 }]);
    off();
    offOther();
    expect(stored).toEqual([{ id: 7 }]);
    expect(seen[0]!.method).toBe("POST");
    expect(seen[0]!.url).toBe(`${G}/results`);
    expect(JSON.parse(seen[0]!.body as string)).toEqual({ results: [{ indicator: "i", period: "2025-Q1", value: 4 }] });
    expect(seen[0]!.headers["X-CSRF-Token"]).toBe("tok");
    expect(heard).toEqual(["plan"]);
  });

  it("a refused batch keeps the server's errors for the cells", async () => {
    const { api } = fake(() => ({ status: 422, body: { code: 422, message: "Invalid results", errors: { "results/0/value": ["must be a number"] } } }));
    const err = await api.saveResults("my org", "plan", [{ indicator: "i", period: "2025-Q1", value: 4 }]).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).errors).toEqual({ "results/0/value": ["must be a number"] });
  });

  it("a value's history, newest first", async () => {
    const { api, seen } = fake(() => ({ status: 200, body: { results: [{ id: 1 }, { id: 3 }, { id: 2 }] } }));
    const h = await api.resultHistory("my org", "plan", "ind/1", "2025-Q1");
    expect(seen[0]!.url).toBe(`${G}/results/ind%2F1/history?period=2025-Q1`);
    expect(h.map((x) => x.id)).toEqual([3, 2, 1]);
  });

  it("imports: a dry run, then a refusal read as a report", async () => {
    let n = 0;
    const { api, seen } = fake(() =>
      n++ === 0
        ? { status: 200, body: { rows: 2, valid: true, problems: [], preview: [{ indicator: "i", period: "2025-Q1", value: 1 }] } }
        : { status: 422, body: { message: "Not imported", rows: 2, valid: false, problems: [{ row: 3, column: "value", message: "not a number" }] } },
    );
    const file = new File(["indicator,period,value\n"], "results.csv", { type: "text/csv" });
    const dry = await api.importResults("my org", "plan", file, true);
    expect(seen[0]!.url).toBe(`${G}/results/import?dry_run=true`);
    expect(seen[0]!.body).toBeInstanceOf(FormData);
    expect(dry).toMatchObject({ rows: 2, valid: true });
    const real = await api.importResults("my org", "plan", file, false);
    expect(seen[1]!.url).toBe(`${G}/results/import?dry_run=false`);
    expect(real).toEqual({ rows: 2, valid: false, problems: [{ row: 3, column: "value", message: "not a number" }], preview: [] });
  });

  it("other import failures are thrown", async () => {
    const { api } = fake(() => ({ status: 403, body: { message: "Only editors" } }));
    await expect(api.importResults("my org", "plan", new File([""], "r.csv"), true)).rejects.toBeInstanceOf(ApiError);
  });

  it("download links", () => {
    const { api } = fake(() => ({ status: 200 }));
    expect(api.resultsCsvUrl("my org", "plan")).toBe(`${G}/results.csv`);
    expect(api.resultsTemplateUrl("my org", "plan", "xlsx")).toBe(`${G}/results/template.xlsx`);
  });
});

describe("progress, dashboard, settings", () => {
  it("progress at a ref on a day", async () => {
    const { api, seen } = fake(() => ({ status: 200, body: { as_of: "2025-07-01", indicators: {}, nodes: {} } }));
    await api.progress("my org", "plan", { ref: "main", asOf: "2025-07-01" });
    expect(seen[0]!.url).toBe(`${G}/progress?ref=main&as_of=2025-07-01`);
    await api.progress("my org", "plan");
    expect(seen[1]!.url).toBe(`${G}/progress`);
  });

  it("the dashboard, every indicator with a series", async () => {
    const { api, seen } = fake(() => ({ status: 200, body: { indicators: [{ id: "i", name: "I", node_id: "n", node_label: "N", status: "behind" }] } }));
    const d = await api.dashboard("my org", "plan", "main");
    expect(seen[0]!.url).toBe(`${G}/dashboard?ref=main`);
    expect(d.indicators[0]!.series).toEqual([]);
  });

  it("owners make results public", async () => {
    const { api, seen } = fake(() => ({ status: 200, body: { results_public: true } }));
    const g = await api.setResultsPublic("my org", "plan", true);
    expect(seen[0]!.method).toBe("PATCH");
    expect(JSON.parse(seen[0]!.body as string)).toEqual({ results_public: true });
    expect(g.results_public).toBe(true);
  });
});
