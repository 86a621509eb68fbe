"""Fixtures for the exchange format tests: a normalised generated document."""

from __future__ import annotations

from typing import Any

import pytest

from tests.generate import generate
from tests.hostile_text import normalized


@pytest.fixture(scope="session")
def small_doc() -> dict[str, Any]:
    """A generated 24-node ToC as the model normalises it (every field present)."""
    return normalized(generate(24, seed=3))
