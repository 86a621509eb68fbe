"""Shared measurement on a framework ToC (issue 14): its shared indicators as each viewer
may see them.

A *framework* is any graph whose indicators other graphs' indicators report to
(``reports_to``, checked by :mod:`.reports_to` and indexed in ``indicator_reports`` at
each graph's default-branch head). The rules of who sees what are the domain's
(:func:`toc_editor.domain.shared_measurement.shared_view`); this module reads what they
need, in a few grouped queries whatever the number of members:

- who is looking (:func:`viewer_of`): a *maintainer* (owner or editor of the framework's
  organisation), a *member* (has a role in an organisation owning a graph that reports
  to the framework; ``gives`` when one of those graphs shares its results with the
  members), an *outsider* (signed in) or *anonymous*;
- every member ToC's indicator reporting to it (one query) with its graph's consent
  (``share_results``: ``none``, ``maintainers`` or ``members``) and whether its results
  are public (a public graph with ``results_public``);
- the current results of all of them (one grouped query), read when asked: nothing is
  copied to the framework, so a member that withdraws its consent (``share_results``
  back to ``none``) leaves the figures at once.

A member indicator whose unit no longer matches the shared one (the framework changed
it after the member linked) is left out and counted in ``incompatible``. The framework's
``aggregate_k`` is the k of the rules. Names of member ToCs a viewer may not see never
reach it: they are in the values only where the domain names them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

from ..domain import periods
from ..domain.shared_measurement import (
    DEFAULT_K,
    Contribution,
    MemberValue,
    SharedIndicatorView,
    Viewer,
    counted,
    shared_view,
    unit_problem,
)
from ..storage.models import Graph
from .access import readable_graph, role_in
from .context import Ctx
from .errors import Invalid, NotFound
from .results import Indicator, definitions

__all__ = [
    "MAINTAINERS",
    "Framework",
    "Member",
    "indicator_view",
    "load",
    "period_range",
    "shared_indicators",
    "viewer_of",
]

MAINTAINERS = ("owner", "editor")
"""The roles in a framework's organisation that maintain it (see its figures unhidden)."""


@dataclass(frozen=True)
class Member:
    """One member ToC's indicator reporting to a shared indicator."""

    graph_id: int
    key: str  # "org/graph"
    title: str
    indicator: str  # its own indicator id
    node_id: str
    consent: str
    public: bool  # a public graph whose results are public


@dataclass
class Framework:
    """A framework as one viewer sees it: its shared indicators (at the head of its default
    branch), who is looking, and the member ToCs reporting to each indicator."""

    graph: Graph
    key: str
    commit: str
    k: int
    viewer: Viewer
    indicators: dict[str, Indicator]
    members: dict[str, list[Member]] = field(default_factory=dict)
    incompatible: dict[str, int] = field(default_factory=dict)
    values: dict[tuple[int, str], dict[str, MemberValue]] = field(default_factory=dict)

    def contributions(self, shared_id: str) -> list[Contribution]:
        """The domain's contributions to one shared indicator, by member name."""
        return [
            Contribution(
                m.key,
                m.consent,  # type: ignore[arg-type]  # one of CONSENTS (a checked column)
                m.public,
                self.values.get((m.graph_id, m.indicator), {}),
            )
            for m in self.members.get(shared_id, ())
        ]


@lru_cache(maxsize=1024)
def _unit(text: str) -> Mapping[str, Any]:
    return json.loads(text) if text else {}


def viewer_of(ctx: Ctx, graph: Graph, key: str) -> Viewer:
    """Who is looking at the framework ``graph`` named ``key`` (the module's roles)."""
    if ctx.user is None:
        return Viewer("anonymous")
    mine = ctx.uow.reports.graphs_of_user(key, ctx.user.id)
    keys = frozenset(f"{org}/{slug}" for org, slug, _ in mine)
    gives = any(consent == "members" for _, _, consent in mine)
    if role_in(ctx, graph.org) in MAINTAINERS:
        return Viewer("maintainer", keys, gives)
    if keys:
        return Viewer("member", keys, gives)
    return Viewer("outsider")


def load(
    ctx: Ctx, org_slug: str, slug: str, *, shared_id: str | None = None, values: bool = True
) -> Framework:
    """The framework ``org_slug/slug`` (readable by the caller, else 404) with its members
    (of one shared indicator with ``shared_id``) and, with ``values``, their current
    results."""
    graph = readable_graph(ctx, org_slug, slug)
    head = ctx.uow.graphs.head_commit(graph.id, graph.default_branch)
    if head is None:
        raise NotFound(f"{org_slug}/{slug} has no branch {graph.default_branch}")
    indicators = definitions(ctx.store.graph(head.id))
    if shared_id is not None and shared_id not in indicators:
        raise NotFound(f"no indicator {shared_id!r} in {org_slug}/{slug}")
    key = f"{graph.org.slug}/{graph.slug}"
    rows = ctx.uow.reports.reporting_to(key, shared_id)
    members: dict[str, list[Member]] = {}
    incompatible: dict[str, int] = {}
    problems: dict[tuple[str, str], bool] = {}
    for row in rows:
        shared = indicators.get(row.shared_id)
        if shared is None or row.graph_id == graph.id:
            continue
        unit = row.unit or ""
        if (unit, row.shared_id) not in problems:
            problem = unit_problem(_unit(unit), shared.definition)
            problems[(unit, row.shared_id)] = problem is not None
        if problems[(unit, row.shared_id)]:
            incompatible[row.shared_id] = incompatible.get(row.shared_id, 0) + 1
            continue
        members.setdefault(row.shared_id, []).append(
            Member(
                row.graph_id,
                f"{row.org_slug}/{row.slug}",
                row.title,
                row.indicator_id,
                row.node_id,
                row.share_results or "none",
                row.visibility == "public" and bool(row.results_public),
            )
        )
    for listed in members.values():
        listed.sort(key=lambda m: m.key)
    framework = Framework(
        graph,
        key,
        head.id,
        int(graph.aggregate_k or DEFAULT_K),
        viewer_of(ctx, graph, key),
        indicators,
        members,
        incompatible,
    )
    if values and members:
        framework.values = _values(ctx, key, shared_id)
    return framework


def _values(
    ctx: Ctx, key: str, shared_id: str | None
) -> dict[tuple[int, str], dict[str, MemberValue]]:
    """(graph id, indicator id) -> period -> current result, for every indicator reporting
    to the framework ``key`` (one grouped query)."""
    out: dict[tuple[int, str], dict[str, MemberValue]] = {}
    for (
        g,
        i,
        period,
        value,
        numerator,
        denominator,
        text_value,
        categories,
    ) in ctx.uow.reports.current_values(key, shared_id):
        pair = (g, i)
        by_period = out.get(pair)
        if by_period is None:
            by_period = out[pair] = {}
        by_period[period] = MemberValue(value, numerator, denominator, text_value, categories)
    return out


# -- periods --------------------------------------------------------------------------------


def period_range(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """The first day of ``start`` and the last of ``end`` (period codes); Invalid (in the
    query) naming ``from`` or ``to`` for a code that is not one."""
    bounds: list[date | None] = []
    for name, code, side in (("from", start, 0), ("to", end, 1)):
        if code is None:
            bounds.append(None)
            continue
        problem = periods.period_problem(code)
        if problem:
            error = Invalid(problem, where=name)
            error.location = "query"
            raise error
        bounds.append(periods.period_bounds(code)[side])
    return bounds[0], bounds[1]


def _overlaps(code: str, start: date | None, end: date | None) -> bool:
    if not periods.is_period(code):
        return False
    first, last = periods.period_bounds(code)
    return (start is None or last >= start) and (end is None or first <= end)


def _periods(
    viewer: Viewer, contributions: Sequence[Contribution], start: date | None, end: date | None
) -> list[str] | None:
    """The periods to show between ``start`` and ``end``: those the contributions counted
    for this viewer reported in (None: no bounds, every such period: the domain's
    default)."""
    if start is None and end is None:
        return None
    seen: set[str] = set()
    for c in contributions:
        if counted(viewer, c):
            seen.update(c.values)
    return [p for p in seen if _overlaps(p, start, end)]


# -- the views ------------------------------------------------------------------------------


def _member_wire(framework: Framework, shared_id: str) -> dict[str, Member]:
    return {m.key: m for m in framework.members.get(shared_id, ())}


def indicator_view(
    framework: Framework,
    shared_id: str,
    *,
    start: date | None = None,
    end: date | None = None,
    named: bool = True,
) -> tuple[SharedIndicatorView, dict[str, Any]]:
    """One shared indicator as the framework's viewer may see it: the domain's view and
    its wire form with the indicator's definition and box (``named`` False: the values of
    other members' ToCs left out of both, the viewer's own kept)."""
    ind = framework.indicators[shared_id]
    contributions = framework.contributions(shared_id)
    wanted = _periods(framework.viewer, contributions, start, end)
    view = shared_view(
        ind.definition,
        contributions,
        framework.viewer,
        linked=len(contributions),
        k=framework.k,
        periods=wanted,
    )
    if not named:
        view = replace(view, named=tuple(c for c in view.named if c.member in view.own))
    wire = view.to_wire()
    members = _member_wire(framework, shared_id)
    for entry in wire["values"]:
        member = members[entry["member"]]
        entry["title"] = member.title
        entry["indicator"] = member.indicator
    return view, {
        **wire,
        "indicator": shared_id,
        "name": ind.definition.get("name"),
        "node_id": ind.node_id,
        "node_label": ind.node_label,
        "definition": dict(ind.definition),
        "linked": len(contributions),
        "incompatible": framework.incompatible.get(shared_id, 0),
    }


def _head(framework: Framework) -> dict[str, Any]:
    viewer = framework.viewer
    return {
        "framework": framework.key,
        "commit": framework.commit,
        "role": viewer.role,
        "k": framework.k,
        "gives": viewer.gives,
        "members": sorted(viewer.members),
    }


def shared_indicators(
    ctx: Ctx,
    org_slug: str,
    slug: str,
    *,
    from_: str | None = None,
    to: str | None = None,
    named: bool = False,
) -> dict[str, Any]:
    """Every indicator of the framework (at the head of its default branch) with the
    figures this viewer may see (``GET .../shared-indicators``)."""
    start, end = period_range(from_, to)
    framework = load(ctx, org_slug, slug)
    out = [
        indicator_view(framework, iid, start=start, end=end, named=named)[1]
        for iid in framework.indicators
    ]
    return {**_head(framework), "indicators": out}


def shared_indicator(
    ctx: Ctx,
    org_slug: str,
    slug: str,
    shared_id: str,
    *,
    from_: str | None = None,
    to: str | None = None,
) -> dict[str, Any]:
    """One shared indicator with the named values this viewer may see
    (``GET .../shared-indicators/{indicator}``)."""
    start, end = period_range(from_, to)
    framework = load(ctx, org_slug, slug, shared_id=shared_id)
    wire = indicator_view(framework, shared_id, start=start, end=end, named=True)[1]
    return {**_head(framework), **wire}
