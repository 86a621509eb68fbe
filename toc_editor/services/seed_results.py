"""Two years of example results for a seeded theory of change. Pure and deterministic: the
indicators' definitions, the day and a key in, dated reports out (``services/seed.py``
writes them through the results service, as their reporters, at their times).

Each indicator that has something to measure against (a numeric baseline or target, a
scale, a yes/no) gets a *profile*, dealt out so that every seeded ToC shows the mix a
programme manager meets: most on track, some behind, some off track, some whose recent
periods were never reported (no recent data), a few with no results at all. Values follow
the indicator's path from baseline to target (the rule of ``domain/progress.py``): an
on-track indicator ends at 95-115% of the progress expected, a behind one at 68-82%, an
off-track one at 25-50%, each after a believable run of earlier periods with some noise.
Counts are whole numbers, percentages may come as numerator and denominator, indicators
with disaggregations are split into their categories (the parts add up to the total), and
a few values are corrected later (the audit trail keeps both).

Reports are dated a few weeks after their period ends, on a working day, by one of the
organisation's people; what would be dated before the indicators existed in the ToC is
entered on one day just after they were added ("from the monitoring spreadsheet").

Examples
--------
>>> jobs = {"id": "jobs", "name": "Job starts", "baseline": 100, "target": 140,
...         "baseline_date": "2024-09-30", "target_date": "2026-09-30"}
>>> reports = plan_results([("n1", jobs)], today=date(2026, 12, 6), key="demo",
...                        reporters=["ana"], profiles={"jobs": "on_track"})
>>> sorted({r.period for r in reports})  # doctest: +NORMALIZE_WHITESPACE
['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']
>>> [r.note for r in reports if r.period == "2025-Q1"][-1]  # a value corrected later
'Corrected: duplicate records removed from the export.'
>>> last = max(reports, key=lambda r: r.period)
>>> 0.9 <= (last.value - 100) / (140 - 100) <= 1.2, last.value == round(last.value)
(True, True)
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..domain.periods import parse_date, period_bounds, period_of, shift

__all__ = [
    "BANDS",
    "PERIODS",
    "PROFILES",
    "Report",
    "assign_profiles",
    "measurable",
    "plan_results",
]

PERIODS = {"quarterly": 8, "half_yearly": 4, "yearly": 2, "monthly": 24}
"""Two years of periods per frequency: the last complete ones before today."""
PROFILES = ("on_track", "behind", "off_track", "stale", "none")
"""How an indicator's results go: ends on track / behind / off track; ``stale``: its last
three periods were never reported; ``none``: nothing reported at all."""
BANDS = {"on_track": (0.95, 1.15), "behind": (0.68, 0.82), "off_track": (0.25, 0.5)}
"""Where the latest progress ratio of each profile lands (inside the progress rule's
bands: on track >= 0.9, behind 0.6-0.9, off track < 0.6)."""
_SHARES = (("on_track", 0.42), ("behind", 0.24), ("off_track", 0.14), ("stale", 0.12))
_STALE_MISSING = 3
_CORRECTIONS = 3
_ROLLING = ("per year", "a year", "annual", "per month")


@dataclass(frozen=True)
class Report:
    """One reported result (an entry of the results service) with who reports it and when."""

    indicator: str
    node_id: str
    period: str
    reporter: str
    at: datetime
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    text_value: str | None = None
    categories: dict[str, dict[str, float]] | None = None
    note: str = ""
    source: str = ""

    def entry(self) -> dict[str, Any]:
        """The results service's entry for it (fields left out when empty)."""
        out: dict[str, Any] = {"indicator": self.indicator, "period": self.period}
        for key in ("value", "numerator", "denominator", "text_value", "categories"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.note:
            out["note"] = self.note
        if self.source:
            out["source"] = self.source
        return out


# -- what an indicator is measured against ---------------------------------------------------


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _frequency(definition: Mapping[str, Any]) -> str:
    frequency = definition.get("frequency")
    return frequency if frequency in PERIODS else "quarterly"


def measurable(definition: Mapping[str, Any]) -> bool:
    """Whether the seed can report believable values for an indicator: a number to start
    from or aim at, a scale, or a yes/no (text indicators and bare counts are left out).

    >>> measurable({"baseline": 3}), measurable({"unit_type": "scale", "scale_min": 1,
    ...     "scale_max": 5}), measurable({"unit_type": "text", "target": 3}), measurable({})
    (True, True, False, False)
    """
    unit_type = definition.get("unit_type")
    if unit_type == "text":
        return False
    if unit_type == "yes_no":
        return True
    if _number(definition.get("baseline")) is not None:
        return True
    if _number(definition.get("target")) is not None:
        return True
    if unit_type == "scale":
        return _scale(definition) is not None
    return unit_type == "percentage"


def _scale(definition: Mapping[str, Any]) -> tuple[float, float] | None:
    low, high = _number(definition.get("scale_min")), _number(definition.get("scale_max"))
    return (low, high) if low is not None and high is not None and low < high else None


def _has_target(definition: Mapping[str, Any]) -> bool:
    if definition.get("unit_type") == "yes_no":
        return definition.get("target") is not None
    return _number(definition.get("target")) is not None


def _expected(definition: Mapping[str, Any], period: str) -> float | None:
    """The value expected at the end of ``period``: the line from (baseline_date, baseline)
    to (target_date, target), held at both ends; the target when there is no line (as
    ``domain.progress.expected_at``)."""
    for item in definition.get("period_targets") or ():
        if item.get("period") == period and _number(item.get("value")) is not None:
            return float(item["value"])
    target = _number(definition.get("target"))
    if target is None:
        return None
    baseline = _number(definition.get("baseline"))
    start = parse_date(definition.get("baseline_date"))
    end = parse_date(definition.get("target_date"))
    if baseline is None or start is None or end is None or end <= start:
        return target
    share = (period_bounds(period)[1] - start).days / (end - start).days
    return baseline + (target - baseline) * min(1.0, max(0.0, share))


def _ratio(definition: Mapping[str, Any], value: float, expected: float) -> float | None:
    baseline = _number(definition.get("baseline"))
    decrease = definition.get("direction") == "decrease"
    if baseline is None:
        if decrease:
            return expected / value if value > 0 else None
        return value / expected if expected > 0 else None
    if expected == baseline:
        return None
    return (value - baseline) / (expected - baseline)


# -- profiles -------------------------------------------------------------------------------


def assign_profiles(
    indicators: Sequence[tuple[str, Mapping[str, Any]]], rng: random.Random
) -> dict[str, str]:
    """A profile per measurable indicator (:data:`PROFILES`), dealt so that each profile
    gets its share (at least one of each when there are ten or more with a target)."""
    targeted = [d["id"] for _, d in indicators if measurable(d) and _has_target(d)]
    untargeted = [d["id"] for _, d in indicators if measurable(d) and not _has_target(d)]
    rng.shuffle(targeted)
    out: dict[str, str] = {}
    cursor = 0
    for profile, share in _SHARES:
        count = max(1, round(share * len(targeted))) if len(targeted) >= 10 else 0
        for indicator in targeted[cursor : cursor + count]:
            out[indicator] = profile
        cursor += count
    for indicator in targeted[cursor:]:
        out[indicator] = rng.choice(["on_track", "on_track", "behind", "none"])
    if len(targeted) >= 10 and "none" not in out.values():
        out[targeted[-1]] = "none"
    for indicator in untargeted:
        out[indicator] = rng.choice(["on_track", "on_track", "stale", "none"])
    return out


# -- values ---------------------------------------------------------------------------------


def _last_periods(today: date, frequency: str) -> list[str]:
    current = period_of(today, frequency)
    return [shift(current, -n) for n in range(PERIODS[frequency], 0, -1)]


def _bounds(definition: Mapping[str, Any]) -> tuple[float, float]:
    unit_type = definition.get("unit_type")
    scale = _scale(definition)
    if unit_type == "percentage":
        return 0.0, 100.0
    if scale is not None:
        return scale
    return 0.0, math.inf


def _rounding(definition: Mapping[str, Any], level: float) -> float:
    """The step values are reported in: whole numbers for counts of things, tenths for
    percentages and measures, hundredths on short scales, round sums of money.

    >>> _rounding({"baseline": 9, "target": 25}, 20), _rounding({"baseline": 2.1}, 2.1)
    (1.0, 0.01)
    >>> _rounding({"unit_type": "currency"}, 1_300_000), _rounding({"unit_type": "percentage"}, 4)
    (10000.0, 0.1)
    """
    unit_type = definition.get("unit_type")
    if unit_type == "currency":
        return float(10 ** max(0, int(math.log10(max(abs(level), 1))) - 2))
    if unit_type == "percentage":
        return 0.1
    scale = _scale(definition)
    if scale is not None:
        return 0.01 if scale[1] - scale[0] <= 10 else 0.1
    numbers = [_number(definition.get(k)) for k in ("baseline", "target")]
    whole = all(n is None or n == round(n) for n in numbers)
    if whole and abs(level) >= 5:
        return 1.0
    return 0.1 if abs(level) >= 5 else 0.01


def _snap(value: float, step: float, bounds: tuple[float, float]) -> float:
    value = min(max(value, bounds[0]), bounds[1])
    snapped = round(round(value / step) * step, 6)
    return float(int(snapped)) if step >= 1 else snapped


def _fit(
    definition: Mapping[str, Any],
    wanted: float,
    expected: float,
    band: tuple[float, float],
    step: float,
    bounds: tuple[float, float],
) -> float:
    """The reportable value nearest ``wanted`` whose progress ratio is inside ``band``."""
    best = _snap(wanted, step, bounds)
    for k in range(0, 400):
        for candidate in (best + k * step, best - k * step):
            candidate = _snap(candidate, step, bounds)
            ratio = _ratio(definition, candidate, expected)
            if ratio is not None and band[0] - 0.02 <= ratio <= band[1] + 0.05:
                return candidate
    return best


def _level(definition: Mapping[str, Any], rng: random.Random) -> float:
    """Where an indicator with nothing to aim at hovers."""
    baseline = _number(definition.get("baseline"))
    if baseline is not None:
        return baseline
    scale = _scale(definition)
    if scale is not None:
        return scale[0] + (scale[1] - scale[0]) * rng.uniform(0.45, 0.7)
    return rng.uniform(35, 70)


def _series(
    definition: Mapping[str, Any], periods: Sequence[str], profile: str, rng: random.Random
) -> list[float]:
    bounds = _bounds(definition)
    if not _has_target(definition):
        level = _level(definition, rng)
        step = _rounding(definition, level)
        drift = rng.uniform(-0.06, 0.1)
        return [
            _snap(level * (1 + drift * k / len(periods) + rng.uniform(-0.04, 0.04)), step, bounds)
            for k in range(len(periods))
        ]
    baseline = _number(definition.get("baseline"))
    expected = [_expected(definition, p) or 0.0 for p in periods]
    band = BANDS.get(profile, BANDS["on_track"])
    start = rng.uniform(0.85, 1.08)
    final = rng.uniform(*band)
    out = []
    for k, want in enumerate(expected):
        share = (k / (len(periods) - 1)) ** 1.5 if len(periods) > 1 else 1.0
        ratio = start + (final - start) * share
        if k < len(periods) - 1:
            ratio += rng.uniform(-0.06, 0.06)
        if baseline is not None:
            value = baseline + (want - baseline) * ratio
        elif definition.get("direction") == "decrease":
            value = want / max(ratio, 0.05)  # lower is better: attainment is expected / actual
        else:
            value = want * ratio
        step = _rounding(definition, max(abs(want), abs(baseline or 0)))
        if k == len(periods) - 1 or profile == "stale":
            value = _fit(definition, value, want, band, step, bounds)
        out.append(_snap(value, step, bounds))
    return out


def _split(total: float, categories: Sequence[str], rng: random.Random) -> dict[str, float]:
    """Whole parts of a whole ``total`` that add up to it (a small share for "another",
    "other", "prefer not to say" and the like)."""
    small = ("another", "other", "prefer not to say", "not known", "unknown")
    weights = [0.04 if c.lower() in small else rng.uniform(1.0, 2.2) for c in categories]
    raw = [total * w / sum(weights) for w in weights]
    parts = [math.floor(r) for r in raw]
    left = round(total) - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[:left]:
        parts[i] += 1
    return {c: float(p) for c, p in zip(categories, parts, strict=True)}


# -- the plan -------------------------------------------------------------------------------


def _working_time(day: date, rng: random.Random, utc_offset: int) -> datetime:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    local = datetime.combine(day, time(rng.randint(9, 17), rng.randint(0, 59)))
    return (local - timedelta(hours=utc_offset)).replace(tzinfo=UTC)


def plan_results(
    indicators: Iterable[tuple[str, Mapping[str, Any]]],
    *,
    today: date,
    key: str,
    reporters: Sequence[str],
    utc_offset: int = 0,
    entered_from: datetime | None = None,
    profiles: Mapping[str, str] | None = None,
) -> list[Report]:
    """The reports of ``indicators`` (``(node id, definition)`` pairs) over the last two
    years before ``today``, oldest first, each reported before ``today``.

    ``entered_from``: reports that would be dated earlier are entered then instead (the
    day the ToC's indicators were set up), with a note saying so. ``profiles`` overrides
    :func:`assign_profiles` (tests).
    """
    rng = random.Random(f"seed-results:{key}")
    pairs = list(indicators)
    dealt = dict(assign_profiles(pairs, rng)) if profiles is None else dict(profiles)
    now = datetime.combine(today, time(0, 0), tzinfo=UTC)
    report_day: dict[str, tuple[str, datetime]] = {}
    enterer = rng.choice(list(reporters))  # who entered the past results, in one go

    def when(period: str) -> tuple[str, datetime]:
        if period not in report_day:
            end = period_bounds(period)[1]
            at = _working_time(end + timedelta(days=rng.randint(12, 40)), rng, utc_offset)
            report_day[period] = (rng.choice(list(reporters)), at)
        return report_day[period]

    reports: list[Report] = []
    for node_id, definition in pairs:
        profile = dealt.get(definition["id"], "none")
        if profile == "none" or not measurable(definition):
            continue
        periods = _last_periods(today, _frequency(definition))
        source = str(definition.get("source") or "")[:2000]
        name = str(definition.get("name") or "") + " " + str(definition.get("unit") or "")
        rolling = any(word in name.lower() for word in _ROLLING)
        if definition.get("unit_type") == "yes_no":
            values: list[Any] = _yes_no(periods, profile)
        else:
            values = _series(definition, periods, profile, rng)
        dimensions = [(d["name"], d["categories"]) for d in definition.get("disaggregations") or ()]
        percentage = definition.get("unit_type") == "percentage"
        with_counts = percentage and rng.random() < 0.5
        cohort = rng.randint(60, 260)
        last = len(periods) - 1 - (_STALE_MISSING if profile == "stale" else 0)
        for k, (period, value) in enumerate(zip(periods, values, strict=True)):
            if k > last:
                break
            if k not in (0, last) and rng.random() < 0.04:
                continue  # a period that was never reported
            reporter, at = when(period)
            fields: dict[str, Any] = {}
            note = ""
            if isinstance(value, str):
                fields["text_value"] = value
            elif with_counts and _keeps_band(definition, value, cohort, period, profile):
                denominator = float(cohort)
                numerator = float(round(value * denominator / 100))
                fields.update(numerator=numerator, denominator=denominator)
            else:
                fields["value"] = value
                if dimensions and value == round(value) and value >= 0:
                    fields["categories"] = {
                        name: _split(value, cats, rng) for name, cats in dimensions
                    }
            if rolling:
                note = "Rolling 12 months to the end of the period."
            if entered_from is not None and at < entered_from:
                reporter, at = enterer, entered_from
                note = (note + " " if note else "") + "Entered from the monitoring spreadsheet."
            if at >= now:
                continue  # not reported yet
            reports.append(
                Report(
                    definition["id"],
                    node_id,
                    period,
                    reporter,
                    at,
                    note=note,
                    source=source,
                    **fields,
                )
            )
    reports += _corrections(reports, rng, entered_from, now)
    reports.sort(key=lambda r: (r.at, r.reporter, r.indicator, r.period))
    return reports


def _keeps_band(
    definition: Mapping[str, Any], value: float, cohort: int, period: str, profile: str
) -> bool:
    """Whether reporting ``value`` as a numerator of ``cohort`` keeps its status."""
    expected = _expected(definition, period)
    if expected is None or profile not in BANDS:
        return True
    implied = 100 * round(value * cohort / 100) / cohort
    before, after = _ratio(definition, value, expected), _ratio(definition, implied, expected)
    if before is None or after is None:
        return before is None and after is None
    return _band_of(before) == _band_of(after)


def _band_of(ratio: float) -> str:
    return "on_track" if ratio >= 0.9 else "behind" if ratio >= 0.6 else "off_track"


def _yes_no(periods: Sequence[str], profile: str) -> list[str]:
    turns = {"on_track": len(periods) // 2, "stale": len(periods) // 2}.get(profile)
    return ["yes" if turns is not None and k >= turns else "no" for k in range(len(periods))]


def _corrections(
    reports: Sequence[Report], rng: random.Random, entered_from: datetime | None, now: datetime
) -> list[Report]:
    """A few earlier values reported again with a correction (never an indicator's latest
    period, so statuses stay as dealt)."""
    latest: dict[str, str] = {}
    for report in reports:
        latest[report.indicator] = max(latest.get(report.indicator, ""), report.period)
    candidates = [
        r
        for r in reports
        if r.value is not None
        and r.categories is None
        and r.period != latest[r.indicator]
        and (entered_from is None or r.at > entered_from)
    ]
    out = []
    for report in rng.sample(candidates, min(_CORRECTIONS, len(candidates))):
        at = report.at + timedelta(days=rng.randint(3, 20), minutes=rng.randint(0, 300))
        if at >= now:
            continue
        assert report.value is not None
        value = report.value * rng.choice([0.94, 0.96, 1.03, 1.05])
        value = float(round(value)) if report.value == round(report.value) else round(value, 1)
        note = "Corrected: duplicate records removed from the export."
        out.append(replace(report, at=at, value=value, note=note))
    return out
