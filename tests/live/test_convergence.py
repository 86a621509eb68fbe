"""Convergence of live co-editing (issue 12): 10 simulated editors x 100 edits each on one
ToC, through the real server (``toc-editor serve``), on PostgreSQL with two app processes
(the editors attached alternately to one and the other) and on the embedded default
(SQLite, one process).

Each editor is a thread with its own account, API token and HTTP session, and its own
live stream (Server-Sent Events) to its process. Like the browser it keeps its own copy of
the document, changed only by what the stream pushes (a ``commit`` event's delta, applied
when its ``old`` is the commit the copy is at; a ``resync`` reloads the tree), and sends
each edit at once, one commit in flight at a time, with ``base`` = the commit its copy is
at. Edits are random: labels and descriptions (a few nodes are hot, so editors collide),
add a node (with an arrow to it, in one commit), delete a node, add and delete an arrow.
An editor sends its next edit once its copy holds its last acknowledged commit (the
browser shows its own edits at once, so its next edit is made on top of them). Half the
editors drop their stream every 60-180 commit events and open it again from their copy's
commit (``since``), as a browser does after a broken connection: the first event is then
a catch-up, and commits landing while the stream reopens must come neither twice nor
never.

Asserted, with the branch's history (``GET /commits``) as the order of commits:

- every edit was answered 201 or 409 (a 409 lists its conflicts); nothing else, no
  stream error, no ``bye``;
- every acknowledged edit is in the final head: each field it set has its value, each
  entity it added is there and each it deleted is gone, unless a later acknowledged
  commit set that field again or deleted that entity (or an arrow's end);
- no edit refused with a 409 left anything in the head (its values are all unique);
- the history is exactly the acknowledged edits' commits (each message names one edit),
  and replaying their ops in that order on the first tree gives the final head;
- every stream delivered every commit once, in order, each chaining on the one before
  (no event had to be repaired by reloading the tree; after a reconnect, one catch-up),
  and every editor's copy equals the final head's tree exactly.
"""

from __future__ import annotations

import base64
import itertools
import json
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.conftest import BACKENDS, make_app
from tests.e2e.conftest import running_server
from tests.live.sse_client import StreamClosed, SyncStream

EDITORS = 10
EDITS = 100
PASSWORD = "correct horse battery staple"
ORG, GRAPH = "team", "toc"
HOT = ("n0", "n1", "n2")
"""Nodes a third of the field edits go to, so that editors collide."""
MIN_NODES = 12
"""Nodes are deleted only while more than this many remain."""
WAIT_S = 20.0
RECONNECT_EVERY = (60, 180)
"""Half the editors drop their stream and reopen it after this many commit events."""


def initial_document() -> dict[str, Any]:
    kinds = ["activity"] * 5 + ["output"] * 5 + ["outcome"] * 5 + ["impact"]
    nodes = [
        {"id": f"n{i}", "kind": kind, "label": f"{kind.title()} {i}", "description": ""}
        for i, kind in enumerate(kinds)
    ]
    edges = [{"id": f"e{i}", "source": f"n{i}", "target": f"n{i + 5}"} for i in range(10)] + [
        {"id": f"e{10 + i}", "source": f"n{10 + i}", "target": "n15"} for i in range(5)
    ]
    return {"nodes": nodes, "edges": edges}


# -- servers and accounts ------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def servers(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[str]]:
    """The base URLs of the app processes: two on PostgreSQL (the session's throw-away
    database, emptied first), one on SQLite."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    if request.param == "sqlite":
        with running_server(first) as url:
            yield [url]
        return
    monkeypatch.setenv("TOC_INSTANCE_PATH", str(tmp_path / "instance"))
    app = make_app("postgres", tmp_path, request)  # empties the database, as other tests do
    from toc_editor.storage.db import db

    app.extensions["toc_live"].close()
    with app.app_context():
        db.engine.dispose()
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    with (
        running_server(first, database) as one,
        running_server(second, database, prepare=False) as two,
    ):
        yield [one, two]


def http(url: str, token: str | None = None) -> requests.Session:
    s = requests.Session()
    s.headers["Accept"] = "application/json"
    if token:
        s.headers["Authorization"] = f"Bearer {token}"
    s.base = url  # type: ignore[attr-defined]
    return s


def call(s: requests.Session, method: str, path: str, **kw: Any) -> requests.Response:
    return s.request(method, f"{s.base}/api/v1{path}", timeout=60, **kw)  # type: ignore[attr-defined]


def sign_up(url: str, username: str) -> str:
    s = http(url)
    body = {"username": username, "email": f"{username}@example.org", "password": PASSWORD}
    r = call(s, "POST", "/users", json=body)
    assert r.status_code == 201, r.text
    basic = base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()
    r = call(s, "POST", "/tokens", headers={"Authorization": f"Basic {basic}"})
    assert r.status_code == 201, r.text
    return str(r.json()["token"])


def make_team(url: str, count: int) -> list[tuple[str, str]]:
    """``count`` accounts (usernames and tokens), the first owning the organisation and
    the ToC, the others its editors. Signed up in parallel (each costs a password hash)."""
    names = [f"ed{i}" for i in range(count)]
    tokens: dict[str, str] = {}

    def one(name: str) -> None:
        tokens[name] = sign_up(url, name)

    threads = [threading.Thread(target=one, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    owner = http(url, tokens[names[0]])
    r = call(owner, "POST", "/orgs", json={"slug": ORG, "name": "Team"})
    assert r.status_code == 201, r.text
    for name in names[1:]:
        r = call(owner, "POST", f"/orgs/{ORG}/members", json={"user": name, "role": "editor"})
        assert r.status_code == 201, r.text
    graph = {"slug": GRAPH, "title": "Shared", "visibility": "private"}
    r = call(owner, "POST", f"/orgs/{ORG}/graphs", json={**graph, "document": initial_document()})
    assert r.status_code == 201, r.text
    return [(n, tokens[n]) for n in names]


# -- one simulated editor ------------------------------------------------------------------


@dataclass
class Edit:
    author: str
    message: str
    ops: list[dict[str, Any]]
    base: str
    status: int = 0
    commit: str | None = None
    answer: Any = None
    new: bool = False
    """Its commit is a new one on the branch (not the head handed back to an edit that
    changed nothing, the head holding it already)."""


@dataclass
class Editor:
    """A browser-like client: its copy of the document follows its live stream."""

    username: str
    url: str
    token: str
    seed: int
    commit: str = ""
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[str, dict[str, Any]] = field(default_factory=dict)
    reconnect_every: tuple[int, int] | None = None
    """Drop the stream and open it again (``since`` = the copy's commit) after a random
    number of commit events in this range, as a browser whose connection broke."""
    applied: list[tuple[str, bool]] = field(default_factory=list)
    """Commits applied from pushed deltas, in order, and whether each was a catch-up."""
    known: set[str] = field(default_factory=set)
    jumps: int = 0
    """Trees loaded and catch-ups applied (the copy passed commits it never saw alone)."""
    loads: int = 0
    """Trees loaded (the first one, then one per resync or broken chain)."""
    connections: int = 0
    anomalies: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    resyncs: int = 0
    hello: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.cond = threading.Condition()
        self.http = http(self.url, self.token)
        self.reader_http = http(self.url, self.token)
        self.rng = random.Random(self.seed)
        self.rng_stream = random.Random(-self.seed)
        self.ready = threading.Event()
        self.stream: SyncStream | None = None
        self.done = False

    # the copy of the document

    def load(self, ref: str) -> None:
        r = call(self.reader_http, "GET", f"/graphs/{ORG}/{GRAPH}/tree/{ref}")
        r.raise_for_status()
        tree = r.json()
        with self.cond:
            self.commit = tree["commit"]
            self.nodes = {n["id"]: n for n in tree["nodes"]}
            self.edges = {e["id"]: e for e in tree["edges"]}
            self.known.add(self.commit)
            self.loads += 1
            self.jumps += 1
            self.cond.notify_all()

    def on_event(self, name: str, data: dict[str, Any]) -> None:
        if name == "hello":
            self.hello = data
            self.ready.set()
        elif name == "commit":
            with self.cond:
                if data["old"] != self.commit:
                    self.anomalies.append(
                        f"commit {data['commit'][:10]} moves from {str(data['old'])[:10]} "
                        f"but the copy is at {self.commit[:10]}"
                    )
                else:
                    for section in ("nodes", "edges"):
                        mine = getattr(self, section)
                        for eid, value in data["delta"][section].items():
                            if value is None:
                                mine.pop(eid, None)
                            else:
                                mine[eid] = value
                    self.commit = data["commit"]
                    self.applied.append((self.commit, data["catchup"]))
                    self.known.add(self.commit)
                    self.jumps += data["catchup"]
                    self.cond.notify_all()
                    return
            self.load(data["commit"])  # what the browser does with a broken chain
        elif name == "resync":
            self.resyncs += 1
            self.load(data["head"])
        elif name == "bye":
            self.errors.append(f"bye: {data}")

    def listen(self) -> None:
        """Follow the stream until :meth:`stop`, reopening it now and then if asked."""
        try:
            while not self.done:
                budget = self.rng_stream.randint(*self.reconnect_every or (0, 0)) or None
                self.connections += 1
                self.follow(budget)
        except StreamClosed as exc:
            self.errors.append(f"stream: {exc} {exc.body[:200]!r}")
        except Exception as exc:  # reported by the test
            self.errors.append(f"stream: {exc!r}")
        finally:
            self.ready.set()

    def follow(self, budget: int | None) -> None:
        """One connection, from the copy's commit; closed after ``budget`` commit events."""
        path = f"/api/v1/graphs/{ORG}/{GRAPH}/branches/main/live?since={self.commit}"
        self.stream = SyncStream(self.url + path, {"Authorization": f"Bearer {self.token}"})
        events = self.stream.events()
        try:
            for event in events:
                if event.event in ("hello", "commit", "resync", "bye"):
                    self.on_event(event.event, json.loads(event.data))
                if event.event == "commit" and budget is not None:
                    budget -= 1
                    if budget == 0:
                        return
        finally:
            events.close()  # closes the socket: the server sees the client gone

    def stop(self) -> None:
        self.done = True
        if self.stream is not None:
            self.stream.stop()

    def wait_for(self, commit: str, timeout: float = WAIT_S) -> bool:
        """Wait until the copy holds ``commit`` (or jumped, maybe past it)."""
        with self.cond:
            jumps = self.jumps
            return self.cond.wait_for(
                lambda: commit in self.known or self.jumps != jumps, timeout=timeout
            )

    def settle(self, head: str, timeout: float = WAIT_S) -> bool:
        """Wait until the copy is at ``head``."""
        with self.cond:
            return self.cond.wait_for(lambda: self.commit == head, timeout=timeout)

    # editing

    def random_ops(self, k: int) -> list[dict[str, Any]]:
        """One user action on the copy as it is now (``k`` makes values and ids unique)."""
        rng, tag = self.rng, f"{self.username}.{k}"
        nodes, edges = self.nodes, self.edges
        ids = sorted(nodes)
        pairs = {(e["source"], e["target"]) for e in edges.values()}
        roll = rng.random()
        if roll < 0.10:
            node = {"id": f"n-{tag}", "kind": rng.choice(["activity", "output", "outcome"]),
                    "label": f"{tag} new", "description": f"{tag} about"}  # fmt: skip
            ops: list[dict[str, Any]] = [{"op": "add_node", "node": node}]
            if rng.random() < 0.5:
                source = rng.choice(ids)
                edge = {"id": f"e-{tag}", "source": source, "target": node["id"]}
                ops.append({"op": "add_edge", "edge": edge})
            return ops
        if roll < 0.17:
            deletable = [n for n in ids if n not in HOT]
            if len(ids) > MIN_NODES and deletable:
                return [{"op": "remove_node", "id": rng.choice(deletable)}]
        elif roll < 0.25:
            for _ in range(20):
                source, target = rng.sample(ids, 2)
                if (source, target) not in pairs:
                    edge = {"id": f"e-{tag}", "source": source, "target": target}
                    return [{"op": "add_edge", "edge": edge}]
        elif roll < 0.30 and edges:
            return [{"op": "remove_edge", "id": rng.choice(sorted(edges))}]
        hot = [n for n in HOT if n in nodes]
        target = rng.choice(hot) if hot and rng.random() < 0.35 else rng.choice(ids)
        which = rng.random()
        if which < 0.55:
            change = {"label": f"{tag} label"}
        elif which < 0.92:
            change = {"description": f"{tag} description"}
        else:
            change = {"label": f"{tag} label", "description": f"{tag} description"}
        return [{"op": "update_node", "id": target, "set": change}]

    def run(self, count: int, start: threading.Barrier) -> None:
        try:
            start.wait(timeout=60)
            for k in range(count):
                with self.cond:
                    ops, base = self.random_ops(k), self.commit
                edit = Edit(self.username, f"{self.username}.{k}", ops, base)
                self.edits.append(edit)
                body = {"base": base, "message": edit.message, "ops": ops}
                path = f"/graphs/{ORG}/{GRAPH}/branches/main/commits"
                r = call(self.http, "POST", path, json=body)
                edit.status, edit.answer = r.status_code, r.json()
                if r.status_code == 201:
                    edit.commit = edit.answer["id"]
                    if not self.wait_for(edit.commit):
                        self.errors.append(f"{edit.message}: {edit.commit} never arrived")
                elif r.status_code != 409:
                    self.errors.append(f"{edit.message}: {r.status_code} {r.text[:300]}")
        except Exception as exc:  # reported by the test
            self.errors.append(f"editor: {exc!r}")


# -- what must hold at the end ----------------------------------------------------------------


def history(s: requests.Session, head: str) -> list[dict[str, Any]]:
    """The branch's commits, oldest first, from the API (``GET .../commits``)."""
    rows: list[dict[str, Any]] = []
    before: str | None = None
    while True:
        params: dict[str, Any] = {"ref": head, "limit": 500}
        if before:
            params["before"] = before
        r = call(s, "GET", f"/graphs/{ORG}/{GRAPH}/commits", params=params)
        r.raise_for_status()
        page = r.json()
        rows += page
        if len(page) < 500:
            return rows[::-1]
        before = page[-1]["id"]


def touches(ops: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    """What later ops may overwrite: (kind, id, field), with ``*`` for a deletion."""
    out = set()
    for op in ops:
        if op["op"] == "update_node":
            out |= {("node", op["id"], f) for f in op["set"]}
        elif op["op"] in ("remove_node", "remove_edge"):
            out.add((op["op"][7:], op["id"], "*"))
    return out


def claims(ops: list[dict[str, Any]]) -> list[tuple[str, str, str, Any]]:
    """What an acknowledged edit says the head holds: (kind, id, field, value); field
    ``*`` with value True (exists) or False (deleted)."""
    out: list[tuple[str, str, str, Any]] = []
    for op in ops:
        name = op["op"]
        if name == "update_node":
            out += [("node", op["id"], f, v) for f, v in op["set"].items()]
        elif name in ("add_node", "add_edge"):
            kind = name[4:]
            entity = op[kind]
            out.append((kind, entity["id"], "*", True))
            out += [(kind, entity["id"], f, v) for f, v in entity.items() if f != "id"]
        else:
            out.append((name[7:], op["id"], "*", False))
    return out


def check_acknowledged(
    edits: list[Edit], order: dict[str, int], final: dict[str, dict[str, Any]]
) -> list[str]:
    """Each acknowledged edit's claims hold in the final head, or a later acknowledged
    commit overwrote them (set the field again, or deleted the entity or an arrow's end)."""
    landed = [e for e in edits if e.status == 201]
    later_touch = [(order[e.commit], touches(e.ops)) for e in landed if e.new and e.commit]
    problems = []
    for e in landed:
        if e.commit not in order:
            problems.append(f"{e.message}: its commit {e.commit} is not on the branch")
            continue
        after = set().union(*(t for pos, t in later_touch if pos > order[e.commit]))
        for kind, eid, fname, value in claims(e.ops):
            entity = final[kind].get(eid)
            if fname == "*":
                if value is False:
                    if entity is not None:
                        problems.append(f"{e.message}: deleted {kind} {eid} is back")
                    continue
                holds = entity is not None
            else:
                holds = entity is not None and entity.get(fname) == value
            if holds or (kind, eid, "*") in after or (kind, eid, fname) in after:
                continue
            if kind == "edge" and entity is None:
                ends = {op["edge"][k] for op in e.ops if op["op"] == "add_edge"
                        and op["edge"]["id"] == eid for k in ("source", "target")}  # fmt: skip
                if any(("node", n, "*") in after for n in ends):
                    continue
            have = entity if entity is None or fname == "*" else entity.get(fname)
            problems.append(f"{e.message}: {kind} {eid} {fname} should be {value!r}, is {have!r}")
    return problems


def check_refused(edits: list[Edit], final: dict[str, dict[str, Any]]) -> list[str]:
    """Nothing of an edit answered 409 is in the head (every value and id is unique)."""
    problems = []
    values = {
        (kind, eid, f): v
        for kind in ("node", "edge")
        for eid, entity in final[kind].items()
        for f, v in entity.items()
    }
    held = {(k, v) for (k, _, f), v in values.items() if isinstance(v, str)}
    for e in edits:
        if e.status != 409:
            continue
        if not e.answer.get("conflicts"):
            problems.append(f"{e.message}: a 409 without conflicts: {e.answer}")
        for kind, eid, fname, value in claims(e.ops):
            if fname == "*" and value is True and eid in final[kind]:
                problems.append(f"{e.message}: refused, but its {kind} {eid} is there")
            elif fname not in ("*", "id", "kind", "source", "target") and (kind, value) in held:
                problems.append(f"{e.message}: refused, but {value!r} is in the head")
    return problems


def replay(start: dict[str, Any], commits: list[Edit]) -> dict[str, dict[str, Any]]:
    """The ids and the fields the editors set, after applying ``commits``' ops in order."""
    nodes = {
        n["id"]: {"label": n["label"], "description": n["description"]} for n in start["nodes"]
    }
    edges = {e["id"]: (e["source"], e["target"]) for e in start["edges"]}
    for e in commits:
        for op in e.ops:
            name = op["op"]
            if name == "add_node":
                n = op["node"]
                nodes[n["id"]] = {"label": n["label"], "description": n["description"]}
            elif name == "update_node":
                nodes[op["id"]].update(op["set"])
            elif name == "remove_node":
                del nodes[op["id"]]
                edges = {k: v for k, v in edges.items() if op["id"] not in v}
            elif name == "add_edge":
                edges[op["edge"]["id"]] = (op["edge"]["source"], op["edge"]["target"])
            elif name == "remove_edge":
                del edges[op["id"]]
    return {"nodes": nodes, "edges": edges}  # type: ignore[dict-item]


# -- the test -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_editors_converge(servers: list[str]) -> None:
    began = time.monotonic()
    team = make_team(servers[0], EDITORS)
    editors = [
        Editor(name, servers[i % len(servers)], token, seed=1000 + i,
               reconnect_every=RECONNECT_EVERY if i % 2 == 0 else None)
        for i, (name, token) in enumerate(team)
    ]  # fmt: skip
    for ed in editors:
        ed.load("main")
    start_tree = call(editors[0].http, "GET", f"/graphs/{ORG}/{GRAPH}/tree/main").json()
    listeners = [threading.Thread(target=ed.listen, daemon=True) for ed in editors]
    for t in listeners:
        t.start()
    for ed in editors:
        assert ed.ready.wait(30) and ed.hello is not None, ed.errors
        assert ed.hello["can_write"] and ed.hello["head"] == start_tree["commit"]
    setup_s = time.monotonic() - began

    barrier = threading.Barrier(len(editors))
    workers = [threading.Thread(target=ed.run, args=(EDITS, barrier)) for ed in editors]
    editing = time.monotonic()
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=300)
    editing_s = time.monotonic() - editing

    owner = editors[0].http
    heads = {call(ed.http, "GET", f"/graphs/{ORG}/{GRAPH}/branches/main").json()["head"]
             for ed in editors}  # fmt: skip
    assert len(heads) == 1, f"the processes disagree on the head: {heads}"
    [head] = heads
    final_tree = call(owner, "GET", f"/graphs/{ORG}/{GRAPH}/tree/{head}").json()
    for ed in editors:
        ed.settle(head)
    for ed in editors:
        ed.stop()
    for t in listeners:
        t.join(timeout=10)

    edits = [e for ed in editors for e in ed.edits]
    errors = [f"{ed.username}: {x}" for ed in editors for x in ed.anomalies + ed.errors]
    assert not errors, f"{len(errors)} stream anomalies and errors:\n" + "\n".join(errors[:20])
    statuses = {s: sum(e.status == s for e in edits) for s in {e.status for e in edits}}
    assert len(edits) == EDITORS * EDITS and set(statuses) <= {201, 409}, statuses
    acked = [e for e in edits if e.status == 201]
    assert len(acked) >= 0.5 * len(edits), f"too few edits landed to mean much: {statuses}"

    # The history is the acknowledged edits' commits, one each, in the order they landed.
    rows = history(owner, head)
    assert rows[0]["id"] == start_tree["commit"]
    assert all(r["parents"] == [p["id"]] for p, r in itertools.pairwise(rows))
    by_message = {e.message: e for e in acked}
    commits = [by_message.get(r["message"]) for r in rows[1:]]
    strangers = [r["message"] for r, e in zip(rows[1:], commits, strict=True) if e is None]
    assert not strangers, f"commits no acknowledged edit made: {strangers[:5]}"
    order = {r["id"]: i for i, r in enumerate(rows)}
    for e in acked:
        e.new = e.commit in order and rows[order[e.commit]]["message"] == e.message
    assert [e.commit for e in commits] == [r["id"] for r in rows[1:]]

    final = {
        "node": {n["id"]: n for n in final_tree["nodes"]},
        "edge": {e["id"]: e for e in final_tree["edges"]},
    }
    problems = check_acknowledged(acked, order, final) + check_refused(edits, final)
    assert not problems, "\n".join(problems[:20])
    expected = replay(start_tree, commits)  # type: ignore[arg-type]
    got = {
        "nodes": {i: {"label": n["label"], "description": n["description"]}
                  for i, n in final["node"].items()},
        "edges": {i: (e["source"], e["target"]) for i, e in final["edge"].items()},
    }  # fmt: skip
    assert got == expected

    # Every stream delivered every commit once, in order (after a reconnect, first one
    # catch-up from the copy's commit); every copy is the head.
    landed = [r["id"] for r in rows[1:]]
    catchups = 0
    for ed in editors:
        assert ed.resyncs == 0 and ed.loads == 1, (ed.username, ed.resyncs, ed.loads)
        if ed.reconnect_every is None:
            assert ed.connections == 1
            assert ed.applied == [(c, False) for c in landed], f"{ed.username}: not each once"
        else:
            at = 0
            for commit, catchup in ed.applied:
                assert order[commit] > at if catchup else order[commit] == at + 1, ed.username
                at = order[commit]
                catchups += catchup
            assert ed.connections > 2, (ed.username, ed.connections)
        assert ed.commit == head
        assert ed.nodes == final["node"], ed.username
        assert ed.edges == final["edge"], ed.username
    total_s = time.monotonic() - began
    reconnects = sum(ed.connections - 1 for ed in editors)
    print(
        f"\nconvergence on {len(servers)} process(es): {statuses.get(201, 0)} landed "
        f"({len(landed)} commits), {statuses.get(409, 0)} conflicts; {reconnects} reconnects, "
        f"{catchups} catch-ups; setup {setup_s:.1f} s, editing {editing_s:.1f} s, "
        f"total {total_s:.1f} s"
    )
