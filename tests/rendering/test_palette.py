"""One palette for the editor's diagram and every export (issue 11, finding 9).

``toc_editor/rendering/palette.json`` is read by theme.py (the exports) and imported by the
front end (frontend/src/view/palette.ts), so a kind has the same colours on screen and in
the PDF, and an arrow is dashed only when a confidence is set and low.
"""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from toc_editor.rendering.dot import to_dot
from toc_editor.rendering.theme import (
    CONFIDENCE_NOTES,
    KIND_NAMES,
    PALETTE,
    RELATION_ARROWS,
    THEMES,
    confidence_style,
    edge_attrs,
)

ROOT = Path(__file__).resolve().parents[2]

HEX = re.compile(r"^#[0-9A-F]{6}$")
KINDS = ("activity", "output", "outcome", "impact")


def _colours(value: Any) -> list[str]:
    """Every string that looks like a colour anywhere in ``value``."""
    if isinstance(value, str):
        return [value] if value.startswith("#") else []
    if isinstance(value, dict):
        return [c for v in value.values() for c in _colours(v)]
    if isinstance(value, list):
        return [c for v in value for c in _colours(v)]
    return []


def test_the_palette_file_ships_with_the_package() -> None:
    shipped = resources.files("toc_editor.rendering").joinpath("palette.json")
    assert shipped.is_file()
    assert json.loads(shipped.read_text(encoding="utf-8")) == PALETTE
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "rendering/palette.json" in pyproject["tool"]["setuptools"]["package-data"]["toc_editor"]


def test_the_editor_imports_the_same_file() -> None:
    """The front end's palette is this JSON, not a copy of it."""
    source = (ROOT / "frontend" / "src" / "view" / "palette.ts").read_text(encoding="utf-8")
    target = re.search(r'from "([^"]*palette\.json)"', source)
    assert target, "palette.ts must import palette.json"
    imported = (ROOT / "frontend" / "src" / "view" / target.group(1)).resolve()
    assert imported == (ROOT / "toc_editor" / "rendering" / "palette.json").resolve()


def test_every_theme_has_every_kind_and_only_hex_colours() -> None:
    for name, spec in PALETTE["themes"].items():
        assert set(spec["kinds"]) == set(KINDS), name
        assert set(spec["diff"]) == {"added", "removed", "changed", "unchanged"}, name
        for colour in _colours(spec):
            assert HEX.match(colour), (name, colour)
    assert set(KIND_NAMES) == set(KINDS)


def test_themes_are_read_from_the_palette() -> None:
    for name, spec in PALETTE["themes"].items():
        theme = THEMES[name]
        for kind in KINDS:
            style = theme.kinds[kind]
            assert (style.fill, style.border) == (spec["kinds"][kind]["fill"],
                                                  spec["kinds"][kind]["border"])  # fmt: skip
            assert style.font == spec["kinds"][kind].get("font", spec["text"])
        assert theme.added == tuple(spec["diff"]["added"])
        assert theme.edge_unknown == spec["edge_unknown"]


def test_outcomes_are_green_everywhere() -> None:
    """The finding: outcomes were yellow on screen and green in the PDF. The export's
    Okabe-Ito tint (bluish green) is the one colour now."""
    outcome = THEMES["light"].kinds["outcome"]
    assert (outcome.fill, outcome.border) == ("#CFEFE4", "#00876A")


@pytest.mark.parametrize(
    ("confidence", "width", "style"),
    [
        (None, "1.2", "solid"),
        (0, "1.2", "dashed"),
        (39, "1.2", "dashed"),
        (40, "1.5", "solid"),
        (69, "1.5", "solid"),
        (70, "2.6", "solid"),
        (100, "2.6", "solid"),
        (True, "1.2", "solid"),  # not a number: as if unset
        ("80", "1.2", "solid"),
    ],
)
def test_dashed_only_when_a_confidence_is_set_and_low(
    confidence: object, width: str, style: str
) -> None:
    assert confidence_style(confidence) == (width, style)


def test_an_unrated_arrow_is_grey_and_solid_in_the_dot() -> None:
    edge = {"id": "e", "source": "a", "target": "b", "relation": "enables", "confidence": None}
    attrs = edge_attrs(edge, {"a": "A", "b": "B"}, THEMES["light"])
    assert attrs["style"] == '"solid"'
    assert attrs["color"] == f'"{THEMES["light"].edge_unknown}"'
    assert attrs["arrowhead"] == f'"{RELATION_ARROWS["enables"]}"'
    rated = edge_attrs({**edge, "confidence": 10}, {"a": "A", "b": "B"}, THEMES["light"])
    assert rated["style"] == '"dashed"' and rated["color"] == f'"{THEMES["light"].edge}"'


def test_a_new_toc_has_no_dashed_arrows() -> None:
    doc = {
        "nodes": [
            {"id": "a", "kind": "activity", "label": "Run workshops"},
            {"id": "b", "kind": "output", "label": "Workshops held"},
        ],
        "edges": [{"id": "e", "source": "a", "target": "b"}],
    }
    source = to_dot(doc).source
    assert "dashed" not in source.split("subgraph cluster_legend")[0]


def test_the_legend_says_the_rule() -> None:
    text = " ".join(CONFIDENCE_NOTES)
    assert "unknown" not in text
    assert "below 40" in text and "no confidence set" in text


def test_palette_file_is_tidy_json() -> None:
    """Both sides parse it: no comments, no trailing commas (json.loads is strict)."""
    path = Path(ROOT / "toc_editor" / "rendering" / "palette.json")
    json.loads(path.read_text(encoding="utf-8"))
