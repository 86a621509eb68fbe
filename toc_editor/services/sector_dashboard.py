"""The sector pathway dashboard of a framework ToC (issue 14): the sector map with
aggregate progress (``GET .../sector/dashboard``).

Per node of the framework (at the head of its default branch):

- ``indicators``: its shared indicators with the figures this viewer may see
  (:mod:`.shared_measurement`): the latest period with a headline figure (the sum of
  counts and money, the mean of percentages and scales, the share of yes) that is not
  hidden, that figure, its ``change`` on the period before, how many member ToCs reported
  then of how many report to it (``linked``), and the **status**: the framework
  indicator's own baseline/target path judged against the headline figures by
  :func:`toc_editor.domain.progress.indicator_status`, as a ToC's own indicator is (none
  for yes/no and text, and none where this viewer gets no figures: ``note`` says why);
- ``status``: the worst of them (:func:`toc_editor.domain.progress.node_status`);
- ``contributors``: the member ToCs whose boxes link into it (the ``node_links`` index),
  named where this viewer may see them (a public graph, one of the viewer's own
  organisation, or, for the framework's maintainers, one that shares its results with
  them), counted in ``unnamed`` otherwise; a named contributor's ``reporting`` is
  ``reporting`` (a result for one of the node's shared indicators in the last
  :data:`~toc_editor.domain.progress.STALE_AFTER` periods), ``not_recent``,
  ``not_reporting`` (it reports to one, with no result yet), ``not_measured`` (none of
  its indicators reports to the node's), or None where this viewer may not see its
  results (they are public, its own, or consented to the maintainers);
- ``gaps``: outcomes and impacts nobody links into (as the sector map), ``unmeasured``:
  outcomes and impacts with no shared indicator any member ToC reports to.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from ..domain import periods
from ..domain.progress import STALE_AFTER, Actual, indicator_status, node_status
from ..domain.shared_measurement import HEADLINE, Contribution, Viewer, visible
from ..storage.serial import gc_paused
from .context import Ctx
from .shared_measurement import Framework, Member, indicator_view, load

__all__ = ["REPORTING", "dashboard"]

REPORTING = ("reporting", "not_recent", "not_reporting", "not_measured")
_JUDGED = ("count", "currency", "percentage", "scale")


def _stale(period: str, as_of: date) -> bool:
    """Whether STALE_AFTER whole periods (of ``period``'s frequency) ended after it."""
    end = periods.period_bounds(period)[1]
    following = periods.period_of(end + timedelta(days=1), periods.frequency_of(period))
    return periods.period_bounds(periods.shift(following, STALE_AFTER - 1))[1] < as_of


def _indicator(framework: Framework, shared_id: str, as_of: date) -> dict[str, Any]:
    _, wire = indicator_view(framework, shared_id, named=False)
    unit_type = wire["unit_type"]
    figure = HEADLINE.get(unit_type)
    rows = [
        a
        for a in wire["aggregates"] or ()
        if not a["suppressed"] and figure and a.get(figure) is not None
    ]
    latest = rows[-1] if rows else None
    status = reason = None
    hidden = wire["role"] != "maintainer" and not rows
    if hidden and wire["aggregates"]:  # every figure hidden: nothing to judge
        reason = wire["aggregates"][-1]["reason"]
    elif unit_type in _JUDGED and wire["aggregates"] is not None:
        actuals = [Actual(a["period"], a[figure]) for a in rows]
        judged = indicator_status(framework.indicators[shared_id].definition, actuals, as_of)
        status, reason = judged.status, judged.reason
    return {
        "id": shared_id,
        "name": wire["name"],
        "unit_type": unit_type,
        "figure": figure,
        "period": latest and latest["period"],
        "value": latest and latest[figure],
        "change": latest and latest["change"],
        "reporting": latest and latest["reporting"],
        "linked": wire["linked"],
        "status": status,
        "reason": reason,
        "note": wire["note"],
    }


def _reporting(
    framework: Framework, members: list[tuple[str, Member]], as_of: date
) -> tuple[str, str | None]:
    """A contributor's reporting status on a node (``members``: its indicators reporting
    to the node's shared ones, with their ids), and the latest period it reported."""
    if not members:
        return "not_measured", None
    reported = [
        period
        for shared_id, m in members
        for period in framework.values.get(shared_id, {}).get(m.graph_id, {})
        if periods.is_period(period)
    ]
    if not reported:
        return "not_reporting", None
    latest = max(reported, key=lambda p: periods.period_bounds(p)[1])
    return ("not_recent" if _stale(latest, as_of) else "reporting"), latest


def _sees_results(viewer: Viewer, key: str, consent: str, public: bool) -> bool:
    """Whether ``viewer`` may see a member ToC's results (the domain's :func:`visible`)."""
    return visible(viewer, Contribution(key, consent, public, {}))  # type: ignore[arg-type]


def dashboard(ctx: Ctx, org_slug: str, slug: str, as_of: date | None = None) -> dict[str, Any]:
    """The sector dashboard of the framework ``org_slug/slug`` as this viewer may see it
    (the module's rules); 404 when the caller may not read the framework."""
    with gc_paused():  # hundreds of thousands of small objects: no collector passes
        return _dashboard(ctx, load(ctx, org_slug, slug), as_of or ctx.now().date())


def _dashboard(ctx: Ctx, framework: Framework, day: date) -> dict[str, Any]:
    """:func:`dashboard`'s body, on the framework as its viewer sees it."""
    viewer = framework.viewer
    G = ctx.store.graph(framework.commit)
    mine: set[int] = set()
    if ctx.user is not None:
        mine = {m.org_id for m in ctx.uow.orgs.memberships_of(ctx.user.id)}
    by_graph: dict[int, dict[str, list[Member]]] = defaultdict(lambda: defaultdict(list))
    for shared_id, listed in framework.members.items():
        for m in listed:
            by_graph[m.graph_id][shared_id].append(m)
    on_node: dict[str, list[str]] = defaultdict(list)
    for shared_id, ind in framework.indicators.items():
        on_node[ind.node_id].append(shared_id)

    links: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    for link, source in ctx.uow.graphs.links_to(framework.key):
        node_id = link.target.partition("#")[2]
        if node_id in G and source.id != framework.graph.id:
            links[node_id].append((link, source))

    indicators = {iid: _indicator(framework, iid, day) for iid in framework.indicators}
    nodes = []
    for node_id, data in sorted(G.nodes(data=True), key=lambda n: (n[1]["kind"], n[1]["label"])):
        shared = on_node.get(node_id, [])
        contributors = []
        unnamed = 0
        for link, source in links.get(node_id, ()):
            own = source.org_id in mine
            consent = source.share_results or "none"
            public_graph = source.visibility == "public"
            named = (
                public_graph
                or own
                or (viewer.role == "maintainer" and consent in ("maintainers", "members"))
            )
            if not named:
                unnamed += 1
                continue
            key = f"{source.org.slug}/{source.slug}"
            reporting = [
                (iid, m) for iid in shared for m in by_graph.get(source.id, {}).get(iid, [])
            ]
            results_public = public_graph and bool(source.results_public)
            status, period = _reporting(framework, reporting, day)
            shows = own or _sees_results(viewer, key, consent, results_public)
            contributors.append(
                {
                    "org": source.org.slug,
                    "graph": source.slug,
                    "title": source.title,
                    "node": link.node_id,
                    "label": link.label,
                    "relation": link.relation,
                    "reporting": status if shows else None,
                    "last_period": period if shows else None,
                }
            )
        contributors.sort(key=lambda c: (c["org"], c["graph"], c["node"]))
        mine_here = [indicators[i] for i in shared]
        nodes.append(
            {
                "id": node_id,
                "label": data["label"],
                "kind": data["kind"],
                "status": node_status(i["status"] for i in mine_here if i["status"]),
                "indicators": mine_here,
                "contributors": contributors,
                "count": len(contributors) + unnamed,
                "unnamed": unnamed,
                "measured": any(i["linked"] for i in mine_here),
            }
        )
    results = [n for n in nodes if n["kind"] in ("outcome", "impact")]
    return {
        "framework": framework.key,
        "commit": framework.commit,
        "as_of": day.isoformat(),
        "role": viewer.role,
        "k": framework.k,
        "nodes": nodes,
        "gaps": [n["id"] for n in results if n["count"] == 0],
        "unmeasured": [n["id"] for n in results if not n["measured"]],
    }
