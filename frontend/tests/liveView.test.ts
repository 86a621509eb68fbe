/**
 * What the view says and draws of live editing: the sentences (toc/liveWords.ts), the live
 * status pill's words, presence marks and colours (presence/marks.ts), and the history's runs
 * of one author's commits now that every action is a commit.
 */
import { describe, expect, it } from "vitest";
import { EMPTY_PRESENCE, presenceReceived, type PresenceMessage, type PresenceTable } from "../src/model";
import type { Commit } from "../src/sync";
import { liveText } from "../src/view/editor/LiveBadge";
import { groupCommits, groupTitle } from "../src/view/panels/words";
import { PRESENCE_COLOURS, presenceColour, presenceMarks, selectedBySentence, selectionSignature } from "../src/view/presence/marks";
import { editingSentence, fieldWord, replacedSentence } from "../src/view/toc/liveWords";

function table(msgs: PresenceMessage[]): PresenceTable {
  let t = EMPTY_PRESENCE;
  for (const m of msgs) t = presenceReceived(t, m, "me", 0).table;
  return t;
}
const ana = (nodes: string[], edges: string[] = [], session = "s1"): PresenceMessage => ({ session, user: "ana", display_name: "Ana Lima", selection: { nodes, edges }, field: null });
const ben = (nodes: string[]): PresenceMessage => ({ session: "s2", user: "ben", selection: { nodes, edges: [] }, field: null });

describe("live sentences", () => {
  it.each([
    [{ field: "label", value: "Mine", by: "ana", what: "Young people thrive" }, "ana replaced your text in ‘label’ of “Young people thrive”."],
    [{ field: "horizon", value: "short", by: "ben", what: "" }, "ben replaced your choice in ‘time horizon’ of “an untitled box”."],
    [{ field: "confidence", value: 60, by: "ana", what: "A → B" }, "ana replaced your choice in ‘confidence’ of “A → B”."],
    [{ field: "tags", value: ["a"], by: "ana", what: "Box" }, "ana replaced your text in ‘tags’ of “Box”."],
  ])("%j reads %j", (n, want) => expect(replacedSentence(n)).toBe(want));

  it.each([
    [["Ana Lima"], "label", "Ana Lima is editing this label."],
    [["Ana", "ben"], "description", "Ana and ben are editing this description."],
    [["Ana"], "indicators.0f3c:unit", "Ana is editing this unit."],
    [["Ana"], "evidence.2:url", "Ana is editing this address."],
    [[], "label", ""],
  ])("%j in %j reads %j", (names, field, want) => expect(editingSentence(names, field)).toBe(want));

  it("names fields in words", () => {
    expect(fieldWord("rationale")).toBe("reasoning");
    expect(fieldWord("some_field")).toBe("some field");
  });
});

describe("live status pill", () => {
  it.each([
    ["live", "Live"],
    ["connecting", "Connecting…"],
    ["reconnecting", "Reconnecting…"],
    ["closed", "Offline"],
  ] as const)("%s reads %s", (state, text) => expect(liveText(state)?.text).toBe(text));
  it("shows nothing on a single version (no channel)", () => expect(liveText("off")).toBeNull());
});

describe("presence marks", () => {
  it("puts each person once on every box and arrow they selected, in their colour", () => {
    const m = presenceMarks(table([ana(["n1", "n2"], ["e1"]), ana(["n1"], [], "s3"), ben(["n1"])]));
    expect(m.nodes.get("n1")!.map((p) => `${p.user}:${p.initials}`)).toEqual(["ana:AL", "ben:B"]);
    expect(m.nodes.get("n2")!.map((p) => p.user)).toEqual(["ana"]);
    expect(m.edges.get("e1")![0]!.colour).toBe(presenceColour("ana"));
    expect(selectedBySentence(m.nodes.get("n1"))).toBe("Selected by Ana Lima and ben.");
    expect(selectedBySentence(undefined)).toBe("");
  });

  it("changes its signature only when a selection changes, not on a heartbeat", () => {
    const a = table([ana(["n1"]), ben(["n2"])]);
    const beat = presenceReceived(a, ana(["n1"]), "me", 10_000).table;
    expect(beat).not.toBe(a);
    expect(selectionSignature(beat)).toBe(selectionSignature(a));
    expect(selectionSignature(presenceReceived(a, ana(["n3"]), "me", 1).table)).not.toBe(selectionSignature(a));
  });

  /** WCAG relative luminance contrast of white text on a colour. */
  const contrastWithWhite = (hex: string) => {
    const ch = (i: number) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const l = 0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5);
    return 1.05 / (l + 0.05);
  };
  it.each(PRESENCE_COLOURS.map((c) => [c]))("white initials on %s have 4.5:1 contrast or more", (c) => {
    expect(contrastWithWhite(c)).toBeGreaterThanOrEqual(4.5);
  });
});

describe("history runs with send-at-once", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();
  const c = (id: string, author: string, s: number): Commit => ({ id, parents: [`p${id}`], author, message: `edit ${id}`, created_at: at(s), stats: null });
  const cases: { name: string; commits: Commit[]; groups: string[]; titles: string[] }[] = [
    {
      name: "forty quick commits of one author are one entry",
      commits: Array.from({ length: 40 }, (_, i) => c(`a${40 - i}`, "ana", 40 - i)),
      groups: ["40"],
      titles: ["ana made 40 changes"],
    },
    {
      name: "two people typing at once alternate: each run is its own entry, every commit kept",
      commits: [c("1", "ana", 9), c("2", "ana", 8), c("3", "ben", 7), c("4", "ana", 6), c("5", "ben", 5), c("6", "ben", 4)],
      groups: ["2", "1", "1", "2"],
      titles: ["ana made 2 changes", "edit 3", "edit 4", "ben made 2 changes"],
    },
  ];
  it.each(cases)("$name", ({ commits, groups, titles }) => {
    const g = groupCommits(commits);
    expect(g.map((x) => String(x.commits.length))).toEqual(groups);
    expect(g.map(groupTitle)).toEqual(titles);
    expect(g.flatMap((x) => x.commits)).toEqual(commits);
  });
});
