"""Open data exchange: GraphML, CSV (zipped), CIDS JSON-LD and IATI results XML.

GraphML and CSV go both ways with exact round trips (``from_x(to_x(doc)) == doc`` for
any valid document); CIDS and IATI are export-only. Importers accept untrusted bytes:
they reject anything unreadable with
:class:`toc_editor.domain.errors.ImportFormatError` (a message and ``where``), and
return a plain document dict for :func:`toc_editor.domain.model.from_document` to
validate. Inputs are capped at :data:`MAX_BYTES` (20 MB) uncompressed.

GraphML
    One ``<node>`` per node and one ``<edge id=...>`` per edge (networkx writes and
    reads it; untrusted XML is first parsed with defusedxml, rejecting any DTD or
    entity). String fields are plain ``<data>``; list fields (indicators, assumptions,
    tags, links, evidence) are JSON strings; ``horizon`` and ``confidence`` are left out
    when null. A string holding characters XML cannot carry (control characters, lone
    surrogates) is written with them removed and, next to it, an exact JSON copy under
    ``<field>_json``, which the importer prefers.

CSV zip
    ``nodes.csv`` (id, kind, label, horizon, description, assumptions, tags, links),
    ``edges.csv`` (id, source, target, relation, rationale, assumptions, evidence,
    confidence) and ``indicators.csv`` (node_id, id, name, unit, baseline, target,
    source, vocabulary, code), UTF-8 with a byte order mark (Excel reads it right).
    Only ``nodes.csv`` and the id/kind/label, source/target and node_id/name columns
    are required. Cell encoding, chosen for exact round trips and spreadsheet safety:

    * list-of-strings cells (assumptions, tags) are JSON arrays; on import a cell that
      is not a JSON array is split on ``"; "`` instead, for hand-made files;
    * links and evidence are JSON arrays of objects;
    * an empty cell is null for nullable fields (horizon, unit, source, vocabulary,
      code, baseline, target, confidence) and ``""`` otherwise; a nullable empty
      string is written ``""``;
    * baseline/target numbers are written as JSON numbers; a string that would read
      back as a number is written JSON-quoted (``"5"``);
    * a text cell starting with ``= + - @ ' "``, a tab or a carriage return gets a
      leading ``'`` (spreadsheets then show it as text, not a formula); the importer
      drops one leading ``'``. Text with lone surrogates is written JSON-quoted.

CIDS
    Common Impact Data Standard JSON-LD: outcomes and impacts are ``cids:Outcome``,
    activities ``cids:Activity``, outputs ``cids:Output``; indicators are
    ``cids:Indicator`` (``cids:forOutcome``, ``cids:hasBaseline``,
    ``cids:hasThreshold`` for the target, as ``i72:Measure``); ``leads_to`` and
    ``contributes_to`` links are ``cids:canProduce``, ``enables`` is ``cids:canEnable``.

IATI
    An ``<iati-activities version="2.03">`` file with one activity whose
    ``<result type="1|2|3">`` are the outputs, outcomes and impacts; each indicator has
    ``<baseline year value>`` and a ``<period>`` with ``<target value>``. Numeric
    values go in ``value``; text values make the indicator qualitative
    (``measure="5"``) and go in a ``<comment>``. Periods and the baseline year come from
    ``meta`` (``period_start``, ``period_end``, ``baseline_year``), else the version's
    date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from toc_editor.domain.errors import ImportFormatError
from toc_editor.domain.model import INDICATOR_FIELDS
from toc_editor.domain.text import MAX_DEPTH, find_bad_text

from .text import xml_safe

__all__ = [
    "MAX_BYTES",
    "from_csv_zip",
    "from_graphml",
    "read_document",
    "to_cids_jsonld",
    "to_csv_zip",
    "to_graphml",
    "to_iati_xml",
]

MAX_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 50
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))

NODE_TEXT = ("label", "description")
NODE_LISTS = ("indicators", "assumptions", "tags", "links")
EDGE_TEXT = ("relation", "rationale")
EDGE_LISTS = ("assumptions", "evidence")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def read_document(data: bytes, filename: str = "") -> Any:
    """A document from an uploaded JSON, GraphML or CSV-zip file, sniffed by its content
    (then by ``filename``); validate it with ``from_document``. The API's import and the
    command line's both read files here.

    >>> read_document(b'{"nodes": [], "edges": []}')
    {'nodes': [], 'edges': []}
    >>> read_document(b"hello")
    Traceback (most recent call last):
    ...
    toc_editor.domain.errors.ImportFormatError: not a JSON, GraphML or CSV-zip file
    """
    name = filename.lower()
    head = data.lstrip()[:1]
    if data[:4] == b"PK\x03\x04" or name.endswith(".zip"):
        return from_csv_zip(data)
    if head == b"<" or name.endswith((".graphml", ".xml")):
        return from_graphml(data)
    if head not in (b"{", b"["):
        raise ImportFormatError("not a JSON, GraphML or CSV-zip file", where="file")
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFormatError(f"not valid JSON: {exc}", where="file") from None
    except RecursionError:
        raise ImportFormatError(f"nested more than {MAX_DEPTH} levels deep", where="file") from None
    bad = find_bad_text(doc)
    if bad is not None:
        raise ImportFormatError(bad[1], where=f"file{bad[0]}")
    return doc


# -- GraphML ----------------------------------------------------------------------------


def _put_text(attrs: dict[str, Any], key: str, value: str) -> None:
    safe = xml_safe(value)
    attrs[key] = safe
    if safe != value:
        attrs[f"{key}_json"] = _json(value)


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
            attrs[key] = _json(node.get(key) or [])
        G.add_node(node["id"], **attrs)
    for edge in doc.get("edges") or []:
        attrs = {"id": edge["id"]}
        for key in EDGE_TEXT:
            _put_text(attrs, key, edge.get(key) or "")
        for key in EDGE_LISTS:
            attrs[key] = _json(edge.get(key) or [])
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


def _confidence(value: Any, where: str) -> int | None:
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
                "confidence": _confidence(attrs.get("confidence"), f"{where}/confidence"),
            }
        )
    return {"nodes": nodes, "edges": edges}


# -- CSV zip ----------------------------------------------------------------------------

NODE_COLUMNS = ("id", "kind", "label", "horizon", "description", "assumptions", "tags", "links")
EDGE_COLUMNS = (
    "id", "source", "target", "relation", "rationale", "assumptions", "evidence", "confidence",
)  # fmt: skip
INDICATOR_COLUMNS = ("node_id", *INDICATOR_FIELDS)
_NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")
_GUARDED = ("=", "+", "-", "@", "'", '"', "\t", "\r")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_cell(value: str | None, *, nullable: bool = False) -> str:
    if value is None:
        return ""
    if value == "":
        return '""' if nullable else ""
    if _SURROGATE.search(value):
        return _json(value)
    return "'" + value if value.startswith(_GUARDED) else value


def _scalar_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return json.dumps(value)
    text = str(value)
    return _json(text) if text == "" or _NUMBER.match(text) else _text_cell(text)


def _read_text(cell: str | None, *, nullable: bool = False) -> str | None:
    if cell is None or cell == "":
        return None if nullable else ""
    if cell.startswith("'"):
        return cell[1:]
    if cell.startswith('"'):
        try:
            value = json.loads(cell)
        except ValueError:
            return cell
        if isinstance(value, str):
            return value
    return cell


def _read_scalar(cell: str | None) -> Any:
    if cell is None or cell == "":
        return None
    if _NUMBER.match(cell):
        return json.loads(cell)
    return _read_text(cell)


def _read_strings(cell: str | None, where: str) -> list[Any]:
    if cell is None or cell.strip() == "":
        return []
    if cell.lstrip().startswith("["):
        try:
            value = json.loads(cell)
        except ValueError:
            value = None
        if isinstance(value, list):
            return value
    return [part.strip() for part in cell.split("; ") if part.strip()]


def _read_objects(cell: str | None, where: str) -> list[Any]:
    if cell is None or cell.strip() == "":
        return []
    try:
        value = json.loads(cell)
    except ValueError:
        raise ImportFormatError("must be a JSON array of objects", where=where) from None
    if not isinstance(value, list):
        raise ImportFormatError("must be a JSON array of objects", where=where)
    return value


def _write_csv(columns: Iterable[str], rows: Iterable[Iterable[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig", errors="surrogatepass")


def to_csv_zip(doc: Mapping[str, Any]) -> bytes:
    """A zip of nodes.csv, edges.csv and indicators.csv (see the module docstring)."""
    node_rows, indicator_rows, edge_rows = [], [], []
    for node in doc.get("nodes") or []:
        node_rows.append(
            [
                _text_cell(node["id"]),
                _text_cell(node["kind"]),
                _text_cell(node["label"]),
                _text_cell(node.get("horizon"), nullable=True),
                _text_cell(node.get("description") or ""),
                _json(node.get("assumptions") or []),
                _json(node.get("tags") or []),
                _json(node.get("links") or []),
            ]
        )
        for ind in node.get("indicators") or []:
            indicator_rows.append(
                [
                    _text_cell(node["id"]),
                    _text_cell(ind.get("id")),
                    _text_cell(ind.get("name")),
                    _text_cell(ind.get("unit"), nullable=True),
                    _scalar_cell(ind.get("baseline")),
                    _scalar_cell(ind.get("target")),
                    _text_cell(ind.get("source"), nullable=True),
                    _text_cell(ind.get("vocabulary"), nullable=True),
                    _text_cell(ind.get("code"), nullable=True),
                ]
            )
    for edge in doc.get("edges") or []:
        confidence = edge.get("confidence")
        edge_rows.append(
            [
                _text_cell(edge["id"]),
                _text_cell(edge["source"]),
                _text_cell(edge["target"]),
                _text_cell(edge.get("relation") or "leads_to"),
                _text_cell(edge.get("rationale") or ""),
                _json(edge.get("assumptions") or []),
                _json(edge.get("evidence") or []),
                "" if confidence is None else str(int(confidence)),
            ]
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("nodes.csv", _write_csv(NODE_COLUMNS, node_rows))
        zf.writestr("edges.csv", _write_csv(EDGE_COLUMNS, edge_rows))
        zf.writestr("indicators.csv", _write_csv(INDICATOR_COLUMNS, indicator_rows))
    return out.getvalue()


def _zip_members(data: bytes) -> dict[str, bytes]:
    if not isinstance(data, bytes | bytearray):
        raise ImportFormatError("the upload must be bytes", where="zip")
    if len(data) > MAX_BYTES:
        raise ImportFormatError(f"the zip is larger than {MAX_BYTES // 2**20} MB", where="zip")
    try:
        zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFormatError(f"not a zip file: {exc}", where="zip") from exc
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_ZIP_ENTRIES:
            raise ImportFormatError(f"the zip holds more than {MAX_ZIP_ENTRIES} files", where="zip")
        if sum(i.file_size for i in infos) > MAX_BYTES:
            raise ImportFormatError(
                f"the zip would unpack to more than {MAX_BYTES // 2**20} MB", where="zip"
            )
        members: dict[str, bytes] = {}
        budget = MAX_BYTES
        for info in infos:
            name = info.filename.rsplit("/", 1)[-1].lower()
            if name not in ("nodes.csv", "edges.csv", "indicators.csv"):
                continue
            if name in members:
                raise ImportFormatError(f"the zip holds {name} twice", where=f"zip/{name}")
            try:
                with zf.open(info) as fh:
                    body = fh.read(budget + 1)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
                raise ImportFormatError(
                    f"cannot unpack {name}: {exc}", where=f"zip/{name}"
                ) from exc
            budget -= len(body)
            if budget < 0:
                raise ImportFormatError(
                    f"the zip unpacks to more than {MAX_BYTES // 2**20} MB", where="zip"
                )
            members[name] = body
    return members


def _read_csv(body: bytes, name: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        text = body.decode("utf-8-sig", errors="surrogatepass")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"{name} is not UTF-8 text", where=name) from exc
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [h.strip() for h in reader.fieldnames or []]
        reader.fieldnames = header
        missing = [col for col in required if col not in header]
        if missing:
            raise ImportFormatError(
                f"{name} lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                where=f"{name}/{missing[0]}",
            )
        return [row for row in reader if any((v or "").strip() for v in row.values())]
    except csv.Error as exc:
        raise ImportFormatError(f"{name} is not valid CSV: {exc}", where=name) from exc


def from_csv_zip(data: bytes) -> dict[str, Any]:
    """A document from a zip of CSV files (validate it with ``from_document``)."""
    members = _zip_members(data)
    if "nodes.csv" not in members:
        raise ImportFormatError("the zip has no nodes.csv", where="zip/nodes.csv")
    node_rows = _read_csv(members["nodes.csv"], "nodes.csv", ("id", "kind", "label"))
    edge_rows = _read_csv(members.get("edges.csv", b"source,target\r\n"), "edges.csv",
                          ("source", "target"))  # fmt: skip
    ind_rows = _read_csv(members.get("indicators.csv", b"node_id,name\r\n"), "indicators.csv",
                         ("node_id", "name"))  # fmt: skip

    nodes: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for i, row in enumerate(node_rows, start=2):
        where = f"nodes.csv/row {i}"
        node = {
            "id": _read_text(row.get("id")),
            "kind": _read_text(row.get("kind")),
            "label": _read_text(row.get("label")),
            "horizon": _read_text(row.get("horizon"), nullable=True),
            "description": _read_text(row.get("description")),
            "indicators": [],
            "assumptions": _read_strings(row.get("assumptions"), f"{where}/assumptions"),
            "tags": _read_strings(row.get("tags"), f"{where}/tags"),
            "links": _read_objects(row.get("links"), f"{where}/links"),
        }
        nodes.append(node)
        by_id.setdefault(str(node["id"]), node)
    for i, row in enumerate(ind_rows, start=2):
        where = f"indicators.csv/row {i}"
        owner = by_id.get(str(_read_text(row.get("node_id"))))
        if owner is None:
            raise ImportFormatError("names a node_id that is not in nodes.csv", where=where)
        owner["indicators"].append(
            {
                "id": _read_text(row.get("id"), nullable=True) or None,
                "name": _read_text(row.get("name")),
                "unit": _read_text(row.get("unit"), nullable=True),
                "baseline": _read_scalar(row.get("baseline")),
                "target": _read_scalar(row.get("target")),
                "source": _read_text(row.get("source"), nullable=True),
                "vocabulary": _read_text(row.get("vocabulary"), nullable=True),
                "code": _read_text(row.get("code"), nullable=True),
            }
        )
    edges = []
    for i, row in enumerate(edge_rows, start=2):
        where = f"edges.csv/row {i}"
        edges.append(
            {
                "id": _read_text(row.get("id")) or f"edge-{i - 1}",
                "source": _read_text(row.get("source")),
                "target": _read_text(row.get("target")),
                "relation": _read_text(row.get("relation")) or "leads_to",
                "rationale": _read_text(row.get("rationale")),
                "assumptions": _read_strings(row.get("assumptions"), f"{where}/assumptions"),
                "evidence": _read_objects(row.get("evidence"), f"{where}/evidence"),
                "confidence": _confidence(row.get("confidence"), f"{where}/confidence"),
            }
        )
    return {"nodes": nodes, "edges": edges}


# -- CIDS JSON-LD -----------------------------------------------------------------------

CIDS_CONTEXT = {
    "cids": "https://ontology.commonapproach.org/cids#",
    "i72": "http://ontology.eil.utoronto.ca/ISO21972/iso21972#",
    "org": "http://ontology.eil.utoronto.ca/tove/organization#",
    "schema": "http://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
CIDS_TYPES = {
    "activity": "cids:Activity",
    "output": "cids:Output",
    "outcome": "cids:Outcome",
    "impact": "cids:Outcome",
}


def _base_iri(meta: Mapping[str, Any]) -> str:
    base = str(meta.get("base_iri") or "")
    if re.match(r"^https?://[^\s<>\"{}|\\^`]+$", base):
        return base if base.endswith(("/", "#")) else base + "/"
    org = urllib.parse.quote(str(meta.get("org") or "org"), safe="")
    graph = urllib.parse.quote(str(meta.get("graph") or "graph"), safe="")
    return f"urn:toc-editor:{org}:{graph}:"


def _measure(value: Any) -> dict[str, Any]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"@type": "i72:Measure", "i72:hasNumericalValue": str(value)}
    return {"@type": "i72:Measure", "schema:description": xml_safe(value)}


def to_cids_jsonld(doc: Mapping[str, Any], meta: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A CIDS JSON-LD document (a dict; ``json.dumps`` it to serve)."""
    meta = meta or {}
    base = _base_iri(meta)

    def iri(kind: str, ident: str) -> str:
        return f"{base}{kind}/{urllib.parse.quote(ident, safe='')}"

    produces: dict[str, list[dict[str, str]]] = {}
    enables: dict[str, list[dict[str, str]]] = {}
    for edge in doc.get("edges") or []:
        table = enables if edge.get("relation") == "enables" else produces
        table.setdefault(edge["source"], []).append({"@id": iri("node", edge["target"])})
    graph: list[dict[str, Any]] = []
    outcome_refs = []
    for node in doc.get("nodes") or []:
        node_iri = iri("node", node["id"])
        item: dict[str, Any] = {
            "@id": node_iri,
            "@type": CIDS_TYPES.get(node["kind"], "cids:Outcome"),
            "cids:hasName": xml_safe(node.get("label")),
        }
        if node.get("description"):
            item["cids:hasDescription"] = xml_safe(node["description"])
        indicators = node.get("indicators") or []
        if indicators:
            item["cids:hasIndicator"] = [
                {"@id": iri("indicator", f"{node['id']}/{i['id']}")} for i in indicators
            ]
        if node["id"] in produces:
            item["cids:canProduce"] = produces[node["id"]]
        if node["id"] in enables:
            item["cids:canEnable"] = enables[node["id"]]
        if node["kind"] in ("outcome", "impact"):
            outcome_refs.append({"@id": node_iri})
        graph.append(item)
        for ind in indicators:
            entry: dict[str, Any] = {
                "@id": iri("indicator", f"{node['id']}/{ind['id']}"),
                "@type": "cids:Indicator",
                "cids:hasName": xml_safe(ind.get("name")),
                "cids:forOutcome": {"@id": node_iri},
            }
            if ind.get("unit"):
                entry["i72:unit_of_measure"] = xml_safe(ind["unit"])
            if ind.get("baseline") is not None:
                entry["cids:hasBaseline"] = _measure(ind["baseline"])
            if ind.get("target") is not None:
                entry["cids:hasThreshold"] = _measure(ind["target"])
            if ind.get("source"):
                entry["cids:hasDescription"] = f"Source: {xml_safe(ind['source'])}"
            graph.append(entry)
    model: dict[str, Any] = {
        "@id": f"{base}impact-model",
        "@type": "cids:ImpactModel",
        "cids:hasName": xml_safe(meta.get("title") or meta.get("graph") or "Theory of change"),
        "cids:hasOutcome": outcome_refs,
    }
    if meta.get("org"):
        model["cids:forOrganization"] = {
            "@id": f"{base}organization",
            "@type": "cids:Organization",
            "org:hasLegalName": xml_safe(meta["org"]),
        }
    if meta.get("commit"):
        model["schema:version"] = xml_safe(meta["commit"])
    if meta.get("date"):
        model["schema:dateModified"] = _date_text(meta["date"])
    return {"@context": dict(CIDS_CONTEXT), "@graph": [model, *graph]}


# -- IATI -------------------------------------------------------------------------------

IATI_RESULT_TYPES = {"output": "1", "outcome": "2", "impact": "3"}
XML_NS = "http://www.w3.org/XML/1998/namespace"


def _date_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return xml_safe(value)[:40]


def _iso_date(value: Any, fallback: str) -> str:
    text = _date_text(value) if value else ""
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
