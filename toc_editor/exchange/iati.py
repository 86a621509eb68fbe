"""IATI results XML: the ToC's results framework, with its results when given.

An ``<iati-activities version="2.03">`` file with one activity whose
``<result type="1|2|3">`` are the outputs, outcomes and impacts. Each indicator has
``measure`` from its unit type (1 unit: counts, currencies, scales; 2 percentage; 5
qualitative: yes/no, text, or text baseline/target), ``ascending`` from its direction,
a ``<reference vocabulary="99" code="ID" indicator-uri="urn:toc-editor:indicator:ID">``
naming our indicator id (how the importer finds it again), for an indicator that reports
to a framework's shared indicator (``reports_to``, issue 14) one more ``<reference
vocabulary="99" code="org/graph#id" indicator-uri="urn:toc-editor:shared-indicator:org/graph#id">``
(:func:`read_iati_reports_to` reads them back), ``<baseline year iso-date value>`` and
periods:

- without results (``meta["results"]`` absent) one ``<period>`` with ``<target value>``,
  from ``meta`` (``period_start``, ``period_end``, ``baseline_year``) else the version's
  date, as before results existed;
- with results, one ``<period>`` per reporting period that has a result or its own
  target, with ``period-start``/``period-end`` its first and last day, ``<target
  value>`` the value expected at its end (``meta["expected"]``: indicator id -> period
  -> value, the target path; else the period's own target), and ``<actual value>`` the
  value reported for it, its note as ``<comment>``, an http(s) source as a
  ``<document-link>``; a text or yes/no answer is the actual's ``<comment>`` instead.
  Each category of a disaggregation is one more ``<actual value>`` with
  ``<dimension name="gender" value="female"/>``.

:func:`read_iati_results` reads the results back (``[{indicator, period, value,
text_value, categories, note, source}]``, the results API's entries). What does not
round-trip: who reported a value and when, numerators and denominators (IATI has one
value: the percentage), a note on a text or yes/no answer (its comment is the answer),
a source that is not an http(s) address, periods that are not a year, half, quarter or
month, and results of indicators no longer in the ToC (an IATI indicator lives in its
result).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from toc_editor.domain.errors import ImportFormatError
from toc_editor.domain.periods import FREQUENCIES, is_period, period_bounds, period_of
from toc_editor.domain.text import xml_safe

from .common import MAX_BYTES, date_text

__all__ = [
    "INDICATOR_URI",
    "SHARED_INDICATOR_URI",
    "read_iati_reports_to",
    "read_iati_results",
    "to_iati_xml",
]

IATI_RESULT_TYPES = {"output": "1", "outcome": "2", "impact": "3"}
XML_NS = "http://www.w3.org/XML/1998/namespace"
INDICATOR_URI = "urn:toc-editor:indicator:"
"""Our indicator id follows this in an indicator's ``reference/@indicator-uri``."""
SHARED_INDICATOR_URI = "urn:toc-editor:shared-indicator:"
"""The shared indicator an indicator reports to (``org/graph#id``) follows this in one
more ``reference/@indicator-uri``."""
QUALITATIVE = ("yes_no", "text")


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


def _number_text(value: Any) -> str | None:
    """A result's number as IATI's decimal (``repr`` keeps every digit of a float)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return repr(float(value)) if isinstance(value, float) else str(value)


def _measure(ind: Mapping[str, Any]) -> str:
    unit_type = ind.get("unit_type")
    if unit_type in QUALITATIVE or any(
        ind.get(k) is not None and _decimal(ind.get(k)) is None for k in ("baseline", "target")
    ):
        return "5"
    if unit_type == "percentage" or (ind.get("unit") or "").strip() == "%":
        return "2"
    return "1"


def _period_targets(ind: Mapping[str, Any]) -> dict[str, Any]:
    return {
        str(t.get("period")): t.get("value")
        for t in ind.get("period_targets") or []
        if isinstance(t, Mapping)
    }


def _actual(
    period: ET.Element, row: Mapping[str, Any], qualitative: bool
) -> None:  # one result: its total, its note or answer, its source, then its categories
    attrs = {}
    value = _number_text(row.get("value"))
    if value is not None:
        attrs["value"] = value
    actual = ET.SubElement(period, "actual", attrs)
    comment = row.get("text_value") if qualitative else row.get("note")
    if comment:
        _narrative(actual, "comment", comment)
    source = str(row.get("source") or "")
    if re.match(r"^https?://\S+$", source):
        link = ET.SubElement(
            actual, "document-link", {"url": xml_safe(source), "format": "text/html"}
        )
        _narrative(link, "title", "Source")
    for name, split in sorted((row.get("categories") or {}).items()):
        if not isinstance(split, Mapping):
            continue
        for category, number in split.items():
            text = _number_text(number)
            if text is None:
                continue
            part = ET.SubElement(period, "actual", {"value": text})
            ET.SubElement(part, "dimension", {"name": xml_safe(name), "value": xml_safe(category)})


def _periods(
    indicator: ET.Element,
    ind: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    expected: Mapping[str, Any],
) -> None:
    own = _period_targets(ind)
    by_period = {str(r.get("period")): r for r in rows if is_period(r.get("period"))}
    codes = {p for p in (*by_period, *own) if is_period(p)}
    qualitative = _measure(ind) == "5"
    for code in sorted(codes, key=lambda c: (period_bounds(c), c)):
        start, end = period_bounds(code)
        period = ET.SubElement(indicator, "period")
        ET.SubElement(period, "period-start", {"iso-date": start.isoformat()})
        ET.SubElement(period, "period-end", {"iso-date": end.isoformat()})
        target = _number_text(expected.get(code, own.get(code)))
        if target is not None:
            ET.SubElement(period, "target", {"value": target})
        if code in by_period:
            _actual(period, by_period[code], qualitative)


def to_iati_xml(doc: Mapping[str, Any], meta: Mapping[str, Any] | None = None) -> bytes:
    """IATI 2.03 activity XML whose results are the ToC's outputs, outcomes and impacts
    (with ``meta["results"]``: the current results, as rows of the results API, and
    ``meta["expected"]``: indicator id -> period -> expected value)."""
    meta = meta or {}
    today = dt.date.today().isoformat()
    version_date = _iso_date(meta.get("date"), today)
    start = _iso_date(meta.get("period_start"), version_date)
    end = _iso_date(meta.get("period_end"), start)
    year = str(meta.get("baseline_year") or start[:4])
    if not re.match(r"^\d{4}$", year):
        year = start[:4]
    results = meta.get("results")
    by_indicator: dict[str, list[Mapping[str, Any]]] = {}
    for row in results or []:
        by_indicator.setdefault(str(row.get("indicator")), []).append(row)
    expected: Mapping[str, Mapping[str, Any]] = meta.get("expected") or {}
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
            ascending = "0" if ind.get("direction") == "decrease" else "1"
            indicator = ET.SubElement(
                result, "indicator", {"measure": _measure(ind), "ascending": ascending}
            )
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
            ET.SubElement(
                indicator, "reference",
                {"vocabulary": "99", "code": xml_safe(ind.get("id") or ""),
                 "indicator-uri": INDICATOR_URI + xml_safe(ind.get("id") or "")},
            )  # fmt: skip
            if ind.get("reports_to"):
                shared = xml_safe(ind["reports_to"])
                ET.SubElement(
                    indicator, "reference",
                    {"vocabulary": "99", "code": shared,
                     "indicator-uri": SHARED_INDICATOR_URI + shared},
                )  # fmt: skip
            if ind.get("baseline") is not None:
                day = _iso_date(ind.get("baseline_date"), f"{year}-01-01")
                attrs = {"year": day[:4], "iso-date": day}
                if baseline is not None:
                    attrs["value"] = baseline
                elem = ET.SubElement(indicator, "baseline", attrs)
                if baseline is None:
                    _narrative(elem, "comment", ind["baseline"])
            rows = by_indicator.get(str(ind.get("id")), [])
            if results is not None and (rows or _period_targets(ind)):
                _periods(indicator, ind, rows, expected.get(str(ind.get("id"))) or {})
            elif ind.get("target") is not None:
                period = ET.SubElement(indicator, "period")
                ET.SubElement(period, "period-start", {"iso-date": start})
                ET.SubElement(period, "period-end", {"iso-date": end})
                elem = ET.SubElement(period, "target", {"value": target} if target else {})
                if target is None:
                    _narrative(elem, "comment", ind["target"])
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


# -- reading results back ---------------------------------------------------------------


def _period_code(start: str | None, end: str | None) -> str | None:
    """The period code whose bounds are exactly ``start``..``end`` (ISO dates), or None.

    >>> _period_code("2025-04-01", "2025-06-30"), _period_code("2025-04-01", "2025-05-02")
    ('2025-Q2', None)
    """
    try:
        first, last = dt.date.fromisoformat(start or ""), dt.date.fromisoformat(end or "")
    except ValueError:
        return None
    for frequency in FREQUENCIES:
        code = period_of(first, frequency)
        if period_bounds(code) == (first, last):
            return code
    return None


def _float(value: str | None, where: str) -> float | None:
    if value is None or value.strip() == "":
        return None
    try:
        return float(value)
    except ValueError:
        raise ImportFormatError(f"not a number: {value[:40]!r}", where=where) from None


def _comment(elem: ET.Element) -> str | None:
    text = elem.findtext("comment/narrative")
    return text if text else None


def _activities(data: bytes) -> ET.Element:
    """The root of an IATI activities file; ImportFormatError for anything else."""
    if len(data) > MAX_BYTES:
        raise ImportFormatError("the file is larger than 20 MB", where="file")
    try:
        root: ET.Element = defused_fromstring(data, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError) as exc:
        raise ImportFormatError(f"not readable XML: {exc}", where="file") from None
    if root.tag != "iati-activities":
        raise ImportFormatError("not an IATI activities file", where="iati-activities")
    return root


def _uris(indicator: ET.Element, prefix: str) -> list[str]:
    """What follows ``prefix`` in the indicator's ``reference/@indicator-uri`` values."""
    uris = [r.get("indicator-uri") or "" for r in indicator.iterfind("reference")]
    return [u[len(prefix) :] for u in uris if u.startswith(prefix)]


def read_iati_reports_to(data: bytes) -> dict[str, str]:
    """Indicator id -> the shared indicator it reports to (``org/graph#id``), for the
    indicators of an IATI file this exporter wrote that report to one."""
    out: dict[str, str] = {}
    for indicator in _activities(data).iterfind("iati-activity/result/indicator"):
        ids, shared = _uris(indicator, INDICATOR_URI), _uris(indicator, SHARED_INDICATOR_URI)
        if ids and shared:
            out[ids[0]] = shared[0]
    return out


def read_iati_results(data: bytes) -> list[dict[str, Any]]:
    """The results in an IATI file that this exporter wrote (or one like it): every
    ``actual`` of the indicators with a ``urn:toc-editor:indicator:`` reference, as the
    results API's entries; ImportFormatError for a file that is not IATI XML."""
    root = _activities(data)
    out: list[dict[str, Any]] = []
    for n, indicator in enumerate(root.iterfind("iati-activity/result/indicator")):
        ids = _uris(indicator, INDICATOR_URI)
        if not ids:
            continue
        qualitative = indicator.get("measure") == "5"
        for k, period in enumerate(indicator.iterfind("period")):
            where = f"indicator {n + 1}, period {k + 1}"
            code = _period_code(
                period.find("period-start").get("iso-date")  # type: ignore[union-attr]
                if period.find("period-start") is not None else None,
                period.find("period-end").get("iso-date")  # type: ignore[union-attr]
                if period.find("period-end") is not None else None,
            )  # fmt: skip
            entry: dict[str, Any] | None = None
            categories: dict[str, dict[str, float]] = {}
            for actual in period.iterfind("actual"):
                dimension = actual.find("dimension")
                value = _float(actual.get("value"), where)
                if dimension is not None:
                    if value is not None:
                        name, category = dimension.get("name") or "", dimension.get("value") or ""
                        categories.setdefault(name, {})[category] = value
                    continue
                if code is None:
                    raise ImportFormatError(
                        "a period that is not a year, half, quarter or month", where=where
                    )
                comment = _comment(actual)
                link = actual.find("document-link")
                entry = {
                    "indicator": ids[0],
                    "period": code,
                    "value": value,
                    "text_value": comment if qualitative else None,
                    "note": "" if qualitative else (comment or ""),
                    "source": link.get("url", "") if link is not None else "",
                    "categories": None,
                }
            if entry is not None:
                entry["categories"] = categories or None
                out.append(entry)
    return out
