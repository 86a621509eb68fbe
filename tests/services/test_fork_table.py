"""Fork a graph into an organisation (``forks.fork``): a new graph sharing the source's
history and remembering it as its upstream; visibility, names and membership rules."""

from __future__ import annotations

import pytest

from tests.services.fake_uow import Moved, moves, relabel
from toc_editor.services import forks, versioning
from toc_editor.services.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized


@pytest.fixture
def network(world):
    world.arranged(arrange)


def arrange(world):
    """``net/shared`` (public, two commits), ``net/secret`` (private); ana owns ``net``
    and ``ana-2``; ben owns ``ben-org`` (vic views it), which holds ``taken`` and
    ``mine``, a fork of ``net/shared``; sam belongs nowhere."""
    world.org("ana", "net")
    world.org("ana", "ana-2")
    world.org("ben", "ben-org", vic="viewer")
    world.user("sam")
    world.graph("ana", "net", "shared", visibility="public")
    world.edit("ana", "net", "shared", [relabel("o", "Self-belief")])
    world.graph("ana", "net", "secret")
    world.graph("ben", "ben-org", "taken")
    forks.fork(world.ctx("ben"), "net", "shared", "ben-org", "mine")


def fork(world, who, source, into, slug=None, visibility=None):
    org, _, name = source.partition("/")
    return forks.fork(world.ctx(who), org, name, into, slug, visibility)


# who, source, into, slug, visibility asked -> the fork's slug and visibility
FORKS = [
    pytest.param("ben", "net/shared", "ben-org", None, None, "shared", "public",
                 id="public source, defaults: its slug and visibility"),
    pytest.param("ben", "net/shared", "ben-org", "ours", "private", "ours", "private",
                 id="public source into a private fork with a slug of its own"),
    pytest.param("ana", "net/secret", "ana-2", None, None, "secret", "private",
                 id="private source by a member of both organisations"),
    pytest.param("ana", "net/secret", "ana-2", None, "private", "secret", "private",
                 id="private source, private asked"),
    pytest.param("ana", "net/shared", "net", "shared-2", None, "shared-2", "public",
                 id="into the source's own organisation"),
    pytest.param("ana", "ben-org/mine", "ana-2", None, None, "mine", "public",
                 id="a fork of a fork: one network, the first fork upstream"),
]  # fmt: skip


@pytest.mark.parametrize(("who", "source", "into", "slug", "visibility", "name", "shown"), FORKS)
def test_a_fork_shares_history_and_remembers_its_upstream(
    world, fake_uow, network, who, source, into, slug, visibility, name, shown
):
    org, _, source_slug = source.partition("/")
    upstream = world.find(org, source_slug)
    head = world.head(org, source_slug)
    commits = world.commit_count()
    fake_uow.forget()
    made = fork(world, who, source, into, slug, visibility)
    assert (made.org.slug, made.slug, made.visibility) == (into, name, shown)
    assert (made.upstream_id, made.network_id) == (upstream.id, upstream.network_id)
    assert (fake_uow.commits, moves(fake_uow.published)) == (
        1,
        [Moved(made.id, "main", None, head)],
    )
    assert world.head(into, name) == head and world.commit_count() == commits  # nothing new
    ctx = world.ctx(who)
    assert [c.id for c in versioning.log(ctx, made, "main")] == [
        c.id for c in versioning.log(ctx, upstream, "main")
    ]


# who, source, into, slug, visibility -> the error and where it points
REFUSED = [
    pytest.param("ana", "net/secret", "ana-2", None, "public", Invalid, "visibility",
                 id="a private graph into a public fork"),
    pytest.param("ben", "net/shared", "ben-org", "taken", None, Conflict, "slug",
                 id="the slug is taken in the organisation"),
    pytest.param("ben", "net/shared", "ben-org", "mine", None, Conflict, "slug",
                 id="the slug is taken by an earlier fork"),
    pytest.param("ben", "net/shared", "net", "theirs", None, Forbidden, None,
                 id="into an organisation the caller is not a member of"),
    pytest.param("vic", "net/shared", "ben-org", "vics", None, Forbidden, None,
                 id="a viewer of the organisation"),
    pytest.param("ben", "net/secret", "ben-org", None, None, NotFound, None,
                 id="a private graph the caller cannot read"),
    pytest.param(None, "net/shared", "ben-org", "anon", None, Unauthorized, None,
                 id="anonymous"),
    pytest.param("ben", "net/shared", "Ben-Org", None, None, Invalid, "org",
                 id="a malformed organisation name"),
    pytest.param("ben", "net/shared", "ben-org", "Our Copy", None, Invalid, "slug",
                 id="a malformed slug"),
    pytest.param("ben", "net/shared", "ben-org", "ours", "secret", Invalid, "visibility",
                 id="an unknown visibility"),
    pytest.param("ben", "net/shared", "nowhere", None, None, NotFound, None,
                 id="an organisation that does not exist"),
    pytest.param("ben", "net/gone", "ben-org", None, None, NotFound, None,
                 id="a source that does not exist"),
]  # fmt: skip


@pytest.mark.parametrize(("who", "source", "into", "slug", "visibility", "error", "where"), REFUSED)
def test_a_refused_fork_changes_nothing(
    world, fake_uow, network, who, source, into, slug, visibility, error, where
):
    before = fake_uow.snapshot()
    fake_uow.forget()
    with pytest.raises(error) as caught:
        fork(world, who, source, into, slug, visibility)
    assert caught.value.where == where
    fake_uow.assert_nothing_written(before)
