"""The DOT security boundary: the only code that writes DOT text.

Read this file alone to check what user text can do to Graphviz:

- every attribute *name* written is on :data:`ALLOWED_ATTRS` (no ``image``, ``imagepath``,
  ``shapefile``, ``fontpath``, ``stylesheet``, ``URL``...); :class:`DotWriter` refuses
  anything else;
- every attribute *value* is either chosen by the code (:func:`code`, checked against a
  small character set) or user text in ``label``/``tooltip`` only, which is cleaned to
  one displayable line (:func:`toc_editor.rendering.text.clean`), capped, wrapped and
  escaped (:func:`dot_escape`) inside a quoted string, never an HTML-like label;
- node names are model ids (checked against the model's id pattern) or internal names
  starting with ``_``, which no user id can be.

Themes, lanes and the legend (``dot.py``) write through this module. The one value they
build themselves is the legend's HTML-like table (``dot.legend``), made only from the
package's constants, never from user text.

Examples
--------
>>> dot_escape('say "\\\\N" & go')
'say \\\\"\\\\\\\\N\\\\" &amp; go'
>>> DotWriter.attrs({"image": code("x.png")})
Traceback (most recent call last):
ValueError: attribute 'image' is not on the allowlist
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from toc_editor.domain.model import ID_PATTERN

from .text import clean, shorten, wrap

__all__ = [
    "ALLOWED_ATTRS",
    "LABEL_MAX",
    "TEXT_ATTRS",
    "TOOLTIP_MAX",
    "WRAP_WIDTH",
    "DotGraph",
    "DotWriter",
    "code",
    "dot_escape",
    "node_name",
    "text_value",
    "tooltip",
    "user_label",
]

LABEL_MAX = 120
TOOLTIP_MAX = 500
WRAP_WIDTH = 26

#: Every attribute name this package ever writes into DOT.
ALLOWED_ATTRS = frozenset(
    {
        # graph and cluster
        "bgcolor", "charset", "fontcolor", "fontname", "fontsize", "label", "labeljust",
        "labelloc", "margin", "mclimit", "newrank", "nodesep", "nslimit", "outputorder",
        "pad", "rank", "rankdir", "ranksep", "searchsize", "splines", "style", "color",
        "fillcolor", "penwidth", "tooltip", "id",
        # nodes
        "shape", "width", "height", "peripheries", "fixedsize",
        # edges
        "arrowhead", "arrowsize", "weight", "minlen", "constraint", "dir",
    }
)  # fmt: skip
#: The only attributes that may carry user text.
TEXT_ATTRS = frozenset({"label", "tooltip"})

_CODE_VALUE = re.compile(r"^[A-Za-z0-9 #.,:;_%+()/=-]*$")
_INTERNAL_NAME = re.compile(r"^_[a-z0-9_]{1,60}$")
_CODE_QUOTED: dict[str, str] = {}  # checked code values, quoted


def dot_escape(text: str) -> str:
    r"""Escape text for the inside of a quoted DOT string used as a label or tooltip.

    Backslashes are doubled (so ``\N``, ``\G``, ``\l`` stay literal), quotes are
    escaped, and ``&`` becomes ``&amp;`` because Graphviz decodes HTML entities in
    plain labels (``&#1;`` would otherwise smuggle a control character into the SVG).
    Call :func:`clean` first: newlines must not reach DOT.
    """
    return text.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')


def code(value: object) -> str:
    """A quoted DOT value chosen by the code (never user text)."""
    text = str(value)
    quoted = _CODE_QUOTED.get(text)
    if quoted is None:
        if not _CODE_VALUE.match(text):
            raise ValueError(f"unexpected characters in a code-chosen DOT value: {text!r}")
        quoted = f'"{text}"'
        if len(_CODE_QUOTED) < 4096:  # the code chooses few distinct values
            _CODE_QUOTED[text] = quoted
    return quoted


def text_value(lines: Iterable[str], *, left: bool = False) -> str:
    """A quoted DOT label/tooltip from already-cleaned lines, centred or left-justified."""
    if left:
        return '"' + "".join(dot_escape(line) + "\\l" for line in lines) + '"'
    return '"' + "\\n".join(dot_escape(line) for line in lines) + '"'


def user_label(value: object, *, limit: int = LABEL_MAX, width: int = WRAP_WIDTH) -> list[str]:
    """User text as wrapped display lines, capped at ``limit`` characters."""
    return wrap(clean(value, limit), width)


def tooltip(*parts: object) -> str:
    """A quoted DOT tooltip from cleaned parts joined by `` · ``."""
    joined = " · ".join(p for p in (clean(x) for x in parts) if p)
    return text_value([shorten(joined, TOOLTIP_MAX)])


def node_name(name: str) -> str:
    """A quoted DOT node name: a model id or an internal ``_name``."""
    if not (ID_PATTERN.fullmatch(name) or _INTERNAL_NAME.fullmatch(name)):
        raise ValueError(f"not a safe node name: {name!r}")
    return f'"{name}"'


@dataclass
class DotWriter:
    """Accumulates DOT statements, checking attribute names against the allowlist."""

    lines: list[str] = field(default_factory=list)
    depth: int = 1

    @staticmethod
    def attrs(attrs: Mapping[str, str]) -> str:
        """``[k="v", ...]`` from already-quoted values."""
        if not ALLOWED_ATTRS.issuperset(attrs):
            key = next(k for k in attrs if k not in ALLOWED_ATTRS)
            raise ValueError(f"attribute {key!r} is not on the allowlist")
        return "[" + ", ".join(map("=".join, attrs.items())) + "]"

    def emit(self, statement: str) -> None:
        self.lines.append("\t" * self.depth + statement)

    def defaults(self, kind: str, attrs: Mapping[str, str]) -> None:
        """``graph|node|edge [..]`` defaults."""
        assert kind in ("graph", "node", "edge")
        self.emit(f"{kind} {self.attrs(attrs)};")

    def node(self, name: str, attrs: Mapping[str, str]) -> None:
        self.emit(f"{node_name(name)} {self.attrs(attrs)};")

    def edge(self, tail: str, head: str, attrs: Mapping[str, str]) -> None:
        self.emit(f"{node_name(tail)} -> {node_name(head)} {self.attrs(attrs)};")

    def open(self, name: str, attrs: Mapping[str, str] | None = None) -> None:
        """Open a subgraph (``cluster_...`` names make a cluster)."""
        if not _INTERNAL_NAME.match("_" + name):
            raise ValueError(f"not a safe subgraph name: {name!r}")
        self.emit(f"subgraph {name} {{")
        self.depth += 1
        if attrs:
            self.defaults("graph", attrs)

    def same_rank(self, names: Iterable[str]) -> None:
        self.emit("{rank=same; " + " ".join(node_name(n) + ";" for n in names) + "}")

    def close(self) -> None:
        self.depth -= 1
        self.emit("}")

    def source(self) -> str:
        return "digraph toc {\n" + "\n".join(self.lines) + "\n}\n"


@dataclass
class DotGraph:
    """DOT source plus the maps from generated ids back to the document's ids."""

    source: str
    nodes: dict[str, str]  # DOT id attribute -> node id
    edges: dict[str, str]  # DOT id attribute -> edge id
