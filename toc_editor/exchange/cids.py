"""Common Impact Data Standard JSON-LD (export only).

Common Impact Data Standard JSON-LD: outcomes and impacts are ``cids:Outcome``,
activities ``cids:Activity``, outputs ``cids:Output``; indicators are
``cids:Indicator`` (``cids:forOutcome``, ``cids:hasBaseline``,
``cids:hasThreshold`` for the target, as ``i72:Measure``); ``leads_to`` and
``contributes_to`` links are ``cids:canProduce``, ``enables`` is ``cids:canEnable``.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

from toc_editor.domain.text import xml_safe

from .common import date_text

__all__ = ["to_cids_jsonld"]

CIDS_CONTEXT = {
    "cids": "https://ontology.commonapproach.org/cids#",
    "i72": "http://ontology.eil.utoronto.ca/ISO21972/iso21972#",
    "org": "http://ontology.eil.utoronto.ca/tove/organization#",
    "schema": "http://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
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
            graph.append(entry)
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
