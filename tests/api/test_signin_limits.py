"""Failed sign-ins are limited per address and username; right passwords never count."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from toc_editor import create_app

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
