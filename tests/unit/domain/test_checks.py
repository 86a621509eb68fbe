"""Quality findings: each code fires when it should and stays quiet when it should not."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings

from toc_editor.domain import model
from toc_editor.domain.checks import CODES, findings

from .strategies import SLOW_DATA, documents


def N(nid, kind, label=None, **fields):
    return {"id": nid, "kind": kind, "label": label or nid.upper(), **fields}


def E(source, target, eid=None):
    return {"id": eid or f"{source}-{target}", "source": source, "target": target}


MEASURED = {"indicators": [{"name": "Score"}]}  # ids made per node: unique per graph

# activity -> output -> outcome (measured) -> impact: nothing to say.
CLEAN = {
    "nodes": [
        N("a", "activity"),
        N("p", "output"),
        N("o", "outcome", horizon="short", **MEASURED),
        N("i", "impact"),
    ],
    "edges": [E("a", "p"), E("p", "o"), E("o", "i")],
}


def graph(*, nodes=(), edges=(), drop_edges=(), drop_nodes=()):
    doc = {
        "nodes": [n for n in CLEAN["nodes"] if n["id"] not in drop_nodes] + list(nodes),
        "edges": [
            e
            for e in CLEAN["edges"]
            if e["id"] not in drop_edges
            and e["source"] not in drop_nodes
            and e["target"] not in drop_nodes
        ]
        + list(edges),
    }
    return model.from_document(doc)


def codes(G):
    return [f["code"] for f in findings(G)]


def of_code(G, code):
    return [f for f in findings(G) if f["code"] == code]


def test_clean_graph_has_no_findings():
    assert findings(graph()) == []


def test_empty_graph_has_no_findings():
    assert findings(model.empty()) == []


def test_finding_shape():
    (f,) = of_code(graph(drop_nodes=["i"]), "no_impact")
    assert set(f) == {"code", "severity", "message", "nodes", "edges"}
    assert (f["severity"], f["nodes"], f["edges"]) == ("error", [], [])


# -- no_impact --------------------------------------------------------------------------


def test_no_impact_fires_without_impact():
    assert codes(graph(drop_nodes=["i"])) == ["no_impact"]


def test_no_impact_silences_path_findings():
    found = codes(graph(drop_nodes=["i"]))
    assert "no_path_to_impact" not in found
    assert "impact_unreached" not in found


def test_no_impact_quiet_with_impact():
    assert "no_impact" not in codes(graph())


# -- no_path_to_impact ------------------------------------------------------------------


def test_no_path_to_impact_fires_for_a_dead_end():
    G = graph(nodes=[N("x", "output", "Leaflets")], edges=[E("a", "x")])
    (f,) = of_code(G, "no_path_to_impact")
    assert (f["nodes"], f["severity"]) == (["x"], "warning")
    assert "Leaflets" in f["message"]


def test_no_path_to_impact_quiet_when_path_exists():
    G = graph(nodes=[N("x", "output")], edges=[E("a", "x"), E("x", "o")])
    assert of_code(G, "no_path_to_impact") == []


def test_no_path_to_impact_not_for_impacts():
    G = graph(nodes=[N("j", "impact")])
    assert all("j" not in f["nodes"] for f in of_code(G, "no_path_to_impact"))


# -- activity_leads_nowhere -------------------------------------------------------------


def test_activity_leads_nowhere_fires():
    G = graph(nodes=[N("b", "activity")])
    assert [f["nodes"] for f in of_code(G, "activity_leads_nowhere")] == [["b"]]


def test_activity_leads_nowhere_quiet_with_an_out_edge():
    G = graph(nodes=[N("b", "activity")], edges=[E("b", "p")])
    assert of_code(G, "activity_leads_nowhere") == []


def test_activity_with_only_an_in_edge_still_leads_nowhere():
    G = graph(nodes=[N("b", "activity")], edges=[E("a", "b")])
    assert [f["nodes"] for f in of_code(G, "activity_leads_nowhere")] == [["b"]]


# -- outcome_without_indicators ---------------------------------------------------------


def test_outcome_without_indicators_fires():
    G = graph(nodes=[N("q", "outcome")], edges=[E("q", "i")])
    assert [f["nodes"] for f in of_code(G, "outcome_without_indicators")] == [["q"]]


def test_outcome_without_indicators_quiet_when_measured():
    G = graph(nodes=[N("q", "outcome", **MEASURED)], edges=[E("q", "i")])
    assert of_code(G, "outcome_without_indicators") == []


def test_outcome_without_indicators_only_for_outcomes():
    G = graph(nodes=[N("x", "output")], edges=[E("x", "o")])
    assert of_code(G, "outcome_without_indicators") == []


# -- impact_unreached -------------------------------------------------------------------


def test_impact_unreached_fires_for_an_impact_no_activity_reaches():
    G = graph(nodes=[N("j", "impact"), N("q", "outcome", **MEASURED)], edges=[E("q", "j")])
    assert [f["nodes"] for f in of_code(G, "impact_unreached")] == [["j"]]


def test_impact_unreached_quiet_when_an_activity_reaches_it():
    assert of_code(graph(), "impact_unreached") == []


def test_impact_unreached_when_chain_is_cut():
    G = graph(drop_edges=["p-o"])
    assert [f["nodes"] for f in of_code(G, "impact_unreached")] == [["i"]]


# -- cycle ------------------------------------------------------------------------------


def test_cycle_fires_with_its_nodes_and_edges():
    G = graph(edges=[E("o", "p")])
    (f,) = of_code(G, "cycle")
    assert f["nodes"] == ["o", "p"]
    assert f["edges"] == ["o-p", "p-o"]


def test_cycle_quiet_on_a_dag():
    assert of_code(graph(nodes=[N("x", "output")], edges=[E("a", "x"), E("x", "o")]), "cycle") == []


def test_two_separate_cycles_are_two_findings_in_node_order():
    G = graph(
        nodes=[N("x", "output"), N("y", "output")],
        edges=[E("o", "p"), E("x", "y"), E("y", "x"), E("a", "x"), E("y", "o")],
    )
    assert [f["nodes"] for f in of_code(G, "cycle")] == [["o", "p"], ["x", "y"]]


# -- backwards_edge ---------------------------------------------------------------------


def test_backwards_edge_fires_down_the_chain():
    G = graph(edges=[E("o", "p")])
    (f,) = of_code(G, "backwards_edge")
    assert (f["nodes"], f["edges"], f["severity"]) == (["o", "p"], ["o-p"], "info")


def test_backwards_edge_between_outcome_horizons():
    G = graph(
        nodes=[N("l", "outcome", horizon="long", **MEASURED)], edges=[E("l", "o"), E("a", "l")]
    )
    assert [f["edges"] for f in of_code(G, "backwards_edge")] == [["l-o"]]


def test_backwards_edge_quiet_forward_and_sideways():
    G = graph(
        nodes=[N("b", "activity"), N("m", "outcome", horizon="medium", **MEASURED)],
        edges=[E("a", "b"), E("b", "p"), E("o", "m"), E("m", "i"), E("a", "i")],
    )
    assert of_code(G, "backwards_edge") == []


def test_outcome_without_horizon_sits_with_medium():
    G = graph(
        nodes=[N("q", "outcome", **MEASURED), N("m", "outcome", horizon="medium", **MEASURED)],
        edges=[E("a", "q"), E("q", "m"), E("m", "q"), E("m", "i")],
    )
    assert of_code(G, "backwards_edge") == []


# -- duplicate_label --------------------------------------------------------------------


def test_duplicate_label_fires_ignoring_case_and_spaces():
    G = graph(
        nodes=[N("x", "output", "  workshops   HELD"), N("y", "output", "Workshops held")],
        edges=[E("a", "x"), E("x", "o"), E("a", "y"), E("y", "o")],
    )
    (f,) = of_code(G, "duplicate_label")
    assert f["nodes"] == ["x", "y"]
    assert f["message"].startswith("2 nodes")


def test_duplicate_label_quiet_for_distinct_labels():
    assert of_code(graph(), "duplicate_label") == []


def test_duplicate_label_message_does_not_depend_on_insertion_order():
    nodes = [N("x", "output", "Workshops HELD"), N("y", "output", "workshops held")]
    first = findings(graph(nodes=nodes))
    second = findings(graph(nodes=nodes[::-1]))
    assert first == second


# -- ordering ---------------------------------------------------------------------------

MESSY = {
    "nodes": [
        N("a", "activity"),
        N("b", "activity", "Lone activity"),
        N("p", "output", "Same"),
        N("q", "output", "same"),
        N("o", "outcome", horizon="long"),
        N("s", "outcome", horizon="short"),
        N("i", "impact"),
        N("j", "impact", "Unreached"),
    ],
    "edges": [E("a", "p"), E("p", "o"), E("o", "s"), E("s", "p"), E("o", "i"), E("q", "s")],
}


def test_findings_are_errors_then_warnings_then_info():
    order = {"error": 0, "warning": 1, "info": 2}
    severities = [order[f["severity"]] for f in findings(model.from_document(MESSY))]
    assert severities == sorted(severities)


def test_findings_follow_code_order_within_a_severity():
    found = findings(model.from_document(MESSY))
    ranks = [
        ({"error": 0, "warning": 1, "info": 2}[f["severity"]], CODES.index(f["code"]))
        for f in found
    ]
    assert ranks == sorted(ranks)


def test_messy_graph_findings():
    found = findings(model.from_document(MESSY))
    assert [(f["code"], f["nodes"], f["edges"]) for f in found] == [
        ("no_path_to_impact", ["b"], []),
        ("activity_leads_nowhere", ["b"], []),
        ("outcome_without_indicators", ["o"], []),
        ("outcome_without_indicators", ["s"], []),
        ("impact_unreached", ["j"], []),
        ("cycle", ["o", "p", "s"], ["o-s", "p-o", "s-p"]),
        ("backwards_edge", ["o", "s"], ["o-s"]),
        ("backwards_edge", ["s", "p"], ["s-p"]),
        ("duplicate_label", ["p", "q"], []),
    ]


@pytest.mark.parametrize("seed", range(5))
def test_order_does_not_depend_on_document_order(seed):
    shuffled = {key: random.Random(seed).sample(items, len(items)) for key, items in MESSY.items()}
    assert findings(model.from_document(shuffled)) == findings(model.from_document(MESSY))


def test_long_labels_are_shortened_in_messages():
    G = graph(nodes=[N("x", "output", "y" * 200)], edges=[E("a", "x")])
    (f,) = of_code(G, "no_path_to_impact")
    assert "y" * 57 + "..." in f["message"]
    assert "y" * 58 not in f["message"]


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW_DATA)
@given(documents(max_nodes=10))
def test_findings_are_stable_and_well_formed(doc):
    G = model.from_document(doc)
    found = findings(G)
    reordered = {key: items[::-1] for key, items in doc.items()}
    assert findings(model.from_document(reordered)) == found
    for f in found:
        assert f["code"] in CODES
        assert set(f["nodes"]) <= set(G)
        assert set(f["edges"]) <= set(G.graph["edge_ids"])
