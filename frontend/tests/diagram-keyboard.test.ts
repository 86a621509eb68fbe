import { describe, expect, it } from "vitest";
import { docFromLists } from "../src/model";
import type { Box } from "../src/view/diagram/fromLayout";
import { actionFor, neighbour, startBox } from "../src/view/diagram/keyboard";

describe("what a key does in the diagram", () => {
  it("adds boxes with 1 to 4, connects with C, deletes with Delete or Backspace", () => {
    expect(actionFor({ key: "1" }, true)).toEqual({ type: "add", kind: "activity" });
    expect(actionFor({ key: "4" }, true)).toEqual({ type: "add", kind: "impact" });
    expect(actionFor({ key: "c" }, true)).toEqual({ type: "connect" });
    expect(actionFor({ key: "C", shiftKey: true }, true)).toEqual({ type: "connect" });
    expect(actionFor({ key: "Delete" }, true)).toEqual({ type: "delete" });
    expect(actionFor({ key: "Backspace" }, true)).toEqual({ type: "delete" });
  });

  it("undoes and redoes with Ctrl (or Cmd)", () => {
    expect(actionFor({ key: "z", ctrlKey: true }, true)).toEqual({ type: "undo" });
    expect(actionFor({ key: "Z", ctrlKey: true, shiftKey: true }, true)).toEqual({ type: "redo" });
    expect(actionFor({ key: "z", metaKey: true, shiftKey: true }, true)).toEqual({ type: "redo" });
    expect(actionFor({ key: "y", ctrlKey: true }, true)).toEqual({ type: "redo" });
    expect(actionFor({ key: "c", ctrlKey: true }, true)).toBeNull(); // copy stays the browser's
  });

  it("moves, edits, escapes and zooms", () => {
    expect(actionFor({ key: "ArrowUp" }, true)).toEqual({ type: "move", direction: "up" });
    expect(actionFor({ key: "Enter" }, false)).toEqual({ type: "edit" });
    expect(actionFor({ key: "Escape" }, true)).toEqual({ type: "escape" });
    expect(actionFor({ key: "+" }, false)).toEqual({ type: "zoom", by: "in" });
    expect(actionFor({ key: "-" }, false)).toEqual({ type: "zoom", by: "out" });
    expect(actionFor({ key: "f" }, false)).toEqual({ type: "zoom", by: "fit" });
  });

  it("changes nothing in a read-only ToC", () => {
    for (const key of ["1", "c", "Delete", "Backspace"]) expect(actionFor({ key }, false)).toBeNull();
    expect(actionFor({ key: "z", ctrlKey: true }, false)).toBeNull();
    expect(actionFor({ key: "1", altKey: true }, true)).toBeNull();
  });
});

describe("arrow keys between boxes", () => {
  //        i (impact, y 0)
  //   o1 (y 100)   o2 (y 100)   o3 (y 100)
  //   a1 (y 200)                a2 (y 200)
  const doc = docFromLists(
    [
      { id: "i", kind: "impact", label: "I" },
      { id: "o1", kind: "output", label: "O1" },
      { id: "o2", kind: "output", label: "O2" },
      { id: "o3", kind: "output", label: "O3" },
      { id: "a1", kind: "activity", label: "A1" },
      { id: "a2", kind: "activity", label: "A2" },
    ],
    [
      { id: "1", source: "a1", target: "o1" },
      { id: "2", source: "a1", target: "o2" },
      { id: "3", source: "o2", target: "i" },
    ],
  );
  const at = (x: number, y: number): Box => ({ x, y, w: 80, h: 40 });
  const boxes = new Map<string, Box>([
    ["i", at(200, 0)],
    ["o1", at(0, 100)],
    ["o2", at(200, 100)],
    ["o3", at(400, 100)],
    ["a1", at(100, 200)],
    ["a2", at(400, 200)],
  ]);

  it("goes up to an effect and down to a cause, the nearest across", () => {
    expect(neighbour(doc, boxes, "a1", "up")).toBe("o1"); // o1 and o2 are both effects: o1 is as near, first
    expect(neighbour(doc, boxes, "o2", "up")).toBe("i");
    expect(neighbour(doc, boxes, "o2", "down")).toBe("a1");
    expect(neighbour(doc, boxes, "i", "down")).toBe("o2");
  });

  it("goes to the nearest box in the next row when no arrow goes that way", () => {
    expect(neighbour(doc, boxes, "o3", "up")).toBe("i");
    expect(neighbour(doc, boxes, "o3", "down")).toBe("a2");
    expect(neighbour(doc, boxes, "i", "up")).toBeNull();
    expect(neighbour(doc, boxes, "a2", "down")).toBeNull();
  });

  it("goes left and right along the row", () => {
    expect(neighbour(doc, boxes, "o2", "left")).toBe("o1");
    expect(neighbour(doc, boxes, "o2", "right")).toBe("o3");
    expect(neighbour(doc, boxes, "o3", "right")).toBeNull();
    expect(neighbour(doc, boxes, "a1", "right")).toBe("a2");
  });

  it("starts at the selected box, else the one nearest the middle of the screen", () => {
    expect(startBox(boxes, ["o3"], { x: 0, y: 0 })).toBe("o3");
    expect(startBox(boxes, [], { x: 190, y: 110 })).toBe("o2");
    expect(startBox(new Map(), [], { x: 0, y: 0 })).toBeNull();
  });
});
