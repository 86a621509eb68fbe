"""The DOT we build, checked through Graphviz's own reading of it (``dot -Tjson0``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from tests.generate import generate
from tests.hostile_text import normalized
from tests.rendering.plain_dot import dot_json
from toc_editor.rendering import cache_key, render
from toc_editor.rendering.dot import HUGE_GRAPH, LARGE_GRAPH, THEMES, lane_of, to_dot


def _objects(data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(subgraphs, nodes) of a json0 layout."""
    cut = data["_subgraph_cnt"]
    return data["objects"][:cut], data["objects"][cut:]


def _pos(obj: dict[str, Any]) -> tuple[float, float]:
    x, y = obj["pos"].split(",")
    return float(x), float(y)


@pytest.fixture(scope="module")
def laid_out(small_doc: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    return dot_json(to_dot(small_doc, meta).source)


def test_each_lane_is_one_rank_and_lanes_climb_to_impact(
    small_doc: dict[str, Any], laid_out: dict[str, Any]
) -> None:
    _, nodes = _objects(laid_out)
    by_name = {n["name"]: n for n in nodes}
    ys: dict[str, set[float]] = defaultdict(set)
    for node in small_doc["nodes"]:
        ys[lane_of(node)].add(_pos(by_name[node["id"]])[1])
        ys[lane_of(node)].add(_pos(by_name[f"_lane_{lane_of(node)}"])[1])
    assert all(len(v) == 1 for v in ys.values()), ys
    order = ["activity", "output", "outcome_short", "outcome_medium", "outcome_long", "impact"]
    heights = [ys[lane].pop() for lane in order if lane in ys]
    assert heights == sorted(heights)  # Graphviz y grows upwards: impact on top (BT)
    assert len(heights) == 6


def test_left_to_right_puts_lanes_in_columns(small_doc: dict[str, Any]) -> None:
    _, nodes = _objects(dot_json(to_dot(small_doc, direction="LR").source))
    by_name = {n["name"]: n for n in nodes}
    act = {_pos(by_name[n["id"]])[0] for n in small_doc["nodes"] if n["kind"] == "activity"}
    imp = {_pos(by_name[n["id"]])[0] for n in small_doc["nodes"] if n["kind"] == "impact"}
    assert len(act) == 1 and len(imp) == 1 and act.pop() < imp.pop()


def test_shapes_and_fills_per_kind(small_doc: dict[str, Any], laid_out: dict[str, Any]) -> None:
    _, nodes = _objects(laid_out)
    by_name = {n["name"]: n for n in nodes}
    looks: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for node in small_doc["nodes"]:
        obj = by_name[node["id"]]
        looks[node["kind"]].add((obj["shape"], obj["style"], obj["fillcolor"]))
    assert all(len(v) == 1 for v in looks.values())
    assert len({next(iter(v)) for v in looks.values()}) == 4  # every kind looks different
    impact = next(n for n in small_doc["nodes"] if n["kind"] == "impact")
    assert by_name[impact["id"]]["peripheries"] == "2"  # double border


def test_outcomes_show_their_indicator_count(small_doc: dict[str, Any]) -> None:
    source = to_dot(small_doc).source
    for node in small_doc["nodes"]:
        if node["kind"] == "outcome":
            n = len(node["indicators"])
            assert f"{n} indicator{'' if n == 1 else 's'}" in source


def test_confidence_sets_width_and_dash(
    laid_out: dict[str, Any], small_doc: dict[str, Any]
) -> None:
    by_id = {e["id"]: e for e in laid_out["edges"] if "id" in e}
    for i, edge in enumerate(small_doc["edges"]):
        obj = by_id[f"e{i}"]
        conf = edge["confidence"]
        if conf is None:  # not rated: thin, grey and solid, never "weak evidence" dashes
            assert obj["style"] == "solid" and float(obj["penwidth"]) < 1.5
        elif conf < 40:
            assert obj["style"] == "dashed"
        else:
            assert obj["style"] == "solid"
            assert float(obj["penwidth"]) >= (2.5 if conf >= 70 else 1.5)


def test_legend_and_title(laid_out: dict[str, Any], meta: dict[str, Any]) -> None:
    subgraphs, nodes = _objects(laid_out)
    assert "cluster_legend" in {s["name"] for s in subgraphs}
    assert "_legend" in {n["name"] for n in nodes}
    label = laid_out["label"]
    assert meta["title"] in label and meta["commit"][:8] in label and meta["date"] in label
    assert meta["commit"][:9] not in label  # the short id only


def test_print_theme_is_greyscale(small_doc: dict[str, Any]) -> None:
    _, nodes = _objects(dot_json(to_dot(small_doc, theme="print").source))
    for obj in nodes:
        for key in ("fillcolor", "color", "fontcolor"):
            value = obj.get(key)
            if value and value.startswith("#"):
                r, g, b = value[1:3], value[3:5], value[5:7]
                assert r == g == b, (obj["name"], key, value)
    assert set(THEMES) >= {"light", "print"}


def test_large_graphs_get_tuned_settings() -> None:
    small = to_dot(normalized(generate(LARGE_GRAPH))).source
    large = to_dot(normalized(generate(LARGE_GRAPH + 1))).source
    for setting in ('mclimit="0.1"', 'nslimit="1"', 'searchsize="10"'):
        assert setting not in small and setting in large


def test_huge_graphs_place_nodes_with_fewer_iterations() -> None:
    large = to_dot(normalized(generate(HUGE_GRAPH))).source
    huge = to_dot(normalized(generate(HUGE_GRAPH + 1))).source
    assert 'nslimit="1"' in large and 'nslimit="0.2"' in huge


def test_empty_document_still_renders(meta: dict[str, Any]) -> None:
    svg = render({"nodes": [], "edges": []}, meta, "svg")
    assert b"<svg" in svg and meta["title"].encode() in svg


def test_output_is_deterministic(small_doc: dict[str, Any], meta: dict[str, Any]) -> None:
    assert to_dot(small_doc, meta).source == to_dot(small_doc, meta).source


def test_bad_options_are_refused(small_doc: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        to_dot(small_doc, direction="XX")
    with pytest.raises(ValueError):
        to_dot(small_doc, theme="neon")
    with pytest.raises(ValueError):
        render(small_doc, None, "gif")
    with pytest.raises(ValueError):
        render(small_doc, None, "png", dpi=10_000)


def test_dot_format_is_the_source(small_doc: dict[str, Any], meta: dict[str, Any]) -> None:
    assert render(small_doc, meta, "dot").decode() == to_dot(small_doc, meta).source


def test_cache_key_depends_on_everything() -> None:
    base = cache_key("c1", "svg", {"theme": "light", "direction": "BT"})
    assert base == cache_key("c1", "svg", {"direction": "BT", "theme": "light"})
    assert base != cache_key("c2", "svg", {"theme": "light", "direction": "BT"})
    assert base != cache_key("c1", "png", {"theme": "light", "direction": "BT"})
    assert base != cache_key("c1", "svg", {"theme": "print", "direction": "BT"})
