/**
 * /{org}/{graph}/dashboard: a chart per indicator over time (IndicatorChart), grouped by the
 * box it measures in causal order, with its status and why; and /dashboard/pathway?to=<box>:
 * the chain of boxes and indicators feeding an outcome or impact (PathwayView). Asked for
 * again when results of this ToC are saved (here or in another tab). Loaded on demand (the
 * chart library stays out of the editor's bundle).
 */
import { useEffect, useMemo, useState } from "react";
import { Link, NavLink, useParams } from "react-router";
import { dayLabel, statusOf, STATUS_WORDS, type Dashboard, type Status } from "../../model";
import { api, ApiError, onResultsChanged } from "../../sync";
import { resultsLoadState } from "./ResultsLoadState";
import { graphPath } from "../common/paths";
import { useTitle } from "../shell/useTitle";
import { IndicatorChart } from "./IndicatorChart";
import { PathwayView } from "./PathwayView";
import { StatusBadge } from "./ProgressBits";
import { TocError, TocPageHead, useTocData } from "./TocPage";
import "./results.css";
import { useLoad } from "../common/useLoad";

type Filter = "all" | "attention";

const ATTENTION: readonly Status[] = ["off_track", "behind", "no_recent_data"];

function Charts({ dashboard, base }: { dashboard: Dashboard; base: string }) {
  const [filter, setFilter] = useState<Filter>("all");
  const counts = useMemo(() => {
    const c: Partial<Record<Status, number>> = {};
    for (const i of dashboard.indicators) {
      const s = statusOf(i.status);
      if (s) c[s] = (c[s] ?? 0) + 1;
    }
    return c;
  }, [dashboard]);
  const shown = filter === "all" ? dashboard.indicators : dashboard.indicators.filter((i) => ATTENTION.includes(statusOf(i.status) ?? "no_target"));
  if (!dashboard.indicators.length)
    return (
      <p className="notice" data-testid="dashboard-empty">
        No indicators yet. Add indicators to the outputs and outcomes in the <Link to={base}>editor</Link>, then enter results.
      </p>
    );
  return (
    <>
      <div className="dash-overview" data-testid="dashboard-overview">
        <p className="dash-counts">
          {dashboard.indicators.length} indicator{dashboard.indicators.length === 1 ? "" : "s"}
          {(["on_track", "behind", "off_track", "no_recent_data", "no_target"] as const)
            .filter((s) => counts[s])
            .map((s) => (
              <span key={s} className="dash-count">
                <StatusBadge status={s} testId="dashboard-count" /> {counts[s]}
              </span>
            ))}
        </p>
        <fieldset className="dash-filter">
          <legend className="sr-only">Show</legend>
          <label>
            <input type="radio" name="dash-filter" checked={filter === "all"} onChange={() => setFilter("all")} /> All indicators
          </label>
          <label>
            <input type="radio" name="dash-filter" checked={filter === "attention"} data-testid="dashboard-attention" onChange={() => setFilter("attention")} /> Only those
            behind, off track or without recent data
          </label>
        </fieldset>
      </div>
      {shown.length ? null : <p className="muted">None: every indicator is on track or has no target.</p>}
      <div className="dash-grid">
        {shown.map((i) => {
          const s = statusOf(i.status);
          return (
            <article key={i.id} className="dash-card" aria-labelledby={`dash-i-${i.id}`} data-testid="dashboard-indicator" data-status={s ?? undefined}>
              <p className="dash-box-line small">
                {i.node_label && i.node_label !== i.name ? <span className="muted">In “{i.node_label}” · </span> : null}
                <Link to={`${base}/dashboard/pathway?to=${encodeURIComponent(i.node_id)}`}>Pathway to {i.node_label && i.node_label !== i.name ? "it" : `“${i.node_label}”`}</Link>
              </p>
              <h2 id={`dash-i-${i.id}`}>{i.name || "Untitled indicator"}</h2>
              <p className="dash-status">
                {s ? <StatusBadge status={s} /> : null} <span className="small">{i.reason ?? (s ? STATUS_WORDS[s] : "")}</span>
              </p>
              <IndicatorChart ind={i} />
            </article>
          );
        })}
      </div>
    </>
  );
}

export function DashboardPage({ view }: { view: "charts" | "pathway" }) {
  const { org = "", graph = "" } = useParams();
  const { data, error } = useTocData(org, graph);
  useTitle(data ? `${view === "pathway" ? "Pathway" : "Dashboard"} · ${data.info.title}` : "Dashboard");
  const loaded = useLoad(() => Promise.all([api.dashboard(org, graph), api.progress(org, graph)]), [org, graph]);
  const [dashboard, progress] = loaded.data ?? [null, null];
  const loadError = loaded.error;
  const load = loaded.reload;
  useEffect(() => onResultsChanged(org, graph, () => void load()), [org, graph, load]);
  // A framework (other ToCs link into it) has a sector dashboard too.
  const [framework, setFramework] = useState(false);
  useEffect(() => {
    let live = true;
    api.sector(org, graph).then(
      (s) => live && setFramework((s.nodes ?? []).some((n) => n.count > 0)),
      () => live && setFramework(false),
    );
    return () => {
      live = false;
    };
  }, [org, graph]);

  if (error) return <TocError error={error} org={org} graph={graph} />;
  if (!data)
    return (
      <p className="page muted" aria-busy="true">
        Loading {graph}…
      </p>
    );
  const base = graphPath(org, graph);
  const hidden = loadError instanceof ApiError && [401, 403, 404].includes(loadError.status);
  return (
    <div className="page dashboard-page" data-testid="dashboard-page">
      <TocPageHead data={data} view="dashboard" />
      <div className="results-title">
        <h1>{view === "pathway" ? "Pathway" : "Dashboard"}</h1>
        <nav className="dash-tabs" aria-label="Dashboard views">
          <NavLink end to={`${base}/dashboard`} data-testid="dashboard-charts-tab">
            Charts
          </NavLink>
          <NavLink to={`${base}/dashboard/pathway`} data-testid="dashboard-pathway-tab">
            Pathway
          </NavLink>
          {framework ? (
            <Link to={`${base}/sector`} data-testid="dashboard-to-sector">
              Sector dashboard
            </Link>
          ) : null}
          <Link to={`${base}/results`} data-testid="dashboard-to-results">
            {data.info.can_write ? "Enter results" : "Results"}
          </Link>
        </nav>
      </div>
      {dashboard?.as_of || progress?.as_of ? <p className="muted small dash-asof">Progress as of {dayLabel((dashboard?.as_of ?? progress?.as_of)!)}.</p> : null}
      {resultsLoadState({
        hidden,
        orgName: data.orgName,
        error: loadError,
        loaded: !!dashboard && !!progress,
        what: "The dashboard",
        loading: "Loading…",
        retry: () => void load(),
      }) ?? (!dashboard || !progress ? null : view === "pathway" ? (
        <PathwayView doc={data.doc} progress={progress} dashboard={dashboard} base={base} />
      ) : (
        <Charts dashboard={dashboard} base={base} />
      ))}
    </div>
  );
}

export default DashboardPage;
