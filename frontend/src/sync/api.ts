/**
 * A thin client for /api/v1. Cookie session + X-CSRF-Token on unsafe requests.
 * `fetch` is injected so tests can fake the server.
 */
import type { Doc, Op, TocEdge, TocNode } from "../model/types";
import type { PresenceField } from "../model/presence";
import type { ImportReport, ResultEntry, ResultsList, StoredResult } from "../model/results";
import type { Dashboard, Progress } from "../model/progress";
import { listingSearch, type InvitationImportReport, type ListingQuery, type Portfolio, type PortfolioEntry, type PortfolioStatus } from "../model/portfolio";
import type { Consent, LinkOffers, SectorDashboard, SharedIndicators } from "../model/shared";
import { docFromLists } from "../model/doc";
import { resultsChanged } from "./resultsSignal";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface Conflict {
  id: string;
  kind: string;
  entity: string;
  entity_id: string;
  field: string | null;
  base: unknown;
  ours: unknown;
  theirs: unknown;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: unknown,
    readonly conflicts: Conflict[] = [],
    /** The whole answer (an import's 422 lists its problems beside the message). */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
  get isConflict(): boolean {
    return this.status === 409;
  }
}

/** Thrown when the server could not be reached at all. */
export class NetworkError extends Error {
  constructor(message = "The server could not be reached") {
    super(message);
    this.name = "NetworkError";
  }
}

export interface User {
  id: string | number;
  username: string;
}
export interface Me extends User {
  email?: string;
  orgs: { slug: string; name: string; role: string }[];
}
export interface Org {
  slug: string;
  name: string;
  created_at?: string;
  /** The viewer's role; null when not a member (or signed out). */
  your_role?: string | null;
  /** Only for members; each e-mail only for owners. */
  members?: Member[];
}
export interface Member {
  username: string;
  role: string;
  /** Shown to the organisation's owners only. */
  email?: string;
}
export interface ExploreItem {
  org: string;
  org_name: string;
  slug: string;
  title: string;
  description: string;
  default_branch: string;
  boxes: number;
  updated_at: string | null;
  fork: boolean;
  /** "org/graph" when the viewer may read it. */
  upstream: Graph["upstream"];
  upstream_private: boolean;
  /** Other ToCs link their outcomes into it. */
  framework: boolean;
  /** How many other ToCs link into it (private ones counted, never named). */
  linked_by: number;
  /** Up to three labels of boxes that hold the search words. */
  matched_boxes: string[];
}
export interface ExploreResult {
  items: ExploreItem[];
  total: number;
  page: number;
  pages: number;
}
export interface Graph {
  org: string;
  slug: string;
  title: string;
  description: string;
  visibility: "private" | "public";
  default_branch: string;
  upstream: string | { org: string; slug?: string; graph?: string; branch?: string } | null;
  /** A fork of a ToC the viewer cannot read. */
  upstream_private?: boolean;
  created_at: string;
  can_write: boolean;
  /** Results of a public ToC are public only when its owners opt in (issue 13). */
  results_public?: boolean;
  /** Where its results on shared indicators flow (issue 14); null for callers outside its organisation. */
  share_results?: Consent | null;
  /** On a framework: figures from fewer member ToCs are hidden from all but its maintainers. */
  aggregate_k?: number;
}
export interface Branch {
  name: string;
  head: string;
}
export interface Commit {
  id: string;
  parents: string[];
  author: string | { username?: string; name?: string } | null;
  message: string;
  created_at: string;
  stats?: Record<string, number> | null;
}
/** A presence post (the live protocol's POST .../presence). */
export interface PresenceBody {
  session: string;
  selection: { nodes: string[]; edges: string[] };
  field: PresenceField | null;
  gone: boolean;
}
export interface Tree {
  commit: string;
  doc: Doc;
}
export interface Template {
  id: string;
  title: string;
  description: string;
  nodes: number | unknown[];
}
export interface TocDocument {
  title?: string;
  description?: string;
  nodes: TocNode[];
  edges: TocEdge[];
}
export interface ChangeSet<T> {
  added: T[];
  removed: T[];
  changed: { id: string; fields: Record<string, { before: unknown; after: unknown }> }[];
}
export interface Compare {
  nodes: ChangeSet<TocNode>;
  edges: ChangeSet<TocEdge>;
}
export interface Finding {
  code: string;
  severity: string;
  message: string;
  nodes: string[];
  edges: string[];
}
export interface Layout {
  width: number;
  height: number;
  nodes: Record<string, { x: number; y: number; width?: number; height?: number }>;
  /** Cubic B-spline control points (1 + 3k) from tail to head; `tip`: where the arrowhead ends. */
  edges?: Record<string, { points: [number, number][]; tip?: [number, number] | null }>;
  /** Where each level's title sits (its rank's y): activity, output, outcome_short... impact. */
  lanes?: Record<string, { x: number; y: number }>;
}
export interface MergePreview {
  result?: "merged" | "fast_forward" | "up_to_date" | string;
  merge_base: string | null;
  target_head?: string;
  source_head?: string;
  /** What each side changed since the merge base (same shape as a comparison). */
  ours: Compare | null;
  theirs: Compare | null;
  conflicts: Conflict[];
  [k: string]: unknown;
}
export interface Resolution {
  conflict: string;
  take: "ours" | "theirs" | "value";
  value?: unknown;
}
export interface Proposal {
  number: number;
  status: string;
  title: string;
  description?: string;
  source: string;
  target: string;
  author?: string | { username?: string } | null;
  created_at?: string;
  votes?: number | { up?: number; total?: number; [k: string]: unknown } | unknown[];
  voted?: boolean;
  comments?: { author?: string | { username?: string } | null; body: string; created_at?: string }[];
  preview?: (Partial<MergePreview> & { diff?: Compare }) | null;
  /** The source commit the proposal is frozen at (moved only by "update proposal"). */
  source_commit?: string | null;
  /** Whether the viewer may update the proposal (its proposer), when the server says. */
  can_update?: boolean;
  [k: string]: unknown;
}
export interface SectorNode {
  id: string;
  label: string;
  kind: string;
  contributors: { org: string; graph: string; node: string; label: string }[];
  /** All contributions, including private ones. */
  count: number;
  /** Contributions from private graphs the viewer cannot read: counted, never named. */
  private_count?: number;
}
export interface Sector {
  nodes: SectorNode[];
  gaps: string[];
  graphs: unknown[];
  /** How many private graphs (not readable by the viewer) contribute. */
  private_graphs?: number;
}
export interface Suggestion {
  node: string | { id: string; label?: string };
  label?: string;
  target_node: string | { id: string; label?: string };
  target_label?: string;
  score: number;
  reason: string;
}

/** An API token as listed: never its secret. */
export interface ApiToken {
  id: string | number;
  name: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}
/** A token just made: the secret is in this answer only. */
export interface NewApiToken extends ApiToken {
  token: string;
}

/**
 * The messages an error gives for one field, wherever the server put them: flask-smorest's
 * `{json: {field: [...]}}`, a flat `{field: [...]}` or a nested path such as `{json: {a: {b: ...}}}`
 * (matched by its last key). Falls back to a `"field: message"` prefix of the message.
 */
export function fieldMessages(err: unknown, field: string): string[] {
  if (!(err instanceof ApiError)) return [];
  const found: string[] = [];
  const walk = (o: unknown, key: string | null): void => {
    if (typeof o === "string") {
      if (key === field) found.push(o);
    } else if (Array.isArray(o)) {
      for (const x of o) walk(x, key);
    } else if (o && typeof o === "object") {
      for (const [k, v] of Object.entries(o)) walk(v, k);
    }
  };
  walk(err.errors, null);
  if (!found.length && err.message.startsWith(`${field}: `)) found.push(err.message.slice(field.length + 2));
  return found;
}

const enc = encodeURIComponent;

export function authorName(a: Commit["author"] | Proposal["author"]): string {
  if (!a) return "someone";
  if (typeof a === "string") return a;
  return a.username ?? (a as { name?: string }).name ?? "someone";
}

export class Api {
  csrfToken: string | null = null;
  /** Called when a request answers 401 (the session ended). */
  onUnauthorized: (() => void) | null = null;

  constructor(
    private readonly fetchFn: FetchLike = (i, init) => fetch(i, init),
    readonly base = "/api/v1",
  ) {}

  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** `keepalive`: the request may outlive the page (a last word on leaving it). */
  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
    opts: { keepalive?: boolean } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json", ...extraHeaders };
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    if (method !== "GET" && method !== "HEAD" && this.csrfToken) headers["X-CSRF-Token"] = this.csrfToken;
    let res: Response;
    try {
      const init: RequestInit = { method, headers, body: payload, credentials: "same-origin" };
      if (opts.keepalive) init.keepalive = true;
      res = await this.fetchFn(this.url(path), init);
    } catch (err) {
      throw new NetworkError(err instanceof Error ? `The server could not be reached (${err.message})` : undefined);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
    if (!res.ok) {
      const d = (data && typeof data === "object" ? data : {}) as Record<string, unknown>;
      const message =
        typeof d.message === "string" && d.message
          ? d.message
          : res.status >= 500
            ? "The server had a problem. Please try again."
            : `Request failed (${res.status})`;
      if (res.status === 401 && this.onUnauthorized && !path.startsWith("/session")) this.onUnauthorized();
      throw new ApiError(
        res.status,
        typeof d.code === "string" ? d.code : String(d.code ?? res.status),
        message,
        d.errors,
        Array.isArray(d.conflicts) ? (d.conflicts as Conflict[]) : [],
        data,
      );
    }
    return data as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("POST", path, body ?? {});
  }
  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("PUT", path, body ?? {});
  }
  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("PATCH", path, body ?? {});
  }
  del<T>(path: string): Promise<T> {
    return this.request<T>("DELETE", path);
  }

  // -- session -----------------------------------------------------------------------------
  async session(): Promise<User | null> {
    try {
      const r = await this.get<{ user: User; csrf_token: string }>("/session");
      this.csrfToken = r.csrf_token;
      return r.user;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  }
  async signIn(username: string, password: string): Promise<User> {
    const r = await this.post<{ user: User; csrf_token: string }>("/session", { username, password });
    this.csrfToken = r.csrf_token;
    return r.user;
  }
  /**
   * Sign out: a session write like any other, so it sends the CSRF token (fetched first if this
   * client has none, and once more if the server refused a stale one). A 401 means the session had
   * already ended. Any other failure is thrown: the session may still be open.
   */
  async signOut(): Promise<void> {
    try {
      if (!this.csrfToken && !(await this.session())) return;
      try {
        await this.del("/session");
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 403)) throw err;
        if (!(await this.session())) return;
        await this.del("/session");
      }
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) throw err;
    }
    this.csrfToken = null;
  }
  signUp(username: string, email: string, password: string): Promise<User> {
    return this.post("/users", { username, email, password });
  }
  me(): Promise<Me> {
    return this.get("/user");
  }

  // -- account: password, other sessions, API tokens ------------------------------------------
  /** Change the password; the server signs out the user's other browsers. */
  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.put("/user/password", { current_password: currentPassword, new_password: newPassword });
  }
  /** Sign out every other browser session of this user (this one stays). */
  signOutOtherSessions(): Promise<void> {
    return this.del("/user/sessions");
  }
  tokens(): Promise<ApiToken[]> {
    return this.get<ApiToken[] | { items: ApiToken[] }>("/tokens").then((r) => (Array.isArray(r) ? r : (r?.items ?? [])));
  }
  createToken(name: string, expiresInDays: number): Promise<NewApiToken> {
    return this.post("/tokens", { name, expires_in_days: expiresInDays });
  }
  revokeToken(id: ApiToken["id"]): Promise<void> {
    return this.del(`/tokens/${enc(String(id))}`);
  }

  // -- orgs, templates, graphs --------------------------------------------------------------
  /** Public ToCs and shared frameworks, for everyone (signed in or not). */
  explore(q: string, opts: { framework?: boolean; page?: number; pageSize?: number } = {}): Promise<ExploreResult> {
    const p = new URLSearchParams();
    if (q) p.set("q", q);
    if (opts.framework) p.set("framework", "true");
    if (opts.page) p.set("page", String(opts.page));
    if (opts.pageSize) p.set("page_size", String(opts.pageSize));
    return this.get<{ graphs: ExploreItem[]; total: number; page: number; pages: number }>(
      `/explore${p.size ? `?${p}` : ""}`,
    ).then((r) => ({ items: r.graphs ?? [], total: r.total ?? 0, page: r.page ?? 1, pages: r.pages ?? 1 }));
  }
  /** Add a person by username or e-mail. */
  addMember(org: string, user: string, role: string): Promise<Member> {
    return this.post(`/orgs/${enc(org)}/members`, { user, role });
  }
  setMemberRole(org: string, username: string, role: string): Promise<Member> {
    return this.put(`/orgs/${enc(org)}/members/${enc(username)}`, { role });
  }
  removeMember(org: string, username: string): Promise<void> {
    return this.del(`/orgs/${enc(org)}/members/${enc(username)}`);
  }
  createOrg(slug: string, name: string): Promise<Org> {
    return this.post("/orgs", { slug, name });
  }
  org(org: string): Promise<Org> {
    return this.get(`/orgs/${enc(org)}`);
  }
  templates(): Promise<Template[]> {
    return this.get("/templates");
  }
  template(id: string): Promise<TocDocument> {
    return this.get(`/templates/${enc(id)}`);
  }
  graphs(org: string): Promise<Graph[]> {
    return this.get<Graph[] | { items: Graph[] }>(`/orgs/${enc(org)}/graphs`).then((r) =>
      Array.isArray(r) ? r : (r?.items ?? []),
    );
  }
  createGraph(
    org: string,
    body: { slug: string; title: string; description?: string; visibility: "private" | "public"; document?: unknown },
  ): Promise<Graph> {
    return this.post(`/orgs/${enc(org)}/graphs`, body);
  }
  g(org: string, graph: string): string {
    return `/graphs/${enc(org)}/${enc(graph)}`;
  }
  graph(org: string, graph: string): Promise<Graph> {
    return this.get(this.g(org, graph));
  }
  branches(org: string, graph: string): Promise<Branch[]> {
    return this.get(`${this.g(org, graph)}/branches`);
  }
  branch(org: string, graph: string, name: string): Promise<Branch> {
    return this.get(`${this.g(org, graph)}/branches/${enc(name)}`);
  }
  createBranch(org: string, graph: string, name: string, from: string): Promise<Branch> {
    return this.post(`${this.g(org, graph)}/branches`, { name, from });
  }
  /** Put a branch back to an earlier version: one new commit, made by the server. */
  restore(org: string, graph: string, branch: string, commit: string, message?: string): Promise<Commit> {
    return this.post(`${this.g(org, graph)}/branches/${enc(branch)}/restore`, message ? { commit, message } : { commit });
  }
  async tree(org: string, graph: string, ref: string): Promise<Tree> {
    const r = await this.get<{ commit: string; nodes: unknown; edges: unknown }>(
      `${this.g(org, graph)}/tree/${enc(ref)}`,
    );
    return { commit: r.commit, doc: docFromLists(r.nodes, r.edges) };
  }
  commit(org: string, graph: string, branch: string, base: string, message: string, ops: Op[]): Promise<Commit> {
    return this.post(`${this.g(org, graph)}/branches/${enc(branch)}/commits`, { base, message, ops });
  }
  /** The address of a branch's live stream (Server-Sent Events; sync/live.ts opens it). */
  liveUrl(org: string, graph: string, branch: string): string {
    return this.url(`${this.g(org, graph)}/branches/${enc(branch)}/live`);
  }
  /**
   * Say what this page has selected and which field it types in, to the others on the branch
   * (`session` is the live connection's id). `keepalive` for the last one (gone) on leaving.
   */
  presence(org: string, graph: string, branch: string, body: PresenceBody, opts: { keepalive?: boolean } = {}): Promise<void> {
    return this.request("POST", `${this.g(org, graph)}/branches/${enc(branch)}/presence`, body, {}, opts);
  }
  commits(org: string, graph: string, ref: string, limit = 50, before?: string): Promise<Commit[]> {
    const q = new URLSearchParams({ ref, limit: String(limit) });
    if (before) q.set("before", before);
    return this.get(`${this.g(org, graph)}/commits?${q}`);
  }
  compare(org: string, graph: string, a: string, b: string): Promise<Compare> {
    return this.get(`${this.g(org, graph)}/compare/${enc(a)}...${enc(b)}`);
  }
  checks(org: string, graph: string, ref: string): Promise<{ findings: Finding[] }> {
    return this.get(`${this.g(org, graph)}/checks/${enc(ref)}`);
  }
  layout(org: string, graph: string, ref: string, direction = "BT"): Promise<Layout> {
    return this.get(`${this.g(org, graph)}/render/${enc(ref)}.json?direction=${enc(direction)}`);
  }
  /** Replace a branch's content (the default: main) with a file's, as one new commit. */
  importFile(org: string, graph: string, file: File, opts: { branch?: string; message?: string } = {}): Promise<Commit> {
    const fd = new FormData();
    fd.append("file", file, file.name);
    if (opts.branch) fd.append("branch", opts.branch);
    if (opts.message) fd.append("message", opts.message);
    return this.request("POST", `${this.g(org, graph)}/import`, fd);
  }
  /** Fork into `toOrg`; the short name and visibility default to the source's. */
  fork(org: string, graph: string, toOrg: string, slug?: string, visibility?: "private" | "public"): Promise<Graph> {
    return this.post(`${this.g(org, graph)}/forks`, {
      org: toOrg,
      ...(slug ? { slug } : {}),
      ...(visibility ? { visibility } : {}),
    });
  }
  mergePreview(org: string, graph: string, source: string, target: string): Promise<MergePreview> {
    const q = new URLSearchParams({ source, target });
    return this.get(`${this.g(org, graph)}/merges/preview?${q}`);
  }
  merge(
    org: string,
    graph: string,
    source: string,
    target: string,
    message: string,
    resolutions?: Resolution[],
  ): Promise<{ commit: string | Commit; fast_forward: boolean }> {
    return this.post(`${this.g(org, graph)}/merges`, { source, target, message, ...(resolutions ? { resolutions } : {}) });
  }
  proposals(org: string, graph: string): Promise<Proposal[]> {
    return this.get<Proposal[] | { items: Proposal[] }>(`${this.g(org, graph)}/proposals`).then((r) =>
      Array.isArray(r) ? r : (r?.items ?? []),
    );
  }
  proposal(org: string, graph: string, n: number): Promise<Proposal> {
    return this.get(`${this.g(org, graph)}/proposals/${n}`);
  }
  createProposal(
    org: string,
    graph: string,
    body: { source: string; target: string; title: string; description: string },
  ): Promise<Proposal> {
    return this.post(`${this.g(org, graph)}/proposals`, body);
  }
  comment(org: string, graph: string, n: number, body: string): Promise<unknown> {
    return this.post(`${this.g(org, graph)}/proposals/${n}/comments`, { body });
  }
  vote(org: string, graph: string, n: number, on: boolean): Promise<unknown> {
    const p = `${this.g(org, graph)}/proposals/${n}/vote`;
    return on ? this.put(p, { value: 1 }) : this.del(p);
  }
  mergeProposal(org: string, graph: string, n: number, resolutions?: Resolution[]): Promise<unknown> {
    return this.post(`${this.g(org, graph)}/proposals/${n}/merge`, resolutions ? { resolutions } : {});
  }
  closeProposal(org: string, graph: string, n: number): Promise<unknown> {
    return this.post(`${this.g(org, graph)}/proposals/${n}/close`, {});
  }
  /** The proposer publishes the source's current version into the proposal (it is frozen otherwise). */
  updateProposal(org: string, graph: string, n: number): Promise<Proposal> {
    return this.post(`${this.g(org, graph)}/proposals/${n}/update`, {});
  }
  sector(org: string, graph: string, ref?: string): Promise<Sector> {
    return this.get(`${this.g(org, graph)}/sector${ref ? `?ref=${enc(ref)}` : ""}`);
  }
  suggestions(org: string, graph: string, target: string): Promise<Suggestion[]> {
    return this.get(`${this.g(org, graph)}/links/suggestions?target=${enc(target)}`);
  }

  // -- results and progress (issue 13) -------------------------------------------------------------
  /** The current value of every (indicator, period), and the ids of indicators no longer in the ToC. */
  async results(org: string, graph: string, q: { indicator?: string; from?: string; to?: string } = {}): Promise<ResultsList> {
    const p = new URLSearchParams();
    if (q.indicator) p.set("indicator", q.indicator);
    if (q.from) p.set("from", q.from);
    if (q.to) p.set("to", q.to);
    const r = await this.get<Partial<ResultsList> | StoredResult[]>(`${this.g(org, graph)}/results${p.size ? `?${p}` : ""}`);
    if (Array.isArray(r)) return { results: r, archived: [] };
    return { results: r?.results ?? [], archived: r?.archived ?? [] };
  }
  /** Write results, all or nothing (422 names `results/<i>/<field>`); every page showing them is told. */
  async saveResults(org: string, graph: string, entries: ResultEntry[]): Promise<StoredResult[]> {
    const r = await this.post<{ results: StoredResult[] } | StoredResult[]>(`${this.g(org, graph)}/results`, { results: entries });
    resultsChanged(org, graph);
    return Array.isArray(r) ? r : (r?.results ?? []);
  }
  /** Every value ever written for an indicator (one period's, when given), newest first. */
  async resultHistory(org: string, graph: string, indicator: string, period?: string): Promise<StoredResult[]> {
    const q = period ? `?period=${enc(period)}` : "";
    const r = await this.get<{ results?: StoredResult[]; history?: StoredResult[] } | StoredResult[]>(
      `${this.g(org, graph)}/results/${enc(indicator)}/history${q}`,
    );
    const rows = Array.isArray(r) ? r : (r?.results ?? r?.history ?? []);
    return [...rows].sort((a, b) => b.id - a.id);
  }
  /**
   * Check (dry run) or import a .csv or .xlsx of results. An import refused for its rows (422)
   * answers with the report (`valid` false) rather than throwing.
   */
  async importResults(org: string, graph: string, file: File, dryRun: boolean): Promise<ImportReport> {
    const fd = new FormData();
    fd.append("file", file, file.name);
    try {
      const r = await this.request<ImportReport>("POST", `${this.g(org, graph)}/results/import?dry_run=${dryRun}`, fd);
      if (!dryRun) resultsChanged(org, graph);
      return { rows: r?.rows ?? 0, valid: r?.valid ?? true, problems: r?.problems ?? [], preview: r?.preview ?? [] };
    } catch (err) {
      const body = err instanceof ApiError ? (err.body as Partial<ImportReport> | undefined) : undefined;
      if (err instanceof ApiError && err.status === 422 && body && Array.isArray(body.problems))
        return { rows: body.rows ?? 0, valid: false, problems: body.problems, preview: body.preview ?? [] };
      throw err;
    }
  }
  /** Each indicator's and box's progress at a ref (the default branch when absent), on a day (today when absent). */
  progress(org: string, graph: string, opts: { ref?: string; asOf?: string } = {}): Promise<Progress> {
    const p = new URLSearchParams();
    if (opts.ref) p.set("ref", opts.ref);
    if (opts.asOf) p.set("as_of", opts.asOf);
    return this.get(`${this.g(org, graph)}/progress${p.size ? `?${p}` : ""}`);
  }
  /** A chart's data per indicator: the target path and the actuals per period. */
  async dashboard(org: string, graph: string, ref?: string): Promise<Dashboard> {
    const r = await this.get<Partial<Dashboard>>(`${this.g(org, graph)}/dashboard${ref ? `?ref=${enc(ref)}` : ""}`);
    return { indicators: (r?.indicators ?? []).map((i) => ({ ...i, series: i.series ?? [] })) };
  }
  /** Owners: make a public ToC's results public too (or private again). */
  setResultsPublic(org: string, graph: string, on: boolean): Promise<Graph> {
    return this.patch(this.g(org, graph), { results_public: on });
  }

  // -- shared measurement (issue 14) ---------------------------------------------------------------
  /** Owners: where this ToC's results on shared indicators flow ("none" withdraws at once). */
  setShareResults(org: string, graph: string, consent: Consent): Promise<Graph> {
    return this.patch(this.g(org, graph), { share_results: consent });
  }
  /** Owners of a framework: figures from fewer member ToCs than this are hidden from all but its maintainers. */
  setAggregateK(org: string, graph: string, k: number): Promise<Graph> {
    return this.patch(this.g(org, graph), { aggregate_k: k });
  }
  /** A framework's shared indicators with the figures this viewer may see (`named`: others' values it may see by name too). */
  sharedIndicators(org: string, graph: string, q: { named?: boolean; from?: string; to?: string } = {}): Promise<SharedIndicators> {
    const p = new URLSearchParams();
    if (q.named) p.set("named", "true");
    if (q.from) p.set("from", q.from);
    if (q.to) p.set("to", q.to);
    return this.get(`${this.g(org, graph)}/shared-indicators${p.size ? `?${p}` : ""}`);
  }
  /** The sector dashboard of a framework: per box its shared figures, status and contributors; the gaps. */
  sectorDashboard(org: string, graph: string, asOf?: string): Promise<SectorDashboard> {
    return this.get(`${this.g(org, graph)}/sector/dashboard${asOf ? `?as_of=${enc(asOf)}` : ""}`);
  }
  /** The shared indicators of a framework's box (`target`: "org/graph#node") to offer to this ToC, ready to copy. */
  linkOffers(org: string, graph: string, target: string): Promise<LinkOffers> {
    return this.get(`${this.g(org, graph)}/links/indicators?target=${enc(target)}`);
  }

  // -- portfolios (issue 14) -----------------------------------------------------------------------
  /** An organisation's portfolio: its member organisations with their figures (members of it only). */
  portfolio(org: string, query: Partial<ListingQuery> = {}): Promise<Portfolio> {
    return this.get(`/orgs/${enc(org)}/portfolio${listingSearch(query)}`);
  }
  /** Invite an organisation into the portfolio (owners). */
  invite(org: string, member: string, note = ""): Promise<PortfolioEntry> {
    return this.post(`/orgs/${enc(org)}/portfolio`, { org: member, note });
  }
  /** Take a member out of the portfolio, or withdraw an invitation (owners). */
  removeFromPortfolio(org: string, member: string): Promise<void> {
    return this.del(`/orgs/${enc(org)}/portfolio/${enc(member)}`);
  }
  /**
   * Check (dry run) or send the invitations of a CSV (`org`, `note`). Refused for its rows (422),
   * it answers with the report (`valid` false) rather than throwing.
   */
  async importInvitations(org: string, file: File, dryRun: boolean): Promise<InvitationImportReport> {
    const fd = new FormData();
    fd.append("file", file, file.name);
    const whole = (r: Partial<InvitationImportReport> | undefined, valid: boolean): InvitationImportReport => ({
      rows: r?.rows ?? 0,
      valid: r?.valid ?? valid,
      problems: r?.problems ?? [],
      preview: r?.preview ?? [],
      invited: r?.invited ?? 0,
    });
    try {
      return whole(await this.request<InvitationImportReport>("POST", `/orgs/${enc(org)}/portfolio/import?dry_run=${dryRun}`, fd), true);
    } catch (err) {
      const body = err instanceof ApiError ? (err.body as Partial<InvitationImportReport> | undefined) : undefined;
      if (err instanceof ApiError && err.status === 422 && body && Array.isArray(body.problems)) return whole(body, false);
      throw err;
    }
  }
  /** The portfolios this organisation is invited to, belongs to, declined or left (its members). */
  portfolios(org: string, status?: PortfolioStatus): Promise<PortfolioEntry[]> {
    return this.get(`/orgs/${enc(org)}/portfolios${status ? `?status=${enc(status)}` : ""}`);
  }
  /** Accept or decline an invitation into `owner`'s portfolio, or leave it (owners of `org`). */
  answerPortfolio(org: string, owner: string, answer: "accept" | "decline" | "leave"): Promise<PortfolioEntry> {
    return this.post(`/orgs/${enc(org)}/portfolios/${enc(owner)}/${answer}`);
  }

  // -- links for downloads (plain <a href>) ------------------------------------------------------
  /** The current results as CSV. */
  resultsCsvUrl(org: string, graph: string): string {
    return this.url(`${this.g(org, graph)}/results.csv`);
  }
  /** The import template: one row per indicator and period due. */
  resultsTemplateUrl(org: string, graph: string, ext: "csv" | "xlsx"): string {
    return this.url(`${this.g(org, graph)}/results/template.${ext}`);
  }
  /** A framework's shared figures this viewer may see, as CSV. */
  sharedCsvUrl(org: string, graph: string): string {
    return this.url(`${this.g(org, graph)}/shared-indicators.csv`);
  }
  /** The portfolio as CSV, filtered and ordered as the page shows it. */
  portfolioCsvUrl(org: string, query: Partial<ListingQuery> = {}): string {
    return this.url(`/orgs/${enc(org)}/portfolio.csv${listingSearch(query)}`);
  }
  exportUrl(org: string, graph: string, ref: string, ext: string): string {
    return this.url(`${this.g(org, graph)}/export/${enc(ref)}.${ext}`);
  }
  renderUrl(org: string, graph: string, ref: string, ext: string, direction = "BT"): string {
    return this.url(`${this.g(org, graph)}/render/${enc(ref)}.${ext}?direction=${direction}`);
  }
  compareRenderUrl(org: string, graph: string, a: string, b: string, ext = "svg"): string {
    return this.url(`${this.g(org, graph)}/compare/${enc(a)}...${enc(b)}/render.${ext}`);
  }
}
