"""A portfolio's life (issue 14) as a table: from a status (none yet, invited, active,
declined, left), who does what (invite, accept, decline, leave, remove), and what comes
of it: the new status, or the error; a refused step writes nothing.

``hub`` is the portfolio (hana owns it, hugo edits, hil views); ``charity`` the member
(mia owns it, max edits, mel views); sam belongs to neither. Run without Flask, on the
fake unit of work.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from toc_editor.services import portfolio
from toc_editor.services.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from toc_editor.services.portfolio_listing import last_periods, listing

GONE = "gone"  # the row was deleted


def arrange(world: Any) -> None:
    world.org("hana", "hub", hugo="editor", hil="viewer")
    world.org("mia", "charity", max="editor", mel="viewer")
    world.org("sam", "other")


@pytest.fixture
def orgs(world: Any) -> None:
    world.arranged(arrange)


def _reach(world: Any, status: str | None) -> None:
    """Bring hub/charity to ``status`` through the use cases themselves."""
    if status is None:
        return
    portfolio.invite(world.ctx("hana"), "hub", "charity", "welcome")
    if status in ("active", "left"):
        portfolio.answer(world.ctx("mia"), "charity", "hub", accept=True)
    if status == "declined":
        portfolio.answer(world.ctx("mia"), "charity", "hub", accept=False)
    if status == "left":
        portfolio.leave(world.ctx("mia"), "charity", "hub")


def _act(world: Any, who: str | None, action: str) -> Any:
    c = world.ctx(who)
    if action == "invite":
        return portfolio.invite(c, "hub", "charity", "again")
    if action in ("accept", "decline"):
        return portfolio.answer(c, "charity", "hub", accept=action == "accept")
    if action == "leave":
        return portfolio.leave(c, "charity", "hub")
    assert action == "remove"
    return portfolio.remove(c, "hub", "charity")


def _status(world: Any) -> str:
    hub, charity = (world.uow.orgs.by_slug(s) for s in ("hub", "charity"))
    row = world.uow.portfolios.entry(hub.id, charity.id)
    status = GONE if row is None else row.status
    world.uow.rollback()
    return status


# (status before, who, action) -> status after
ALLOWED = [
    pytest.param(None, "hana", "invite", "invited", id="the portfolio's owner invites"),
    pytest.param("declined", "hana", "invite", "invited", id="invited again after a decline"),
    pytest.param("left", "hana", "invite", "invited", id="invited again after leaving"),
    pytest.param("invited", "mia", "accept", "active", id="the member's owner accepts"),
    pytest.param("invited", "mia", "decline", "declined", id="the member's owner declines"),
    pytest.param("active", "mia", "leave", "left", id="the member's owner leaves"),
    pytest.param("active", "hana", "remove", GONE, id="the portfolio's owner removes"),
    pytest.param("invited", "hana", "remove", GONE, id="an invitation withdrawn"),
    pytest.param("left", "hana", "remove", GONE, id="a departed member's row removed"),
]


@pytest.mark.parametrize(("before", "who", "action", "after"), ALLOWED)
def test_allowed_steps(world, fake_uow, orgs, before, who, action, after):
    _reach(world, before)
    fake_uow.forget()
    _act(world, who, action)
    assert fake_uow.commits == 1
    assert _status(world) == after


# (status before, who, action) -> the error
REFUSED = [
    pytest.param(None, "hugo", "invite", Forbidden, id="an editor of the portfolio invites"),
    pytest.param(None, "hil", "invite", Forbidden, id="a viewer of the portfolio invites"),
    pytest.param(None, "mia", "invite", Forbidden, id="the member invites itself in"),
    pytest.param(None, "sam", "invite", Forbidden, id="an outsider invites"),
    pytest.param(None, None, "invite", Unauthorized, id="anonymous invites"),
    pytest.param("invited", "hana", "invite", Conflict, id="invited twice"),
    pytest.param("active", "hana", "invite", Conflict, id="a member invited"),
    pytest.param("invited", "max", "accept", Forbidden, id="the member's editor accepts"),
    pytest.param("invited", "mel", "decline", Forbidden, id="the member's viewer declines"),
    pytest.param("invited", "hana", "accept", Forbidden, id="the portfolio accepts for them"),
    pytest.param("invited", None, "accept", Unauthorized, id="anonymous accepts"),
    pytest.param(None, "mia", "accept", NotFound, id="accepting what never came"),
    pytest.param("active", "mia", "accept", Conflict, id="accepting twice"),
    pytest.param("declined", "mia", "accept", Conflict, id="accepting after declining"),
    pytest.param("left", "mia", "decline", Conflict, id="declining after leaving"),
    pytest.param("active", "max", "leave", Forbidden, id="the member's editor leaves"),
    pytest.param("active", "hana", "leave", Forbidden, id="the portfolio makes them leave"),
    pytest.param("invited", "mia", "leave", Conflict, id="leaving before accepting"),
    pytest.param("left", "mia", "leave", Conflict, id="leaving twice"),
    pytest.param(None, "mia", "leave", NotFound, id="leaving what it never joined"),
    pytest.param("active", "hugo", "remove", Forbidden, id="an editor of the portfolio removes"),
    pytest.param("active", "mia", "remove", Forbidden, id="the member removes itself"),
    pytest.param(None, "hana", "remove", NotFound, id="removing what is not there"),
]


@pytest.mark.parametrize(("before", "who", "action", "error"), REFUSED)
def test_refused_steps_write_nothing(world, fake_uow, orgs, before, who, action, error):
    _reach(world, before)
    was = _status(world)
    fake_uow.forget()
    snapshot = fake_uow.snapshot()
    with pytest.raises(error):
        _act(world, who, action)
    fake_uow.assert_nothing_written(snapshot)
    assert _status(world) == was


# (whom hana invites, note) -> the error and the field it names
BAD_INVITES = [
    pytest.param("hub", "", Invalid, "its own portfolio", id="itself"),
    pytest.param("nobody", "", NotFound, "no organisation 'nobody'", id="no such organisation"),
    pytest.param("Charity", "", Invalid, "lower-case", id="not a slug"),
    pytest.param("charity", "x" * 501, Invalid, "at most 500", id="a note too long"),
    pytest.param("charity", "bad\x00note", Invalid, "", id="a note with a NUL"),
]


@pytest.mark.parametrize(("slug", "note", "error", "words"), BAD_INVITES)
def test_bad_invitations(world, fake_uow, orgs, slug, note, error, words):
    fake_uow.forget()
    snapshot = fake_uow.snapshot()
    with pytest.raises(error) as raised:
        portfolio.invite(world.ctx("hana"), "hub", slug, note)
    assert words in raised.value.message
    fake_uow.assert_nothing_written(snapshot)


def test_a_full_portfolio_takes_no_new_organisation(world, fake_uow, orgs, monkeypatch):
    monkeypatch.setattr(portfolio, "MAX_MEMBERS", 1)
    portfolio.invite(world.ctx("hana"), "hub", "charity")
    with pytest.raises(Invalid, match="at most 1 organisations"):
        portfolio.invite(world.ctx("hana"), "hub", "other")
    portfolio.answer(world.ctx("mia"), "charity", "hub", accept=False)
    portfolio.invite(world.ctx("hana"), "hub", "charity")  # its own row: no new place


def test_the_member_lists_its_invitations_and_memberships(world, orgs):
    portfolio.invite(world.ctx("hana"), "hub", "charity", "welcome")
    portfolio.invite(world.ctx("sam"), "other", "charity")
    portfolio.answer(world.ctx("mia"), "charity", "other", accept=True)
    for who in ("mia", "max", "mel"):
        seen = portfolio.memberships(world.ctx(who), "charity")
        assert [(e["org"], e["status"], e["invited_by"]) for e in seen] == [
            ("hub", "invited", "hana"),
            ("other", "active", "sam"),
        ]
    pending = portfolio.memberships(world.ctx("mel"), "charity", "invited")
    assert [(e["org"], e["note"]) for e in pending] == [("hub", "welcome")]
    with pytest.raises(Forbidden):
        portfolio.memberships(world.ctx("hana"), "charity")
    with pytest.raises(Unauthorized):
        portfolio.memberships(world.ctx(), "charity")


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 1, 1), ("2025-12", "2025-Q4", "2025-H2", "2025")),
        (date(2026, 3, 31), ("2026-02", "2025-Q4", "2025-H2", "2025")),
        (date(2026, 4, 1), ("2026-03", "2026-Q1", "2025-H2", "2025")),
        (date(2026, 7, 1), ("2026-06", "2026-Q2", "2026-H1", "2025")),
        (date(2026, 12, 31), ("2026-11", "2026-Q3", "2026-H1", "2025")),
    ],
)
def test_the_last_ended_period_of_each_frequency(today, expected):
    assert tuple(last_periods(today).values()) == expected


def test_who_sees_the_listing(world, orgs):
    portfolio.invite(world.ctx("hana"), "hub", "charity")
    for who, steward in (("hana", True), ("hugo", True), ("hil", False)):
        seen = listing(world.ctx(who), "hub")
        assert (seen["steward"], [m["org"] for m in seen["members"]]) == (steward, ["charity"])
    for who, error in (("mia", Forbidden), ("sam", Forbidden), (None, Unauthorized)):
        with pytest.raises(error):
            listing(world.ctx(who), "hub")


def test_a_commit_is_summarised_once_and_a_new_one_afresh(world, fake_uow, orgs, monkeypatch):
    from toc_editor.services import commit_summaries

    world.graph("mia", "charity", "toc")
    head = world.head("charity", "toc")
    first = commit_summaries.summaries(world.ctx("hana"), [head])
    world.uow.commit()
    assert first[head]["findings"] == {"error": 0, "warning": 0, "info": 0}
    assert [frequency for _, frequency in first[head]["indicators"]] == ["quarterly"]

    def no_reading(commit_id):
        raise AssertionError(f"{commit_id} was read again")

    monkeypatch.setattr(world.uow.store, "graph", no_reading)
    assert commit_summaries.summaries(world.ctx("hana"), [head]) == first
    monkeypatch.undo()
    world.edit("mia", "charity", "toc", [{"op": "remove_node", "id": "i"}])
    new = world.head("charity", "toc")
    monkeypatch.setattr(world.uow.store, "graph", no_reading)  # landing kept the new head's
    second = commit_summaries.summaries(world.ctx("hana"), [head, new])
    monkeypatch.undo()
    assert second[head] == first[head]
    assert second[new]["findings"]["error"] == 1  # no impact any more
    monkeypatch.setattr(commit_summaries, "rules", lambda: "other-code")
    monkeypatch.setattr(world.uow.store, "graph", no_reading)
    with pytest.raises(AssertionError, match="read again"):
        commit_summaries.summaries(world.ctx("hana"), [head])  # other code counts afresh
