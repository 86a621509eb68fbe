"""The two lock files pin the same versions, and each install path uses its own."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)", re.MULTILINE)


def _pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text()
    return {pkg.lower(): version for pkg, version in PIN.findall(text)}


def test_the_runtime_lock_is_a_subset_of_the_full_lock_with_the_same_versions():
    runtime, full = _pins("requirements-runtime.lock"), _pins("requirements.lock")
    assert {"flask", "flask-smorest", "networkx", "uvicorn", "flask-limiter"} <= runtime.keys()
    assert {pkg: v for pkg, v in runtime.items() if full.get(pkg) != v} == {}
    assert not {"pytest", "playwright", "schemathesis", "mypy"} & runtime.keys()


def test_the_image_installs_the_runtime_lock_and_make_the_full_one():
    assert "-r requirements-runtime.lock" in (ROOT / "Dockerfile").read_text()
    assert "-r requirements.lock" in (ROOT / "Makefile").read_text()
