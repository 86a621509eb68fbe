"""Fixtures for the rendering tests: generated documents, a hostile corpus, helpers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.generate import generate  # noqa: E402
from tests.hostile_text import HOSTILE, hostile_doc, normalized  # noqa: E402


@pytest.fixture(scope="session")
def meta() -> dict[str, Any]:
    return {
        "title": "Youth employment programme",
        "org": "acme",
        "graph": "youth",
        "commit": "0123456789abcdef0123",
        "date": "2024-05-01",
    }


@pytest.fixture(scope="session")
def small_doc() -> dict[str, Any]:
    return normalized(generate(24, seed=3))


@pytest.fixture(scope="session")
def hostile() -> dict[str, Any]:
    return hostile_doc(HOSTILE)
