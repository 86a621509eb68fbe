"""The permission table, whole: every action for every role and visibility (README: "Who
can see and do what"). A change to the rules changes a row here."""

from __future__ import annotations

import itertools

import pytest

from toc_editor.domain.permissions import ACTIONS, ANONYMOUS, allowed

WHO = (ANONYMOUS, None, "viewer", "editor", "owner")  # None: a signed-in stranger
Y, N = True, False

# action -> visibility -> allowed for (anonymous, stranger, viewer, editor, owner)
TABLE = {
    "read": {"public": (Y, Y, Y, Y, Y), "private": (N, N, Y, Y, Y)},
    "comment": {"public": (N, Y, Y, Y, Y), "private": (N, N, Y, Y, Y)},
    "write": {"public": (N, N, N, Y, Y), "private": (N, N, N, Y, Y)},
    "change_visibility": {"public": (N, N, N, N, Y), "private": (N, N, N, N, Y)},
    "delete_graph": {"public": (N, N, N, N, Y), "private": (N, N, N, N, Y)},
    "manage_members": {"public": (N, N, N, N, Y), "private": (N, N, N, N, Y)},
    "see_members": {"public": (N, N, Y, Y, Y), "private": (N, N, Y, Y, Y)},
    "see_member_emails": {"public": (N, N, N, N, Y), "private": (N, N, N, N, Y)},
}

CASES = [
    (action, visibility, who, expected[i])
    for action, by_visibility in TABLE.items()
    for visibility, expected in by_visibility.items()
    for i, who in enumerate(WHO)
]


def test_the_table_covers_every_action() -> None:
    assert set(TABLE) == set(ACTIONS)


@pytest.mark.parametrize(("action", "visibility", "who", "expected"), CASES)
def test_allowed(action: str, visibility: str, who: str | None, expected: bool) -> None:
    assert allowed(action, who, visibility) is expected


@pytest.mark.parametrize(("who", "visibility"), list(itertools.product(WHO, ("public", "private"))))
def test_whoever_writes_can_read_and_comment(who: str | None, visibility: str) -> None:
    if allowed("write", who, visibility):
        assert allowed("read", who, visibility) and allowed("comment", who, visibility)


def test_an_unknown_action_is_an_error_not_a_no() -> None:
    with pytest.raises(ValueError, match="unknown action"):
        allowed("fly", "owner", "public")
