/** /explore?q=&framework=1&page=: public theories of change and shared frameworks, for everyone. */
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Link, useLocation, useSearchParams } from "react-router";
import { api, type ExploreItem } from "../../sync";
import { errorText } from "../common/errors";
import { useAuth } from "../shell/auth";
import { useTitle } from "../shell/useTitle";
import { ForkDialog } from "./ForkDialog";
import { ExploreCard, upstreamKey, useTitles } from "./TocCard";
import { useLoad } from "../common/useLoad";
import "./pages.css";

const PAGE_SIZE = 20;

export function Explore() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const loc = useLocation();
  const q = params.get("q") ?? "";
  const framework = params.get("framework") === "1" || params.get("framework") === "true";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [text, setText] = useState(q);
  const [forking, setForking] = useState<ExploreItem | null>(null);
  useTitle(q ? `Explore: ${q}` : "Explore");

  // The box shows a click at once (the address follows a moment later).
  const [frameworkBox, setFrameworkBox] = useState(framework);

  // The fields follow the address (back and forward buttons).
  useEffect(() => setText(q), [q]);
  useEffect(() => setFrameworkBox(framework), [framework]);

  const result = useLoad(() => api.explore(q, { framework, page, pageSize: PAGE_SIZE }), [q, framework, page]);
  const items = useMemo(() => result.data?.items ?? [], [result.data]);
  const given = useMemo(() => new Map(items.map((i) => [`${i.org}/${i.slug}`, i.title])), [items]);
  const titles = useTitles(
    given,
    items.map((i) => upstreamKey(i.upstream)),
  );

  /** Change the search in the address (from the latest address: a late debounce keeps a box ticked meanwhile). */
  const go = (next: { q?: string; framework?: boolean; page?: number }, replace = false) => {
    // The address as it is now: react-router hands a functional update the params of the
    // render that made `setParams`, which a debounced call outlives.
    const prev = new URLSearchParams(window.location.search);
    setParams(
      () => {
        const p = new URLSearchParams();
        const nq = next.q ?? prev.get("q") ?? "";
        const pf = prev.get("framework");
        const nf = next.framework ?? (pf === "1" || pf === "true");
        const np = next.page ?? 1;
        if (nq) p.set("q", nq);
        if (nf) p.set("framework", "1");
        if (np > 1) p.set("page", String(np));
        return p;
      },
      { replace },
    );
  };

  // Search as the person types, a moment after the last key.
  useEffect(() => {
    if (text.trim() === q) return;
    const t = setTimeout(() => go({ q: text.trim() }, true), 350);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    go({ q: text.trim() });
  };

  const total = result.data?.total ?? 0;
  const pages = result.data?.pages ?? 1;
  const summary = result.loading
    ? "Searching…"
    : result.error
      ? ""
      : `${total === 0 ? "No" : total} ${
          framework ? (total === 1 ? "shared framework" : "shared frameworks") : total === 1 ? "theory of change" : "theories of change"
        }${q ? ` ${total === 1 ? "matches" : "match"} “${q}”` : ""}.`;

  return (
    <div className="page explore" data-testid="explore-page">
      <h1>Explore public theories of change</h1>
      <p className="lead">
        What charities, social enterprises, funders and networks have published: open one to read it
        {user ? ", fork it into your organisation to make it your own" : ""}, or find a shared framework to link your
        outcomes to.
      </p>
      <form className="search-bar" role="search" onSubmit={submit} aria-label="Search public theories of change">
        <div className="field grow">
          <label htmlFor="explore-q">Search by title, organisation or the words in a box</label>
          <input
            id="explore-q"
            type="search"
            value={text}
            placeholder="e.g. youth employment, wellbeing, Bright Path"
            onChange={(e) => setText(e.target.value)}
            data-testid="explore-search"
          />
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={frameworkBox}
            onChange={(e) => {
              setFrameworkBox(e.target.checked);
              go({ framework: e.target.checked });
            }}
            data-testid="explore-framework"
          />
          Shared frameworks only
        </label>
        <button type="submit" className="btn primary" data-testid="explore-submit">
          Search
        </button>
      </form>
      <p className="result-count" role="status" data-testid="explore-count">
        {summary}
      </p>
      {result.error ? (
        <p className="form-error" role="alert">
          Could not search: {errorText(result.error)}
        </p>
      ) : null}
      {items.length ? (
        <ul className="toc-grid" data-testid="explore-results" aria-busy={result.loading}>
          {items.map((it) => (
            <ExploreCard
              key={`${it.org}/${it.slug}`}
              item={it}
              titles={titles}
              actions={
                user ? (
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => setForking(it)}
                    data-testid="explore-fork"
                    aria-label={`Fork ${it.title}`}
                  >
                    Fork
                  </button>
                ) : (
                  <Link className="small" to={`/signin?next=${encodeURIComponent(`/explore${loc.search}`)}`}>
                    Sign in to fork
                  </Link>
                )
              }
            />
          ))}
        </ul>
      ) : !result.loading && !result.error ? (
        <div className="card empty">
          <p>
            {q || framework
              ? "Nothing matches. Try fewer or other words, or search without “Shared frameworks only”."
              : "Nobody has published a theory of change yet."}
          </p>
          {q || framework ? (
            <button type="button" className="btn" onClick={() => go({ q: "", framework: false })}>
              Show every public theory of change
            </button>
          ) : null}
        </div>
      ) : null}
      {pages > 1 ? (
        <nav className="pager row" aria-label="Pages of results">
          <button type="button" className="btn" disabled={page <= 1} onClick={() => go({ page: page - 1 })}>
            Previous
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button type="button" className="btn" disabled={page >= pages} onClick={() => go({ page: page + 1 })}>
            Next
          </button>
        </nav>
      ) : null}
      {!user ? (
        <p className="muted explore-foot">
          <Link to="/signup">Sign up</Link> to fork a theory of change into your organisation or publish your own.
        </p>
      ) : null}
      {forking ? <ForkDialog item={forking} onClose={() => setForking(null)} /> : null}
    </div>
  );
}
