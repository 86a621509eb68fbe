/** The open ToC document format, as the REST API speaks it. */

export const NODE_KINDS = ["activity", "output", "outcome", "impact"] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
export const HORIZONS = ["short", "medium", "long"] as const;
export type Horizon = (typeof HORIZONS)[number];
export const EDGE_RELATIONS = ["leads_to", "contributes_to", "enables"] as const;
export type EdgeRelation = (typeof EDGE_RELATIONS)[number];
export const LINK_RELATIONS = ["contributes_to", "same_as"] as const;
export type LinkRelation = (typeof LINK_RELATIONS)[number];
export const STRENGTHS = ["weak", "moderate", "strong"] as const;
export type Strength = (typeof STRENGTHS)[number];

export type Scalar = string | number | null;

export const UNIT_TYPES = ["count", "percentage", "currency", "scale", "yes_no", "text"] as const;
export type UnitType = (typeof UNIT_TYPES)[number];
export type Direction = "increase" | "decrease";
export type Aggregation = "per_period" | "cumulative";

/** A target for one reporting period ("2025-Q3"); it wins over the straight line there. */
export interface PeriodTarget {
  period: string;
  value: number;
}

/** A way results are split: {"name": "gender", "categories": ["female", "male", "another"]}. */
export interface Disaggregation {
  name: string;
  categories: string[];
}

export interface Indicator {
  id: string;
  name: string;
  unit: string | null;
  baseline: Scalar;
  target: Scalar;
  source: string | null;
  vocabulary: string | null;
  code: string | null;
  // How it is measured (issue 13); absent or null means the default named.
  /** Higher is better ("increase", the default) or lower is better. */
  direction?: Direction | null;
  /** A count when unset. */
  unit_type?: UnitType | null;
  /** ISO 4217 code, with unit_type currency. */
  currency?: string | null;
  scale_min?: number | null;
  scale_max?: number | null;
  /** Quarterly when unset (model/periods.ts). */
  frequency?: "monthly" | "quarterly" | "half_yearly" | "yearly" | null;
  /** Per period when unset. */
  aggregation?: Aggregation | null;
  baseline_date?: string | null;
  target_date?: string | null;
  period_targets?: PeriodTarget[];
  disaggregations?: Disaggregation[];
  /** The shared indicator of a framework it reports to (issue 14): "org/graph#indicator_id". */
  reports_to?: string | null;
}

export interface Evidence {
  title: string;
  url: string | null;
  strength: Strength | null;
}

export interface Link {
  /** "org/graph#node_id" */
  target: string;
  relation: LinkRelation;
}

export interface TocNode {
  id: string;
  kind: NodeKind;
  label: string;
  horizon: Horizon | null;
  description: string;
  indicators: Indicator[];
  assumptions: string[];
  tags: string[];
  links: Link[];
}

export interface TocEdge {
  id: string;
  source: string;
  target: string;
  relation: EdgeRelation;
  rationale: string;
  assumptions: string[];
  evidence: Evidence[];
  confidence: number | null;
}

export type NodeField = Exclude<keyof TocNode, "id">;
export type EdgeField = Exclude<keyof TocEdge, "id" | "source" | "target">;

/** A ToC state: entities keyed by id. Treated as immutable by every function in model/. */
export interface Doc {
  readonly nodes: Readonly<Record<string, TocNode>>;
  readonly edges: Readonly<Record<string, TocEdge>>;
}

export type Op =
  | { op: "add_node"; node: TocNode }
  | { op: "update_node"; id: string; set: Partial<Record<NodeField, unknown>> }
  | { op: "remove_node"; id: string }
  | { op: "add_edge"; edge: TocEdge }
  | { op: "update_edge"; id: string; set: Partial<Record<EdgeField, unknown>> }
  | { op: "remove_edge"; id: string };

export const NODE_DEFAULTS: Omit<TocNode, "id" | "kind" | "label"> = {
  horizon: null,
  description: "",
  indicators: [],
  assumptions: [],
  tags: [],
  links: [],
};

export const EDGE_DEFAULTS: Omit<TocEdge, "id" | "source" | "target"> = {
  relation: "leads_to",
  rationale: "",
  assumptions: [],
  evidence: [],
  confidence: null,
};

export const KIND_LABELS: Record<NodeKind, string> = {
  activity: "Activity",
  output: "Output",
  outcome: "Outcome",
  impact: "Impact",
};

export const RELATION_LABELS: Record<EdgeRelation, string> = {
  leads_to: "leads to",
  contributes_to: "contributes to",
  enables: "enables",
};
