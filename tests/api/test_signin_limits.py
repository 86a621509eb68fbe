"""Failed sign-ins are limited per address and username, per address and per username;
right passwords never count, and a client that has not failed always gets in with the right
one. Sign-ups are limited per address. A Redis that is down never blocks a sign-in."""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from limits import parse_many
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from tests.conftest import Api
from toc_editor import create_app
from toc_editor.api import limits as limits_module

PASSWORD = "correct horse battery"


def _basic(username: str, password: str) -> dict[str, str]:
    pair = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


def test_the_eleventh_failed_sign_in_is_refused_for_that_username_on_both_routes(api):
    api.user("ana", PASSWORD)
    for _ in range(10):
        assert api.post("/tokens", headers=_basic("ana", "guess")).status_code == 401
    refused = api.post("/tokens", headers=_basic("ana", "guess"))
    assert refused.status_code == 429
    body = refused.get_json()
    assert body["code"] == 429 and "too many failed sign-ins" in body["message"]
    assert int(refused.headers["Retry-After"]) > 0
    # the right password does not get through either: a lock-out must not tell guesses apart
    assert api.post("/tokens", headers=_basic("ana", PASSWORD)).status_code == 429
    assert api.post("/session", {"username": "ana", "password": PASSWORD}).status_code == 429
    # another account from the same address is not affected
    api.user("ben", PASSWORD)
    assert api.post("/tokens", headers=_basic("ben", "guess")).status_code == 401
    # nor is ana from another address
    other = {"environ_base": {"REMOTE_ADDR": "198.51.100.2"}}
    assert api.post("/tokens", headers=_basic("ana", PASSWORD), **other).status_code == 201


def test_successful_sign_ins_are_not_counted(api):
    api.user("ana", PASSWORD)
    for _ in range(15):
        assert api.post("/tokens", headers=_basic("ana", PASSWORD)).status_code == 201
    for _ in range(15):  # each from a new browser (a signed-in one needs its CSRF token)
        fresh = api.client.application.test_client()
        signed_in = fresh.post("/api/v1/session", json={"username": "ana", "password": PASSWORD})
        assert signed_in.status_code == 200


def _sqlite_app(tmp_path, monkeypatch, **config):
    monkeypatch.setenv("TOC_INSTANCE_PATH", str(tmp_path / "instance"))
    config = {
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'toc.sqlite3'}",
        **config,
    }
    app = create_app(config)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    return app, config


def test_the_limit_is_configurable(tmp_path, monkeypatch):
    app, _ = _sqlite_app(tmp_path, monkeypatch, TOC_SIGNIN_LIMIT="2 per minute")
    client = app.test_client()
    codes = [
        client.post("/api/v1/session", json={"username": "nobody", "password": "x"}).status_code
        for _ in range(3)
    ]
    assert codes == [401, 401, 429]


def _redis_url() -> str:
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:  # pragma: no cover - depends on the host
        pytest.skip(f"Redis is not reachable at {url}: {exc}")
    return url


FAIL_IN_OTHER_PROCESS = """
import json, sys
from toc_editor import create_app
app = create_app(json.loads(sys.argv[1]))
client = app.test_client()
print([client.post("/api/v1/session", json={"username": "ana", "password": "guess"}).status_code
       for _ in range(3)])
"""


def test_workers_share_counters_through_redis(tmp_path, monkeypatch):
    """Three failures in another process lock the account here: the counters are in
    Redis, not in either process (with memory:// this process would answer 401)."""
    app, config = _sqlite_app(
        tmp_path,
        monkeypatch,
        TOC_SIGNIN_LIMIT="3 per minute",
        RATELIMIT_STORAGE_URI=_redis_url(),
        RATELIMIT_KEY_PREFIX=f"toc-test-{uuid.uuid4().hex}",
    )
    other = subprocess.run(
        [sys.executable, "-c", FAIL_IN_OTHER_PROCESS, json.dumps(config)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "TOC_INSTANCE_PATH": str(tmp_path / "instance")},
    )
    assert other.returncode == 0, other.stderr[-2000:]
    assert other.stdout.strip().splitlines()[-1] == "[401, 401, 401]"
    here = app.test_client().post("/api/v1/session", json={"username": "ana", "password": "guess"})
    assert here.status_code == 429


def test_behind_a_trusted_proxy_each_client_address_has_its_own_budget(tmp_path, monkeypatch):
    app, _ = _sqlite_app(tmp_path, monkeypatch, TOC_SIGNIN_LIMIT="2 per minute", TOC_PROXY_HOPS=1)
    client = app.test_client()

    def attempt(address: str) -> int:
        return client.post(
            "/api/v1/session",
            json={"username": "ana", "password": "guess"},
            headers={"X-Forwarded-For": address},
        ).status_code

    assert [attempt("203.0.113.7") for _ in range(3)] == [401, 401, 429]
    assert attempt("198.51.100.2") == 401  # another client of the same load balancer


def _from(address: str) -> dict[str, Any]:
    return {"environ_base": {"REMOTE_ADDR": address}}


def _sign_in(api, route: str, username: str, password: str, address: str) -> int:
    """One sign-in on ``route`` (``tokens`` or ``session``, each from a fresh client)."""
    fresh = Api(api.client.application.test_client())
    if route == "tokens":
        r = fresh.post("/tokens", headers=_basic(username, password), **_from(address))
    else:
        body = {"username": username, "password": password}
        r = fresh.post("/session", body, **_from(address))
    if r.status_code == 429:
        assert int(r.headers["Retry-After"]) > 0 and "too many" in r.get_json()["message"]
    return int(r.status_code)


def test_guesses_over_many_usernames_from_one_address_are_limited(api):
    """The default: 30 failures in 10 minutes per address, whatever the usernames."""
    api.user("ana", PASSWORD)
    guesser = "203.0.113.9"
    codes = [
        _sign_in(api, "tokens" if i % 2 else "session", f"user{i}", "guess", guesser)
        for i in range(31)
    ]
    assert codes == [401] * 30 + [429]
    refused = api.post("/session", {"username": "user99", "password": "x"}, **_from(guesser))
    assert refused.status_code == 429 and "from your address" in refused.get_json()["message"]
    assert _sign_in(api, "tokens", "ana", PASSWORD, guesser) == 429  # that address is limited
    assert _sign_in(api, "tokens", "ana", PASSWORD, "198.51.100.2") == 201  # no one else is


@pytest.mark.parametrize("route", ["tokens", "session"])
def test_guesses_at_one_username_from_many_addresses_never_lock_its_owner_out(api, route):
    api.client.application.config["TOC_SIGNIN_USER_LIMIT"] = "3 per minute"
    api.user("ana", PASSWORD)
    spread = [_sign_in(api, route, "ana", "guess", f"203.0.113.{i}") for i in range(1, 6)]
    assert spread == [401, 401, 401, 429, 429]  # the username is locked for guessers...
    refused = api.post("/session", {"username": "ana", "password": "guess"}, **_from("192.0.2.1"))
    assert "several addresses" in refused.get_json()["message"]
    # ...but a client that has not failed for it signs in with the right password
    assert _sign_in(api, route, "ana", PASSWORD, "198.51.100.7") in (200, 201)
    assert _sign_in(api, route, "ana", PASSWORD, "198.51.100.7") in (200, 201)
    # while one that has failed for it waits, right password or not
    assert _sign_in(api, route, "ana", PASSWORD, "203.0.113.1") == 429
    # other usernames are not affected
    api.user("ben", PASSWORD)
    assert _sign_in(api, route, "ben", "guess", "203.0.113.1") == 401


def test_the_right_password_clears_that_clients_failures(api):
    api.user("ana", PASSWORD)
    assert [_sign_in(api, "tokens", "ana", "guess", "203.0.113.5") for _ in range(9)] == [401] * 9
    assert _sign_in(api, "tokens", "ana", PASSWORD, "203.0.113.5") == 201
    codes = [_sign_in(api, "session", "ana", "guess", "203.0.113.5") for _ in range(11)]
    assert codes == [401] * 10 + [429]


def test_guessing_the_current_password_of_a_password_change_is_limited(api):
    api.client.application.config["TOC_SIGNIN_LIMIT"] = "3 per minute"
    token = api.user("ana", PASSWORD)

    def change(current: str) -> int:
        body = {"current_password": current, "new_password": "violet lantern mumbles quietly"}
        return int(api.put("/user/password", body, token=token).status_code)

    assert [change("guess") for _ in range(4)] == [422, 422, 422, 429]
    assert change(PASSWORD) == 429  # the guesser does not learn when it is right
    assert _sign_in(api, "tokens", "ana", PASSWORD, "198.51.100.2") == 201


def test_sign_ups_are_limited_per_address(api):
    api.client.application.config["TOC_SIGNUP_LIMIT"] = "3 per hour"

    def sign_up(name: str, address: str, password: str = PASSWORD) -> int:
        body = {"username": name, "email": f"{name}@example.org", "password": password}
        return int(api.post("/users", body, **_from(address)).status_code)

    assert sign_up("ana", "203.0.113.4") == 201
    assert sign_up("ben", "203.0.113.4", password="password") == 422  # a form error: free
    assert sign_up("ana", "203.0.113.4") == 409  # a name found taken counts
    assert sign_up("ben", "203.0.113.4") == 201
    refused = api.post(
        "/users",
        {"username": "cat", "email": "cat@example.org", "password": PASSWORD},
        **_from("203.0.113.4"),
    )
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "too many sign-ups" in refused.get_json()["message"]
    assert sign_up("cat", "198.51.100.2") == 201


# -- a counter store that is down ----------------------------------------------------------


DOWN = "redis://127.0.0.1:1"  # nothing listens there


def test_a_redis_that_is_down_does_not_block_sign_ins(tmp_path, monkeypatch, caplog, request):
    app, _ = _sqlite_app(
        tmp_path, monkeypatch, RATELIMIT_STORAGE_URI=DOWN, TOC_SIGNIN_LIMIT="2 per minute"
    )
    api = Api(app.test_client())
    # the in-process migration's logging.config.fileConfig disabled the app's logger and
    # took caplog's handler off the root logger
    monkeypatch.setattr(app.logger, "disabled", False)
    app.logger.addHandler(caplog.handler)
    request.addfinalizer(lambda: app.logger.removeHandler(caplog.handler))
    api.user("ana", PASSWORD)
    assert api.post("/tokens", headers=_basic("ana", PASSWORD)).status_code == 201
    browser = app.test_client()
    r = browser.post("/api/v1/session", json={"username": "ana", "password": PASSWORD})
    assert r.status_code == 200
    # failures are still limited, counted in this process
    codes = [api.post("/tokens", headers=_basic("ana", "guess")).status_code for _ in range(3)]
    assert codes == [401, 401, 429]
    assert any("unreachable" in m and "127.0.0.1:1" in m for m in caplog.messages)
    health = api.get("/health").get_json()
    assert health["limiter"] == "memory (redis unreachable)" and health["status"] == "degraded"


def test_health_says_where_the_limiter_counts(api, tmp_path, monkeypatch):
    assert api.get("/health").get_json()["limiter"] == "memory (per process)"
    app, _ = _sqlite_app(
        tmp_path,
        monkeypatch,
        RATELIMIT_STORAGE_URI=_redis_url(),
        RATELIMIT_KEY_PREFIX=f"toc-test-{uuid.uuid4().hex}",
    )
    health = app.test_client().get("/api/v1/health").get_json()
    assert health["limiter"] == "redis ok" and health["status"] == "ok"


class FlakyStore:
    """A rate limiter whose store fails while ``down`` is set."""

    def __init__(self) -> None:
        self.down = True
        self.real = FixedWindowRateLimiter(MemoryStorage())

    def __getattr__(self, name: str) -> Any:
        if self.down:
            raise ConnectionError("store unreachable")
        return getattr(self.real, name)


def test_the_limiter_counts_in_memory_while_the_store_is_down_then_there_again(monkeypatch, caplog):
    monkeypatch.setattr(limits_module, "RETRY_STORE_SECONDS", 0.0)
    caplog.set_level(logging.WARNING)
    counters = limits_module.Counters("memory://", logger=logging.getLogger("test-limits"))
    flaky = FlakyStore()
    counters.shared = flaky  # type: ignore[assignment]
    rule = (tuple(parse_many("2 per minute")), ("sign-in", "addr", "ana"))
    assert [counters.hit(*rule) for _ in range(3)] == [True, True, False]  # in memory
    assert counters.memory.get_window_stats(rule[0][0], *rule[1]).remaining == 0
    flaky.down = False
    assert counters.hit(*rule)  # the store answers again: counted there, afresh
    assert flaky.real.get_window_stats(rule[0][0], *rule[1]).remaining == 1
    assert [m.split(":", 2)[:2] for m in caplog.messages] == [
        ["rate-limit store memory", "// is unreachable"],
        ["rate-limit store memory", "// answers again"],
    ]
