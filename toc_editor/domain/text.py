"""The text rule every way in shares: what a string may hold to be stored, and how deep
parsed input may nest.

PostgreSQL cannot store NUL, and a lone UTF-16 surrogate (``"\\ud800"`` in JSON) cannot be
encoded as UTF-8 by any database; no theory of change needs either. The API checks every
request with :func:`find_bad_text`; the model checks every field of a node or edge with
:func:`text_problem`, so imports, documents and the command line meet the same rule.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MAX_DEPTH", "find_bad_text", "text_problem", "xml_safe"]

MAX_DEPTH = 32
"""How deep parsed JSON may nest; a ToC document needs 5 levels (nodes/0/indicators/0/x)."""

_BAD = re.compile("[\x00\ud800-\udfff]")
# What XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored, or None when it can.

    Examples
    --------
    >>> text_problem("Young people feel confident") is None
    True
    >>> text_problem("a\\x00b")
    'may not contain NUL (\\\\u0000) characters'
    >>> text_problem("\\ud800")
    'may not contain unpaired surrogates (\\\\ud800-\\\\udfff)'
    """
    found = _BAD.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return "may not contain NUL (\\u0000) characters"
    return "may not contain unpaired surrogates (\\ud800-\\udfff)"


def find_bad_text(value: Any, path: str = "") -> tuple[str, str] | None:
    """``(where, problem)`` for the first string (keys included) in parsed JSON that
    :func:`text_problem` refuses, or for nesting deeper than :data:`MAX_DEPTH`; else None.

    Walks with an explicit stack, so hostile input cannot exhaust Python's recursion.

    Examples
    --------
    >>> find_bad_text({"ops": [{"set": {"label": "ok"}}, {"set": {"label": "no\\x00"}}]})
    ('/ops/1/set/label', 'may not contain NUL (\\\\u0000) characters')
    >>> find_bad_text({"fine": ["text", 1, None]}) is None
    True
    >>> deep: list = []
    >>> for _ in range(40):
    ...     deep = [deep]
    >>> find_bad_text(deep)[1]
    'nested more than 32 levels deep'
    """
    stack: list[tuple[Any, str, int]] = [(value, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                return where, problem
        elif isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                return where, f"nested more than {MAX_DEPTH} levels deep"
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            children = []
            for key, child in pairs:
                if isinstance(key, str) and (problem := text_problem(key)):
                    return f"{where}/{key!r}", f"a key {problem}"
                children.append((child, f"{where}/{key}", depth + 1))
            stack.extend(reversed(children))
    return None


def xml_safe(text: object) -> str:
    """``text`` without the characters XML 1.0 cannot represent (for DOCX and XML exports).

    >>> xml_safe("bell \\x07 and \\ufffe gone")
    'bell  and  gone'
    """
    return _NOT_XML.sub("", "" if text is None else str(text))
