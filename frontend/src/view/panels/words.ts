/**
 * Words for versions and changes, as a programme manager reads them: "Ana made 14 changes ·
 * 3 min ago", "changed 1 box", "Label: “Old” → “New”". No ids, no "(empty)", no decimals.
 * Pure functions (unit-tested in tests/panels.test.ts).
 */
import { KIND_LABELS, RELATION_LABELS, type NodeKind, type EdgeRelation } from "../../model";
import { authorName, type Commit, type Compare, type Conflict } from "../../sync";

/** plural(1, "box", "boxes") === "1 box"; plural(3, "box", "boxes") === "3 boxes" */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Ana", "Ana and Ben", "Ana, Ben and Cy" */
export function listWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A date as people say it: "3 Dec 2026, 14:05" (the browser's language). */
export function fullDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/**
 * How long ago, in words: "just now", "3 min ago", "2 hours ago", "yesterday", "4 days ago",
 * then the date.
 *
 * timeAgo("2026-12-02T10:00:00Z", Date.parse("2026-12-02T10:03:00Z")) === "3 min ago"
 */
export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "";
  const ago = now - t;
  if (ago < MINUTE) return "just now";
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${plural(Math.floor(ago / HOUR), "hour")} ago`;
  if (ago < 2 * DAY) return "yesterday";
  if (ago < 7 * DAY) return `${Math.floor(ago / DAY)} days ago`;
  return new Date(t).toLocaleDateString(undefined, { dateStyle: "medium" });
}

// -- history -------------------------------------------------------------------------------------

type Stats = Record<string, number> | null | undefined;

/**
 * What a commit (or several) did, in a sentence fragment, from the server's counts.
 *
 * statsSentence({nodes_changed: 1, edges_added: 2}) === "changed 1 box, added 2 arrows"
 */
export function statsSentence(stats: Stats): string {
  if (!stats) return "";
  const parts: string[] = [];
  for (const what of ["added", "changed", "removed"] as const) {
    const things: string[] = [];
    const n = stats[`nodes_${what}`] ?? 0;
    const e = stats[`edges_${what}`] ?? 0;
    if (n) things.push(plural(n, "box", "boxes"));
    if (e) things.push(plural(e, "arrow"));
    if (things.length) parts.push(`${what} ${things.join(" and ")}`);
  }
  return parts.join(", ");
}

export interface CommitGroup {
  author: string;
  /** Newest first, as the server lists them. */
  commits: Commit[];
}

/**
 * A run of consecutive commits by one author, each within `windowMs` of the next, is one
 * entry of the history. Merges stand alone (they bring in someone else's work).
 */
export function groupCommits(commits: readonly Commit[], windowMs = 10 * MINUTE): CommitGroup[] {
  const groups: CommitGroup[] = [];
  let cur: CommitGroup | null = null;
  for (const c of commits) {
    const author = authorName(c.author);
    const last = cur?.commits[cur.commits.length - 1];
    const merge = (c.parents?.length ?? 0) > 1;
    const close =
      last && Math.abs(Date.parse(last.created_at) - Date.parse(c.created_at)) <= windowMs;
    const lastMerge = last ? (last.parents?.length ?? 0) > 1 : false;
    if (cur && cur.author === author && close && !merge && !lastMerge) cur.commits.push(c);
    else {
      cur = { author, commits: [c] };
      groups.push(cur);
    }
  }
  return groups;
}

/** "Ana made 14 changes" for a run; the message itself for one commit. */
export function groupTitle(g: CommitGroup): string {
  if (g.commits.length === 1) return commitMessage(g.commits[0]!);
  return `${g.author} made ${plural(g.commits.length, "change")}`;
}

/**
 * A commit's message without the machine's ids: "Restore version 80ae94a2f1" becomes
 * "Restored an earlier version".
 */
export function commitMessage(c: Commit): string {
  const m = (c.message ?? "").trim();
  if (!m) return (c.parents?.length ?? 0) === 0 ? "Started this theory of change" : "A change";
  if (/^restore version [0-9a-f]{6,}$/i.test(m)) return "Restored an earlier version";
  return m.replace(/\b[0-9a-f]{12,40}\b/gi, (h) => h.slice(0, 7));
}

// -- values and field changes ----------------------------------------------------------------------

const FIELD_NAMES: Record<string, string> = {
  label: "Label",
  kind: "Kind",
  horizon: "Time horizon",
  description: "Description",
  indicators: "Indicators",
  assumptions: "Assumptions",
  tags: "Tags",
  links: "Links to other ToCs",
  relation: "Relation",
  rationale: "Why this leads to that",
  evidence: "Evidence",
  confidence: "Confidence",
  source: "Start",
  target: "End",
};

/** fieldName("horizon") === "Time horizon" */
export function fieldName(field: string | null | undefined): string {
  if (!field) return "";
  return FIELD_NAMES[field] ?? field.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

const HORIZON_WORDS: Record<string, string> = { short: "short term", medium: "medium term", long: "long term" };

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
}

function named(x: unknown): string | null {
  if (x && typeof x === "object") {
    const o = x as Record<string, unknown>;
    for (const k of ["label", "name", "title"]) if (typeof o[k] === "string" && o[k]) return o[k] as string;
  }
  return null;
}

/** A link target "org/graph#node" in words, without the node's id. */
export function linkWords(target: string): string {
  const [where = ""] = target.split("#");
  return where ? `a box in ${where}` : "a box in another theory of change";
}

/**
 * One field's value as text; `null` when it holds nothing (say "nothing" or leave it out,
 * never "(empty)").
 *
 * valueText("confidence", 70) === "70%"; valueText("label", "") === null
 */
export function valueText(field: string | null | undefined, v: unknown): string | null {
  if (isEmpty(v)) return null;
  if (field === "kind" && typeof v === "string") return KIND_LABELS[v as NodeKind] ?? v;
  if (field === "horizon" && typeof v === "string") return HORIZON_WORDS[v] ?? v;
  if (field === "relation" && typeof v === "string") return RELATION_LABELS[v as EdgeRelation] ?? v;
  if (field === "confidence" && typeof v === "number") return `${Math.round(v)}%`;
  if (field === "links" && Array.isArray(v))
    return v.map((l) => (l && typeof l === "object" ? linkWords(String((l as { target?: unknown }).target ?? "")) : String(l))).join("; ");
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) return v.map((x) => named(x) ?? (typeof x === "string" ? x : valueText(null, x) ?? "")).filter(Boolean).join("; ");
  const n = named(v);
  if (n) return n;
  return null;
}

function listNames(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map((x) => (typeof x === "string" ? x : (named(x) ?? (x && typeof x === "object" && "target" in x ? linkWords(String((x as { target: unknown }).target)) : "")))).filter(Boolean);
}

const ITEM_WORDS: Record<string, [string, string]> = {
  indicators: ["indicator", "indicators"],
  assumptions: ["assumption", "assumptions"],
  tags: ["tag", "tags"],
  evidence: ["piece of evidence", "pieces of evidence"],
  links: ["link", "links"],
};

/**
 * One field's change as a sentence.
 *
 * fieldChangeText("label", "A", "B") === "Label: “A” → “B”"
 * fieldChangeText("description", "", "Why") === "Description set to “Why”"
 * fieldChangeText("assumptions", ["x"], ["x", "y"]) === "Assumptions: added “y”"
 */
export function fieldChangeText(field: string, before: unknown, after: unknown): string {
  const name = fieldName(field);
  const words = ITEM_WORDS[field];
  if (words && (Array.isArray(before) || Array.isArray(after))) {
    const b = listNames(before);
    const a = listNames(after);
    const added = a.filter((x) => !b.includes(x));
    const removed = b.filter((x) => !a.includes(x));
    const parts: string[] = [];
    if (added.length) parts.push(`added ${added.map((x) => `“${x}”`).join(", ")}`);
    if (removed.length) parts.push(`removed ${removed.map((x) => `“${x}”`).join(", ")}`);
    if (!parts.length) {
      const n = Math.max(Array.isArray(after) ? after.length : 0, 1);
      parts.push(`changed the details of ${n === 1 ? `the ${words[0]}` : `the ${words[1]}`}`);
    }
    return `${name}: ${parts.join("; ")}`;
  }
  const b = valueText(field, before);
  const a = valueText(field, after);
  if (b === null && a !== null) return `${name} set to “${a}”`;
  if (b !== null && a === null) return `${name} cleared (was “${b}”)`;
  if (b === null && a === null) return `${name} changed`;
  return `${name}: “${b}” → “${a}”`;
}

// -- a comparison as a list of changes ------------------------------------------------------------

export interface ChangeItem {
  change: "added" | "removed" | "changed";
  entity: "box" | "arrow";
  id: string;
  /** "Outcome “Girls stay in school”", "Arrow from “A” to “B”" */
  title: string;
  /** One line per changed field. */
  details: string[];
}

export type LabelOf = (nodeId: string) => string | undefined;

function boxTitle(kind: unknown, label: string | undefined): string {
  const k = typeof kind === "string" && kind in KIND_LABELS ? KIND_LABELS[kind as NodeKind] : "Box";
  return label ? `${k} “${label}”` : `An untitled ${k.toLowerCase()}`;
}

function arrowTitle(source: string | undefined, target: string | undefined, labelOf: LabelOf): string {
  const s = source ? labelOf(source) : undefined;
  const t = target ? labelOf(target) : undefined;
  return `Arrow from “${s || "a box"}” to “${t || "a box"}”`;
}

/**
 * The changes of a comparison as a list a person reads. `labelOf` knows the boxes of both
 * versions; `kindOf` and `edgeEnds` give what a changed box or arrow is (from either version).
 */
const FIELD_ORDER = ["label", "kind", "horizon", "description", "indicators", "assumptions", "tags", "links", "relation", "rationale", "evidence", "confidence"];

function fieldLines(fields: Record<string, { before: unknown; after: unknown }>): string[] {
  const rank = (f: string) => (FIELD_ORDER.includes(f) ? FIELD_ORDER.indexOf(f) : FIELD_ORDER.length);
  return Object.entries(fields)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([f, v]) => fieldChangeText(f, v.before, v.after));
}

export function describeCompare(
  diff: Compare,
  labelOf: LabelOf,
  kindOf: (nodeId: string) => string | undefined = () => undefined,
  edgeEnds: (edgeId: string) => { source: string; target: string } | undefined = () => undefined,
): ChangeItem[] {
  const out: ChangeItem[] = [];
  for (const n of diff.nodes.added)
    out.push({ change: "added", entity: "box", id: n.id, title: boxTitle(n.kind, n.label), details: [] });
  for (const n of diff.nodes.removed)
    out.push({ change: "removed", entity: "box", id: n.id, title: boxTitle(n.kind, n.label), details: [] });
  for (const c of diff.nodes.changed) {
    const before = c.fields.label?.before;
    const label = typeof before === "string" && before ? before : labelOf(c.id);
    out.push({
      change: "changed",
      entity: "box",
      id: c.id,
      title: boxTitle(c.fields.kind?.before ?? kindOf(c.id), label),
      details: fieldLines(c.fields),
    });
  }
  for (const e of diff.edges.added)
    out.push({ change: "added", entity: "arrow", id: e.id, title: arrowTitle(e.source, e.target, labelOf), details: [] });
  for (const e of diff.edges.removed)
    out.push({ change: "removed", entity: "arrow", id: e.id, title: arrowTitle(e.source, e.target, labelOf), details: [] });
  for (const c of diff.edges.changed) {
    const ends = edgeEnds(c.id);
    out.push({
      change: "changed",
      entity: "arrow",
      id: c.id,
      title: arrowTitle(ends?.source, ends?.target, labelOf),
      details: fieldLines(c.fields),
    });
  }
  return out;
}

/**
 * A comparison in one line: "1 box added, 2 changed; 1 arrow removed", or "No differences".
 */
export function compareSummary(diff: Compare): string {
  const part = (set: { added: unknown[]; removed: unknown[]; changed: unknown[] }, one: string, many: string) => {
    const bits: string[] = [];
    const counts: [number, string][] = [
      [set.added.length, "added"],
      [set.removed.length, "removed"],
      [set.changed.length, "changed"],
    ];
    for (const [n, what] of counts) if (n) bits.push(bits.length ? `${n} ${what}` : `${plural(n, one, many)} ${what}`);
    return bits.join(", ");
  };
  const s = [part(diff.nodes, "box", "boxes"), part(diff.edges, "arrow", "arrows")].filter(Boolean).join("; ");
  return s || "No differences";
}

// -- merge conflicts -----------------------------------------------------------------------------

/** A conflicting side's value: "deleted" for an entity one side removed, else its text. */
export function conflictValueText(c: Conflict, v: unknown): string {
  if (c.field) return valueText(c.field, v) ?? "nothing";
  if (v === null || v === undefined) return c.kind === "add_add" ? "not added" : "deleted";
  const n = named(v);
  if (n) return `kept, as “${n}”`;
  return "kept";
}

/** What a conflict is about, in words ("Both sides changed the label"). */
export function conflictWhat(c: Conflict): string {
  switch (c.kind) {
    case "both_changed":
      return `Both sides changed ${c.field ? fieldName(c.field).toLowerCase() : "this"} differently.`;
    case "delete_modify":
      return `One side deleted this ${c.entity === "edge" ? "arrow" : "box"}; the other changed it.`;
    case "add_add":
      return `Both sides added this ${c.entity === "edge" ? "arrow" : "box"} with different content.`;
    case "dangling_edge":
      return "One side connected this arrow to a box the other side deleted.";
    default:
      return c.message;
  }
}

/** Whether a person can type their own value for a conflict (text, numbers, lists of text). */
export function canWriteOwn(c: Conflict): boolean {
  if (!c.field || c.kind === "invalid") return false;
  const vals = [c.ours, c.theirs, c.base].filter((v) => v !== null && v !== undefined);
  if (!vals.length) return false;
  return vals.every(
    (v) => typeof v === "string" || typeof v === "number" || (Array.isArray(v) && v.every((x) => typeof x === "string")),
  );
}

/** A typed value in the shape the field holds: lists one item per line, numbers as numbers. */
export function parseOwnValue(c: Conflict, text: string): unknown {
  const sample = [c.ours, c.theirs, c.base].find((v) => v !== null && v !== undefined);
  if (Array.isArray(sample))
    return text
      .split("\n")
      .map((s) => s.trim())
      .filter(Boolean);
  if (typeof sample === "number") {
    const t = text.trim();
    if (t === "") return null;
    const n = Number(t);
    if (Number.isNaN(n)) throw new Error(`“${text}” is not a number.`);
    return c.field === "confidence" ? Math.round(n) : n;
  }
  return text;
}

/** A value as the starting text of "write my own". */
export function ownValueStart(v: unknown): string {
  if (Array.isArray(v)) return v.join("\n");
  if (v === null || v === undefined) return "";
  return String(v);
}

// -- checks ----------------------------------------------------------------------------------------

export const SEVERITY_WORDS: Record<string, string> = {
  error: "Problem",
  warning: "Worth a look",
  info: "Note",
};

/** Numbers with decimals in a message rounded to whole numbers ("score 67.9" -> "score 68"). */
export function wholeNumbers(text: string): string {
  return text.replace(/\(?(\d+\.\d+)\)?/g, (m, n: string) => {
    const r = String(Math.round(Number(n)));
    return m.startsWith("(") && m.endsWith(")") ? "" : r;
  }).replace(/\s{2,}/g, " ").trim();
}

// -- sector map ------------------------------------------------------------------------------------

/**
 * The sector map in two sentences.
 *
 * sectorSummary(2, 0, 1) === "2 organisations link their work into it. 1 box has no contributor yet."
 */
export function sectorSummary(orgs: number, privateGraphs: number, gaps: number): string {
  let first: string;
  if (!orgs && !privateGraphs) first = "No organisation links its work into this theory of change yet";
  else {
    first = orgs ? `${plural(orgs, "organisation")} ${orgs === 1 ? "links its" : "link their"} work into it` : "Only private theories of change link into it";
    if (privateGraphs)
      first += ` (${orgs ? "plus " : ""}${plural(privateGraphs, "private theory of change", "private theories of change")} you cannot see, counted but not named)`;
  }
  const second = gaps ? `${gaps} ${gaps === 1 ? "box has" : "boxes have"} no contributor yet.` : "Every box has a contributor.";
  return `${first}. ${second}`;
}

/**
 * How many findings of each severity, in a sentence.
 *
 * findingsSummary({error: 1, warning: 2}) === "1 problem and 2 things worth a look."
 */
export function findingsSummary(counts: Record<string, number>): string {
  const parts: string[] = [];
  if (counts.error) parts.push(plural(counts.error, "problem"));
  if (counts.warning) parts.push(`${plural(counts.warning, "thing", "things")} worth a look`);
  if (counts.info) parts.push(plural(counts.info, "note"));
  const other = Object.entries(counts).filter(([k]) => !["error", "warning", "info"].includes(k)).reduce((n, [, v]) => n + v, 0);
  if (other) parts.push(plural(other, "other finding"));
  return parts.length ? `${listWords(parts)}.` : "";
}
