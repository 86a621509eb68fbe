"""The cursor of one live connection: each move sent once, in order, none from before the
head it read (toc_editor/live/cursor.py)."""

from __future__ import annotations

import pytest

from toc_editor.live.cursor import Cursor

# (head read, moves queued as (old, new), moves sent)
CASES = [
    ("h2", [("h1", "h2"), ("h2", "h3")], ["h3"]),  # the move that made the head: dropped
    ("h2", [("h0", "h1"), ("h1", "h2"), ("h2", "h3")], ["h3"]),  # older ones too
    ("h2", [("h2", "h3"), ("h3", "h4")], ["h3", "h4"]),  # head read before any move
    ("h2", [("h2", "h3"), ("h2", "h3")], ["h3"]),  # a duplicate
    ("h1", [], []),
    ("h2", [("h2", "h3"), ("x", "h9")], ["h3", "h9"]),  # a gap is passed on: the client reloads
]


@pytest.mark.parametrize(("head", "moves", "sent"), CASES)
def test_the_cursor_sends_each_move_after_the_head_once(head, moves, sent) -> None:
    cursor = Cursor(head)
    assert [new for old, new in moves if cursor.admit(old, new)] == sent
    assert cursor.at == (sent[-1] if sent else head)


def test_reset_starts_again_from_a_new_head() -> None:
    cursor = Cursor("h1")
    assert cursor.admit("h1", "h2")
    cursor.reset("h5")
    assert [cursor.admit("h3", "h4"), cursor.admit("h4", "h5"), cursor.admit("h5", "h6")] == [
        False,
        False,
        True,
    ]
