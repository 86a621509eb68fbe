/**
 * An organisation's portfolio (issue 14): the member organisations it invited, with their
 * ToCs' figures, as GET /orgs/{org}/portfolio gives them; and the pure words the portfolio
 * page says about them (status, findings, completeness, last activity, sorting).
 */
import type { ImportProblem } from "./results";

export const PORTFOLIO_STATUSES = ["active", "invited", "declined", "left"] as const;
export type PortfolioStatus = (typeof PORTFOLIO_STATUSES)[number];

/** A status as the page says it. */
export const MEMBER_STATUS_WORDS: Record<PortfolioStatus, string> = {
  active: "Member",
  invited: "Invited",
  declined: "Declined",
  left: "Left",
};

export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
}

/** One ToC of an active member, as the viewer may see it. */
export interface PortfolioToc {
  slug: string;
  title: string;
  visibility: "private" | "public";
  /** The viewer may open it; false: a private ToC shown to the portfolio's stewards as figures only. */
  readable: boolean;
  versions: number | null;
  updated_at: string | null;
  findings: FindingCounts;
  indicators: number;
  /** null when the viewer may not see its results. */
  reported: number | null;
  completeness: number | null;
  last_result_at: string | null;
}

/** Another organisation's box that a member's ToCs link to. */
export interface SharedOutcome {
  org: string;
  graph: string;
  node: string;
  label: string;
  links: number;
}

/** A row of a portfolio: the member (on the portfolio's side) or the portfolio (on the member's). */
export interface PortfolioEntry {
  org: string;
  name: string;
  status: PortfolioStatus;
  note: string;
  invited_by: string | null;
  invited_at: string;
  answered_at: string | null;
}

export interface PortfolioMember extends PortfolioEntry {
  tocs: PortfolioToc[];
  /** Private ToCs not shown to the viewer, counted. */
  private_tocs: number;
  findings: FindingCounts;
  indicators: number;
  reported: number;
  completeness: number | null;
  shared_outcomes: SharedOutcome[];
  last_activity: string | null;
}

export interface Portfolio {
  org: string;
  name: string;
  your_role: "owner" | "editor" | "viewer";
  /** An owner or editor: members' private ToCs are shown (their figures). */
  steward: boolean;
  as_of: string;
  /** The last ended period of each frequency (completeness's). */
  periods: Record<string, string>;
  /** Organisations in the portfolio, unfiltered. */
  total: number;
  members: PortfolioMember[];
}

/** What a CSV of invitations would do (dry run) or did. */
export interface InvitationImportReport {
  rows: number;
  valid: boolean;
  problems: ImportProblem[];
  preview: { org: string; name: string; note: string }[];
  invited: number;
}

/** The columns the import of invitations reads, with an example. */
export const INVITATIONS_CSV_TEMPLATE = "org,note\r\nyouth-trust,Welcome to the network\r\ncity-mentors,\r\n";

// -- sorting and filtering (the API's query) -----------------------------------------------------

export const SORT_KEYS = ["name", "findings", "completeness", "last_activity"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
/** A sort key, `-` first when descending: the API's `sort`. */
export type Sort = SortKey | `-${SortKey}`;

/** The column headers' words. */
export const SORT_COLUMNS: Record<SortKey, string> = {
  name: "Organisation",
  findings: "Quality checks",
  completeness: "Data completeness",
  last_activity: "Last activity",
};

/** The direction a column sorts in first: names A to Z, the rest with the most first. */
const FIRST_DESCENDING: Record<SortKey, boolean> = {
  name: false,
  findings: true,
  completeness: false,
  last_activity: true,
};

const ORDER_WORDS: Record<SortKey, [string, string]> = {
  name: ["A to Z", "Z to A"],
  findings: ["fewest findings first", "most findings first"],
  completeness: ["least complete first", "most complete first"],
  last_activity: ["least recent first", "most recent first"],
};

export interface ListingQuery {
  q: string;
  status: PortfolioStatus | "";
  sort: Sort;
}

export function isSort(s: unknown): s is Sort {
  return typeof s === "string" && (SORT_KEYS as readonly string[]).includes(s.replace(/^-/, ""));
}

export function sortKey(sort: Sort): SortKey {
  return sort.replace(/^-/, "") as SortKey;
}

export function isDescending(sort: Sort): boolean {
  return sort.startsWith("-");
}

/**
 * The page's query from its address (`?q=&status=&sort=`); anything unknown is left out.
 *
 * readListingQuery(new URLSearchParams("sort=-completeness&status=gone"))
 *   // -> {q: "", status: "", sort: "-completeness"}
 */
export function readListingQuery(params: URLSearchParams): ListingQuery {
  const status = params.get("status") ?? "";
  const sort = params.get("sort");
  return {
    q: (params.get("q") ?? "").slice(0, 200),
    status: (PORTFOLIO_STATUSES as readonly string[]).includes(status) ? (status as PortfolioStatus) : "",
    sort: isSort(sort) ? sort : "name",
  };
}

/** The query as an address's search part, leaving out what is the default ("" when all is). */
export function listingSearch(query: Partial<ListingQuery>): string {
  const p = new URLSearchParams();
  if (query.q?.trim()) p.set("q", query.q.trim());
  if (query.status) p.set("status", query.status);
  if (query.sort && query.sort !== "name") p.set("sort", query.sort);
  return p.size ? `?${p}` : "";
}

/**
 * The sort after choosing a column's header: the other direction when it is sorted by that
 * column already, else the column's first direction.
 *
 * nextSort("name", "name") === "-name"; nextSort("name", "last_activity") === "-last_activity"
 */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (sortKey(current) === key) return (isDescending(current) ? key : `-${key}`) as Sort;
  return (FIRST_DESCENDING[key] ? `-${key}` : key) as Sort;
}

/** The header's aria-sort. */
export function ariaSort(current: Sort, key: SortKey): "ascending" | "descending" | "none" {
  if (sortKey(current) !== key) return "none";
  return isDescending(current) ? "descending" : "ascending";
}

/**
 * The order in words: "Data completeness, least complete first".
 *
 * sortWords("-last_activity") === "Last activity, most recent first"
 */
export function sortWords(sort: Sort): string {
  const key = sortKey(sort);
  return `${SORT_COLUMNS[key]}, ${ORDER_WORDS[key][isDescending(sort) ? 1 : 0]}`;
}

/** What choosing a header does, for its accessible name: "Sort by last activity, most recent first". */
export function sortAction(current: Sort, key: SortKey): string {
  const next = nextSort(current, key);
  return `Sort by ${sortWords(next).charAt(0).toLowerCase()}${sortWords(next).slice(1)}`;
}

// -- figures in words ----------------------------------------------------------------------------

/**
 * A percentage as the page shows it: whole numbers without decimals, others to one decimal.
 *
 * percentText(50) === "50%"; percentText(33.3) === "33.3%"; percentText(null) === ""
 */
export function percentText(p: number | null | undefined): string {
  if (p == null || Number.isNaN(p)) return "";
  const r = Math.round(p * 10) / 10;
  return `${Number.isInteger(r) ? r.toFixed(0) : r.toFixed(1)}%`;
}

export type CompletenessLevel = "none" | "low" | "partial" | "most" | "full" | "unknown";

/**
 * How complete a member's (or a ToC's) data is for the last ended period, in words: the level
 * (for the bar's colour), a word or two, and the detail.
 *
 * completenessWords(50, 2, 1) -> {level: "partial", words: "Half reported", detail: "1 of 2 indicators"}
 */
export function completenessWords(
  completeness: number | null,
  indicators: number,
  reported: number | null,
): { level: CompletenessLevel; words: string; detail: string } {
  if (reported == null) return { level: "unknown", words: "Results not shared with you", detail: "" };
  if (completeness == null || indicators === 0) return { level: "unknown", words: "No indicators", detail: "" };
  const detail = `${reported} of ${indicators} indicator${indicators === 1 ? "" : "s"}`;
  if (completeness >= 100) return { level: "full", words: "All reported", detail };
  if (completeness <= 0) return { level: "none", words: "Nothing reported", detail };
  if (completeness >= 75) return { level: "most", words: "Mostly reported", detail };
  if (completeness >= 45 && completeness <= 55) return { level: "partial", words: "Half reported", detail };
  if (completeness > 55) return { level: "partial", words: "More than half reported", detail };
  if (completeness >= 25) return { level: "low", words: "Less than half reported", detail };
  return { level: "low", words: "Little reported", detail };
}

/**
 * The quality checks' findings, the most serious first, in the checks panel's words.
 *
 * findingParts({error: 1, warning: 2, info: 0}) -> [{severity: "error", text: "1 problem"}, {severity: "warning", text: "2 worth a look"}]
 */
export function findingParts(f: FindingCounts): { severity: keyof FindingCounts; text: string }[] {
  const parts: { severity: keyof FindingCounts; text: string }[] = [];
  if (f.error) parts.push({ severity: "error", text: `${f.error} problem${f.error === 1 ? "" : "s"}` });
  if (f.warning) parts.push({ severity: "warning", text: `${f.warning} worth a look` });
  if (f.info) parts.push({ severity: "info", text: `${f.info} note${f.info === 1 ? "" : "s"}` });
  return parts;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function ago(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"} ago`;
}

/**
 * How long ago a moment was, as people say it: "just now", "5 minutes ago", "3 hours ago",
 * "yesterday", "4 days ago", "3 weeks ago", "2 months ago", "1 year ago"; "" for nothing. A
 * moment ahead of this clock (another computer's) is "just now".
 */
export function relativeTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const ms = now.getTime() - at.getTime();
  if (ms < MINUTE) return "just now";
  if (ms < HOUR) return ago(Math.floor(ms / MINUTE), "minute");
  if (ms < DAY) return ago(Math.floor(ms / HOUR), "hour");
  const days = Math.floor(ms / DAY);
  if (days === 1) return "yesterday";
  if (days < 14) return ago(days, "day");
  if (days < 60) return ago(Math.floor(days / 7), "week");
  if (days < 365) return ago(Math.floor(days / 30.44), "month");
  return ago(Math.floor(days / 365.25), "year");
}

/**
 * A member's status in a sentence, with when: "Invited 3 days ago by sam", "Member since
 * 2 weeks ago"... `when` turns a moment into words (relativeTime by default).
 */
export function statusLine(e: PortfolioEntry, when: (iso: string | null) => string = (iso) => relativeTime(iso)): string {
  const answered = when(e.answered_at);
  switch (e.status) {
    case "invited":
      return `Invited ${when(e.invited_at)}${e.invited_by ? ` by ${e.invited_by}` : ""}`;
    case "active":
      return answered ? `Joined ${answered}` : "Member";
    case "declined":
      return answered ? `Declined ${answered}` : "Declined";
    case "left":
      return answered ? `Left ${answered}` : "Left";
  }
}

/** "2 organisations"; with a filter, "2 of 5 organisations". */
export function shownCount(shown: number, total: number): string {
  const noun = total === 1 ? "organisation" : "organisations";
  return shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`;
}
