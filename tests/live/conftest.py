"""Every app made here closes its live bus at the end (a PostgreSQL bus has a thread)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask


@pytest.fixture
def live_app(app: Flask) -> Iterator[Flask]:
    """The ``app`` fixture (SQLite and PostgreSQL) with its default live bus closed after."""
    yield app
    app.extensions["toc_live"].close()
