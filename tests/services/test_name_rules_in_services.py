"""The services apply the domain's name rules themselves (the CLI and other callers do not
pass through the marshmallow schemas)."""

from __future__ import annotations

import pytest

from toc_editor.services import accounts, forks, graphs
from toc_editor.services.errors import Invalid

BAD = ["abc\n", "abc ", "-abc", "\uff41\uff42\uff43"]


@pytest.fixture
def owned(as_user):
    ctx = as_user("owner")
    accounts.create_org(ctx, "alpha", "Alpha")
    accounts.create_org(ctx, "beta", "Beta")
    graphs.create_graph(ctx, "alpha", slug="toc", title="ToC")
    return ctx


CASES = {
    "register": (
        lambda c, v: accounts.register(c, v, "x@example.org", "plum vortex 19"),
        "username",
    ),
    "create_org": (lambda c, v: accounts.create_org(c, v, "Name"), "slug"),
    "create_graph": (lambda c, v: graphs.create_graph(c, "alpha", slug=v, title="T"), "slug"),
    "create_branch": (lambda c, v: graphs.create_branch(c, "alpha", "toc", v, "main"), "name"),
    "fork into": (lambda c, v: forks.fork(c, "alpha", "toc", v, "f"), "org"),
    "fork slug": (lambda c, v: forks.fork(c, "alpha", "toc", "beta", v), "slug"),
}


@pytest.mark.parametrize("bad", BAD, ids=repr)
@pytest.mark.parametrize("case", list(CASES))
def test_each_service_refuses_a_look_alike_name(owned, case, bad):
    call, where = CASES[case]
    with pytest.raises(Invalid) as caught:
        call(owned, bad)
    assert caught.value.where == where
    owned.uow.rollback()
