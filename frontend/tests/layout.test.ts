import { describe, expect, it } from "vitest";
import { docFromLists } from "../src/model";
import { layeredLayout } from "../src/view/layout";
import { positionsFromLayout } from "../src/view/pages/editor";

describe("fallback layered layout", () => {
  it("puts activities at the bottom and impact at the top, one row per layer", () => {
    const doc = docFromLists(
      [
        { id: "a", kind: "activity", label: "A" },
        { id: "o", kind: "output", label: "O" },
        { id: "s", kind: "outcome", label: "S", horizon: "short" },
        { id: "l", kind: "outcome", label: "L", horizon: "long" },
        { id: "i", kind: "impact", label: "I" },
      ],
      [
        { id: "1", source: "a", target: "o" },
        { id: "2", source: "o", target: "s" },
        { id: "3", source: "s", target: "l" },
        { id: "4", source: "l", target: "i" },
      ],
    );
    const p = layeredLayout(doc);
    const ys = ["a", "o", "s", "l", "i"].map((id) => p.get(id)!.y);
    for (let k = 1; k < ys.length; k++) expect(ys[k]!).toBeLessThan(ys[k - 1]!);
  });

  it("terminates on a cycle and places every box", () => {
    const doc = docFromLists(
      [
        { id: "x", kind: "outcome", label: "X" },
        { id: "y", kind: "outcome", label: "Y" },
      ],
      [
        { id: "1", source: "x", target: "y" },
        { id: "2", source: "y", target: "x" },
      ],
    );
    expect(layeredLayout(doc).size).toBe(2);
  });

  it("spreads a Graphviz layout so boxes do not overlap", () => {
    const pos = positionsFromLayout({
      width: 200,
      height: 100,
      nodes: { a: { x: 0, y: 0 }, b: { x: 100, y: 0 }, c: { x: 50, y: 60 } },
    });
    expect(pos.get("b")!.x - pos.get("a")!.x).toBeGreaterThanOrEqual(204.9);
    expect(pos.get("a")!.y - pos.get("c")!.y).toBeLessThanOrEqual(-114.9);
  });
});
