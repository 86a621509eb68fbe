"""Sanitise SVG before it reaches a browser.

The SVG is parsed with defusedxml (no entity expansion, no external references) and
rebuilt keeping only drawing elements: ``script``, ``foreignObject``, animation and
other active elements are dropped, as are every ``on*`` attribute, any ``href`` that is
not ``http(s)://`` or a local ``#fragment``, and ``style`` values that load anything.
Comments, processing instructions and the DOCTYPE do not survive parsing.

Examples
--------
>>> dirty = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()">'
...          b'<script>alert(1)</script><a href="javascript:x()"><text>hi</text></a></svg>')
>>> sanitize_svg(dirty).decode()
'<?xml version="1.0" encoding="UTF-8"?>\\n<svg xmlns="http://www.w3.org/2000/svg"><a><text>hi</text></a></svg>'
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .errors import RenderFailed

__all__ = ["sanitize_svg"]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

ALLOWED_ELEMENTS = frozenset(
    {
        "svg", "g", "title", "desc", "path", "polygon", "polyline", "ellipse", "circle",
        "rect", "line", "text", "tspan", "a", "defs", "linearGradient", "radialGradient",
        "stop", "clipPath", "marker",
    }
)  # fmt: skip
_SAFE_URL = re.compile(r"^(https?://[^\s\"'<>]+|#[A-Za-z0-9_.:-]*)$", re.IGNORECASE)
_ACTIVE_STYLE = re.compile(r"url\s*\(|expression\s*\(|@import|javascript:", re.IGNORECASE)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _clean_element(elem: ET.Element) -> None:
    for key in list(elem.attrib):
        local = _local(key).lower()
        value = elem.attrib[key]
        if (
            local.startswith("on")
            or (local == "href" and not _SAFE_URL.match(value.strip()))
            or (local == "style" and _ACTIVE_STYLE.search(value))
        ):
            del elem.attrib[key]
    for child in list(elem):
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag.startswith("{" + SVG_NS + "}") or _local(tag) not in ALLOWED_ELEMENTS:
            elem.remove(child)
        else:
            _clean_element(child)


def sanitize_svg(data: bytes) -> bytes:
    """A safe copy of SVG ``data``; RenderFailed if it is not well-formed SVG."""
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (ET.ParseError, DefusedXmlException, ValueError) as exc:
        raise RenderFailed(f"Graphviz produced SVG that cannot be parsed: {exc}") from exc
    if root.tag != "{" + SVG_NS + "}svg":
        raise RenderFailed("not an SVG document")
    _clean_element(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode("utf-8")
