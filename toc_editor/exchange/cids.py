"""Common Impact Data Standard JSON-LD: the ToC, and its results when given.

Common Impact Data Standard JSON-LD: outcomes and impacts are ``cids:Outcome``,
activities ``cids:Activity``, outputs ``cids:Output``; indicators are
``cids:Indicator`` (``cids:forOutcome``, ``cids:hasBaseline``,
``cids:hasThreshold`` for the target, as ``i72:Measure``; ``schema:identifier`` our
indicator id); ``leads_to`` and ``contributes_to`` links are ``cids:canProduce``,
``enables`` is ``cids:canEnable``.

With ``meta["results"]`` (the current results, rows of the results API) each result is a
``cids:IndicatorReport``: ``cids:forIndicator``, ``i72:value`` (an ``i72:Measure``
with ``i72:hasNumericalValue`` and the indicator's unit), ``time:hasTime`` (a
``time:DateTimeInterval`` from the period's first to its last day), ``cids:hasComment``
its note, ``schema:citation`` its source; and what CIDS has no word for in our own terms
(``toc:``, ``urn:toc-editor:terms:``): ``toc:period`` (the period code),
``toc:textValue`` (a text or yes/no answer) and ``toc:categories`` (the disaggregation:
``[{"toc:dimension", "toc:category", "i72:value"}]``, inside the report, so a tool that
does not know them still counts each result once). The indicator lists its reports in
``cids:hasIndicatorReport``. :func:`read_cids_results` reads them back; what does not
round-trip: who reported and when, numerators and denominators, results of indicators no
longer in the ToC.

An indicator that reports to a framework's shared indicator (``reports_to``, issue 14)
says so in ``toc:reportsTo`` (``"org/graph#indicator_id"``), which
:func:`read_cids_reports_to` reads back.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

from toc_editor.domain.errors import ImportFormatError
from toc_editor.domain.periods import is_period, period_bounds
from toc_editor.domain.text import xml_safe

from .common import MAX_BYTES, date_text

__all__ = ["read_cids_reports_to", "read_cids_results", "to_cids_jsonld"]

CIDS_CONTEXT = {
    "cids": "https://ontology.commonapproach.org/cids#",
    "i72": "http://ontology.eil.utoronto.ca/ISO21972/iso21972#",
    "org": "http://ontology.eil.utoronto.ca/tove/organization#",
    "schema": "http://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "time": "http://www.w3.org/2006/time#",
    "toc": "urn:toc-editor:terms:",
}
CIDS_TYPES = {
    "activity": "cids:Activity",
    "output": "cids:Output",
    "outcome": "cids:Outcome",
    "impact": "cids:Outcome",
}


def _base_iri(meta: Mapping[str, Any]) -> str:
    base = str(meta.get("base_iri") or "")
    if re.match(r"^https?://[^\s<>\"{}|\\^`]+$", base):
        return base if base.endswith(("/", "#")) else base + "/"
    org = urllib.parse.quote(str(meta.get("org") or "org"), safe="")
    graph = urllib.parse.quote(str(meta.get("graph") or "graph"), safe="")
    return f"urn:toc-editor:{org}:{graph}:"


def _measure(value: Any) -> dict[str, Any]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"@type": "i72:Measure", "i72:hasNumericalValue": str(value)}
    return {"@type": "i72:Measure", "schema:description": xml_safe(value)}


def to_cids_jsonld(doc: Mapping[str, Any], meta: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A CIDS JSON-LD document (a dict; ``json.dumps`` it to serve)."""
    meta = meta or {}
    base = _base_iri(meta)

    def iri(kind: str, ident: str) -> str:
        return f"{base}{kind}/{urllib.parse.quote(ident, safe='')}"

    produces: dict[str, list[dict[str, str]]] = {}
    enables: dict[str, list[dict[str, str]]] = {}
    for edge in doc.get("edges") or []:
        table = enables if edge.get("relation") == "enables" else produces
        table.setdefault(edge["source"], []).append({"@id": iri("node", edge["target"])})
    reports: dict[str, list[Mapping[str, Any]]] = {}
    for row in meta.get("results") or []:
        reports.setdefault(str(row.get("indicator")), []).append(row)
    graph: list[dict[str, Any]] = []
    outcome_refs = []
    for node in doc.get("nodes") or []:
        node_iri = iri("node", node["id"])
        item: dict[str, Any] = {
            "@id": node_iri,
            "@type": CIDS_TYPES.get(node["kind"], "cids:Outcome"),
            "cids:hasName": xml_safe(node.get("label")),
        }
        if node.get("description"):
            item["cids:hasDescription"] = xml_safe(node["description"])
        indicators = node.get("indicators") or []
        if indicators:
            item["cids:hasIndicator"] = [
                {"@id": iri("indicator", f"{node['id']}/{i['id']}")} for i in indicators
            ]
        if node["id"] in produces:
            item["cids:canProduce"] = produces[node["id"]]
        if node["id"] in enables:
            item["cids:canEnable"] = enables[node["id"]]
        if node["kind"] in ("outcome", "impact"):
            outcome_refs.append({"@id": node_iri})
        graph.append(item)
        for ind in indicators:
            entry: dict[str, Any] = {
                "@id": iri("indicator", f"{node['id']}/{ind['id']}"),
                "@type": "cids:Indicator",
                "cids:hasName": xml_safe(ind.get("name")),
                "cids:forOutcome": {"@id": node_iri},
            }
            if ind.get("unit"):
                entry["i72:unit_of_measure"] = xml_safe(ind["unit"])
            if ind.get("baseline") is not None:
                entry["cids:hasBaseline"] = _measure(ind["baseline"])
            if ind.get("target") is not None:
                entry["cids:hasThreshold"] = _measure(ind["target"])
            if ind.get("source"):
                entry["cids:hasDescription"] = f"Source: {xml_safe(ind['source'])}"
            entry["schema:identifier"] = xml_safe(ind["id"])
            if ind.get("reports_to"):
                entry["toc:reportsTo"] = xml_safe(ind["reports_to"])
            mine = [
                _report(row, ind, entry["@id"], iri("report", f"{ind['id']}/{row.get('period')}"))
                for row in reports.get(str(ind["id"]), [])
                if is_period(row.get("period"))
            ]
            if mine:
                entry["cids:hasIndicatorReport"] = [{"@id": r["@id"]} for r in mine]
            graph.append(entry)
            graph.extend(mine)
    model: dict[str, Any] = {
        "@id": f"{base}impact-model",
        "@type": "cids:ImpactModel",
        "cids:hasName": xml_safe(meta.get("title") or meta.get("graph") or "Theory of change"),
        "cids:hasOutcome": outcome_refs,
    }
    if meta.get("org"):
        model["cids:forOrganization"] = {
            "@id": f"{base}organization",
            "@type": "cids:Organization",
            "org:hasLegalName": xml_safe(meta["org"]),
        }
    if meta.get("commit"):
        model["schema:version"] = xml_safe(meta["commit"])
    if meta.get("date"):
        model["schema:dateModified"] = date_text(meta["date"])
    return {"@context": dict(CIDS_CONTEXT), "@graph": [model, *graph]}


def _number(value: Any) -> float | int | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return None


def _value(number: float | int, unit: Any) -> dict[str, Any]:
    measure: dict[str, Any] = {"@type": "i72:Measure", "i72:hasNumericalValue": str(number)}
    if unit:
        measure["i72:unit_of_measure"] = xml_safe(unit)
    return measure


def _report(
    row: Mapping[str, Any], ind: Mapping[str, Any], indicator_iri: str, report_iri: str
) -> dict[str, Any]:
    """One result as a ``cids:IndicatorReport``."""
    period = str(row["period"])
    start, end = period_bounds(period)
    report: dict[str, Any] = {
        "@id": report_iri,
        "@type": "cids:IndicatorReport",
        "cids:hasName": xml_safe(f"{ind.get('name') or ''} {period}".strip()),
        "cids:forIndicator": {"@id": indicator_iri},
        "toc:period": period,
        "time:hasTime": {
            "@type": "time:DateTimeInterval",
            "time:hasBeginning": {"@type": "time:Instant", "time:inXSDDate": start.isoformat()},
            "time:hasEnd": {"@type": "time:Instant", "time:inXSDDate": end.isoformat()},
        },
    }
    number = _number(row.get("value"))
    if number is not None:
        report["i72:value"] = _value(number, ind.get("unit"))
    if row.get("text_value"):
        report["toc:textValue"] = xml_safe(row["text_value"])
    if row.get("note"):
        report["cids:hasComment"] = xml_safe(row["note"])
    if row.get("source"):
        report["schema:citation"] = xml_safe(row["source"])
    parts = []
    for name, split in sorted((row.get("categories") or {}).items()):
        for category, raw in (split or {}).items() if isinstance(split, Mapping) else ():
            value = _number(raw)
            if value is not None:
                parts.append({"toc:dimension": xml_safe(name), "toc:category": xml_safe(category),
                              "i72:value": _value(value, ind.get("unit"))})  # fmt: skip
    if parts:
        report["toc:categories"] = parts
    return report


def _measured(item: Any, where: str) -> float | None:
    if not isinstance(item, Mapping) or "i72:hasNumericalValue" not in item:
        return None
    try:
        return float(item["i72:hasNumericalValue"])
    except (TypeError, ValueError):
        raise ImportFormatError("i72:hasNumericalValue is not a number", where=where) from None


def _items(data: bytes) -> list[Any]:
    """The ``@graph`` of a JSON-LD file; ImportFormatError for anything else."""
    if len(data) > MAX_BYTES:
        raise ImportFormatError("the file is larger than 20 MB", where="file")
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFormatError(f"not readable JSON: {exc}", where="file") from None
    items = document.get("@graph") if isinstance(document, Mapping) else None
    if not isinstance(items, list):
        raise ImportFormatError("no @graph in this JSON-LD", where="@graph")
    return items


def read_cids_reports_to(data: bytes) -> dict[str, str]:
    """Indicator id -> the shared indicator it reports to (``toc:reportsTo``), for the
    ``cids:Indicator`` items with a ``schema:identifier`` that have one."""
    return {
        str(item["schema:identifier"]): item["toc:reportsTo"]
        for item in _items(data)
        if isinstance(item, Mapping) and item.get("@type") == "cids:Indicator"
        and "schema:identifier" in item and isinstance(item.get("toc:reportsTo"), str)
    }  # fmt: skip


def read_cids_results(data: bytes) -> list[dict[str, Any]]:
    """The results in a CIDS JSON-LD file this exporter wrote (or one with the same
    terms): each ``cids:IndicatorReport`` with a ``toc:period`` for an indicator with a
    ``schema:identifier``, as the results API's entries."""
    items = _items(data)
    ids = {
        item["@id"]: str(item["schema:identifier"])
        for item in items
        if isinstance(item, Mapping) and item.get("@type") == "cids:Indicator"
        and "@id" in item and "schema:identifier" in item
    }  # fmt: skip
    out = []
    for n, item in enumerate(items):
        if not isinstance(item, Mapping) or item.get("@type") != "cids:IndicatorReport":
            continue
        where = f"@graph/{n}"
        target = item.get("cids:forIndicator")
        indicator = ids.get(target.get("@id") if isinstance(target, Mapping) else target)
        period = item.get("toc:period")
        if indicator is None or not is_period(period):
            continue
        categories: dict[str, dict[str, float]] = {}
        for part in item.get("toc:categories") or []:
            value = _measured(part.get("i72:value"), where) if isinstance(part, Mapping) else None
            if value is not None:
                name, category = str(part.get("toc:dimension")), str(part.get("toc:category"))
                categories.setdefault(name, {})[category] = value
        out.append(
            {
                "indicator": indicator,
                "period": period,
                "value": _measured(item.get("i72:value"), where),
                "text_value": item.get("toc:textValue"),
                "note": str(item.get("cids:hasComment") or ""),
                "source": str(item.get("schema:citation") or ""),
                "categories": categories or None,
            }
        )
    return out
