"""Make hostile user text safe to display: one line, no control or bidi characters.

Everything user-written that reaches Graphviz, an SVG, a DOCX or an XML export goes
through :func:`clean` (display) or :func:`xml_safe` (faithful, only what XML cannot
carry removed).

Examples
--------
>>> clean("Young\\tpeople\\n\\u202efeel  safe\\x00")
'Young people feel safe'
>>> shorten("a" * 10, 5)
'aaaa…'
"""

from __future__ import annotations

import re
import textwrap

from toc_editor.domain.text import xml_safe

__all__ = ["clean", "shorten", "wrap", "xml_safe"]

# Line and paragraph breaks of every kind become one space.
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]+")
# C0/C1 controls, lone surrogates, BOM, noncharacters, bidi embeddings/overrides/isolates
# and directional marks.
_UNSAFE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff"
    "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)
_SPACES = re.compile(r"[ \u00a0\u3000]{2,}")
_WRAPPERS: dict[int, textwrap.TextWrapper] = {}


def clean(text: object, limit: int | None = None) -> str:
    """One line of displayable text; ``limit`` caps the length with an ellipsis."""
    value = "" if text is None else str(text)
    if limit is not None:
        value = value[: limit * 4]  # cleaning only ever shortens
    if not value.isprintable() or "  " in value:
        # (every character the passes touch is non-printable to str.isprintable, which
        # excludes categories C* and Z* but the ASCII space, so the rest is left alone)
        value = _UNSAFE.sub("", _BREAKS.sub(" ", value))
        value = _SPACES.sub(" ", value)
    value = value.strip()
    return value if limit is None else shorten(value, limit)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in an ellipsis if cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters (long words are broken)."""
    wrapper = _WRAPPERS.get(width)
    if wrapper is None:  # (a TextWrapper keeps no state between calls)
        wrapper = textwrap.TextWrapper(width=width, break_long_words=True, break_on_hyphens=True)
        if len(_WRAPPERS) < 64:
            _WRAPPERS[width] = wrapper
    return wrapper.wrap(text) or [""]
