"""Charts of results for reports: Vega-Lite specs drawn by vl-convert (issue 13).

One chart per indicator: the target path (the value expected at the end of each period,
dashed) against the actuals, and, when the results are disaggregated, one line per
category of the indicator's first dimension (cumulative indicators: running totals per
category, as the actual is). The spec is plain data (:func:`indicator_chart`); the
picture is vl-convert's (:func:`chart_png`), which runs Vega-Lite and Vega in-process
(no browser, no network). No chart is drawn by hand here.

The input is one indicator of the dashboard's form (``GET .../dashboard``): its
definition (``name``, ``unit``, ``unit_type``, ``aggregation``, ``disaggregations``)
and ``series``: ``[{"period", "end", "actual", "value", "target", "categories"}]``.
Text is sized for print: a report prints a chart at its natural size (1 Vega unit = 1
pt; the PNG is drawn at 2 pixels a point), so no chart text is under
:data:`CHART_FONT_PT`.

Examples
--------
>>> spec = indicator_chart({"name": "Jobs", "unit": "people"},
...     [{"period": "2025-Q1", "end": "2025-03-31", "actual": 4, "target": 5}])
>>> sorted({row["series"] for row in spec["data"]["values"]})
['Actual', 'Target path']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .text import clean

__all__ = [
    "CHART_FONT_PT",
    "chart_pdf",
    "chart_png",
    "has_chart",
    "indicator_chart",
]

#: The size of the smallest text in a chart's spec (Vega units: 1 unit = 1 pt at scale 1).
CHART_FONT_PT = 11
#: Width of the plotting area; the whole chart is about 90 pt wider (axis and legend).
PLOT_WIDTH, PLOT_HEIGHT = 470, 100
TARGET, ACTUAL = "Target path", "Actual"
# Okabe-Ito, as the diagrams: blue for actuals, grey for the path, then the categories
CATEGORY_COLOURS = ["#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def has_chart(indicator: Mapping[str, Any]) -> bool:
    """Whether an indicator has a number to draw: an actual in any period."""
    return any(row.get("actual") is not None for row in indicator.get("series") or [])


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def indicator_chart(
    indicator: Mapping[str, Any], series: Sequence[Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """The Vega-Lite spec of one indicator's chart (``series`` defaults to its own)."""
    rows = list(series if series is not None else indicator.get("series") or [])
    cumulative = indicator.get("aggregation") == "cumulative"
    dims = [d.get("name") for d in indicator.get("disaggregations") or [] if d.get("name")]
    dimension = dims[0] if dims else None
    for row in rows:  # the dimension reported, when none is declared
        if dimension is None and isinstance(row.get("categories"), Mapping):
            dimension = next(iter(row["categories"]), None)
    periods = [str(row.get("period")) for row in rows]
    values: list[dict[str, Any]] = []
    categories: list[str] = []
    totals: dict[str, float] = {}
    for row in rows:
        period = str(row.get("period"))
        target, actual = _number(row.get("target")), _number(row.get("actual"))
        if target is not None:
            values.append({"period": period, "series": TARGET, "value": target})
        if actual is not None:
            values.append({"period": period, "series": ACTUAL, "value": actual})
        split = (row.get("categories") or {}).get(dimension) if dimension else None
        if isinstance(split, Mapping):
            for category, raw in split.items():
                number = _number(raw)
                if number is None:
                    continue
                name = clean(category, 40)
                if name not in categories:
                    categories.append(name)
                if cumulative:
                    totals[name] = totals.get(name, 0.0) + number
                    number = totals[name]
                values.append({"period": period, "series": name, "value": number})
    names = [TARGET, ACTUAL, *categories]
    colours = ["#7F7F7F", "#0072B2", *CATEGORY_COLOURS[: len(categories)]]
    dashes = [[6, 4], [1, 0], *([[1, 0]] * len(categories))]
    unit = clean(indicator.get("unit"), 40)
    if indicator.get("unit_type") == "percentage" and not unit:
        unit = "%"
    if indicator.get("unit_type") == "yes_no":
        unit = "yes = 1, no = 0"
    subtitle = []
    if dimension and categories:
        subtitle.append(f"by {clean(dimension, 40)}" + (" (running totals)" if cumulative else ""))
    elif cumulative:
        subtitle.append("running total")
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": PLOT_WIDTH,
        "height": PLOT_HEIGHT,
        "title": {
            "text": clean(indicator.get("name"), 90) or "Indicator",
            **({"subtitle": subtitle[0]} if subtitle else {}),
            "anchor": "start",
            "limit": PLOT_WIDTH + 30,
        },
        "data": {"values": values},
        "mark": {"type": "line", "point": {"size": 40}, "strokeWidth": 2},
        "encoding": {
            "x": {
                "field": "period",
                "type": "ordinal",
                "sort": periods,
                "title": None,
                "axis": {"labelAngle": -45 if len(periods) > 8 else 0},
            },
            "y": {"field": "value", "type": "quantitative", "title": unit or None},
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "scale": {"domain": names, "range": colours},
                "legend": {"orient": "bottom", "direction": "horizontal"},
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": names, "range": dashes},
                "legend": None,
            },
        },
        "config": {
            "font": "Liberation Sans, Arial, Helvetica, sans-serif",
            "axis": {"labelFontSize": CHART_FONT_PT, "titleFontSize": CHART_FONT_PT},
            "legend": {"labelFontSize": CHART_FONT_PT, "titleFontSize": CHART_FONT_PT},
            "title": {"fontSize": 13, "subtitleFontSize": CHART_FONT_PT},
            "view": {"stroke": None},
        },
    }


def chart_png(spec: Mapping[str, Any], scale: float = 2.0) -> bytes:
    """The chart as PNG at ``scale`` pixels per point (2: sharp in print at its size)."""
    import vl_convert

    png: bytes = vl_convert.vegalite_to_png(dict(spec), scale=scale)
    return png


def chart_pdf(spec: Mapping[str, Any]) -> bytes:
    """The chart as a one-page PDF at its natural size (for previews of a report)."""
    import vl_convert

    pdf: bytes = vl_convert.vegalite_to_pdf(dict(spec))
    return pdf
