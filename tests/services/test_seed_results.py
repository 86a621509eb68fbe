"""The seed's example results (pure, deterministic): two years per indicator, a mix of
statuses judged by ``domain.progress`` as the dashboard will, values a results grid would
accept (categories add up, numerators within denominators, percentages 0-100, periods of
the indicator's frequency), reported before today by the organisation's people."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from toc_editor.domain.periods import frequency_of, period_bounds
from toc_editor.domain.progress import Actual, indicator_status
from toc_editor.services import templates
from toc_editor.services.seed_results import (
    PROFILES,
    Report,
    assign_profiles,
    measurable,
    plan_results,
)

TODAY = date(2026, 12, 6)


def _indicator(n: int, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": f"i{n}",
        "name": f"Indicator {n}",
        "baseline": 40,
        "target": 80,
        "baseline_date": "2024-09-30",
        "target_date": "2027-03-31",
        "unit_type": "count",
    }
    return {**base, **fields}


def _mixed(count: int = 30) -> list[tuple[str, dict[str, Any]]]:
    """A ToC's worth of indicators of every kind."""
    kinds: list[dict[str, Any]] = [
        {},
        {"unit_type": "percentage", "baseline": 46, "target": 60},
        {"direction": "decrease", "baseline": 18, "target": 8, "unit_type": "percentage"},
        {"unit_type": "scale", "scale_min": 1, "scale_max": 5, "baseline": 3.1, "target": 4},
        {"unit_type": "currency", "currency": "HKD", "baseline": 9_200_000, "target": 11_000_000},
        {"disaggregations": [{"name": "gender", "categories": ["female", "male", "another"]}]},
        {"frequency": "half_yearly", "baseline": 780, "target": 1100},
        {"frequency": "yearly", "baseline": None, "target": 65, "unit_type": "percentage"},
    ]
    return [(f"n{k}", _indicator(k, **kinds[k % len(kinds)])) for k in range(count)]


def _current(reports: list[Report]) -> dict[tuple[str, str], Report]:
    out: dict[tuple[str, str], Report] = {}
    for report in sorted(reports, key=lambda r: r.at):  # later writes win
        out[(report.indicator, report.period)] = report
    return out


def _statuses(pairs: list[tuple[str, dict[str, Any]]], reports: list[Report]) -> Counter[str]:
    current = _current(reports)
    found: Counter[str] = Counter()
    for _, definition in pairs:
        actuals = [
            Actual(period, _value(r), r.text_value)
            for (indicator, period), r in current.items()
            if indicator == definition["id"]
        ]
        found[indicator_status(definition, actuals, TODAY).status] += 1
    return found


def _value(report: Report) -> float | None:
    if report.value is None and report.numerator is not None and report.denominator:
        return 100 * report.numerator / report.denominator
    return report.value


def test_the_same_inputs_give_the_same_results_and_another_key_others() -> None:
    pairs = _mixed()
    first = plan_results(pairs, today=TODAY, key="k", reporters=["ana", "ben"])
    assert first == plan_results(pairs, today=TODAY, key="k", reporters=["ana", "ben"])
    assert first != plan_results(pairs, today=TODAY, key="other", reporters=["ana", "ben"])


def test_a_toc_shows_every_status_a_programme_manager_meets() -> None:
    pairs = _mixed(40)
    reports = plan_results(pairs, today=TODAY, key="mix", reporters=["ana"])
    found = _statuses(pairs, reports)
    for status in ("on_track", "behind", "off_track", "no_recent_data"):
        assert found[status] >= 2, found
    assert found["on_track"] > found["off_track"]
    reported = {r.indicator for r in reports}
    assert len(reported) >= 0.85 * len(pairs)  # most indicators have results


def test_profiles_are_dealt_in_shares() -> None:
    pairs = _mixed(40)
    dealt = Counter(assign_profiles(pairs, random.Random(1)).values())
    assert set(dealt) == set(PROFILES)
    assert dealt["on_track"] > dealt["behind"] > dealt["off_track"] >= 1
    assert 1 <= dealt["none"] <= 4


@pytest.mark.parametrize("profile", ["on_track", "behind", "off_track"])
@pytest.mark.parametrize("k", range(8))
def test_each_profile_ends_with_its_status(profile: str, k: int) -> None:
    pair = _mixed(8)[k]
    reports = plan_results(
        [pair], today=TODAY, key=f"{k}", reporters=["ana"], profiles={pair[1]["id"]: profile}
    )
    assert _statuses([pair], reports) == Counter({profile: 1})


def test_stale_indicators_stop_reporting_and_none_report_nothing() -> None:
    pairs = _mixed(2)
    ids = [d["id"] for _, d in pairs]
    reports = plan_results(
        pairs, today=TODAY, key="s", reporters=["ana"], profiles={ids[0]: "stale", ids[1]: "none"}
    )
    assert {r.indicator for r in reports} == {ids[0]}
    assert max(r.period for r in reports) == "2025-Q4"  # 2026-Q1 to Q3 never came
    assert _statuses(pairs[:1], reports) == Counter({"no_recent_data": 1})


def test_values_are_what_the_results_service_accepts() -> None:
    pairs = _mixed(40)
    definitions = {d["id"]: d for _, d in pairs}
    reports = plan_results(pairs, today=TODAY, key="v", reporters=["ana", "ben"])
    midnight = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC)
    for report in reports:
        definition = definitions[report.indicator]
        assert frequency_of(report.period) == definition.get("frequency", "quarterly")
        assert report.at < midnight and report.at.date() > period_bounds(report.period)[1]
        assert report.reporter in ("ana", "ben")
        value = _value(report)
        assert value is not None
        if definition["unit_type"] == "percentage":
            assert 0 <= value <= 100
        if report.numerator is not None:
            assert report.denominator and 0 <= report.numerator <= report.denominator
            assert report.value is None
        if definition["unit_type"] == "scale":
            assert definition["scale_min"] <= value <= definition["scale_max"]
        for dimension, parts in (report.categories or {}).items():
            assert set(parts) == set(definition["disaggregations"][0]["categories"]), dimension
            assert sum(parts.values()) == pytest.approx(report.value, abs=1e-6)
        entry = report.entry()
        assert entry["indicator"] == report.indicator and entry["period"] == report.period
    assert any(r.categories for r in reports) and any(r.numerator for r in reports)


def test_quarterly_indicators_cover_two_years() -> None:
    pairs = [("n", _indicator(1))]
    reports = plan_results(
        pairs, today=TODAY, key="q", reporters=["a"], profiles={"i1": "on_track"}
    )
    periods = sorted({r.period for r in reports})
    assert periods[0] == "2024-Q4" and periods[-1] == "2026-Q3"
    assert len(periods) >= 7  # a quarter may have gone unreported


def test_reports_before_the_indicators_existed_are_entered_on_one_day() -> None:
    pairs = _mixed(10)
    setup = datetime(2026, 6, 1, 10, tzinfo=UTC)
    reports = plan_results(pairs, today=TODAY, key="e", reporters=["a"], entered_from=setup)
    assert min(r.at for r in reports) == setup
    early = [r for r in reports if r.at == setup]
    assert early and all("monitoring spreadsheet" in r.note for r in early)
    assert len({r.reporter for r in early}) == 1  # one person, one batch
    assert any(r.at > setup for r in reports)


def test_a_few_earlier_values_are_corrected_later_but_never_the_latest() -> None:
    pairs = _mixed(30)
    reports = plan_results(pairs, today=TODAY, key="c", reporters=["a"])
    corrected = [r for r in reports if r.note.startswith("Corrected")]
    assert 1 <= len(corrected) <= 3
    latest = {}
    for report in reports:
        latest[report.indicator] = max(latest.get(report.indicator, ""), report.period)
    for report in corrected:
        first = min(
            (r for r in reports if (r.indicator, r.period) == (report.indicator, report.period)),
            key=lambda r: r.at,
        )
        assert first.at < report.at and first.value != report.value
        assert report.period != latest[report.indicator]


def test_what_can_be_measured() -> None:
    assert measurable({"unit_type": "yes_no"})
    assert not measurable({"unit_type": "count"})  # no number to start from or aim at
    assert measurable({"unit_type": "percentage"})


@pytest.mark.parametrize("template", [t for t, _ in templates.templates()])
def test_the_seeds_indicators_get_results_with_a_mix_of_statuses(template: str) -> None:
    doc = templates.template(template)
    assert doc is not None
    pairs = [(n["id"], i) for n in doc["nodes"] for i in n.get("indicators", [])]
    reports = plan_results(pairs, today=TODAY, key=template, reporters=["ana", "ben"])
    assert len({r.indicator for r in reports}) >= 0.6 * len(pairs)
    found = _statuses(pairs, reports)
    assert found["on_track"] and found["behind"] and found["no_recent_data"], found
    if "framework" not in template:  # the framework's members set their own targets
        assert found["off_track"], found
    assert max(r.at for r in reports) < datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC)
    assert (TODAY - min(r.at for r in reports).date()) < timedelta(days=800)
