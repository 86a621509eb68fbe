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
from typing import Any, NamedTuple

import orjson

from ..domain import periods
from ..domain.shared_measurement import (
    DEFAULT_K,
    NUMERIC,
    Contribution,
    MemberValue,
    SharedIndicatorView,
    Viewer,
    counted,
    shared_view,
    unit_problem,
)
from ..storage.models import Graph
from ..storage.serial import gc_paused
from .access import readable_graph, role_in
from .context import Ctx
from .errors import Invalid, NotFound
from .results import Indicator, definitions

__all__ = [
    "MAINTAINERS",
    "Framework",
    "Member",
    "admitted",
    "indicator_view",
    "load",
    "period_range",
    "shared_indicators",
    "viewer_of",
]

MAINTAINERS = ("owner", "editor")
"""The roles in a framework's organisation that maintain it (see its figures unhidden)."""


class Member(NamedTuple):
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
    values: dict[str, dict[int, dict[str, MemberValue]]] = field(default_factory=dict)
    """Shared indicator id -> member graph id -> period -> current result, of the members
    whose results this viewer may count or see (:func:`admitted`)."""

    def contributions(self, shared_id: str) -> list[Contribution]:
        """The domain's contributions to one shared indicator, by member name."""
        values = self.values.get(shared_id, {})
        return [
            Contribution(
                m.key,
                m.consent,  # type: ignore[arg-type]  # one of CONSENTS (a checked column)
                m.public,
                values.get(m.graph_id, {}),
            )
            for m in self.members.get(shared_id, ())
        ]


@lru_cache(maxsize=1024)
def _unit(text: str) -> Mapping[str, Any]:
    return json.loads(text) if text else {}


def viewer_of(ctx: Ctx, graph: Graph, key: str) -> tuple[Viewer, tuple[int, ...]]:
    """Who is looking at the framework ``graph`` named ``key`` (the module's roles), and
    the ids of the viewer's own graphs reporting to it."""
    if ctx.user is None:
        return Viewer("anonymous"), ()
    mine = ctx.uow.reports.graphs_of_user(key, ctx.user.id)
    keys = frozenset(f"{org}/{slug}" for _, org, slug, _ in mine)
    gives = any(consent == "members" for *_, consent in mine)
    own = tuple(g for g, *_ in mine)
    if role_in(ctx, graph.org) in MAINTAINERS:
        return Viewer("maintainer", keys, gives), own
    if keys:
        return Viewer("member", keys, gives), own
    return Viewer("outsider"), own


def admitted(viewer: Viewer) -> tuple[str, ...]:
    """The consents of the member ToCs whose results count for ``viewer`` (the domain's
    :func:`~toc_editor.domain.shared_measurement.counted`): only those, the public ones
    and the viewer's own are read at all."""
    if viewer.role == "maintainer":
        return ("maintainers", "members")
    return ("members",) if viewer.role == "member" and viewer.gives else ()


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
    members: dict[str, list[Member]] = {}
    incompatible: dict[str, int] = {}
    fits: dict[tuple[str, str], bool] = {}
    named: dict[int, tuple[str, str, bool]] = {}  # a graph's key, title, public results
    for row in ctx.uow.reports.reporting_to(key, shared_id):
        g, indicator_id, node_id, iid, unit, org, graph_slug, title, visibility, public, consent = (
            row
        )
        shared = indicators.get(iid)
        if shared is None or g == graph.id:
            continue
        fit = fits.get((unit, iid))
        if fit is None:
            fit = fits[(unit, iid)] = unit_problem(_unit(unit or ""), shared.definition) is None
        if not fit:
            incompatible[iid] = incompatible.get(iid, 0) + 1
            continue
        names = named.get(g)
        if names is None:
            names = named[g] = (
                f"{org}/{graph_slug}",
                title,
                visibility == "public" and bool(public),
            )
        listed = members.get(iid)
        if listed is None:
            listed = members[iid] = []
        listed.append(
            Member(g, names[0], names[1], indicator_id, node_id, consent or "none", names[2])
        )
    for listed in members.values():
        listed.sort(key=lambda m: m.key)
    viewer, own = viewer_of(ctx, graph, key)
    framework = Framework(
        graph,
        key,
        head.id,
        int(graph.aggregate_k or DEFAULT_K),
        viewer,
        indicators,
        members,
        incompatible,
    )
    if values:
        consents = admitted(viewer)
        for iid in members:
            framework.values[iid] = _values(ctx, key, indicators[iid], consents, own)
    return framework


def _values(
    ctx: Ctx, key: str, shared: Indicator, consents: Sequence[str], own: Sequence[int]
) -> dict[int, dict[str, MemberValue]]:
    """Member graph id -> period -> current result, for the indicators reporting to the
    shared indicator ``key#shared.id`` of the graphs sharing with ``consents``, public or
    ``own``: one query, reading only the columns its unit type uses."""
    unit_type = shared.unit_type
    parts = unit_type == "percentage"
    text = unit_type in ("yes_no", "text")
    # a member's categories only where the framework splits the indicator too (the
    # figures use no others; each column read costs, per result)
    split = unit_type in NUMERIC and bool(shared.definition.get("disaggregations"))
    rows = ctx.uow.reports.current_values(
        key, shared.id, consents=consents, own=own, parts=parts, text=text, categories=split
    )
    make = tuple.__new__  # a NamedTuple's own constructor costs twice as much, per result
    loads = orjson.loads

    def value(row: tuple[Any, ...]) -> MemberValue:
        numerator, denominator = (row[3], row[4]) if parts else (None, None)
        at = 5 if parts else 3
        text_value = row[at] if text else None
        raw = row[-2] if split else None
        categories = None if raw is None else loads(raw)
        return make(MemberValue, (row[2], numerator, denominator, text_value, categories))  # type: ignore[no-any-return]

    out: dict[int, dict[str, MemberValue]] = {}
    clashes: set[tuple[int, str]] = set()  # periods reported more than once (corrections)
    if not (parts or text or split):  # counts, money, scales: without a call per row
        for g, period, number, _ in rows:
            by_period = out.get(g)
            if by_period is None:
                by_period = out[g] = {}
            elif period in by_period:
                clashes.add((g, period))
            by_period[period] = make(MemberValue, (number, None, None, None, None))
    else:
        for row in rows:
            by_period = out.get(row[0])
            if by_period is None:
                by_period = out[row[0]] = {}
            elif row[1] in by_period:
                clashes.add((row[0], row[1]))
            by_period[row[1]] = value(row)
    if clashes:  # the current value is the latest row (the highest id)
        latest: dict[tuple[int, str], tuple[Any, ...]] = {}
        for row in rows:
            here = (row[0], row[1])
            if here in clashes and (here not in latest or row[-1] > latest[here][-1]):
                latest[here] = row
        for (g, period), row in latest.items():
            out[g][period] = value(row)
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
    with gc_paused():  # hundreds of thousands of small objects: no collector passes
        framework = load(ctx, org_slug, slug)
        out = [
            indicator_view(framework, iid, start=start, end=end, named=named)[1]
            for iid in framework.indicators
        ]
        body = {**_head(framework), "indicators": out}
        del framework  # freed while paused: no collector pass over them afterwards
    return body


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
    with gc_paused():
        framework = load(ctx, org_slug, slug, shared_id=shared_id)
        wire = indicator_view(framework, shared_id, start=start, end=end, named=True)[1]
        framework.values.clear()  # freed while paused
    return {**_head(framework), **wire}
