import { describe, expect, it } from "vitest";
import type { Commit, Compare, Conflict } from "../src/sync";
import {
  canWriteOwn,
  commitMessage,
  compareSummary,
  conflictValueText,
  describeCompare,
  fieldChangeText,
  findingsSummary,
  groupCommits,
  groupTitle,
  listWords,
  parseOwnValue,
  plural,
  sectorSummary,
  statsSentence,
  timeAgo,
  valueText,
  wholeNumbers,
} from "../src/view/panels/words";
import { splitSpec } from "../src/view/panels/ComparePage";
import { parseSource } from "../src/view/panels/ProposalPage";
import { branchName, proposalNotice } from "../src/view/panels/CollaboratePanel";
import { sectorBadges } from "../src/view/panels/SectorPanel";
import { conflictLabeler, labelsOf } from "../src/view/panels/MergeView";

const T0 = Date.parse("2026-12-02T10:00:00Z");
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

function commit(id: string, author: string, minute: number, extra: Partial<Commit> = {}): Commit {
  return { id, parents: [`p-${id}`], author, message: `edit ${id}`, created_at: at(minute), stats: { nodes_changed: 1, nodes: 5, edges: 3 }, ...extra };
}

describe("words", () => {
  it("counts things", () => {
    expect(plural(1, "box", "boxes")).toBe("1 box");
    expect(plural(0, "box", "boxes")).toBe("0 boxes");
    expect(plural(2, "change")).toBe("2 changes");
    expect(listWords(["Ana"])).toBe("Ana");
    expect(listWords(["Ana", "Ben", "Cy"])).toBe("Ana, Ben and Cy");
  });

  it("says how long ago", () => {
    expect(timeAgo(at(0), T0 + 20_000)).toBe("just now");
    expect(timeAgo(at(0), T0 + 3 * 60_000)).toBe("3 min ago");
    expect(timeAgo(at(0), T0 + 60 * 60_000)).toBe("1 hour ago");
    expect(timeAgo(at(0), T0 + 5 * 3600_000)).toBe("5 hours ago");
    expect(timeAgo(at(0), T0 + 30 * 3600_000)).toBe("yesterday");
    expect(timeAgo(at(0), T0 + 3 * 86400_000)).toBe("3 days ago");
    expect(timeAgo("not a date", T0)).toBe("");
  });

  it("turns commit counts into a sentence, never 'nodes_changed'", () => {
    expect(statsSentence({ nodes_changed: 1 })).toBe("changed 1 box");
    expect(statsSentence({ nodes_added: 2, edges_added: 1, edges_removed: 3, nodes: 9, edges: 4 })).toBe(
      "added 2 boxes and 1 arrow, removed 3 arrows",
    );
    expect(statsSentence({ nodes: 4, edges: 2 })).toBe("");
    expect(statsSentence(null)).toBe("");
  });

  it("hides machine ids in commit messages", () => {
    expect(commitMessage(commit("a", "ana", 0, { message: "Restore version 80ae94a2f1" }))).toBe("Restored an earlier version");
    expect(commitMessage(commit("a", "ana", 0, { message: "Merge 80ae94a2f1c3d4e5f6a7 into main" }))).toBe("Merge 80ae94a into main");
    expect(commitMessage(commit("a", "ana", 0, { message: "", parents: [] }))).toBe("Started this theory of change");
  });

  it("counts findings in a sentence", () => {
    expect(findingsSummary({ error: 1, warning: 2 })).toBe("1 problem and 2 things worth a look.");
    expect(findingsSummary({ info: 1 })).toBe("1 note.");
    expect(findingsSummary({})).toBe("");
  });

  it("rounds scores and drops bracketed ones", () => {
    expect(wholeNumbers("Similar to “Jobs” (67.9)")).toBe("Similar to “Jobs”");
    expect(wholeNumbers("score 67.9 of 100")).toBe("score 68 of 100");
    expect(wholeNumbers("No decimals here.")).toBe("No decimals here.");
  });
});

describe("groupCommits", () => {
  it("makes one entry of a run of one author's quick edits", () => {
    const cs = [5, 4, 3, 2, 1].map((m) => commit(`c${m}`, "ana", m));
    const groups = groupCommits(cs);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.commits).toHaveLength(5);
    expect(groupTitle(groups[0]!)).toBe("ana made 5 changes");
  });

  it("splits on another author, a long pause, and merges", () => {
    const cs = [
      commit("a", "ana", 100),
      commit("b", "ana", 95),
      commit("c", "ben", 94),
      commit("d", "ana", 93),
      commit("e", "ana", 60), // 33 minutes earlier
      commit("m", "ana", 59, { parents: ["x", "y"], message: "Merge draft" }),
      commit("f", "ana", 58),
    ];
    expect(groupCommits(cs).map((g) => g.commits.map((c) => c.id).join(""))).toEqual(["ab", "c", "d", "e", "m", "f"]);
    expect(groupTitle(groupCommits(cs)[1]!)).toBe("edit c");
  });

  it("handles an empty history", () => {
    expect(groupCommits([])).toEqual([]);
  });
});

describe("field changes", () => {
  it("says what a field became, without '(empty)'", () => {
    expect(fieldChangeText("label", "A", "B")).toBe("Label: “A” → “B”");
    expect(fieldChangeText("description", "", "Because")).toBe("Description set to “Because”");
    expect(fieldChangeText("description", "Because", "")).toBe("Description cleared (was “Because”)");
    expect(fieldChangeText("horizon", null, "short")).toBe("Time horizon set to “short term”");
    expect(fieldChangeText("confidence", 40, 80)).toBe("Confidence: “40%” → “80%”");
    expect(fieldChangeText("kind", "activity", "output")).toBe("Kind: “Activity” → “Output”");
    for (const s of [fieldChangeText("label", null, null), fieldChangeText("tags", [], [])]) expect(s).not.toMatch(/empty/i);
  });

  it("lists added and removed items", () => {
    expect(fieldChangeText("assumptions", ["a"], ["a", "b"])).toBe("Assumptions: added “b”");
    expect(fieldChangeText("indicators", [{ name: "Share employed" }], [])).toBe("Indicators: removed “Share employed”");
    expect(fieldChangeText("indicators", [{ name: "X", target: 1 }], [{ name: "X", target: 2 }])).toBe(
      "Indicators: changed the details of the indicator",
    );
    expect(fieldChangeText("links", [], [{ target: "acme/plan#80ae94a2-1111", relation: "contributes_to" }])).toBe(
      "Links to other ToCs: added “a box in acme/plan”",
    );
  });

  it("shows values as text", () => {
    expect(valueText("label", "")).toBeNull();
    expect(valueText("relation", "contributes_to")).toBe("contributes to");
    expect(valueText("baseline", 12.3456)).toBe("12.35");
    expect(valueText("tags", ["a", "b"])).toBe("a; b");
  });
});

describe("describeCompare", () => {
  const diff: Compare = {
    nodes: {
      added: [{ id: "n3", kind: "impact", label: "Poverty falls", horizon: null, description: "", indicators: [], assumptions: [], tags: [], links: [] }],
      removed: [{ id: "n2", kind: "activity", label: "Train farmers", horizon: null, description: "", indicators: [], assumptions: [], tags: [], links: [] }],
      changed: [{ id: "n1", fields: { label: { before: "Farmers earn more", after: "Farmers earn a living wage" } } }],
    },
    edges: {
      added: [{ id: "e2", source: "n1", target: "n3", relation: "leads_to", rationale: "", assumptions: [], evidence: [], confidence: null }],
      removed: [],
      changed: [{ id: "e1", fields: { confidence: { before: null, after: 70 } } }],
    },
  };
  const labels: Record<string, string> = { n1: "Farmers earn a living wage", n2: "Train farmers", n3: "Poverty falls" };

  it("names every change in words, with no ids", () => {
    const items = describeCompare(
      diff,
      (id) => labels[id],
      () => "outcome",
      (id) => (id === "e1" ? { source: "n2", target: "n1" } : undefined),
    );
    expect(items.map((i) => [i.change, i.title])).toEqual([
      ["added", "Impact “Poverty falls”"],
      ["removed", "Activity “Train farmers”"],
      ["changed", "Outcome “Farmers earn more”"],
      ["added", "Arrow from “Farmers earn a living wage” to “Poverty falls”"],
      ["changed", "Arrow from “Train farmers” to “Farmers earn a living wage”"],
    ]);
    expect(items[2]!.details).toEqual(["Label: “Farmers earn more” → “Farmers earn a living wage”"]);
    expect(items[4]!.details).toEqual(["Confidence set to “70%”"]);
    expect(JSON.stringify(items.map((i) => [i.title, i.details]))).not.toMatch(/\bn\d|\be\d|empty/);
  });

  it("sums it up in one line", () => {
    expect(compareSummary(diff)).toBe("1 box added, 1 removed, 1 changed; 1 arrow added, 1 changed");
    const none = { nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [], changed: [] } };
    expect(compareSummary(none)).toBe("No differences");
  });
});

describe("merge conflicts", () => {
  const c = (extra: Partial<Conflict>): Conflict => ({
    id: "c1",
    kind: "both_changed",
    entity: "node",
    entity_id: "n1",
    field: "label",
    base: "Skills",
    ours: "Job skills",
    theirs: "Work skills",
    message: "node 'Skills': both changed label",
    ...extra,
  });

  it("shows a deleted side as deleted", () => {
    const del = c({ kind: "delete_modify", field: null, ours: null, theirs: { id: "n1", label: "Skills+" } });
    expect(conflictValueText(del, del.ours)).toBe("deleted");
    expect(conflictValueText(del, del.theirs)).toBe("kept, as “Skills+”");
    expect(canWriteOwn(del)).toBe(false);
  });

  it("lets a person write text, numbers and lists", () => {
    expect(canWriteOwn(c({}))).toBe(true);
    expect(parseOwnValue(c({}), "Skills for work")).toBe("Skills for work");
    const list = c({ field: "assumptions", base: [], ours: ["a"], theirs: ["b"] });
    expect(parseOwnValue(list, "a\n\n b ")).toEqual(["a", "b"]);
    const num = c({ field: "confidence", base: 10, ours: 20, theirs: 30 });
    expect(parseOwnValue(num, "55.4")).toBe(55);
    expect(() => parseOwnValue(num, "lots")).toThrow(/not a number/);
    expect(canWriteOwn(c({ field: "indicators", ours: [{ name: "x" }], theirs: [] }))).toBe(false);
  });

  it("names conflicts after boxes and arrows", () => {
    const labels = labelsOf({
      nodes: { a: { id: "a", label: "A" }, b: { id: "b", label: "B" } },
      edges: { e: { id: "e", source: "a", target: "b" } },
    });
    const name = conflictLabeler(labels);
    expect(name(c({ entity_id: "a" }))).toBe("Box “A”");
    expect(name(c({ entity: "edge", entity_id: "e", field: "rationale" }))).toBe("Arrow from “A” to “B”");
    expect(name(c({ entity_id: "zz", base: "Only theirs" }))).toBe("Box “Only theirs”");
  });
});

describe("addresses and names", () => {
  it("splits a comparison's address", () => {
    expect(splitSpec("abc...main")).toEqual(["abc", "main"]);
    expect(splitSpec("main")).toBeNull();
    expect(splitSpec("...main")).toBeNull();
    expect(splitSpec("a...")).toBeNull();
  });

  it("reads a proposal's source", () => {
    expect(parseSource("bright/acme-toc:main")).toEqual({ org: "bright", graph: "acme-toc", branch: "main" });
    expect(parseSource("a private fork")).toBeNull();
  });

  it("makes a branch name from what was typed", () => {
    expect(branchName("  Draft 2027! ")).toBe("Draft-2027");
    expect(branchName("team/plan")).toBe("team/plan");
    expect(branchName("---")).toBe("");
  });

  it("says what a proposal from a fork publishes", () => {
    expect(proposalNotice("Acme plan", "private")).toMatch(/stay private/);
    expect(proposalNotice("Acme plan", "public")).toMatch(/not part of the proposal/);
  });
});

describe("sector map", () => {
  it("sums it up", () => {
    expect(sectorSummary(0, 0, 3)).toBe("No organisation links its work into this theory of change yet. 3 boxes have no contributor yet.");
    expect(sectorSummary(1, 0, 0)).toBe("1 organisation links its work into it. Every box has a contributor.");
    expect(sectorSummary(2, 1, 1)).toBe(
      "2 organisations link their work into it (plus 1 private theory of change you cannot see, counted but not named). 1 box has no contributor yet.",
    );
  });

  it("pins contributors and gaps on boxes", () => {
    expect(
      sectorBadges({
        nodes: [
          { id: "a", label: "A", kind: "outcome", contributors: [], count: 2 },
          { id: "b", label: "B", kind: "outcome", contributors: [], count: 0 },
        ],
        gaps: ["b"],
        graphs: [],
      }),
    ).toEqual({ a: { badge: "2 contributors", tone: "covered" }, b: { badge: "No contributor yet", tone: "gap" } });
  });
});
