/**
 * Links from a box to boxes in other theories of change (a sector framework, a funder's ToC).
 * A link reads as a sentence ("Contributes to “Box” in Org / ToC"), never as an address; a new
 * link is made by choosing the ToC from a searchable list of public ToCs and frameworks, then
 * the box from the server's suggestions or from that ToC's boxes. Nothing is typed as an id.
 */
import { useEffect, useId, useMemo, useState } from "react";
import { Link as RouterLink } from "react-router";
import { KIND_LABELS, type Link, type LinkRelation, type NodeKind, type TocNode } from "../../model";
import { api, type ExploreItem, type Suggestion } from "../../sync";
import { errorText } from "../common/errors";
import { useEditor, useEditorState } from "../toc/context";
import { graphPath } from "../common/paths";
import { linkSentence, parseLinkTarget } from "./draft";

interface GraphNames {
  title: string;
  orgName: string | null;
  boxes: Record<string, { label: string; kind: NodeKind }>;
}

// What other ToCs are called, once per page (a link list of ten shows one request per ToC).
const names = new Map<string, Promise<GraphNames | null>>();

function loadNames(org: string, graph: string, fresh = false): Promise<GraphNames | null> {
  const key = `${org}/${graph}`;
  const cached = names.get(key);
  if (cached && !fresh) return cached;
  const p = (async () => {
    try {
      const info = await api.graph(org, graph);
      const [o, tree] = await Promise.all([api.org(org).catch(() => null), api.tree(org, graph, info.default_branch)]);
      const boxes: GraphNames["boxes"] = {};
      for (const n of Object.values(tree.doc.nodes)) boxes[n.id] = { label: n.label, kind: n.kind };
      return { title: info.title, orgName: o?.name ?? null, boxes };
    } catch {
      return null;
    }
  })();
  names.set(key, p);
  return p;
}

export function useNames(org: string, graph: string, fresh = 0): GraphNames | null | undefined {
  const [got, setGot] = useState<{ key: string; value: GraphNames | null } | null>(null);
  const key = `${org}/${graph}#${fresh}`;
  useEffect(() => {
    let live = true;
    if (!org || !graph) return;
    void loadNames(org, graph, fresh > 0).then((value) => live && setGot({ key, value }));
    return () => {
      live = false;
    };
  }, [org, graph, fresh, key]);
  return got?.key === key ? got.value : undefined;
}

function LinkRow({ link, onRemove }: { link: Link; onRemove: (() => void) | null }) {
  const t = parseLinkTarget(link.target);
  const n = useNames(t?.org ?? "", t?.graph ?? "");
  const text =
    n === undefined
      ? `${link.relation === "same_as" ? "Same as" : "Contributes to"} a box in another theory of change…`
      : linkSentence(link.relation, t && n ? (n.boxes[t.node]?.label ?? null) : null, n?.orgName ?? null, n?.title ?? null);
  const gone = n && t && !n.boxes[t.node];
  return (
    <li data-testid="link-row">
      <span>
        {text}
        {gone ? <span className="muted"> (that box is no longer there)</span> : null}
        {t && n ? (
          <>
            {" "}
            <RouterLink to={graphPath(t.org, t.graph)} className="small">
              Open
            </RouterLink>
          </>
        ) : null}
      </span>
      {onRemove ? (
        <button type="button" className="btn icon" aria-label={`Remove link: ${text}`} title="Remove link" data-testid="remove-link" onClick={onRemove}>
          ×
        </button>
      ) : null}
    </li>
  );
}

/** Search public ToCs and frameworks (debounced); frameworks first while nothing is typed. */
function useExplore(q: string, exclude: string): { items: ExploreItem[]; busy: boolean; error: string } {
  const [res, setRes] = useState<{ q: string; items: ExploreItem[]; error: string } | null>(null);
  useEffect(() => {
    let live = true;
    const t = setTimeout(
      async () => {
        try {
          let items: ExploreItem[];
          if (q.trim()) items = (await api.explore(q.trim())).items;
          else {
            const fw = (await api.explore("", { framework: true })).items;
            const all = (await api.explore("")).items;
            items = [...fw, ...all.filter((a) => !fw.some((f) => f.org === a.org && f.slug === a.slug))];
          }
          if (live) setRes({ q, items: items.filter((i) => `${i.org}/${i.slug}` !== exclude), error: "" });
        } catch (err) {
          if (live) setRes({ q, items: [], error: `Could not search: ${errorText(err)}` });
        }
      },
      q ? 250 : 0,
    );
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [q, exclude]);
  return { items: res?.items ?? [], busy: res?.q !== q, error: res?.q === q ? res.error : "" };
}

function TocChooser({ exclude, onChoose }: { exclude: string; onChoose: (item: ExploreItem) => void }) {
  const [q, setQ] = useState("");
  const id = useId();
  const { items, busy, error } = useExplore(q, exclude);
  return (
    <div className="link-step">
      <div className="field">
        <label htmlFor={id}>Which theory of change?</label>
        <input
          id={id}
          type="search"
          value={q}
          placeholder="Search by title, organisation or box"
          data-testid="link-search"
          aria-describedby={`${id}-hint`}
          onChange={(ev) => setQ(ev.target.value)}
        />
        <p className="hint" id={`${id}-hint`}>
          Public theories of change and shared frameworks.
        </p>
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <ul className="plain choice-list" aria-label="Theories of change found" aria-busy={busy}>
        {items.slice(0, 12).map((it) => (
          <li key={`${it.org}/${it.slug}`}>
            <button type="button" className="choice" data-testid="link-graph-option" onClick={() => onChoose(it)}>
              <span className="choice-title">
                {it.title}
                {it.framework ? <span className="badge">Framework</span> : null}
              </span>
              <span className="muted small">
                {it.org_name} · {it.boxes} {it.boxes === 1 ? "box" : "boxes"}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {!busy && !error && !items.length ? <p className="muted">{q ? "Nothing found: try other words." : "No public theories of change yet."}</p> : null}
    </div>
  );
}

function BoxChooser({
  node,
  toc,
  relation,
  onLink,
  onBack,
}: {
  node: TocNode;
  toc: ExploreItem;
  relation: LinkRelation;
  onLink: (target: string, label: string) => void;
  onBack: () => void;
}) {
  const { org, graph } = useEditor().state;
  const key = `${toc.org}/${toc.slug}`;
  const n = useNames(toc.org, toc.slug, 1);
  const [sugg, setSugg] = useState<{ key: string; list: Suggestion[]; error: string } | null>(null);
  const [q, setQ] = useState("");
  const id = useId();
  useEffect(() => {
    let live = true;
    api.suggestions(org, graph, key).then(
      (list) => live && setSugg({ key, list, error: "" }),
      (err) => live && setSugg({ key, list: [], error: errorText(err) }),
    );
    return () => {
      live = false;
    };
  }, [org, graph, key]);
  const linked = new Set(node.links.map((l) => l.target));
  const idOf = (v: Suggestion["target_node"]) => (typeof v === "string" ? v : v.id);
  const mine = (sugg?.key === key ? sugg.list : []).filter((s) => (typeof s.node === "string" ? s.node : s.node.id) === node.id);
  const boxes = useMemo(() => {
    if (!n) return [];
    const words = q.trim().toLowerCase();
    const order: Record<NodeKind, number> = { impact: 0, outcome: 1, output: 2, activity: 3 };
    return Object.entries(n.boxes)
      .filter(([, b]) => !words || b.label.toLowerCase().includes(words))
      .sort(([, a], [, b]) => order[a.kind] - order[b.kind] || a.label.localeCompare(b.label));
  }, [n, q]);
  const verb = relation === "same_as" ? "Same as" : "Link";
  const option = (boxId: string, label: string, extra?: string, testId = "link-box-option") => {
    const target = `${key}#${boxId}`;
    const done = linked.has(target);
    return (
      <li key={boxId}>
        <span className="choice-title">
          {label || "Untitled box"}
          {extra ? <span className="muted small"> · {extra}</span> : null}
        </span>
        <button type="button" className="btn small" disabled={done} data-testid={testId} aria-label={done ? `Already linked to ${label}` : `${verb}: ${label}`} onClick={() => onLink(target, label)}>
          {done ? "Linked" : verb}
        </button>
      </li>
    );
  };
  return (
    <div className="link-step">
      <p className="link-chosen">
        In <strong>{toc.title}</strong> <span className="muted">({toc.org_name})</span>{" "}
        <button type="button" className="linklike small" data-testid="link-change-graph" onClick={onBack}>
          Choose another
        </button>
      </p>
      <h4>Suggested matches</h4>
      {sugg?.key !== key ? (
        <p className="muted" aria-busy="true">
          Looking for matches…
        </p>
      ) : sugg.error ? (
        <p className="error-text">Could not get suggestions: {sugg.error}</p>
      ) : mine.length ? (
        <ul className="plain suggestions">
          {mine.map((s) => option(idOf(s.target_node), s.target_label ?? n?.boxes[idOf(s.target_node)]?.label ?? "", s.reason, "accept-suggestion"))}
        </ul>
      ) : (
        <p className="muted">No close matches for this box (saved boxes are compared by their words).</p>
      )}
      <div className="field">
        <label htmlFor={id}>Or choose a box in {toc.title}</label>
        <input id={id} type="search" value={q} placeholder="Filter boxes" data-testid="link-box-search" onChange={(ev) => setQ(ev.target.value)} />
      </div>
      {n === undefined ? (
        <p className="muted">Loading its boxes…</p>
      ) : n === null ? (
        <p className="error-text">That theory of change cannot be opened.</p>
      ) : (
        <ul className="plain suggestions box-list" aria-label={`Boxes in ${toc.title}`}>
          {boxes.slice(0, 40).map(([bid, b]) => option(bid, b.label, KIND_LABELS[b.kind]))}
          {boxes.length > 40 ? <li className="muted">{boxes.length - 40} more: type to narrow the list.</li> : null}
        </ul>
      )}
    </div>
  );
}

export function Links({ node, readOnly }: { node: TocNode; readOnly: boolean }) {
  const ctl = useEditor();
  const org = useEditorState((s) => s.org);
  const graph = useEditorState((s) => s.graph);
  const [open, setOpen] = useState(false);
  const [toc, setToc] = useState<ExploreItem | null>(null);
  const [relation, setRelation] = useState<LinkRelation>("contributes_to");
  const relId = useId();
  const setLinks = (make: (cur: Link[]) => Link[], label: string) => {
    const cur = ctl.state.doc.nodes[node.id];
    return !!cur && ctl.edit([{ op: "update_node", id: node.id, set: { links: make(cur.links) } }], label);
  };
  return (
    <section className="subsection" aria-labelledby={`links-h-${node.id}`}>
      <h3 id={`links-h-${node.id}`}>Links to other theories of change</h3>
      {node.links.length ? (
        <ul className="plain link-list">
          {node.links.map((l, i) => (
            <LinkRow
              key={`${l.target}-${i}`}
              link={l}
              onRemove={
                readOnly
                  ? null
                  : () => {
                      if (setLinks((cur) => cur.filter((x) => !(x.target === l.target && x.relation === l.relation)), "Remove link")) ctl.announce("Link removed.");
                    }
              }
            />
          ))}
        </ul>
      ) : (
        <p className="muted">Not linked to another theory of change.</p>
      )}
      {readOnly ? null : !open ? (
        <button type="button" className="btn small" data-testid="link-open" onClick={() => setOpen(true)}>
          + Link to a box in another ToC
        </button>
      ) : (
        <div className="link-picker" role="group" aria-label="New link">
          <div className="row">
            <label htmlFor={relId}>This box</label>
            <select id={relId} value={relation} data-testid="link-relation" onChange={(ev) => setRelation(ev.target.value as LinkRelation)}>
              <option value="contributes_to">contributes to</option>
              <option value="same_as">is the same as</option>
            </select>
            <button type="button" className="btn small ghost" data-testid="link-close" onClick={() => (setOpen(false), setToc(null))}>
              Close
            </button>
          </div>
          {toc ? (
            <BoxChooser
              node={node}
              toc={toc}
              relation={relation}
              onBack={() => setToc(null)}
              onLink={(target, label) => {
                if (setLinks((cur) => [...cur, { target, relation }], "Link to another ToC"))
                  ctl.announce(`Linked to “${label}” in ${toc.title}.`);
              }}
            />
          ) : (
            <TocChooser exclude={`${org}/${graph}`} onChoose={setToc} />
          )}
        </div>
      )}
    </section>
  );
}
