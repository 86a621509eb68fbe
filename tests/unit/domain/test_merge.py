"""Three-way merge, as a table of (base, ours, theirs) -> expected, run in both orders.

In the style of excalidraw's ``reconcile.test.ts``: every case names the ops each side
made on one base document, and either the merged document (given as the ops that build it
from the base) or the conflicts still open, as ``(kind, entity, entity_id, field)``.
Each case runs as written and with the sides swapped (resolutions swap ``ours`` and
``theirs`` too): the merged graph and the conflict ids must not depend on the order.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toc_editor.domain import model, ops
from toc_editor.domain.delta import Delta, patch
from toc_editor.domain.merge import CONFLICT_KINDS, conflict_id, merge, validate_delta

from .strategies import SLOW_DATA, graphs, op_batches

BASE = {
    "nodes": [
        {"id": "a", "kind": "activity", "label": "Run workshops", "description": "Weekly"},
        {"id": "p", "kind": "output", "label": "Workshops held"},
        {"id": "o", "kind": "outcome", "label": "Confidence", "horizon": "short"},
        {"id": "s", "kind": "outcome", "label": "Skills"},
        {"id": "m", "kind": "outcome", "label": "Employment", "horizon": "medium"},
        {"id": "i", "kind": "impact", "label": "Fewer young people NEET"},
    ],
    "edges": [
        {"id": "e1", "source": "a", "target": "p", "confidence": 70},
        {"id": "e2", "source": "p", "target": "o", "rationale": "Practice builds confidence"},
        {"id": "e3", "source": "o", "target": "m"},
        {"id": "e4", "source": "m", "target": "i"},
        {"id": "e5", "source": "p", "target": "s"},
    ],
}


# -- op shorthands ----------------------------------------------------------------------


def add(nid: str, kind: str = "output", label: str = "New", **fields: Any) -> dict[str, Any]:
    return {"op": "add_node", "node": {"id": nid, "kind": kind, "label": label, **fields}}


def upd(nid: str, **fields: Any) -> dict[str, Any]:
    return {"op": "update_node", "id": nid, "set": fields}


def rm(nid: str) -> dict[str, Any]:
    return {"op": "remove_node", "id": nid}


def add_e(eid: str, source: str, target: str, **fields: Any) -> dict[str, Any]:
    return {"op": "add_edge", "edge": {"id": eid, "source": source, "target": target, **fields}}


def upd_e(eid: str, **fields: Any) -> dict[str, Any]:
    return {"op": "update_edge", "id": eid, "set": fields}


def rm_e(eid: str) -> dict[str, Any]:
    return {"op": "remove_edge", "id": eid}


Key = tuple[str, str, str, str | None]


@dataclass
class Case:
    name: str
    ours: list[dict[str, Any]]
    theirs: list[dict[str, Any]]
    merged: list[dict[str, Any]] | None = None  # ops on BASE that build the expected result
    conflicts: list[Key] | None = None  # the conflicts left open (then merged is not checked)
    resolve: dict[Key, tuple[str, Any]] = field(default_factory=dict)


FAST_FORWARD = [
    add("n", "outcome", "Belonging", horizon="long"),
    add_e("x", "a", "n", rationale="Group work"),
    rm_e("e5"),
    upd_e("e1", confidence=90),
    upd("a", tags=["youth"]),
]
NEW_N = {"id": "n", "kind": "outcome", "label": "Belonging"}

CASES = [
    # -- one side, or the same change on both -------------------------------------------
    Case("nothing_changed", [], [], merged=[]),
    Case(
        "ours_only_label",
        [upd("o", label="Self-confidence")],
        [],
        merged=[upd("o", label="Self-confidence")],
    ),
    Case("fast_forward_theirs_empty", FAST_FORWARD, [], merged=FAST_FORWARD),
    Case("already_merged_same_batch", FAST_FORWARD, FAST_FORWARD, merged=FAST_FORWARD),
    Case(
        "both_same_label",
        [upd("o", label="Belief")],
        [upd("o", label="Belief")],
        merged=[upd("o", label="Belief")],
    ),
    Case("both_remove_same_node", [rm("m")], [rm("m")], merged=[rm("m")]),
    Case("both_remove_same_edge", [rm_e("e3")], [rm_e("e3")], merged=[rm_e("e3")]),
    Case(
        "both_clear_same_field",
        [upd("a", description=None)],
        [upd("a", description=None)],
        merged=[upd("a", description=None)],
    ),
    Case(
        "same_change_reached_differently",
        [upd("o", label="Tmp"), upd("o", label="Belief")],
        [upd("o", label="Belief")],
        merged=[upd("o", label="Belief")],
    ),
    # -- different changes that combine -------------------------------------------------
    Case(
        "different_fields_of_one_node",
        [upd("o", label="Belief")],
        [upd("o", description="Measured at exit")],
        merged=[upd("o", label="Belief", description="Measured at exit")],
    ),
    Case(
        "different_fields_of_one_edge",
        [upd_e("e2", rationale="Peer practice")],
        [upd_e("e2", confidence=40)],
        merged=[upd_e("e2", rationale="Peer practice", confidence=40)],
    ),
    Case(
        "list_field_and_horizon_of_one_outcome",
        [upd("s", tags=["core", "youth"])],
        [upd("s", horizon="long")],
        merged=[upd("s", tags=["core", "youth"], horizon="long")],
    ),
    Case(
        "reconnect_source_on_one_side_target_on_other",
        [upd_e("e3", source="s")],
        [upd_e("e3", target="i")],
        merged=[upd_e("e3", source="s", target="i")],
    ),
    Case("unrelated_nodes_removed", [rm("a")], [rm("i")], merged=[rm("a"), rm("i")]),
    Case(
        "both_add_different_nodes_and_edges",
        [add("n1"), add_e("x1", "a", "n1")],
        [add("n2", "impact"), add_e("x2", "n2", "i")],
        merged=[add("n1"), add_e("x1", "a", "n1"), add("n2", "impact"), add_e("x2", "n2", "i")],
    ),
    Case(
        "remove_edge_and_change_another",
        [rm_e("e1")],
        [upd_e("e2", relation="enables")],
        merged=[rm_e("e1"), upd_e("e2", relation="enables")],
    ),
    Case(
        "remove_node_and_change_an_unrelated_one",
        [rm("s")],
        [upd("m", label="Work")],
        merged=[rm("s"), upd("m", label="Work")],
    ),
    # -- both_changed -------------------------------------------------------------------
    Case(
        "both_changed_label",
        [upd("o", label="Belief")],
        [upd("o", label="Self-esteem")],
        conflicts=[("both_changed", "node", "o", "label")],
    ),
    Case(
        "both_changed_two_fields",
        [upd("a", label="Run clubs", description="Daily")],
        [upd("a", label="Run camps", description="Monthly")],
        conflicts=[
            ("both_changed", "node", "a", "description"),
            ("both_changed", "node", "a", "label"),
        ],
    ),
    Case(
        "both_changed_edge_confidence",
        [upd_e("e1", confidence=10)],
        [upd_e("e1", confidence=95)],
        conflicts=[("both_changed", "edge", "e1", "confidence")],
    ),
    Case(
        "both_changed_clear_against_change",
        [upd("a", description=None)],
        [upd("a", description="Daily")],
        conflicts=[("both_changed", "node", "a", "description")],
    ),
    Case(
        "both_changed_reconnect_target",
        [upd_e("e2", target="m")],
        [upd_e("e2", target="i")],
        conflicts=[("both_changed", "edge", "e2", "target")],
    ),
    Case(
        "both_changed_partial_resolution_leaves_the_rest",
        [upd("a", label="Run clubs", description="Daily")],
        [upd("a", label="Run camps", description="Monthly")],
        resolve={("both_changed", "node", "a", "label"): ("ours", None)},
        conflicts=[("both_changed", "node", "a", "description")],
    ),
    # -- delete_modify ------------------------------------------------------------------
    Case(
        "delete_modify_node",
        [rm("o")],
        [upd("o", label="Belief")],
        conflicts=[("delete_modify", "node", "o", None)],
    ),
    Case(
        "modify_delete_node",
        [upd("o", label="Belief")],
        [rm("o")],
        conflicts=[("delete_modify", "node", "o", None)],
    ),
    Case(
        "delete_modify_node_indicators",
        [rm("m")],
        [upd("m", indicators=[{"id": "i1", "name": "In work at 6 months"}])],
        conflicts=[("delete_modify", "node", "m", None)],
    ),
    Case(
        "delete_modify_edge",
        [rm_e("e2")],
        [upd_e("e2", rationale="Role play")],
        conflicts=[("delete_modify", "edge", "e2", None)],
    ),
    Case(
        "modify_delete_edge",
        [upd_e("e2", rationale="Role play")],
        [rm_e("e2")],
        conflicts=[("delete_modify", "edge", "e2", None)],
    ),
    Case(
        "delete_node_modify_its_edge",
        [rm("p")],
        [upd_e("e2", rationale="Role play")],
        conflicts=[
            ("dangling_edge", "edge", "e2", "source"),
            ("delete_modify", "edge", "e2", None),
        ],
    ),
    # -- add_add ------------------------------------------------------------------------
    Case(
        "add_add_same_node",
        [add("n", "impact", "Thriving")],
        [add("n", "impact", "Thriving")],
        merged=[add("n", "impact", "Thriving")],
    ),
    Case(
        "add_add_same_edge",
        [add_e("x", "a", "i", rationale="Long shot")],
        [add_e("x", "a", "i", rationale="Long shot")],
        merged=[add_e("x", "a", "i", rationale="Long shot")],
    ),
    Case(
        "add_add_different_node",
        [add("n", "impact", "Thriving")],
        [add("n", "impact", "Flourishing")],
        conflicts=[("add_add", "node", "n", None)],
    ),
    Case(
        "add_add_different_edge",
        [add_e("x", "a", "i", rationale="Long shot")],
        [add_e("x", "a", "i", confidence=20)],
        conflicts=[("add_add", "edge", "x", None)],
    ),
    # -- dangling_edge ------------------------------------------------------------------
    Case(
        "dangling_edge_target_removed",
        [add_e("x", "a", "m")],
        [rm("m")],
        conflicts=[("dangling_edge", "edge", "x", "target")],
    ),
    Case(
        "dangling_edge_source_removed",
        [add_e("x", "s", "i")],
        [rm("s")],
        conflicts=[("dangling_edge", "edge", "x", "source")],
    ),
    Case(
        "dangling_edge_both_ends_removed",
        [add_e("x", "s", "m")],
        [rm("s"), rm("m")],
        conflicts=[
            ("dangling_edge", "edge", "x", "source"),
            ("dangling_edge", "edge", "x", "target"),
        ],
    ),
    Case(
        "dangling_edge_reconnected_onto_removed_node",
        [upd_e("e1", target="m")],
        [rm("m")],
        conflicts=[("dangling_edge", "edge", "e1", "target")],
    ),
    Case(
        "dangling_edge_to_node_added_then_removed_is_fine",
        [add("n"), add_e("x", "a", "n"), rm("n")],
        [rm("m")],
        merged=[rm("m")],
    ),
    # -- invalid ------------------------------------------------------------------------
    Case(
        "invalid_same_pair_two_ids",
        [add_e("x1", "a", "o")],
        [add_e("x2", "a", "o")],
        conflicts=[("invalid", "edge", "x2", "target")],
    ),
    Case(
        "invalid_kind_activity_vs_horizon",
        [upd("s", kind="activity")],
        [upd("s", horizon="short")],
        conflicts=[("invalid", "node", "s", "horizon")],
    ),
    Case(
        "invalid_reconnect_onto_pair_the_other_side_took",
        [upd_e("e1", target="o")],
        [add_e("x", "a", "o")],
        conflicts=[("invalid", "edge", "x", "target")],
    ),
    Case(
        "invalid_self_loop_from_two_reconnects",
        [upd_e("e3", source="p")],
        [upd_e("e3", target="p")],
        conflicts=[("invalid", "edge", "e3", "target")],
    ),
    # -- resolutions --------------------------------------------------------------------
    Case(
        "resolve_both_changed_ours",
        [upd("o", label="Belief")],
        [upd("o", label="Self-esteem")],
        resolve={("both_changed", "node", "o", "label"): ("ours", None)},
        merged=[upd("o", label="Belief")],
    ),
    Case(
        "resolve_both_changed_theirs",
        [upd("o", label="Belief")],
        [upd("o", label="Self-esteem")],
        resolve={("both_changed", "node", "o", "label"): ("theirs", None)},
        merged=[upd("o", label="Self-esteem")],
    ),
    Case(
        "resolve_both_changed_value",
        [upd("o", label="Belief")],
        [upd("o", label="Self-esteem")],
        resolve={("both_changed", "node", "o", "label"): ("value", "Self-belief")},
        merged=[upd("o", label="Self-belief")],
    ),
    Case(
        "resolve_both_changed_each_field_its_own_way",
        [upd("a", label="Run clubs", description="Daily")],
        [upd("a", label="Run camps", description="Monthly")],
        resolve={
            ("both_changed", "node", "a", "label"): ("ours", None),
            ("both_changed", "node", "a", "description"): ("theirs", None),
        },
        merged=[upd("a", label="Run clubs", description="Monthly")],
    ),
    Case(
        "resolve_delete_modify_for_the_deletion",
        [rm("o")],
        [upd("o", label="Belief")],
        resolve={("delete_modify", "node", "o", None): ("ours", None)},
        merged=[rm("o")],
    ),
    # Keeping the changed node does not bring back the edges the deleting side removed.
    Case(
        "resolve_delete_modify_for_the_change",
        [rm("o")],
        [upd("o", label="Belief")],
        resolve={("delete_modify", "node", "o", None): ("theirs", None)},
        merged=[rm_e("e2"), rm_e("e3"), upd("o", label="Belief")],
    ),
    Case(
        "resolve_delete_modify_value_is_normalized",
        [rm("o")],
        [upd("o", label="Belief")],
        resolve={
            ("delete_modify", "node", "o", None): (
                "value",
                {"id": "o", "kind": "outcome", "label": "Chosen"},
            )
        },
        merged=[rm_e("e2"), rm_e("e3"), upd("o", label="Chosen", horizon=None)],
    ),
    Case(
        "resolve_delete_modify_edge_keep",
        [rm_e("e2")],
        [upd_e("e2", rationale="Role play")],
        resolve={("delete_modify", "edge", "e2", None): ("theirs", None)},
        merged=[upd_e("e2", rationale="Role play")],
    ),
    Case(
        "resolve_add_add_ours",
        [add("n", "impact", "Thriving")],
        [add("n", "impact", "Flourishing")],
        resolve={("add_add", "node", "n", None): ("ours", None)},
        merged=[add("n", "impact", "Thriving")],
    ),
    Case(
        "resolve_add_add_theirs",
        [add("n", "impact", "Thriving")],
        [add("n", "impact", "Flourishing")],
        resolve={("add_add", "node", "n", None): ("theirs", None)},
        merged=[add("n", "impact", "Flourishing")],
    ),
    Case(
        "resolve_add_add_value",
        [add_e("x", "a", "i", rationale="Long shot")],
        [add_e("x", "a", "i", confidence=20)],
        resolve={
            ("add_add", "edge", "x", None): (
                "value",
                {"id": "x", "source": "a", "target": "i", "confidence": 25},
            )
        },
        merged=[add_e("x", "a", "i", confidence=25)],
    ),
    Case(
        "resolve_dangling_keep_edge_restores_node",
        [add_e("x", "a", "m")],
        [rm("m")],
        resolve={("dangling_edge", "edge", "x", "target"): ("ours", None)},
        merged=[rm_e("e3"), rm_e("e4"), add_e("x", "a", "m")],
    ),
    Case(
        "resolve_dangling_drop_edge",
        [add_e("x", "a", "m")],
        [rm("m")],
        resolve={("dangling_edge", "edge", "x", "target"): ("theirs", None)},
        merged=[rm("m")],
    ),
    Case(
        "resolve_dangling_value",
        [add_e("x", "a", "m")],
        [rm("m")],
        resolve={
            ("dangling_edge", "edge", "x", "target"): (
                "value",
                {"id": "x", "source": "a", "target": "m", "rationale": "Chosen"},
            )
        },
        merged=[rm_e("e3"), rm_e("e4"), add_e("x", "a", "m", rationale="Chosen")],
    ),
    # Keeping x1 restores m; that must not hide x2's dangling end and keep it too.
    Case(
        "resolve_two_dangling_edges_keep_first_drop_second",
        [add_e("x1", "a", "m"), add_e("x2", "s", "m")],
        [rm("m")],
        resolve={
            ("dangling_edge", "edge", "x1", "target"): ("ours", None),
            ("dangling_edge", "edge", "x2", "target"): ("theirs", None),
        },
        merged=[rm_e("e3"), rm_e("e4"), add_e("x1", "a", "m")],
    ),
    Case(
        "resolve_two_dangling_edges_drop_first_keep_second",
        [add_e("x1", "a", "m"), add_e("x2", "s", "m")],
        [rm("m")],
        resolve={
            ("dangling_edge", "edge", "x1", "target"): ("theirs", None),
            ("dangling_edge", "edge", "x2", "target"): ("ours", None),
        },
        merged=[rm_e("e3"), rm_e("e4"), add_e("x2", "s", "m")],
    ),
    Case(
        "resolve_delete_node_modify_edge_keep_both",
        [rm("p")],
        [upd_e("e2", rationale="Role play")],
        resolve={
            ("delete_modify", "edge", "e2", None): ("theirs", None),
            ("dangling_edge", "edge", "e2", "source"): ("theirs", None),
        },
        merged=[rm_e("e1"), rm_e("e5"), upd_e("e2", rationale="Role play")],
    ),
    Case(
        "resolve_delete_node_modify_edge_drop_both",
        [rm("p")],
        [upd_e("e2", rationale="Role play")],
        resolve={
            ("delete_modify", "edge", "e2", None): ("ours", None),
            ("dangling_edge", "edge", "e2", "source"): ("ours", None),
        },
        merged=[rm("p")],
    ),
    Case(
        "resolve_invalid_pair_drop_one_edge",
        [add_e("x1", "a", "o")],
        [add_e("x2", "a", "o")],
        resolve={("invalid", "edge", "x2", "target"): ("ours", None)},
        merged=[add_e("x1", "a", "o")],
    ),
    Case(
        "resolve_invalid_kind_vs_horizon_by_value",
        [upd("s", kind="activity")],
        [upd("s", horizon="short")],
        resolve={
            ("invalid", "node", "s", "horizon"): (
                "value",
                {"id": "s", "kind": "outcome", "label": "Skills", "horizon": "short"},
            )
        },
        merged=[upd("s", horizon="short")],
    ),
    Case(
        "resolution_for_no_open_conflict_is_ignored",
        [upd("o", label="Belief")],
        [],
        resolve={("both_changed", "node", "o", "label"): ("theirs", None)},
        merged=[upd("o", label="Belief")],
    ),
]

SWAP_TAKE = {"ours": "theirs", "theirs": "ours", "value": "value"}


def doc(G):
    return model.to_document(G)


def keys(conflicts: list[dict[str, Any]]) -> list[Key]:
    return sorted((c["kind"], c["entity"], c["entity_id"], c["field"]) for c in conflicts)


def run(case: Case, swap: bool):
    base = model.from_document(BASE)
    ours, theirs = ops.plan(base, case.ours), ops.plan(base, case.theirs)
    resolutions = {conflict_id(*key): answer for key, answer in case.resolve.items()}
    if swap:
        ours, theirs = theirs, ours
        resolutions = {cid: (SWAP_TAKE[take], v) for cid, (take, v) in resolutions.items()}
    return base, merge(base, ours, theirs, resolutions)


def test_table_has_at_least_thirty_cases():
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)
    assert all((case.merged is None) != (case.conflicts is None) for case in CASES)


@pytest.mark.parametrize("swap", [False, True], ids=["ours_theirs", "theirs_ours"])
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_merge_table(case, swap):
    base, result = run(case, swap)
    if case.conflicts is not None:
        assert keys(result.conflicts) == sorted(case.conflicts)
        assert [c["id"] for c in result.conflicts] == sorted(
            conflict_id(*key) for key in case.conflicts
        )
    else:
        assert result.conflicts == []
        assert doc(patch(base, result.delta)) == doc(ops.apply(base, case.merged))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_merge_table_orders_agree(case):
    base, forward = run(case, swap=False)
    _, backward = run(case, swap=True)
    assert [c["id"] for c in forward.conflicts] == [c["id"] for c in backward.conflicts]
    if not forward.conflicts:
        assert doc(patch(base, forward.delta)) == doc(patch(base, backward.delta))


# -- conflict records -------------------------------------------------------------------


def conflicts_of(ours_ops, theirs_ops, resolutions=None):
    base = model.from_document(BASE)
    return merge(base, ops.plan(base, ours_ops), ops.plan(base, theirs_ops), resolutions).conflicts


def test_conflict_record_fields():
    (c,) = conflicts_of([upd("o", label="Belief")], [upd("o", label="Self-esteem")])
    assert c == {
        "id": conflict_id("both_changed", "node", "o", "label"),
        "kind": "both_changed",
        "entity": "node",
        "entity_id": "o",
        "field": "label",
        "base": "Confidence",
        "ours": "Belief",
        "theirs": "Self-esteem",
        "message": c["message"],
    }
    assert "label" in c["message"]


def test_conflict_sides_swap_with_the_order():
    (forward,) = conflicts_of([upd("o", label="Belief")], [upd("o", label="Self-esteem")])
    (backward,) = conflicts_of([upd("o", label="Self-esteem")], [upd("o", label="Belief")])
    assert (backward["ours"], backward["theirs"]) == (forward["theirs"], forward["ours"])
    assert backward["id"] == forward["id"]


def test_delete_modify_record_holds_whole_entities():
    base = model.from_document(BASE)
    (c,) = conflicts_of([rm("o")], [upd("o", label="Belief")])
    assert c["base"] == model.node(base, "o")
    assert c["ours"] is None
    assert c["theirs"] == {**model.node(base, "o"), "label": "Belief"}


def test_dangling_record_holds_the_edge():
    (c,) = conflicts_of([add_e("x", "a", "m")], [rm("m")])
    assert c["base"] is None
    assert c["ours"]["target"] == "m"
    assert c["theirs"] is None
    assert "m" in c["message"]


def test_invalid_record_holds_each_side():
    (c,) = conflicts_of([upd("s", kind="activity")], [upd("s", horizon="short")])
    assert c["ours"]["kind"] == "activity"
    assert c["theirs"]["horizon"] == "short"


def test_conflict_kinds_are_the_documented_ones():
    assert CONFLICT_KINDS == (
        "both_changed",
        "delete_modify",
        "add_add",
        "dangling_edge",
        "invalid",
    )


def test_conflict_ids_are_stable_across_runs():
    runs = [
        [c["id"] for c in conflicts_of(case.ours, case.theirs)] for case in CASES for _ in range(2)
    ]
    assert runs[0::2] == runs[1::2]


def test_conflict_ids_do_not_change_between_releases():
    """Clients keep conflict ids while they decide: the hash is part of the API."""
    assert conflict_id("both_changed", "node", "o", "label") == "c12ae4c834a29437"
    assert conflict_id("delete_modify", "node", "o", None) == "86b595f108c2e146"


def test_conflict_id_depends_on_every_part():
    ids = {
        conflict_id("both_changed", "node", "o", "label"),
        conflict_id("both_changed", "node", "o", "description"),
        conflict_id("both_changed", "node", "m", "label"),
        conflict_id("both_changed", "edge", "o", "label"),
        conflict_id("invalid", "node", "o", "label"),
        conflict_id("invalid", "node", "o", None),
    }
    assert len(ids) == 6


def test_conflicts_are_sorted_by_id():
    conflicts = conflicts_of(
        [upd("a", label="A1", description="D1"), upd("o", label="O1")],
        [upd("a", label="A2", description="D2"), upd("o", label="O2")],
    )
    assert [c["id"] for c in conflicts] == sorted(c["id"] for c in conflicts)
    assert len(conflicts) == 3


def test_invalid_conflicts_wait_for_the_others():
    """Validation runs only once the entity conflicts are answered."""
    ours = [upd("o", label="Belief"), add_e("x1", "a", "o")]
    theirs = [upd("o", label="Self-esteem"), add_e("x2", "a", "o")]
    assert keys(conflicts_of(ours, theirs)) == [("both_changed", "node", "o", "label")]
    answer = {conflict_id("both_changed", "node", "o", "label"): ("ours", None)}
    assert keys(conflicts_of(ours, theirs, answer)) == [("invalid", "edge", "x2", "target")]


def test_still_invalid_resolution_is_reported_with_both_sides():
    answer = {conflict_id("invalid", "edge", "x2", "target"): ("theirs", None)}
    (c,) = conflicts_of([add_e("x1", "a", "o")], [add_e("x2", "a", "o")], answer)
    assert c["kind"] == "invalid"
    assert c["ours"] is None
    assert c["theirs"]["id"] == "x2"


@pytest.mark.parametrize("value", ["junk", 3, None, ["o"], {"kind": "outcome"}])
def test_malformed_resolution_value_is_an_invalid_conflict(value):
    answer = {conflict_id("add_add", "node", "n", None): ("value", value)}
    conflicts = conflicts_of([add("n", label="One")], [add("n", label="Two")], answer)
    if value is None:  # "value": None means drop the node: a clean merge
        assert conflicts == []
    else:
        assert [c["kind"] for c in conflicts] == ["invalid"]


@pytest.mark.parametrize("value", ["junk", {"id": "x", "source": "a"}, {"source": 1}])
def test_malformed_edge_resolution_value_is_an_invalid_conflict(value):
    answer = {conflict_id("add_add", "edge", "x", None): ("value", value)}
    conflicts = conflicts_of([add_e("x", "a", "i")], [add_e("x", "a", "i", confidence=5)], answer)
    assert [c["kind"] for c in conflicts] == ["invalid"]


def test_resolution_value_with_another_id_is_invalid():
    answer = {
        conflict_id("add_add", "node", "n", None): (
            "value",
            {"id": "other", "kind": "impact", "label": "x"},
        )
    }
    conflicts = conflicts_of([add("n", label="One")], [add("n", label="Two")], answer)
    assert keys(conflicts) == [("invalid", "node", "n", "id")]


def test_resolution_value_gets_defaults_and_indicator_ids():
    base = model.from_document(BASE)
    value = {"id": "n", "kind": "outcome", "label": "x", "indicators": [{"name": "Score"}]}
    answer = {conflict_id("add_add", "node", "n", None): ("value", value)}
    result = merge(
        base,
        ops.plan(base, [add("n", label="One")]),
        ops.plan(base, [add("n", label="Two")]),
        answer,
    )
    merged = result.delta.nodes["n"]
    assert tuple(merged) == model.NODE_FIELDS
    assert model.ID_PATTERN.fullmatch(merged["indicators"][0]["id"])


def test_merge_does_not_change_its_inputs():
    base = model.from_document(BASE)
    ours = ops.plan(base, [rm("o"), add_e("x", "a", "m")])
    theirs = ops.plan(base, [upd("o", label="Belief"), rm("m")])
    saved = (doc(base), copy.deepcopy(ours), copy.deepcopy(theirs))
    merge(base, ours, theirs)
    assert (doc(base), ours, theirs) == saved


def test_merge_of_empty_deltas_is_empty():
    result = merge(model.from_document(BASE), Delta(), Delta())
    assert not result.delta
    assert result.conflicts == []


def test_validate_delta_of_valid_delta_is_empty():
    base = model.from_document(BASE)
    assert validate_delta(base, ops.plan(base, FAST_FORWARD)) == []


def test_validate_delta_reports_edge_left_on_removed_node():
    base = model.from_document(BASE)
    (problem,) = validate_delta(base, Delta(nodes={"i": None}))
    assert (problem["kind"], problem["entity_id"]) == ("invalid", "e4")


# -- properties -------------------------------------------------------------------------


@st.composite
def disjoint_sides(draw):
    """A base and two batches that touch disjoint node sets (and edges within them)."""
    G = draw(graphs(max_nodes=12))
    mine = draw(st.sets(st.sampled_from(sorted(G)))) if len(G) else set()
    ours = draw(op_batches(G, touch=mine, prefix="o", max_size=6))
    theirs = draw(op_batches(G, touch=set(G) - mine, prefix="t", max_size=6))
    return G, ours, theirs


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW_DATA)
@given(disjoint_sides())
def test_disjoint_changes_merge_cleanly_in_either_order(sides):
    G, ours, theirs = sides
    one_way = ops.apply(ops.apply(G, ours), theirs)
    other_way = ops.apply(ops.apply(G, theirs), ours)
    assert doc(one_way) == doc(other_way)
    for a, b in ((ours, theirs), (theirs, ours)):
        result = merge(G, ops.plan(G, a), ops.plan(G, b))
        assert result.conflicts == []
        assert doc(patch(G, result.delta)) == doc(one_way)


@st.composite
def any_sides(draw):
    """Two unrelated batches on one base; the same fresh ids invite add/add clashes."""
    G = draw(graphs(max_nodes=8))
    return G, draw(op_batches(G, max_size=5)), draw(op_batches(G, max_size=5))


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW_DATA)
@given(any_sides())
def test_merge_is_symmetric(sides):
    G, ours, theirs = sides
    forward = merge(G, ops.plan(G, ours), ops.plan(G, theirs))
    backward = merge(G, ops.plan(G, theirs), ops.plan(G, ours))
    assert keys(forward.conflicts) == keys(backward.conflicts)
    assert [c["id"] for c in forward.conflicts] == [c["id"] for c in backward.conflicts]
    if not forward.conflicts:
        merged = patch(G, forward.delta)
        assert doc(merged) == doc(patch(G, backward.delta))
        assert doc(model.from_document(doc(merged))) == doc(merged)  # a valid graph


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW_DATA)
@given(any_sides())
def test_answering_with_one_side_everywhere_converges(sides):
    """Answer every open conflict "ours", re-merge, repeat: a few rounds end the merge
    with a valid graph, or only ``invalid`` conflicts are left (ours' own view clashes)."""
    G, ours_ops, theirs_ops = sides
    ours, theirs = ops.plan(G, ours_ops), ops.plan(G, theirs_ops)
    answers: dict[str, tuple[str, Any]] = {}
    for _ in range(4):
        result = merge(G, ours, theirs, answers)
        if not result.conflicts:
            merged = patch(G, result.delta)
            assert doc(model.from_document(doc(merged))) == doc(merged)
            return
        new = {c["id"] for c in result.conflicts} - answers.keys()
        if not new:
            assert {c["kind"] for c in result.conflicts} == {"invalid"}
            return
        answers.update({cid: ("ours", None) for cid in new})
    pytest.fail(f"still open after 4 rounds: {keys(result.conflicts)}")


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW_DATA)
@given(graphs(max_nodes=10).flatmap(lambda G: st.tuples(st.just(G), op_batches(G))))
def test_fast_forward_and_already_merged(case):
    G, batch = case
    delta = ops.plan(G, batch)
    expected = doc(ops.apply(G, batch))
    for ours, theirs in ((delta, Delta()), (Delta(), delta), (delta, delta)):
        result = merge(G, ours, theirs)
        assert result.conflicts == []
        assert doc(patch(G, result.delta)) == expected


def test_conflict_messages_name_nodes_by_label_not_id():
    from toc_editor.domain.delta import Delta
    from toc_editor.domain.merge import merge
    from toc_editor.domain.model import from_document, node

    base = from_document(
        {
            "nodes": [
                {"id": "4f1c", "kind": "outcome", "label": "Young people gain digital skills"},
                {"id": "9ab2", "kind": "impact", "label": "Good work"},
            ],
            "edges": [{"id": "e", "source": "4f1c", "target": "9ab2"}],
        }
    )
    ours = Delta(nodes={"4f1c": {**node(base, "4f1c"), "label": "Digital skills for work"}})
    theirs = Delta(nodes={"4f1c": {**node(base, "4f1c"), "label": "Digital and work skills"}})
    [conflict] = merge(base, ours, theirs).conflicts
    assert "'Digital skills for work'" in conflict["message"] and "4f1c" not in conflict["message"]
