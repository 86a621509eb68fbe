/**
 * The frame of a ToC's results pages (results, dashboard, pathway): the organisation and the
 * ToC's title back to its editor, the view switch (Diagram, Outline, Results, Dashboard), and
 * what they load: the ToC's settings, its document at the default branch's head (the
 * indicator definitions results are checked against) and the reader's role.
 */
import { useEffect, useState, type ReactNode } from "react";
import { Link, NavLink, useLocation } from "react-router";
import { api, ApiError, type Graph } from "../../sync";
import type { Doc } from "../../model";
import { errorText } from "../common/errors";
import { graphPath } from "../common/paths";
import { useAuth } from "../shell/auth";
import { NotFound } from "../shell/NotFound";

export interface TocData {
  org: string;
  graph: string;
  orgName: string;
  info: Graph;
  /** The document at the default branch's head. */
  doc: Doc;
  head: string;
  /** The reader's role in the organisation (null: not a member). */
  role: string | null;
}

/** Load the ToC's settings, its document and the reader's role; `error` when it cannot be read. */
export function useTocData(org: string, graph: string): { data: TocData | null; error: unknown; setInfo(info: Graph): void } {
  const { user } = useAuth();
  const [data, setData] = useState<TocData | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setData(null);
    setError(null);
    (async () => {
      const [info, o] = await Promise.all([api.graph(org, graph), api.org(org).catch(() => null)]);
      const tree = await api.tree(org, graph, info.default_branch || "main");
      if (live) setData({ org, graph, orgName: o?.name ?? org, info, doc: tree.doc, head: tree.commit, role: o?.your_role ?? null });
    })().catch((err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [org, graph, user?.username]);
  return { data, error, setInfo: (info) => setData((d) => (d ? { ...d, info } : d)) };
}

/** Why the page cannot be shown (not found, private, or another failure). */
export function TocError({ error, org, graph }: { error: unknown; org: string; graph: string }) {
  const { user } = useAuth();
  const loc = useLocation();
  if (error instanceof ApiError && [401, 403, 404].includes(error.status))
    return user ? (
      <NotFound what="Not found" detail={`There is no theory of change at ${org}/${graph}, or you cannot see it.`} />
    ) : (
      <div className="page narrow">
        <h1>Sign in to see this</h1>
        <p>
          {org}/{graph} is private or does not exist. <Link to={`/signin?next=${encodeURIComponent(loc.pathname + loc.search)}`}>Sign in</Link> if you are a member.
        </p>
      </div>
    );
  return <NotFound what="Something went wrong" detail={errorText(error)} />;
}

export type TocView = "results" | "dashboard" | "sector";

/** The organisation / ToC line and the view switch, above a results page's title. */
export function TocPageHead({ data, view, children }: { data: TocData; view: TocView; children?: ReactNode }) {
  const base = graphPath(data.org, data.graph);
  return (
    <div className="toc-page-head">
      <p className="crumbs">
        <Link to={`/${encodeURIComponent(data.org)}`} data-testid="org-crumb">
          {data.orgName}
        </Link>
        <span aria-hidden="true"> / </span>
        <Link to={base} data-testid="toc-crumb">
          {data.info.title}
        </Link>
        <span className={`badge ${data.info.visibility}`}>{data.info.visibility === "public" ? "Public" : "Private"}</span>
      </p>
      <nav className="view-switch" aria-label="View">
        <NavLink end to={base} data-testid="view-diagram">
          Diagram
        </NavLink>
        <NavLink to={`${base}/outline`} data-testid="view-outline">
          Outline
        </NavLink>
        <NavLink to={`${base}/results`} data-testid="view-results" aria-current={view === "results" ? "page" : undefined}>
          Results
        </NavLink>
        <NavLink to={`${base}/dashboard`} data-testid="view-dashboard" aria-current={view === "dashboard" ? "page" : undefined}>
          Dashboard
        </NavLink>
      </nav>
      {children}
    </div>
  );
}
