"""A framework's combined figures as result rows, for its IATI and CIDS exports (issue 14).

A sector framework has few results of its own: what it measures is what its members
report to its shared indicators. Its IATI and CIDS exports therefore carry, beside its own
results, the combined figure of each shared indicator and period that the reader may see
(:func:`toc_editor.services.shared_measurement.shared_indicators`: the maintainers every
figure, a sharing member those built from at least k members, others none): the headline
figure (:data:`~toc_editor.domain.shared_measurement.HEADLINE`: the sum of counts and
money, the mean of percentages and scales), the categories summed (or averaged) where
they match, and a note saying it is combined, from how many members, with the median and
the middle half. Yes/no and text indicators have no such figure. Where the framework has a
result of its own for that indicator and period, its own is kept.

The rows have the results API's shape, so the exchange formats write them as any result
(and read them back as results: a framework imported elsewhere gets the figures as its own
results, with the note saying where they came from).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..domain.shared_measurement import HEADLINE, NUMERIC
from ..storage.models import Graph
from .context import Ctx
from .shared_measurement import shared_indicators

__all__ = ["combined_rows"]


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def _note(figures: Mapping[str, Any]) -> str:
    parts = [
        f"Combined from the results of {figures['reporting']} of {figures['linked']} member "
        "ToCs reporting to this shared indicator"
    ]
    if figures.get("median") is not None and figures.get("q1") is not None:
        parts.append(
            f"median {_number(figures['median'])}, middle half "
            f"{_number(figures['q1'])} to {_number(figures['q3'])}"
        )
    return "; ".join(parts) + "."


def combined_rows(ctx: Ctx, graph: Graph, own: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The combined figures of ``graph``'s shared indicators this reader may see, as result
    rows, leaving out the (indicator, period) pairs ``own`` (its own results) has; none
    when no member reports to it."""
    key = f"{graph.org.slug}/{graph.slug}"
    if not ctx.uow.reports.anyone_reports_to(key):
        return []
    taken = {(str(row["indicator"]), str(row["period"])) for row in own}
    body = shared_indicators(ctx, graph.org.slug, graph.slug)
    rows: list[dict[str, Any]] = []
    for ind in body["indicators"]:
        unit = ind["unit_type"]
        figure = HEADLINE.get(unit)
        if unit not in NUMERIC or figure is None:
            continue
        for figures in ind["aggregates"] or ():
            value = figures.get(figure)
            if figures["suppressed"] or value is None:
                continue
            if (ind["indicator"], figures["period"]) in taken:
                continue
            categories = {
                c["name"]: dict(c["values"])
                for c in figures.get("categories") or ()
                if not c.get("suppressed") and c.get("values")
            }
            rows.append(
                {
                    "id": None,
                    "indicator": ind["indicator"],
                    "node_id": ind.get("node_id"),
                    "period": figures["period"],
                    "value": value,
                    "numerator": None,
                    "denominator": None,
                    "text_value": None,
                    "categories": categories or None,
                    "note": _note(figures),
                    "source": "",
                    "reported_by": None,
                    "reported_at": None,
                    "archived": False,
                }
            )
    return rows
