"""A framework's shared indicators as CSV (issue 14): the figures this viewer may see.

A row per shared indicator and period shown (:func:`.shared_measurement.shared_indicators`
for this viewer, the same ``from``/``to``): ``indicator``, ``indicator_name``, ``node``
(its box's label), ``unit_type``, ``period``, ``linked``, ``reporting``, ``coverage``,
``sum``, ``mean``, ``median``, ``q1``, ``q3``, ``yes_share``, ``change``, ``suppressed``,
``reason``, and a column per category of the shared indicators' disaggregations
(``gender:female``: that category's sum or mean where it may be shown). A hidden figure
is an empty cell. An indicator with no figures for this viewer has no rows. Members'
own values are not in it (``GET .../shared-indicators/{indicator}`` has them). A text cell
a spreadsheet would run as a formula gets a leading apostrophe, as the results' CSV does.
"""

from __future__ import annotations

from typing import Any

from .context import Ctx
from .csv_out import csv_bytes
from .shared_measurement import shared_indicators

__all__ = ["COLUMNS", "export_csv"]

FIGURES = ("sum", "mean", "median", "q1", "q3", "yes_share", "change")
COLUMNS = (
    "indicator",
    "indicator_name",
    "node",
    "unit_type",
    "period",
    "linked",
    "reporting",
    "coverage",
    *FIGURES,
    "suppressed",
    "reason",
)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def export_csv(
    ctx: Ctx, org_slug: str, slug: str, *, from_: str | None = None, to: str | None = None
) -> tuple[bytes, str]:
    """The CSV (UTF-8) and its file name."""
    body = shared_indicators(ctx, org_slug, slug, from_=from_, to=to)
    categories: list[str] = []
    for ind in body["indicators"]:
        for d in ind["definition"].get("disaggregations") or ():
            categories += [f"{d['name']}:{c}" for c in d["categories"]]
    categories = list(dict.fromkeys(categories))
    lines = []
    for ind in body["indicators"]:
        for row in ind["aggregates"] or ():
            split = {
                f"{c['name']}:{category}": value
                for c in row["categories"]
                for category, value in (c["values"] or {}).items()
            }
            lines.append(
                [
                    ind["indicator"],
                    ind["name"],
                    ind["node_label"],
                    ind["unit_type"],
                    row["period"],
                    row["linked"],
                    row["reporting"],
                    row["coverage"],
                    *(row[f] for f in FIGURES),
                    row["suppressed"],
                    row["reason"],
                    *(split.get(c) for c in categories),
                ]
            )
    body = csv_bytes([*COLUMNS, *categories], ([_cell(c) for c in line] for line in lines))
    return body, f"{org_slug}-{slug}-shared-indicators.csv"
