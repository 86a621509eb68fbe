"""Nodes and edges: their kinds, fields and defaults, and the rules every value meets.

:func:`normalize_node` and :func:`normalize_edge` check one entity (kinds, lengths, ids,
links, evidence URLs, indicators; the text rule of :mod:`~toc_editor.domain.text`) and
fill its defaults; :class:`~toc_editor.domain.errors.InvalidEntity` names the path of
the first bad field. What needs the whole graph (edge endpoints, duplicate ids) is
:func:`toc_editor.domain.model.from_document`'s, which re-exports these names.

Examples
--------
>>> normalize_edge({"id": "e1", "source": "a", "target": "b"})["confidence"] is None
True
>>> normalize_node({"id": "n", "kind": "output", "label": "x" * 301})
Traceback (most recent call last):
...
toc_editor.domain.errors.InvalidEntity: must be 1-300 characters long (got 301)
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from . import names, periods
from .errors import InvalidEntity
from .text import text_problem

__all__ = [
    "AGGREGATIONS",
    "CURRENCY",
    "DIRECTIONS",
    "DISAGGREGATION_NAME",
    "EDGE_DEFAULTS",
    "EDGE_FIELDS",
    "EDGE_RELATIONS",
    "EVIDENCE_STRENGTHS",
    "HORIZONS",
    "ID_PATTERN",
    "INDICATOR_DEFINITION_FIELDS",
    "INDICATOR_FIELDS",
    "KIND_RANK",
    "LINK_RELATIONS",
    "LINK_TARGET",
    "MAX_CATEGORIES",
    "MAX_CATEGORY",
    "MAX_DISAGGREGATIONS",
    "MAX_DISAGGREGATION_NAME",
    "MAX_ITEMS",
    "MAX_LABEL",
    "MAX_PERIOD_TARGETS",
    "MAX_SHORT",
    "MAX_TEXT",
    "NODE_DEFAULTS",
    "NODE_FIELDS",
    "NODE_KINDS",
    "UNIT_TYPES",
    "indicator_owners",
    "new_id",
    "normalize_edge",
    "normalize_node",
]

NODE_KINDS = ("activity", "output", "outcome", "impact")
KIND_RANK = {kind: rank for rank, kind in enumerate(NODE_KINDS)}
HORIZONS = ("short", "medium", "long")
EDGE_RELATIONS = ("leads_to", "contributes_to", "enables")
LINK_RELATIONS = ("contributes_to", "same_as")
EVIDENCE_STRENGTHS = ("weak", "moderate", "strong")

NODE_DEFAULTS: dict[str, Any] = {
    "horizon": None,
    "description": "",
    "indicators": [],
    "assumptions": [],
    "tags": [],
    "links": [],
}
EDGE_DEFAULTS: dict[str, Any] = {
    "relation": "leads_to",
    "rationale": "",
    "assumptions": [],
    "evidence": [],
    "confidence": None,
}
NODE_FIELDS = ("id", "kind", "label", *NODE_DEFAULTS)
EDGE_FIELDS = ("id", "source", "target", *EDGE_DEFAULTS)
INDICATOR_FIELDS = ("id", "name", "unit", "baseline", "target", "source", "vocabulary", "code")
"""The fields every normalized indicator has (None when unknown)."""
INDICATOR_DEFINITION_FIELDS = (
    "direction",
    "unit_type",
    "currency",
    "scale_min",
    "scale_max",
    "frequency",
    "aggregation",
    "baseline_date",
    "target_date",
    "period_targets",
    "disaggregations",
    "reports_to",
)
"""How results are reported and judged (issue 13), and the shared indicator of a framework
they report to (``reports_to``, ``"org/graph#indicator_id"``, issue 14). Optional: a
normalized indicator holds one of these only when it is set (not null, not an empty
list), so indicators written before them keep their exact form (and merges and diffs of
old versions see no change)."""
DIRECTIONS = ("increase", "decrease")
UNIT_TYPES = ("count", "percentage", "currency", "scale", "yes_no", "text")
AGGREGATIONS = ("per_period", "cumulative")
CURRENCY = re.compile(r"[A-Z]{3}")
DISAGGREGATION_NAME = re.compile(r"[a-z0-9_ -]{1,40}")
MAX_PERIOD_TARGETS = 200
MAX_DISAGGREGATIONS = 5
MAX_DISAGGREGATION_NAME = 40
MAX_CATEGORIES = 20
MAX_CATEGORY = 60

# The name rules live in names.py; these are their compiled regexes (use ``fullmatch``).
ID_PATTERN = names.ENTITY_ID.regex
LINK_TARGET = names.LINK_TARGET.regex
MAX_LABEL = 300
MAX_TEXT = 10_000
MAX_SHORT = 500
MAX_ITEMS = 100


def new_id() -> str:
    """A fresh UUID string for a node, edge or indicator."""
    return str(uuid.uuid4())


# -- field checkers ---------------------------------------------------------------------


def _fail(message: str, where: str) -> InvalidEntity:
    return InvalidEntity(message, where=where)


def _check_id(value: Any, where: str) -> str:
    if not names.ENTITY_ID.matches(value):
        raise _fail(names.ENTITY_ID.message, where)
    return value


def _check_text(value: Any, where: str, *, low: int, high: int, nullable: bool = False) -> Any:
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise _fail("must be a string", where)
    if not low <= len(value) <= high:
        raise _fail(f"must be {low}-{high} characters long (got {len(value)})", where)
    problem = text_problem(value)
    if problem:
        raise _fail(problem, where)
    return value


def _check_choice(value: Any, choices: Iterable[str], where: str, *, nullable: bool = False) -> Any:
    if value is None and nullable:
        return None
    choices = tuple(choices)
    if value not in choices:
        raise _fail(f"must be one of {', '.join(choices)}", where)
    return value


def _check_list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail("must be a list", where)
    if len(value) > MAX_ITEMS:
        raise _fail(f"may hold at most {MAX_ITEMS} items", where)
    return value


def _check_strings(value: Any, where: str, *, high: int) -> list[str]:
    items = _check_list(value, where)
    return [_check_text(v, f"{where}/{i}", low=1, high=high) for i, v in enumerate(items)]


def _check_object(value: Any, fields: Iterable[str], where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail("must be an object", where)
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise _fail(f"unknown field {unknown[0]!r}", f"{where}/{unknown[0]}")
    return value


def _check_scalar(value: Any, where: str) -> Any:
    if isinstance(value, str) and len(value) <= MAX_SHORT:
        return _check_text(value, where, low=0, high=MAX_SHORT)
    if value is None:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):
            raise _fail("must be a finite number", where)
        return value
    raise _fail(f"must be a number or a string of at most {MAX_SHORT} characters", where)


def _check_number(value: Any, where: str, *, nullable: bool = True) -> Any:
    if value is None and nullable:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise _fail("must be a number" + (" or null" if nullable else ""), where)
    if value != value or value in (float("inf"), float("-inf")):
        raise _fail("must be a finite number", where)
    return value


def _check_date(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if periods.parse_date(value) is None:
        raise _fail(
            f"must be a date written YYYY-MM-DD (years {periods.MIN_YEAR}-{periods.MAX_YEAR})",
            where,
        )
    return str(value)


def _check_period_targets(value: Any, frequency: str, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail("must be a list", where)
    if len(value) > MAX_PERIOD_TARGETS:
        raise _fail(f"may hold at most {MAX_PERIOD_TARGETS} items", where)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        raw = _check_object(item, ("period", "value"), f"{where}/{i}")
        problem = periods.period_problem(raw.get("period"), frequency)
        if problem:
            raise _fail(problem, f"{where}/{i}/period")
        if raw["period"] in seen:
            raise _fail(f"duplicate period {raw['period']!r}", f"{where}/{i}/period")
        seen.add(raw["period"])
        number = _check_number(raw.get("value"), f"{where}/{i}/value", nullable=False)
        out.append({"period": raw["period"], "value": number})
    return out


def _check_disaggregations(value: Any, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail("must be a list", where)
    if len(value) > MAX_DISAGGREGATIONS:
        raise _fail(f"may hold at most {MAX_DISAGGREGATIONS} items", where)
    out: list[dict[str, Any]] = []
    for i, item in enumerate(value):
        here = f"{where}/{i}"
        raw = _check_object(item, ("name", "categories"), here)
        name = raw.get("name")
        if not isinstance(name, str) or not DISAGGREGATION_NAME.fullmatch(name):
            raise _fail(
                f"must be 1-{MAX_DISAGGREGATION_NAME} characters: lowercase letters, digits, "
                "spaces, _ and -",
                f"{here}/name",
            )
        categories = raw.get("categories")
        if not isinstance(categories, list) or not 1 <= len(categories) <= MAX_CATEGORIES:
            raise _fail(f"must be a list of 1-{MAX_CATEGORIES} categories", f"{here}/categories")
        checked = [
            _check_text(c, f"{here}/categories/{j}", low=1, high=MAX_CATEGORY)
            for j, c in enumerate(categories)
        ]
        for j, category in enumerate(checked):
            if category in checked[:j]:
                raise _fail(f"duplicate category {category!r}", f"{here}/categories/{j}")
        out.append({"name": name, "categories": checked})
    _check_unique(out, "name", where)
    return out


def _check_reports_to(value: Any, where: str) -> str | None:
    """``"org/graph#indicator_id"`` (its form only: whether that indicator exists, and may
    be reported to, is for the services to say when a commit adds it)."""
    if value is None:
        return None
    try:
        names.parse_reports_to(value)
    except InvalidEntity as exc:
        raise _fail(exc.message, where) from None
    return str(value)


def _check_definition(raw: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The optional fields of :data:`INDICATOR_DEFINITION_FIELDS`, checked together."""
    unit_type = _check_choice(raw.get("unit_type"), UNIT_TYPES, f"{where}/unit_type", nullable=True)
    frequency = _check_choice(
        raw.get("frequency"), periods.FREQUENCIES, f"{where}/frequency", nullable=True
    )
    out: dict[str, Any] = {
        "direction": _check_choice(
            raw.get("direction"), DIRECTIONS, f"{where}/direction", nullable=True
        ),
        "unit_type": unit_type,
        "currency": raw.get("currency"),
        "scale_min": _check_number(raw.get("scale_min"), f"{where}/scale_min"),
        "scale_max": _check_number(raw.get("scale_max"), f"{where}/scale_max"),
        "frequency": frequency,
        "aggregation": _check_choice(
            raw.get("aggregation"), AGGREGATIONS, f"{where}/aggregation", nullable=True
        ),
        "baseline_date": _check_date(raw.get("baseline_date"), f"{where}/baseline_date"),
        "target_date": _check_date(raw.get("target_date"), f"{where}/target_date"),
        "period_targets": _check_period_targets(
            raw.get("period_targets"),
            frequency or periods.DEFAULT_FREQUENCY,
            f"{where}/period_targets",
        ),
        "disaggregations": _check_disaggregations(
            raw.get("disaggregations"), f"{where}/disaggregations"
        ),
        "reports_to": _check_reports_to(raw.get("reports_to"), f"{where}/reports_to"),
    }
    currency = out["currency"]
    if currency is not None:
        if unit_type != "currency":
            raise _fail("only currency indicators (unit_type currency) have a currency",
                        f"{where}/currency")  # fmt: skip
        if not isinstance(currency, str) or not CURRENCY.fullmatch(currency):
            raise _fail("must be a 3-letter ISO 4217 code such as EUR or HKD", f"{where}/currency")
    for key in ("scale_min", "scale_max"):
        if out[key] is not None and unit_type != "scale":
            raise _fail(f"only scale indicators (unit_type scale) have a {key}", f"{where}/{key}")
    low, high = out["scale_min"], out["scale_max"]
    if low is not None and high is not None and not low < high:
        raise _fail("must be more than scale_min", f"{where}/scale_max")
    start, end = out["baseline_date"], out["target_date"]
    if start is not None and end is not None and not start < end:
        raise _fail("must be after baseline_date", f"{where}/target_date")
    return {k: v for k, v in out.items() if v is not None and v != []}


def _check_indicator(value: Any, where: str) -> dict[str, Any]:
    raw = _check_object(value, (*INDICATOR_FIELDS, *INDICATOR_DEFINITION_FIELDS), where)
    out: dict[str, Any] = {
        "id": _check_id(raw.get("id") or new_id(), f"{where}/id"),
        "name": _check_text(raw.get("name"), f"{where}/name", low=1, high=MAX_LABEL),
        "baseline": _check_scalar(raw.get("baseline"), f"{where}/baseline"),
        "target": _check_scalar(raw.get("target"), f"{where}/target"),
    }
    for key in ("unit", "source", "vocabulary", "code"):
        out[key] = _check_text(raw.get(key), f"{where}/{key}", low=0, high=MAX_SHORT, nullable=True)
    return {**{k: out[k] for k in INDICATOR_FIELDS}, **_check_definition(raw, where)}


def _check_evidence(value: Any, where: str) -> dict[str, Any]:
    raw = _check_object(value, ("title", "url", "strength"), where)
    url = _check_text(raw.get("url"), f"{where}/url", low=0, high=2000, nullable=True)
    if url and not re.fullmatch(r"https?://[^\s]+", url, re.IGNORECASE):
        raise _fail("must be an http:// or https:// address", f"{where}/url")
    return {
        "title": _check_text(raw.get("title"), f"{where}/title", low=1, high=MAX_SHORT),
        "url": url or None,
        "strength": _check_choice(
            raw.get("strength"), EVIDENCE_STRENGTHS, f"{where}/strength", nullable=True
        ),
    }


def _check_link(value: Any, where: str) -> dict[str, str]:
    raw = _check_object(value, ("target", "relation"), where)
    target = raw.get("target")
    if not names.LINK_TARGET.matches(target):
        raise _fail(names.LINK_TARGET.message, f"{where}/target")
    return {
        "target": target,
        "relation": _check_choice(
            raw.get("relation", "contributes_to"), LINK_RELATIONS, f"{where}/relation"
        ),
    }


def _check_unique(items: list[dict[str, Any]], key: str, where: str) -> None:
    seen: set[Any] = set()
    for i, item in enumerate(items):
        if item[key] in seen:
            raise _fail(f"duplicate {key} {item[key]!r}", f"{where}/{i}/{key}")
        seen.add(item[key])


def indicator_owners(nodes: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Indicator id -> the ids of the nodes holding an indicator with it (in the order
    given). Results are keyed by graph and indicator id, so an id belongs to one node of a
    graph; :func:`toc_editor.domain.model.from_document` and the ops refuse a second.

    >>> indicator_owners([{"id": "a", "indicators": [{"id": "k"}]},
    ...                   {"id": "b", "indicators": [{"id": "k"}, {"id": "m"}]}])
    {'k': ['a', 'b'], 'm': ['b']}
    """
    owners: dict[str, list[str]] = {}
    for data in nodes:
        for indicator in data.get("indicators") or ():
            owners.setdefault(indicator["id"], []).append(data["id"])
    return owners


# -- entities ---------------------------------------------------------------------------


def normalize_node(raw: Any, where: str = "node") -> dict[str, Any]:
    """Validate a node and fill defaults; returns a new dict with every field.

    >>> normalize_node({"id": "n1", "kind": "impact", "label": "Fewer young people NEET"})["tags"]
    []
    >>> normalize_node({"id": "n1", "kind": "wish", "label": "x"})
    Traceback (most recent call last):
    ...
    toc_editor.domain.errors.InvalidEntity: must be one of activity, output, outcome, impact
    """
    raw = _check_object(raw, NODE_FIELDS, where)
    kind = _check_choice(raw.get("kind"), NODE_KINDS, f"{where}/kind")
    horizon = _check_choice(raw.get("horizon"), HORIZONS, f"{where}/horizon", nullable=True)
    if horizon is not None and kind != "outcome":
        raise _fail("only outcomes have a horizon", f"{where}/horizon")
    indicators = [
        _check_indicator(v, f"{where}/indicators/{i}")
        for i, v in enumerate(_check_list(raw.get("indicators", []), f"{where}/indicators"))
    ]
    _check_unique(indicators, "id", f"{where}/indicators")
    return {
        "id": _check_id(raw.get("id"), f"{where}/id"),
        "kind": kind,
        "label": _check_text(raw.get("label"), f"{where}/label", low=1, high=MAX_LABEL),
        "horizon": horizon,
        "description": _check_text(
            raw.get("description", ""), f"{where}/description", low=0, high=MAX_TEXT
        ),
        "indicators": indicators,
        "assumptions": _check_strings(
            raw.get("assumptions", []), f"{where}/assumptions", high=2000
        ),
        "tags": _check_strings(raw.get("tags", []), f"{where}/tags", high=100),
        "links": [
            _check_link(v, f"{where}/links/{i}")
            for i, v in enumerate(_check_list(raw.get("links", []), f"{where}/links"))
        ],
    }


def normalize_edge(raw: Any, where: str = "edge") -> dict[str, Any]:
    """Validate an edge and fill defaults; returns a new dict with every field.

    >>> normalize_edge({"id": "e", "source": "a", "target": "b", "confidence": 70})["relation"]
    'leads_to'
    """
    raw = _check_object(raw, EDGE_FIELDS, where)
    source = _check_id(raw.get("source"), f"{where}/source")
    target = _check_id(raw.get("target"), f"{where}/target")
    if source == target:
        raise _fail("an edge cannot connect a node to itself", f"{where}/target")
    confidence = raw.get("confidence")
    whole = isinstance(confidence, int) and not isinstance(confidence, bool)
    if confidence is not None and not (whole and 0 <= confidence <= 100):
        raise _fail("must be a whole number from 0 to 100, or null", f"{where}/confidence")
    return {
        "id": _check_id(raw.get("id"), f"{where}/id"),
        "source": source,
        "target": target,
        "relation": _check_choice(
            raw.get("relation", "leads_to"), EDGE_RELATIONS, f"{where}/relation"
        ),
        "rationale": _check_text(
            raw.get("rationale", ""), f"{where}/rationale", low=0, high=MAX_TEXT
        ),
        "assumptions": _check_strings(
            raw.get("assumptions", []), f"{where}/assumptions", high=2000
        ),
        "evidence": [
            _check_evidence(v, f"{where}/evidence/{i}")
            for i, v in enumerate(_check_list(raw.get("evidence", []), f"{where}/evidence"))
        ],
        "confidence": confidence,
    }
