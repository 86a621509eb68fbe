import { describe, expect, it } from "vitest";
import { docFromLists, edgeBetween, linkedTargets } from "../src/model/doc";

describe("linkedTargets", () => {
  const doc = docFromLists(
    [
      { id: "a", kind: "activity", label: "A" },
      { id: "b", kind: "output", label: "B" },
      { id: "c", kind: "outcome", label: "C" },
      { id: "d", kind: "impact", label: "D" },
    ],
    [
      { id: "e1", source: "a", target: "b" },
      { id: "e2", source: "a", target: "c", relation: "contributes_to" },
      { id: "e3", source: "b", target: "a" },
      { id: "e4", source: "c", target: "d" },
    ],
  );

  it("lists the targets of a node's outgoing edges only", () => {
    expect([...linkedTargets(doc, "a")].sort()).toEqual(["b", "c"]);
    expect([...linkedTargets(doc, "b")]).toEqual(["a"]);
    expect(linkedTargets(doc, "d").size).toBe(0);
    expect(linkedTargets(doc, "missing").size).toBe(0);
  });

  it("agrees with edgeBetween for every ordered pair", () => {
    for (const s of Object.keys(doc.nodes)) {
      const set = linkedTargets(doc, s);
      for (const t of Object.keys(doc.nodes)) expect(set.has(t)).toBe(!!edgeBetween(doc, s, t));
    }
  });
});
