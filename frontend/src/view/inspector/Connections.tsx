/**
 * A box's arrows in and out (each selects that arrow), and connecting without a drag: choose
 * the other box from a list, the direction and the relation, then Connect (WCAG 2.5.7).
 */
import { useId, useMemo, useState } from "react";
import { EDGE_RELATIONS, KIND_LABELS, NODE_KINDS, RELATION_LABELS, makeEdge, type EdgeRelation, type TocEdge, type TocNode } from "../../model";
import { useEditor, useEditorState } from "../toc/context";

function useArrows(id: string): { out: TocEdge[]; inc: TocEdge[] } {
  const edges = useEditorState((s) => s.doc.edges);
  return useMemo(() => {
    const all = Object.values(edges);
    return { out: all.filter((e) => e.source === id), inc: all.filter((e) => e.target === id) };
  }, [edges, id]);
}

export function Connections({ node, readOnly }: { node: TocNode; readOnly: boolean }) {
  const ctl = useEditor();
  const nodes = useEditorState((s) => s.doc.nodes);
  const { out, inc } = useArrows(node.id);
  const [target, setTarget] = useState("");
  const [dir, setDir] = useState<"out" | "in">("out");
  const [relation, setRelation] = useState<EdgeRelation>("leads_to");
  const ids = { target: useId(), dir: useId(), rel: useId() };

  // Boxes not yet joined to this one in the chosen direction, by level then label.
  const groups = useMemo(() => {
    const taken = new Set((dir === "out" ? out : inc).map((e) => (dir === "out" ? e.target : e.source)));
    return NODE_KINDS.map((k) => ({
      kind: k,
      boxes: Object.values(nodes)
        .filter((m) => m.kind === k && m.id !== node.id && !taken.has(m.id))
        .sort((a, b) => a.label.localeCompare(b.label)),
    })).filter((g) => g.boxes.length);
  }, [nodes, node.id, out, inc, dir]);

  const name = (id: string) => nodes[id]?.label || "Untitled box";
  const connect = () => {
    if (!target) return;
    const [source, to] = dir === "out" ? [node.id, target] : [target, node.id];
    const edge = makeEdge(source, to, { relation });
    if (ctl.edit([{ op: "add_edge", edge }], "Connect")) {
      ctl.announce(`Connected “${name(source)}” to “${name(to)}”.`);
      setTarget("");
    }
  };

  const item = (e: TocEdge, other: string, arrow: string) => (
    <li key={e.id}>
      <button type="button" className="linklike" data-testid="connection" onClick={() => ctl.select({ nodes: [], edges: [e.id] })}>
        {arrow} {name(other)}
      </button>
      {e.relation !== "leads_to" ? <span className="muted"> ({RELATION_LABELS[e.relation]})</span> : null}
    </li>
  );

  return (
    <section className="subsection" aria-labelledby={`conn-h-${node.id}`}>
      <h3 id={`conn-h-${node.id}`}>Arrows</h3>
      {out.length + inc.length ? (
        <>
          {out.length ? (
            <>
              <p className="hint">Leads to</p>
              <ul className="plain">{out.map((e) => item(e, e.target, "→"))}</ul>
            </>
          ) : null}
          {inc.length ? (
            <>
              <p className="hint">Comes from</p>
              <ul className="plain">{inc.map((e) => item(e, e.source, "←"))}</ul>
            </>
          ) : null}
        </>
      ) : (
        <p className="muted">Not connected yet.</p>
      )}
      {readOnly ? null : (
        <div className="connect-form" role="group" aria-label="Connect this box">
          <div className="field">
            <label htmlFor={ids.target}>Connect to another box</label>
            <select id={ids.target} data-testid="connect-target" value={target} onChange={(ev) => setTarget(ev.target.value)}>
              <option value="">Choose a box…</option>
              {groups.map((g) => (
                <optgroup key={g.kind} label={`${KIND_LABELS[g.kind]}s`}>
                  {g.boxes.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.label || "Untitled box"}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div className="row">
            <label className="sr-only" htmlFor={ids.dir}>
              Direction
            </label>
            <select id={ids.dir} data-testid="connect-direction" value={dir} onChange={(ev) => setDir(ev.target.value as "out" | "in")}>
              <option value="out">Arrow goes out</option>
              <option value="in">Arrow comes in</option>
            </select>
            <label className="sr-only" htmlFor={ids.rel}>
              Relation
            </label>
            <select id={ids.rel} data-testid="connect-relation" value={relation} onChange={(ev) => setRelation(ev.target.value as EdgeRelation)}>
              {EDGE_RELATIONS.map((r) => (
                <option key={r} value={r}>
                  {RELATION_LABELS[r]}
                </option>
              ))}
            </select>
            <button type="button" className="btn small primary" data-testid="connect-add" disabled={!target} onClick={connect}>
              Connect
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
