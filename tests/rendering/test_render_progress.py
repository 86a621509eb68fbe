"""The progress theme: each box in its status's border, tint and words, from statuses the
caller passes in; user text (the reasons' labels) only escaped inside tooltips; real
Graphviz draws it as SVG, PNG and PDF. A seeded ToC is drawn into test-artifacts/ (SVG,
PDF and a PNG of the PDF from pdftoppm) for a person to look at."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest

from tests.hostile_text import HOSTILE, normalized
from tests.rendering.dot_lexer import attributes, tokens
from tests.rendering.plain_dot import ROOT, dot_json
from toc_editor.domain import model
from toc_editor.domain.progress import STATUS_WORDS, UPSTREAM_WORD, roll_up, to_wire
from toc_editor.rendering import render
from toc_editor.rendering.dot import to_dot
from toc_editor.rendering.dot_writer import ALLOWED_ATTRS, TEXT_ATTRS
from toc_editor.rendering.theme import PROGRESS, THEMES

SVG = "{http://www.w3.org/2000/svg}"
MARK = "ZQXJ"
STATUS = PROGRESS["statuses"]

DOC = normalized(
    {
        "nodes": [
            {"id": "a", "kind": "activity", "label": "Run job clubs"},
            {"id": "p", "kind": "output", "label": "Job clubs held"},
            {"id": "o", "kind": "outcome", "label": "People apply for jobs", "horizon": "short"},
            {"id": "m", "kind": "outcome", "label": "People find work", "horizon": "medium"},
            {"id": "i", "kind": "impact", "label": "Fewer households in poverty"},
        ],
        "edges": [
            {"id": "e1", "source": "a", "target": "p"},
            {"id": "e2", "source": "p", "target": "o"},
            {"id": "e3", "source": "o", "target": "m"},
            {"id": "e4", "source": "m", "target": "i"},
        ],
    }
)


def _nodes(source: str) -> dict[str, dict[str, Any]]:
    data = dot_json(source)
    return {o["name"]: o for o in data["objects"][data["_subgraph_cnt"] :]}


AT_RISK = {"upstream": "at_risk", "reasons": [{"id": "p", "label": "Job clubs held",
                                               "status": "off_track"}]}  # fmt: skip

# (case, the box's progress, border, fill, words shown, dashed)
LOOKS: list[tuple[str, dict[str, Any] | None, str, str, list[str], bool]] = [
    ("on track", {"status": "on_track", "upstream": "ok"},
     STATUS["on_track"]["border"], STATUS["on_track"]["fill"], ["✓ On track"], False),
    ("behind", {"status": "behind", "upstream": None},
     STATUS["behind"]["border"], STATUS["behind"]["fill"], ["▲ Behind"], False),
    ("off track", {"status": "off_track", "upstream": None},
     STATUS["off_track"]["border"], STATUS["off_track"]["fill"], ["✕ Off track"], False),
    ("no recent data", {"status": "no_recent_data", "upstream": None},
     STATUS["no_recent_data"]["border"], STATUS["no_recent_data"]["fill"],
     ["? No recent data"], True),
    ("no status", None, PROGRESS["none"]["border"], PROGRESS["none"]["fill"], [], False),
    ("no status, ok upstream", {"status": None, "upstream": "ok"},
     PROGRESS["none"]["border"], PROGRESS["none"]["fill"], [], False),
    ("at risk upstream only", {"status": None, **AT_RISK},
     PROGRESS["upstream"]["border"], PROGRESS["none"]["fill"], ["⚠ At risk upstream"], False),
    ("on track and at risk upstream", {"status": "on_track", **AT_RISK},
     STATUS["on_track"]["border"], STATUS["on_track"]["fill"],
     ["✓ On track", "⚠ At risk upstream"], False),
    ("an unknown status is no status", {"status": '"]; evil [', "upstream": "maybe"},
     PROGRESS["none"]["border"], PROGRESS["none"]["fill"], [], False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mark", "border", "fill", "words", "dashed"), [c[1:] for c in LOOKS], ids=[c[0] for c in LOOKS]
)
@pytest.mark.parametrize("box", ["a", "m", "i"])
def test_each_status_has_its_border_tint_and_words(
    box: str, mark: dict[str, Any] | None, border: str, fill: str, words: list[str], dashed: bool
) -> None:
    marks = {box: mark} if mark is not None else {}
    obj = _nodes(to_dot(DOC, theme="progress", progress=marks).source)[box]
    assert (obj["color"], obj["fillcolor"]) == (border, fill)
    label_lines = obj["label"].split("\\n")
    assert (
        label_lines[-len(words) :] == words
        if words
        else not any(w in obj["label"] for w in (*STATUS_WORDS.values(), UPSTREAM_WORD))
    )
    assert ("dashed" in obj["style"]) is dashed
    assert obj["fontcolor"] == THEMES["progress"].text  # dark text on every tint
    # the kind keeps its shape: square activities, rounded others, impact's double border
    assert ("rounded" in obj["style"]) is (box != "a")
    assert obj.get("peripheries", "1") == ("2" if box == "i" else "1")


def test_the_words_are_the_domain_words() -> None:
    for status, look in STATUS.items():
        assert look["word"] == STATUS_WORDS[status]
    assert PROGRESS["upstream"]["word"] == UPSTREAM_WORD


def test_the_tooltip_says_the_status_and_which_boxes_put_it_at_risk() -> None:
    marks = {"m": {"status": "behind", **AT_RISK}}
    obj = _nodes(to_dot(DOC, theme="progress", progress=marks).source)["m"]
    assert "Behind" in obj["tooltip"]
    assert "At risk upstream: Job clubs held (off track)" in obj["tooltip"]


def test_other_themes_ignore_statuses() -> None:
    marks = {"m": {"status": "behind", **AT_RISK}}
    assert to_dot(DOC, progress=marks).source == to_dot(DOC).source
    assert to_dot(DOC, theme="print", progress=marks).source == to_dot(DOC, theme="print").source


def test_the_legend_lists_the_statuses_and_the_title_the_day() -> None:
    source = to_dot(DOC, {"title": "Jobs", "as_of": date(2026, 1, 20)}, theme="progress").source
    legend = next(t.text for t in tokens(source) if t.kind == "html")
    for look in STATUS.values():
        assert f"{look['mark']} {look['word']}" in legend
    assert UPSTREAM_WORD in legend and "Outcome" not in legend
    assert "progress on 2026-01-20" in dot_json(source)["label"]


def test_statuses_of_boxes_not_in_the_document_are_ignored() -> None:
    marks = {"nope": {"status": "behind"}, "a": {"status": "behind"}}
    names = set(_nodes(to_dot(DOC, theme="progress", progress=marks).source))
    assert "nope" not in names and "a" in names


def test_user_text_in_reasons_reaches_dot_only_inside_tooltips() -> None:
    nodes = [{"id": f"n{i}", "kind": "outcome", "label": MARK + t[:200]}
             for i, t in enumerate(HOSTILE)]  # fmt: skip
    doc = normalized({"nodes": nodes, "edges": []})
    reasons = [
        {"id": f"n{i}", "label": MARK + t, "status": "behind"} for i, t in enumerate(HOSTILE)
    ]
    marks: dict[str, Any] = {
        n["id"]: {"status": MARK + t, "upstream": "at_risk", "reasons": reasons}
        for n, t in zip(nodes, HOSTILE, strict=True)
    }
    source = to_dot(doc, {"title": MARK}, theme="progress", progress=marks).source
    toks = tokens(source)
    inside_text_attr = set()
    for key, value in attributes(toks):
        assert key in ALLOWED_ATTRS, key
        if key in TEXT_ATTRS:
            inside_text_attr.add(id(value))
            assert value.kind in ("string", "html"), (key, value)
    for tok in toks:
        if MARK in tok.text:
            assert tok.kind == "string" and id(tok) in inside_text_attr, tok
        if tok.kind == "html":  # the legend: palette constants only
            assert MARK not in tok.text
    svg = render(doc, {"title": "t"}, "svg", theme="progress", progress=marks).decode()
    assert "<script" not in svg.lower() and "&lt;script&gt;" in svg


def _svg_texts(svg: bytes) -> dict[str, str]:
    root = ET.fromstring(svg)
    out = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "node":
            title = g.find(f"{SVG}title")
            assert title is not None
            out[title.text or ""] = "\n".join(t.text or "" for t in g.iter(f"{SVG}text"))
    return out


def test_real_graphviz_draws_it_in_every_format() -> None:
    marks = {"p": {"status": "off_track"}, "m": {"status": "on_track", **AT_RISK}}
    svg = render(DOC, {"title": "Jobs"}, "svg", theme="progress", progress=marks)
    texts = _svg_texts(svg)
    assert texts["p"].endswith("✕ Off track")
    assert texts["m"].endswith("✓ On track\n⚠ At risk upstream")
    assert STATUS["off_track"]["border"].lower() in svg.decode().lower()
    assert render(DOC, {}, "png", dpi=72, theme="progress", progress=marks).startswith(b"\x89PNG")
    assert render(DOC, {}, "pdf", theme="progress", progress=marks).startswith(b"%PDF")


# -- a seeded ToC, drawn for a person to look at ----------------------------------------

SEED = ROOT / "seed_graphs" / "01-brightpath-youth-employment.json"
ARTIFACTS = ROOT / "test-artifacts"
# own statuses, dealt in turn to the boxes that have indicators
DEAL = ["on_track", "on_track", "behind", "on_track", "no_recent_data", "on_track",
        "off_track", "on_track", None]  # fmt: skip


def seeded_progress() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(document, meta, progress by box) of the BrightPath seed with dealt statuses, rolled
    up along its paths by the domain."""
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    G = model.from_document(seed)
    with_indicators = [n for n, d in G.nodes(data=True) if d.get("indicators")]
    own = {n: DEAL[i % len(DEAL)] for i, n in enumerate(with_indicators)}
    labels = {n: G.nodes[n]["label"] for n in G}
    wire = to_wire(date(2026, 1, 20), {}, roll_up(G, own), labels)
    meta = {"title": seed["title"], "org": "brightpath", "graph": "youth-employment",
            "date": "2026-01-20", "as_of": "2026-01-20"}  # fmt: skip
    return model.to_document(G), meta, wire["nodes"]


def test_a_seeded_toc_in_the_progress_theme() -> None:
    doc, meta, marks = seeded_progress()
    svg = render(doc, meta, "svg", theme="progress", progress=marks, trusted=True)
    pdf = render(doc, meta, "pdf", theme="progress", progress=marks, trusted=True)
    texts = _svg_texts(svg)
    shown = {n: t for n, t in texts.items() if not n.startswith("_")}
    assert len(shown) == len(doc["nodes"])
    for n, mark in marks.items():
        look = STATUS.get(mark["status"])
        assert (look is not None and look["word"] in shown[n]) or look is None
        assert (UPSTREAM_WORD in shown[n]) is (mark["upstream"] == "at_risk")
    assert sum(UPSTREAM_WORD in t for t in shown.values()) >= 5
    assert pdf.startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "progress-theme.svg").write_bytes(svg)
    (ARTIFACTS / "progress-theme.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed: SVG and PDF written, no PNG")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(ARTIFACTS / "progress-theme.pdf"),
         str(ARTIFACTS / "progress-theme")],
        check=True, timeout=120,
    )  # fmt: skip
    assert (ARTIFACTS / "progress-theme.png").read_bytes().startswith(b"\x89PNG")
