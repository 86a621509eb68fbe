import { describe, expect, it } from "vitest";
import { docFromLists, type Doc, type TocEdge } from "../src/model";
import type { Layout } from "../src/sync";
import {
  bounds,
  estimateSize,
  freeSpot,
  laneOf,
  layeredLayout,
  overlaps,
  placeBoxes,
  shownLabel,
  wrapText,
  type Box,
} from "../src/view/diagram/fromLayout";
import { arrowheadPath, fallbackGeometry, labelSize, layoutGeometry, placeLabels, pointAt, splinePath, type Pt } from "../src/view/diagram/splines";
import { layoutIsStale } from "../src/view/diagram/staleness";
import { connectGroups, filterBoxes, laneOrder } from "../src/view/diagram/connectList";
import { arrowhead, diffColours, edgeLook, kindLook, paletteCssVars, PALETTE } from "../src/view/palette";
import { edgeText } from "../src/view/diagram/Diagram";
import { boxDescription } from "../src/view/diagram/TocNode";

// -- the same lines as the exports (Python's textwrap, 26 characters) --------------------------

describe("label lines", () => {
  // Expected lines from toc_editor.rendering.dot_writer.user_label (textwrap, width 26).
  const python: [string, string[]][] = [
    ["Young people with well-being support find full-time jobs quickly", ["Young people with well-", "being support find full-", "time jobs quickly"]],
    ["Employer-led, co-designed training for 16-24-year-olds", ["Employer-led, co-designed", "training for 16-24-year-", "olds"]],
    ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bb", ["aaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaa bb"]],
    ["London employers routinely recruit young people facing disadvantage", ["London employers routinely", "recruit young people", "facing disadvantage"]],
    ["x x x supercalifragilisticexpialidocious-and-more words", ["x x x supercalifragilistic", "expialidocious-and-more", "words"]],
    ["Short", ["Short"]],
    ["", [""]],
    ["Outreach and referral partnerships with Jobcentre Plus, youth hubs and leaving-care teams", ["Outreach and referral", "partnerships with", "Jobcentre Plus, youth hubs", "and leaving-care teams"]],
  ];
  it.each(python)("wraps %j as the export does", (text, lines) => {
    expect(wrapText(shownLabel(text))).toEqual(lines);
  });

  it("caps a label at 120 characters with an ellipsis, as the export does", () => {
    const lines = wrapText(shownLabel("A".repeat(130)));
    expect(lines).toEqual(["A".repeat(26), "A".repeat(26), "A".repeat(26), "A".repeat(26), `${"A".repeat(15)}…`]);
    expect(shownLabel("  two\n lines  ")).toBe("two lines");
  });

  it("estimates Graphviz's box sizes", () => {
    // From a real layout: a 2-line activity is 36 high, 3 lines 49; an outcome adds two lines.
    expect(estimateSize({ kind: "activity", label: "Run weekly sessions for small farmers" }).h).toBe(36);
    expect(estimateSize({ kind: "activity", label: "Outreach and referral partnerships with Jobcentre Plus" }).h).toBe(49);
    expect(estimateSize({ kind: "outcome", label: "Participants feel more confident" }).h).toBe(62);
    const w = estimateSize({ kind: "output", label: "London employers routinely recruit" }).w;
    expect(w).toBeGreaterThan(170);
    expect(w).toBeLessThan(200);
  });
});

// -- placing boxes ----------------------------------------------------------------------------

function docOf(nodes: { id: string; kind: string; label?: string; horizon?: string }[], edges: [string, string][] = []): Doc {
  return docFromLists(
    nodes.map((n) => ({ label: n.id, ...n })),
    edges.map(([s, t], i) => ({ id: `e${i}`, source: s, target: t })),
  );
}

const LAYOUT: Layout = {
  width: 600,
  height: 300,
  nodes: {
    a1: { x: 200, y: 250, width: 150, height: 36 },
    a2: { x: 380, y: 250, width: 150, height: 36 },
    o1: { x: 290, y: 130, width: 160, height: 49 },
  },
  edges: { e0: { points: [[200, 232], [210, 200], [280, 170], [288, 163]], tip: [290, 155] } },
  lanes: { activity: { x: 60, y: 250 }, output: { x: 60, y: 130 } },
};

describe("placing boxes", () => {
  it("uses the layout's centres and sizes", () => {
    const doc = docOf([{ id: "a1", kind: "activity" }, { id: "a2", kind: "activity" }, { id: "o1", kind: "output" }], [["a1", "o1"]]);
    const p = placeBoxes(doc, LAYOUT);
    expect(p.boxes.get("o1")).toEqual({ x: 290, y: 130, w: 160, h: 49 });
    expect([...p.laidOut].sort()).toEqual(["a1", "a2", "o1"]);
  });

  it("puts a new box beside the selected box of its level, overlapping nothing", () => {
    const doc = docOf([{ id: "a1", kind: "activity" }, { id: "a2", kind: "activity" }, { id: "o1", kind: "output" }, { id: "new", kind: "activity" }]);
    const p = placeBoxes(doc, LAYOUT, new Map(), "a1");
    const b = p.boxes.get("new")!;
    expect(b.y).toBe(250);
    expect(p.laidOut.has("new")).toBe(false);
    for (const [id, other] of p.boxes) if (id !== "new") expect(overlaps(b, other, 0)).toBe(false);
  });

  it("puts a new box in its level's row when nothing is selected, and above its cause", () => {
    const doc = docOf([{ id: "a1", kind: "activity" }, { id: "a2", kind: "activity" }, { id: "o1", kind: "output" }, { id: "o2", kind: "output" }, { id: "s", kind: "outcome", horizon: "short" }], [["o1", "s"]]);
    const p = placeBoxes(doc, LAYOUT);
    expect(p.boxes.get("o2")!.y).toBe(130);
    expect(p.boxes.get("s")!.y).toBeLessThan(130);
  });

  it("keeps where it put a box until a layout has it", () => {
    const doc = docOf([{ id: "a1", kind: "activity" }, { id: "a2", kind: "activity" }, { id: "o1", kind: "output" }, { id: "n", kind: "output" }]);
    const kept = new Map<string, Box>([["n", { x: 999, y: 130, w: 100, h: 36 }]]);
    expect(placeBoxes(doc, LAYOUT, kept).boxes.get("n")!.x).toBe(999);
  });

  it("falls back to the layered layout without a layout", () => {
    const doc = docOf([{ id: "a", kind: "activity" }, { id: "i", kind: "impact" }], [["a", "i"]]);
    const p = placeBoxes(doc, null);
    expect(p.laidOut.size).toBe(0);
    expect(p.boxes.get("a")!.y).toBeGreaterThan(p.boxes.get("i")!.y);
  });

  it("finds a free spot on a row", () => {
    const taken: Box[] = [{ x: 0, y: 0, w: 100, h: 40 }];
    const spot = freeSpot({ x: 10, y: 0, w: 100, h: 40 }, taken);
    expect(overlaps(spot, taken[0]!, 0)).toBe(false);
    expect(spot.y).toBe(0);
  });

  it("knows each box's level", () => {
    expect(laneOf({ kind: "outcome", horizon: "medium" })).toBe("outcome_medium");
    expect(laneOf({ kind: "outcome", horizon: null })).toBe("outcome_none");
    expect(laneOf({ kind: "impact", horizon: null })).toBe("impact");
  });

  it("measures bounds", () => {
    expect(bounds([{ x: 0, y: 0, w: 10, h: 10 }, { x: 20, y: 10, w: 10, h: 10 }])).toEqual({ x: -5, y: -5, width: 30, height: 20 });
    expect(bounds([])).toBeNull();
  });
});

describe("fallback layered layout", () => {
  it("puts activities at the bottom and impact at the top, one row per layer", () => {
    const doc = docOf(
      [{ id: "a", kind: "activity" }, { id: "o", kind: "output" }, { id: "s", kind: "outcome", horizon: "short" }, { id: "l", kind: "outcome", horizon: "long" }, { id: "i", kind: "impact" }],
      [["a", "o"], ["o", "s"], ["s", "l"], ["l", "i"]],
    );
    const p = layeredLayout(doc);
    const ys = ["a", "o", "s", "l", "i"].map((id) => p.get(id)!.y);
    for (let k = 1; k < ys.length; k++) expect(ys[k]!).toBeLessThan(ys[k - 1]!);
  });

  it("terminates on a cycle and places every box", () => {
    const doc = docOf([{ id: "x", kind: "outcome" }, { id: "y", kind: "outcome" }], [["x", "y"], ["y", "x"]]);
    expect(layeredLayout(doc).size).toBe(2);
  });
});

// -- arrows ------------------------------------------------------------------------------------

describe("arrows", () => {
  const pts: Pt[] = [[0, 100], [0, 60], [100, 40], [100, 0]];

  it("draws Graphviz's control points as cubic Béziers", () => {
    expect(splinePath(pts)).toBe("M0,100C0,60 100,40 100,0");
    expect(splinePath([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6]])).toBe("M0,0C1,1 2,2 3,3C4,4 5,5 6,6");
  });

  it("finds points along a spline", () => {
    expect(pointAt(pts, 0)).toEqual([0, 100]);
    expect(pointAt(pts, 1)).toEqual([100, 0]);
    const [x, y] = pointAt(pts, 0.5);
    expect(x).toBeCloseTo(50);
    expect(y).toBeCloseTo(50);
  });

  it("uses the layout's route, else a curve from the cause's top to the effect's bottom", () => {
    expect(layoutGeometry({ points: pts, tip: [100, -8] })).toEqual({ points: pts, tip: [100, -8] });
    expect(layoutGeometry(undefined)).toBeNull();
    const g = fallbackGeometry({ x: 0, y: 200, w: 100, h: 40 }, { x: 50, y: 0, w: 100, h: 40 });
    expect(g.points[0]).toEqual([0, 180]);
    expect(g.tip).toEqual([50, 20]);
  });

  it("draws the relation's arrowhead to the tip", () => {
    const tri = arrowheadPath([0, 10], [0, 0], "normal");
    expect(tri.startsWith("M0,0")).toBe(true);
    expect(arrowheadPath([0, 10], [0, 0], "odiamond").split("L")).toHaveLength(4);
  });

  it("places labels without covering each other or a box", () => {
    const same: Pt[] = [[0, 0], [0, -30], [0, -60], [0, -100]];
    const placed = placeLabels(
      [
        { id: "a", text: "enables · 60%", points: same },
        { id: "b", text: "contributes to", points: same },
        { id: "c", text: "", points: same },
      ],
      [{ x: 0, y: -95, w: 100, h: 10 }],
    );
    expect(placed.has("c")).toBe(false);
    const a = placed.get("a")!;
    const b = placed.get("b")!;
    expect(Math.abs(a.y - b.y)).toBeGreaterThanOrEqual((a.h + b.h) / 2);
    expect(labelSize("abc").h).toBe(14);
  });

  it("says relation and confidence, nothing for a plain arrow", () => {
    const e: TocEdge = { id: "e", source: "a", target: "b", relation: "enables", rationale: "", assumptions: [], evidence: [], confidence: 60 };
    expect(edgeText(e)).toBe("enables · 60%");
    expect(edgeText({ ...e, relation: "leads_to", confidence: null })).toBe("");
  });
});

// -- one palette ---------------------------------------------------------------------------------

describe("palette", () => {
  it("is the export's: outcomes green, impact blue with white text and a double border", () => {
    expect(kindLook("outcome").fill).toBe("#CFEFE4");
    const impact = kindLook("impact");
    expect([impact.fill, impact.text, impact.double, impact.rounded]).toEqual(["#0072B2", "#FFFFFF", true, true]);
    expect(kindLook("activity").rounded).toBe(false);
    expect(PALETTE.themes.light.kinds.output.fill).toBe(kindLook("output").fill);
  });

  it("dashes an arrow only when a confidence is set and low", () => {
    expect(edgeLook(null).dashed).toBe(false);
    expect(edgeLook(undefined).dashed).toBe(false);
    expect(edgeLook(39).dashed).toBe(true);
    expect(edgeLook(40)).toMatchObject({ dashed: false, width: 1.5 });
    expect(edgeLook(90)).toMatchObject({ dashed: false, width: 2.6 });
    expect(edgeLook(null).colour).toBe(PALETTE.themes.light.edge_unknown);
  });

  it("has the relations' arrowheads and the diff colours", () => {
    expect(arrowhead("contributes_to")).toBe("onormal");
    expect(arrowhead("nonsense")).toBe("normal");
    expect(diffColours("added").border).toBe("#007A5A");
    expect(paletteCssVars()["--kind-outcome-fill"]).toBe("#CFEFE4");
  });
});

// -- when to ask for a new layout ------------------------------------------------------------------

describe("layout staleness", () => {
  const doc = docOf([{ id: "a1", kind: "activity" }, { id: "a2", kind: "activity" }, { id: "o1", kind: "output" }], [["a1", "o1"]]);

  it("is fresh when the layout has every box and arrow as they were", () => {
    expect(layoutIsStale(doc, LAYOUT, doc)).toBe(false);
  });

  it("is stale after a box or arrow is added or removed, or a label changes", () => {
    const added = docOf([{ id: "a1", kind: "activity" }, { id: "a2", kind: "activity" }, { id: "o1", kind: "output" }, { id: "x", kind: "impact" }], [["a1", "o1"]]);
    expect(layoutIsStale(added, LAYOUT, doc)).toBe(true);
    const noEdge = docOf([{ id: "a1", kind: "activity" }, { id: "a2", kind: "activity" }, { id: "o1", kind: "output" }]);
    expect(layoutIsStale(noEdge, LAYOUT, doc)).toBe(true);
    const renamed: Doc = { ...doc, nodes: { ...doc.nodes, a2: { ...doc.nodes.a2!, label: "Something else entirely" } } };
    expect(layoutIsStale(renamed, LAYOUT, doc)).toBe(true);
    const described: Doc = { ...doc, nodes: { ...doc.nodes, a2: { ...doc.nodes.a2!, description: "More words" } } };
    expect(layoutIsStale(described, LAYOUT, doc)).toBe(false);
    expect(layoutIsStale(doc, null, doc)).toBe(true);
  });
});

// -- the connect dialog's search and the boxes' spoken descriptions ---------------------------------

describe("connect list and descriptions", () => {
  const nodes = Object.values(
    docOf([
      { id: "1", kind: "outcome", label: "Young people find work", horizon: "short" },
      { id: "2", kind: "output", label: "Écoles ouvertes" },
    ]).nodes,
  );

  it("filters by label and level, ignoring case and accents", () => {
    expect(filterBoxes(nodes, "ecoles").map((n) => n.id)).toEqual(["2"]);
    expect(filterBoxes(nodes, "short-term").map((n) => n.id)).toEqual(["1"]);
    expect(filterBoxes(nodes, "young WORK").map((n) => n.id)).toEqual(["1"]);
    expect(filterBoxes(nodes, "  ")).toHaveLength(2);
  });

  it.each([
    ["activity", "out", ["output", "outcome_short", "outcome_medium", "outcome_long", "outcome_none", "impact", "activity"]],
    ["outcome_medium", "out", ["outcome_long", "outcome_none", "impact", "outcome_medium", "outcome_short", "output", "activity"]],
    ["outcome_medium", "in", ["outcome_short", "output", "activity", "outcome_medium", "outcome_long", "outcome_none", "impact"]],
    [null, "out", ["activity", "output", "outcome_short", "outcome_medium", "outcome_long", "outcome_none", "impact"]],
  ] as const)("lists the levels from %s (%s) nearest first", (lane, direction, want) => {
    expect(laneOrder(lane, direction)).toEqual(want);
  });

  it("groups the other boxes by level, the levels just above first, left to right", () => {
    const all = Object.values(
      docOf(
        [
          { id: "a", kind: "activity" },
          { id: "o", kind: "output" },
          { id: "s", kind: "outcome", horizon: "short", label: "Parents feel confident" },
          { id: "i", kind: "impact" },
          { id: "a2", kind: "activity" },
          { id: "o2", kind: "output", label: "Guides printed" },
        ],
        [["a", "o"]],
      ).nodes,
    );
    const ids = (g: { lane: string; nodes: { id: string }[] }[]) => g.map((x) => [x.lane, x.nodes.map((n) => n.id)]);
    expect(ids(connectGroups(all, "a", "out", ""))).toEqual([
      ["output", ["o", "o2"]],
      ["outcome_short", ["s"]],
      ["impact", ["i"]],
      ["activity", ["a2"]],
    ]);
    // Left to right where the layout placed them; boxes it does not know come last.
    const x: Record<string, number> = { o2: 10, o: 50 };
    expect(ids(connectGroups(all, "a", "out", "", (id) => x[id]))[0]).toEqual(["output", ["o2", "o"]]);
    expect(ids(connectGroups(all, "i", "in", "confident"))).toEqual([["outcome_short", ["s"]]]);
    expect(ids(connectGroups(all, null, "out", "printed"))).toEqual([["output", ["o2"]]]);
    expect(connectGroups(all, "a", "out", "nothing like it")).toEqual([]);
  });

  it("describes a box in words", () => {
    const n = { ...nodes[0]!, indicators: [{}, {}] as never };
    expect(boxDescription(n, 3, 1)).toBe("Outcome (short term): Young people find work. 2 indicators. 3 arrows in, 1 out.");
    expect(boxDescription({ ...nodes[1]!, label: "" }, 1, 0, [{ badge: "2 contributors" }])).toBe("Output: untitled. 0 indicators. 1 arrow in, 0 out. 2 contributors.");
  });
});

describe("placing boxes without a layout", () => {
  it("never puts a new box on one placed before", () => {
    // The first box was placed alone; with a second, the layered layout would put it there.
    const one = docOf([{ id: "a", kind: "activity" }]);
    const first = placeBoxes(one, null);
    const two = docOf([{ id: "a", kind: "activity" }, { id: "i", kind: "activity" }, { id: "o", kind: "output" }], [["a", "o"]]);
    const p = placeBoxes(two, { width: 0, height: 0, nodes: {} }, first.boxes);
    expect(p.boxes.get("a")).toEqual(first.boxes.get("a"));
    const all = [...p.boxes.values()];
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i]!, all[j]!, 0)).toBe(false);
  });
});
