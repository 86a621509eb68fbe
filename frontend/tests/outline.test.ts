import { describe, expect, it } from "vitest";
import { docFromLists, type Doc } from "../src/model";
import { describeBox, levelKey, outlineLevels, outlineOrder, shownLabel } from "../src/view/outline/levels";

type N = { id: string; kind: string; label?: string; horizon?: string; indicators?: { id: string; name: string }[] };
const doc = (nodes: N[], edges: [string, string][] = []): Doc =>
  docFromLists(
    nodes.map((n) => ({ label: n.id.toUpperCase(), ...n })),
    edges.map(([source, target]) => ({ id: `${source}>${target}`, source, target })),
  );

/** The outline as [level key, box ids] pairs, which is what a table can say briefly. */
const shape = (d: Doc, x?: Record<string, number>) =>
  outlineLevels(d, x ? (id) => x[id] : undefined).map((l) => [l.key, l.boxes.map((b) => b.node.id)]);

const ALWAYS = ["impact", "outcome-long", "outcome-medium", "outcome-short", "output", "activity"];

describe("outlineLevels", () => {
  const cases: { name: string; doc: Doc; x?: Record<string, number>; want: [string, string[]][] }[] = [
    {
      name: "an empty ToC has every level but the horizon-less outcomes, empty",
      doc: doc([]),
      want: ALWAYS.map((k) => [k, []]),
    },
    {
      name: "levels run top to bottom like the diagram, outcomes by horizon",
      doc: doc([
        { id: "a", kind: "activity" },
        { id: "o", kind: "output" },
        { id: "s", kind: "outcome", horizon: "short" },
        { id: "m", kind: "outcome", horizon: "medium" },
        { id: "l", kind: "outcome", horizon: "long" },
        { id: "i", kind: "impact" },
      ]),
      want: [
        ["impact", ["i"]],
        ["outcome-long", ["l"]],
        ["outcome-medium", ["m"]],
        ["outcome-short", ["s"]],
        ["output", ["o"]],
        ["activity", ["a"]],
      ],
    },
    {
      name: "an outcome without a horizon gets its own level, under the short-term ones",
      doc: doc([
        { id: "u", kind: "outcome" },
        { id: "s", kind: "outcome", horizon: "short" },
      ]),
      want: [
        ["impact", []],
        ["outcome-long", []],
        ["outcome-medium", []],
        ["outcome-short", ["s"]],
        ["outcome", ["u"]],
        ["output", []],
        ["activity", []],
      ],
    },
    {
      name: "without a layout, boxes keep the document's order (new ones last)",
      doc: doc([
        { id: "b2", kind: "activity", label: "Zebra" },
        { id: "b1", kind: "activity", label: "Aardvark" },
        { id: "b3", kind: "activity", label: "" },
      ]),
      want: [...ALWAYS.slice(0, 5).map((k): [string, string[]] => [k, []]), ["activity", ["b2", "b1", "b3"]]],
    },
    {
      name: "with a layout, boxes run left to right; boxes it does not know come after",
      doc: doc([
        { id: "p", kind: "output" },
        { id: "q", kind: "output" },
        { id: "new", kind: "output" },
        { id: "r", kind: "output" },
      ]),
      x: { p: 300, q: 100, r: 200 },
      want: [...ALWAYS.slice(0, 4).map((k): [string, string[]] => [k, []]), ["output", ["q", "r", "p", "new"]], ["activity", []]],
    },
  ];
  for (const c of cases) it(c.name, () => expect(shape(c.doc, c.x)).toEqual(c.want));

  it("lists each box's links both ways, in outline order, and ignores arrows to missing boxes", () => {
    const d = doc(
      [
        { id: "a", kind: "activity" },
        { id: "o1", kind: "output" },
        { id: "o2", kind: "output" },
        { id: "i", kind: "impact", label: "" },
      ],
      [
        ["a", "o2"],
        ["a", "o1"],
        ["o1", "i"],
        ["o2", "i"],
        ["a", "ghost"],
      ],
    );
    const boxes = Object.fromEntries(outlineLevels(d).flatMap((l) => l.boxes.map((b) => [b.node.id, b])));
    expect(boxes.a!.leadsTo.map((r) => r.node)).toEqual(["o1", "o2"]);
    expect(boxes.a!.comesFrom).toEqual([]);
    expect(boxes.i!.comesFrom.map((r) => [r.node, r.label])).toEqual([
      ["o1", "O1"],
      ["o2", "O2"],
    ]);
    expect(boxes.o1!.leadsTo).toEqual([{ edge: "o1>i", node: "i", label: "Untitled impact" }]);
  });
});

describe("outlineOrder", () => {
  const d = doc(
    [
      { id: "a", kind: "activity" },
      { id: "o", kind: "output" },
      { id: "s", kind: "outcome", horizon: "short" },
      { id: "i", kind: "impact" },
      { id: "a2", kind: "activity" },
    ],
    [["a", "o"]],
  );
  const levels = outlineLevels(d);

  it("orders every box top to bottom", () => {
    expect(outlineOrder(levels)).toEqual(["i", "s", "o", "a", "a2"]);
  });
});

describe("words", () => {
  it.each([
    [{ kind: "outcome", horizon: "short" }, "outcome-short"],
    [{ kind: "outcome", horizon: null }, "outcome"],
    [{ kind: "output", horizon: "long" }, "output"],
  ] as const)("levelKey(%o) = %s", (n, want) => expect(levelKey(n)).toBe(want));

  it("describes a box in words, and names an untitled one", () => {
    const d = doc([
      { id: "x", kind: "outcome", horizon: "medium", indicators: [{ id: "1", name: "Attendance" }, { id: "2", name: "Confidence" }] },
      { id: "y", kind: "output", label: "  " },
      { id: "z", kind: "impact", indicators: [{ id: "1", name: "" }] },
    ]);
    expect(describeBox(d.nodes.x!)).toBe("Outcome, medium term, 2 indicators: Attendance; Confidence");
    expect(describeBox(d.nodes.y!)).toBe("Output");
    expect(describeBox(d.nodes.z!)).toBe("Impact, 1 indicator");
    expect(shownLabel(d.nodes.y!)).toBe("Untitled output");
  });
});
