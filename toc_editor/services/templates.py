"""The seed graphs shipped in ``seed_graphs/``: templates for new ToCs and demo content."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "document.schema.json"


def seed_dir() -> Path:
    """``TOC_SEED_DIR`` or the repository's ``seed_graphs/``."""
    env = os.environ.get("TOC_SEED_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "seed_graphs"


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text())  # type: ignore[no-any-return]


def validate_against_schema(doc: Any) -> list[str]:
    """Messages for every place ``doc`` breaks the JSON Schema (empty when it conforms)."""
    validator = jsonschema.Draft202012Validator(document_schema())
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(document)'}: {err.message}"
        for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    ][:20]


@lru_cache(maxsize=1)
def _load_all(directory: str) -> tuple[tuple[str, dict[str, Any]], ...]:
    out = []
    for path in sorted(Path(directory).glob("*.json")):
        out.append((path.stem, json.loads(path.read_text(encoding="utf-8"))))
    return tuple(out)


def templates() -> list[tuple[str, dict[str, Any]]]:
    """``(template id, document)`` for every seed file, in file-name order."""
    return list(_load_all(str(seed_dir())))


def template(template_id: str) -> dict[str, Any] | None:
    return dict(templates()).get(template_id)
