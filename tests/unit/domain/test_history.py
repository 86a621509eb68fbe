"""The commit DAG: merge bases, ancestry, first-parent chains."""

from __future__ import annotations

import pytest

from toc_editor.domain.history import (
    commit_dag,
    first_parent_chain,
    is_ancestor,
    merge_base,
    merge_bases,
)

#   a - b - c          linear
LINEAR = commit_dag([("a", []), ("b", ["a"]), ("c", ["b"])])

#   a - b - c          branched at b
#        \
#         d - e
BRANCHED = commit_dag([("a", []), ("b", ["a"]), ("c", ["b"]), ("d", ["b"]), ("e", ["d"])])

#   a - b - c - m - n   d merged into main at m
#        \     /
#         d - e - f
MERGED = commit_dag(
    [
        ("a", []),
        ("b", ["a"]),
        ("c", ["b"]),
        ("d", ["b"]),
        ("e", ["d"]),
        ("m", ["c", "e"]),
        ("n", ["m"]),
        ("f", ["e"]),
    ]
)

#   r - x1 ---- m1      criss-cross: m1 and m2 both merge x1 and y1
#    \      \ /
#     \      X
#      \    / \
#       y1 ---- m2
CRISS_CROSS = commit_dag(
    [("r", []), ("x1", ["r"]), ("y1", ["r"]), ("m1", ["x1", "y1"]), ("m2", ["y1", "x1"])]
)

#   criss-cross where one best ancestor has more history than the other:
#   r - x0 - x1 --- m1
#    \          \ /
#     \          X
#      \        / \
#       y1 -------- m2
DEEP_CRISS_CROSS = commit_dag(
    [
        ("r", []),
        ("x0", ["r"]),
        ("x1", ["x0"]),
        ("y1", ["r"]),
        ("m1", ["x1", "y1"]),
        ("m2", ["y1", "x1"]),
    ]
)

#   a - b     and an unrelated root   z - y
UNRELATED = commit_dag([("a", []), ("b", ["a"]), ("z", []), ("y", ["z"])])


def test_commit_dag_edges_point_parent_to_child():
    assert list(LINEAR.edges) == [("a", "b"), ("b", "c")]


def test_commit_dag_records_parent_position():
    assert MERGED.edges["c", "m"]["position"] == 0
    assert MERGED.edges["e", "m"]["position"] == 1


def test_commit_dag_keeps_lone_root():
    assert list(commit_dag([("a", [])]).nodes) == ["a"]


# -- merge_base -------------------------------------------------------------------------


def test_merge_base_same_commit():
    assert merge_base(LINEAR, "b", "b") == "b"


@pytest.mark.parametrize(("x", "y"), [("a", "c"), ("c", "a")])
def test_merge_base_linear_is_the_older_commit(x, y):
    assert merge_base(LINEAR, x, y) == "a"


@pytest.mark.parametrize(("x", "y"), [("c", "e"), ("e", "c"), ("c", "d")])
def test_merge_base_branched_is_the_fork_point(x, y):
    assert merge_base(BRANCHED, x, y) == "b"


def test_merge_base_after_a_merge_is_the_merged_commit():
    assert merge_base(MERGED, "n", "f") == "e"
    assert merge_base(MERGED, "f", "n") == "e"


def test_merge_base_of_merge_and_its_second_parent():
    assert merge_base(MERGED, "m", "e") == "e"


def test_merge_base_of_branch_tips_before_the_merge():
    assert merge_base(MERGED, "c", "f") == "b"


def test_merge_bases_criss_cross_has_two_best_ancestors():
    assert merge_bases(CRISS_CROSS, "m1", "m2") == ["x1", "y1"]


def test_merge_base_criss_cross_ties_break_by_largest_id():
    """Equal history on both candidates: the documented tie-break picks the larger id."""
    assert merge_base(CRISS_CROSS, "m1", "m2") == "y1"
    assert merge_base(CRISS_CROSS, "m2", "m1") == "y1"


def test_merge_base_criss_cross_prefers_the_longest_history():
    assert merge_bases(DEEP_CRISS_CROSS, "m1", "m2") == ["x1", "y1"]
    assert merge_base(DEEP_CRISS_CROSS, "m1", "m2") == "x1"


def test_merge_bases_single_answer_when_one_is_enough():
    assert merge_bases(BRANCHED, "c", "e") == ["b"]


def test_merge_base_unrelated_histories_is_none():
    assert merge_base(UNRELATED, "b", "y") is None
    assert merge_bases(UNRELATED, "b", "y") == []


def test_merge_base_of_two_roots_is_none():
    assert merge_base(UNRELATED, "a", "z") is None


def test_merge_base_of_ancestor_and_descendant_in_criss_cross():
    assert merge_base(CRISS_CROSS, "r", "m1") == "r"


# -- is_ancestor ------------------------------------------------------------------------


def test_is_ancestor_of_itself():
    assert is_ancestor(LINEAR, "b", "b")


def test_is_ancestor_linear():
    assert is_ancestor(LINEAR, "a", "c")


def test_is_ancestor_is_not_symmetric():
    assert not is_ancestor(LINEAR, "c", "a")


def test_is_ancestor_through_second_parent():
    assert is_ancestor(MERGED, "d", "n")


def test_is_ancestor_false_across_branches():
    assert not is_ancestor(BRANCHED, "c", "e")
    assert not is_ancestor(BRANCHED, "e", "c")


def test_is_ancestor_false_across_unrelated_histories():
    assert not is_ancestor(UNRELATED, "a", "y")


# -- first_parent_chain -----------------------------------------------------------------


def test_first_parent_chain_linear():
    assert first_parent_chain(LINEAR, "c") == ["c", "b", "a"]


def test_first_parent_chain_follows_first_parents_only():
    assert first_parent_chain(MERGED, "n") == ["n", "m", "c", "b", "a"]


def test_first_parent_chain_of_the_second_parent_order():
    assert first_parent_chain(CRISS_CROSS, "m2") == ["m2", "y1", "r"]


def test_first_parent_chain_stops_before_stop():
    assert first_parent_chain(MERGED, "n", stop="b") == ["n", "m", "c"]


def test_first_parent_chain_stop_at_head_is_empty():
    assert first_parent_chain(LINEAR, "c", stop="c") == []


def test_first_parent_chain_stop_not_on_chain_runs_to_root():
    assert first_parent_chain(MERGED, "n", stop="e") == ["n", "m", "c", "b", "a"]


def test_first_parent_chain_of_root():
    assert first_parent_chain(LINEAR, "a") == ["a"]
