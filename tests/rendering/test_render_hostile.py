"""The hostile corpus: user text reaches DOT only escaped inside labels and tooltips,
every string renders, the SVG served is inert, and Graphviz reads no file."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.hostile_text import HOSTILE, hostile_doc, normalized
from tests.rendering.dot_lexer import attributes, tokens
from tests.rendering.plain_dot import dot_json
from toc_editor.domain.errors import InvalidEntity
from toc_editor.domain.model import ID_PATTERN, from_document
from toc_editor.rendering import render
from toc_editor.rendering.dot import to_dot
from toc_editor.rendering.dot_writer import ALLOWED_ATTRS, LABEL_MAX, TEXT_ATTRS, WRAP_WIDTH
from toc_editor.rendering.runner import run_dot
from toc_editor.rendering.text import clean, wrap

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
FORBIDDEN = {"image", "imagepath", "shapefile", "fontpath", "stylesheet", "URL", "href"}
MARK = "ZQXJ"


def test_corpus_is_big_enough() -> None:
    assert len(HOSTILE) >= 40
    assert any(len(t) >= 300 for t in HOSTILE)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "ftp://example.org/x",
        "http://exa mple.org",
    ],
)
def test_model_rejects_non_http_evidence_urls(url: str) -> None:
    doc = {
        "nodes": [
            {"id": "a", "kind": "activity", "label": "a"},
            {"id": "b", "kind": "outcome", "label": "b"},
        ],
        "edges": [
            {"id": "e", "source": "a", "target": "b", "evidence": [{"title": "t", "url": url}]}
        ],
    }
    with pytest.raises(InvalidEntity) as err:
        from_document(doc)
    assert err.value.where == "edges/0/evidence/0/url"


def _svg_ok(svg: bytes) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    for elem in root.iter():
        local = elem.tag.rsplit("}", 1)[-1]
        assert local not in ("script", "foreignObject", "iframe", "set", "animate")
        for key, value in elem.attrib.items():
            name = key.rsplit("}", 1)[-1].lower()
            assert not name.startswith("on"), (key, value)
            if name == "href":
                assert re.match(r"^(https?://|#)", value), value
    return root


def _node_texts(root: ET.Element) -> dict[str, str]:
    """SVG title (the DOT node name) -> its text lines joined with newlines."""
    out = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") != "node":
            continue
        title = g.find(f"{SVG}title")
        assert title is not None
        out[title.text or ""] = "\n".join(t.text or "" for t in g.iter(f"{SVG}text"))
    return out


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_each_hostile_string_renders_inert_svg_showing_the_text(index: int) -> None:
    text = HOSTILE[index]
    doc = hostile_doc([text], long_text=False)
    root = _svg_ok(render(doc, {"title": text, "org": text, "commit": text}, "svg"))
    texts = _node_texts(root)
    shown = wrap(clean(text[:300] or "x", LABEL_MAX), WRAP_WIDTH)
    # the activity shows exactly the cleaned, wrapped label: no \N, \G, entity or
    # HTML interpretation, nothing injected
    assert texts["h0-a"] == "\n".join(line for line in shown if line)
    assert set(texts) >= {"h0-a", "h0-o", "h0-i"}
    assert not [k for k in texts if not (ID_PATTERN.match(k) or k.startswith("_"))]


@pytest.fixture(scope="module")
def marked() -> dict[str, Any]:
    return hostile_doc([f"{MARK}{t}" for t in HOSTILE])


def test_user_text_only_inside_label_and_tooltip_values(marked: dict[str, Any]) -> None:
    source = to_dot(marked, {"title": MARK + '"] evil', "org": MARK}).source
    toks = tokens(source)
    inside_text_attr = set()
    for key, value in attributes(toks):
        assert key in ALLOWED_ATTRS, key
        assert key not in FORBIDDEN
        if key in TEXT_ATTRS:
            inside_text_attr.add(id(value))
            assert value.kind in ("string", "html"), (key, value)
    for tok in toks:
        if MARK in tok.text:
            assert tok.kind == "string" and id(tok) in inside_text_attr, tok
        if tok.kind == "id":
            assert tok.text not in FORBIDDEN
        if tok.kind == "html":  # only the legend, which has no user text
            assert MARK not in tok.text
    assert source.count(MARK) >= len(HOSTILE) * 3


def test_no_injected_nodes_or_edges(marked: dict[str, Any]) -> None:
    graph = to_dot(marked, {"title": MARK})
    data = dot_json(graph.source)
    names = [o["name"] for o in data["objects"][data["_subgraph_cnt"] :]]
    doc_ids = {n["id"] for n in marked["nodes"]}
    assert doc_ids <= set(names)
    extras = [n for n in names if n not in doc_ids]
    # lane headers, row anchors of wrapped lanes (the corpus is big enough to wrap)
    assert all(n.startswith(("_lane_", "_row_")) or n == "_legend" for n in extras), extras
    edge_ids = {e.get("id") for e in data["edges"]}
    assert {f"e{i}" for i in range(len(marked["edges"]))} <= edge_ids
    anchors = [n for n in extras if n.startswith(("_lane_", "_row_"))]
    assert len(data["edges"]) == len(marked["edges"]) + len(anchors) - 1
    for obj in data["objects"][data["_subgraph_cnt"] :]:
        assert not FORBIDDEN & set(obj), obj["name"]


def test_whole_corpus_renders_in_every_format(marked: dict[str, Any]) -> None:
    meta = {"title": MARK + HOSTILE[8], "org": HOSTILE[0], "commit": HOSTILE[3], "date": "x"}
    _svg_ok(render(marked, meta, "svg"))
    assert render(marked, meta, "png", dpi=36).startswith(b"\x89PNG")
    assert render(marked, meta, "pdf").startswith(b"%PDF")


def test_rendered_svg_carries_no_raw_markup(marked: dict[str, Any]) -> None:
    raw = render(marked, {"title": "t"}, "svg")
    _svg_ok(raw)  # no script element, no on* attribute, no non-http(s) link
    svg = raw.decode()
    assert "<script" not in svg.lower() and "<foreignobject" not in svg.lower()
    # markup characters from user text arrive escaped, as text
    assert "&lt;script&gt;" in svg
    for bad in ("\u202e", "\u2066", "\x00", "\x1b", "\ufeff"):
        assert bad not in svg


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_graphviz_opens_no_file_named_by_user_text(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    texts = [
        f'image="{secret}"',
        f'"]; x [image="{secret}" shapefile="{secret}"]; "',
        f'<IMG SRC="{secret}"/>',
        f"imagepath={tmp_path} {secret}",
    ]
    doc = hostile_doc(texts, long_text=False)
    log = tmp_path / "strace.log"
    wrapper = tmp_path / "dot-under-strace"
    trace = "-f -qq -e trace=open,openat,stat,access"
    wrapper.write_text(f'#!/bin/sh\nexec strace {trace} -o {log} /usr/bin/dot "$@"\n')
    wrapper.chmod(0o755)
    source = to_dot(doc, {"title": str(secret)}).source
    try:
        run_dot(source, "svg", binary=str(wrapper), timeout=60)
    except Exception as exc:  # pragma: no cover - ptrace may be forbidden
        pytest.skip(f"strace cannot run here: {exc}")
    opened = log.read_text()
    assert "openat" in opened or "open(" in opened
    assert str(secret) not in opened
    assert str(tmp_path) + '"' not in opened.replace(str(log), "")


def test_safe_mode_blocks_image_files_even_in_raw_dot(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    # bypass the builder: if an image attribute ever slipped through, safe mode holds
    out = run_dot(f'digraph {{ a [image="{secret}"]; }}', "svg")
    assert str(secret).encode() not in out
    proc = subprocess.run(
        ["/usr/bin/dot", "-Tsvg"],
        input=f'digraph {{ a [image="{secret}"]; }}'.encode(),
        capture_output=True,
        env={"PATH": "/usr/bin", "SERVER_NAME": "toc-editor"},
        check=False,
    )
    assert b"file loading is disabled" in proc.stderr


def test_ids_outside_the_model_pattern_are_refused() -> None:
    doc = {"nodes": [{"id": 'a" ; evil', "kind": "activity", "label": "x"}], "edges": []}
    with pytest.raises(ValueError):
        to_dot(doc)
    with pytest.raises(InvalidEntity):
        render(doc)
    assert normalized({"nodes": [], "edges": []}) == {"nodes": [], "edges": []}
