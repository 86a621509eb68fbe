"""Our own open format: the JSON document (``toc_editor/schemas/document.schema.json``).

``{"format": "toc-editor/1", "title", "description", "commit", "nodes": [...],
"edges": [...]}``; the reader takes any JSON object and leaves validation to
:func:`toc_editor.domain.model.from_document`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from toc_editor.domain.errors import ImportFormatError
from toc_editor.domain.text import MAX_DEPTH, find_bad_text

from .common import MAX_BYTES

__all__ = ["from_json", "to_json"]


def to_json(doc: Mapping[str, Any], meta: Mapping[str, Any] | None = None) -> bytes:
    """The document with its title, description and commit, pretty-printed UTF-8.

    >>> to_json({"nodes": [], "edges": []}, {"title": "T", "commit": "c1"})[:40]
    b'{\\n  "format": "toc-editor/1",\\n  "title":'
    """
    meta = meta or {}
    out = {
        "format": "toc-editor/1",
        "title": meta.get("title"),
        "description": meta.get("description", ""),
        "commit": meta.get("commit"),
        **doc,
    }
    return json.dumps(out, ensure_ascii=False, indent=2).encode()


def from_json(data: bytes) -> Any:
    """The parsed document; refuses what is not JSON, nests too deep or holds text that
    cannot be stored (NUL, lone surrogates), naming where.

    >>> from_json(b'{"nodes": [{"label": "a\\\\u0000"}]}')
    Traceback (most recent call last):
    ...
    toc_editor.domain.errors.ImportFormatError: may not contain NUL (\\u0000) characters
    """
    if len(data) > MAX_BYTES:
        raise ImportFormatError(f"the file is larger than {MAX_BYTES // 2**20} MB", where="file")
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
