/**
 * Shared measurement (issue 14) as the API sends it and as the screens say it: a ToC's consent
 * (`share_results`), a framework's shared indicators with the figures one viewer may see
 * (GET .../shared-indicators), what to offer when a box links to a framework's box
 * (GET .../links/indicators), and the sector dashboard (GET .../sector/dashboard); then the
 * words people read (where my value stands, why a figure is hidden, who reports) and the rows
 * of a shared indicator's chart and table. Pure; tested in tests/shared.test.ts.
 *
 * The rules behind the figures are the server's (toc_editor/domain/shared_measurement.py):
 * maintainers see figures over every member ToC sharing with them; a member sees figures only
 * while one of its ToCs shares with the members ("give to get"), never built from fewer than
 * the framework's k member ToCs; everyone else sees none.
 */
import { aggregationOf, directionOf, linearTarget, unitTypeOf } from "./indicators";
import { comparePeriods, periodBounds, periodLabel } from "./periods";
import { formatNumber, formatValue } from "./results";
import type { Doc, Indicator, NodeKind, UnitType } from "./types";
import { worse, type Status } from "./progress";

// -- consent ------------------------------------------------------------------------------------

export const CONSENTS = ["none", "maintainers", "members"] as const;
export type Consent = (typeof CONSENTS)[number];

/** Each choice of `share_results`: its name in the control and what it means. */
export const CONSENT_CHOICES: Record<Consent, { label: string; meaning: string }> = {
  none: {
    label: "Nobody",
    meaning: "Your results stay with your organisation. The framework sees only that you link to it.",
  },
  maintainers: {
    label: "The framework's maintainers",
    meaning: "The people who run the framework (its organisation's owners and editors) see your values by name and count them in the sector's figures.",
  },
  members: {
    label: "All members, as anonymous figures",
    meaning:
      "As above, and your values count, unnamed, in the medians and quarters that members who share see. In return you see where you stand among them. Members never see your name or your own values.",
  },
};

export function isConsent(v: unknown): v is Consent {
  return (CONSENTS as readonly unknown[]).includes(v);
}

/** What a ToC's people read after choosing: "Shared with the framework's maintainers." */
export function consentDone(c: Consent): string {
  if (c === "none") return "Not shared: the frameworks stopped showing your results.";
  if (c === "maintainers") return "Shared with the framework's maintainers.";
  return "Shared with all members, as anonymous figures.";
}

// -- reports_to ---------------------------------------------------------------------------------

/** "org/graph#indicator" split into its parts, or null when it is not one. */
export function parseReportsTo(s: string | null | undefined): { org: string; graph: string; indicator: string; framework: string } | null {
  const m = /^([^/#\s]+)\/([^/#\s]+)#([^#\s]+)$/.exec(s ?? "");
  return m ? { org: m[1]!, graph: m[2]!, indicator: m[3]!, framework: `${m[1]}/${m[2]}` } : null;
}

export interface ReportingIndicator {
  id: string;
  name: string;
  nodeId: string;
  reportsTo: string;
}

/** The frameworks a ToC's indicators report to ("org/graph"), each with those indicators, in order of first mention. */
export function frameworksReportedTo(doc: Doc): { framework: string; org: string; graph: string; indicators: ReportingIndicator[] }[] {
  const out = new Map<string, { framework: string; org: string; graph: string; indicators: ReportingIndicator[] }>();
  for (const n of Object.values(doc.nodes))
    for (const ind of n.indicators ?? []) {
      const t = parseReportsTo(ind.reports_to);
      if (!t) continue;
      const entry = out.get(t.framework) ?? { framework: t.framework, org: t.org, graph: t.graph, indicators: [] };
      entry.indicators.push({ id: ind.id, name: ind.name, nodeId: n.id, reportsTo: ind.reports_to! });
      out.set(t.framework, entry);
    }
  return [...out.values()];
}

/** The indicator of this ToC (other than `except`) that reports to `address` already, if any: a ToC reports to a shared indicator once. */
export function reporterOf(doc: Doc, address: string, except?: string): { id: string; name: string } | null {
  for (const n of Object.values(doc.nodes)) for (const ind of n.indicators ?? []) if (ind.reports_to === address && ind.id !== except) return { id: ind.id, name: ind.name };
  return null;
}

/**
 * The server's message about one indicator's `reports_to` from a refused batch: it names
 * `nodes/<box>/indicators/<i>/reports_to` (the indicator's place in the box) in `errors.json`.
 */
export function reportsToMessages(errors: unknown, nodeId: string, index: number): string[] {
  const wanted = [`nodes/${nodeId}/indicators/${index}/reports_to`, `ops/0/set/indicators/${index}/reports_to`];
  const out: string[] = [];
  const walk = (o: unknown, key: string | null): void => {
    if (typeof o === "string") {
      if (key && wanted.includes(key)) out.push(o);
    } else if (Array.isArray(o)) o.forEach((x) => walk(x, key));
    else if (o && typeof o === "object") for (const [k, v] of Object.entries(o)) walk(v, wanted.includes(k) ? k : key);
  };
  walk(errors, null);
  return out;
}

// -- the wire forms -------------------------------------------------------------------------------

export type SharedRole = "maintainer" | "member" | "outsider" | "anonymous";
export const BANDS = ["below_q1", "q1_median", "median_q3", "above_q3"] as const;
export type Band = (typeof BANDS)[number];

export interface SharedCategoryFigures {
  name: string;
  figure: "sum" | "mean";
  included: number | null;
  left_out: number | null;
  values: Record<string, number> | null;
  suppressed: boolean;
  reason: string | null;
}

/** One period's figures as this viewer may see them (every number null when hidden). */
export interface SharedPeriodFigures {
  period: string;
  /** Member ToCs reporting to the indicator, whatever their consent. */
  linked: number;
  reporting: number | null;
  coverage: number | null;
  sum: number | null;
  mean: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  yes_share: number | null;
  change: number | null;
  categories: SharedCategoryFigures[];
  suppressed: boolean;
  reason: string | null;
}

export interface MemberPeriodValue {
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  text_value: string | null;
  categories: Record<string, Record<string, number | null>> | null;
}

export interface MemberValues {
  /** "org/graph" */
  member: string;
  title: string;
  /** Its own indicator's id. */
  indicator: string;
  own: boolean;
  public: boolean;
  values: MemberPeriodValue[];
}

export interface SharedBenchmark {
  member: string;
  period: string;
  value: number;
  band: Band;
  words: string;
}

export type SharedDefinition = Partial<Indicator> & { name?: string };

export interface SharedIndicatorBody {
  indicator: string;
  name: string;
  node_id: string;
  node_label: string;
  definition: SharedDefinition;
  unit_type: UnitType;
  role: SharedRole;
  k: number;
  linked: number;
  /** Member indicators left out: their unit no longer matches. */
  incompatible: number;
  /** Null: this viewer gets no figures (`note` says why). */
  aggregates: SharedPeriodFigures[] | null;
  note: string | null;
  values: MemberValues[];
  benchmarks: SharedBenchmark[];
}

export interface SharedIndicators {
  framework: string;
  commit: string;
  role: SharedRole;
  k: number;
  /** One of the viewer's member ToCs shares with the members. */
  gives: boolean;
  /** The viewer's member ToCs ("org/graph"). */
  members: string[];
  indicators: SharedIndicatorBody[];
}

/** A shared indicator to copy into a box that links to the framework's box. */
export interface LinkOffer {
  indicator: string;
  reports_to: string;
  definition: SharedDefinition;
  /** This ToC's indicator reporting to it already (at the head of its default branch). */
  reported_by: string | null;
}

export interface LinkOffers {
  target: string;
  label: string;
  kind: NodeKind;
  indicators: LinkOffer[];
}

export type Reporting = "reporting" | "not_recent" | "not_reporting" | "not_measured";

export interface SectorIndicator {
  id: string;
  name: string;
  unit_type: UnitType;
  figure: "sum" | "mean" | "yes_share" | null;
  period: string | null;
  value: number | null;
  change: number | null;
  reporting: number | null;
  linked: number;
  status: Status | null;
  reason: string | null;
  note: string | null;
}

export interface SectorContributor {
  org: string;
  graph: string;
  title: string;
  node: string;
  label: string;
  relation: string;
  /** Null where this viewer may not see its results. */
  reporting: Reporting | null;
  last_period: string | null;
}

export interface SectorDashboardNode {
  id: string;
  label: string;
  kind: NodeKind;
  status: Status | null;
  indicators: SectorIndicator[];
  contributors: SectorContributor[];
  /** Every ToC box linking in, named or not. */
  count: number;
  /** Those this viewer may not see by name. */
  unnamed: number;
  /** Some member ToC reports to one of its shared indicators. */
  measured: boolean;
}

export interface SectorDashboard {
  framework: string;
  commit: string;
  as_of: string;
  role: SharedRole;
  k: number;
  nodes: SectorDashboardNode[];
  /** Outcomes and impacts nobody links into. */
  gaps: string[];
  /** Outcomes and impacts no member measures. */
  unmeasured: string[];
}

// -- words ----------------------------------------------------------------------------------------

type Unit = Pick<Indicator, "unit_type" | "currency" | "unit">;

/** What formatValue needs of a definition (its unit type given apart when the API says it). */
export function unitOf(def: SharedDefinition, unitType?: UnitType): Unit {
  return { unit_type: unitType ?? def.unit_type ?? null, currency: def.currency ?? null, unit: def.unit ?? null };
}

export const REPORTING_WORDS: Record<Reporting, string> = {
  reporting: "Reporting",
  not_recent: "No recent results",
  not_reporting: "Linked, no results yet",
  not_measured: "Measures none of the shared indicators here",
};

/** "1 member", "5 members" */
export function membersWord(n: number): string {
  return `${n} member${n === 1 ? "" : "s"}`;
}

/** Why a period's figures are hidden, in the reader's words. */
export function hiddenWords(period: string, k: number): string {
  return `${periodLabel(period)}: hidden, fewer than ${membersWord(k)} reported (figures from so few could point at one of them).`;
}

/** Where a value stands among the others, as a reader says it. */
export const BAND_PHRASES: Record<Band, string> = {
  below_q1: "in the bottom quarter",
  q1_median: "below the median, above the bottom quarter",
  median_q3: "at or above the median, below the top quarter",
  above_q3: "in the top quarter",
};

/** Whether a band is good news, given which way is better (the middle two are "middle"). */
export function bandTone(band: Band, direction: "increase" | "decrease" = "increase"): "high" | "middle" | "low" {
  const best = direction === "decrease" ? "below_q1" : "above_q3";
  const worst = direction === "decrease" ? "above_q3" : "below_q1";
  return band === best ? "high" : band === worst ? "low" : "middle";
}

/**
 * "Your value for Q2 2025, 30, is in the top quarter of the 3 members reporting (the middle
 * half reported 15 to 25, the median 20)." With which way is better when lower is.
 */
export function benchmarkSentence(b: Pick<SharedBenchmark, "period" | "value" | "band">, def: SharedDefinition, figures?: SharedPeriodFigures | null): string {
  const fmt = (v: number) => formatValue(v, unitOf(def));
  if (isAlone(b, figures)) {
    return `Your value for ${periodLabel(b.period)}, ${fmt(b.value)}, is the only one reported: nothing to compare it with yet.`;
  }
  let s = `Your value for ${periodLabel(b.period)}, ${fmt(b.value)}, is ${BAND_PHRASES[b.band]}`;
  if (figures && figures.reporting !== null) {
    s += ` of the ${membersWord(figures.reporting)} reporting`;
    if (figures.q1 !== null && figures.q3 !== null && figures.median !== null)
      s += ` (the middle half reported ${fmt(figures.q1)} to ${fmt(figures.q3)}, the median ${fmt(figures.median)})`;
  }
  s += ".";
  if (directionOf(def) === "decrease") s += " Lower is better here.";
  return s;
}

/** Whether the figures a value is compared with are that value alone (one member reported,
 * and its quartiles are the value): a comparison with oneself says nothing. */
export function isAlone(b: Pick<SharedBenchmark, "value">, figures?: SharedPeriodFigures | null): boolean {
  return !!figures && figures.reporting === 1 && figures.q1 === b.value && figures.q3 === b.value;
}

/** Each of the viewer's ToCs' latest benchmark (the newest period it has one for), in the order given. */
export function latestBenchmarks<B extends Pick<SharedBenchmark, "member" | "period">>(list: readonly B[]): B[] {
  const out = new Map<string, B>();
  for (const b of list) {
    const had = out.get(b.member);
    if (!had || comparePeriods(had.period, b.period) < 0) out.set(b.member, b);
  }
  return [...out.values()];
}

/** Period codes in the server's sentences as people write them: "70 in 2026-Q3" -> "70 in Q3 2026" (years alone stay). */
export function periodWordsIn(text: string): string {
  // Not a day ("2026-12-31") nor part of another number.
  return text.replace(/(?<![\d-])\d{4}-(?:H[12]|Q[1-4]|0[1-9]|1[0-2])(?![\d-])/g, (c) => periodLabel(c));
}

/** A change in words: "up 15 on the period before", "down 2.5%", "no change". */
export function changeWords(change: number | null | undefined, def: Unit): string {
  if (change === null || change === undefined) return "";
  if (change === 0) return "no change on the period before";
  const u = unitTypeOf(def);
  const size = u === "yes_no" ? `${formatNumber(Math.abs(change) * 100)} points` : u === "percentage" ? `${formatNumber(Math.abs(change))} points` : formatValue(Math.abs(change), def);
  return `${change > 0 ? "up" : "down"} ${size} on the period before`;
}

/** The headline figure's name: counts and money add up, percentages and scales are averaged. */
export function figureName(figure: SectorIndicator["figure"]): string {
  if (figure === "sum") return "Total";
  if (figure === "mean") return "Average";
  if (figure === "yes_share") return "Share answering yes";
  return "";
}

/** A headline figure with its unit: "Total 60", "Average 45%", "Share answering yes 40%". */
export function headlineText(ind: Pick<SectorIndicator, "figure" | "value" | "unit_type">, def: Pick<Indicator, "currency" | "unit"> = { unit: null }): string {
  if (ind.value === null || ind.figure === null) return "";
  const shown = ind.figure === "yes_share" ? `${formatNumber(Math.round(ind.value * 1000) / 10)}%` : formatValue(ind.value, { ...def, unit_type: ind.unit_type });
  return `${figureName(ind.figure)} ${shown}`;
}

/** "3 of 4 members reported" */
export function reportingWords(reporting: number | null, linked: number): string {
  if (reporting === null) return `${membersWord(linked)} report${linked === 1 ? "s" : ""} to it`;
  return `${reporting} of ${membersWord(linked)} reported`;
}

/** One line per sector box: who links in, named or counted. */
export function contributorsWords(n: Pick<SectorDashboardNode, "count" | "unnamed" | "contributors">): string {
  if (!n.count) return "Nobody contributes yet";
  const named = n.contributors.length;
  const parts: string[] = [];
  if (named) parts.push(`${named} named`);
  if (n.unnamed) parts.push(`${n.unnamed} private`);
  return `${n.count} contribution${n.count === 1 ? "" : "s"}${parts.length > 1 ? ` (${parts.join(", ")})` : ""}`;
}

/** "2 private members" (those this viewer may not see by name). */
export function privateMembers(n: number): string {
  return `${n} private member${n === 1 ? "" : "s"}`;
}

/** What the page says about what this viewer sees. */
export function roleSentence(role: SharedRole, k: number, gives: boolean): string {
  if (role === "maintainer")
    return `You maintain this framework: you see the figures of every member that shares its results with the maintainers, by name, including figures from fewer than ${membersWord(k)} (hidden from everyone else).`;
  if (role === "member")
    return gives
      ? `You see your own values against the anonymous figures of the members who share with all members. Figures from fewer than ${membersWord(k)} are hidden.`
      : "You see your own values. Share your results with all members (on your results page) to see how you compare: figures are shown only to members who share.";
  return "Combined figures are shown only to the framework's maintainers and to members who share their results. You see who contributes where, and the gaps.";
}

// -- the sector map ------------------------------------------------------------------------------

/**
 * A shared indicator's status as the page shows it: none while no member reports to it (the
 * server judges an indicator nobody reports to as "no recent data", which reads as if
 * members had stopped).
 */
export function shownIndicatorStatus(i: Pick<SectorIndicator, "status" | "linked">): Status | null {
  return i.linked > 0 ? i.status : null;
}

/** A box's status: the worst of its shared indicators that members report to. */
export function shownNodeStatus(n: Pick<SectorDashboardNode, "indicators">): Status | null {
  return n.indicators.reduce<Status | null>((w, i) => worse(w, shownIndicatorStatus(i)), null);
}

/**
 * Why a box's shared indicator has no figure for this viewer, in the page's words: every
 * period hidden (fewer than k reported), nobody reporting, or the server's note and reason.
 */
export function noFigureWords(i: Pick<SectorIndicator, "linked" | "note" | "reason">, body: Pick<SharedIndicatorBody, "aggregates" | "k"> | undefined): string {
  if (!i.linked) return "No member reports to it yet";
  if (i.note) return i.note;
  const rows = body?.aggregates ?? null;
  if (rows && rows.length && rows.every((a) => a.suppressed)) {
    const last = [...rows].sort((a, b) => comparePeriods(a.period, b.period)).at(-1)!;
    return hiddenWords(last.period, body!.k);
  }
  if (rows && !rows.length) return `${reportingWords(null, i.linked)}; no results shared yet`;
  return i.reason ?? reportingWords(null, i.linked);
}

/**
 * The server's refusal of a reports_to, with the shared indicator named as people know it:
 * "cannot report to net/frame#pct: It is measured…" -> "Cannot report to “In work”: It is…".
 */
export function reportsToProblem(message: string, nameOf: (address: string) => string | undefined): string {
  const m = /^cannot report to (\S+?): (.*)$/s.exec(message);
  if (!m) return message;
  const name = nameOf(m[1]!);
  return `Cannot report to ${name ? `“${name}”` : m[1]}: ${m[2]}`;
}

const KIND_ORDER: NodeKind[] = ["impact", "outcome", "output", "activity"];
const HORIZON_ORDER: Record<string, number> = { long: 0, medium: 1, short: 2 };

export interface SectorLevel {
  kind: NodeKind;
  title: string;
  nodes: SectorDashboardNode[];
}

/** The framework's boxes in levels, impact first (then long-term outcomes), by label within a level; empty levels left out. */
export function sectorLevels(nodes: readonly SectorDashboardNode[], doc?: Doc): SectorLevel[] {
  const titles: Record<NodeKind, string> = { impact: "Impact", outcome: "Outcomes", output: "Outputs", activity: "Activities" };
  const horizon = (id: string) => HORIZON_ORDER[doc?.nodes[id]?.horizon ?? ""] ?? 3;
  return KIND_ORDER.map((kind) => ({
    kind,
    title: titles[kind],
    nodes: nodes.filter((n) => n.kind === kind).sort((a, b) => horizon(a.id) - horizon(b.id) || a.label.localeCompare(b.label)),
  })).filter((l) => l.nodes.length);
}

// -- a shared indicator's chart and table --------------------------------------------------------

export interface SharedChart {
  /** Every period shown, oldest first. */
  periods: string[];
  /** The headline over the members counted: the sum (running when cumulative), mean or share of yes. */
  figure: "sum" | "mean" | "yes_share" | null;
  headline: { period: string; value: number }[];
  /** The members' middle half and median (numbers only). */
  band: { period: string; q1: number; q3: number }[];
  median: { period: string; value: number }[];
  /** The framework's own target path: its target for the period, else the straight line. */
  target: { period: string; value: number }[];
  /** The viewer's own values (numbers; percentages from their parts). */
  own: { period: string; value: number; member: string }[];
  hidden: { period: string; reason: string }[];
  /** The headline and the target are on another scale than the members' values (a total against each one's value). */
  twoScales: boolean;
}

function ownNumber(v: MemberPeriodValue, unit: UnitType): number | null {
  if (typeof v.value === "number" && Number.isFinite(v.value)) return v.value;
  if (unit === "percentage" && v.numerator !== null && v.denominator) return (100 * v.numerator) / v.denominator;
  return null;
}

/** The framework's expected value for a period: its own target for it, else the straight line to the target. */
export function targetAt(def: SharedDefinition, period: string): number | null {
  const set = def.period_targets?.find((t) => t.period === period)?.value;
  if (typeof set === "number") return set;
  if (typeof def.target !== "number") return null;
  const end = periodBounds(period)?.[1];
  return end ? linearTarget({ id: "", name: "", unit: null, baseline: null, source: null, vocabulary: null, code: null, ...def, target: def.target } as Indicator, end) : null;
}

/** The rows of a shared indicator's chart from the API's answer (`own`: the viewer's own values). */
export function sharedChart(ind: Pick<SharedIndicatorBody, "aggregates" | "definition" | "unit_type" | "k" | "values">): SharedChart {
  const unit = ind.unit_type ?? unitTypeOf(ind.definition);
  const additive = unit === "count" || unit === "currency";
  const figure: SharedChart["figure"] = additive ? "sum" : unit === "percentage" || unit === "scale" ? "mean" : unit === "yes_no" ? "yes_share" : null;
  const rows = [...(ind.aggregates ?? [])].sort((a, b) => comparePeriods(a.period, b.period));
  const own: SharedChart["own"] = [];
  if (unit !== "text" && unit !== "yes_no")
    for (const m of ind.values ?? [])
      if (m.own)
        for (const v of m.values) {
          const x = ownNumber(v, unit);
          if (x !== null) own.push({ period: v.period, value: x, member: m.member });
        }
  const periods = [...new Set([...rows.map((r) => r.period), ...own.map((o) => o.period)])].sort(comparePeriods);
  const headline: SharedChart["headline"] = [];
  const band: SharedChart["band"] = [];
  const median: SharedChart["median"] = [];
  const hidden: SharedChart["hidden"] = [];
  const cumulative = additive && aggregationOf(ind.definition) === "cumulative";
  let running = 0;
  for (const r of rows) {
    if (r.suppressed) {
      hidden.push({ period: r.period, reason: hiddenWords(r.period, ind.k) });
      continue;
    }
    const h = figure ? r[figure] : null;
    if (typeof h === "number") {
      running += h;
      headline.push({ period: r.period, value: cumulative ? running : h });
    }
    if (r.q1 !== null && r.q3 !== null) band.push({ period: r.period, q1: r.q1, q3: r.q3 });
    if (r.median !== null) median.push({ period: r.period, value: r.median });
  }
  const target: SharedChart["target"] = [];
  if (unit !== "text")
    for (const p of periods) {
      const t = targetAt(ind.definition, p);
      // A path to 240 young people passes 89.75 of them: counts are shown whole.
      if (t !== null) target.push({ period: p, value: unit === "count" ? Math.round(t) : t });
    }
  return { periods, figure, headline, band, median, target, own, hidden, twoScales: additive };
}

/** The chart's numbers as a table (its text alternative): one row per period. */
export function sharedTable(ind: Pick<SharedIndicatorBody, "aggregates" | "definition" | "unit_type" | "k" | "values">): { head: string[]; rows: string[][] } {
  const chart = sharedChart(ind);
  const def = unitOf(ind.definition, ind.unit_type);
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? "–" : formatValue(v, def));
  const byPeriod = new Map((ind.aggregates ?? []).map((a) => [a.period, a]));
  const mine = chart.own.length > 0;
  const numeric = ind.unit_type !== "text" && ind.unit_type !== "yes_no";
  const head = ["Period", "Members reporting"];
  if (chart.figure) head.push(chart.figure === "sum" && aggregationOf(ind.definition) === "cumulative" ? "Total to date" : figureName(chart.figure));
  if (numeric) head.push("Median", "Middle half");
  if (chart.target.length) head.push("Framework target");
  if (mine) head.push("Your value");
  const headline = new Map(chart.headline.map((h) => [h.period, h.value]));
  const rows = chart.periods.map((p) => {
    const a = byPeriod.get(p);
    const row = [periodLabel(p)];
    if (!a) row.push("–");
    else if (a.suppressed) row.push(`Hidden: fewer than ${membersWord(ind.k)}`);
    else row.push(`${a.reporting ?? 0} of ${a.linked}`);
    if (chart.figure) row.push(chart.figure === "yes_share" ? (a?.yes_share == null ? "–" : `${formatNumber(Math.round(a.yes_share * 1000) / 10)}%`) : fmt(headline.get(p)));
    if (numeric) row.push(fmt(a?.median), a && a.q1 !== null && a.q3 !== null ? `${fmt(a.q1)} to ${fmt(a.q3)}` : "–");
    if (chart.target.length) row.push(fmt(chart.target.find((t) => t.period === p)?.value));
    if (mine) row.push(chart.own.filter((o) => o.period === p).map((o) => fmt(o.value)).join(", ") || "–");
    return row;
  });
  return { head, rows };
}

/** One sentence saying what the chart shows (its caption). */
export function sharedSummary(ind: Pick<SharedIndicatorBody, "aggregates" | "definition" | "unit_type" | "k" | "values" | "name" | "linked" | "note">): string {
  const head = ind.name || "This indicator";
  if (!ind.linked) return `${head}: no member reports to it yet.`;
  if (ind.aggregates === null) return `${head}: ${membersWord(ind.linked)} report${ind.linked === 1 ? "s" : ""} to it. ${ind.note ?? "You get no combined figures."}`;
  const shown = [...ind.aggregates].filter((a) => !a.suppressed).sort((a, b) => comparePeriods(a.period, b.period));
  const latest = shown[shown.length - 1];
  if (!latest) {
    if (!ind.aggregates.length) return `${head}: ${membersWord(ind.linked)} report${ind.linked === 1 ? "s" : ""} to it; no results shared yet.`;
    return `${head}: every period is hidden, fewer than ${membersWord(ind.k)} reported.`;
  }
  const chart = sharedChart(ind);
  const def = unitOf(ind.definition, ind.unit_type);
  const parts = [`${latest.reporting ?? 0} of ${membersWord(latest.linked)} reported in ${periodLabel(latest.period)}`];
  const h = chart.headline.find((x) => x.period === latest.period);
  if (chart.figure && chart.figure !== "yes_share" && h) parts.push(`${figureName(chart.figure).toLowerCase()} ${formatValue(h.value, def)}${latest.change !== null ? ` (${changeWords(latest.change, def)})` : ""}`);
  if (chart.figure === "yes_share" && latest.yes_share !== null) parts.push(`${formatNumber(Math.round(latest.yes_share * 1000) / 10)}% answered yes`);
  if (latest.median !== null && ind.unit_type !== "yes_no") parts.push(`median ${formatValue(latest.median, def)} per member`);
  const t = chart.target.find((x) => x.period === latest.period);
  if (t) parts.push(`the framework's target path ${formatValue(t.value, def)}`);
  const hidden = ind.aggregates.length - shown.length;
  return `${head}: ${parts.join("; ")}.${hidden ? ` ${hidden} period${hidden === 1 ? " is" : "s are"} hidden (fewer than ${membersWord(ind.k)} reported).` : ""}`;
}
