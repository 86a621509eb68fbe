"""IATI results XML (export only).

An ``<iati-activities version="2.03">`` file with one activity whose
``<result type="1|2|3">`` are the outputs, outcomes and impacts; each indicator has
``<baseline year value>`` and a ``<period>`` with ``<target value>``. Numeric
values go in ``value``; text values make the indicator qualitative
(``measure="5"``) and go in a ``<comment>``. Periods and the baseline year come from
``meta`` (``period_start``, ``period_end``, ``baseline_year``), else the version's
date.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from toc_editor.domain.text import xml_safe

from .common import date_text

__all__ = ["to_iati_xml"]

IATI_RESULT_TYPES = {"output": "1", "outcome": "2", "impact": "3"}
XML_NS = "http://www.w3.org/XML/1998/namespace"


def _iso_date(value: Any, fallback: str) -> str:
    text = date_text(value) if value else ""
    return text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", text) else fallback


def _narrative(parent: ET.Element, tag: str, text: Any, **attrs: str) -> ET.Element:
    elem = ET.SubElement(parent, tag, attrs)
    ET.SubElement(elem, "narrative").text = xml_safe(text)
    return elem


def _decimal(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format(value, "f") if isinstance(value, float) else str(value)
    return None


def to_iati_xml(doc: Mapping[str, Any], meta: Mapping[str, Any] | None = None) -> bytes:
    """IATI 2.03 activity XML whose results are the ToC's outputs, outcomes and impacts."""
    meta = meta or {}
    today = dt.date.today().isoformat()
    version_date = _iso_date(meta.get("date"), today)
    start = _iso_date(meta.get("period_start"), version_date)
    end = _iso_date(meta.get("period_end"), start)
    year = str(meta.get("baseline_year") or start[:4])
    if not re.match(r"^\d{4}$", year):
        year = start[:4]
    root = ET.Element("iati-activities", {"version": "2.03", "generated-datetime": today})
    activity = ET.SubElement(
        root, "iati-activity", {"last-updated-datetime": version_date, f"{{{XML_NS}}}lang": "en"}
    )
    identifier = (
        meta.get("iati_identifier") or f"{meta.get('org') or 'org'}-{meta.get('graph') or 'toc'}"
    )
    ET.SubElement(activity, "iati-identifier").text = xml_safe(identifier)
    _narrative(
        activity, "reporting-org", meta.get("org") or "", ref=xml_safe(meta.get("org_ref") or "")
    )
    _narrative(activity, "title", meta.get("title") or meta.get("graph") or "Theory of change")
    commit = xml_safe(meta.get("commit") or "")
    _narrative(
        activity, "description",
        "Results of a theory of change" + (f", version {commit}" if commit else ""), type="1",
    )  # fmt: skip
    for node in doc.get("nodes") or []:
        result_type = IATI_RESULT_TYPES.get(node.get("kind", ""))
        if result_type is None:
            continue
        result = ET.SubElement(activity, "result", {"type": result_type, "aggregation-status": "0"})
        _narrative(result, "title", node.get("label"))
        if node.get("description"):
            _narrative(result, "description", node["description"])
        for ind in node.get("indicators") or []:
            baseline, target = _decimal(ind.get("baseline")), _decimal(ind.get("target"))
            qualitative = any(
                ind.get(k) is not None and _decimal(ind.get(k)) is None
                for k in ("baseline", "target")
            )
            measure = (
                "5" if qualitative else ("2" if (ind.get("unit") or "").strip() == "%" else "1")
            )
            indicator = ET.SubElement(result, "indicator", {"measure": measure, "ascending": "1"})
            _narrative(indicator, "title", ind.get("name"))
            if ind.get("unit") or ind.get("source"):
                parts = [f"Unit: {ind['unit']}" if ind.get("unit") else "",
                         f"Source: {ind['source']}" if ind.get("source") else ""]  # fmt: skip
                _narrative(indicator, "description", "; ".join(p for p in parts if p))
            if ind.get("vocabulary") or ind.get("code"):
                ET.SubElement(
                    indicator, "reference",
                    {"vocabulary": xml_safe(ind.get("vocabulary") or "99"),
                     "code": xml_safe(ind.get("code") or "")},
                )  # fmt: skip
            if ind.get("baseline") is not None:
                attrs = {"year": year, "iso-date": f"{year}-01-01"}
                if baseline is not None:
                    attrs["value"] = baseline
                elem = ET.SubElement(indicator, "baseline", attrs)
                if baseline is None:
                    _narrative(elem, "comment", ind["baseline"])
            if ind.get("target") is not None:
                period = ET.SubElement(indicator, "period")
                ET.SubElement(period, "period-start", {"iso-date": start})
                ET.SubElement(period, "period-end", {"iso-date": end})
                elem = ET.SubElement(period, "target", {"value": target} if target else {})
                if target is None:
                    _narrative(elem, "comment", ind["target"])
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body
