/**
 * /{org}/{graph}/results: the ToC's results. Editors enter them in the grid (ResultsGrid) or
 * import a spreadsheet file (ImportPanel); viewers read them; owners of a public ToC choose
 * whether its results are public too. Results of indicators no longer in the ToC are kept and
 * listed apart, read-only. Leaving with unsaved changes asks first.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import { Link, useBlocker, useParams } from "react-router";
import { hasReported, today, type Progress, type ResultsList, type StoredResult } from "../../model";
import { api, ApiError, onResultsChanged } from "../../sync";
import { useConfirm } from "../common/ConfirmDialog";
import { errorText } from "../common/errors";
import { resultsLoadState } from "./ResultsLoadState";
import { graphPath } from "../common/paths";
import { useToast } from "../shell/toasts";
import { useTitle } from "../shell/useTitle";
import { ImportPanel } from "./ImportPanel";
import { ResultsGrid } from "./ResultsGrid";
import { archivedIndicators, currentByCell, gridSections } from "./sections";
import { TocError, TocPageHead, useTocData, type TocData } from "./TocPage";
import { ArchivedResults } from "./ArchivedResults";
import { ShareResults } from "./ShareResults";
import "./results.css";

function useAnnouncer(): [{ text: string; seq: number }, (text: string) => void] {
  const [a, setA] = useState({ text: "", seq: 0 });
  const say = useCallback((text: string) => setA((x) => ({ text, seq: x.seq + 1 })), []);
  return [a, say];
}

/** Owners of a public ToC: its results public or not. */
function PublicToggle({ data, onChange }: { data: TocData; onChange: (on: boolean) => void }) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  // The box shows the choice at once (the server's answer confirms it, or it goes back).
  const [choice, setChoice] = useState<boolean | null>(null);
  if (data.role !== "owner" || data.info.visibility !== "public") return null;
  const on = choice ?? !!data.info.results_public;
  return (
    <div className="results-public field" data-testid="results-public">
      <label className="check">
        <input
          type="checkbox"
          checked={on}
          disabled={busy}
          data-testid="results-public-toggle"
          aria-describedby="results-public-hint"
          onChange={async (ev) => {
            const next = ev.target.checked;
            setBusy(true);
            setChoice(next);
            try {
              const g = await api.setResultsPublic(data.org, data.graph, next);
              onChange(g.results_public ?? next);
              toast(next ? "Results are public now: anyone can read them." : "Results are private now: only members can read them.");
            } catch (err) {
              toast(`Not changed: ${errorText(err)}`, "error", 8000);
            } finally {
              setChoice(null);
              setBusy(false);
            }
          }}
        />
        Results are public
      </label>
      <p className="hint" id="results-public-hint">
        This theory of change is public. Its results are {on ? "public too: anyone can read them and see progress" : "private: only your organisation's members see them"}.
      </p>
    </div>
  );
}

function useLeaveGuard(dirty: number): React.ReactNode {
  const [dialog, confirm] = useConfirm();
  useEffect(() => {
    const onUnload = (ev: BeforeUnloadEvent) => {
      if (dirty) ev.preventDefault();
    };
    window.addEventListener("beforeunload", onUnload);
    return () => window.removeEventListener("beforeunload", onUnload);
  }, [dirty]);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty > 0 && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    void confirm({
      title: "Leave without saving?",
      body: `${dirty} change${dirty === 1 ? " is" : "s are"} not saved. Leave them, or stay and Save.`,
      confirm: "Leave without saving",
      cancel: "Stay",
      danger: true,
    }).then((ok) => (ok ? blocker.proceed?.() : blocker.reset?.()));
  }, [blocker, confirm, dirty]);
  return dialog;
}

export function ResultsPage() {
  const { org = "", graph = "" } = useParams();
  const { data, error, setInfo } = useTocData(org, graph);
  useTitle(data ? `Results · ${data.info.title}` : "Results");
  const [results, setResults] = useState<ResultsList | null>(null);
  const [resultsError, setResultsError] = useState<unknown>(null);
  const [announcement, announce] = useAnnouncer();
  const [dirty, setDirty] = useState(0);
  const dialog = useLeaveGuard(dirty);

  const [progress, setProgress] = useState<Progress | null>(null);
  const load = useCallback(async () => {
    // Each indicator's status beside its row (nothing when it cannot be had).
    void api.progress(org, graph).then(setProgress, () => setProgress(null));
    try {
      setResults(await api.results(org, graph));
      setResultsError(null);
    } catch (err) {
      setResultsError(err);
    }
  }, [org, graph]);
  useEffect(() => {
    setResults(null);
    void load();
  }, [load]);
  // Saved elsewhere (another tab): read them again unless this page has its own changes.
  useEffect(() => onResultsChanged(org, graph, () => !dirty && void load()), [org, graph, dirty, load]);

  const stored = useMemo(() => currentByCell(results?.results ?? []), [results]);
  const sections = useMemo(() => (data ? gridSections(data.doc, today(), results?.results ?? []) : []), [data, results]);
  const archived = useMemo(() => (data && results ? archivedIndicators(results.results, results.archived, data.doc) : []), [data, results]);
  const names = useMemo(() => new Map(sections.flatMap((s) => s.rows.map((r) => [r.ind.id, r.ind.name] as [string, string]))), [sections]);

  const onSaved = useCallback(
    (rows: StoredResult[]) => {
      setResults((prev) => (prev ? { ...prev, results: [...prev.results, ...rows] } : prev));
      void load();
    },
    [load],
  );

  if (error) return <TocError error={error} org={org} graph={graph} />;
  if (!data)
    return (
      <p className="page muted" aria-busy="true">
        Loading {graph}…
      </p>
    );
  const readOnly = !data.info.can_write;
  const base = graphPath(org, graph);
  const hidden = resultsError instanceof ApiError && [401, 403, 404].includes(resultsError.status);
  return (
    <div className="page results-page" data-testid="results-page" data-editable={String(!readOnly)}>
      <TocPageHead data={data} view="results" />
      <div className="results-title">
        <h1>Results</h1>
        <p className="row results-links">
          <Link to={`${base}/dashboard`} data-testid="results-to-dashboard">
            See the dashboard
          </Link>
          {results ? (
            <a href={api.resultsCsvUrl(org, graph)} download data-testid="results-csv">
              Download as CSV
            </a>
          ) : null}
        </p>
      </div>
      <div className="results-settings">
        <PublicToggle data={data} onChange={(on) => setInfo({ ...data.info, results_public: on })} />
        <ShareResults data={data} onChange={(consent) => setInfo({ ...data.info, share_results: consent })} />
      </div>
      {resultsLoadState({
        hidden,
        orgName: data.orgName,
        error: resultsError,
        loaded: !!results,
        what: "The results",
        loading: "Loading results…",
        retry: () => void load(),
      }) ?? (!sections.length ? (
        <div className="notice" data-testid="results-empty">
          <p>
            This theory of change has no indicators yet, so there is nothing to report. Add indicators to its outputs and outcomes in the{" "}
            <Link to={base}>editor</Link> (select a box, then “+ Add indicator” in its details).
          </p>
        </div>
      ) : (
        <>
          {readOnly ? (
            <p className="results-intro">You can read these results; editors of this theory of change enter them.</p>
          ) : (
            <p className="results-intro" id="results-keys">
              <span className="keys-wide">
                Type a value in a cell, or paste a block copied from a spreadsheet. Arrow keys, Tab and Enter move between cells; F2 edits a cell’s
                value, Escape puts it back, Ctrl+Enter opens its note, source and categories.
              </span>
              <span className="keys-narrow">Tap a cell, then tap it again to type its value. Its note, source and categories are below the grid.</span>{" "}
              Save sends every change at once.
            </p>
          )}
          <ResultsGrid
            org={org}
            graph={graph}
            sections={sections}
            stored={stored}
            readOnly={readOnly}
            onSaved={onSaved}
            onDirty={setDirty}
            announce={announce}
            statuses={hasReported(progress) ? progress?.indicators : undefined}
          />
        </>
      ))}
      {archived.length ? <ArchivedResults archived={archived} /> : null}
      {!readOnly && sections.length && results ? <ImportPanel org={org} graph={graph} names={names} onImported={() => void load()} announce={announce} /> : null}
      <div className="sr-only" role="status" aria-live="polite" data-testid="results-announcer">
        {announcement.text}
        {announcement.seq % 2 ? "\u200b" : ""}
      </div>
      {dialog}
    </div>
  );
}
