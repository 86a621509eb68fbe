"""Every setting the code reads from the environment has a row in the README's
configuration table, and the memory-sizing defaults there are the code's (issue 9, item 17).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toc_editor import config

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TABLE_ROWS = {  # setting -> its row; a row may name several settings in its first cell
    name: row.group(0)
    for row in re.finditer(r"^\| `TOC_.*$", README, re.M)
    for name in re.findall(r"`(TOC_[A-Z_]+)`", row.group(0).split(" | ")[0])
}


def _settings_read_by_the_code() -> set[str]:
    pattern = re.compile(r"environ(?:\.get)?\(?\[?\"(TOC_[A-Z_]+)\"")
    found: set[str] = set()
    for path in (ROOT / "toc_editor").rglob("*.py"):
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def test_the_code_reads_settings_at_all() -> None:
    assert {"TOC_MAX_OPS", "TOC_GRAPH_CACHE_ENTITIES"} <= _settings_read_by_the_code()


@pytest.mark.parametrize("name", sorted(_settings_read_by_the_code()))
def test_every_setting_has_a_row_in_the_readme(name: str) -> None:
    assert name in TABLE_ROWS, f"{name} is read by the code but not in the README's table"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("TOC_GRAPH_CACHE_ENTITIES", f"{config.DEFAULT_GRAPH_CACHE_ENTITIES:,}"),
        ("TOC_BLOB_CACHE_BYTES", f"{config.DEFAULT_BLOB_CACHE_BYTES // 2**20} MB"),
    ],
)
def test_the_cache_defaults_in_the_readme_are_the_codes(name: str, shown: str) -> None:
    assert TABLE_ROWS[name].rstrip(" |").endswith(shown), TABLE_ROWS[name]


# Measured by bench/bench_memory.py (README, Scale-out): a worker's base, and what one
# cached graph entity costs. Four workers at the default cache sizes must leave room for
# PostgreSQL and the system on a 2 GB host.
WORKER_BASE_BYTES = 110 * 2**20
BYTES_PER_CACHED_ENTITY = 900
FOUR_WORKERS_BUDGET = 1280 * 2**20


def test_four_workers_at_the_default_cache_sizes_fit_a_2_gb_host() -> None:
    worker = (
        WORKER_BASE_BYTES
        + config.DEFAULT_GRAPH_CACHE_ENTITIES * BYTES_PER_CACHED_ENTITY
        + config.DEFAULT_BLOB_CACHE_BYTES
    )
    assert 4 * worker <= FOUR_WORKERS_BUDGET, f"{4 * worker / 2**20:.0f} MB for 4 workers"
