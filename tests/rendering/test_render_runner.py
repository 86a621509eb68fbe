"""The dot subprocess (timeouts, failures, limits), the SVG sanitiser and layout JSON."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from tests.generate import generate
from tests.hostile_text import normalized
from toc_editor.rendering import layout, render
from toc_editor.rendering.dot import to_dot
from toc_editor.rendering.errors import RenderFailed, RenderTimeout
from toc_editor.rendering.runner import run_dot
from toc_editor.rendering.svg import sanitize_svg


def test_timeout_raises_render_timeout_with_the_seconds() -> None:
    source = to_dot(normalized(generate(400, seed=2))).source
    start = time.monotonic()
    with pytest.raises(RenderTimeout) as err:
        run_dot(source, "svg", timeout=0.05)
    assert time.monotonic() - start < 5  # the child was killed, not waited for
    assert "0.05 seconds" in str(err.value)
    assert err.value.seconds == 0.05


def test_timeout_through_the_facade() -> None:
    with pytest.raises(RenderTimeout):
        render(generate(400, seed=2), None, "png", timeout=0.05)


def test_broken_dot_raises_render_failed() -> None:
    with pytest.raises(RenderFailed) as err:
        run_dot("digraph { a -> ", "svg")
    assert "syntax error" in err.value.stderr


def test_memory_limit_turns_into_render_failed() -> None:
    source = to_dot(normalized(generate(60))).source
    with pytest.raises(RenderFailed):
        run_dot(source, "png", memory=20 * 1024**2)


def test_missing_binary_raises_render_failed() -> None:
    with pytest.raises(RenderFailed):
        run_dot("digraph {}", "svg", binary="/nonexistent/dot")


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        run_dot("digraph {}", "gif")


def test_png_dpi_scales_the_picture(small_doc: dict[str, Any]) -> None:
    def width(png: bytes) -> int:
        return int.from_bytes(png[16:20], "big")

    low, high = render(small_doc, None, "png", dpi=48), render(small_doc, None, "png", dpi=96)
    assert 1.8 < width(high) / width(low) < 2.2


DIRTY = b"""<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     onload="alert(1)" width="10" height="10">
  <script>alert(1)</script>
  <?xml-stylesheet href="evil.css"?>
  <!-- comment -->
  <g id="a" onclick="alert(2)" style="fill:url(javascript:alert(3))">
    <a xlink:href="javascript:alert(4)" href="data:text/html,x"><text>one</text></a>
    <a xlink:href="https://example.org/ok" target="_blank"><text>two</text></a>
    <a href="#local"><text>three</text></a>
    <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
    <set attributeName="href" to="javascript:alert(5)"/>
    <animate attributeName="href" values="javascript:alert(6)"/>
    <image xlink:href="file:///etc/passwd"/>
    <use xlink:href="http://evil.example/x.svg#a"/>
    <iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(7)"/>
    <polygon fill="#fff" points="0,0 1,1"/>
  </g>
</svg>"""


def test_sanitiser_removes_everything_active() -> None:
    clean = sanitize_svg(DIRTY)
    root = ET.fromstring(clean)
    tags = {e.tag.rsplit("}", 1)[-1] for e in root.iter()}
    assert tags == {"svg", "g", "a", "text", "polygon"}
    attrs = [(k, v) for e in root.iter() for k, v in e.attrib.items()]
    assert not [k for k, _ in attrs if k.rsplit("}", 1)[-1].startswith("on")]
    hrefs = [v for k, v in attrs if k.endswith("href")]
    assert hrefs == ["https://example.org/ok", "#local"]
    assert b"javascript" not in clean and b"DOCTYPE" not in clean and b"comment" not in clean
    assert root.get("width") == "10"


@pytest.mark.parametrize(
    "data",
    [
        b"not xml",
        b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><svg>&b;</svg>',
        b'<html xmlns="http://www.w3.org/1999/xhtml"/>',
    ],
)
def test_sanitiser_refuses_what_is_not_plain_svg(data: bytes) -> None:
    with pytest.raises(RenderFailed):
        sanitize_svg(data)


def test_layout_has_every_node_and_edge_with_y_flipped(
    small_doc: dict[str, Any], meta: dict[str, Any]
) -> None:
    lay = layout(small_doc, meta)
    assert set(lay["nodes"]) == {n["id"] for n in small_doc["nodes"]}
    assert set(lay["edges"]) == {e["id"] for e in small_doc["edges"]}
    for box in lay["nodes"].values():
        assert 0 <= box["x"] <= lay["width"] and 0 <= box["y"] <= lay["height"]
        assert box["width"] > 0 and box["height"] > 0
    kinds = {n["id"]: n["kind"] for n in small_doc["nodes"]}
    ys = {k: {lay["nodes"][i]["y"] for i in kinds if kinds[i] == k} for k in set(kinds.values())}
    assert max(ys["impact"]) < min(ys["outcome"]) < max(ys["outcome"]) < min(ys["activity"])
    for edge in small_doc["edges"]:
        spline = lay["edges"][edge["id"]]
        assert len(spline["points"]) % 3 == 1 and len(spline["points"]) >= 4
        src, dst = lay["nodes"][edge["source"]], lay["nodes"][edge["target"]]
        start, tip = spline["points"][0], spline["tip"] or spline["points"][-1]
        # starts at the source's box and ends at the target's box (screen coordinates)
        assert abs(start[1] - src["y"]) <= src["height"] / 2 + 2
        assert abs(tip[1] - dst["y"]) <= dst["height"] / 2 + 2
    assert set(lay["lanes"]) >= {"activity", "impact"}


def test_json_format_is_the_layout(small_doc: dict[str, Any]) -> None:
    data = json.loads(render(small_doc, None, "json"))
    assert data == layout(small_doc)
