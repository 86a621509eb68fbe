"""What the exchange formats share: size caps, field groups, compact JSON cells."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from toc_editor.domain.errors import ImportFormatError
from toc_editor.domain.text import xml_safe

MAX_BYTES = 20 * 1024 * 1024
"""Largest input an importer reads (uncompressed)."""
MAX_ZIP_ENTRIES = 50

NODE_TEXT = ("label", "description")
NODE_LISTS = ("indicators", "assumptions", "tags", "links")
EDGE_TEXT = ("relation", "rationale")
EDGE_LISTS = ("assumptions", "evidence")


def compact_json(value: Any) -> str:
    """JSON on one line, ASCII only (safe in any cell or XML attribute).

    >>> print(compact_json({"a": ["é"]}))
    {"a":["\\u00e9"]}
    """
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def read_confidence(value: Any, where: str) -> int | None:
    """A confidence cell or attribute as a whole number (None when empty)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ImportFormatError("must be a whole number from 0 to 100", where=where)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise ImportFormatError("must be a whole number from 0 to 100", where=where) from None


def date_text(value: Any) -> str:
    """An ISO date from a date or datetime; other values as safe text (40 characters).

    >>> date_text(dt.datetime(2026, 12, 6, 14, 0))
    '2026-12-06'
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return xml_safe(value)[:40]
