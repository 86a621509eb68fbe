/**
 * /{org}/portfolio (issue 14): an intermediary's member organisations with their ToCs, quality
 * checks, shared outcomes linked, data completeness for the last period and last activity;
 * sorted, filtered (`?q=&status=&sort=`, the API's query) and downloaded as CSV. Its owners
 * invite organisations (one by its short name, or many from a CSV file), withdraw invitations
 * and remove members. Members of the organisation see it; anyone else gets a not-found page.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import {
  INVITATIONS_CSV_TEMPLATE,
  listingSearch,
  nextSort,
  periodLabel,
  PORTFOLIO_STATUSES,
  readListingQuery,
  shownCount,
  SORT_KEYS,
  sortWords,
  type InvitationImportReport,
  type ListingQuery,
  type Portfolio,
  type PortfolioMember,
  type PortfolioStatus,
  type Sort,
  type SortKey,
} from "../../model";
import { api, ApiError, fieldMessages } from "../../sync";
import { useConfirm } from "../common/ConfirmDialog";
import { errorText } from "../common/errors";
import { FormError, TextAreaField } from "../common/fields";
import { ImportCheck, ImportPreview, type ImportWords } from "../common/ImportCheck";
import { SlugField } from "../pages/forms";
import { aRole } from "../pages/words";
import { useAuth } from "../shell/auth";
import { NotFound } from "../shell/NotFound";
import { useTitle } from "../shell/useTitle";
import { MembersTable, type RowActions } from "./MembersTable";
import "../pages/pages.css";
import "./portfolio.css";

const STATUS_FILTER_WORDS: Record<PortfolioStatus, string> = {
  active: "Members",
  invited: "Invited, no answer yet",
  declined: "Declined",
  left: "Left",
};

const FREQUENCY_ORDER = ["monthly", "quarterly", "half_yearly", "yearly"];

interface Listing {
  slug: string;
  data: Portfolio | undefined;
  error: unknown;
  loading: boolean;
}

/**
 * The listing for the page's query. Unlike useLoad, a new query keeps the table on screen
 * (and the focus on the header just chosen) until its answer comes; a late answer for an
 * older query is dropped.
 */
function useListing(slug: string, query: ListingQuery, enabled: boolean) {
  const [state, setState] = useState<Listing>({ slug, data: undefined, error: null, loading: true });
  const seq = useRef(0);
  const search = listingSearch(query);
  const load = useCallback(async () => {
    const mine = ++seq.current;
    setState((s) => ({ ...(s.slug === slug ? s : { slug, data: undefined, error: null }), loading: true }));
    try {
      const data = await api.portfolio(slug, readListingQuery(new URLSearchParams(search)));
      if (mine === seq.current) setState({ slug, data, error: null, loading: false });
    } catch (error) {
      if (mine === seq.current) setState((s) => ({ ...s, slug, error, loading: false }));
    }
  }, [slug, search]);
  useEffect(() => {
    if (enabled) void load();
    const counter = seq;
    return () => {
      counter.current++;
    };
  }, [load, enabled]);
  return { ...state, data: state.slug === slug ? state.data : undefined, reload: load };
}

export function PortfolioPage() {
  const { org: slug = "" } = useParams();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const query = readListingQuery(params);
  const listing = useListing(slug, query, !!user);
  const portfolio = listing.data;
  const denied = listing.error instanceof ApiError && (listing.error.status === 403 || listing.error.status === 404);
  useTitle(portfolio ? `Portfolio of ${portfolio.name}` : denied ? "Not found" : "Portfolio");

  const setQuery = useCallback(
    (change: Partial<ListingQuery>) => {
      const next = { ...readListingQuery(params), ...change };
      setParams(new URLSearchParams(listingSearch(next)), { replace: true });
    },
    [params, setParams],
  );

  if (user === null)
    return (
      <div className="page narrow">
        <h1>Portfolio</h1>
        <p>
          Only the members of /{slug} can see its portfolio.{" "}
          <Link to={`/signin?next=${encodeURIComponent(`/${slug}/portfolio${listingSearch(query)}`)}`}>Sign in</Link> to see it.
        </p>
      </div>
    );
  if (listing.error && !portfolio) {
    if (listing.error instanceof ApiError && listing.error.status === 404)
      return <NotFound what="No such organisation" detail={`There is no organisation at /${slug}.`} />;
    if (denied)
      return <NotFound what="Not found" detail={`There is no portfolio of /${slug} that you can see: only its members can see it.`} />;
    return <NotFound what="Something went wrong" detail={errorText(listing.error)} />;
  }
  if (!portfolio)
    return (
      <p className="page muted" aria-busy="true">
        Loading…
      </p>
    );
  return <PortfolioOf portfolio={portfolio} query={query} setQuery={setQuery} loading={listing.loading} error={listing.error} reload={listing.reload} />;
}

function PortfolioOf({
  portfolio,
  query,
  setQuery,
  loading,
  error,
  reload,
}: {
  portfolio: Portfolio;
  query: ListingQuery;
  setQuery(change: Partial<ListingQuery>): void;
  loading: boolean;
  error: unknown;
  reload(): Promise<void>;
}) {
  const [dialog, confirm] = useConfirm();
  const [status, setStatus] = useState("");
  const [failure, setFailure] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [text, setText] = useState(query.q);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const owner = portfolio.your_role === "owner";
  const slug = portfolio.org;
  const orgPath = `/${encodeURIComponent(slug)}`;

  // The text filter asks the server a moment after the last key.
  useEffect(() => {
    if (text.trim() === query.q.trim()) return;
    const t = setTimeout(() => setQuery({ q: text }), 300);
    return () => clearTimeout(t);
  }, [text, query.q, setQuery]);

  // After a row's action the row may be gone: the focus goes to the sentence saying what happened.
  const [focusStatus, setFocusStatus] = useState(0);
  useEffect(() => {
    if (focusStatus) statusRef.current?.focus();
  }, [focusStatus]);

  const say = (words: string, focus = false) => {
    setFailure("");
    setStatus(words);
    if (focus) setFocusStatus((n) => n + 1);
  };

  const act = async (m: PortfolioMember, run: () => Promise<unknown>, done: string) => {
    setBusy(m.org);
    setStatus("");
    setFailure("");
    try {
      await run();
      await reload();
      say(done, true);
    } catch (err) {
      setFailure(errorText(err));
      await reload();
    } finally {
      setBusy(null);
    }
  };

  const actions: RowActions | null = owner
    ? {
        busy,
        remove: (m) =>
          void (async () => {
            const active = m.status === "active";
            const ok = await confirm({
              title: active ? `Remove ${m.name} from the portfolio?` : `Take ${m.name} off the list?`,
              body: active
                ? `${portfolio.name} will no longer see the figures of ${m.name}'s theories of change. You can invite it again later; its owners would have to accept again.`
                : `${m.name} ${m.status === "declined" ? "declined" : "left"}; it will no longer be listed here. You can invite it again later.`,
              confirm: active ? `Remove ${m.name}` : "Take off the list",
              danger: true,
            });
            if (ok) await act(m, () => api.removeFromPortfolio(slug, m.org), active ? `${m.name} was removed from the portfolio.` : `${m.name} was taken off the list.`);
          })(),
        withdraw: (m) => void act(m, () => api.removeFromPortfolio(slug, m.org), `The invitation to ${m.name} was withdrawn.`),
        inviteAgain: (m) => void act(m, () => api.invite(slug, m.org), `${m.name} was invited again.`),
      }
    : null;

  const onSort = (k: SortKey) => setQuery({ sort: nextSort(query.sort, k) });
  const filtered = !!query.q.trim() || !!query.status;
  const members = portfolio.members;
  const periods = FREQUENCY_ORDER.filter((f) => portfolio.periods[f]).map((f) => `${periodLabel(portfolio.periods[f]!)} (${f.replace("_", "-")})`);

  return (
    <div className="page portfolio-page" data-testid="portfolio-page" data-role={portfolio.your_role}>
      <p className="crumbs">
        <Link to={orgPath}>{portfolio.name}</Link> <span aria-hidden="true">›</span> Portfolio
      </p>
      <div className="page-head">
        <div>
          <h1>Portfolio of {portfolio.name}</h1>
          <p className="muted" data-testid="portfolio-summary">
            You are {aRole(portfolio.your_role)} of {portfolio.name}
            {portfolio.steward
              ? ": you see the figures of the members' private theories of change too, never their content or results."
              : ": you see the members' theories of change you may open; their private ones are only counted."}
          </p>
        </div>
      </div>

      <form className="portfolio-controls" role="search" aria-label="Find members" onSubmit={(ev) => ev.preventDefault()}>
        <div className="field grow">
          <label htmlFor="pf-q">Find an organisation</label>
          <input id="pf-q" type="search" value={text} placeholder="Name or short name" onChange={(e) => setText(e.target.value)} data-testid="portfolio-filter" />
        </div>
        <div className="field">
          <label htmlFor="pf-status">Status</label>
          <select id="pf-status" value={query.status} onChange={(e) => setQuery({ status: e.target.value as PortfolioStatus | "" })} data-testid="portfolio-status-filter">
            <option value="">All</option>
            {PORTFOLIO_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_FILTER_WORDS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field only-narrow-block">
          <label htmlFor="pf-sort">Sort by</label>
          <select id="pf-sort" value={query.sort} onChange={(e) => setQuery({ sort: e.target.value as Sort })} data-testid="portfolio-sort">
            {SORT_KEYS.flatMap((k) => [k, `-${k}` as Sort]).map((s) => (
              <option key={s} value={s}>
                {sortWords(s as Sort)}
              </option>
            ))}
          </select>
        </div>
        <a className="btn" href={api.portfolioCsvUrl(slug, query)} download data-testid="portfolio-csv">
          Download CSV
        </a>
      </form>

      <div className="portfolio-count">
        <p className="muted" aria-live="polite" data-testid="portfolio-count">
          {loading ? "Updating… " : ""}
          {shownCount(members.length, portfolio.total)}
          {filtered ? " match" : ""}
          {members.length > 1 ? ` · ${sortWords(query.sort)}` : ""}
        </p>
        {error ? (
          <p className="form-error" role="alert">
            The portfolio could not be updated: {errorText(error)}{" "}
            <button type="button" className="btn small" onClick={() => void reload()}>
              Try again
            </button>
          </p>
        ) : null}
      </div>
      <p ref={statusRef} tabIndex={-1} role="status" className="ok-text status-line" data-testid="portfolio-status">
        {status}
      </p>
      <FormError text={failure} testid="portfolio-error" />

      {members.length ? (
        <MembersTable
          members={members}
          sort={query.sort}
          onSort={onSort}
          actions={actions}
          busy={loading}
          caption={`Members of ${portfolio.name}'s portfolio, ${sortWords(query.sort).toLowerCase()}`}
        />
      ) : (
        <div className="card empty" data-testid="portfolio-empty">
          <p>
            {filtered
              ? "No organisation matches. Change the words or the status above."
              : owner
                ? "No organisation is in this portfolio yet. Invite the organisations you fund or support below: once their owners accept, you see their theories of change here."
                : `No organisation is in this portfolio yet. Owners of ${portfolio.name} can invite them.`}
          </p>
        </div>
      )}
      {members.some((m) => m.status === "active") ? (
        <p className="hint portfolio-note">
          <strong>Data completeness</strong>: the share of indicators with a result for the last period that has ended
          {periods.length ? `: ${periods.join(", ")}` : ""}. <strong>Last activity</strong>: the latest change or result in their theories of
          change.
        </p>
      ) : null}

      {owner ? (
        <div className="portfolio-manage">
          <InviteForm
            portfolio={portfolio}
            onInvited={async (name) => {
              await reload();
              say(`${name} was invited. Its owners will find the invitation on their organisation's page.`);
            }}
          />
          <ImportInvitations
            slug={slug}
            announce={(words) => say(words)}
            onImported={() => {
              void reload();
            }}
          />
        </div>
      ) : (
        <p className="muted">Only owners of {portfolio.name} can invite or remove organisations.</p>
      )}
      {dialog}
    </div>
  );
}

/** An invitation's error as a sentence about what was typed, or null when it is not about it. */
function inviteErrorText(err: unknown, typed: string): string | null {
  if (!(err instanceof ApiError)) return null;
  if (err.status === 404) return `No organisation has the short name “${typed}”. Check its address: it is the part after the site's name.`;
  if (err.status === 409) return err.message;
  if (err.status === 422) {
    const msgs = fieldMessages(err, "org");
    if (msgs.length) return `The short name ${msgs.join(" ")}`;
    if (fieldMessages(err, "note").length) return null;
    return err.message;
  }
  return null;
}

function InviteForm({ portfolio, onInvited }: { portfolio: Portfolio; onInvited(name: string): Promise<void> }) {
  const [who, setWho] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ org?: string; note?: string; form?: string }>({});

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const w = who.trim().replace(/^\/+/, "");
    setErrors({});
    if (!w) {
      setErrors({ org: "Type the organisation's short name, as in its address." });
      document.getElementById("pf-invite-org")?.focus();
      return;
    }
    setBusy(true);
    try {
      const made = await api.invite(portfolio.org, w, note.trim());
      setWho("");
      setNote("");
      await onInvited(made.name);
    } catch (err) {
      const text = inviteErrorText(err, w);
      const noteMsgs = fieldMessages(err, "note");
      if (text) {
        setErrors({ org: text });
        document.getElementById("pf-invite-org")?.focus();
      } else if (noteMsgs.length) {
        setErrors({ note: `The note ${noteMsgs.join(" ")}` });
        document.getElementById("pf-invite-note")?.focus();
      } else setErrors({ form: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={submit} aria-labelledby="pf-invite-title" data-testid="invite-form">
      <h2 id="pf-invite-title">Invite an organisation</h2>
      <p className="hint">
        Its owners accept or decline on their organisation's page. Once they accept, you see the figures of their theories of change here.
      </p>
      <SlugField
        id="pf-invite-org"
        label="Organisation's short name"
        testid="invite-org"
        error={errors.org}
        alert
        hint={
          <>
            As in its address: <span className="addr">/youth-trust</span>
          </>
        }
        value={who}
        autoComplete="off"
        spellCheck={false}
        placeholder="e.g. youth-trust"
        onChange={(e) => {
          setWho(e.target.value);
          setErrors({});
        }}
      />
      <TextAreaField
        id="pf-invite-note"
        label="Note to its owners (optional)"
        rows={2}
        maxLength={500}
        testid="invite-note"
        error={errors.note}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <FormError text={errors.form ?? ""} testid="invite-error" />
      <button className="btn primary" type="submit" disabled={busy} data-testid="invite-submit">
        {busy ? "Inviting…" : "Send invitation"}
      </button>
    </form>
  );
}

const orgs = (n: number) => `${n} organisation${n === 1 ? "" : "s"}`;

const IMPORT_WORDS: ImportWords<InvitationImportReport> = {
  title: "Invite many from a CSV file",
  fileLabel: "CSV file of invitations",
  run: (r) => `Invite ${orgs(r.rows)}`,
  running: "Inviting…",
  done: (r, file) => `Invited ${orgs(r.invited || r.rows)} from ${file}.`,
  ready: (r) => `${orgs(r.rows)} to invite, no problems found.`,
  refused: (final) => `Nobody ${final ? "was" : "will be"} invited until every row is right: fix them in the file and check it again.`,
};

const TEMPLATE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(INVITATIONS_CSV_TEMPLATE)}`;

function ImportInvitations({ slug, announce, onImported }: { slug: string; announce(words: string): void; onImported(): void }) {
  return (
    <ImportCheck<InvitationImportReport>
      testid="invitations-import"
      words={IMPORT_WORDS}
      accept=".csv,text/csv"
      run={(file, dryRun) => api.importInvitations(slug, file, dryRun)}
      onImported={onImported}
      announce={announce}
      intro={
        <>
          <p className="hint">
            One organisation a row: a column <code>org</code> with its short name and, if you like, a column <code>note</code> for its
            owners. Check the file first: every problem is listed by row and column, and nobody is invited until every row is right.
          </p>
          <pre className="csv-sample" aria-label="An example file">
            {INVITATIONS_CSV_TEMPLATE.replace(/\r\n/g, "\n")}
          </pre>
          <p>
            <a className="btn small" href={TEMPLATE_HREF} download="invitations.csv" data-testid="invitations-template">
              CSV template
            </a>
          </p>
        </>
      }
      preview={(r) =>
        r.preview.length ? (
          <ImportPreview count={r.preview.length}>
            <table className="data-table" data-testid="import-preview">
              <thead>
                <tr>
                  <th scope="col">Organisation</th>
                  <th scope="col">Short name</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {r.preview.map((p) => (
                  <tr key={p.org}>
                    <td>{p.name}</td>
                    <td className="addr">{p.org}</td>
                    <td>{p.note}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ImportPreview>
        ) : null
      }
    />
  );
}

