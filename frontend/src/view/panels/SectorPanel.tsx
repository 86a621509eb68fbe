/**
 * The sector map of a shared ToC: which organisations link their own work into each of its
 * boxes, and the boxes nobody contributes to yet. Private contributions are counted, never named.
 */
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { api, type Sector, type SectorNode } from "../../sync";
import { errorText } from "../common/errors";
import { useEditor, useEditorState } from "../toc/context";
import type { NodeMark } from "../toc/controller";
import { graphPath } from "../common/paths";
import { plural, sectorSummary } from "./words";
import "./panels.css";

/** The badges the diagram shows for a sector map: contributors on covered boxes, gaps. */
export function sectorBadges(d: Sector): Record<string, NodeMark> {
  const out: Record<string, NodeMark> = {};
  for (const n of d.nodes ?? []) if (n.count > 0) out[n.id] = { badge: plural(n.count, "contributor"), tone: "covered" };
  for (const id of d.gaps ?? []) out[id] = { badge: "No contributor yet", tone: "gap" };
  return out;
}

export function SectorPanel() {
  const ctl = useEditor();
  const org = useEditorState((s) => s.org);
  const graph = useEditorState((s) => s.graph);
  const ref = useEditorState((s) => s.branch ?? s.head);
  const nodes = useEditorState((s) => s.doc.nodes);
  const shown = useEditorState((s) => "sector" in s.marks);
  const [data, setData] = useState<Sector | null>(null);
  const [error, setError] = useState("");
  const [orgNames, setOrgNames] = useState<Record<string, string>>({});

  useEffect(() => {
    let live = true;
    api.sector(org, graph, ref).then(
      async (d) => {
        if (!live) return;
        setData(d);
        const slugs = [...new Set((d.nodes ?? []).flatMap((n) => n.contributors.map((c) => c.org)))];
        const names = await Promise.all(slugs.map((o) => api.org(o).then((x) => [o, x.name] as const, () => [o, o] as const)));
        if (live) setOrgNames(Object.fromEntries(names));
      },
      (err) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [org, graph, ref]);

  const goTo = (id: string) => {
    ctl.select({ nodes: [id], edges: [] }, { fromList: true });
    ctl.requestFocus("node", id);
  };

  const intro = (
    <>
      <p className="hint">Which organisations link their own outcomes into this theory of change, and where nobody contributes yet.</p>
      <p className="small">
        <Link to={`${graphPath(org, graph)}/sector`} data-testid="sector-dashboard-link">
          Sector dashboard
        </Link>
        : the members’ combined results on its shared indicators, who reports, and the gaps.
      </p>
    </>
  );
  if (error)
    return (
      <div className="sector" data-testid="sector-panel">
        <h2>Sector map</h2>
        {intro}
        <p className="error-text">{error}</p>
      </div>
    );
  if (!data)
    return (
      <div className="sector" data-testid="sector-panel">
        <h2>Sector map</h2>
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      </div>
    );

  const graphTitles = new Map(
    (data.graphs as { org?: string; graph?: string; title?: string }[]).filter((g) => g && g.org && g.graph).map((g) => [`${g.org}/${g.graph}`, g.title ?? g.graph!]),
  );
  const gaps = (data.gaps ?? []).filter((id) => id in nodes || data.nodes.some((n) => n.id === id));
  const covered = [...(data.nodes ?? [])].filter((n) => n.count > 0).sort((a, b) => b.count - a.count);
  const orgCount = new Set(covered.flatMap((n) => n.contributors.map((c) => c.org))).size;
  const privateGraphs = data.private_graphs ?? 0;
  const labelOf = (n: { id: string; label?: string }) => nodes[n.id]?.label || n.label || "An untitled box";

  const toggle = () => {
    ctl.setMarks("sector", shown ? null : sectorBadges(data));
    ctl.announce(shown ? "The sector map is hidden from the diagram." : "The diagram shows contributors and gaps on each box.");
  };

  const contributor = (n: SectorNode) => (
    <ul className="plain small contributors">
      {n.contributors.map((c) => (
        <li key={`${c.org}/${c.graph}/${c.node}`}>
          <Link to={graphPath(c.org, c.graph)}>{orgNames[c.org] ?? c.org}</Link>
          <span className="muted">
            {" "}
            · {graphTitles.get(`${c.org}/${c.graph}`) ?? c.graph}: “{c.label}”
          </span>
        </li>
      ))}
      {(n.private_count ?? 0) > 0 ? (
        <li className="muted" data-testid="sector-private">
          {plural(n.private_count ?? 0, "private contributor")}
        </li>
      ) : null}
    </ul>
  );

  return (
    <div className="sector" data-testid="sector-panel">
      <h2>Sector map</h2>
      {intro}
      <p data-testid="sector-summary">{sectorSummary(orgCount, privateGraphs, gaps.length)}</p>
      <button type="button" className="btn small" aria-pressed={shown} data-testid="sector-toggle" onClick={toggle}>
        {shown ? "Hide on the diagram" : "Show on the diagram"}
      </button>
      {gaps.length ? (
        <section className="subsection" aria-labelledby="sector-gaps-title">
          <h3 id="sector-gaps-title">Nobody contributes yet</h3>
          <ul className="plain" data-testid="sector-gaps">
            {gaps.map((id) => (
              <li key={id}>
                <button type="button" className="linklike" onClick={() => goTo(id)}>
                  {labelOf({ id, label: data.nodes.find((n) => n.id === id)?.label })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {covered.length ? (
        <section className="subsection" aria-labelledby="sector-contrib-title">
          <h3 id="sector-contrib-title">Contributions</h3>
          <table className="grid-table sector-table" data-testid="sector-table">
            <thead>
              <tr>
                <th scope="col">Box</th>
                <th scope="col">Who contributes</th>
              </tr>
            </thead>
            <tbody>
              {covered.map((n) => (
                <tr key={n.id}>
                  <td>
                    <button type="button" className="linklike" onClick={() => goTo(n.id)}>
                      {labelOf(n)}
                    </button>
                    <span className="muted small block">{plural(n.count, "contributor")}</span>
                  </td>
                  <td>{contributor(n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
