"""GraphML, both ways with exact round trips (yEd, Gephi; networkx writes and reads it).

One ``<node>`` per node and one ``<edge id=...>`` per edge; untrusted XML is first parsed
with defusedxml, rejecting any DTD or entity. String fields are plain ``<data>``; list
fields (indicators, assumptions, tags, links, evidence) are JSON strings; ``horizon`` and
``confidence`` are left out when null. A string holding characters XML cannot carry
(control characters, lone surrogates) is written with them removed and, next to it, an
exact JSON copy under ``<field>_json``, which the importer prefers.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

import networkx as nx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from toc_editor.domain.errors import ImportFormatError
from toc_editor.domain.text import xml_safe

from .common import (
    EDGE_LISTS,
    EDGE_TEXT,
    MAX_BYTES,
    NODE_LISTS,
    NODE_TEXT,
    compact_json,
    read_confidence,
)

__all__ = ["from_graphml", "to_graphml"]


def _put_text(attrs: dict[str, Any], key: str, value: str) -> None:
    safe = xml_safe(value)
    attrs[key] = safe
    if safe != value:
        attrs[f"{key}_json"] = compact_json(value)


def to_graphml(doc: Mapping[str, Any]) -> bytes:
    """GraphML bytes of a document (yEd, Gephi and networkx read it)."""
    G = nx.DiGraph()
    for node in doc.get("nodes") or []:
        attrs: dict[str, Any] = {"kind": node["kind"]}
        for key in NODE_TEXT:
            _put_text(attrs, key, node.get(key) or "")
        if node.get("horizon"):
            attrs["horizon"] = node["horizon"]
        for key in NODE_LISTS:
            attrs[key] = compact_json(node.get(key) or [])
        G.add_node(node["id"], **attrs)
    for edge in doc.get("edges") or []:
        attrs = {"id": edge["id"]}
        for key in EDGE_TEXT:
            _put_text(attrs, key, edge.get(key) or "")
        for key in EDGE_LISTS:
            attrs[key] = compact_json(edge.get(key) or [])
        if edge.get("confidence") is not None:
            attrs["confidence"] = int(edge["confidence"])
        G.add_edge(edge["source"], edge["target"], **attrs)
    out = io.BytesIO()
    nx.write_graphml(G, out, edge_id_from_attribute="id")
    return out.getvalue()


def _check_xml(data: bytes, what: str) -> None:
    if not isinstance(data, bytes | bytearray):
        raise ImportFormatError(f"{what} must be bytes", where=what)
    if len(data) > MAX_BYTES:
        raise ImportFormatError(f"{what} is larger than {MAX_BYTES // 2**20} MB", where=what)
    try:
        defused_fromstring(bytes(data), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ImportFormatError(
            f"{what} may not contain a DTD or entities ({type(exc).__name__})", where=what
        ) from exc
    except (ET.ParseError, ValueError) as exc:
        raise ImportFormatError(f"{what} is not well-formed XML: {exc}", where=what) from exc


def _get_text(data: Mapping[str, Any], key: str, where: str) -> Any:
    exact = data.get(f"{key}_json")
    if exact is not None:
        try:
            value = json.loads(exact)
        except ValueError:
            raise ImportFormatError("is not valid JSON", where=f"{where}/{key}_json") from None
        if isinstance(value, str):
            return value
    value = data.get(key)
    return value if value is None or isinstance(value, str) else str(value)


def _get_list(data: Mapping[str, Any], key: str, where: str) -> Any:
    raw = data.get(key)
    if raw is None or raw == "":
        return []
    if not isinstance(raw, str):
        raise ImportFormatError("must be a JSON array", where=f"{where}/{key}")
    try:
        value = json.loads(raw)
    except ValueError:
        raise ImportFormatError("must be a JSON array", where=f"{where}/{key}") from None
    if not isinstance(value, list):
        raise ImportFormatError("must be a JSON array", where=f"{where}/{key}")
    return value


def from_graphml(data: bytes) -> dict[str, Any]:
    """A document from GraphML bytes (validate it with ``from_document``)."""
    _check_xml(data, "graphml")
    try:
        G = nx.read_graphml(io.BytesIO(bytes(data)))
    except (nx.NetworkXError, ET.ParseError, ValueError, KeyError, TypeError) as exc:
        raise ImportFormatError(f"cannot read GraphML: {exc}", where="graphml") from exc
    if not G.is_directed():
        raise ImportFormatError("the GraphML graph must be directed", where="graphml")
    nodes = []
    for node_id, attrs in G.nodes(data=True):
        where = f"graphml/node/{node_id}"
        nodes.append(
            {
                "id": str(node_id),
                "kind": attrs.get("kind"),
                "label": _get_text(attrs, "label", where),
                "horizon": attrs.get("horizon") or None,
                "description": _get_text(attrs, "description", where) or "",
                **{key: _get_list(attrs, key, where) for key in NODE_LISTS},
            }
        )
    edges = []
    for i, (source, target, attrs) in enumerate(G.edges(data=True)):
        where = f"graphml/edge/{attrs.get('id', i)}"
        edges.append(
            {
                "id": str(attrs.get("id") or f"edge-{i}"),
                "source": str(source),
                "target": str(target),
                "relation": _get_text(attrs, "relation", where) or "leads_to",
                "rationale": _get_text(attrs, "rationale", where) or "",
                **{key: _get_list(attrs, key, where) for key in EDGE_LISTS},
                "confidence": read_confidence(attrs.get("confidence"), f"{where}/confidence"),
            }
        )
    return {"nodes": nodes, "edges": edges}
