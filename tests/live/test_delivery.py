"""A landed commit reaches the subscribers of its branch only, in commit order, once; a
rolled-back or refused write publishes nothing. On each backend with its default bus:
in-process on SQLite, ``LISTEN/NOTIFY`` on PostgreSQL."""

from __future__ import annotations

import contextlib
import threading

from tests.conftest import Api
from tests.live.helpers import drain, graph_id, new_toc, relabel
from toc_editor.domain.events import BranchMoved
from toc_editor.live import LocalBus, Resync


def test_the_default_bus_follows_the_database(live_app):
    bus = live_app.extensions["toc_live"]
    on_postgres = live_app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    assert type(bus).__name__ == ("PostgresBus" if on_postgres else "LocalBus")


def test_a_commit_reaches_its_branch_once_with_what_an_editor_shows(live_app, small_doc):
    api = Api(live_app.test_client())
    token = new_toc(api, small_doc)
    r = api.post("/graphs/org/toc/branches", {"name": "draft", "from": "main"}, token=token)
    assert r.status_code == 201, r.get_json()
    gid, bus = graph_id(live_app), live_app.extensions["toc_live"]
    start = api.head("org", "toc", token)
    with (
        bus.subscribe(gid, "main") as main,
        bus.subscribe(gid, "draft") as draft,
        bus.subscribe(gid + 1, "main") as other,
    ):
        r = relabel(api, token, "Confidence in work")
        assert r.status_code == 201, r.get_json()
        [event] = drain(main, 1)
        assert isinstance(event, BranchMoved)
        head = api.head("org", "toc", token)
        assert (event.graph_id, event.branch, event.old, event.new) == (gid, "main", start, head)
        assert (event.parents, event.author, event.message) == (
            (start,),
            "ana",
            "say Confidence in work",
        )
        assert event.delta.nodes["oc"]["label"] == "Confidence in work" and not event.delta.edges
        assert main.get(0.3) is None  # once
        assert draft.get(0) is None and other.get(0) is None  # its branch only


def test_commits_arrive_in_commit_order(live_app, small_doc):
    api = Api(live_app.test_client())
    token = new_toc(api, small_doc)
    gid, bus = graph_id(live_app), live_app.extensions["toc_live"]
    start = api.head("org", "toc", token)
    with bus.subscribe(gid, "main") as sub:
        for n in range(5):
            assert relabel(api, token, f"Label {n}").status_code == 201
        events = drain(sub, 5)
    assert [e.message for e in events] == [f"say Label {n}" for n in range(5)]
    assert [e.old for e in events] == [start] + [e.new for e in events[:-1]]  # a chain
    assert events[-1].new == api.head("org", "toc", token)


def test_concurrent_writers_are_delivered_as_a_chain(live_app, small_doc):
    """Threads that commit at once: each event's ``old`` is the previous one's ``new``,
    whichever thread got to run first after its commit."""
    api = Api(live_app.test_client())
    token = new_toc(api, small_doc)
    gid, bus = graph_id(live_app), live_app.extensions["toc_live"]
    start = api.head("org", "toc", token)
    writers, rounds = 6, 4

    def write(n: int) -> None:
        mine = Api(live_app.test_client())
        for r in range(rounds):
            node = {"id": f"w{n}r{r}", "kind": "output", "label": f"Writer {n}, round {r}"}
            ops = [{"op": "add_node", "node": node}]  # no two collide: each lands, rebased
            response = mine.commit(token, "org", "toc", ops, message=f"w{n} r{r}")
            assert response.status_code == 201, response.get_json()

    with bus.subscribe(gid, "main") as sub:
        threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        events = drain(sub, writers * rounds)
        assert sub.get(0.3) is None
    assert len(events) == writers * rounds
    assert [e.old for e in events] == [start] + [e.new for e in events[:-1]]
    assert events[-1].new == api.head("org", "toc", token)


def test_a_refused_write_publishes_nothing(live_app, small_doc):
    api = Api(live_app.test_client())
    token = new_toc(api, small_doc)
    gid, bus = graph_id(live_app), live_app.extensions["toc_live"]
    stale = api.head("org", "toc", token)
    assert relabel(api, token, "Theirs").status_code == 201
    with bus.subscribe(gid, "main") as sub:
        r = relabel(api, token, "Ours", base=stale)  # the same field, from a stale head
        assert r.status_code == 409, r.get_json()
        bad = [{"op": "remove_node", "id": "no such node"}]
        assert api.commit(token, "org", "toc", bad).status_code in (400, 409, 422)
        assert sub.get(0.5) is None


def test_a_rollback_publishes_nothing_and_holds_no_one_up(live_app, small_doc):
    """Through the unit of work itself: a transaction that records a move and rolls back
    announces nothing, and one whose commit fails is dropped without blocking the next."""
    from toc_editor.domain.delta import Delta

    bus = live_app.extensions["toc_live"]
    make_uow = live_app.extensions["toc_unit_of_work"]
    moved = BranchMoved(99, "main", None, "c" * 40, Delta(), (), "ana", "m")
    with live_app.app_context(), bus.subscribe(99, "main") as sub:
        uow = make_uow()
        with uow:
            uow.record(moved)
        assert sub.get(0.3) is None  # rolled back

        uow = make_uow()
        with uow:
            uow.record(moved)

            def fail() -> None:
                raise RuntimeError("the commit failed")

            uow.session.commit = fail  # type: ignore[method-assign]
            with contextlib.suppress(RuntimeError):
                uow.commit()
            del uow.session.commit
        assert sub.get(0.3) is None  # its commit failed

        uow = make_uow()
        with uow:
            uow.record(moved)
            uow.commit()
        assert drain(sub, 1, timeout=5) == [moved]


def test_local_bus_releases_batches_in_staging_order():
    """A transaction that commits second but publishes first waits for the first."""
    from toc_editor.domain.delta import Delta

    bus = LocalBus()
    first = BranchMoved(1, "main", "a" * 40, "b" * 40, Delta())
    second = BranchMoved(1, "main", "b" * 40, "c" * 40, Delta())
    third = BranchMoved(1, "main", "c" * 40, "d" * 40, Delta())
    with bus.subscribe(1, "main") as sub:
        a, b = bus.stage(None, [first]), bus.stage(None, [second])  # type: ignore[arg-type]
        b.release()
        assert sub.get(0) is None  # the first has not settled yet
        a.release()
        assert drain(sub, 2, timeout=0) == [first, second]
        c, d = bus.stage(None, [third]), bus.stage(None, [first])  # type: ignore[arg-type]
        c.abandon()
        d.release()
        c.release()  # settled already: nothing more
        assert drain(sub, 2, timeout=0) == [first]


def test_a_subscriber_that_falls_behind_gets_a_resync_not_a_gap():
    from toc_editor.domain.delta import Delta

    bus = LocalBus()
    with bus.subscribe(1, "main", limit=3) as sub:
        for n in range(5):
            bus.stage(None, [BranchMoved(1, "main", None, f"{n}" * 40, Delta())]).release()  # type: ignore[arg-type]
        items = drain(sub, 5, timeout=0)
    assert items[0] == Resync(1, "main", "the subscriber fell behind")
    assert [i.new for i in items[1:]] == ["4" * 40]  # type: ignore[union-attr]
