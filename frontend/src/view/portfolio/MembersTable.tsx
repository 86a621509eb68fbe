/**
 * The portfolio's members as a table: each organisation with its ToCs, quality checks, the
 * shared outcomes it links, data completeness, last activity and status; sorted by choosing a
 * column's header (the API sorts; aria-sort says how). On phones each row is a card.
 */
import { Link } from "react-router";
import {
  ariaSort,
  completenessWords,
  findingParts,
  MEMBER_STATUS_WORDS,
  percentText,
  relativeTime,
  SORT_COLUMNS,
  sortAction,
  statusLine,
  type PortfolioMember,
  type PortfolioToc,
  type Sort,
  type SortKey,
} from "../../model";
import { graphPath } from "../common/paths";
import { formatDate, plural } from "../pages/words";

export interface RowActions {
  busy: string | null;
  remove(m: PortfolioMember): void;
  withdraw(m: PortfolioMember): void;
  inviteAgain(m: PortfolioMember): void;
}

function SortHeader({ k, sort, onSort }: { k: SortKey; sort: Sort; onSort(k: SortKey): void }) {
  const state = ariaSort(sort, k);
  return (
    <th scope="col" aria-sort={state} data-testid={`sort-${k}`}>
      <button type="button" className="sort-btn" title={sortAction(sort, k)} onClick={() => onSort(k)}>
        {SORT_COLUMNS[k]}
        <span className="sort-arrow" aria-hidden="true">
          {state === "ascending" ? "▲" : state === "descending" ? "▼" : "↕"}
        </span>
      </button>
    </th>
  );
}

/** A moment as "3 days ago", with the date and time in its tooltip. */
export function When({ at, empty = "—" }: { at: string | null; empty?: string }) {
  if (!at) return <span className="muted">{empty}</span>;
  return (
    <time dateTime={at} title={formatDate(at)}>
      {relativeTime(at)}
    </time>
  );
}

function Completeness({ m }: { m: PortfolioMember }) {
  const c = completenessWords(m.completeness, m.indicators, m.tocs.length ? m.reported : null);
  if (!m.tocs.length) return <span className="muted">—</span>;
  if (c.level === "unknown")
    return (
      <span className="muted" data-testid="completeness-words">
        {c.words}
      </span>
    );
  const p = m.completeness ?? 0;
  return (
    <div className="completeness" data-level={c.level}>
      <span className="completeness-figure">
        <strong data-testid="completeness">{percentText(p)}</strong>
        <span className="completeness-bar" aria-hidden="true">
          <span style={{ width: `${Math.max(0, Math.min(100, p))}%` }} />
        </span>
      </span>
      <span className="completeness-words" data-testid="completeness-words">
        {c.words}
      </span>
      <span className="small muted">{c.detail}</span>
    </div>
  );
}

function TocItem({ member, t }: { member: string; t: PortfolioToc }) {
  return (
    <li data-testid="member-toc" data-slug={t.slug} data-readable={String(t.readable)}>
      {t.readable ? <Link to={graphPath(member, t.slug)}>{t.title}</Link> : <span>{t.title}</span>}
      {t.visibility === "private" ? (
        <span
          className="badge private-toc"
          title={t.readable ? "Private: only its organisation and you can open it" : "Private: you see its figures, never its content"}
        >
          {t.readable ? "private" : "private · figures only"}
        </span>
      ) : null}
    </li>
  );
}

function Findings({ m }: { m: PortfolioMember }) {
  if (!m.tocs.length) return <span className="muted">—</span>;
  const parts = findingParts(m.findings);
  if (!parts.length) return <span className="ok-text findings-none">✓ No problems</span>;
  return (
    <ul className="plain finding-parts" data-testid="findings">
      {parts.map((p) => (
        <li key={p.severity} className={`sev-${p.severity}`}>
          {p.text}
        </li>
      ))}
    </ul>
  );
}

function Actions({ m, actions }: { m: PortfolioMember; actions: RowActions }) {
  const busy = actions.busy === m.org;
  if (m.status === "invited")
    return (
      <button type="button" className="btn small" disabled={busy} onClick={() => actions.withdraw(m)} aria-label={`Withdraw the invitation to ${m.name}`} data-testid="member-withdraw">
        Withdraw
      </button>
    );
  if (m.status === "active")
    return (
      <button type="button" className="btn small danger" disabled={busy} onClick={() => actions.remove(m)} aria-label={`Remove ${m.name}`} data-testid="member-remove">
        Remove
      </button>
    );
  return (
    <span className="row">
      <button type="button" className="btn small" disabled={busy} onClick={() => actions.inviteAgain(m)} data-testid="member-reinvite">
        Invite again<span className="sr-only">: {m.name}</span>
      </button>
      <button type="button" className="btn small" disabled={busy} onClick={() => actions.remove(m)} data-testid="member-forget">
        Take off the list<span className="sr-only">: {m.name}</span>
      </button>
    </span>
  );
}

export function MembersTable({
  members,
  sort,
  onSort,
  actions,
  caption,
  busy,
}: {
  members: PortfolioMember[];
  sort: Sort;
  onSort(k: SortKey): void;
  /** Owners manage the members; others read. */
  actions: RowActions | null;
  caption: string;
  /** A new order or filter is on its way. */
  busy: boolean;
}) {
  return (
    <div className="portfolio-table-wrap">
      <table className="data-table portfolio-table" data-testid="portfolio-table" aria-busy={busy}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <SortHeader k="name" sort={sort} onSort={onSort} />
            <th scope="col">Theories of change</th>
            <SortHeader k="findings" sort={sort} onSort={onSort} />
            <th scope="col">Shared outcomes linked</th>
            <SortHeader k="completeness" sort={sort} onSort={onSort} />
            <SortHeader k="last_activity" sort={sort} onSort={onSort} />
            <th scope="col">Status</th>
            {actions ? (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const active = m.status === "active";
            return (
              <tr key={m.org} data-testid="portfolio-member" data-org={m.org} data-status={m.status}>
                <th scope="row" className="pm-org">
                  <Link to={`/${encodeURIComponent(m.org)}`} data-testid="member-link">
                    {m.name}
                  </Link>
                  <span className="block small muted addr">/{m.org}</span>
                </th>
                <td data-label="Theories of change" className="pm-tocs">
                  <div>
                  {active ? (
                    <>
                      {m.tocs.length ? (
                        <ul className="plain toc-names">
                          {m.tocs.map((t) => (
                            <TocItem key={t.slug} member={m.org} t={t} />
                          ))}
                        </ul>
                      ) : !m.private_tocs ? (
                        <span className="muted">No theory of change yet</span>
                      ) : null}
                      {m.private_tocs ? (
                        <span className="small muted block" data-testid="private-tocs">
                          {m.tocs.length ? "+ " : ""}
                          {plural(m.private_tocs, "private one", "private ones")} not shown to you
                        </span>
                      ) : null}
                    </>
                  ) : (
                    <span className="muted">{m.status === "invited" ? "Shown once they accept" : "Not shared"}</span>
                  )}
                  </div>
                </td>
                <td data-label="Quality checks">
                  <div>{active ? <Findings m={m} /> : <span className="muted">—</span>}</div>
                </td>
                <td data-label="Shared outcomes linked">
                  <div>
                  {!active ? (
                    <span className="muted">—</span>
                  ) : m.shared_outcomes.length ? (
                    <ul className="plain outcomes" data-testid="shared-outcomes">
                      {m.shared_outcomes.map((o) => (
                        <li key={`${o.org}/${o.graph}#${o.node}`}>
                          <Link to={graphPath(o.org, o.graph)} title={`A box of ${o.org}/${o.graph}`}>
                            {o.label}
                          </Link>
                          {o.links > 1 ? <span className="muted small"> ({o.links} links)</span> : null}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="muted">None</span>
                  )}
                  </div>
                </td>
                <td data-label="Data completeness">
                  <div>{active ? <Completeness m={m} /> : <span className="muted">—</span>}</div>
                </td>
                <td data-label="Last activity" data-testid="last-activity">
                  <div>{active ? <When at={m.last_activity} empty="None yet" /> : <span className="muted">—</span>}</div>
                </td>
                <td data-label="Status">
                  <div>
                    <span className={`status-pill st-${m.status}`} data-testid="member-status">
                      {MEMBER_STATUS_WORDS[m.status]}
                    </span>
                    <span className="block small muted">{statusLine(m)}</span>
                    {m.status === "invited" && m.note ? <span className="block small note">“{m.note}”</span> : null}
                  </div>
                </td>
                {actions ? (
                  <td className="pm-actions">
                    <Actions m={m} actions={actions} />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
