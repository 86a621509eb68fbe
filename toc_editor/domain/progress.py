"""Progress: is each indicator, each box and each causal path on track? (issue 13)

Pure: the numbers come only from the arguments (an indicator's definition, its current
results, the day to judge on, the ToC's graph). The rules, as a programme manager reads
them in the ``reason`` of each answer:

Indicator (:func:`indicator_status`)

- ``no_target``: a text indicator, or no target and no per-period targets (a target
  that is not a number counts as none);
- ``no_recent_data``: nothing reported yet, or two whole periods of the indicator's
  frequency (quarterly when unset) have ended since the latest reported one
  (:data:`STALE_AFTER`). Periods that start after the day judged are left out;
- otherwise the latest reported value (cumulative: the sum of every value reported up to
  then) is compared with the value *expected* at the end of its period: that period's
  own target when one is set (for a cumulative indicator, the total expected by then),
  else the straight line from (``baseline_date``, baseline) to (``target_date``,
  target), held at the baseline before and at the target after; without a baseline, a
  baseline date or a target date there is no line and the target itself is expected;
- the progress ratio ``r = (actual - baseline) / (expected - baseline)`` (mirrored for
  ``direction: decrease``); without a baseline ``actual / expected`` (decrease:
  ``expected / actual``). ``on_track`` when ``r >= 0.9``, ``behind`` when
  ``0.6 <= r < 0.9``, ``off_track`` below (:data:`ON_TRACK`, :data:`BEHIND`). When no
  progress is expected yet (expected == baseline) it is on track at least as good as
  expected, else behind;
- yes/no: on track when the answer is "yes" (or when that period's target is 0: no "yes"
  expected yet), else behind until ``target_date`` and off track after it.

Box (:func:`node_status`): the worst of its indicators (off track, behind, no recent
data, on track); ``no_target`` does not count; None when nothing counts.

Paths (:func:`roll_up`): a box is *at risk upstream* when any box with a path into it is
behind or off track; the reasons list those boxes, nearest first. Boxes in a cycle see
each other, never themselves, and the work always ends.

Examples
--------
>>> from datetime import date
>>> jobs = {"id": "jobs", "baseline": 0, "target": 100,
...         "baseline_date": "2025-01-01", "target_date": "2025-12-31"}
>>> p = indicator_status(jobs, [Actual("2025-Q2", 45)], date(2025, 7, 10))
>>> p.status, round(p.expected or 0, 1), round(p.ratio or 0, 2)
('on_track', 49.5, 0.91)
>>> indicator_status(jobs, [Actual("2025-Q2", 25)], date(2025, 7, 10)).status
'off_track'
>>> indicator_status(jobs, [Actual("2025-Q1", 90)], date(2025, 10, 1)).status
'no_recent_data'
>>> node_status(["on_track", "no_target", "behind"])
'behind'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Final, Literal, NamedTuple

import networkx as nx

from .periods import (
    DEFAULT_FREQUENCY,
    FREQUENCIES,
    parse_date,
    period_bounds,
    period_of,
    periods_between,
    shift,
)

__all__ = [
    "BEHIND",
    "MAX_SERIES",
    "NODE_ORDER",
    "ON_TRACK",
    "STALE_AFTER",
    "STATUSES",
    "STATUS_WORDS",
    "UPSTREAM_WORD",
    "Actual",
    "IndicatorProgress",
    "PathProgress",
    "expected_at",
    "graph_progress",
    "indicator_series",
    "indicator_status",
    "node_status",
    "roll_up",
    "to_wire",
]

Status = Literal["on_track", "behind", "off_track", "no_recent_data", "no_target"]
STATUSES: Final = ("on_track", "behind", "off_track", "no_recent_data", "no_target")
#: Short words for a status, as diagrams and reports show them.
STATUS_WORDS: Final = {
    "on_track": "On track",
    "behind": "Behind",
    "off_track": "Off track",
    "no_recent_data": "No recent data",
    "no_target": "No target",
}
UPSTREAM_WORD: Final = "At risk upstream"
#: Worst first: a box takes the first of these any of its indicators has.
NODE_ORDER: Final = ("off_track", "behind", "no_recent_data", "on_track")
#: Thresholds of the progress ratio.
ON_TRACK: Final = 0.9
BEHIND: Final = 0.6
#: Whole periods that may end after the latest reported one before its data is stale.
STALE_AFTER: Final = 2
#: At most this many periods in a dashboard series (the latest ones).
MAX_SERIES: Final = 240

_AT_RISK: Final = frozenset({"behind", "off_track"})
_YES: Final = frozenset({"yes", "y", "true", "1"})
_NO: Final = frozenset({"no", "n", "false", "0"})


class Actual(NamedTuple):
    """One reported (current) result of an indicator: its period and value."""

    period: str
    value: float | None = None
    text_value: str | None = None


@dataclass(frozen=True)
class IndicatorProgress:
    """How one indicator stands: its status, and the numbers and sentence behind it."""

    status: Status
    expected: float | str | None = None
    actual: float | str | None = None
    period: str | None = None  # the latest reported period
    ratio: float | None = None
    reason: str = ""

    def to_wire(self) -> dict[str, Any]:
        """The API's form (``node_id`` is added by :func:`to_wire`)."""
        return {
            "status": self.status,
            "expected": self.expected,
            "actual": self.actual,
            "period": self.period,
            "ratio": self.ratio,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class PathProgress:
    """A box's own status and what lies upstream of it.

    ``upstream`` is ``"at_risk"`` when a box with a path into it is behind or off track,
    ``"ok"`` when boxes upstream have a status and none is, None when none has one.
    ``reasons``: the ids of the boxes at risk upstream, nearest first.
    """

    status: str | None
    upstream: Literal["at_risk", "ok"] | None = None
    reasons: list[str] = field(default_factory=list)


# -- reading a definition ---------------------------------------------------------------


def _number(value: object) -> float | None:
    """A finite number from a number or a numeric string ("1,200", "45%"), else None.

    >>> _number(3), _number(" 1,200 "), _number("45%"), _number("most"), _number(True)
    (3.0, 1200.0, 45.0, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "").removesuffix("%").strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _yes_no(value: float | None, text: str | None) -> str | None:
    """ "yes", "no" or None from a reported yes/no result (text, or 1/0)."""
    if text is not None:
        word = text.strip().lower()
        return "yes" if word in _YES else "no" if word in _NO else None
    if value is not None:
        return "yes" if value == 1 else "no" if value == 0 else None
    return None


def _frequency(definition: Mapping[str, Any]) -> str:
    frequency = definition.get("frequency")
    return frequency if frequency in FREQUENCIES else DEFAULT_FREQUENCY


@lru_cache(maxsize=4096)
def _bounds(period: str) -> tuple[date, date] | None:
    """:func:`period_bounds`, or None when not a period code (remembered: few codes recur)."""
    try:
        return period_bounds(period)
    except ValueError:
        return None


def _period_targets(definition: Mapping[str, Any]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in definition.get("period_targets") or ():
        if isinstance(item, Mapping):
            number = _number(item.get("value"))
            if isinstance(item.get("period"), str) and number is not None:
                out[item["period"]] = number
    return out


def _has_target(definition: Mapping[str, Any]) -> bool:
    if definition.get("unit_type") == "yes_no":
        return definition.get("target") is not None or bool(_period_targets(definition))
    return _number(definition.get("target")) is not None or bool(_period_targets(definition))


@dataclass(frozen=True)
class _Path:
    """What an indicator expects, read once from its definition."""

    targets: dict[str, float]
    target: float | None
    baseline: float | None
    start: date | None
    end: date | None

    @classmethod
    def of(cls, definition: Mapping[str, Any]) -> _Path:
        start = parse_date(definition.get("baseline_date"))
        end = parse_date(definition.get("target_date"))
        return cls(
            _period_targets(definition),
            _number(definition.get("target")),
            _number(definition.get("baseline")),
            start,
            end if start is not None and end is not None and start < end else None,
        )

    def at(self, period: str) -> tuple[float | None, str]:
        if period in self.targets:
            return self.targets[period], "period"
        if self.target is None:
            return None, "none"
        bounds = _bounds(period)
        if self.baseline is None or self.start is None or self.end is None or bounds is None:
            return self.target, "target"
        share = (bounds[1] - self.start).days / (self.end - self.start).days
        return self.baseline + (self.target - self.baseline) * min(1.0, max(0.0, share)), "path"


def expected_at(definition: Mapping[str, Any], period: str) -> tuple[float | None, str]:
    """The value expected at the end of ``period`` and where it comes from: ``"period"``
    (that period's own target), ``"path"`` (the line from baseline to target), ``"target"``
    (the target itself: no line) or ``"none"`` (nothing to expect).

    >>> d = {"baseline": 10, "target": 30, "baseline_date": "2024-12-31",
    ...      "target_date": "2026-12-31", "period_targets": [{"period": "2025-Q4", "value": 25}]}
    >>> expected_at(d, "2025-Q2"), expected_at(d, "2025-Q4"), expected_at(d, "2027-Q1")
    ((14.958904109589042, 'path'), (25.0, 'period'), (30.0, 'path'))
    >>> expected_at({"target": 5}, "2025-Q1"), expected_at({}, "2025-Q1")
    ((5.0, 'target'), (None, 'none'))
    """
    return _Path.of(definition).at(period)


# -- one indicator ----------------------------------------------------------------------


def _fmt(value: float, definition: Mapping[str, Any]) -> str:
    """A number as a reader writes it, with its unit.

    >>> _fmt(1200.0, {}), _fmt(12.345, {"unit_type": "percentage"})
    ('1,200', '12.3%')
    >>> _fmt(99.5, {"unit_type": "currency", "currency": "HKD"})
    'HKD 99.5'
    """
    text = f"{value:,.0f}" if value == round(value) else f"{value:,.3g}"
    if abs(value) >= 1000 and value != round(value):
        text = f"{value:,.1f}"
    unit_type = definition.get("unit_type")
    if unit_type == "percentage":
        return text + "%"
    if unit_type == "currency" and definition.get("currency"):
        return f"{definition['currency']} {text}"
    return text


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _ratio(actual: float, expected: float, baseline: float | None, decrease: bool) -> float | None:
    """The progress ratio; None when no progress is expected (expected == baseline)."""
    if baseline is None:  # attainment: actual against expected
        if decrease:
            return expected / actual if actual > 0 else (1.0 if actual <= expected else 0.0)
        return actual / expected if expected > 0 else (1.0 if actual >= expected else 0.0)
    if expected == baseline:
        return None
    if decrease:
        return (baseline - actual) / (baseline - expected)
    return (actual - baseline) / (expected - baseline)


def _counted(actuals: Iterable[Actual], as_of: date, yes_no: bool) -> list[tuple[date, Actual]]:
    """The actuals that say something, with their period's end, oldest first; one per
    period (the last given wins); periods starting after ``as_of`` are left out."""
    by_period: dict[str, tuple[date, Actual]] = {}
    for actual in actuals:
        bounds = _bounds(actual.period)
        if bounds is None or bounds[0] > as_of:
            continue
        if yes_no:
            if _yes_no(actual.value, actual.text_value) is None:
                continue
        elif actual.value is None or not math.isfinite(actual.value):
            continue
        by_period[actual.period] = (bounds[1], actual)
    return sorted(by_period.values(), key=lambda pair: pair[0])


def _stale(period: str, end: date, frequency: str, as_of: date) -> bool:
    """Whether :data:`STALE_AFTER` whole periods have ended after ``period`` by ``as_of``."""
    following = period_of(end + timedelta(days=1), frequency)
    last = shift(following, STALE_AFTER - 1)
    bounds = _bounds(last)
    return bounds is not None and bounds[1] < as_of


def indicator_status(
    definition: Mapping[str, Any], actuals: Iterable[Actual], as_of: date
) -> IndicatorProgress:
    """The status of one indicator on ``as_of`` from its current results (module rules).

    >>> d = {"unit_type": "yes_no", "target": "yes", "target_date": "2025-06-30"}
    >>> indicator_status(d, [Actual("2025-Q1", text_value="no")], date(2025, 5, 1)).status
    'behind'
    >>> indicator_status(d, [Actual("2025-Q3", text_value="no")], date(2025, 8, 1)).status
    'off_track'
    >>> indicator_status({"unit_type": "text", "target": 3}, [], date(2025, 1, 1)).reason
    'A text indicator has no target to compare with.'
    """
    unit_type = definition.get("unit_type")
    if unit_type == "text":
        return IndicatorProgress(
            "no_target", reason="A text indicator has no target to compare with."
        )
    yes_no = unit_type == "yes_no"
    counted = _counted(actuals, as_of, yes_no)
    latest = counted[-1][1] if counted else None
    if yes_no:
        shown: float | str | None = (
            _yes_no(latest.value, latest.text_value) if latest is not None else None
        )
    else:
        total = math.fsum(float(a.value or 0.0) for _, a in counted)
        cumulative = definition.get("aggregation") == "cumulative"
        shown = (total if cumulative else float(latest.value or 0.0)) if latest else None
    period = latest.period if latest is not None else None

    if not _has_target(definition):
        raw = definition.get("target")
        reason = (
            f"The target “{raw}” is not a number, so progress cannot be measured."
            if isinstance(raw, str) and raw.strip()
            else "No target is set."
        )
        return IndicatorProgress("no_target", actual=shown, period=period, reason=reason)
    if latest is None:
        return IndicatorProgress("no_recent_data", reason="Nothing has been reported yet.")
    end = counted[-1][0]
    frequency = _frequency(definition)
    if _stale(latest.period, end, frequency, as_of):
        return IndicatorProgress(
            "no_recent_data",
            actual=shown,
            period=period,
            reason=f"Nothing reported since {latest.period}: the {STALE_AFTER} "
            f"{frequency.replace('_', '-')} periods after it have ended.",
        )
    if yes_no:
        return _yes_no_status(definition, latest.period, end, str(shown), as_of)

    assert isinstance(shown, float)
    expected, source = _Path.of(definition).at(latest.period)
    if expected is None:
        return IndicatorProgress(
            "no_target",
            actual=shown,
            period=period,
            reason=f"No target applies to {latest.period} (only other periods have one).",
        )
    decrease = definition.get("direction") == "decrease"
    baseline = _number(definition.get("baseline"))
    ratio = _ratio(shown, expected, baseline, decrease)
    if ratio is None:
        good = shown <= expected if decrease else shown >= expected
        status: Status = "on_track" if good else "behind"
    else:
        status = "on_track" if ratio >= ON_TRACK else "behind" if ratio >= BEHIND else "off_track"
    return IndicatorProgress(
        status,
        expected=expected,
        actual=shown,
        period=period,
        ratio=ratio,
        reason=_reason(definition, status, shown, expected, source, latest.period, end, ratio),
    )


def _reason(
    definition: Mapping[str, Any],
    status: Status,
    actual: float,
    expected: float,
    source: str,
    period: str,
    end: date,
    ratio: float | None,
) -> str:
    what = "in total by" if definition.get("aggregation") == "cumulative" else "in"
    by = {
        "period": f"the target for {period}",
        "path": f"expected by {_day(end)} on the way to the target",
        "target": "the target (no baseline and dates to draw a path from)",
    }[source]
    lower = " (lower is better)" if definition.get("direction") == "decrease" else ""
    sentence = (
        f"{_fmt(actual, definition)} {what} {period} against {_fmt(expected, definition)}, "
        f"{by}{lower}"
    )
    if ratio is None:
        return f"{sentence}: no progress expected yet, so {STATUS_WORDS[status].lower()}."
    share = f"{max(-999, min(999, round(ratio * 100)))}% of the progress expected"
    return f"{sentence}: {share}, so {STATUS_WORDS[status].lower()}."


def _yes_no_status(
    definition: Mapping[str, Any], period: str, end: date, answer: str, as_of: date
) -> IndicatorProgress:
    due = parse_date(definition.get("target_date"))
    targets = _period_targets(definition)
    if answer == "yes" or targets.get(period) == 0:
        why = "" if answer == "yes" else f" and no “yes” is expected for {period} yet"
        return IndicatorProgress(
            "on_track",
            expected="yes",
            actual=answer,
            period=period,
            reason=f"The answer for {period} is “{answer}”{why}, so on track.",
        )
    late = due is not None and as_of > due
    status: Status = "off_track" if late else "behind"
    when = (
        f"“yes” was due by {_day(due)}"
        if late and due is not None
        else f"“yes” is expected by {_day(due)}"
        if due is not None
        else "“yes” is expected"
    )
    return IndicatorProgress(
        status,
        expected="yes",
        actual=answer,
        period=period,
        reason=f"The answer for {period} is “{answer}” and {when}, so "
        f"{STATUS_WORDS[status].lower()}.",
    )


# -- boxes and paths --------------------------------------------------------------------


def node_status(indicators: Iterable[IndicatorProgress | str]) -> str | None:
    """The worst status of a box's indicators (``no_target`` does not count), or None.

    >>> node_status(["no_recent_data", "on_track"]), node_status(["no_target"]), node_status([])
    ('no_recent_data', None, None)
    """
    found = {i if isinstance(i, str) else i.status for i in indicators}
    return next((status for status in NODE_ORDER if status in found), None)


def roll_up(G: nx.DiGraph, own: Mapping[str, str | None]) -> dict[str, PathProgress]:
    """Each box's own status and what lies upstream of it, along every chain of edges.

    ``own`` maps node ids to their status (missing: None). From each box that is behind
    or off track, a breadth-first walk along the edges gives every box it reaches and how
    many edges away (each box is visited once per walk, so cycles end, and the boxes of a
    cycle reach each other but not themselves); reasons are sorted by that distance, then
    off track before behind, then the graph's order. Whether anything upstream has a
    status at all is worked out on :func:`networkx.condensation` (cycles shrunk to one
    node), in topological order.

    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("x", "c")])
    >>> out = roll_up(G, {"a": "behind", "b": None, "x": "off_track", "c": "on_track"})
    >>> out["c"]
    PathProgress(status='on_track', upstream='at_risk', reasons=['x', 'a'])
    >>> out["a"].upstream, out["b"].reasons
    (None, ['a'])
    >>> loop = roll_up(nx.DiGraph([("a", "b"), ("b", "a")]), {"a": "behind"})
    >>> loop["b"].reasons, loop["a"].upstream
    (['a'], None)
    """
    status = {n: own.get(n) for n in G}
    severity = {"off_track": 0, "behind": 1}
    successors = G.succ
    # per box: (distance, severity, graph order, id) of each box at risk upstream
    found: dict[str, list[tuple[int, int, int, str]]] = {n: [] for n in G}
    for index, u in enumerate(G):
        rank = severity.get(str(status[u]))
        if rank is None:
            continue
        distance = {u: 0}
        frontier, steps = [u], 0
        while frontier:
            steps += 1
            following = []
            for x in frontier:
                for y in successors[x]:
                    if y not in distance:
                        distance[y] = steps
                        following.append(y)
            frontier = following
        del distance[u]
        for v, d in distance.items():
            found[v].append((d, rank, index, u))

    C = nx.condensation(G)
    mapping: dict[str, int] = C.graph["mapping"]
    known = {c: sum(status[m] is not None for m in C.nodes[c]["members"]) for c in C}
    known_upstream: dict[int, bool] = {}
    for c in nx.topological_sort(C):
        known_upstream[c] = any(known_upstream[p] or known[p] for p in C.predecessors(c))

    out: dict[str, PathProgress] = {}
    for n in G:
        reasons = [u for *_, u in sorted(found[n])]
        c = mapping[n]
        seen = known_upstream[c] or known[c] - (status[n] is not None) > 0
        upstream: Literal["at_risk", "ok"] | None = "at_risk" if reasons else "ok" if seen else None
        out[n] = PathProgress(status[n], upstream, reasons)
    return out


# -- the whole ToC ----------------------------------------------------------------------


def graph_progress(
    G: nx.DiGraph, actuals: Mapping[str, Sequence[Actual]], as_of: date
) -> tuple[dict[str, tuple[str, IndicatorProgress]], dict[str, PathProgress]]:
    """Every indicator's progress (with the id of its box) and every box's path progress,
    for a ToC ``G`` (as :func:`~toc_editor.domain.model.from_document` builds it) and the
    current results by indicator id."""
    indicators: dict[str, tuple[str, IndicatorProgress]] = {}
    own: dict[str, str | None] = {}
    for n, data in G.nodes(data=True):
        mine = [
            (i["id"], indicator_status(i, actuals.get(i["id"], ()), as_of))
            for i in data.get("indicators") or ()
        ]
        indicators.update((iid, (n, p)) for iid, p in mine)
        own[n] = node_status(p for _, p in mine)
    return indicators, roll_up(G, own)


def to_wire(
    as_of: date,
    indicators: Mapping[str, tuple[str, IndicatorProgress]],
    paths: Mapping[str, PathProgress],
    labels: Mapping[str, str],
) -> dict[str, Any]:
    """The API's form of a ToC's progress.

    >>> G = nx.DiGraph([("a", "b")])
    >>> wire = to_wire(date(2025, 1, 1), {}, roll_up(G, {"a": "behind"}), {"a": "Train"})
    >>> wire["nodes"]["b"]["upstream"], wire["nodes"]["b"]["reasons"]
    ('at_risk', [{'id': 'a', 'label': 'Train', 'status': 'behind'}])
    """
    return {
        "as_of": as_of.isoformat(),
        "indicators": {
            iid: {**progress.to_wire(), "node_id": node_id}
            for iid, (node_id, progress) in indicators.items()
        },
        "nodes": {
            n: {
                "status": path.status,
                "upstream": path.upstream,
                "reasons": [
                    {"id": u, "label": labels.get(u, ""), "status": paths[u].status}
                    for u in path.reasons
                ],
            }
            for n, path in paths.items()
        },
    }


# -- dashboard series -------------------------------------------------------------------


def indicator_series(
    definition: Mapping[str, Any],
    actuals: Iterable[Actual],
    as_of: date,
    categories: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """One row per period for a chart of target path against actuals.

    The periods: those from ``baseline_date`` to ``target_date`` (by the indicator's
    frequency), those with a result or a period target, and, when that gives none, the
    last four up to ``as_of``; at most :data:`MAX_SERIES` (the latest). ``actual`` is the
    reported value (cumulative: the running total; yes/no: 1 or 0; text: None) and
    ``value`` what was reported for the period itself; ``target`` is
    :func:`expected_at` (yes/no: 1 when "yes" is due).

    >>> d = {"baseline": 0, "target": 40, "aggregation": "cumulative", "frequency": "yearly",
    ...      "baseline_date": "2024-12-31", "target_date": "2028-12-31"}
    >>> rows = indicator_series(d, [Actual("2025", 8), Actual("2026", 12)], date(2027, 1, 5))
    >>> [(r["period"], r["actual"], r["value"], round(r["target"])) for r in rows[:3]]
    [('2025', 8.0, 8.0, 10), ('2026', 20.0, 12.0, 20), ('2027', None, None, 30)]
    """
    frequency = _frequency(definition)
    unit_type = definition.get("unit_type")
    yes_no = unit_type == "yes_no"
    path = _Path.of(definition)
    by_period = {a.period: a for a in actuals if _bounds(a.period) is not None}
    wanted = set(by_period) | {p for p in path.targets if _bounds(p) is not None}
    start = parse_date(definition.get("baseline_date"))
    end = parse_date(definition.get("target_date"))
    if start is not None and end is not None:
        # from the period after the baseline day to the one holding the target day
        path_start = start + timedelta(days=1)
        if (end - path_start).days <= MAX_SERIES * 366:
            wanted.update(periods_between(path_start, end, frequency))
    if not wanted:
        last = period_of(as_of, frequency)
        wanted.update(shift(last, -k) for k in range(4))
    periods = sorted(wanted, key=lambda p: _bounds(p) or (date.min, date.min))[-MAX_SERIES:]
    due = parse_date(definition.get("target_date"))
    cumulative = definition.get("aggregation") == "cumulative" and not yes_no
    total = 0.0
    rows: list[dict[str, Any]] = []
    for period in periods:
        first, last_day = _bounds(period) or (date.min, date.min)  # codes only, as above
        reported = by_period.get(period)
        value: float | None = None
        if reported is not None and unit_type != "text":
            if yes_no:
                answer = _yes_no(reported.value, reported.text_value)
                value = None if answer is None else float(answer == "yes")
            elif reported.value is not None and math.isfinite(reported.value):
                value = float(reported.value)
        actual = value
        if cumulative and value is not None:
            total += value
            actual = total
        if yes_no:
            own = path.targets.get(period)
            target: float | None = (
                own if own is not None else 1.0 if due is not None and last_day >= due else None
            )
        elif unit_type == "text":
            target = None
        else:
            target = path.at(period)[0]
        rows.append(
            {
                "period": period,
                "start": first.isoformat(),
                "end": last_day.isoformat(),
                "actual": actual,
                "value": value,
                "text_value": reported.text_value if reported is not None else None,
                "target": target,
                "categories": (categories or {}).get(period),
            }
        )
    return rows
