"""The portfolio page (issue 14): each member organisation with its ToCs, their quality
checks, the shared outcomes it links, how complete its data is, and its last activity.

**Who sees what.** The members of the portfolio organisation (any role) see its listing;
nobody else does (401/403). Members who have not accepted (invited, declined, left) are
listed with their status only: no ToC, no figure. Of an active member's ToCs:

- those the viewer may read anyway (public ones; all of them for the member's own
  people) are listed with the figures below, ``readable: true``;
- its **private** ToCs are listed to the portfolio's **stewards** (owners and editors)
  too, ``readable: false``: joining a portfolio is consent to being steered, so the
  stewards see the title, the versions, when it last changed, the count of quality
  findings by severity and the data completeness, and which shared outcomes it links;
  never its content (boxes, findings' words, indicators' names) nor its results (values,
  notes): results reach the portfolio only as completeness percentages. To the
  portfolio's viewers a member's private ToCs are only a count (``private_tocs``);
- completeness and the last result's time need the results to be visible: to stewards
  always (as above), to viewers only where they may read the results
  (:func:`toc_editor.services.access.can_read_results`'s rule); else null.

**Figures.** Quality: :func:`toc_editor.domain.checks.findings` at the head of each
ToC's default branch, counted by severity. Completeness: of the indicators at that head,
the share with a result for the **last ended period** of the indicator's frequency (on
``today``, 2026-12-07: 2026-11, 2026-Q3, 2026-H1, 2025), in per cent to one decimal; a
member's is over all its ToCs shown with results (null without indicators). Shared
outcomes: the links (``node_links``: the default branches' heads) from a member's ToCs
shown to a node of another organisation's ToC that the viewer may read, with the node's
current label, by target (links to a node no longer there are left out). Last activity:
the latest of the ToCs' last commit (any branch) and last result reported.

**Cost.** Every fact comes from one grouped query for all members (graphs with their
heads, links, results of the last periods, last results), never one per member; what
depends on a ToC's content (findings by severity, indicators and their frequencies) is
summarised once per commit and kept (:mod:`.commit_summaries`: one more query, and the
commits never summarised read and checked, once, whoever asks).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from ..domain import periods
from ..domain.permissions import ROLES, WRITERS, allowed
from ..storage.models import Org
from .access import org_by_slug, require_role
from .commit_summaries import SEVERITIES, Summary, summaries
from .context import Ctx
from .errors import Invalid
from .portfolio import STATUSES, entry

__all__ = ["SEVERITIES", "SORTS", "last_periods", "listing"]

SORTS = ("name", "completeness", "last_activity", "findings")
"""Sort keys; ``-key`` sorts the other way. Members without the figure come last."""
_NO_CONTENT: Summary = {"findings": {}, "indicators": []}  # a graph without its branch


def last_periods(today: date) -> dict[str, str]:
    """The last ended period of each frequency on ``today``.

    >>> last_periods(date(2026, 12, 7))
    {'monthly': '2026-11', 'quarterly': '2026-Q3', 'half_yearly': '2026-H1', 'yearly': '2025'}
    """
    return {f: periods.shift(periods.period_of(today, f), -1) for f in periods.FREQUENCIES}


# -- the listing ---------------------------------------------------------------------------


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100 * part / whole, 1)


def _latest(*times: datetime | None) -> datetime | None:
    present = [t for t in times if t is not None]
    return max(present) if present else None


class _Viewer:
    """The caller's roles, asked once, and the rules of what they see (module docstring)."""

    def __init__(self, ctx: Ctx, portfolio_role: str) -> None:
        assert ctx.user is not None  # require_role made sure
        self.steward = portfolio_role in WRITERS
        self.roles = {m.org_id: m.role for m in ctx.uow.orgs.memberships_of(ctx.user.id)}

    def role(self, org_id: int) -> str | None:
        return self.roles.get(org_id)

    def reads(self, org_id: int, visibility: str) -> bool:
        return allowed("read", self.role(org_id), visibility)

    def reads_results(self, org_id: int, visibility: str, results_public: bool) -> bool:
        """access.can_read_results's rule: members; others a public graph's that opted in."""
        return self.role(org_id) in ROLES or (visibility == "public" and results_public)


def _toc(
    viewer: _Viewer,
    g: Any,
    figures: Summary,
    done: set[tuple[str, str]],
    last_result: datetime | None,
) -> dict[str, Any]:
    """One ToC of an active member as the viewer may see it."""
    results_shown = viewer.steward or viewer.reads_results(g.org_id, g.visibility, g.results_public)
    indicators = figures["indicators"]
    reported = sum(1 for iid, frequency in indicators if (iid, frequency) in done)
    return {
        "slug": g.slug,
        "title": g.title,
        "visibility": g.visibility,
        "readable": viewer.reads(g.org_id, g.visibility),
        "versions": g.versions,
        "updated_at": g.updated_at,
        "findings": {s: figures["findings"].get(s, 0) for s in SEVERITIES},
        "indicators": len(indicators),
        "reported": reported if results_shown else None,
        "completeness": _percent(reported, len(indicators)) if results_shown else None,
        "last_result_at": last_result if results_shown else None,
    }


def _shared_outcomes(
    ctx: Ctx, viewer: _Viewer, links: Iterable[tuple[int, str, str]], org_of: Mapping[int, int]
) -> dict[int, list[dict[str, Any]]]:
    """Per member organisation: the other organisations' nodes its ToCs link to, that
    the viewer may read, with their labels and how many of its boxes link each."""
    links = list(links)
    targets = ctx.uow.portfolios.graphs_named({key for _, key, _ in links})
    labels = ctx.uow.portfolios.labels((t.id for t in targets.values()), (n for *_, n in links))
    counted: dict[int, Counter[tuple[str, str]]] = defaultdict(Counter)
    for graph_id, key, node in links:
        target = targets.get(key)
        member = org_of[graph_id]
        if target is None or target.org_id == member:
            continue  # a graph gone, or the member's own: not a shared outcome
        if not viewer.reads(target.org_id, target.visibility):
            continue
        if (target.id, node) not in labels:
            continue  # the node is no longer on the target's default branch
        counted[member][(key, node)] += 1
    out: dict[int, list[dict[str, Any]]] = {}
    for member, by_target in counted.items():
        rows = []
        for (key, node), count in by_target.items():
            org, _, graph = key.partition("/")
            label = labels[(targets[key].id, node)]
            rows.append({"org": org, "graph": graph, "node": node, "label": label, "links": count})
        out[member] = sorted(rows, key=lambda r: (r["org"], r["graph"], r["label"], r["node"]))
    return out


def _members(
    ctx: Ctx, portfolio: Org, viewer: _Viewer, today: date, wanted: set[int]
) -> dict[int, dict[str, Any]]:
    """The figures of the active members ``wanted``, by organisation id (grouped
    queries for the whole portfolio; ToCs summarised only for those wanted)."""
    repo = ctx.uow.portfolios
    graphs = [g for g in repo.member_graphs(portfolio.id) if g.org_id in wanted]
    if not graphs:
        return {}
    due = last_periods(today)
    done_by_graph: dict[int, set[tuple[str, str]]] = defaultdict(set)
    period_frequency = {p: f for f, p in due.items()}
    for graph_id, indicator, period in repo.reported(portfolio.id, list(due.values())):
        done_by_graph[graph_id].add((indicator, period_frequency[period]))
    last_results = repo.last_results(portfolio.id)
    shown = [g for g in graphs if viewer.steward or viewer.reads(g.org_id, g.visibility)]
    shown_ids = {g.id for g in shown}
    hidden = Counter(g.org_id for g in graphs if g.id not in shown_ids)
    org_of = {g.id: g.org_id for g in shown}
    links = [link for link in repo.member_links(portfolio.id) if link[0] in org_of]
    outcomes = _shared_outcomes(ctx, viewer, links, org_of)
    content = summaries(ctx, (g.head for g in shown if g.head))
    members: dict[int, dict[str, Any]] = defaultdict(lambda: {"tocs": []})
    for g in shown:
        figures = content.get(g.head, _NO_CONTENT)
        toc = _toc(viewer, g, figures, done_by_graph.get(g.id, set()), last_results.get(g.id))
        members[g.org_id]["tocs"].append(toc)
    out = {}
    for org_id in set(members) | set(hidden):
        tocs = members[org_id]["tocs"]
        out[org_id] = _totals(tocs, hidden.get(org_id, 0), outcomes.get(org_id, []))
    return out


def _totals(
    tocs: list[dict[str, Any]], hidden: int, outcomes: list[dict[str, Any]]
) -> dict[str, Any]:
    with_results = [t for t in tocs if t["reported"] is not None]
    indicators = sum(t["indicators"] for t in with_results)
    reported = sum(t["reported"] for t in with_results)
    activity = [_latest(t["updated_at"], t["last_result_at"]) for t in tocs]
    return {
        "tocs": tocs,
        "private_tocs": hidden,
        "findings": {s: sum(t["findings"][s] for t in tocs) for s in SEVERITIES},
        "indicators": indicators,
        "reported": reported,
        "completeness": _percent(reported, indicators),
        "shared_outcomes": outcomes,
        "last_activity": _latest(*activity),
    }


def _empty() -> dict[str, Any]:
    """The figures of a member that is not active (or has no ToC): none."""
    return _totals([], 0, [])


def _sort_key(name: str) -> Callable[[dict[str, Any]], Any]:
    if name == "name":
        return lambda m: (m["name"].casefold(), m["org"])
    if name == "findings":
        return lambda m: tuple(m["findings"][s] for s in SEVERITIES)
    return lambda m: m[name]


def _sorted(rows: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """By ``sort`` (``-`` first: descending), members without the figure last, ties by
    the organisation's slug."""
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    rows = sorted(rows, key=lambda m: m["org"])
    key = _sort_key(name)
    known = [m for m in rows if name in ("name", "findings") or m[name] is not None]
    unknown = [m for m in rows if m not in known]
    return sorted(known, key=key, reverse=descending) + unknown


def _query_error(message: str, where: str) -> Invalid:
    error = Invalid(message, where=where)
    error.location = "query"
    return error


def _matches(row: dict[str, Any], words: Sequence[str], status: str | None) -> bool:
    if status is not None and row["status"] != status:
        return False
    text = f"{row['org']} {row['name']}".casefold()
    return all(w in text for w in words)


def listing(
    ctx: Ctx,
    portfolio_slug: str,
    *,
    q: str = "",
    status: str | None = None,
    sort: str = "name",
    today: date | None = None,
) -> dict[str, Any]:
    """The portfolio page's data (see the module docstring): ``{org, name, your_role,
    steward, as_of, periods, total, members}``; ``q``: words each found, ignoring case,
    in the member's slug or name; ``status``: only members in it; ``sort``: one of
    :data:`SORTS`, ``-`` first for descending."""
    today = today or datetime.now(UTC).date()
    if status is not None and status not in STATUSES:
        raise _query_error(f"must be one of {', '.join(STATUSES)}", "status")
    if sort.lstrip("-") not in SORTS or sort.count("-") > 1:
        raise _query_error(f"must be one of {', '.join(SORTS)}, or one of them after -", "sort")
    with ctx.uow:  # it keeps the summaries of commits it made (commit_summaries)
        portfolio = org_by_slug(ctx, portfolio_slug)
        role = require_role(ctx, portfolio, ROLES)
        viewer = _Viewer(ctx, role)
        entries = ctx.uow.portfolios.entries(portfolio.id)
        words = q.casefold().split()
        rows = [entry(row, org, inviter) | {"id": org.id} for row, org, inviter in entries]
        total = len(rows)
        rows = [r for r in rows if _matches(r, words, status)]
        active = {r["id"] for r in rows if r["status"] == "active"}
        figures = _members(ctx, portfolio, viewer, today, active) if active else {}
        for row in rows:
            org_id = row.pop("id")
            row.update(figures.get(org_id) or _empty())
        result = {
            "org": portfolio.slug,
            "name": portfolio.name,
            "your_role": role,
            "steward": viewer.steward,
            "as_of": today,
            "periods": last_periods(today),
            "total": total,
            "members": _sorted(rows, sort),
        }
        ctx.uow.commit()
    return result
