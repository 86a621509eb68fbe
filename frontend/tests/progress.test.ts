/** Progress as the screens say it (model/progress.ts): boxes, reasons, pathways, charts. */
import { describe, expect, it } from "vitest";
import {
  boxProgressSentence,
  chartData,
  chartSummary,
  chartTable,
  distanceWords,
  docFromLists,
  hasReported,
  hasCategoryData,
  makeIndicator,
  pathwayCounts,
  pathwayEnds,
  pathwayTo,
  progressByNode,
  ratioWords,
  statusOf,
  upstreamBecause,
  upstreamSentence,
  worse,
  type DashboardIndicator,
  type Progress,
  type SeriesPoint,
  type UpstreamReason,
} from "../src/model";

const r = (label: string, status: UpstreamReason["status"] = "behind"): UpstreamReason => ({ id: label, label, status });

describe("why a box is at risk upstream", () => {
  it.each<[UpstreamReason[], string]>([
    [[], ""],
    [[r("Young people coached")], "because “Young people coached” is behind"],
    [[r("A"), r("B", "off_track")], "because “A” is behind and “B” is off track"],
    [[r("A"), r("B"), r("C")], "because “A” is behind, “B” is behind and “C” is behind"],
    [[r("A"), r("B"), r("C"), r("D"), r("E")], "because “A” is behind, “B” is behind, “C” is behind and 2 more are behind or off track"],
    [[r("A"), r("B"), r("C"), r("D")], "because “A” is behind, “B” is behind, “C” is behind and 1 more is behind or off track"],
    [[r("", null)], "because “a box” is at risk"],
  ])("%j", (reasons, words) => expect(upstreamBecause(reasons)).toBe(words));
  it("as a sentence", () => expect(upstreamSentence([r("Coached")])).toBe("At risk upstream because “Coached” is behind."));
});

describe("each box's progress", () => {
  const p: Progress = {
    as_of: "2025-07-10",
    indicators: {
      a: { status: "behind", expected: 50, actual: 40, period: "2025-Q2", ratio: 0.8, reason: "…", node_id: "n1" },
      b: { status: "on_track", expected: 10, actual: 10, period: "2025-Q2", ratio: 1, reason: "…", node_id: "n1" },
      c: { status: "behind", expected: 50, actual: 35, period: "2025-Q2", ratio: 0.7, reason: "…", node_id: "n1" },
      d: { status: "no_recent_data", expected: null, actual: null, period: null, ratio: null, reason: "Nothing has been reported yet.", node_id: "n2" },
      e: { status: "on_track", expected: 5, actual: 8, period: "2025-Q2", ratio: 1.6, reason: "…", node_id: "n3" },
    },
    nodes: {
      n1: { status: "behind", upstream: null, reasons: [] },
      n2: { status: "no_recent_data", upstream: "at_risk", reasons: [{ id: "n1", label: "Coaching", status: "behind" }] },
      n3: { status: "on_track", upstream: "ok", reasons: [] },
      n4: { status: null, upstream: "at_risk", reasons: [{ id: "n1", label: "Coaching", status: "behind" }] },
    },
  };
  const by = progressByNode(p);
  it("the bar shows the least progress among the indicators that set the status", () => {
    expect(by.get("n1")).toMatchObject({ status: "behind", ratio: 0.7, fraction: 0.7, atRisk: false });
    expect(by.get("n1")!.indicators.map((i) => i.id)).toEqual(["a", "c", "b"]);
    expect(by.get("n3")).toMatchObject({ fraction: 1, ratio: 1.6 });
    expect(by.get("n2")).toMatchObject({ status: "no_recent_data", fraction: null, atRisk: true });
    expect(by.get("n4")).toMatchObject({ status: null, atRisk: true });
  });
  it("what a screen reader hears", () => {
    expect(boxProgressSentence(by.get("n1"))).toBe("Behind, 70% of the progress expected.");
    expect(boxProgressSentence(by.get("n2"))).toBe("No recent data. At risk upstream because “Coaching” is behind.");
    expect(boxProgressSentence(by.get("n4"))).toBe("At risk upstream because “Coaching” is behind.");
    expect(boxProgressSentence(undefined)).toBe("");
  });
  it("no answer, no marks", () => expect(progressByNode(null).size).toBe(0));
  it("nothing ever reported: no marks (not 'no recent data' on every box)", () => {
    const none: Progress = {
      as_of: "2025-07-10",
      indicators: { d: { status: "no_recent_data", expected: null, actual: null, period: null, ratio: null, reason: "Nothing has been reported yet.", node_id: "n2" } },
      nodes: { n2: { status: "no_recent_data", upstream: null, reasons: [] } },
    };
    expect(hasReported(none)).toBe(false);
    expect(progressByNode(none).size).toBe(0);
    expect(hasReported(p)).toBe(true);
  });
  it("ratios in words", () => {
    expect(ratioWords(0.823)).toBe("82% of the progress expected");
    expect(ratioWords(null)).toBe("");
    expect(ratioWords(50)).toBe("999% of the progress expected");
  });
  it("the worse status", () => {
    expect(worse("on_track", "behind")).toBe("behind");
    expect(worse(null, "off_track")).toBe("off_track");
    expect(worse("no_recent_data", "on_track")).toBe("no_recent_data");
  });
  it("a dashboard's status is a word or an object", () => {
    expect(statusOf("behind")).toBe("behind");
    expect(statusOf({ status: "on_track", expected: null, actual: null, period: null, ratio: null, reason: "", node_id: "" })).toBe("on_track");
    expect(statusOf(null)).toBeNull();
  });
});

describe("the pathway to an outcome", () => {
  const doc = docFromLists(
    [
      { id: "act", kind: "activity", label: "Coaching sessions" },
      { id: "out", kind: "output", label: "Young people coached" },
      { id: "oc1", kind: "outcome", horizon: "short", label: "Confidence" },
      { id: "oc2", kind: "outcome", horizon: "long", label: "Jobs" },
      { id: "imp", kind: "impact", label: "Fewer young people out of work" },
      { id: "other", kind: "activity", label: "Unrelated" },
    ],
    [
      { id: "e1", source: "act", target: "out" },
      { id: "e2", source: "out", target: "oc1" },
      { id: "e3", source: "oc1", target: "oc2" },
      { id: "e4", source: "out", target: "oc2" },
      { id: "e5", source: "oc2", target: "imp" },
      { id: "e6", source: "oc2", target: "oc1" },
    ],
  );
  it("impacts and outcomes can be chosen, long term first", () => expect(pathwayEnds(doc).map((n) => n.id)).toEqual(["imp", "oc2", "oc1"]));
  it("every box with a path into it, nearest first, each once (cycles end)", () => {
    const steps = pathwayTo(doc, "oc2");
    expect(steps.map((s) => [s.node.id, s.distance])).toEqual([
      ["oc2", 0],
      ["oc1", 1],
      ["out", 1],
      ["act", 2],
    ]);
    expect(steps.find((s) => s.node.id === "out")!.feeds.sort()).toEqual(["oc1", "oc2"]);
    expect(steps.find((s) => s.node.id === "oc2")!.feeds).toEqual([]);
  });
  it("an unknown box has no pathway", () => expect(pathwayTo(doc, "nope")).toEqual([]));
  it("groups are named by distance", () => {
    expect(distanceWords(0)).toBe("The result chosen");
    expect(distanceWords(1)).toBe("Leading to it directly");
    expect(distanceWords(3)).toBe("Three steps before it");
    expect(distanceWords(9)).toBe("9 steps before it");
  });
  it("counts of statuses", () => {
    const by = progressByNode({
      as_of: "",
      indicators: { i: { status: "behind", expected: 10, actual: 7, period: "2025-Q1", ratio: 0.7, reason: "", node_id: "out" } },
      nodes: { out: { status: "behind", upstream: null, reasons: [] } },
    });
    expect(pathwayCounts(pathwayTo(doc, "oc1"), by)).toMatchObject({ behind: 1, none: 3 });
  });
});

describe("an indicator's chart", () => {
  const pt = (period: string, end: string, actual: number | null, target: number | null, categories: SeriesPoint["categories"] = null): SeriesPoint => ({
    period,
    start: "",
    end,
    actual,
    target,
    categories,
  });
  const base = (extra: Partial<DashboardIndicator> = {}): DashboardIndicator => ({
    ...makeIndicator("Young people coached"),
    node_id: "out",
    node_label: "Coaching",
    status: "behind",
    series: [pt("2025-Q2", "2025-06-30", 45, 50, { gender: { female: 25, male: 20 } }), pt("2025-Q1", "2025-03-31", 20, 25, { gender: { female: 12, male: 8 } }), pt("2025-Q3", "2025-09-30", null, 75)],
    disaggregations: [{ name: "gender", categories: ["female", "male"] }],
    ...extra,
  });
  it("target, actuals and categories in period order", () => {
    const d = chartData(base(), "gender");
    expect(d.target.map((p) => p.value)).toEqual([25, 50, 75]);
    expect(d.actual.map((p) => [p.period, p.value])).toEqual([
      ["2025-Q1", 20],
      ["2025-Q2", 45],
    ]);
    expect(d.actual[0]!.date.toISOString()).toBe("2025-03-31T00:00:00.000Z");
    expect(d.categories.map((c) => `${c.period} ${c.category} ${c.value}`)).toEqual(["2025-Q1 female 12", "2025-Q1 male 8", "2025-Q2 female 25", "2025-Q2 male 20"]);
    expect(d.categoryNames).toEqual(["female", "male"]);
  });
  it("cumulative: each category's running total", () => {
    const d = chartData(base({ aggregation: "cumulative" }), "gender");
    expect(d.categories.filter((c) => c.category === "female").map((c) => c.value)).toEqual([12, 37]);
  });
  it("no breakdown chosen: no categories", () => expect(chartData(base()).categories).toEqual([]));
  it("which breakdowns have data", () => {
    expect(hasCategoryData(base(), "gender")).toBe(true);
    expect(hasCategoryData(base(), "age")).toBe(false);
  });
  it.each<[string, Partial<DashboardIndicator>, string]>([
    ["numbers", {}, "Young people coached (Coaching): latest 45 in Q2 2025 against 50 expected; 2 of 3 periods reported; target 75 by Q3 2025. Behind."],
    ["nothing yet", { series: [pt("2025-Q1", "2025-03-31", null, 10)], status: "no_recent_data" }, "Young people coached (Coaching): nothing reported yet; target 10 by Q1 2025. No recent data."],
    ["a percentage", { unit_type: "percentage", series: [pt("2025-Q1", "2025-03-31", 40, null)], status: null }, "Young people coached (Coaching): latest 40% in Q1 2025; 1 of 1 periods reported."],
    ["yes or no", { unit_type: "yes_no", series: [pt("2025", "2025-12-31", 1, 1)], status: "on_track" }, "Young people coached (Coaching): latest yes in 2025 against yes expected; 1 of 1 periods reported. On track."],
    ["text", { unit_type: "text", series: [{ ...pt("2025", "2025-12-31", null, null), text_value: "Going well" }], status: "no_target" }, "Young people coached (Coaching): 1 text answer. No target."],
  ])("its sentence: %s", (_, extra, words) => expect(chartSummary(base(extra))).toBe(words));
  it("a box named as its indicator is not said twice", () =>
    expect(chartSummary(base({ node_label: "Young people coached", series: [] }))).toBe("Young people coached: nothing reported yet. Behind."));
  it("its table", () => {
    const t = chartTable(base(), "gender");
    expect(t.head).toEqual(["Period", "Expected", "Actual", "female", "male"]);
    expect(t.rows).toEqual([
      ["Q1 2025", "25", "20", "12", "8"],
      ["Q2 2025", "50", "45", "25", "20"],
      ["Q3 2025", "75", "–", "–", "–"],
    ]);
    expect(chartTable(base({ aggregation: "cumulative" })).head[2]).toBe("Actual (total to date)");
  });
});
