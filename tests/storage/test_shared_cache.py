"""The shared second cache level on SQLite and PostgreSQL: blobs, eviction by size, the
``last_used`` stamp, claims with expiry, failure markers, and waiting for another worker.

Two :class:`SharedCache` objects on two engines over one database stand for two workers.
Time passing is simulated by moving the stored times, never by sleeping.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from toc_editor.storage.db import db
from toc_editor.storage.shared_cache import Claim, Flights, SharedCache

CAPACITY = 4000  # bytes; one blob may take a quarter


@pytest.fixture
def engines(app: Any) -> Iterator[tuple[Any, Any]]:
    """The app's engine and a second one on the same database (another worker)."""
    with app.app_context():
        first = db.engine
    args = {"check_same_thread": False} if first.dialect.name == "sqlite" else {}
    second = create_engine(first.url, connect_args=args)
    yield first, second
    second.dispose()


@pytest.fixture
def shared(engines: tuple[Any, Any]) -> SharedCache:
    return SharedCache(engines[0], CAPACITY, namespace="test")


@pytest.fixture
def other(engines: tuple[Any, Any]) -> SharedCache:
    """The same shared level, seen from another worker."""
    return SharedCache(engines[1], CAPACITY, namespace="test")


def sql(cache: SharedCache, statement: str, **params: Any) -> Any:
    assert cache.engine is not None
    with cache.engine.begin() as conn:
        result = conn.execute(text(statement), params)
        return result.all() if result.returns_rows else None


def last_used(cache: SharedCache, name: str) -> float:
    rows = sql(cache, "SELECT last_used FROM derived_blobs WHERE key = :k", k=cache.key(name))
    return float(rows[0][0])


def age(cache: SharedCache, table: str, column: str, seconds: float) -> None:
    """Move every row's ``column`` of ``table`` ``seconds`` into the past."""
    sql(cache, f"UPDATE {table} SET {column} = {column} - :s", s=seconds)


# -- blobs ------------------------------------------------------------------------------


def test_a_blob_put_by_one_worker_is_read_by_another(
    shared: SharedCache, other: SharedCache
) -> None:
    assert shared.get("render:svg:abc") is None
    assert shared.put("render:svg:abc", b"<svg/>")
    assert other.get("render:svg:abc") == b"<svg/>"
    assert other.get("render:svg:abd") is None
    assert (other.hits, other.misses) == (1, 1)
    assert shared.usage() == (1, 6)


def test_rows_are_content_addressed_within_a_namespace(
    shared: SharedCache, engines: tuple[Any, Any]
) -> None:
    shared.put("render:svg:abc", b"drawn by this code")
    other_code = SharedCache(engines[1], CAPACITY, namespace="other code")
    assert other_code.get("render:svg:abc") is None
    assert len(shared.key("x")) == 64 and shared.key("x") != other_code.key("x")


def test_a_blob_survives_the_rollback_of_the_request_that_stored_it(
    app: Any, shared: SharedCache, other: SharedCache
) -> None:
    with app.app_context():
        db.session.execute(text("SELECT 1 FROM derived_blobs"))  # a request's transaction
        shared.put("k", b"kept")
        assert other.get("k") == b"kept"  # seen at once, while that transaction is open
        db.session.rollback()
    assert other.get("k") == b"kept"


def test_storing_again_replaces_the_blob(shared: SharedCache) -> None:
    shared.put("k", b"one")
    shared.put("k", b"two!")
    assert shared.get("k") == b"two!" and shared.usage() == (1, 4)


def test_a_blob_larger_than_a_quarter_of_the_capacity_is_not_shared(shared: SharedCache) -> None:
    assert not shared.put("big", b"x" * (CAPACITY // 4 + 1))
    assert shared.get("big") is None
    assert shared.put("fits", b"x" * (CAPACITY // 4))


def test_the_least_recently_used_blobs_go_when_the_table_passes_its_capacity(
    shared: SharedCache,
) -> None:
    for i, name in enumerate("abcd"):  # 3,600 bytes of 4,000
        shared.put(name, name.encode() * 900)
        sql(
            shared,
            "UPDATE derived_blobs SET last_used = :t WHERE key = :k",
            t=1000.0 * (i + 1),
            k=shared.key(name),
        )
    assert shared.get("a") is not None  # a was the oldest; reading it makes it the newest
    shared.put("e", b"e" * 900)  # 4,500 bytes: down to 90% of the capacity, 3,600
    kept = {name for name in "abcde" if shared.get(name) is not None}
    assert kept == {"a", "c", "d", "e"}
    assert shared.usage() == (4, 3600)


def test_many_puts_keep_the_table_within_its_capacity(shared: SharedCache) -> None:
    for i in range(40):
        shared.put(f"k{i}", bytes([i]) * 700)
        assert shared.usage()[1] <= CAPACITY
    assert shared.get("k39") == bytes([39]) * 700


def test_a_hit_refreshes_last_used_at_most_once_a_minute(shared: SharedCache) -> None:
    shared.put("k", b"body")
    age(shared, "derived_blobs", "last_used", 30)
    before = last_used(shared, "k")
    assert shared.get("k") == b"body"
    assert last_used(shared, "k") == before  # used 30 s ago: no write
    age(shared, "derived_blobs", "last_used", 60)
    assert shared.get("k") == b"body"
    assert last_used(shared, "k") > before  # 90 s ago: stamped now, after 30 s ago


# -- claims -----------------------------------------------------------------------------


def test_one_claim_at_a_time_per_key(shared: SharedCache, other: SharedCache) -> None:
    mine = shared.claim("k", 30)
    assert mine.mine and mine.token
    theirs = other.claim("k", 30)
    assert not theirs.mine and theirs.failure is None and 0 < theirs.left <= 30
    assert other.claim("another key", 30).mine
    other.release("k", "not the owner's token")
    assert not other.claim("k", 30).mine
    shared.release("k", mine.token)
    assert other.state("k") is None
    assert other.claim("k", 30).mine


def test_an_expired_claim_is_taken_over_and_its_old_owner_cannot_end_the_new_one(
    shared: SharedCache, other: SharedCache
) -> None:
    dead = shared.claim("k", 30)  # its worker died while making it
    age(shared, "derived_claims", "expires", 31)
    assert other.state("k") is None
    taken = other.claim("k", 30)
    assert taken.mine
    shared.release("k", dead.token)
    shared.put("k", b"late", release=dead.token)
    live = shared.state("k")
    assert live is not None and live.failure is None  # still the new owner's


def test_storing_the_blob_ends_the_makers_claim_in_the_same_transaction(
    shared: SharedCache, other: SharedCache
) -> None:
    claim = shared.claim("k", 30)
    assert other.state("k") is not None
    shared.put("k", b"done", release=claim.token)
    assert other.state("k") is None and other.get("k") == b"done"


def test_a_failure_marker_answers_everyone_until_it_expires(
    shared: SharedCache, other: SharedCache
) -> None:
    claim = shared.claim("k", 30)
    shared.fail("k", claim.token, '{"timeout": 20}', 60)
    seen = other.claim("k", 30)
    assert not seen.mine and seen.failure == '{"timeout": 20}' and 30 < seen.left <= 60
    state = other.state("k")
    assert state is not None and state.failure == '{"timeout": 20}'
    age(shared, "derived_claims", "expires", 61)
    assert other.claim("k", 30).mine


def test_a_failure_not_remembered_just_ends_the_claim(
    shared: SharedCache, other: SharedCache
) -> None:
    claim = shared.claim("k", 30)
    shared.fail("k", claim.token, "boom", 0)
    assert other.claim("k", 30).mine


# -- waiting for another worker ------------------------------------------------------------


def _wait_in_thread(cache: SharedCache, name: str) -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}

    def run() -> None:
        out["result"] = cache.wait(name, time.monotonic() + 60)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 30
    while cache.waiting < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert cache.waiting == 1
    return thread, out


@pytest.mark.parametrize("outcome", ["stored", "failed", "released"])
def test_a_waiter_sees_what_the_maker_did(
    shared: SharedCache, other: SharedCache, outcome: str
) -> None:
    claim = shared.claim("k", 30)
    thread, out = _wait_in_thread(other, "k")
    if outcome == "stored":
        shared.put("k", b"drawn", release=claim.token)
    elif outcome == "failed":
        shared.fail("k", claim.token, "broken", 60)
    else:
        shared.release("k", claim.token)
    thread.join(30)
    result = out["result"]
    if outcome == "stored":
        assert result == b"drawn"
    elif outcome == "failed":
        assert isinstance(result, Claim) and result.failure == "broken"
    else:
        assert result is None  # nobody makes it now: the waiter may claim it
    assert other.waiting == 0


def test_a_waiter_gives_up_at_its_deadline_with_the_live_claim(
    shared: SharedCache, other: SharedCache
) -> None:
    shared.claim("k", 30)
    result = other.wait("k", time.monotonic())
    assert isinstance(result, Claim) and not result.mine and result.failure is None


# -- off ----------------------------------------------------------------------------------


@pytest.mark.parametrize("capacity", [0, CAPACITY])
def test_without_a_shared_level_everything_misses_and_every_claim_is_ones_own(
    engines: tuple[Any, Any], capacity: int
) -> None:
    off = SharedCache(engines[0] if capacity == 0 else None, capacity)
    assert not off.enabled
    assert not off.put("k", b"x") and off.get("k") is None
    assert off.claim("k", 30).mine and off.claim("k", 30).mine
    assert off.state("k") is None and off.usage() == (0, 0)


def test_a_database_error_is_a_miss_not_a_failure(app: Any) -> None:
    broken = create_engine("sqlite:////nonexistent-dir/toc.sqlite3")
    cache = SharedCache(broken, CAPACITY)
    assert cache.get("k") is None
    assert not cache.put("k", b"x")
    assert cache.claim("k", 30).mine
    assert cache.state("k") is None
    cache.release("k", "t")
    cache.fail("k", "t", "boom", 60)


# -- flights within one worker -------------------------------------------------------------


def test_threads_of_one_worker_follow_the_one_that_makes_a_key() -> None:
    flights = Flights()
    flight, leader = flights.join("k")
    again, follower_leads = flights.join("k")
    assert leader and not follower_leads and again is flight
    assert flights.join("other")[1]
    got: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: got.update(done=flights.follow(flight, 60)))
    thread.start()
    deadline = time.monotonic() + 30
    while flights.waiting < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert flights.waiting == 1
    flights.land("k", flight, value=b"made")
    thread.join(30)
    assert got["done"] and flight.value == b"made" and flight.error is None
    assert flights.waiting == 0
    assert flights.join("k")[1]  # landed: the next one leads again
