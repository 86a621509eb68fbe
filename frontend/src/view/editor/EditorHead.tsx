/** Title, organisation, visibility, upstream, branch menu, new branch, diagram/outline switch. */
import { useEffect, useState } from "react";
import { Link, NavLink, useNavigate } from "react-router";
import { api } from "../../sync";
import { useEditor, useEditorState } from "../toc/context";
import { graphPath, upstreamOf } from "../common/paths";
import { PresenceList } from "../presence/PresenceList";

export function EditorHead({ view }: { view: "diagram" | "outline" }) {
  const ctl = useEditor();
  const info = useEditorState((s) => s.info);
  const branches = useEditorState((s) => s.branches);
  const branch = useEditorState((s) => s.branch);
  const head = useEditorState((s) => s.head);
  const canEdit = useEditorState((s) => s.canEdit);
  const org = useEditorState((s) => s.org);
  const graph = useEditorState((s) => s.graph);
  const navigate = useNavigate();
  const [orgName, setOrgName] = useState(org);
  useEffect(() => {
    api.org(org).then((o) => setOrgName(o.name), () => undefined);
  }, [org]);
  const up = upstreamOf(info.upstream);
  const base = graphPath(org, graph);
  const suffix = branch && branch !== info.default_branch ? `?ref=${encodeURIComponent(branch)}` : "";

  return (
    <div className="editor-head">
      <div className="title-block">
        <Link to={`/${org}`} className="crumb" data-testid="org-crumb">
          {orgName}
        </Link>
        <span className="crumb-sep" aria-hidden="true">/</span>
        <h1 data-testid="graph-title">{info.title}</h1>
        <span className={`badge ${info.visibility}`}>{info.visibility === "public" ? "Public" : "Private"}</span>
        {up ? (
          <Link className="badge" data-testid="upstream-badge" to={graphPath(up.org, up.graph)}>
            Fork of {up.org}/{up.graph}
          </Link>
        ) : null}
      </div>
      <div className="row head-tools">
        <PresenceList />
        <nav className="view-switch" aria-label="View">
          <NavLink end to={`${base}${branch && branch !== info.default_branch ? `/tree/${encodeURIComponent(branch)}` : ""}`} data-testid="view-diagram" aria-current={view === "diagram" ? "page" : undefined}>
            Diagram
          </NavLink>
          <NavLink to={`${base}/outline${suffix}`} data-testid="view-outline" aria-current={view === "outline" ? "page" : undefined}>
            Outline
          </NavLink>
          <NavLink to={`${base}/results`} data-testid="view-results">
            Results
          </NavLink>
          <NavLink to={`${base}/dashboard`} data-testid="view-dashboard">
            Dashboard
          </NavLink>
        </nav>
        <label htmlFor="branch-select">Branch</label>
        <select
          id="branch-select"
          data-testid="branch-select"
          value={branch ?? ""}
          onChange={(ev) => {
            const to = ev.target.value;
            if (!to) return;
            const where = view === "outline" ? `${base}/outline${to === info.default_branch ? "" : `?ref=${encodeURIComponent(to)}`}` : to === info.default_branch ? base : `${base}/tree/${encodeURIComponent(to)}`;
            void navigate(where);
          }}
        >
          {branches.map((b) => (
            <option key={b.name} value={b.name}>
              {b.name}
            </option>
          ))}
          {branch ? null : <option value="">version {head.slice(0, 7)}</option>}
        </select>
        {canEdit ? (
          <button type="button" className="btn small" data-testid="new-branch" onClick={() => ctl.showPanel("collab")}>
            New branch
          </button>
        ) : null}
      </div>
    </div>
  );
}
