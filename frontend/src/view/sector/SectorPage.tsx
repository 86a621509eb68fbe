/**
 * /{org}/{graph}/sector (issue 14): the sector dashboard of a framework ToC. The sector map in
 * levels (impact, outcomes, outputs, activities), each box with the status of its shared
 * indicators judged against the members' combined figures, its headline figures and their
 * change, and who contributes (named where the API names them, else "N private members") with
 * their reporting; the gaps (outcomes nobody contributes to, outcomes nobody measures); and a
 * chart per shared indicator (SharedIndicatorChart) with where the viewer's own values stand.
 * What each viewer sees is the server's rule (model/shared.ts says it in words); the
 * framework's owners set k here. Loaded on demand, like the results dashboard.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import {
  bandTone,
  benchmarkSentence,
  changeWords,
  contributorsWords,
  dayLabel,
  directionOf,
  headlineText,
  KIND_LABELS,
  isAlone,
  latestBenchmarks,
  membersWord,
  noFigureWords,
  periodLabel,
  periodWordsIn,
  privateMembers,
  REPORTING_WORDS,
  reportingWords,
  roleSentence,
  sectorLevels,
  shownIndicatorStatus,
  shownNodeStatus,
  STATUS_WORDS,
  unitOf,
  type SectorDashboard,
  type SectorDashboardNode,
  type SharedIndicatorBody,
  type Status,
} from "../../model";
import { api, ApiError } from "../../sync";
import { errorText } from "../common/errors";
import { graphPath } from "../common/paths";
import { StatusBadge } from "../results/ProgressBits";
import { TocError, TocPageHead, useTocData, type TocData } from "../results/TocPage";
import { useToast } from "../shell/toasts";
import { useTitle } from "../shell/useTitle";
import { SharedIndicatorChart } from "./SharedIndicatorChart";
import "../results/results.css";
import "./sector.css";
import { useLoad } from "../common/useLoad";

const STATUS_ORDER: Status[] = ["off_track", "behind", "no_recent_data", "on_track", "no_target"];

/** Owners of the framework: figures from fewer member ToCs than k are hidden from all but its maintainers. */
function KSetting({ data, onSaved }: { data: TocData; onSaved: (k: number) => void }) {
  const toast = useToast();
  const id = useId();
  const k = data.info.aggregate_k ?? 5;
  const [text, setText] = useState(String(k));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => setText(String(k)), [k]);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const n = Number(text.trim());
    if (!Number.isInteger(n) || n < 1 || n > 100) {
      setProblem("A whole number from 1 to 100.");
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const g = await api.setAggregateK(data.org, data.graph, n);
      onSaved(g.aggregate_k ?? n);
      setOpen(false);
      toast(`Figures from fewer than ${membersWord(g.aggregate_k ?? n)} are hidden from everyone but the maintainers.`);
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="k-setting" data-testid="k-setting" open={open} onToggle={(ev) => setOpen(ev.currentTarget.open)}>
      <summary>
        Members see figures built from at least <strong data-testid="k-now">{membersWord(k)}</strong>. <span className="k-change">Change</span>
      </summary>
      <form onSubmit={submit} noValidate>
        <label htmlFor={id}>Hide figures built from fewer than</label>
        <span className="row">
          <input
            id={id}
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            value={text}
            data-testid="k-input"
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${id}-hint${problem ? ` ${id}-err` : ""}`}
            onChange={(ev) => setText(ev.target.value)}
          />
          <span>members</span>
          <button type="submit" className="btn small" disabled={busy || text.trim() === String(k)} data-testid="k-save">
            Save
          </button>
        </span>
        {problem ? (
          <p className="field-error" id={`${id}-err`} role="alert">
            {problem}
          </p>
        ) : null}
        <p className="hint" id={`${id}-hint`}>
          A member is one theory of change reporting to this framework. Members see a period’s figures only when at least this many reported; you and the other maintainers always see them. Lower
          shows more, but figures from very few members can point at one of them. The default is 5.
        </p>
      </form>
    </details>
  );
}

function Contributors({ n }: { n: SectorDashboardNode }) {
  if (!n.count) return null;
  return (
    <details className="sector-contributors" data-testid="sector-contributors">
      <summary>Who contributes ({n.count})</summary>
      <ul className="plain small">
        {n.contributors.map((c) => (
          <li key={`${c.org}/${c.graph}/${c.node}`} data-testid="sector-contributor" data-member={`${c.org}/${c.graph}`} data-reporting={c.reporting ?? undefined}>
            <strong>{c.title || c.graph}</strong> <span className="muted">({c.org})</span>: “{c.label}”
            {c.reporting ? (
              <span className={`reporting-word rp-${c.reporting}`}>
                {" "}
                · {REPORTING_WORDS[c.reporting]}
                {c.last_period ? `, last ${periodLabel(c.last_period)}` : ""}
              </span>
            ) : null}
          </li>
        ))}
        {n.unnamed ? (
          <li className="muted" data-testid="sector-unnamed">
            {privateMembers(n.unnamed)} (not named to you)
          </li>
        ) : null}
      </ul>
    </details>
  );
}

function SectorBox({ n, gap, unmeasured, shared }: { n: SectorDashboardNode; gap: boolean; unmeasured: boolean; shared: Map<string, SharedIndicatorBody> }) {
  const status = shownNodeStatus(n);
  return (
    <li className={`sector-box kind-${n.kind}`} data-testid="sector-box" data-id={n.id} data-status={status ?? undefined}>
      <div className="pw-head">
        <span className={`kind-dot ${n.kind}`} aria-hidden="true" />
        <span className="pw-kind">{KIND_LABELS[n.kind]}</span>
        <h4 className="pw-label">{n.label || "Untitled"}</h4>
      </div>
      <p className="pw-status">
        {status ? <StatusBadge status={status} testId="sector-status" /> : null}
        {n.count ? (
          <span className="small" data-testid="sector-count">
            {contributorsWords(n)}
          </span>
        ) : null}
      </p>
      {gap ? <p className="sector-flag gap small">Nobody contributes yet</p> : unmeasured && (n.kind === "outcome" || n.kind === "impact") ? <p className="sector-flag small">Nobody measures it yet</p> : null}
      {n.indicators.length ? (
        <ul className="pw-indicators">
          {n.indicators.map((i) => {
            const body = shared.get(i.id);
            const unit = unitOf(body?.definition ?? {}, i.unit_type);
            const head = headlineText(i, unit);
            const st = shownIndicatorStatus(i);
            return (
              <li key={i.id} data-testid="sector-indicator" data-indicator={i.id} data-reporting={i.reporting ?? undefined}>
                {st ? <StatusBadge status={st} testId="sector-indicator-status" /> : null} <a href={`#shared-${i.id}`}>{i.name}</a>
                {head ? (
                  <span className="block small">
                    {head}
                    {i.period ? ` in ${periodLabel(i.period)}` : ""}
                    {i.change !== null ? `, ${changeWords(i.change, unit)}` : ""} · {reportingWords(i.reporting, i.linked)}
                  </span>
                ) : (
                  <span className="block small muted">{periodWordsIn(noFigureWords(i, body))}</span>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
      <Contributors n={n} />
    </li>
  );
}

function IndicatorCard({ ind, dash, viewerMembers }: { ind: SharedIndicatorBody; dash: SectorDashboard; viewerMembers: string[] }) {
  const node = dash.nodes.find((n) => n.id === ind.node_id);
  const figure = node?.indicators.find((i) => i.id === ind.indicator);
  const status = figure ? shownIndicatorStatus(figure) : null;
  const latest = latestBenchmarks(ind.benchmarks)[0];
  const figures = latest ? ind.aggregates?.find((a) => a.period === latest.period) : null;
  const tone = latest ? bandTone(latest.band, directionOf(ind.definition)) : null;
  return (
    <article className="dash-card" id={`shared-${ind.indicator}`} aria-labelledby={`shared-h-${ind.indicator}`} data-testid="shared-indicator" data-indicator={ind.indicator}>
      <p className="dash-box-line small muted">In “{ind.node_label}”</p>
      <h3 id={`shared-h-${ind.indicator}`}>{ind.name || "Untitled indicator"}</h3>
      {status ? (
        <p className="dash-status">
          <StatusBadge status={status} /> <span className="small">{figure?.reason ? periodWordsIn(figure.reason) : STATUS_WORDS[status]}</span>
        </p>
      ) : null}
      {latest ? (
        <p className={`benchmark tone-${tone}`} data-testid="benchmark" data-band={latest.band}>
          {benchmarkSentence(latest, ind.definition, figures)}
        </p>
      ) : null}
      {ind.aggregates === null && ind.role === "member" ? (
        <p className="notice small" data-testid="shared-note">
          {ind.note}{" "}
          {viewerMembers.map((m) => (
            <Link key={m} to={`/${m}/results`} className="block">
              Sharing choice on {m}
            </Link>
          ))}
        </p>
      ) : null}
      {ind.incompatible ? (
        <p className="small muted">
          {membersWord(ind.incompatible)} left out: their unit no longer matches this indicator’s.
        </p>
      ) : null}
      <SharedIndicatorChart ind={ind} />
    </article>
  );
}

export function SectorPage() {
  const { org = "", graph = "" } = useParams();
  const { data, error, setInfo } = useTocData(org, graph);
  useTitle(data ? `Sector dashboard · ${data.info.title}` : "Sector dashboard");
  const loaded = useLoad(() => Promise.all([api.sectorDashboard(org, graph), api.sharedIndicators(org, graph)]), [org, graph]);
  const [dash, shared] = loaded.data ?? [null, null];
  const loadError = loaded.error;
  const load = loaded.reload;

  const byId = useMemo(() => new Map((shared?.indicators ?? []).map((i) => [i.indicator, i])), [shared]);
  const levels = useMemo(() => (dash ? sectorLevels(dash.nodes, data?.doc) : []), [dash, data?.doc]);

  if (error) return <TocError error={error} org={org} graph={graph} />;
  if (!data)
    return (
      <p className="page muted" aria-busy="true">
        Loading {graph}…
      </p>
    );
  const base = graphPath(org, graph);
  const owner = data.role === "owner";
  const gaps = new Set(dash?.gaps ?? []);
  const unmeasured = new Set(dash?.unmeasured ?? []);
  const results = (dash?.nodes ?? []).filter((n) => n.kind === "outcome" || n.kind === "impact");
  const contributors = (dash?.nodes ?? []).reduce((m, n) => Math.max(m, n.count), 0);
  const counts: Partial<Record<Status, number>> = {};
  for (const n of dash?.nodes ?? []) {
    const st = shownNodeStatus(n);
    if (st) counts[st] = (counts[st] ?? 0) + 1;
  }
  const anyFigures = (shared?.indicators ?? []).some((i) => i.aggregates !== null);
  const labelOf = (id: string) => dash?.nodes.find((n) => n.id === id)?.label || "An untitled box";
  // Those members report to first; the unmeasured after them.
  const cards = [...(shared?.indicators ?? [])].sort((a, b) => Number(b.linked > 0) - Number(a.linked > 0));
  // a value that is the only one reported says least: those go in a closed list after
  const standing = cards
    .flatMap((i) => latestBenchmarks(i.benchmarks).map((b) => ({ ind: i, b })))
    .map((row) => ({ ...row, alone: isAlone(row.b, row.ind.aggregates?.find((a) => a.period === row.b.period)) }));
  const compared = standing.filter((row) => !row.alone);
  const alone = standing.filter((row) => row.alone);
  const standingItem = ({ ind, b }: (typeof standing)[number]) => (
    <li key={`${ind.indicator}/${b.member}`} className={`benchmark tone-${bandTone(b.band, directionOf(ind.definition))}`} data-band={b.band}>
      <a href={`#shared-${ind.indicator}`}>{ind.name}</a>
      {(shared?.members.length ?? 0) > 1 ? <span className="muted"> ({b.member})</span> : null}:{" "}
      {benchmarkSentence(b, ind.definition, ind.aggregates?.find((a) => a.period === b.period))}
    </li>
  );
  return (
    <div className="page dashboard-page sector-page" data-testid="sector-page" data-role={dash?.role}>
      <TocPageHead data={data} view="sector" />
      <div className="results-title">
        <h1>Sector dashboard</h1>
        <nav className="dash-tabs" aria-label="Related pages">
          <Link to={`${base}/dashboard`}>This framework’s own dashboard</Link>
          {anyFigures && (shared?.indicators.length ?? 0) ? (
            <a href={api.sharedCsvUrl(org, graph)} download data-testid="sector-csv">
              Download the figures (CSV)
            </a>
          ) : null}
        </nav>
      </div>
      {loadError ? (
        loadError instanceof ApiError && [401, 403, 404].includes(loadError.status) ? (
          <p className="notice">The sector dashboard of this theory of change cannot be shown to you.</p>
        ) : (
          <p className="form-error" role="alert">
            The sector dashboard could not be loaded: {errorText(loadError)}{" "}
            <button type="button" className="btn small" onClick={() => void load()}>
              Try again
            </button>
          </p>
        )
      ) : !dash || !shared ? (
        <p className="muted" aria-busy="true">
          Loading the sector’s figures…
        </p>
      ) : (
        <>
          <p className="sector-intro" data-testid="sector-role">
            {roleSentence(dash.role, dash.k, shared.gives)}
          </p>
          {standing.length ? (
            <section className="where-you-stand" aria-labelledby="standing-h" data-testid="where-you-stand">
              <h2 id="standing-h">Where you stand</h2>
              {compared.length ? <ul className="plain">{compared.map(standingItem)}</ul> : null}
              {alone.length ? (
                <details data-testid="standing-alone">
                  <summary>
                    {alone.length} of your values {alone.length === 1 ? "is the only one" : "are the only ones"} reported: nothing to compare with
                    yet
                  </summary>
                  <ul className="plain">{alone.map(standingItem)}</ul>
                </details>
              ) : null}
            </section>
          ) : null}
          {owner ? <KSetting data={data} onSaved={(k) => (setInfo({ ...data.info, aggregate_k: k }), void load())} /> : null}
          <div className="dash-overview" data-testid="sector-overview">
            <p className="dash-counts">
              <span>
                {results.length} outcome{results.length === 1 ? "" : "s"} and impact{results.length === 1 ? "" : "s"}
              </span>
              <span>{(shared.indicators ?? []).length} shared indicators</span>
              {STATUS_ORDER.filter((s) => counts[s]).map((s) => (
                <span key={s} className="dash-count">
                  <StatusBadge status={s} testId="sector-status-count" /> {counts[s]}
                </span>
              ))}
            </p>
            <p className="small muted">As of {dayLabel(dash.as_of)}</p>
          </div>
          {!contributors ? (
            <p className="notice" data-testid="sector-empty">
              No other theory of change links into this one yet. When members link their outcomes to its boxes and report to its shared indicators, who contributes and the combined figures show
              here.
            </p>
          ) : null}
          <section aria-labelledby="sector-map-h" className="sector-map">
            <h2 id="sector-map-h">Sector map</h2>
            {levels.map((l) => (
              <section key={l.kind} className="pathway-step" aria-labelledby={`sector-l-${l.kind}`}>
                <h3 id={`sector-l-${l.kind}`}>{l.title}</h3>
                <ul className="pathway-boxes">
                  {l.nodes.map((n) => (
                    <SectorBox key={n.id} n={n} gap={gaps.has(n.id)} unmeasured={unmeasured.has(n.id)} shared={byId} />
                  ))}
                </ul>
              </section>
            ))}
          </section>
          <section aria-labelledby="sector-gaps-h" className="sector-gaps" data-testid="sector-gaps">
            <h2 id="sector-gaps-h">Gaps</h2>
            <div className="sector-gap-lists">
              <div>
                <h3>Nobody contributes to</h3>
                {dash.gaps.length ? (
                  <ul data-testid="sector-gaps-contribute">
                    {dash.gaps.map((id) => (
                      <li key={id}>{labelOf(id)}</li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted small">Every outcome and impact has a contributor.</p>
                )}
              </div>
              <div>
                <h3>Nobody measures</h3>
                {dash.unmeasured.length ? (
                  <ul data-testid="sector-gaps-measure">
                    {dash.unmeasured.map((id) => (
                      <li key={id}>{labelOf(id)}</li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted small">Members report to a shared indicator of every outcome and impact.</p>
                )}
                <p className="hint">An outcome is measured when some member reports to one of its shared indicators{owner || dash.role === "maintainer" ? " (add shared indicators to a box in the editor)" : ""}.</p>
              </div>
            </div>
          </section>
          <section aria-labelledby="sector-ind-h">
            <h2 id="sector-ind-h">Shared indicators</h2>
            {shared.indicators.length ? (
              <div className="dash-grid">
                {cards.map((i) => (
                  <IndicatorCard key={i.indicator} ind={i} dash={dash} viewerMembers={shared.members} />
                ))}
              </div>
            ) : (
              <p className="notice">
                This framework has no indicators yet. Its maintainers add them to its boxes in the <Link to={base}>editor</Link>; members then report to them.
              </p>
            )}
          </section>
        </>
      )}
    </div>
  );
}

export default SectorPage;
