"""Plain ``dot`` runs, for inspecting the DOT the rendering layer builds."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

DOT = "/usr/bin/dot"
ROOT = Path(__file__).resolve().parents[2]
"""The repository."""


def run_dot(source: str, fmt: str) -> bytes:
    """Run plain dot (for inspecting DOT we built)."""
    return subprocess.run(
        [DOT, f"-T{fmt}"], input=source.encode(), capture_output=True, check=True, timeout=60
    ).stdout


def dot_json(source: str) -> dict[str, Any]:
    """``dot -Tjson0`` of ``source``, parsed."""
    data: dict[str, Any] = json.loads(run_dot(source, "json0"))
    return data
