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

from . import names
from .errors import InvalidEntity
from .text import text_problem

__all__ = [
    "EDGE_DEFAULTS",
    "EDGE_FIELDS",
    "EDGE_RELATIONS",
    "EVIDENCE_STRENGTHS",
    "HORIZONS",
    "ID_PATTERN",
    "INDICATOR_FIELDS",
    "KIND_RANK",
    "LINK_RELATIONS",
    "LINK_TARGET",
    "MAX_ITEMS",
    "MAX_LABEL",
    "MAX_SHORT",
    "MAX_TEXT",
    "NODE_DEFAULTS",
    "NODE_FIELDS",
    "NODE_KINDS",
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


def _check_indicator(value: Any, where: str) -> dict[str, Any]:
    raw = _check_object(value, INDICATOR_FIELDS, where)
    out: dict[str, Any] = {
        "id": _check_id(raw.get("id") or new_id(), f"{where}/id"),
        "name": _check_text(raw.get("name"), f"{where}/name", low=1, high=MAX_LABEL),
        "baseline": _check_scalar(raw.get("baseline"), f"{where}/baseline"),
        "target": _check_scalar(raw.get("target"), f"{where}/target"),
    }
    for key in ("unit", "source", "vocabulary", "code"):
        out[key] = _check_text(raw.get(key), f"{where}/{key}", low=0, high=MAX_SHORT, nullable=True)
    return {k: out[k] for k in INDICATOR_FIELDS}


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
