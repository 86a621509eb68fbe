"""CSV zip, both ways with exact round trips (spreadsheets).

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
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

from toc_editor.domain.errors import ImportFormatError
from toc_editor.domain.model import INDICATOR_FIELDS

from .common import MAX_BYTES, MAX_ZIP_ENTRIES, compact_json, read_confidence

__all__ = ["from_csv_zip", "to_csv_zip"]

csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))

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
        return compact_json(value)
    return "'" + value if value.startswith(_GUARDED) else value


def _scalar_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return json.dumps(value)
    text = str(value)
    return compact_json(text) if text == "" or _NUMBER.match(text) else _text_cell(text)


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
                compact_json(node.get("assumptions") or []),
                compact_json(node.get("tags") or []),
                compact_json(node.get("links") or []),
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
                compact_json(edge.get("assumptions") or []),
                compact_json(edge.get("evidence") or []),
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
                "confidence": read_confidence(row.get("confidence"), f"{where}/confidence"),
            }
        )
    return {"nodes": nodes, "edges": edges}
