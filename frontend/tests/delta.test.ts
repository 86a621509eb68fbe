/**
 * A pushed commit's delta applied to the head (model/delta.ts), as a table: doc + delta ->
 * expected doc; and which of this person's committed values a colleague's delta overwrote
 * (model/overwrites.ts).
 */
import { describe, expect, it } from "vitest";
import {
  applyDelta,
  deltaFromWire,
  deltaIds,
  docFromLists,
  docsEqual,
  overwritten,
  recordWritten,
  type Delta,
  type Doc,
  type WrittenMap,
} from "../src/model";

const base = (): Doc =>
  docFromLists(
    [
      { id: "a", kind: "activity", label: "Coaching" },
      { id: "b", kind: "outcome", label: "Confidence", horizon: "short" },
      { id: "c", kind: "impact", label: "Thrive" },
    ],
    [
      { id: "e1", source: "a", target: "b" },
      { id: "e2", source: "b", target: "c", relation: "contributes_to" },
    ],
  );

const wire = (nodes: Record<string, unknown>, edges: Record<string, unknown> = {}): Delta => deltaFromWire({ nodes, edges });

describe("applyDelta", () => {
  const cases: { name: string; delta: Delta; expected: Doc }[] = [
    { name: "an empty delta changes nothing", delta: wire({}), expected: base() },
    {
      name: "a changed node is replaced by its after-value",
      delta: wire({ a: { id: "a", kind: "activity", label: "Weekly coaching", description: "Tuesdays" } }),
      expected: docFromLists(
        [
          { id: "a", kind: "activity", label: "Weekly coaching", description: "Tuesdays" },
          { id: "b", kind: "outcome", label: "Confidence", horizon: "short" },
          { id: "c", kind: "impact", label: "Thrive" },
        ],
        [
          { id: "e1", source: "a", target: "b" },
          { id: "e2", source: "b", target: "c", relation: "contributes_to" },
        ],
      ),
    },
    {
      name: "an added node and arrow appear",
      delta: wire({ d: { id: "d", kind: "output", label: "Sessions" } }, { e3: { id: "e3", source: "a", target: "d" } }),
      expected: docFromLists(
        [
          { id: "a", kind: "activity", label: "Coaching" },
          { id: "b", kind: "outcome", label: "Confidence", horizon: "short" },
          { id: "c", kind: "impact", label: "Thrive" },
          { id: "d", kind: "output", label: "Sessions" },
        ],
        [
          { id: "e1", source: "a", target: "b" },
          { id: "e2", source: "b", target: "c", relation: "contributes_to" },
          { id: "e3", source: "a", target: "d" },
        ],
      ),
    },
    {
      name: "a removed node takes its arrows with it, even when the delta does not list them",
      delta: wire({ b: null }),
      expected: docFromLists(
        [
          { id: "a", kind: "activity", label: "Coaching" },
          { id: "c", kind: "impact", label: "Thrive" },
        ],
        [],
      ),
    },
    {
      name: "a removed arrow goes, its boxes stay",
      delta: wire({}, { e2: null }),
      expected: docFromLists(
        [
          { id: "a", kind: "activity", label: "Coaching" },
          { id: "b", kind: "outcome", label: "Confidence", horizon: "short" },
          { id: "c", kind: "impact", label: "Thrive" },
        ],
        [{ id: "e1", source: "a", target: "b" }],
      ),
    },
    {
      name: "an arrow moved to other boxes is replaced whole",
      delta: wire({}, { e1: { id: "e1", source: "a", target: "c", rationale: "Directly" } }),
      expected: docFromLists(
        [
          { id: "a", kind: "activity", label: "Coaching" },
          { id: "b", kind: "outcome", label: "Confidence", horizon: "short" },
          { id: "c", kind: "impact", label: "Thrive" },
        ],
        [
          { id: "e1", source: "a", target: "c", rationale: "Directly" },
          { id: "e2", source: "b", target: "c", relation: "contributes_to" },
        ],
      ),
    },
    {
      name: "removing what is not there is no error",
      delta: wire({ zz: null }, { ez: null }),
      expected: base(),
    },
  ];
  it.each(cases)("$name", ({ delta, expected }) => {
    const before = base();
    const snapshot = JSON.stringify(before);
    const after = applyDelta(before, delta);
    expect(docsEqual(after, expected)).toBe(true);
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it("keeps the objects of untouched entities (the diagram redraws only what changed)", () => {
    const before = base();
    const after = applyDelta(before, wire({ a: { id: "a", kind: "activity", label: "New" } }));
    expect(after.nodes.b).toBe(before.nodes.b);
    expect(after.edges.e1).toBe(before.edges.e1);
    expect(after.nodes.a).not.toBe(before.nodes.a);
  });
});

describe("deltaFromWire", () => {
  it("gives entities the shape GET tree's have (defaults filled, id from the key)", () => {
    const d = deltaFromWire({
      nodes: { n1: { kind: "outcome", label: "L" }, n2: null, bad: 3 },
      edges: { e1: { id: "e1", source: "a", target: "b" }, e2: { id: "e2" } },
    });
    expect(d.nodes.n1).toEqual(docFromLists([{ id: "n1", kind: "outcome", label: "L" }], []).nodes.n1);
    expect(d.nodes.n2).toBeNull();
    expect("bad" in d.nodes).toBe(false);
    expect(d.edges.e1).toEqual(docFromLists([], [{ id: "e1", source: "a", target: "b" }]).edges.e1);
    expect("e2" in d.edges).toBe(false);
    expect(deltaIds(d)).toEqual({ nodes: ["n1", "n2"], edges: ["e1"] });
  });

  it.each([null, undefined, "x", 3, [], { nodes: [] }])("reads %j as an empty delta", (raw) => {
    expect(deltaFromWire(raw)).toEqual({ nodes: {}, edges: {} });
  });
});

describe("overwritten", () => {
  const mine: WrittenMap = recordWritten(new Map(), [
    { op: "update_node", id: "a", set: { label: "Mine" } },
    { op: "update_node", id: "a", set: { label: "Mine too", description: "D" } },
    { op: "update_edge", id: "e1", set: { rationale: "Because" } },
    { op: "add_node", node: docFromLists([{ id: "x", kind: "output", label: "X" }], []).nodes.x! },
  ]);
  const cases: { name: string; delta: Delta; said: string[]; left: string[] }[] = [
    {
      name: "another label than the one I wrote is said",
      delta: wire({ a: { id: "a", kind: "activity", label: "Theirs", description: "D" } }),
      said: ["node:a:label Mine too -> Theirs"],
      left: ["node:a:description", "edge:e1:rationale"],
    },
    {
      name: "the same value as mine is not",
      delta: wire({ a: { id: "a", kind: "activity", label: "Mine too", description: "D" } }),
      said: [],
      left: ["node:a:label", "node:a:description", "edge:e1:rationale"],
    },
    {
      name: "an arrow's field too",
      delta: wire({}, { e1: { id: "e1", source: "a", target: "b", rationale: "" } }),
      said: ["edge:e1:rationale Because -> "],
      left: ["node:a:label", "node:a:description"],
    },
    {
      name: "a removed box is forgotten, not said (it has its own notice)",
      delta: wire({ a: null }),
      said: [],
      left: ["edge:e1:rationale"],
    },
    {
      name: "an entity I did not write is none of my business",
      delta: wire({ b: { id: "b", kind: "outcome", label: "Other" } }),
      said: [],
      left: ["node:a:label", "node:a:description", "edge:e1:rationale"],
    },
  ];
  it.each(cases)("$name", ({ delta, said, left }) => {
    const r = overwritten(mine, delta);
    expect(r.overwrites.map((o) => `${o.kind}:${o.id}:${o.field} ${String(o.value)} -> ${String(o.theirs)}`)).toEqual(said);
    expect([...r.map.keys()]).toEqual(left);
  });

  it("records only what update ops set, the last value of each field", () => {
    expect([...mine.values()].map((w) => `${w.id}.${w.field}=${String(w.value)}`)).toEqual(["a.label=Mine too", "a.description=D", "e1.rationale=Because"]);
  });
});
