/** Presence (model/presence.ts) as a table of messages -> table, and its small helpers. */
import { describe, expect, it } from "vitest";
import {
  EMPTY_PRESENCE,
  colourIndex,
  editingField,
  expirePresence,
  initials,
  namesSentence,
  people,
  presenceReceived,
  selectedBy,
  selectionsByEntity,
  type PresenceMessage,
  type PresenceTable,
} from "../src/model";

const msg = (session: string, user: string, extra: Partial<PresenceMessage> = {}): PresenceMessage => ({
  session,
  user,
  display_name: user === "ana" ? "Ana Lima" : null,
  selection: { nodes: [], edges: [] },
  field: null,
  gone: false,
  ...extra,
});

/** Feed messages at the given times; the table's sessions and whether each was new. */
function run(steps: { at: number; m: PresenceMessage }[], own = "me"): { table: PresenceTable; news: boolean[] } {
  let table = EMPTY_PRESENCE;
  const news: boolean[] = [];
  for (const { at, m } of steps) {
    const r = presenceReceived(table, m, own, at);
    table = r.table;
    news.push(r.isNew);
  }
  return { table, news };
}

describe("presenceReceived", () => {
  const cases: { name: string; steps: { at: number; m: PresenceMessage }[]; sessions: string[]; news: boolean[] }[] = [
    { name: "someone new is added (and is new)", steps: [{ at: 0, m: msg("s1", "ana") }], sessions: ["s1"], news: [true] },
    {
      name: "an update of a known session is not new",
      steps: [
        { at: 0, m: msg("s1", "ana") },
        { at: 5, m: msg("s1", "ana", { selection: { nodes: ["n1"], edges: [] } }) },
      ],
      sessions: ["s1"],
      news: [true, false],
    },
    { name: "our own session's echo is ignored", steps: [{ at: 0, m: msg("me", "ben") }], sessions: [], news: [false] },
    {
      name: "gone removes the entry",
      steps: [
        { at: 0, m: msg("s1", "ana") },
        { at: 1, m: msg("s1", "ana", { gone: true }) },
      ],
      sessions: [],
      news: [true, false],
    },
    { name: "gone of an unknown session changes nothing", steps: [{ at: 0, m: msg("s9", "ana", { gone: true }) }], sessions: [], news: [false] },
    {
      name: "two tabs of one person are two entries",
      steps: [
        { at: 0, m: msg("s1", "ana") },
        { at: 0, m: msg("s2", "ana") },
      ],
      sessions: ["s1", "s2"],
      news: [true, true],
    },
  ];
  it.each(cases)("$name", ({ steps, sessions, news }) => {
    const r = run(steps);
    expect(Object.keys(r.table).sort()).toEqual(sessions);
    expect(r.news).toEqual(news);
  });

  it("keeps the latest selection and field, names people by display name or username", () => {
    const { table } = run([
      { at: 0, m: msg("s1", "ana", { selection: { nodes: ["n1"], edges: ["e1"] } }) },
      { at: 1, m: msg("s1", "ana", { selection: { nodes: ["n2"], edges: [] }, field: { kind: "node", id: "n2", name: "label" } }) },
      { at: 1, m: msg("s2", "ben") },
    ]);
    expect(table.s1).toMatchObject({ name: "Ana Lima", selection: { nodes: ["n2"], edges: [] }, field: { kind: "node", id: "n2", name: "label" }, seenAt: 1 });
    expect(table.s2!.name).toBe("ben");
  });

  it("survives malformed messages", () => {
    const bad = { session: "s1", user: "", selection: { nodes: [1, "n1"] }, field: { kind: "box", id: "n1", name: "label" } } as unknown as PresenceMessage;
    const { table } = run([{ at: 0, m: bad }]);
    expect(table.s1).toMatchObject({ user: "someone", selection: { nodes: ["n1"], edges: [] }, field: null });
  });
});

describe("expirePresence", () => {
  const { table } = run([
    { at: 0, m: msg("old", "ana") },
    { at: 20_000, m: msg("fresh", "ben") },
  ]);
  it.each([
    { now: 29_000, left: ["fresh", "old"] },
    { now: 30_001, left: ["fresh"] },
    { now: 50_001, left: [] },
  ])("at $now ms keeps $left", ({ now, left }) => {
    expect(Object.keys(expirePresence(table, now)).sort()).toEqual(left);
  });
  it("returns the same table when nothing expired (no needless redraw)", () => {
    expect(expirePresence(table, 1000)).toBe(table);
  });
});

describe("who is where", () => {
  const { table } = run([
    { at: 0, m: msg("s1", "ana", { selection: { nodes: ["n1", "n2"], edges: ["e1"] }, field: { kind: "node", id: "n1", name: "label" } }) },
    { at: 0, m: msg("s2", "ana", { selection: { nodes: ["n1"], edges: [] } }) },
    { at: 0, m: msg("s3", "ben", { selection: { nodes: ["n1"], edges: [] }, field: { kind: "node", id: "n1", name: "description" } }) },
  ]);
  it("lists each person once, by name", () => {
    expect(people(table)).toEqual([
      { user: "ana", name: "Ana Lima" },
      { user: "ben", name: "ben" },
    ]);
  });
  it("says who selected a box or an arrow", () => {
    expect(selectedBy(table, "node", "n1").map((p) => p.user)).toEqual(["ana", "ben"]);
    expect(selectedBy(table, "edge", "e1").map((p) => p.user)).toEqual(["ana"]);
    expect(selectedBy(table, "node", "n9")).toEqual([]);
    const all = selectionsByEntity(table);
    expect(Object.fromEntries(all.nodes)).toEqual({ n1: ["ana", "ben"], n2: ["ana"] });
    expect(Object.fromEntries(all.edges)).toEqual({ e1: ["ana"] });
  });
  it("says who types in a field", () => {
    expect(editingField(table, "n1", "label")).toEqual(["Ana Lima"]);
    expect(editingField(table, "n1", "description")).toEqual(["ben"]);
    expect(editingField(table, "n2", "label")).toEqual([]);
  });
});

describe("names", () => {
  it.each([
    ["Ana Lima", "AL"],
    ["ben", "B"],
    ["  maria  da  silva ", "MS"],
    ["o'neil-ray", "OR"],
    ["ana.lima", "AL"],
    ["live2-ben", "LB"],
    ["-", "?"],
    ["Émile Zola", "ÉZ"],
    ["", "?"],
  ])("initials of %j are %j", (name, want) => expect(initials(name)).toBe(want));

  it("gives each username one stable colour", () => {
    expect(colourIndex("ana", 8)).toBe(colourIndex("ana", 8));
    expect(new Set(["ana", "ben", "cleo", "dan", "eve", "fay"].map((u) => colourIndex(u, 8))).size).toBeGreaterThan(2);
    for (const u of ["", "x", "a-very-long-user-name"]) expect(colourIndex(u, 8)).toBeLessThan(8);
  });

  it.each([
    [[], ""],
    [["Ana"], "Ana"],
    [["Ana", "Ben"], "Ana and Ben"],
    [["Ana", "Ben", "Cleo"], "Ana, Ben and Cleo"],
  ])("names %j read %j", (names, want) => expect(namesSentence(names)).toBe(want));
});
