import { describe, expect, it } from "vitest";
import {
  applyOp,
  applyOps,
  applyOpsLenient,
  applyWithInverse,
  compactOps,
  describeOps,
  diffOps,
  docFromLists,
  docsEqual,
  invertOp,
  makeEdge,
  makeIndicator,
  makeNode,
  OpError,
  reconcile,
  UndoStack,
  type Doc,
  type Op,
} from "../src/model";

function sample(): Doc {
  return docFromLists(
    [
      { id: "a", kind: "activity", label: "Run mentoring sessions" },
      { id: "o", kind: "output", label: "Sessions held" },
      { id: "c", kind: "outcome", label: "Young people feel confident", horizon: "short" },
      { id: "i", kind: "impact", label: "Young people thrive" },
    ],
    [
      { id: "e1", source: "a", target: "o" },
      { id: "e2", source: "o", target: "c", relation: "contributes_to" },
      { id: "e3", source: "c", target: "i" },
    ],
  );
}

describe("docFromLists", () => {
  it("fills defaults", () => {
    const d = sample();
    expect(d.nodes.a!.indicators).toEqual([]);
    expect(d.nodes.a!.horizon).toBeNull();
    expect(d.edges.e1!.relation).toBe("leads_to");
    expect(d.edges.e1!.confidence).toBeNull();
  });
});

describe("applyOps", () => {
  it("adds, updates and removes nodes without touching the input", () => {
    const d = sample();
    const n = makeNode("outcome", "Families are stable", { horizon: "medium" });
    const d2 = applyOps(d, [
      { op: "add_node", node: n },
      { op: "update_node", id: n.id, set: { label: "Families are more stable" } },
    ]);
    expect(d2.nodes[n.id]!.label).toBe("Families are more stable");
    expect(d.nodes[n.id]).toBeUndefined();
  });

  it("removing a node removes its edges", () => {
    const d2 = applyOp(sample(), { op: "remove_node", id: "o" });
    expect(Object.keys(d2.edges).sort()).toEqual(["e3"]);
  });

  it("null clears a field", () => {
    const d2 = applyOp(sample(), { op: "update_node", id: "c", set: { horizon: null, tags: null } });
    expect(d2.nodes.c!.horizon).toBeNull();
    expect(d2.nodes.c!.tags).toEqual([]);
  });

  it.each<[string, Op]>([
    ["self-loop", { op: "add_edge", edge: makeEdge("a", "a") }],
    ["duplicate pair", { op: "add_edge", edge: makeEdge("a", "o") }],
    ["missing end", { op: "add_edge", edge: makeEdge("a", "nope") }],
    ["unknown node", { op: "update_node", id: "nope", set: { label: "x" } }],
    ["empty label", { op: "update_node", id: "a", set: { label: "  " } }],
    ["duplicate id", { op: "add_node", node: makeNode("activity", "x", { id: "a" } as never) }],
    ["unknown edge", { op: "remove_edge", id: "nope" }],
    ["bad field", { op: "update_edge", id: "e1", set: { source: "c" } as never }],
  ])("refuses %s", (_name, op) => {
    const d = sample();
    expect(() => applyOp(d, op)).toThrow(OpError);
  });

  it("lenient apply skips what does not apply", () => {
    const r = applyOpsLenient(sample(), [
      { op: "remove_node", id: "o" },
      { op: "update_node", id: "o", set: { label: "gone" } },
      { op: "update_node", id: "a", set: { label: "still here" } },
    ]);
    expect(r.applied).toHaveLength(2);
    expect(r.skipped).toHaveLength(1);
    expect(r.doc.nodes.a!.label).toBe("still here");
  });
});

describe("inverse ops", () => {
  const cases: [string, Op[]][] = [
    ["add node", [{ op: "add_node", node: makeNode("output", "Leaflets printed") }]],
    ["update node", [{ op: "update_node", id: "c", set: { label: "Confident", horizon: "long", indicators: [makeIndicator("Self-esteem score")] } }]],
    ["remove node with edges", [{ op: "remove_node", id: "o" }]],
    ["add edge", [{ op: "add_edge", edge: makeEdge("a", "c") }]],
    ["update edge", [{ op: "update_edge", id: "e2", set: { confidence: 70, rationale: "Studies show", evidence: [{ title: "RCT", url: "https://example.org", strength: "strong" }] } }]],
    ["remove edge", [{ op: "remove_edge", id: "e3" }]],
    [
      "a mixed batch",
      [
        { op: "update_node", id: "a", set: { label: "Mentoring" } },
        { op: "remove_edge", id: "e1" },
        { op: "remove_node", id: "c" },
        { op: "add_edge", edge: makeEdge("o", "i") },
      ],
    ],
  ];
  it.each(cases)("%s: applying the inverse restores the state", (_n, ops) => {
    const d = sample();
    const { doc, inverse } = applyWithInverse(d, ops);
    expect(docsEqual(doc, d)).toBe(false);
    expect(docsEqual(applyOps(doc, inverse), d)).toBe(true);
  });

  it("inverting an update records the old values, null for absent", () => {
    expect(invertOp(sample(), { op: "update_node", id: "a", set: { horizon: "short" } })).toEqual([
      { op: "update_node", id: "a", set: { horizon: null } },
    ]);
  });
});

describe("UndoStack", () => {
  it("undoes and redoes, and a new edit clears redo", () => {
    const s = new UndoStack();
    let d = sample();
    const ops: Op[] = [{ op: "update_node", id: "a", set: { label: "Renamed" } }];
    const r = applyWithInverse(d, ops);
    d = r.doc;
    s.record({ forward: ops, backward: r.inverse, label: "rename" });
    expect(s.canUndo).toBe(true);
    const u = s.undo(d)!;
    expect(u.doc.nodes.a!.label).toBe("Run mentoring sessions");
    expect(u.ops).toEqual([{ op: "update_node", id: "a", set: { label: "Run mentoring sessions" } }]);
    expect(s.canRedo).toBe(true);
    const rd = s.redo(u.doc)!;
    expect(rd.doc.nodes.a!.label).toBe("Renamed");
    s.undo(rd.doc);
    s.record({ forward: ops, backward: r.inverse, label: "again" });
    expect(s.canRedo).toBe(false);
  });

  it("undoing a delete brings back the node and its links", () => {
    const s = new UndoStack();
    const ops: Op[] = [{ op: "remove_node", id: "o" }];
    const r = applyWithInverse(sample(), ops);
    s.record({ forward: ops, backward: r.inverse, label: "delete" });
    const u = s.undo(r.doc)!;
    expect(docsEqual(u.doc, sample())).toBe(true);
  });

  it("skips what a colleague's change made impossible, and undoes what it can", () => {
    const s = new UndoStack();
    const ops: Op[] = [
      { op: "update_node", id: "a", set: { label: "A2" } },
      { op: "update_node", id: "o", set: { label: "O2" } },
    ];
    const r = applyWithInverse(sample(), ops);
    s.record({ forward: ops, backward: r.inverse, label: "two" });
    const remote = applyOp(r.doc, { op: "remove_node", id: "o" }); // someone deleted o
    const u = s.undo(remote)!;
    expect(u.ops).toHaveLength(1);
    expect(u.doc.nodes.a!.label).toBe("Run mentoring sessions");
  });

  it("returns null when there is nothing to undo", () => {
    expect(new UndoStack().undo(sample())).toBeNull();
  });
});

describe("compactOps (batching)", () => {
  it("merges updates of one entity", () => {
    const ops: Op[] = [
      { op: "update_node", id: "a", set: { label: "x" } },
      { op: "update_node", id: "a", set: { label: "xy", description: "d" } },
    ];
    expect(compactOps(ops)).toEqual([{ op: "update_node", id: "a", set: { label: "xy", description: "d" } }]);
  });

  it("folds updates into the add and cancels add+remove with the node's links", () => {
    const n = makeNode("output", "new");
    const ops: Op[] = [
      { op: "add_node", node: n },
      { op: "update_node", id: n.id, set: { label: "newer" } },
      { op: "add_edge", edge: makeEdge("a", n.id) },
      { op: "update_node", id: "a", set: { label: "kept" } },
      { op: "remove_node", id: n.id },
    ];
    expect(compactOps(ops)).toEqual([{ op: "update_node", id: "a", set: { label: "kept" } }]);
  });

  it("keeps a delete that follows an undo of a delete", () => {
    const d = sample();
    const del: Op = { op: "remove_node", id: "o" };
    const { inverse } = applyWithInverse(d, [del]);
    const ops = [del, ...inverse, del];
    expect(docsEqual(applyOps(d, compactOps(ops)), applyOps(d, ops))).toBe(true);
  });

  it("has the same effect as the ops it replaces (random sequences)", () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    for (let round = 0; round < 300; round++) {
      const start = sample();
      let d = start;
      const ops: Op[] = [];
      const undo: Op[][] = [];
      for (let k = 0; k < 12; k++) {
        const nodes = Object.keys(d.nodes);
        const edges = Object.keys(d.edges);
        const choice = rnd();
        let batch: Op[] = [];
        if (choice < 0.15) batch = [{ op: "add_node", node: makeNode(pick(["activity", "output", "outcome", "impact"] as const), `n${k}`) }];
        else if (choice < 0.35 && nodes.length) batch = [{ op: "update_node", id: pick(nodes), set: { label: `L${k}` } }];
        else if (choice < 0.45 && nodes.length) batch = [{ op: "remove_node", id: pick(nodes) }];
        else if (choice < 0.6 && nodes.length > 1) batch = [{ op: "add_edge", edge: makeEdge(pick(nodes), pick(nodes)) }];
        else if (choice < 0.7 && edges.length) batch = [{ op: "update_edge", id: pick(edges), set: { confidence: k } }];
        else if (choice < 0.8 && edges.length) batch = [{ op: "remove_edge", id: pick(edges) }];
        else if (undo.length) batch = undo.pop()!;
        try {
          const r = applyWithInverse(d, batch);
          d = r.doc;
          ops.push(...batch);
          undo.push(r.inverse);
        } catch (e) {
          if (!(e instanceof OpError)) throw e;
        }
      }
      const compacted = compactOps(ops);
      expect(compacted.length).toBeLessThanOrEqual(ops.length);
      expect(docsEqual(applyOps(start, compacted), d)).toBe(true);
    }
  });
});

describe("reconcile", () => {
  it("replays pending ops on a refreshed head and drops what no longer applies", () => {
    const head = applyOps(sample(), [
      { op: "remove_node", id: "o" },
      { op: "update_node", id: "i", set: { label: "Thriving (theirs)" } },
    ]);
    const pending: Op[] = [
      { op: "update_node", id: "o", set: { label: "mine" } },
      { op: "update_node", id: "a", set: { label: "mine too" } },
      { op: "add_edge", edge: makeEdge("a", "c") },
    ];
    const r = reconcile(head, pending);
    expect(r.kept).toHaveLength(2);
    expect(r.dropped).toEqual([pending[0]]);
    expect(r.doc.nodes.i!.label).toBe("Thriving (theirs)");
    expect(r.doc.nodes.a!.label).toBe("mine too");
  });
});

describe("diffOps (restore)", () => {
  it("turns one version into another", () => {
    const a = sample();
    const n = makeNode("outcome", "New");
    const b = applyOps(a, [
      { op: "remove_node", id: "o" },
      { op: "add_node", node: n },
      { op: "add_edge", edge: makeEdge("a", n.id) },
      { op: "add_edge", edge: { ...makeEdge(n.id, "c"), id: "e2" } },
      { op: "update_edge", id: "e3", set: { confidence: 50 } },
      { op: "update_node", id: "c", set: { description: "more", horizon: "long" } },
    ]);
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      expect(docsEqual(applyOps(x, diffOps(x, y)), y)).toBe(true);
    }
    expect(diffOps(a, a)).toEqual([]);
  });
});

describe("describeOps", () => {
  it("names a single change", () => {
    const n = makeNode("outcome", "Families are stable");
    expect(describeOps([{ op: "add_node", node: n }])).toBe("Add outcome “Families are stable”");
  });
  it("counts a batch", () => {
    expect(
      describeOps([
        { op: "remove_edge", id: "e1" },
        { op: "update_node", id: "a", set: { label: "x" } },
        { op: "update_node", id: "o", set: { label: "y" } },
      ]),
    ).toBe("2 edits, 1 deletion");
  });
});
