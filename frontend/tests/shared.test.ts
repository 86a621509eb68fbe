/** Shared measurement's pure parts (issue 14): reports_to, consent words, where a value stands,
 * why figures are hidden, the sector map's levels and statuses, the rows of a shared
 * indicator's chart and table from the API's wire form, and the API client's requests. */
import { describe, expect, it } from "vitest";
import {
  bandTone,
  benchmarkSentence,
  isAlone,
  changeWords,
  CONSENT_CHOICES,
  CONSENTS,
  consentDone,
  contributorsWords,
  docFromLists,
  frameworksReportedTo,
  headlineText,
  hiddenWords,
  isConsent,
  latestBenchmarks,
  noFigureWords,
  parseReportsTo,
  periodWordsIn,
  reporterOf,
  reportingWords,
  reportsToMessages,
  reportsToProblem,
  roleSentence,
  sectorLevels,
  sharedChart,
  sharedSummary,
  sharedTable,
  shownIndicatorStatus,
  shownNodeStatus,
  targetAt,
  type SectorDashboardNode,
  type SectorIndicator,
  type SharedIndicatorBody,
  type SharedPeriodFigures,
} from "../src/model";
import { Api, type FetchLike } from "../src/sync";

function figures(period: string, over: Partial<SharedPeriodFigures> = {}): SharedPeriodFigures {
  return {
    period,
    linked: 4,
    reporting: 3,
    coverage: 0.75,
    sum: null,
    mean: null,
    median: null,
    q1: null,
    q3: null,
    yes_share: null,
    change: null,
    categories: [],
    suppressed: false,
    reason: null,
    ...over,
  };
}

const HIDDEN = { reporting: null, coverage: null, suppressed: true, reason: "Fewer than 5 member ToCs reported for 2025-Q1: figures from so few are hidden." };

function body(over: Partial<SharedIndicatorBody> = {}): SharedIndicatorBody {
  return {
    indicator: "jobs",
    name: "Job starts",
    node_id: "o",
    node_label: "In work",
    definition: { name: "Job starts", unit_type: "count", baseline: 0, target: 400, baseline_date: "2025-01-01", target_date: "2025-12-31" },
    unit_type: "count",
    role: "member",
    k: 5,
    linked: 4,
    incompatible: 0,
    aggregates: [],
    note: null,
    values: [],
    benchmarks: [],
    ...over,
  };
}

describe("reports_to", () => {
  it.each([
    ["net/frame#jobs", { org: "net", graph: "frame", indicator: "jobs", framework: "net/frame" }],
    ["net/frame", null],
    ["net#jobs", null],
    ["net/frame#a#b", null],
    ["", null],
    [null, null],
  ])("reads %j", (text, expected) => {
    expect(parseReportsTo(text)).toEqual(expected);
  });

  const doc = docFromLists(
    [
      { id: "a", kind: "outcome", label: "A", indicators: [
        { id: "i1", name: "Starts", reports_to: "net/frame#jobs" },
        { id: "i2", name: "Own only" },
      ] },
      { id: "b", kind: "outcome", label: "B", indicators: [
        { id: "i3", name: "Rate", reports_to: "net/frame#pct" },
        { id: "i4", name: "Wages", reports_to: "fund/plan#pay" },
      ] },
    ],
    [],
  ); // prettier-ignore

  it("lists the frameworks a ToC reports to, each with its indicators", () => {
    const got = frameworksReportedTo(doc);
    expect(got.map((f) => [f.framework, f.indicators.map((i) => i.id)])).toEqual([
      ["net/frame", ["i1", "i3"]],
      ["fund/plan", ["i4"]],
    ]);
    expect(got[0]!.indicators[1]).toEqual({ id: "i3", name: "Rate", nodeId: "b", reportsTo: "net/frame#pct" });
    expect(frameworksReportedTo(docFromLists([], []))).toEqual([]);
  });

  it("knows which indicator reports to a shared one already (a ToC reports to it once)", () => {
    expect(reporterOf(doc, "net/frame#jobs")).toEqual({ id: "i1", name: "Starts" });
    expect(reporterOf(doc, "net/frame#jobs", "i1")).toBeNull();
    expect(reporterOf(doc, "net/frame#other")).toBeNull();
  });

  it("finds the server's message about one indicator's reports_to, and names the shared indicator", () => {
    const errors = {
      json: {
        "nodes/o/indicators/1/reports_to": ["cannot report to net/frame#pct: It is measured as a count, but the shared indicator as a percentage."],
        "nodes/o/indicators/0/name": ["is empty"],
        "nodes/p/indicators/1/reports_to": ["another box"],
      },
    };
    expect(reportsToMessages(errors, "o", 1)).toHaveLength(1);
    expect(reportsToMessages(errors, "o", 0)).toEqual([]);
    expect(reportsToMessages(errors, "p", 1)).toEqual(["another box"]);
    expect(reportsToMessages({ json: { "ops/0/set/indicators/2/reports_to": ['must look like "org/graph#indicator_id"'] } }, "o", 2)).toHaveLength(1);
    expect(reportsToMessages(undefined, "o", 0)).toEqual([]);
    const [m] = reportsToMessages(errors, "o", 1);
    expect(reportsToProblem(m!, (a) => (a === "net/frame#pct" ? "In work" : undefined))).toBe(
      "Cannot report to “In work”: It is measured as a count, but the shared indicator as a percentage.",
    );
    expect(reportsToProblem(m!, () => undefined)).toMatch(/^Cannot report to net\/frame#pct: It is/);
    expect(reportsToProblem("at most one indicator of a ToC may report to it", () => "x")).toBe("at most one indicator of a ToC may report to it");
  });
});

describe("consent", () => {
  it("has a name and a meaning for each choice the API takes", () => {
    expect(CONSENTS).toEqual(["none", "maintainers", "members"]);
    for (const c of CONSENTS) {
      expect(CONSENT_CHOICES[c].label).toBeTruthy();
      expect(CONSENT_CHOICES[c].meaning.length).toBeGreaterThan(40);
      expect(isConsent(c)).toBe(true);
    }
    expect(isConsent(null)).toBe(false);
    expect(isConsent("everyone")).toBe(false);
    expect(CONSENT_CHOICES.members.meaning).toContain("never see your name");
    expect(consentDone("none")).toContain("stopped showing");
  });

  it("says what each viewer sees", () => {
    expect(roleSentence("maintainer", 5, false)).toContain("fewer than 5 members");
    expect(roleSentence("member", 2, true)).toContain("Figures from fewer than 2 members are hidden");
    expect(roleSentence("member", 5, false)).toContain("Share your results with all members");
    expect(roleSentence("anonymous", 5, false)).toContain("only to the framework's maintainers");
  });
});

describe("where a value stands", () => {
  it.each([
    ["above_q3", "increase", "high"],
    ["below_q1", "increase", "low"],
    ["below_q1", "decrease", "high"],
    ["above_q3", "decrease", "low"],
    ["q1_median", "increase", "middle"],
    ["median_q3", "decrease", "middle"],
  ] as const)("%s when %s is better is %s", (band, direction, tone) => {
    expect(bandTone(band, direction)).toBe(tone);
  });

  it("says it in a sentence with the quartiles it was judged against", () => {
    const def = { unit_type: "count" as const };
    const f = figures("2026-Q3", { reporting: 3, q1: 15, median: 20, q3: 30 });
    expect(benchmarkSentence({ period: "2026-Q3", value: 40, band: "above_q3" }, def, f)).toBe(
      "Your value for Q3 2026, 40, is in the top quarter of the 3 members reporting (the middle half reported 15 to 30, the median 20).",
    );
    expect(benchmarkSentence({ period: "2026-Q3", value: 10, band: "below_q1" }, def)).toBe("Your value for Q3 2026, 10, is in the bottom quarter.");
    const pct = { unit_type: "percentage" as const, direction: "decrease" as const };
    expect(benchmarkSentence({ period: "2026", value: 12.5, band: "q1_median" }, pct, figures("2026", { reporting: 1, q1: 10, median: 20, q3: 20 }))).toBe(
      "Your value for 2026, 12.5%, is below the median, above the bottom quarter of the 1 member reporting (the middle half reported 10% to 20%, the median 20%). Lower is better here.",
    );
  });

  it("says a value that is the only one reported has nothing to compare with", () => {
    const def = { unit_type: "percentage" as const };
    const alone = figures("2025-Q4", { reporting: 1, q1: 52, median: 52, q3: 52 });
    expect(benchmarkSentence({ period: "2025-Q4", value: 52, band: "median_q3" }, def, alone)).toBe(
      "Your value for Q4 2025, 52%, is the only one reported: nothing to compare it with yet.",
    );
    expect(isAlone({ value: 52 }, alone)).toBe(true);
    expect(isAlone({ value: 40 }, alone)).toBe(false); // one other member reported 52
    expect(isAlone({ value: 52 }, figures("2025-Q4", { reporting: 2, q1: 52, median: 52, q3: 52 }))).toBe(false);
  });

  it("keeps each of the viewer's ToCs' latest benchmark", () => {
    const list = [
      { member: "a/x", period: "2026-Q2", band: "below_q1" },
      { member: "a/x", period: "2026-Q3", band: "above_q3" },
      { member: "a/y", period: "2026-Q1", band: "q1_median" },
      { member: "a/x", period: "2026-Q1", band: "median_q3" },
    ];
    expect(latestBenchmarks(list).map((b) => [b.member, b.period])).toEqual([
      ["a/x", "2026-Q3"],
      ["a/y", "2026-Q1"],
    ]);
    expect(latestBenchmarks([])).toEqual([]);
  });
});

describe("the figures in words", () => {
  it("says why a period is hidden", () => {
    expect(hiddenWords("2025-Q1", 5)).toBe("Q1 2025: hidden, fewer than 5 members reported (figures from so few could point at one of them).");
    expect(hiddenWords("2025", 1)).toContain("fewer than 1 member reported");
  });

  it.each([
    [15, { unit_type: "count" as const }, "up 15 on the period before"],
    [-2.5, { unit_type: "percentage" as const }, "down 2.5 points on the period before"],
    [-0.25, { unit_type: "yes_no" as const }, "down 25 points on the period before"],
    [1200, { unit_type: "currency" as const, currency: "EUR" }, "up EUR 1,200 on the period before"],
    [0, { unit_type: "count" as const }, "no change on the period before"],
    [null, { unit_type: "count" as const }, ""],
  ])("a change of %j", (change, def, words) => {
    expect(changeWords(change, { unit: null, currency: null, ...def })).toBe(words);
  });

  it("names the headline figure with its unit", () => {
    expect(headlineText({ figure: "sum", value: 70, unit_type: "count" })).toBe("Total 70");
    expect(headlineText({ figure: "mean", value: 29.166, unit_type: "percentage" })).toBe("Average 29.2%");
    expect(headlineText({ figure: "yes_share", value: 0.4, unit_type: "yes_no" })).toBe("Share answering yes 40%");
    expect(headlineText({ figure: "sum", value: 5000, unit_type: "currency" }, { currency: "HKD", unit: null })).toBe("Total HKD 5,000");
    expect(headlineText({ figure: "sum", value: null, unit_type: "count" })).toBe("");
  });

  it("counts who reports and who contributes", () => {
    expect(reportingWords(3, 4)).toBe("3 of 4 members reported");
    expect(reportingWords(null, 1)).toBe("1 member reports to it");
    const node = { count: 3, unnamed: 2, contributors: [{}] } as unknown as SectorDashboardNode;
    expect(contributorsWords(node)).toBe("3 contributions (1 named, 2 private)");
    expect(contributorsWords({ ...node, count: 2, unnamed: 0, contributors: [{}, {}] } as unknown as SectorDashboardNode)).toBe("2 contributions");
    expect(contributorsWords({ count: 0, unnamed: 0, contributors: [] })).toBe("Nobody contributes yet");
  });

  it("writes the server's period codes as people do, leaving days and years", () => {
    expect(periodWordsIn("70 in 2026-Q3 against 89.8, expected by 30 Sep 2026")).toBe("70 in Q3 2026 against 89.8, expected by 30 Sep 2026");
    expect(periodWordsIn("Nothing reported since 2025-H1; 2025-03 and 2025-03-31")).toBe("Nothing reported since H1 2025; Mar 2025 and 2025-03-31");
    expect(periodWordsIn("in 2025")).toBe("in 2025");
  });
});

describe("the sector map", () => {
  const ind = (over: Partial<SectorIndicator>): SectorIndicator => ({
    id: "x",
    name: "X",
    unit_type: "count",
    figure: "sum",
    period: null,
    value: null,
    change: null,
    reporting: null,
    linked: 0,
    status: null,
    reason: null,
    note: null,
    ...over,
  });
  const n = (id: string, kind: SectorDashboardNode["kind"], label: string, indicators: SectorIndicator[] = []): SectorDashboardNode => ({
    id,
    label,
    kind,
    status: null,
    indicators,
    contributors: [],
    count: 0,
    unnamed: 0,
    measured: false,
  });

  it("puts the boxes in levels, impact first, long-term outcomes before short, by label", () => {
    const doc = docFromLists(
      [
        { id: "s", kind: "outcome", label: "B short", horizon: "short" },
        { id: "l", kind: "outcome", label: "Z long", horizon: "long" },
        { id: "u", kind: "outcome", label: "A unset" },
      ],
      [],
    );
    const levels = sectorLevels([n("s", "outcome", "B short"), n("a", "activity", "Clubs"), n("l", "outcome", "Z long"), n("u", "outcome", "A unset"), n("i", "impact", "Good lives")], doc);
    expect(levels.map((l) => [l.title, l.nodes.map((x) => x.id)])).toEqual([
      ["Impact", ["i"]],
      ["Outcomes", ["l", "s", "u"]],
      ["Activities", ["a"]],
    ]);
  });

  it("judges a box by the shared indicators members report to only", () => {
    const nobody = ind({ linked: 0, status: "no_recent_data" });
    const behind = ind({ linked: 3, status: "behind" });
    const onTrack = ind({ linked: 2, status: "on_track" });
    expect(shownIndicatorStatus(nobody)).toBeNull();
    expect(shownNodeStatus(n("o", "outcome", "O", [nobody, onTrack]))).toBe("on_track");
    expect(shownNodeStatus(n("o", "outcome", "O", [onTrack, behind, nobody]))).toBe("behind");
    expect(shownNodeStatus(n("o", "outcome", "O", [nobody]))).toBeNull();
  });

  it("says why a box's indicator shows no figure", () => {
    expect(noFigureWords(ind({ linked: 0 }), undefined)).toBe("No member reports to it yet");
    expect(noFigureWords(ind({ linked: 2, note: "Share your results" }), undefined)).toBe("Share your results");
    const hidden = body({ k: 3, aggregates: [figures("2025-Q2", HIDDEN), figures("2025-Q1", HIDDEN)] });
    expect(noFigureWords(ind({ linked: 2, reason: "server words" }), hidden)).toBe(hiddenWords("2025-Q2", 3));
    expect(noFigureWords(ind({ linked: 2 }), body({ aggregates: [] }))).toBe("2 members report to it; no results shared yet");
  });
});

describe("a shared indicator's chart and table", () => {
  const rows = [
    figures("2025-Q2", { linked: 6, reporting: 5, sum: 300, mean: 60, median: 55, q1: 40, q3: 80, change: 100 }),
    figures("2025-Q1", { linked: 6, reporting: 5, sum: 200, mean: 40, median: 35, q1: 20, q3: 50 }),
    figures("2024-Q4", HIDDEN),
  ];
  const mine = [
    {
      member: "me/toc",
      title: "Mine",
      indicator: "starts",
      own: true,
      public: false,
      values: [
        { period: "2025-Q1", value: 30, numerator: null, denominator: null, text_value: null, categories: null },
        { period: "2025-Q3", value: 90, numerator: null, denominator: null, text_value: null, categories: null },
      ],
    },
    { member: "pub/toc", title: "Public", indicator: "x", own: false, public: true, values: [{ period: "2025-Q1", value: 5, numerator: null, denominator: null, text_value: null, categories: null }] },
  ];

  it("maps the wire form to the rows of the chart: headline, band, median, target path, own values, hidden periods", () => {
    const c = sharedChart(body({ aggregates: rows, values: mine }));
    expect(c.periods).toEqual(["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"]);
    expect(c.figure).toBe("sum");
    expect(c.twoScales).toBe(true);
    expect(c.headline).toEqual([
      { period: "2025-Q1", value: 200 },
      { period: "2025-Q2", value: 300 },
    ]);
    expect(c.band).toEqual([
      { period: "2025-Q1", q1: 20, q3: 50 },
      { period: "2025-Q2", q1: 40, q3: 80 },
    ]);
    expect(c.median.map((m) => m.value)).toEqual([35, 55]);
    expect(c.own).toEqual([
      { period: "2025-Q1", value: 30, member: "me/toc" },
      { period: "2025-Q3", value: 90, member: "me/toc" },
    ]); // not another member's public value
    expect(c.hidden).toEqual([{ period: "2024-Q4", reason: hiddenWords("2024-Q4", 5) }]);
    // 0 on 1 Jan 2025 to 400 on 31 Dec 2025: whole young people at each quarter's end
    expect(c.target).toEqual([
      { period: "2024-Q4", value: 0 },
      { period: "2025-Q1", value: 98 },
      { period: "2025-Q2", value: 198 },
      { period: "2025-Q3", value: 299 },
    ]);
  });

  it("adds a cumulative total up, takes a percentage from its parts, and follows set period targets", () => {
    const cumulative = sharedChart(body({ aggregates: rows, definition: { unit_type: "count", aggregation: "cumulative" } }));
    expect(cumulative.headline.map((h) => h.value)).toEqual([200, 500]);
    expect(cumulative.target).toEqual([]);
    const pct = sharedChart(
      body({
        unit_type: "percentage",
        definition: { unit_type: "percentage", target: 60, period_targets: [{ period: "2025-Q1", value: 45 }] },
        aggregates: [figures("2025-Q1", { mean: 41.5, median: 40, q1: 30, q3: 50 })],
        values: [{ ...mine[0]!, values: [{ period: "2025-Q1", value: null, numerator: 3, denominator: 12, text_value: null, categories: null }] }],
      }),
    );
    expect(pct.figure).toBe("mean");
    expect(pct.twoScales).toBe(false);
    expect(pct.headline).toEqual([{ period: "2025-Q1", value: 41.5 }]);
    expect(pct.own).toEqual([{ period: "2025-Q1", value: 25, member: "me/toc" }]);
    expect(pct.target).toEqual([{ period: "2025-Q1", value: 45 }]);
    expect(targetAt({ target: 60 }, "2025-Q2")).toBe(60);
    expect(targetAt({ target: "most" }, "2025-Q2")).toBeNull();
  });

  it("gives a table with a row per period, hidden periods said so", () => {
    const t = sharedTable(body({ aggregates: rows, values: mine }));
    expect(t.head).toEqual(["Period", "Members reporting", "Total", "Median", "Middle half", "Framework target", "Your value"]);
    expect(t.rows).toEqual([
      ["Q4 2024", "Hidden: fewer than 5 members", "–", "–", "–", "0", "–"],
      ["Q1 2025", "5 of 6", "200", "35", "20 to 50", "98", "30"],
      ["Q2 2025", "5 of 6", "300", "55", "40 to 80", "198", "–"],
      ["Q3 2025", "–", "–", "–", "–", "299", "90"],
    ]);
    const yesNo = sharedTable(body({ unit_type: "yes_no", definition: { unit_type: "yes_no" }, aggregates: [figures("2025", { yes_share: 0.4 })] }));
    expect(yesNo.head).toEqual(["Period", "Members reporting", "Share answering yes"]);
    expect(yesNo.rows).toEqual([["2025", "3 of 4", "40%"]]);
  });

  it("sums it up in a sentence", () => {
    expect(sharedSummary(body({ aggregates: rows }))).toBe(
      "Job starts: 5 of 6 members reported in Q2 2025; total 300 (up 100 on the period before); median 55 per member; the framework's target path 198. 1 period is hidden (fewer than 5 members reported).",
    );
    expect(sharedSummary(body({ aggregates: null, note: "Share your results to see." }))).toBe("Job starts: 4 members report to it. Share your results to see.");
    expect(sharedSummary(body({ aggregates: [figures("2025-Q1", HIDDEN)] }))).toBe("Job starts: every period is hidden, fewer than 5 members reported.");
    expect(sharedSummary(body({ aggregates: [] }))).toBe("Job starts: 4 members report to it; no results shared yet.");
    expect(sharedSummary(body({ linked: 0 }))).toBe("Job starts: no member reports to it yet.");
  });
});

describe("the API client's shared-measurement requests", () => {
  function server(answers: Record<string, { status: number; body?: unknown }>) {
    const calls: { method: string; path: string; body?: unknown; csrf?: string }[] = [];
    const fetch: FetchLike = async (input, init) => {
      const method = init?.method ?? "GET";
      const path = input.replace("/api/v1", "");
      calls.push({ method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined, csrf: (init?.headers as Record<string, string>)["X-CSRF-Token"] });
      const a = answers[`${method} ${path}`] ?? { status: 404, body: { code: 404, message: "no such thing" } };
      return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status });
    };
    const api = new Api(fetch);
    api.csrfToken = "t";
    return { api, calls };
  }

  it("asks for figures, the dashboard and the offers at their addresses", async () => {
    const { api, calls } = server({
      "GET /graphs/net/frame/shared-indicators": { status: 200, body: { indicators: [] } },
      "GET /graphs/net/frame/shared-indicators?named=true&from=2025-Q1": { status: 200, body: { indicators: [] } },
      "GET /graphs/net/frame/sector/dashboard?as_of=2025-08-10": { status: 200, body: { nodes: [] } },
      "GET /graphs/me/toc/links/indicators?target=net%2Fframe%23o": { status: 200, body: { indicators: [] } },
    });
    await api.sharedIndicators("net", "frame");
    await api.sharedIndicators("net", "frame", { named: true, from: "2025-Q1" });
    await api.sectorDashboard("net", "frame", "2025-08-10");
    await api.linkOffers("me", "toc", "net/frame#o");
    expect(calls.map((c) => c.path)).toEqual([
      "/graphs/net/frame/shared-indicators",
      "/graphs/net/frame/shared-indicators?named=true&from=2025-Q1",
      "/graphs/net/frame/sector/dashboard?as_of=2025-08-10",
      "/graphs/me/toc/links/indicators?target=net%2Fframe%23o",
    ]);
    expect(api.sharedCsvUrl("net", "frame")).toBe("/api/v1/graphs/net/frame/shared-indicators.csv");
  });

  it("changes consent and k with PATCH and the CSRF token", async () => {
    const { api, calls } = server({ "PATCH /graphs/me/toc": { status: 200, body: { share_results: "members" } }, "PATCH /graphs/net/frame": { status: 200, body: { aggregate_k: 2 } } });
    expect((await api.setShareResults("me", "toc", "members")).share_results).toBe("members");
    expect((await api.setAggregateK("net", "frame", 2)).aggregate_k).toBe(2);
    expect(calls).toMatchObject([
      { method: "PATCH", body: { share_results: "members" }, csrf: "t" },
      { method: "PATCH", body: { aggregate_k: 2 }, csrf: "t" },
    ]);
  });
});
