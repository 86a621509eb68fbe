"""An organisation's members: adding a person by username or e-mail with a role
(``accounts.add_member``), what each caller sees of the members (``accounts.roster``), and
the rule that an organisation keeps an owner (``set_member``, ``remove_member``)."""

from __future__ import annotations

import pytest

from toc_editor.services import accounts
from toc_editor.services.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from toc_editor.storage.models import User


@pytest.fixture
def org(world):
    world.arranged(arrange)


def arrange(world):
    """``club``: ana owns it, eda edits, vic views; sam, tom and two accounts sharing the
    e-mail ``twin@example.org`` (``twin-a``, ``twin-b``) belong to no organisation."""
    world.org("ana", "club", eda="editor", vic="viewer")
    for name in ("sam", "tom"):
        world.user(name)
    with world.uow:
        for name in ("twin-a", "twin-b"):
            world.uow.accounts.add(User(username=name, email="twin@example.org", password_hash="-"))
        world.uow.commit()


def roles(world):
    return {
        m.user.username: m.role for m in world.uow.orgs.members(world.uow.orgs.by_slug("club").id)
    }


# what ana types -> who becomes a member
FOUND = [
    pytest.param("sam", "sam", id="a username"),
    pytest.param("SAM", "sam", id="a username in other case"),
    pytest.param("  sam ", "sam", id="a username with spaces around"),
    pytest.param("sam@example.org", "sam", id="an e-mail"),
    pytest.param("Sam@Example.ORG", "sam", id="an e-mail in other case"),
]


@pytest.mark.parametrize(("who", "username"), FOUND)
@pytest.mark.parametrize("role", ["owner", "editor", "viewer"])
def test_an_owner_adds_a_person_by_username_or_email(world, fake_uow, org, who, username, role):
    fake_uow.forget()
    row = accounts.add_member(world.ctx("ana"), "club", who, role)
    assert (row.user.username, row.role) == (username, role)
    assert fake_uow.commits == 1
    assert roles(world) == {"ana": "owner", "eda": "editor", "vic": "viewer", username: role}


# (who asks, whom they add, role) -> the error, and what it says
REFUSED = [
    pytest.param("ana", "nobody", "viewer", NotFound,
                 "No account with the username or e-mail 'nobody'", id="no such username"),
    pytest.param("ana", "nobody@example.org", "viewer", NotFound,
                 "No account with the username or e-mail 'nobody@example.org'",
                 id="no such e-mail"),
    pytest.param("ana", "sam@example", "viewer", NotFound, "No account", id="part of an e-mail"),
    pytest.param("ana", "   ", "viewer", NotFound, "No account", id="nothing"),
    pytest.param("ana", "twin@example.org", "viewer", Invalid,
                 "2 accounts use the e-mail 'twin@example.org': add the person by username",
                 id="an e-mail several accounts share"),
    pytest.param("ana", "eda", "viewer", Conflict,
                 r"eda is already a member of club \(editor\)", id="a member already"),
    pytest.param("ana", "EDA@example.org", "owner", Conflict, "already a member",
                 id="a member already, by e-mail"),
    pytest.param("ana", "ana", "viewer", Conflict, "already a member", id="the owner herself"),
    pytest.param("ana", "sam", "admin", Invalid, "must be one of owner, editor, viewer",
                 id="a role that does not exist"),
    pytest.param("eda", "sam", "viewer", Forbidden, "needs the role owner", id="an editor"),
    pytest.param("vic", "sam", "viewer", Forbidden, "needs the role owner", id="a viewer"),
    pytest.param("tom", "sam", "viewer", Forbidden, "not a member of club", id="a stranger"),
    pytest.param("sam", "sam", "owner", Forbidden, "not a member of club",
                 id="a stranger adding themselves"),
    pytest.param(None, "sam", "viewer", Unauthorized, "sign in", id="anonymous"),
]  # fmt: skip


@pytest.mark.parametrize(("caller", "who", "role", "error", "says"), REFUSED)
def test_what_adding_a_member_refuses(world, fake_uow, org, caller, who, role, error, says):
    ctx = world.ctx(caller)
    before = fake_uow.snapshot()
    fake_uow.forget()
    with pytest.raises(error, match=says):
        accounts.add_member(ctx, "club", who, role)
    fake_uow.assert_nothing_written(before)


def test_the_refusals_name_the_field(world, org):
    with pytest.raises(NotFound) as raised:
        accounts.add_member(world.ctx("ana"), "club", "nobody", "viewer")
    assert raised.value.where == "user"
    assert raised.value.message == "No account with the username or e-mail 'nobody'"


def test_adding_to_an_organisation_that_does_not_exist_is_a_404(world, org):
    with pytest.raises(NotFound, match="no organisation 'nope'"):
        accounts.add_member(world.ctx("ana"), "nope", "sam", "viewer")


# who asks -> (their role, the members they see, whether with e-mails)
ROSTERS = [
    pytest.param("ana", "owner", True, True, id="an owner"),
    pytest.param("eda", "editor", True, False, id="an editor"),
    pytest.param("vic", "viewer", True, False, id="a viewer"),
    pytest.param("tom", None, False, False, id="a stranger"),
    pytest.param(None, None, False, False, id="anonymous"),
]


@pytest.mark.parametrize(("caller", "role", "sees_members", "sees_emails"), ROSTERS)
def test_what_each_caller_sees_of_the_members(world, org, caller, role, sees_members, sees_emails):
    roster = accounts.roster(world.ctx(caller), world.uow.orgs.by_slug("club"))
    assert roster.role == role
    assert roster.emails is sees_emails
    if sees_members:
        assert [m.user.username for m in roster.members] == ["ana", "eda", "vic"]
    else:
        assert roster.members is None


# the last owner, ana, is demoted or removed -> 409, nothing written
LAST_OWNER = [
    pytest.param(lambda ctx: accounts.set_member(ctx, "club", "ana", "editor"), id="demoted"),
    pytest.param(lambda ctx: accounts.set_member(ctx, "club", "ana", "viewer"), id="to viewer"),
    pytest.param(lambda ctx: accounts.remove_member(ctx, "club", "ana"), id="removed"),
]


@pytest.mark.parametrize("change", LAST_OWNER)
def test_the_last_owner_is_never_demoted_or_removed(world, fake_uow, org, change):
    before = fake_uow.snapshot()
    fake_uow.forget()
    with pytest.raises(Conflict, match="club needs at least one owner"):
        change(world.ctx("ana"))
    fake_uow.assert_nothing_written(before)


@pytest.mark.parametrize("change", LAST_OWNER)
def test_an_owner_may_step_down_once_someone_else_is_owner(world, fake_uow, org, change):
    accounts.add_member(world.ctx("ana"), "club", "sam", "owner")
    fake_uow.forget()
    change(world.ctx("ana"))
    assert fake_uow.commits == 1
    assert roles(world)["sam"] == "owner"
    assert roles(world).get("ana") in (None, "editor", "viewer")
