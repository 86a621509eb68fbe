/** A tiny in-memory stand-in for the commit endpoints, enough to test the sync layer. */
import { applyOps, docToLists, jsonEqual, type Doc, type Op } from "../src/model";

export interface FakeCommit {
  id: string;
  parents: string[];
  doc: Doc;
  ops: Op[];
}

export class FakeServer {
  commits = new Map<string, FakeCommit>();
  head: string;
  requests: { method: string; path: string; body: unknown; headers: Record<string, string> }[] = [];
  offline = false;
  failNext: { status: number; body: unknown } | null = null;
  private n = 0;

  constructor(doc: Doc) {
    this.head = this.add([], doc, []);
  }

  add(parents: string[], doc: Doc, ops: Op[]): string {
    const id = `c${this.n++}`;
    this.commits.set(id, { id, parents, doc, ops });
    return id;
  }

  /**
   * The live channel's `commit` event for a stored commit (as the server's event_dict sends it):
   * the after-value of every node and edge that differs from its first parent, null if removed.
   */
  event(id: string, author = "ana", message = "A change"): Record<string, unknown> {
    const c = this.commits.get(id)!;
    const before = c.parents[0] ? this.commits.get(c.parents[0])!.doc : { nodes: {}, edges: {} };
    const section = (a: Record<string, unknown>, b: Record<string, unknown>) => {
      const out: Record<string, unknown> = {};
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (!jsonEqual(a[k], b[k])) out[k] = b[k] ?? null;
      return out;
    };
    return {
      graph_id: 1,
      branch: "main",
      commit: id,
      old: c.parents[0] ?? null,
      parents: c.parents,
      author,
      message,
      delta: { nodes: section(before.nodes, c.doc.nodes), edges: section(before.edges, c.doc.edges) },
      catchup: false,
    };
  }

  /** Someone else commits directly. */
  commitAsOther(ops: Op[]): string {
    const cur = this.commits.get(this.head)!;
    this.head = this.add([this.head], applyOps(cur.doc, ops), ops);
    return this.head;
  }

  private touchedFields(ops: Op[]): Set<string> {
    const s = new Set<string>();
    for (const op of ops) {
      if (op.op === "update_node" || op.op === "update_edge")
        for (const f of Object.keys(op.set)) s.add(`${op.id}.${f}`);
      else if (op.op === "remove_node" || op.op === "remove_edge") s.add(`${op.id}.*`);
    }
    return s;
  }

  fetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? "GET";
    const path = url.replace(/^\/api\/v1/, "");
    const body = typeof init.body === "string" ? JSON.parse(init.body) : init.body;
    this.requests.push({ method, path, body, headers: (init.headers ?? {}) as Record<string, string> });
    if (this.offline) throw new TypeError("Failed to fetch");
    const json = (status: number, data: unknown) =>
      new Response(JSON.stringify(data), { status, headers: { "Content-Type": "application/json" } });
    if (this.failNext) {
      const f = this.failNext;
      this.failNext = null;
      return json(f.status, f.body);
    }
    let m: RegExpMatchArray | null;
    if (path.endsWith("/presence") && method === "POST") return new Response(null, { status: 204 });
    if ((m = path.match(/^\/graphs\/[^/]+\/[^/]+\/branches\/([^/]+)$/)) && method === "GET")
      return json(200, { name: m[1], head: this.head });
    if ((m = path.match(/^\/graphs\/[^/]+\/[^/]+\/tree\/([^/]+)$/))) {
      const c = this.commits.get(m[1] === "main" ? this.head : m[1]!);
      if (!c) return json(404, { code: "not_found", status: 404, message: "no such commit" });
      return json(200, { commit: c.id, ...docToLists(c.doc) });
    }
    if ((m = path.match(/^\/graphs\/[^/]+\/[^/]+\/branches\/([^/]+)\/commits$/)) && method === "POST") {
      const { base, ops } = body as { base: string; ops: Op[] };
      const head = this.commits.get(this.head)!;
      if (base !== this.head) {
        // Rebase only if nothing touched since base overlaps.
        const since: Op[] = [];
        for (let c = head; c.id !== base; c = this.commits.get(c.parents[0]!)!) since.push(...c.ops);
        const theirs = this.touchedFields(since);
        const ours = this.touchedFields(ops);
        const clash = [...ours].filter((k) => theirs.has(k));
        if (clash.length)
          return json(409, {
            code: "conflict",
            status: 409,
            message: "Your change conflicts with a newer commit",
            conflicts: clash.map((k, i) => ({ id: `k${i}`, kind: "update/update", entity: "node", entity_id: k.split(".")[0], field: k.split(".")[1], base: null, ours: null, theirs: null, message: k })),
          });
      }
      let doc: Doc;
      try {
        doc = applyOps(head.doc, ops);
      } catch (e) {
        return json(422, { code: "invalid", status: 422, message: String(e) });
      }
      this.head = this.add([this.head], doc, ops);
      return json(201, { id: this.head, parents: [head.id], author: "me", message: "", created_at: "", stats: {} });
    }
    return json(404, { code: "not_found", status: 404, message: `no route ${method} ${path}` });
  };
}
