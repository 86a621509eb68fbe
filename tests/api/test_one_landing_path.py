"""Every write endpoint moves a branch through the landing functions, and nothing else does.

``landing.land`` and ``landing.start_branch`` are wrapped wherever the services imported
them, and every SQL statement is watched: a commit written (``INSERT INTO commits``) or a
branch created or moved (``INSERT INTO branches``, ``UPDATE branches SET head``) outside
them fails the test. Each case drives one endpoint through HTTP and checks that the branch
it names ends at the commit the landing function returned, and that exactly one
``BranchMoved`` event per landing was published after the commit.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import event

from toc_editor.services import landing
from toc_editor.storage.db import db


@dataclass
class Spy:
    depth: int = 0
    calls: list[tuple[str, str]] = field(default_factory=list)  # (function, commit landed)
    stray: list[str] = field(default_factory=list)
    published: list[Any] = field(default_factory=list)

    def reset(self) -> None:
        self.calls.clear()
        self.stray.clear()
        self.published.clear()


def _writes_history(statement: str) -> bool:
    sql = " ".join(statement.split()).upper()
    compact = sql.replace(" ", "")
    moves = sql.startswith("UPDATE BRANCHES SET HEAD") and "HEAD=BRANCHES.HEAD" not in compact
    return sql.startswith(("INSERT INTO COMMITS", "INSERT INTO BRANCHES")) or moves


@pytest.fixture
def spy(app, monkeypatch):
    found = Spy()

    def wrap(name: str) -> None:
        original = getattr(landing, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            found.depth += 1
            try:
                landed = original(*args, **kwargs)
            finally:
                found.depth -= 1
            found.calls.append((name, landed.commit.id))
            return landed

        modules = [m for n, m in sys.modules.items() if n.startswith("toc_editor.services")]
        for module in modules:
            if getattr(module, name, None) is original:
                monkeypatch.setattr(module, name, wrapper)

    wrap("land")
    wrap("start_branch")
    factory = app.extensions["toc_unit_of_work"]

    def publishing_factory() -> Any:
        uow = factory()
        uow._publish = found.published.extend
        return uow

    monkeypatch.setitem(app.extensions, "toc_unit_of_work", publishing_factory)
    with app.app_context():
        engine = db.engine

    def watch(conn, cursor, statement, params, context, executemany):
        if found.depth == 0 and _writes_history(statement):
            found.stray.append(statement)

    event.listen(engine, "before_cursor_execute", watch)
    yield found
    event.remove(engine, "before_cursor_execute", watch)


def _edit(api, token, graph="toc", branch="main", label="Changed", org="org"):
    ops = [{"op": "update_node", "id": "oc", "set": {"label": label}}]
    r = api.commit(token, org, graph, ops, branch=branch)
    assert r.status_code == 201, r.get_json()


def _setup_graph(api, doc):
    token = api.user("ana")
    api.org(token, "org")
    api.graph(token, "org", "toc", doc, visibility="public")
    return token


@dataclass(frozen=True)
class Case:
    prepare: Callable[[Any, dict[str, Any]], Any]
    act: Callable[[Any, Any, dict[str, Any]], Any]
    function: str
    branch: tuple[str, str, str]  # org, graph, branch the endpoint moves


def _create(api, token, doc):
    body = {"slug": "fresh", "title": "New", "document": doc}
    return api.post("/orgs/org/graphs", body, token=token)


def _commit(api, token, doc):
    ops = [{"op": "update_node", "id": "act", "set": {"label": "Coaching"}}]
    return api.commit(token, "org", "toc", ops)


def _restore(api, token, doc):
    first = api.get("/graphs/org/toc/commits", token=token).get_json()[-1]["id"]
    _edit(api, token)
    return api.post("/graphs/org/toc/branches/main/restore", {"commit": first}, token=token)


def _import(api, token, doc):
    changed = {**doc, "nodes": [{**n, "label": n["label"] + "!"} for n in doc["nodes"]]}
    upload = (io.BytesIO(json.dumps(changed).encode()), "toc.json")
    return api.call("POST", "/graphs/org/toc/import", token=token, data={"file": upload})


def _branch(api, token, doc):
    return api.post("/graphs/org/toc/branches", {"name": "draft", "from": "main"}, token=token)


def _prepare_draft(api, doc):
    token = _setup_graph(api, doc)
    assert _branch(api, token, doc).status_code == 201
    _edit(api, token, branch="draft", label="From the draft")
    return token


def _fast_forward(api, token, doc):
    return api.post("/graphs/org/toc/merges", {"source": "draft"}, token=token)


def _merge_commit(api, token, doc):
    ops = [{"op": "update_node", "id": "act", "set": {"label": "On main meanwhile"}}]
    assert api.commit(token, "org", "toc", ops).status_code == 201
    return api.post("/graphs/org/toc/merges", {"source": "draft"}, token=token)


def _fork(api, token, doc):
    other = api.user("ben")
    api.org(other, "ben-org")
    return api.post("/graphs/org/toc/forks", {"org": "ben-org"}, token=other)


def _prepare_proposal(api, doc):
    token = _setup_graph(api, doc)
    other = api.user("ben")
    api.org(other, "ben-org")
    assert api.post("/graphs/org/toc/forks", {"org": "ben-org"}, token=other).status_code == 201
    _edit(api, other, org="ben-org", label="Proposed")
    body = {"source": "ben-org/toc:main", "title": "Better label"}
    r = api.post("/graphs/org/toc/proposals", body, token=other)
    assert r.status_code == 201, r.get_json()
    return token


def _proposal_merge(api, token, doc):
    return api.post("/graphs/org/toc/proposals/1/merge", {}, token=token)


CASES = {
    "create with a document": Case(_setup_graph, _create, "start_branch", ("org", "fresh", "main")),
    "commit": Case(_setup_graph, _commit, "land", ("org", "toc", "main")),
    "restore": Case(_setup_graph, _restore, "land", ("org", "toc", "main")),
    "import": Case(_setup_graph, _import, "land", ("org", "toc", "main")),
    "new branch": Case(_setup_graph, _branch, "start_branch", ("org", "toc", "draft")),
    "merge (fast-forward)": Case(_prepare_draft, _fast_forward, "land", ("org", "toc", "main")),
    "merge (two parents)": Case(_prepare_draft, _merge_commit, "land", ("org", "toc", "main")),
    "fork": Case(_setup_graph, _fork, "start_branch", ("ben-org", "toc", "main")),
    "proposal merge": Case(_prepare_proposal, _proposal_merge, "land", ("org", "toc", "main")),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_write_endpoint_moves_its_branch_only_through_the_landing_function(
    api, spy, small_doc, name
):
    case = CASES[name]
    token = case.prepare(api, small_doc)
    assert not spy.stray, "setting up wrote history outside the landing functions"
    spy.reset()

    response = case.act(api, token, small_doc)

    assert response.status_code in (200, 201), response.get_json()
    assert not spy.stray, f"written outside the landing functions: {spy.stray}"
    assert [function for function, _ in spy.calls][-1] == case.function
    org, graph, branch = case.branch
    head = api.head(org, graph, token, branch)
    assert head == spy.calls[-1][1]
    moved = [(e.branch, e.new) for e in spy.published]
    assert moved[-1] == (branch, head)
    assert len(spy.published) == len(spy.calls)  # one event per landing, once it committed


def test_a_refused_write_lands_nothing_and_publishes_nothing(api, spy, small_doc):
    token = _setup_graph(api, small_doc)
    head = api.head("org", "toc", token)
    spy.reset()
    stale = [{"op": "update_node", "id": "nope", "set": {"label": "x"}}]
    r = api.commit(token, "org", "toc", stale, base=head)
    assert r.status_code in (404, 422), r.get_json()
    assert spy.published == [] and not spy.stray
    assert api.head("org", "toc", token) == head
