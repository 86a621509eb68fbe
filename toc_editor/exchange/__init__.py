"""Open data exchange: one module per format, and one registry the API and CLI share.

| suffix | module | both ways? |
|---|---|---|
| ``.json`` | :mod:`.json_document` (our format) | yes |
| ``.graphml`` | :mod:`.graphml` (yEd, Gephi) | yes, exact round trips |
| ``.csv.zip`` | :mod:`.csv_zip` (spreadsheets) | yes, exact round trips |
| ``.cids.jsonld`` | :mod:`.cids` (Common Impact Data Standard) | export; results read back |
| ``.iati.xml`` | :mod:`.iati` (IATI results) | export; results read back |

With ``meta["results"]`` (current results, as the results API gives them) the IATI and
CIDS exports carry them too, and :func:`.iati.read_iati_results` and
:func:`.cids.read_cids_results` read them back as the results API's entries. An
indicator's ``reports_to`` (the shared indicator of a framework, issue 14) travels in
JSON and GraphML with the other fields, in IATI as one more ``reference`` and in CIDS as
``toc:reportsTo`` (:func:`.iati.read_iati_reports_to`, :func:`.cids.read_cids_reports_to`
read them back); the CSV zip's ``indicators.csv`` leaves it out with the other
definition fields.

Importers accept untrusted bytes: they refuse anything unreadable with
:class:`toc_editor.domain.errors.ImportFormatError` (a message and ``where``) and return
a plain document dict for :func:`toc_editor.domain.model.from_document` to validate.
Inputs are capped at :data:`.common.MAX_BYTES` (20 MB) uncompressed. Pictures and
reports (SVG, PNG, PDF, Word) are :mod:`toc_editor.rendering`'s.

Examples
--------
>>> FORMATS[".graphml"].content_type
'application/graphml+xml'
>>> split_suffix("main.csv.zip", FORMATS)
('main', '.csv.zip')
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from toc_editor.domain.errors import ImportFormatError

from .cids import to_cids_jsonld
from .csv_zip import from_csv_zip, to_csv_zip
from .graphml import from_graphml, to_graphml
from .iati import to_iati_xml
from .json_document import from_json, to_json

__all__ = ["FORMATS", "Format", "UnknownSuffix", "read_document", "split_suffix"]

Writer = Callable[[Mapping[str, Any], Mapping[str, Any]], bytes]
Reader = Callable[[bytes], Any]


@dataclass(frozen=True)
class Format:
    """An exchange format: its file ending, content type, writer (document, meta) -> bytes,
    and reader bytes -> document (None for export-only formats)."""

    suffix: str
    content_type: str
    write: Writer
    read: Reader | None = None


FORMATS: dict[str, Format] = {
    f.suffix: f
    for f in (
        Format(".json", "application/json", to_json, from_json),
        Format(".graphml", "application/graphml+xml", lambda d, m: to_graphml(d), from_graphml),
        Format(".csv.zip", "application/zip", lambda d, m: to_csv_zip(d), from_csv_zip),
        Format(
            ".cids.jsonld",
            "application/ld+json",
            lambda d, m: json.dumps(to_cids_jsonld(d, m), indent=2).encode(),
        ),
        Format(".iati.xml", "application/xml", to_iati_xml),
    )
}


class UnknownSuffix(ValueError):
    """A name that ends in none of the known suffixes."""


def split_suffix(value: str, suffixes: Iterable[str]) -> tuple[str, str]:
    """``("main", ".csv.zip")`` from ``"main.csv.zip"``; the longest known suffix wins.

    >>> split_suffix("v1.json", [".json", ".cids.jsonld"])
    ('v1', '.json')
    >>> split_suffix("main", [".json"])
    Traceback (most recent call last):
    ...
    toc_editor.exchange.UnknownSuffix: unknown format; add one of .json to the name
    """
    known = sorted(suffixes, key=len, reverse=True)
    for suffix in known:
        if value.endswith(suffix) and len(value) > len(suffix):
            return value[: -len(suffix)], suffix
    raise UnknownSuffix(f"unknown format; add one of {', '.join(sorted(known))} to the name")


def read_document(data: bytes, filename: str = "") -> Any:
    """A document from an uploaded JSON, GraphML or CSV-zip file, sniffed by its content
    (then by ``filename``); validate it with ``from_document``.

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
    if head in (b"{", b"["):
        return from_json(data)
    raise ImportFormatError("not a JSON, GraphML or CSV-zip file", where="file")
