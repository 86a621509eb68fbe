/** The results grid's keys and layout (view/results/gridNav.ts, sections.ts): pure functions. */
import { describe, expect, it } from "vitest";
import { cellKey, docFromLists, type StoredResult } from "../src/model";
import { editAction, isBlock, move, navAction, type Move, type Pos, type Shape } from "../src/view/results/gridNav";
import { archivedIndicators, currentByCell, gridSections, indicatorRows } from "../src/view/results/sections";

const shape: Shape = { sections: [{ rows: 2, cols: 3 }, { rows: 0, cols: 4 }, { rows: 1, cols: 2 }] };
const P = (s: number, r: number, c: number): Pos => ({ s, r, c });

describe("moving between cells", () => {
  it.each<[Pos, Move, Pos | null]>([
    [P(0, 0, 0), "right", P(0, 0, 1)],
    [P(0, 0, 2), "right", P(0, 0, 2)],
    [P(0, 0, 0), "left", P(0, 0, 0)],
    [P(0, 0, 1), "down", P(0, 1, 1)],
    [P(0, 1, 2), "down", P(2, 0, 1)],
    [P(2, 0, 1), "up", P(0, 1, 1)],
    [P(0, 0, 1), "up", P(0, 0, 1)],
    [P(2, 0, 1), "down", P(2, 0, 1)],
    [P(0, 0, 2), "next", P(0, 1, 0)],
    [P(0, 1, 2), "next", P(2, 0, 0)],
    [P(2, 0, 1), "next", null],
    [P(2, 0, 0), "prev", P(0, 1, 2)],
    [P(0, 0, 0), "prev", null],
    [P(0, 1, 1), "home", P(0, 1, 0)],
    [P(0, 1, 0), "end", P(0, 1, 2)],
    [P(2, 0, 1), "first", P(0, 0, 0)],
    [P(0, 0, 0), "last", P(2, 0, 1)],
  ])("%j %s -> %j", (from, m, to) => expect(move(from, m, shape)).toEqual(to));
});

describe("keys on a cell", () => {
  it.each<[Parameters<typeof navAction>[0], boolean, ReturnType<typeof navAction>]>([
    [{ key: "ArrowDown" }, false, { kind: "move", move: "down" }],
    [{ key: "Tab" }, false, { kind: "move", move: "next" }],
    [{ key: "Tab", shiftKey: true }, false, { kind: "move", move: "prev" }],
    [{ key: "Enter" }, false, { kind: "move", move: "down" }],
    [{ key: "Enter", shiftKey: true }, false, { kind: "move", move: "up" }],
    [{ key: "Enter", ctrlKey: true }, false, { kind: "details" }],
    [{ key: "Enter", metaKey: true }, true, { kind: "details" }],
    [{ key: "Home", ctrlKey: true }, false, { kind: "move", move: "first" }],
    [{ key: "End" }, false, { kind: "move", move: "end" }],
    [{ key: "7" }, false, { kind: "edit", text: "7" }],
    [{ key: "y" }, false, { kind: "edit", text: "y" }],
    [{ key: "F2" }, false, { kind: "edit", text: null }],
    [{ key: "Delete" }, false, { kind: "clear" }],
    [{ key: "Backspace" }, false, { kind: "clear" }],
    [{ key: "7" }, true, { kind: "none" }],
    [{ key: "Delete" }, true, { kind: "none" }],
    [{ key: "ArrowRight" }, true, { kind: "move", move: "right" }],
    [{ key: "c", ctrlKey: true }, false, { kind: "none" }],
    [{ key: " " }, false, { kind: "none" }],
    [{ key: "Shift" }, false, { kind: "none" }],
  ])("%j (read-only %s)", (k, ro, want) => expect(navAction(k, ro)).toEqual(want));

  it.each<[Parameters<typeof editAction>[0], ReturnType<typeof editAction>]>([
    [{ key: "Escape" }, { kind: "cancel" }],
    [{ key: "Enter" }, { kind: "commit", move: "down" }],
    [{ key: "Enter", shiftKey: true }, { kind: "commit", move: "up" }],
    [{ key: "Tab" }, { kind: "commit", move: "next" }],
    [{ key: "Tab", shiftKey: true }, { kind: "commit", move: "prev" }],
    [{ key: "ArrowUp" }, { kind: "commit", move: "up" }],
    [{ key: "ArrowLeft" }, { kind: "none" }],
    [{ key: "a" }, { kind: "none" }],
  ])("editing: %j", (k, want) => expect(editAction(k)).toEqual(want));

  it.each([
    ["12", false],
    ["12\n", false],
    ["12\r\n", false],
    ["1\t2", true],
    ["1\n2", true],
  ])("%j is a block: %s", (t, yes) => expect(isBlock(t)).toBe(yes));
});

describe("what the grid shows", () => {
  const doc = docFromLists(
    [
      { id: "imp", kind: "impact", label: "Fewer out of work", indicators: [{ id: "i-imp", name: "NEET rate", frequency: "yearly" }] },
      { id: "oc", kind: "outcome", horizon: "short", label: "Confidence", indicators: [{ id: "i-oc", name: "Score", baseline_date: "2025-12-31" }] },
      { id: "out", kind: "output", label: "Coached", indicators: [{ id: "i-out", name: "Coached" }, { id: "i-out2", name: "Sessions", frequency: "monthly", baseline_date: "2026-05-31" }] },
      { id: "act", kind: "activity", label: "Coaching", indicators: [] },
    ],
    [],
  );
  it("indicators in causal order, outputs first", () => expect(indicatorRows(doc).map((r) => r.ind.id)).toEqual(["i-out", "i-out2", "i-oc", "i-imp"]));

  it("one section per frequency, with its periods", () => {
    const stored = [{ id: 1, indicator: "i-out", period: "2024-Q1", node_id: "out", reported_by: "ana", reported_at: "" } as StoredResult];
    const s = gridSections(doc, "2026-08-10", stored);
    expect(s.map((x) => [x.frequency, x.rows.map((r) => r.ind.id)])).toEqual([
      ["monthly", ["i-out2"]],
      ["quarterly", ["i-out", "i-oc"]],
      ["yearly", ["i-imp"]],
    ]);
    expect(s[0]!.periods).toEqual(["2026-06", "2026-07", "2026-08"]);
    expect(s[1]!.periods[0]).toBe("2024-Q1");
    expect(s[1]!.periods.slice(-3)).toEqual(["2026-Q1", "2026-Q2", "2026-Q3"]);
    expect(s[2]!.periods).toEqual(["2023", "2024", "2025", "2026"]);
    expect(s[1]!.title).toBe("Quarterly indicators");
  });

  it("the newest result of each cell is current", () => {
    const rows = [
      { id: 1, indicator: "a", period: "2025-Q1", value: 1 },
      { id: 3, indicator: "a", period: "2025-Q1", value: 3 },
      { id: 2, indicator: "a", period: "2025-Q1", value: 2 },
    ] as StoredResult[];
    expect(currentByCell(rows).get(cellKey("a", "2025-Q1"))!.value).toBe(3);
  });

  it("results of indicators no longer in the ToC are listed apart", () => {
    const rows = [
      { id: 2, indicator: "gone", period: "2025-Q2", node_id: "out", archived: true },
      { id: 1, indicator: "gone", period: "2025-Q1", node_id: "out", archived: true },
      { id: 3, indicator: "i-out", period: "2025-Q1", node_id: "out", archived: false },
      { id: 4, indicator: "old", period: "2025-Q1", node_id: "deleted-box" },
    ] as StoredResult[];
    expect(archivedIndicators(rows, ["old"], doc)).toEqual([
      { id: "gone", nodeLabel: "Coached", results: [rows[1], rows[0]] },
      { id: "old", nodeLabel: null, results: [rows[3]] },
    ]);
  });
});
