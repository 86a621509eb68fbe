"""Shared measurement (domain/shared_measurement.py) as tables: who sees which figures
and which named values (the privacy table), the figures of each unit type, weighted
means, quartiles, categories, coverage, change, the k boundary and benchmarks; a property
against a brute force written apart; linking (unit_problem, parse_reports_to).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toc_editor.domain.errors import InvalidEntity
from toc_editor.domain.names import parse_reports_to
from toc_editor.domain.periods import shift
from toc_editor.domain.shared_measurement import (
    Contribution,
    MemberValue,
    PeriodFigures,
    SharedIndicatorView,
    Viewer,
    shared_view,
    unit_problem,
)

P = "2025-Q1"
V = MemberValue
COUNT: dict[str, Any] = {"id": "jobs", "unit_type": "count"}
GENDER = {"name": "gender", "categories": ["female", "male"]}


def C(member: str, consent: str = "members", public: bool = False, **values: Any) -> Contribution:
    """A contribution; ``q1=10`` is a value for 2025-Q1, ``q2=V(...)`` a whole one."""
    by_period = {
        f"2025-Q{key[1]}": v if isinstance(v, MemberValue) else V(v) for key, v in values.items()
    }
    return Contribution(member, consent, public, by_period)  # type: ignore[arg-type]


def team(n: int, consent: str = "members", public: bool = False) -> list[Contribution]:
    """``n`` member ToCs m1..mn reporting 10, 20, ... for 2025-Q1."""
    return [C(f"m{i}", consent, public, q1=10.0 * i) for i in range(1, n + 1)]


def maintainer() -> Viewer:
    return Viewer("maintainer")


def member(*mine: str, gives: bool = True) -> Viewer:
    return Viewer("member", frozenset(mine), gives)


def view(
    shared: Mapping[str, Any],
    contributions: Sequence[Contribution],
    viewer: Viewer | None = None,
    **kw: Any,
) -> SharedIndicatorView:
    kw.setdefault("linked", len(contributions))
    return shared_view(shared, contributions, viewer or maintainer(), **kw)


def one(v: SharedIndicatorView, period: str = P) -> PeriodFigures:
    assert v.aggregates is not None
    (row,) = [a for a in v.aggregates if a.period == period]
    return row


def json_safe(v: SharedIndicatorView) -> dict[str, Any]:
    wire = v.to_wire()
    json.dumps(wire, allow_nan=False)
    return wire


# -- the privacy table ------------------------------------------------------------------

VIEWERS = {
    # owns m1, one of the ToCs reporting; gives when that ToC consents at "members"
    "owner of a member ToC": lambda consent: member("m1", gives=consent == "members"),
    "maintainer": lambda consent: maintainer(),
    # owns a ToC that consents at "members" but does not report to this indicator
    "consenting member": lambda consent: member("x", gives=True),
    "non-consenting member": lambda consent: member("y", gives=False),
    "outsider": lambda consent: Viewer("outsider"),
    "anonymous": lambda consent: Viewer("anonymous"),
}
# Every ToC reporting has the same consent and is public or not. Figures: None (none at
# all), "hidden" (suppressed), "empty" (shown, nobody counted) or "shown"; with 4 and
# with 5 ToCs reporting (k = 5). Named: whose values the viewer sees by name.
# fmt: off
PRIVACY = [
    # viewer                  public consent        with 4    with 5   named
    ("owner of a member ToC", False, "members",     "hidden", "shown", "own"),
    ("owner of a member ToC", True,  "members",     "hidden", "shown", "all"),
    ("owner of a member ToC", False, "maintainers", None,     None,    "own"),
    ("owner of a member ToC", True,  "maintainers", None,     None,    "all"),
    ("owner of a member ToC", False, "none",        None,     None,    "own"),
    ("owner of a member ToC", True,  "none",        None,     None,    "all"),
    ("maintainer",            False, "members",     "shown",  "shown", "all"),
    ("maintainer",            True,  "members",     "shown",  "shown", "all"),
    ("maintainer",            False, "maintainers", "shown",  "shown", "all"),
    ("maintainer",            True,  "maintainers", "shown",  "shown", "all"),
    ("maintainer",            False, "none",        "empty",  "empty", "none"),
    ("maintainer",            True,  "none",        "empty",  "empty", "all"),
    ("consenting member",     False, "members",     "hidden", "shown", "none"),
    ("consenting member",     True,  "members",     "hidden", "shown", "all"),
    ("consenting member",     False, "maintainers", "hidden", "hidden", "none"),
    ("consenting member",     True,  "maintainers", "hidden", "hidden", "all"),
    ("consenting member",     False, "none",        "hidden", "hidden", "none"),
    ("consenting member",     True,  "none",        "hidden", "hidden", "all"),
    ("non-consenting member", False, "members",     None,     None,    "none"),
    ("non-consenting member", True,  "members",     None,     None,    "all"),
    ("non-consenting member", False, "maintainers", None,     None,    "none"),
    ("non-consenting member", True,  "maintainers", None,     None,    "all"),
    ("non-consenting member", False, "none",        None,     None,    "none"),
    ("non-consenting member", True,  "none",        None,     None,    "all"),
    ("outsider",              False, "members",     None,     None,    "none"),
    ("outsider",              True,  "members",     None,     None,    "all"),
    ("outsider",              False, "maintainers", None,     None,    "none"),
    ("outsider",              True,  "maintainers", None,     None,    "all"),
    ("outsider",              False, "none",        None,     None,    "none"),
    ("outsider",              True,  "none",        None,     None,    "all"),
    ("anonymous",             False, "members",     None,     None,    "none"),
    ("anonymous",             True,  "members",     None,     None,    "all"),
    ("anonymous",             False, "maintainers", None,     None,    "none"),
    ("anonymous",             True,  "maintainers", None,     None,    "all"),
    ("anonymous",             False, "none",        None,     None,    "none"),
    ("anonymous",             True,  "none",        None,     None,    "all"),
]
# fmt: on
NUMBERS = ("reporting", "coverage", "sum", "mean", "median", "q1", "q3", "yes_share", "change")


@pytest.mark.parametrize(
    ("who", "public", "consent", "with_4", "with_5", "named"),
    PRIVACY,
    ids=[f"{r[0]}, {'public' if r[1] else 'private'}, consent {r[2]}" for r in PRIVACY],
)
@pytest.mark.parametrize("n", [4, 5])
def test_privacy_who_sees_what(
    who: str, public: bool, consent: str, with_4: str | None, with_5: str | None, named: str,
    n: int,
) -> None:  # fmt: skip
    contributions = team(n, consent, public)
    viewer = VIEWERS[who](consent)
    shared = {**COUNT, "disaggregations": [GENDER]}
    v = view(shared, contributions, viewer, k=5, linked=9, periods=[P])
    wire = json_safe(v)

    names = {"all": [c.member for c in contributions], "own": ["m1"], "none": []}[named]
    assert [c.member for c in v.named] == names
    assert [item["member"] for item in wire["values"]] == names
    for item in wire["values"]:
        assert item["own"] == (item["member"] in viewer.members)
        assert "consent" not in item  # a consent is never shown
        assert [x["value"] for x in item["values"]] == [10.0 * int(item["member"][1:])]

    expected = with_4 if n == 4 else with_5
    if expected is None:
        assert v.aggregates is None and wire["aggregates"] is None
        assert v.note and v.benchmarks == ()
        return
    row = one(v)
    if expected == "hidden":
        assert row.suppressed and row.reason and "Fewer than 5" in row.reason
        assert all(getattr(row, name) is None for name in NUMBERS)
        assert [(c.suppressed, c.values) for c in row.categories] == [(True, None)]
        assert row.linked == 9 and v.benchmarks == ()
    elif expected == "empty":
        assert (row.suppressed, row.reporting, row.coverage, row.sum) == (False, 0, 0.0, None)
    else:
        assert not row.suppressed and row.reason is None
        assert (row.reporting, row.coverage) == (n, n / 9)
        assert row.sum == sum(10.0 * i for i in range(1, n + 1))
        owner = who == "owner of a member ToC"
        assert [(b.member, b.band) for b in v.benchmarks] == ([("m1", "below_q1")] if owner else [])


# Nine ToCs of every kind at once (values are powers of two, so a sum names its set).
# fmt: off
MIXED = [
    C("a", "members", False, q1=1), C("b", "members", True, q1=2),
    C("c", "maintainers", False, q1=4), C("d", "maintainers", True, q1=8),
    C("e", "none", False, q1=16), C("f", "none", True, q1=32),
    C("g", "members", False, q1=64), C("h", "members", False, q1=128),
    C("i", "members", False, q1=256),
]
MIXED_VIEWS = [
    # viewer                               sum   named
    ("maintainer",          maintainer(),  463,  "abcdfghi"),
    ("owner of a (gives)",  member("a"),   451,  "abdf"),
    ("owner of e (none)",   member("e", gives=False), None, "bdef"),
    ("owner of c (to maintainers only)", member("c", gives=False), None, "bcdf"),
    ("owner of c and g",    member("c", "g"), 451, "bcdfg"),
    ("outsider",            Viewer("outsider"), None, "bdf"),
    ("anonymous",           Viewer("anonymous"), None, "bdf"),
    ("an outsider's own ToC is not theirs", Viewer("outsider", frozenset("e")), None, "bdf"),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "viewer", "total", "named"), MIXED_VIEWS, ids=[m[0] for m in MIXED_VIEWS]
)
def test_public_tocs_count_only_by_their_consent(
    name: str, viewer: Viewer, total: int | None, named: str
) -> None:
    v = view(COUNT, MIXED, viewer)
    assert "".join(c.member for c in v.named) == named
    if total is None:
        assert v.aggregates is None
    else:
        assert one(v).sum == total


# -- the figures of each unit type ------------------------------------------------------

# fmt: off
UNIT_CASES = [
    # name, shared definition, values (one ToC each), expected figures
    ("count", COUNT, [V(10), V(20), V(30), V(40)],
     {"reporting": 4, "sum": 100, "mean": 25, "median": 25, "q1": 17.5, "q3": 32.5,
      "yes_share": None}),
    ("no unit type is a count", {"id": "x"}, [V(1), V(2), V(3)],
     {"sum": 6, "mean": 2, "median": 2, "q1": 1.5, "q3": 2.5}),
    ("currency", {"unit_type": "currency", "currency": "HKD"}, [V(-5), V(5), V(30)],
     {"sum": 30, "mean": 10, "median": 5, "q1": 0, "q3": 17.5}),
    ("percentage, every value with its parts: weighted", {"unit_type": "percentage"},
     [V(50, 1, 2), V(75, 3, 4)],
     {"sum": None, "mean": 100 * 4 / 6, "median": 62.5, "q1": 56.25, "q3": 68.75}),
    ("percentage, one without parts: the plain mean", {"unit_type": "percentage"},
     [V(50, 1, 2), V(75)], {"mean": 62.5}),
    ("percentage, a zero denominator: the plain mean", {"unit_type": "percentage"},
     [V(50, 1, 2), V(0, 0, 0)], {"mean": 25, "reporting": 2}),
    ("percentage from its parts alone", {"unit_type": "percentage"},
     [V(None, 1, 4), V(None, 3, 4)], {"reporting": 2, "mean": 50, "median": 50}),
    ("scale: no sum", {"unit_type": "scale", "scale_min": 1, "scale_max": 5},
     [V(1), V(2), V(4), V(5)], {"sum": None, "mean": 3, "median": 3, "q1": 1.75, "q3": 4.25}),
    ("one value is every quartile", COUNT, [V(7)],
     {"sum": 7, "mean": 7, "median": 7, "q1": 7, "q3": 7}),
    ("values that say nothing are not reporting", COUNT,
     [V(None), V(math.nan), V(math.inf), V(3), V(None, text_value="3")],
     {"reporting": 1, "sum": 3}),
    ("yes/no: the share of yes", {"unit_type": "yes_no"},
     [V(text_value="yes"), V(text_value=" Yes"), V(text_value="no"), V(1), V(0),
      V(text_value="maybe"), V(None)],
     {"reporting": 5, "yes_share": 0.6, "sum": None, "mean": None, "median": None}),
    ("text: only how many", {"unit_type": "text"},
     [V(text_value="Going well"), V(text_value="  "), V(None), V(3)],
     {"reporting": 1, "sum": None, "mean": None, "yes_share": None}),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "shared", "values", "expected"), UNIT_CASES, ids=[c[0] for c in UNIT_CASES]
)
def test_unit_types(
    name: str, shared: dict[str, Any], values: list[MemberValue], expected: dict[str, Any]
) -> None:
    contributions = [Contribution(f"m{i}", "members", False, {P: v}) for i, v in enumerate(values)]
    row = one(view(shared, contributions, linked=10))
    for key, value in expected.items():
        assert getattr(row, key) == (value if value is None else pytest.approx(value)), key
    assert row.coverage == pytest.approx((row.reporting or 0) / 10)


def test_quartiles_are_inclusive_quantiles() -> None:
    # inclusive (R's type 7): q at position (n - 1) * p of the sorted values
    values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0]  # sorted: 1 1 2 3 4 5 6 9
    row = one(view(COUNT, [C(f"m{i}", q1=x) for i, x in enumerate(values)]))
    assert (row.q1, row.median, row.q3) == (1.75, 3.5, 5.25)


@pytest.mark.parametrize(
    ("linked", "coverage"), [(8, 0.25), (2, 1.0), (0, None)], ids=["a quarter", "all", "none"]
)
def test_coverage(linked: int, coverage: float | None) -> None:
    assert one(view(COUNT, team(2), linked=linked)).coverage == coverage
    assert one(view(COUNT, team(2), linked=linked)).linked == linked


# -- change -----------------------------------------------------------------------------

SERIES = [C(f"m{i}", q1=10 * i, q2=V(20.0 * i, 2 * i, 100)) for i in range(1, 6)]
SMALL_Q1 = [C(f"m{i}", q1=10 * i, q2=20 * i) for i in range(1, 4)] + [
    C(f"m{i}", q2=20 * i) for i in range(4, 6)
]


# fmt: off
CHANGES = [
    ("counts: the sums", COUNT, SERIES, maintainer(), {}, {"2025-Q1": None, "2025-Q2": 150}),
    ("percentages: the means", {"unit_type": "percentage"}, SERIES, maintainer(), {},
     {"2025-Q1": None, "2025-Q2": pytest.approx(6 - 30)}),  # weighted 6% from a plain 30%
    ("the previous period is worked out when not asked for", COUNT, SERIES, maintainer(),
     {"periods": ["2025-Q2"]}, {"2025-Q2": 150}),
    ("nothing before", COUNT, SERIES, maintainer(), {"periods": ["2025-Q1"]},
     {"2025-Q1": None}),
    ("the previous period hidden: no change", COUNT, SMALL_Q1, member("m1"), {},
     {"2025-Q1": None, "2025-Q2": None}),
    ("the same for a maintainer: a change", COUNT, SMALL_Q1, maintainer(), {},
     {"2025-Q1": None, "2025-Q2": 300 - 60}),
    ("not a period code: no change", COUNT, [C("m1", q1=1)], maintainer(),
     {"periods": ["someday"]}, {"someday": None}),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "shared", "contributions", "viewer", "kw", "expected"),
    CHANGES,
    ids=[c[0] for c in CHANGES],
)
def test_change(
    name: str,
    shared: dict[str, Any],
    contributions: list[Contribution],
    viewer: Viewer,
    kw: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    v = view(shared, contributions, viewer, **kw)
    assert v.aggregates is not None
    assert {a.period: a.change for a in v.aggregates} == expected


def test_change_of_yes_no_is_the_share() -> None:
    answers = [("yes", "yes"), ("no", "yes"), ("no", "no"), ("no", "yes")]
    cs = [C(f"m{i}", q1=V(text_value=a), q2=V(text_value=b)) for i, (a, b) in enumerate(answers)]
    v = view({"unit_type": "yes_no"}, cs)
    assert [a.change for a in v.aggregates or ()] == [None, 0.5]


def test_periods_oldest_first_and_anything_else_last() -> None:
    c = Contribution("m", "members", False, {p: V(1) for p in ("2026-Q1", "x", "2025-Q4")})
    assert [a.period for a in view(COUNT, [c]).aggregates or ()] == ["2025-Q4", "2026-Q1", "x"]
    asked = view(COUNT, [c], periods=["2026-Q1", "2024-Q1", "2026-Q1"])
    assert [(a.period, a.reporting) for a in asked.aggregates or ()] == [
        ("2024-Q1", 0),
        ("2026-Q1", 1),
    ]
    assert [x["period"] for x in json_safe(asked)["values"][0]["values"]] == ["2026-Q1"]


# -- the k boundary ---------------------------------------------------------------------

# fmt: off
K_CASES = [
    # ToCs reporting, k, hidden for a member?
    (4, 5, True), (5, 5, False), (1, 1, False), (0, 1, True), (2, 3, True), (3, 3, False),
    (5, 6, True),
]
# fmt: on


@pytest.mark.parametrize(
    ("n", "k", "hidden"), K_CASES, ids=[f"{c[0]} of k={c[1]}" for c in K_CASES]
)
def test_k_boundary(n: int, k: int, hidden: bool) -> None:
    cs = team(n)
    row = one(view(COUNT, cs, member("m1"), k=k, periods=[P]))
    assert row.suppressed is hidden
    assert (row.sum is None) is (hidden or n == 0)
    assert not one(view(COUNT, cs, maintainer(), k=k, periods=[P])).suppressed


def test_k_must_be_one_or_more() -> None:
    with pytest.raises(ValueError, match="k must be 1 or more"):
        view(COUNT, team(5), k=0)


def test_default_k_is_five() -> None:
    assert one(view(COUNT, team(4), member("m1"))).suppressed
    assert not one(view(COUNT, team(5), member("m1"))).suppressed


# -- categories -------------------------------------------------------------------------


def split(value: float, **categories: float) -> MemberValue:
    return V(value, categories={"gender": categories})


EXACT = [split(3, female=1, male=2), split(10, female=6, male=4)]


# fmt: off
CATEGORY_CASES = [
    # name, unit type, values, viewer, k, expected (included, left out, values) or "hidden"
    ("exact splits are summed", "count", EXACT, maintainer(), 5,
     (2, 0, {"female": 7, "male": 6})),
    ("a partial split is left out", "count", [*EXACT, split(5, female=5)], maintainer(), 5,
     (2, 1, {"female": 7, "male": 6})),
    ("no split and another disaggregation are left out", "count",
     [*EXACT, V(4), V(4, categories={"age": {"young": 4}})], maintainer(), 5,
     (2, 2, {"female": 7, "male": 6})),
    ("a split with a category the shared one lacks is left out", "count",
     [*EXACT, split(5, female=1, male=1, other=3)], maintainer(), 5,
     (2, 1, {"female": 7, "male": 6})),
    ("a split that is not a number is left out", "count",
     [*EXACT, split(5, female=math.nan, male=5)], maintainer(), 5,
     (2, 1, {"female": 7, "male": 6})),
    ("nobody split: no values", "count", [V(1)], maintainer(), 5, (0, 1, None)),
    ("percentages: the mean level per category", "percentage",
     [split(50, female=40, male=60), split(70, female=80, male=60)], maintainer(), 5,
     (2, 0, {"female": 60, "male": 60})),
    # for members, k = 2: the split needs 2 ToCs, and (counts) 0 or 2+ left out
    ("members: enough included", "count", EXACT, member("x"), 2,
     (2, 0, {"female": 7, "male": 6})),
    ("members: fewer than k included", "count", [EXACT[0], V(1), V(2)], member("x"), 2,
     "hidden"),
    ("members: one left out would show by difference", "count",
     [*EXACT, V(1)], member("x"), 2, "hidden"),
    ("members: k left out is fine", "count", [*EXACT, V(1), V(2)], member("x"), 2,
     (2, 2, {"female": 7, "male": 6})),
    ("members: one left out of a mean shows nothing", "scale",
     [split(2, female=1, male=3), split(4, female=3, male=5), V(1)], member("x"), 2,
     (2, 1, {"female": 2, "male": 4})),
    ("maintainers see a split of one", "count", [EXACT[0], V(1)], maintainer(), 5,
     (1, 1, {"female": 1, "male": 2})),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "unit_type", "values", "viewer", "k", "expected"),
    CATEGORY_CASES,
    ids=[c[0] for c in CATEGORY_CASES],
)
def test_categories(
    name: str,
    unit_type: str,
    values: list[MemberValue],
    viewer: Viewer,
    k: int,
    expected: tuple[int, int, dict[str, float] | None] | str,
) -> None:
    shared = {"unit_type": unit_type, "disaggregations": [GENDER]}
    cs = [Contribution(f"m{i}", "members", False, {P: v}) for i, v in enumerate(values)]
    row = one(view(shared, cs, viewer, k=k))
    assert not row.suppressed
    (figures,) = row.categories
    assert figures.name == "gender"
    assert figures.figure == ("sum" if unit_type == "count" else "mean")
    if expected == "hidden":
        assert figures.suppressed and figures.reason
        assert (figures.included, figures.left_out, figures.values) == (None, None, None)
    else:
        assert not figures.suppressed
        assert (figures.included, figures.left_out, figures.values) == expected


def test_text_and_yes_no_have_no_categories() -> None:
    for unit_type in ("yes_no", "text"):
        shared = {"unit_type": unit_type, "disaggregations": [GENDER]}
        assert one(view(shared, [C("m", q1=V(text_value="yes"))])).categories == ()


# -- benchmarks -------------------------------------------------------------------------

PEERS = [C(f"p{i}", q1=x) for i, x in enumerate([10, 20, 30, 40, 50])]  # q1 20, q3 40


@pytest.mark.parametrize(
    ("mine", "band"),
    [
        (5, "below_q1"),
        (20, "q1_median"),
        (29, "q1_median"),
        (30, "median_q3"),
        (40, "median_q3"),
        (41, "above_q3"),
    ],
)
def test_benchmark_bands(mine: float, band: str) -> None:
    # the owner's ToC shares with maintainers only (another of theirs gives): the peers
    # are exactly PEERS
    v = view(COUNT, [*PEERS, C("me", "maintainers", q1=mine)], member("me", "other"))
    assert one(v).reporting == 5
    ((b),) = v.benchmarks
    assert (b.member, b.period, b.value, b.band) == ("me", P, mine, band)
    assert json_safe(v)["benchmarks"][0]["words"]


def test_benchmark_of_an_own_toc_among_the_peers() -> None:
    # 10 20 30 40 45 50: q1 22.5, median 35, q3 43.75
    v = view(COUNT, [*PEERS, C("me", q1=45)], member("me"))
    assert (one(v).q1, one(v).median, one(v).q3) == (22.5, 35, 43.75)
    assert [(b.member, b.band) for b in v.benchmarks] == [("me", "above_q3")]


def test_no_benchmark_from_hidden_figures_or_for_text() -> None:
    assert view(COUNT, [*PEERS[:3], C("me", q1=1)], member("me")).benchmarks == ()
    texts = [C(f"p{i}", q1=V(text_value="x")) for i in range(6)]
    assert view({"unit_type": "text"}, texts, member("p1")).benchmarks == ()


# -- the wire form ----------------------------------------------------------------------


def test_to_wire_is_json_without_nan() -> None:
    odd = Contribution(
        "m1",
        "members",
        True,
        {P: V(math.nan, math.inf, 3, None, {"gender": {"female": math.nan, "male": 1}})},
    )
    wire = json_safe(view({**COUNT, "disaggregations": [GENDER]}, [odd, *team(5)[1:]]))
    (value,) = wire["values"][0]["values"]
    assert value == {
        "period": P,
        "value": None,
        "numerator": None,
        "denominator": 3.0,
        "text_value": None,
        "categories": {"gender": {"female": None, "male": 1.0}},
    }
    row = wire["aggregates"][0]
    assert row["reporting"] == 4 and row["categories"][0]["name"] == "gender"
    assert set(row) == {
        "period", "linked", "reporting", "coverage", "sum", "mean", "median", "q1", "q3",
        "yes_share", "change", "categories", "suppressed", "reason",
    }  # fmt: skip


# -- the property -----------------------------------------------------------------------

PERIODS = ("2024-Q4", "2025-Q1", "2025-Q2")
UNIT_TYPES = ("count", "currency", "percentage", "scale", "yes_no", "text")


@st.composite
def member_values(draw: st.DrawFn, unit_type: str) -> MemberValue:
    if unit_type == "yes_no":
        return V(text_value=draw(st.sampled_from(["yes", "no", "No", "maybe", None])))
    if unit_type == "text":
        return V(text_value=draw(st.sampled_from(["fine", " ", None])))
    if unit_type == "percentage" and draw(st.booleans()):
        d = draw(st.integers(0, 20))
        n = draw(st.integers(0, d))
        value = draw(st.sampled_from([None, 100 * n / d if d else 0.0]))
        parts = V(value, float(n), float(d))
    else:
        parts = V(draw(st.none() | st.integers(-3, 100).map(float) | st.just(math.nan)))
    how = draw(st.sampled_from(["exact", "partial", "none"]))
    if how == "exact":
        female, male = draw(st.integers(0, 50)), draw(st.integers(0, 50))
        cats = {"gender": {"female": float(female), "male": float(male)}}
    elif how == "partial":
        cats = {"gender": {"female": float(draw(st.integers(0, 50)))}}
    else:
        cats = None
    return parts._replace(categories=cats)


@st.composite
def scenarios(
    draw: st.DrawFn, members_only: bool = False
) -> tuple[str, list[Contribution], Viewer, int, int]:
    """Anything; ``members_only``: counts or money, every ToC consenting at "members" and
    a member who gives looking (where the rules about splits bite)."""
    unit_type = draw(st.sampled_from(("count", "currency") if members_only else UNIT_TYPES))
    n = draw(st.integers(0, 12))
    consents = ["members"] if members_only else ["none", "maintainers", "members"]
    contributions = []
    for i in range(n):
        periods = draw(st.lists(st.sampled_from(PERIODS), unique=True, max_size=3))
        values = {p: draw(member_values(unit_type)) for p in periods}
        consent: Any = draw(st.sampled_from(consents))
        contributions.append(Contribution(f"m{i}", consent, draw(st.booleans()), values))
    roles = ["member"] if members_only else ["maintainer", "member", "outsider", "anonymous"]
    role: Any = draw(st.sampled_from(roles))
    mine = draw(st.frozensets(st.sampled_from([f"m{i}" for i in range(n)] + ["x"])))
    viewer = Viewer(role, mine, members_only or draw(st.booleans()))
    k = draw(st.integers(1, 4 if members_only else 6))
    return unit_type, contributions, viewer, k, n + draw(st.integers(0, 3))


def brute_number(unit_type: str, v: MemberValue) -> float | None:
    if v.value is not None and math.isfinite(v.value):
        return v.value
    if unit_type == "percentage" and v.numerator is not None and v.denominator:
        return 100 * v.numerator / v.denominator
    return None


def brute_quantile(ordered: list[float], p: float) -> float:
    position = (len(ordered) - 1) * p
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (position - low) * (ordered[high] - ordered[low])


def brute_force(
    unit_type: str, admitted: list[Contribution], period: str, k: int, sees_all: bool, linked: int
) -> dict[str, Any]:
    """The figures of one period, from the values the rules admit, written plainly."""
    kept: list[tuple[MemberValue, Any]]
    given = [c.values[period] for c in admitted if period in c.values]
    if unit_type in ("count", "currency", "percentage", "scale"):
        kept = [(v, brute_number(unit_type, v)) for v in given]
        kept = [(v, x) for v, x in kept if x is not None]
    elif unit_type == "yes_no":
        words = [(v, (v.text_value or "").strip().lower()) for v in given]
        kept = [(v, 1.0 if w == "yes" else 0.0) for v, w in words if w in ("yes", "no")]
    else:
        kept = [(v, None) for v in given if v.text_value and v.text_value.strip()]
    n = len(kept)
    out: dict[str, Any] = {name: None for name in NUMBERS}
    out["suppressed"] = not sees_all and n < k
    if out["suppressed"]:
        return out
    out["reporting"] = n
    out["coverage"] = n / linked if linked else None
    if n == 0 or unit_type == "text":
        return out
    xs = sorted(x for _, x in kept)
    if unit_type == "yes_no":
        out["yes_share"] = sum(xs) / n
        return out
    additive = unit_type in ("count", "currency")
    out["sum"] = sum(xs) if additive else None
    out["mean"] = sum(xs) / n
    parts = [(v.numerator, v.denominator) for v, _ in kept]
    if unit_type == "percentage" and all(top is not None and bottom for top, bottom in parts):
        out["mean"] = 100 * sum(t or 0 for t, _ in parts) / sum(b or 0 for _, b in parts)
    out["q1"], out["median"], out["q3"] = (brute_quantile(xs, p) for p in (0.25, 0.5, 0.75))
    splits = [
        v.categories["gender"]
        for v, _ in kept
        if v.categories and set(v.categories.get("gender", ())) == {"female", "male"}
    ]
    left_out = n - len(splits)
    hidden = not sees_all and (len(splits) < k or (additive and 0 < left_out < k))
    totals = {c: sum(s[c] for s in splits) for c in ("female", "male")}
    if not additive and splits:
        totals = {c: t / len(splits) for c, t in totals.items()}
    out["categories"] = "hidden" if hidden else (len(splits), totals if splits else None)
    return out


def headline(unit_type: str, figures: dict[str, Any]) -> float | None:
    key = {"count": "sum", "currency": "sum", "yes_no": "yes_share", "text": None}.get(
        unit_type, "mean"
    )
    return None if key is None else figures[key]


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_figures_are_those_of_the_values_the_rules_admit(
    scenario: tuple[str, list[Contribution], Viewer, int, int],
) -> None:
    check_against_brute_force(scenario)


@settings(max_examples=200, deadline=None)
@given(scenarios(members_only=True))
def test_figures_members_see_are_those_of_the_values_the_rules_admit(
    scenario: tuple[str, list[Contribution], Viewer, int, int],
) -> None:
    check_against_brute_force(scenario)


def check_against_brute_force(scenario: tuple[str, list[Contribution], Viewer, int, int]) -> None:
    unit_type, contributions, viewer, k, linked = scenario
    shared = {"id": "s", "unit_type": unit_type, "disaggregations": [GENDER]}
    v = shared_view(shared, contributions, viewer, linked=linked, k=k)
    wire = json_safe(v)

    role = viewer.role
    mine = viewer.members if role in ("maintainer", "member") else frozenset()
    named = [
        c.member
        for c in contributions
        if c.public
        or (role == "maintainer" and c.consent != "none")
        or (role in ("maintainer", "member") and c.member in mine)
    ]
    assert [c.member for c in v.named] == named

    if role == "maintainer":
        admitted = [c for c in contributions if c.consent in ("maintainers", "members")]
    elif role == "member" and viewer.gives:
        admitted = [c for c in contributions if c.consent == "members"]
    else:
        assert v.aggregates is None and wire["aggregates"] is None and v.benchmarks == ()
        return
    assert v.aggregates is not None
    reported_in = {p for c in admitted for p in c.values}
    assert [a.period for a in v.aggregates] == sorted(reported_in)  # these codes sort so

    sees_all = role == "maintainer"
    for row, wired in zip(v.aggregates, wire["aggregates"], strict=True):
        expected = brute_force(unit_type, admitted, row.period, k, sees_all, linked)
        before = brute_force(unit_type, admitted, shift(row.period, -1), k, sees_all, linked)
        now, then = headline(unit_type, expected), headline(unit_type, before)
        expected["change"] = None if now is None or then is None else now - then
        for name in NUMBERS:
            want = expected[name]
            assert getattr(row, name) == (want if want is None else pytest.approx(want)), name
        assert row.suppressed is expected["suppressed"]
        if unit_type in ("count", "currency", "percentage", "scale"):
            (cats,) = row.categories
            want_cats = expected.get("categories", "hidden" if row.suppressed else (0, None))
            if want_cats == "hidden":
                assert cats.suppressed and cats.values is None
            else:
                assert not cats.suppressed
                assert cats.included == want_cats[0]
                assert cats.values == (
                    None if want_cats[1] is None else pytest.approx(want_cats[1])
                )
        # never a figure from fewer than k for anyone but maintainers
        if not sees_all:
            shown = any(wired[name] is not None for name in NUMBERS)
            assert not shown or wired["reporting"] >= k
            for c in wired["categories"]:
                assert c["suppressed"] or c["included"] >= k
                if unit_type in ("count", "currency") and not c["suppressed"]:
                    assert c["left_out"] == 0 or c["left_out"] >= k


# -- linking ----------------------------------------------------------------------------

# fmt: off
UNIT_PROBLEMS = [
    ("the same count", {"unit_type": "count"}, {"unit_type": "count"}, None),
    ("unset is a count", {}, {"unit_type": "count"}, None),
    ("unset both", {"unit": "people"}, {}, None),
    ("percentage to count", {"unit_type": "percentage"}, {},
     "It is measured as a percentage, but the shared indicator as a count."),
    ("count to percentage", {}, {"unit_type": "percentage"},
     "It is measured as a count, but the shared indicator as a percentage."),
    ("yes/no to text", {"unit_type": "yes_no"}, {"unit_type": "text"},
     "It is measured as a yes/no answer, but the shared indicator as text."),
    ("the same currency", {"unit_type": "currency", "currency": "EUR"},
     {"unit_type": "currency", "currency": "EUR"}, None),
    ("another currency", {"unit_type": "currency", "currency": "EUR"},
     {"unit_type": "currency", "currency": "HKD"},
     "It is in EUR, but the shared indicator is in HKD."),
    ("no currency to one", {"unit_type": "currency"},
     {"unit_type": "currency", "currency": "HKD"},
     "It sets no currency, but the shared indicator is in HKD."),
    ("a currency to none", {"unit_type": "currency", "currency": "EUR"},
     {"unit_type": "currency"}, "It is in EUR, but the shared indicator sets no currency."),
    ("money to a count", {"unit_type": "currency", "currency": "EUR"}, {},
     "It is measured as an amount of money, but the shared indicator as a count."),
    ("the same scale", {"unit_type": "scale", "scale_min": 1, "scale_max": 5},
     {"unit_type": "scale", "scale_min": 1.0, "scale_max": 5}, None),
    ("another scale", {"unit_type": "scale", "scale_min": 1, "scale_max": 10},
     {"unit_type": "scale", "scale_min": 1, "scale_max": 5},
     "Its scale runs from 1 to 10, but the shared indicator's from 1 to 5."),
    ("a scale without a maximum", {"unit_type": "scale", "scale_min": 0},
     {"unit_type": "scale", "scale_min": 0, "scale_max": 5},
     "Its scale runs from 0 (no maximum), but the shared indicator's from 0 to 5."),
    ("a scale without bounds", {"unit_type": "scale"},
     {"unit_type": "scale", "scale_max": 5},
     "Its scale runs without set bounds, but the shared indicator's up to 5 (no minimum)."),
    ("another frequency", {"frequency": "monthly"}, {},
     "It is reported monthly, but the shared indicator quarterly: their periods do not match."),
    ("unset frequency is quarterly", {}, {"frequency": "quarterly"}, None),
    ("half-yearly in words", {"frequency": "half_yearly"}, {"frequency": "yearly"},
     "It is reported half-yearly, but the shared indicator yearly: their periods do not "
     "match."),
    ("other fields do not matter", {"direction": "decrease", "aggregation": "cumulative",
     "disaggregations": [GENDER]}, {}, None),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "mine", "shared", "problem"), UNIT_PROBLEMS, ids=[c[0] for c in UNIT_PROBLEMS]
)
def test_unit_problem(
    name: str, mine: dict[str, Any], shared: dict[str, Any], problem: str | None
) -> None:
    assert unit_problem(mine, shared) == problem


# fmt: off
GOOD_LINKS = [
    ("youth-sector/framework#jobs", ("youth-sector", "framework", "jobs")),
    ("a/b#3f2a9c1e-0b7d.x:y_1", ("a", "b", "3f2a9c1e-0b7d.x:y_1")),
    ("apis/members-2#i", ("apis", "members-2", "i")),
]
BAD_LINKS = [
    (None, "must look like"),
    ("", "must look like"),
    ("youth-sector/framework", 'no "#" before the indicator id'),
    ("youth-sector#jobs", 'no "/" after the organisation'),
    ("Youth/framework#jobs", "the organisation must be 1-63 lower-case"),
    ("explore/framework#jobs", "the organisation 'explore' is the address of one of the app's"),
    ("youth/members#jobs", "the graph 'members' is the address"),
    ("youth/a/b#jobs", "the graph must be"),
    ("youth//framework#jobs", "the graph must be"),
    ("/framework#jobs", "the organisation must be"),
    ("youth/framework#", "the indicator id must be"),
    ("youth/framework#a#b", "the indicator id must be"),
    ("youth/framework#jobs\n", "the indicator id must be"),
    ("youth/fr\uff41mework#jobs", "the graph must be"),
]
# fmt: on


@pytest.mark.parametrize(("text", "parts"), GOOD_LINKS, ids=[c[0] for c in GOOD_LINKS])
def test_parse_reports_to(text: str, parts: tuple[str, str, str]) -> None:
    assert parse_reports_to(text) == parts


@pytest.mark.parametrize(("text", "says"), BAD_LINKS, ids=[repr(c[0]) for c in BAD_LINKS])
def test_parse_reports_to_refuses(text: Any, says: str) -> None:
    with pytest.raises(InvalidEntity) as caught:
        parse_reports_to(text)
    assert caught.value.where == "reports_to"
    assert says in caught.value.message
    assert caught.value.message.startswith('must look like "org/graph#indicator_id"')
