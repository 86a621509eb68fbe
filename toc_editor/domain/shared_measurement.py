"""Shared measurement: what each viewer may see of a framework's shared indicators (issue 14).

A sector *framework* ToC has shared indicators; indicators in member organisations' ToCs
report to one of them (``reports_to: "org/graph#indicator_id"``). Pure: everything comes
from the arguments (the shared indicator's definition, each member ToC's values and
settings, who is looking), so the rules below are table-tested without a database.

Each member ToC (a :class:`Contribution`) has a *consent*:

- ``"none"`` (the default): nothing flows to the framework;
- ``"maintainers"``: its values flow to the framework's maintainers only, who see them by
  name and count them in their figures;
- ``"members"``: as ``"maintainers"``, and its values also count in the anonymous figures
  the framework's members see.

A member ToC may also be *public* (a public graph whose results are public): then anyone
sees its values by name, but it still counts in figures only as its consent says.

Who is looking (a :class:`Viewer`):

- a ``"maintainer"`` of the framework: figures over the member ToCs consenting at
  ``"maintainers"`` or ``"members"``, never hidden; the values of those ToCs and of
  public ones, by name;
- a ``"member"`` (owns or edits a member ToC that reports to the framework): its own
  values always, other members' values only when public. *Give to get*: only when at
  least one of its ToCs consents at ``"members"`` (``gives``) does it see figures, over
  the ToCs consenting at ``"members"``, and where its own value stands against them
  (:data:`BANDS`); otherwise no figures at all;
- an ``"outsider"`` (signed in, no role) or ``"anonymous"``: the values of public member
  ToCs, no figures.

Figures (:class:`PeriodFigures`), per period, over the admitted ToCs that reported in it:
``reporting`` (how many), ``linked`` (how many member ToCs report to the indicator,
whatever their consent; given), ``coverage`` = reporting / linked, ``sum`` (counts and
money), ``mean`` (percentages: sum of numerators / sum of denominators when every value
has both, else the plain mean; scales and the rest: the plain mean), ``median``, ``q1``,
``q3`` (:func:`statistics.quantiles`, inclusive; one value is all three), ``change``
(the headline figure, :data:`HEADLINE`, minus the previous period's in the same view) and
``categories``: per disaggregation of the shared indicator, each category's sum (counts,
money) or mean (percentages, scales: levels, not parts) over the ToCs whose categories
for it are exactly the shared ones (others are left out and counted apart). Yes/no gives
``reporting``, ``coverage`` and ``yes_share`` (0..1); text gives ``reporting`` and
``coverage``.

*At least k*: for everyone but maintainers, a period's figures built from fewer than
``k`` ToCs are hidden (every number None, ``reporting`` and ``coverage`` too: only
``linked`` stays; ``suppressed`` True, a ``reason``), and so is a
disaggregation that includes fewer than ``k``; for counts and money also one that leaves
out between 1 and k - 1 of the reporting ToCs, since the total minus the split would
show what those few reported. ``change`` is None when either period is hidden.

Examples
--------
>>> jobs = {"id": "jobs", "unit_type": "count"}
>>> team = [Contribution(f"m{i}", "members", False, {"2025-Q1": MemberValue(10.0 * i)})
...         for i in range(1, 6)]
>>> me = Viewer("member", frozenset({"m1"}), gives=True)
>>> row = shared_view(jobs, team, me, linked=8).aggregates[0]
>>> row.sum, row.reporting, row.coverage, (row.q1, row.median, row.q3)
(150.0, 5, 0.625, (20.0, 30.0, 40.0))
>>> shared_view(jobs, team, me, linked=8).benchmarks[0].band
'below_q1'
>>> few = shared_view(jobs, team[:4], me, linked=8).aggregates[0]
>>> few.suppressed, few.sum, few.reason
(True, None, 'Fewer than 5 member ToCs reported for 2025-Q1: figures from so few are hidden.')
>>> shared_view(jobs, team[:4], Viewer("maintainer"), linked=8).aggregates[0].sum
100.0
>>> outsider = shared_view(jobs, team, Viewer("outsider"), linked=8)
>>> outsider.aggregates, outsider.named
(None, ())
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Final, Literal, NamedTuple

from .entities import UNIT_TYPES
from .periods import DEFAULT_FREQUENCY, period_bounds, shift

__all__ = [
    "ADDITIVE",
    "BANDS",
    "BAND_WORDS",
    "CONSENTS",
    "DEFAULT_K",
    "HEADLINE",
    "NUMERIC",
    "ROLES",
    "Benchmark",
    "CategoryFigures",
    "Contribution",
    "MemberValue",
    "PeriodFigures",
    "SharedIndicatorView",
    "Viewer",
    "counted",
    "shared_view",
    "unit_problem",
    "visible",
]

Consent = Literal["none", "maintainers", "members"]
Role = Literal["maintainer", "member", "outsider", "anonymous"]
Band = Literal["below_q1", "q1_median", "median_q3", "above_q3"]

CONSENTS: Final = ("none", "maintainers", "members")
ROLES: Final = ("maintainer", "member", "outsider", "anonymous")
DEFAULT_K: Final = 5
#: Where a value stands against the quartiles: ``v < q1``, ``q1 <= v < median``,
#: ``median <= v <= q3``, ``v > q3``.
BANDS: Final = ("below_q1", "q1_median", "median_q3", "above_q3")
BAND_WORDS: Final = {
    "below_q1": "In the lowest quarter",
    "q1_median": "Below the median",
    "median_q3": "At or above the median",
    "above_q3": "In the highest quarter",
}
#: Unit types whose values add up (a sum is shown, categories are parts of the value).
ADDITIVE: Final = frozenset({"count", "currency"})
NUMERIC: Final = frozenset({"count", "currency", "percentage", "scale"})
#: The figure ``change`` compares, per unit type (text has none).
HEADLINE: Final = {
    "count": "sum",
    "currency": "sum",
    "percentage": "mean",
    "scale": "mean",
    "yes_no": "yes_share",
}

_TO_MAINTAINERS: Final = frozenset({"maintainers", "members"})
_UNIT_WORDS: Final = {
    "count": "a count",
    "percentage": "a percentage",
    "currency": "an amount of money",
    "scale": "a scale",
    "yes_no": "a yes/no answer",
    "text": "text",
}
_NO_FIGURES: Final = {
    "member": "Share your results with the framework's members (consent “members”) to see "
    "how the others are doing.",
    "outsider": "Only the framework's maintainers and its members who share their results "
    "see combined figures.",
}


# -- inputs -----------------------------------------------------------------------------


class MemberValue(NamedTuple):
    """A member ToC's current result for one period (as services/results.py keeps it)."""

    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    text_value: str | None = None
    categories: Mapping[str, Mapping[str, float]] | None = None


class Contribution(NamedTuple):
    """One member ToC's indicator reporting to the shared one: ``member`` names the ToC
    (an id the caller can turn into a name), ``values`` its results by period code.
    ``public``: its graph and its results are public. An unknown consent counts as
    ``"none"``."""

    member: str
    consent: Consent
    public: bool
    values: Mapping[str, MemberValue]


class Viewer(NamedTuple):
    """Who is looking: ``members`` are the member ToCs that are theirs; ``gives`` whether
    at least one of them consents at ``"members"`` (anywhere in the framework: the
    caller knows). Outsiders and anonymous viewers have no ToCs of their own here."""

    role: Role
    members: frozenset[str] = frozenset()
    gives: bool = False


def counted(viewer: Viewer, contribution: Contribution) -> bool:
    """Whether ``contribution`` counts in the figures ``viewer`` sees.

    >>> c = Contribution("a", "maintainers", True, {})
    >>> counted(Viewer("maintainer"), c), counted(Viewer("member", gives=True), c)
    (True, False)
    """
    if viewer.role == "maintainer":
        return contribution.consent in _TO_MAINTAINERS
    if viewer.role == "member" and viewer.gives:
        return contribution.consent == "members"
    return False


def visible(viewer: Viewer, contribution: Contribution) -> bool:
    """Whether ``viewer`` sees ``contribution``'s values by name.

    >>> private = Contribution("a", "members", False, {})
    >>> visible(Viewer("maintainer"), private), visible(Viewer("member", gives=True), private)
    (True, False)
    >>> visible(Viewer("member", frozenset({"a"})), private), visible(Viewer("anonymous"),
    ...     private._replace(public=True))
    (True, True)
    """
    if contribution.public:
        return True
    if viewer.role == "maintainer" and contribution.consent in _TO_MAINTAINERS:
        return True
    return viewer.role in ("maintainer", "member") and contribution.member in viewer.members


# -- outputs ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CategoryFigures:
    """One disaggregation's figures in a period: each category's sum (``figure`` "sum")
    or mean ("mean") over the ``included`` ToCs whose categories match the shared ones
    exactly; ``left_out`` reported but split otherwise (or not at all)."""

    name: str
    figure: Literal["sum", "mean"]
    included: int | None
    left_out: int | None
    values: Mapping[str, float] | None
    suppressed: bool = False
    reason: str | None = None

    def to_wire(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "figure": self.figure,
            "included": self.included,
            "left_out": self.left_out,
            "values": None if self.values is None else dict(self.values),
            "suppressed": self.suppressed,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """The figures of one period as one viewer may see them (the module's rules)."""

    period: str
    linked: int
    reporting: int | None
    coverage: float | None
    sum: float | None = None
    mean: float | None = None
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    yes_share: float | None = None
    change: float | None = None
    categories: tuple[CategoryFigures, ...] = ()
    suppressed: bool = False
    reason: str | None = None

    def to_wire(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "linked": self.linked,
            "reporting": self.reporting,
            "coverage": self.coverage,
            "sum": self.sum,
            "mean": self.mean,
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "yes_share": self.yes_share,
            "change": self.change,
            "categories": [c.to_wire() for c in self.categories],
            "suppressed": self.suppressed,
            "reason": self.reason,
        }


class Benchmark(NamedTuple):
    """Where one of the viewer's own values stands against the figures it sees."""

    member: str
    period: str
    value: float
    band: Band

    def to_wire(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "period": self.period,
            "value": self.value,
            "band": self.band,
            "words": BAND_WORDS[self.band],
        }


@dataclass(frozen=True)
class SharedIndicatorView:
    """A shared indicator as one viewer may see it.

    ``aggregates``: one :class:`PeriodFigures` per period, oldest first, or None when this
    viewer gets no figures (``note`` says why). ``named``: the contributions whose values
    the viewer sees by name (the inputs themselves, not copies), in the given order;
    ``own``: which of them are the viewer's. ``periods``: the periods asked for (None:
    every period; :meth:`to_wire` then lists every value of the named ToCs).
    """

    indicator: str | None
    unit_type: str
    role: Role
    k: int
    aggregates: tuple[PeriodFigures, ...] | None
    named: tuple[Contribution, ...]
    own: frozenset[str]
    benchmarks: tuple[Benchmark, ...] = ()
    periods: tuple[str, ...] | None = None
    note: str | None = None

    def to_wire(self) -> dict[str, Any]:
        """The API's form: JSON-safe (no NaN: a value that is not a finite number is
        None), a consent never shown."""
        wanted = None if self.periods is None else frozenset(self.periods)
        return {
            "indicator": self.indicator,
            "unit_type": self.unit_type,
            "role": self.role,
            "k": self.k,
            "aggregates": None
            if self.aggregates is None
            else [a.to_wire() for a in self.aggregates],
            "note": self.note,
            "values": [
                {
                    "member": c.member,
                    "own": c.member in self.own,
                    "public": bool(c.public),
                    "values": [
                        _value_wire(period, v)
                        for period, v in sorted(c.values.items(), key=lambda pv: _order(pv[0]))
                        if wanted is None or period in wanted
                    ],
                }
                for c in self.named
            ],
            "benchmarks": [b.to_wire() for b in self.benchmarks],
        }


def _finite(x: Any) -> float | None:
    """``x`` as a float when it is a finite number, else None (JSON has no NaN).

    >>> _finite(2), _finite(math.inf), _finite(None), _finite("2")
    (2.0, None, None, None)
    """
    if x is None or x.__class__ not in (float, int):
        return None
    return float(x) if x - x == 0 else None  # inf - inf and nan - nan are nan


def _value_wire(period: str, v: MemberValue) -> dict[str, Any]:
    categories = None
    if v.categories:
        categories = {
            name: {c: _finite(x) for c, x in split.items()} for name, split in v.categories.items()
        }
    return {
        "period": period,
        "value": _finite(v.value),
        "numerator": _finite(v.numerator),
        "denominator": _finite(v.denominator),
        "text_value": v.text_value,
        "categories": categories,
    }


@lru_cache(maxsize=4096)
def _order(period: str) -> tuple[int, int, int, str]:
    """Periods oldest first (then the shorter first); anything else after them, by text."""
    try:
        start, end = period_bounds(period)
    except ValueError:
        return (1, 0, 0, period)
    return (0, start.toordinal(), end.toordinal(), period)


# -- the figures ------------------------------------------------------------------------


def _number(unit_type: str, v: MemberValue) -> float | None:
    """The number a numeric result stands for (a percentage from its parts when it has
    no value), or None when it says nothing."""
    x = v.value
    if x is not None and x - x == 0:  # finite (inf - inf and nan - nan are nan)
        return float(x)
    if unit_type == "percentage":
        n, d = v.numerator, v.denominator
        if n is not None and d is not None and n - n == 0 and d - d == 0 and d > 0:
            return 100.0 * n / d
    return None


def _finite_sum(numbers: Iterable[object]) -> float | None:
    """The sum of ``numbers`` when every one is a finite number (and so is the sum), else
    None.

    >>> _finite_sum([1, 2.5]), _finite_sum([1, None]), _finite_sum([1, math.nan])
    (3.5, None, None)
    """
    try:
        total = math.fsum(numbers)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return total if math.isfinite(total) else None


def _answer(v: MemberValue) -> bool | None:
    """A yes/no result: True for yes, False for no, None when it is neither."""
    if v.text_value is not None:
        word = v.text_value.strip().lower()
        return True if word == "yes" else False if word == "no" else None
    return True if v.value == 1 else False if v.value == 0 else None


def _quartiles(ordered: list[float]) -> tuple[float, float, float]:
    if len(ordered) == 1:
        only = float(ordered[0])
        return only, only, only
    q1, median, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return q1, median, q3


class _Splits(NamedTuple):
    name: str
    categories: tuple[str, ...]
    keys: frozenset[str]


class _Period(NamedTuple):
    figures: PeriodFigures
    headline: float | None
    quartiles: tuple[float, float, float] | None


def _hidden(period: str, k: int) -> str:
    return f"Fewer than {k} member ToCs reported for {period}: figures from so few are hidden."


def _period(
    unit_type: str,
    period: str,
    values: Sequence[Mapping[str, MemberValue]],
    linked: int,
    k: int,
    maintainer: bool,
    splits: Sequence[_Splits],
) -> _Period:
    """The figures of one period over ``values`` (the admitted ToCs' results), before
    ``change`` is known."""
    numeric = unit_type in NUMERIC
    reported = [v for by_period in values if (v := by_period.get(period)) is not None]
    numbers: list[float] = []
    total: float | None = None
    yes = 0
    if numeric:
        numbers = [v.value for v in reported]  # type: ignore[misc]  # checked next
        total = _finite_sum(numbers)
        if total is None:  # some say nothing: keep those that do (percentages: their parts)
            pairs = [(v, x) for v in reported if (x := _number(unit_type, v)) is not None]
            reported = [v for v, _ in pairs]
            numbers = [x for _, x in pairs]
            total = math.fsum(numbers)
    elif unit_type == "yes_no":
        answers = [_answer(v) for v in reported]
        reported = [v for v, answer in zip(reported, answers, strict=True) if answer is not None]
        yes = answers.count(True)
    else:
        reported = [v for v in reported if v.text_value is not None and v.text_value.strip()]

    reporting = len(reported)
    if not maintainer and reporting < k:
        reason = _hidden(period, k)
        figure: Literal["sum", "mean"] = "sum" if unit_type in ADDITIVE else "mean"
        hidden = tuple(
            CategoryFigures(s.name, figure, None, None, None, True, reason) for s in splits
        )
        figures = PeriodFigures(
            period, linked, None, None, categories=hidden, suppressed=True, reason=reason
        )
        return _Period(figures, None, None)

    coverage = reporting / linked if linked > 0 else None
    if not reporting:  # (maintainers only)
        nothing = tuple(_categories((), splits, unit_type in ADDITIVE, maintainer, k))
        return _Period(PeriodFigures(period, linked, 0, coverage, categories=nothing), None, None)
    if unit_type == "yes_no":
        share = yes / reporting
        figures = PeriodFigures(period, linked, reporting, coverage, yes_share=share)
        return _Period(figures, share, None)
    if not numeric:
        return _Period(PeriodFigures(period, linked, reporting, coverage), None, None)

    assert total is not None
    mean = total / reporting
    if unit_type == "percentage":
        numerators: list[float] = []
        denominators: list[float] = []
        for v in reported:
            n, d = v.numerator, v.denominator
            if n is None or d is None or n - n != 0 or d - d != 0 or d <= 0:
                break
            numerators.append(n)
            denominators.append(d)
        else:  # every value has both: weighted by its denominator
            mean = 100.0 * math.fsum(numerators) / math.fsum(denominators)
    numbers.sort()
    quartiles = _quartiles(numbers)
    additive = unit_type in ADDITIVE
    figures = PeriodFigures(
        period,
        linked,
        reporting,
        coverage,
        sum=total if additive else None,
        mean=mean,
        median=quartiles[1],
        q1=quartiles[0],
        q3=quartiles[2],
        categories=tuple(_categories(reported, splits, additive, maintainer, k)),
    )
    return _Period(figures, total if additive else mean, quartiles)


def _categories(
    reported: Sequence[MemberValue],
    splits: Sequence[_Splits],
    additive: bool,
    maintainer: bool,
    k: int,
) -> Iterable[CategoryFigures]:
    figure: Literal["sum", "mean"] = "sum" if additive else "mean"
    for s in splits:
        name, keys = s.name, s.keys
        matched = [
            split
            for v in reported
            if v.categories and (split := v.categories.get(name)) is not None
            if split.keys() == keys
        ]
        sums = {c: _finite_sum([m[c] for m in matched]) for c in s.categories}
        if None in sums.values():  # a split holds something that is not a finite number
            matched = [m for m in matched if _finite_sum(m.values()) is not None]
            sums = {c: math.fsum([m[c] for m in matched]) for c in s.categories}
        included = len(matched)
        left_out = len(reported) - included
        reason = None
        if not maintainer and included < k:
            reason = (
                f"Fewer than {k} member ToCs split their results by {s.name} into exactly "
                "these categories: figures from so few are hidden."
            )
        elif not maintainer and additive and 0 < left_out < k:
            reason = (
                f"{left_out} member ToC{'s' if left_out > 1 else ''} split their results "
                f"by {s.name} otherwise: fewer than {k}, so the split is hidden (the total "
                "minus it would show what they reported)."
            )
        if reason is not None:
            yield CategoryFigures(s.name, figure, None, None, None, True, reason)
            continue
        values: dict[str, float] | None = None
        if included:
            values = {c: x if additive else x / included for c, x in sums.items() if x is not None}
        yield CategoryFigures(s.name, figure, included, left_out, values)


def _band(value: float, quartiles: tuple[float, float, float]) -> Band:
    q1, median, q3 = quartiles
    if value < q1:
        return "below_q1"
    if value < median:
        return "q1_median"
    return "median_q3" if value <= q3 else "above_q3"


def _unit_type(indicator: Mapping[str, Any]) -> str:
    unit_type = indicator.get("unit_type")
    return unit_type if unit_type in UNIT_TYPES else "count"


def shared_view(
    shared_indicator: Mapping[str, Any],
    contributions: Sequence[Contribution],
    viewer: Viewer,
    *,
    linked: int,
    k: int = DEFAULT_K,
    periods: Sequence[str] | None = None,
) -> SharedIndicatorView:
    """A shared indicator as ``viewer`` may see it (the module's rules).

    ``contributions``: every member ToC reporting to it (the rules pick what each viewer
    gets); ``linked``: how many member ToCs report to it; ``periods``: the periods to
    give (default: every period the ToCs counted for this viewer reported in).

    >>> share = {"id": "s", "unit_type": "percentage"}
    >>> cs = [Contribution("a", "maintainers", False, {"2025": MemberValue(50.0, 1, 2)}),
    ...       Contribution("b", "members", True, {"2025": MemberValue(10.0, 1, 10)}),
    ...       Contribution("c", "none", True, {"2025": MemberValue(90.0)})]
    >>> view = shared_view(share, cs, Viewer("maintainer"), linked=3)
    >>> a = view.aggregates[0]
    >>> round(a.mean, 2), a.median, a.coverage
    (16.67, 30.0, 0.6666666666666666)
    >>> [c.member for c in view.named]
    ['a', 'b', 'c']
    """
    if k < 1:
        raise ValueError(f"k must be 1 or more, not {k}")
    if viewer.role not in ROLES:
        raise ValueError(f"unknown role {viewer.role!r}; one of {', '.join(ROLES)}")
    unit_type = _unit_type(shared_indicator)
    maintainer = viewer.role == "maintainer"
    mine = viewer.members if viewer.role in ("maintainer", "member") else frozenset()
    named = tuple(c for c in contributions if visible(viewer, c))
    own = frozenset(c.member for c in named if c.member in mine)
    asked = None if periods is None else tuple(periods)
    base = SharedIndicatorView(
        shared_indicator.get("id"), unit_type, viewer.role, k, None, named, own, (), asked
    )
    gets_figures = maintainer or (viewer.role == "member" and viewer.gives)
    if not gets_figures:
        note = _NO_FIGURES["member" if viewer.role == "member" else "outsider"]
        return replace(base, note=note)

    admitted = [c.values for c in contributions if counted(viewer, c)]
    seen: set[str] | None = None  # every period reported in, when none were asked for
    if asked is None:
        seen = set()
        for values in admitted:
            seen.update(values)
        wanted = sorted(seen, key=_order)
    else:
        wanted = sorted(dict.fromkeys(asked), key=_order)
    splits = [
        _Splits(d["name"], tuple(d["categories"]), frozenset(d["categories"]))
        for d in shared_indicator.get("disaggregations") or ()
        if unit_type in NUMERIC and isinstance(d, Mapping)
    ]
    done: dict[str, _Period] = {
        p: _period(unit_type, p, admitted, linked, k, maintainer, splits) for p in wanted
    }

    def headline(period: str) -> float | None:
        if seen is not None and period not in seen:
            return None  # nobody reported in it
        if period not in done:  # only for ``change``: its categories are not needed
            done[period] = _period(unit_type, period, admitted, linked, k, maintainer, ())
        return done[period].headline

    rows: list[PeriodFigures] = []
    for p in wanted:
        now = done[p].headline
        change = None
        if now is not None:
            try:
                before = headline(shift(p, -1))
            except ValueError:  # not a period code
                before = None
            change = None if before is None else now - before
        figures = done[p].figures
        rows.append(figures if change is None else replace(figures, change=change))

    benchmarks: list[Benchmark] = []
    if own and unit_type in NUMERIC:
        for c in named:
            if c.member not in own:
                continue
            for p in wanted:
                v = c.values.get(p)
                quartiles = done[p].quartiles
                if v is None or quartiles is None:
                    continue
                x = _number(unit_type, v)
                if x is not None:
                    benchmarks.append(Benchmark(c.member, p, x, _band(x, quartiles)))
    return replace(base, aggregates=tuple(rows), benchmarks=tuple(benchmarks))


# -- linking ----------------------------------------------------------------------------


def _span(indicator: Mapping[str, Any]) -> str:
    low, high = _finite(indicator.get("scale_min")), _finite(indicator.get("scale_max"))
    if low is not None and high is not None:
        return f"from {low:g} to {high:g}"
    if low is not None:
        return f"from {low:g} (no maximum)"
    if high is not None:
        return f"up to {high:g} (no minimum)"
    return "without set bounds"


def unit_problem(
    member_indicator: Mapping[str, Any], shared_indicator: Mapping[str, Any]
) -> str | None:
    """None when ``member_indicator`` may report to ``shared_indicator``, else why not:
    both must have the same unit type (unset: a count), currency, scale bounds and
    frequency (unset: quarterly), so that their values can be put together.

    >>> unit_problem({"unit_type": "percentage"}, {})
    'It is measured as a percentage, but the shared indicator as a count.'
    >>> unit_problem({"unit_type": "currency", "currency": "EUR"},
    ...              {"unit_type": "currency", "currency": "HKD"})
    'It is in EUR, but the shared indicator is in HKD.'
    >>> unit_problem({"unit_type": "count"}, {"frequency": "quarterly"}) is None
    True
    """
    mine, theirs = _unit_type(member_indicator), _unit_type(shared_indicator)
    if mine != theirs:
        return (
            f"It is measured as {_UNIT_WORDS[mine]}, but the shared indicator as "
            f"{_UNIT_WORDS[theirs]}."
        )
    if mine == "currency":
        a, b = member_indicator.get("currency"), shared_indicator.get("currency")
        if a != b:
            if b is None:
                return f"It is in {a}, but the shared indicator sets no currency."
            if a is None:
                return f"It sets no currency, but the shared indicator is in {b}."
            return f"It is in {a}, but the shared indicator is in {b}."
    if mine == "scale":
        bounds = [
            (_finite(i.get("scale_min")), _finite(i.get("scale_max")))
            for i in (member_indicator, shared_indicator)
        ]
        if bounds[0] != bounds[1]:
            return (
                f"Its scale runs {_span(member_indicator)}, but the shared indicator's "
                f"{_span(shared_indicator)}."
            )
    a = member_indicator.get("frequency") or DEFAULT_FREQUENCY
    b = shared_indicator.get("frequency") or DEFAULT_FREQUENCY
    if a != b:
        return (
            f"It is reported {a.replace('_', '-')}, but the shared indicator "
            f"{b.replace('_', '-')}: their periods do not match."
        )
    return None
