"""Bodies over the limit, through the real server (gunicorn via ``toc-editor serve``):
ordinary clients read the JSON 413 instead of a broken pipe, and a client that asks
``Expect: 100-continue`` hears 413 instead of ``100 Continue`` (issue 9, item 14).

The limit is lowered to 1 MB so the bodies stay small. The server does not depend on the
database backend here, so this runs once, on SQLite.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.e2e.conftest import running_server

LIMIT = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TOC_MAX_BODY_BYTES", str(LIMIT))
        with running_server(tmp_path_factory.mktemp("body-limit")) as url:
            yield url


def _urllib_post(url: str, body: bytes) -> tuple[int, Any]:
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _requests_post(url: str, body: bytes) -> tuple[int, Any]:
    r = requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=30)
    return r.status_code, r.json()


CLIENTS = {"urllib": _urllib_post, "requests": _requests_post}
# (declared size, what the server does with it)
SIZES = [
    (LIMIT + 1, "just over"),
    (4 * LIMIT, "4 MB: a broken pipe before"),
    (20 * LIMIT, "20 MB: read and discarded"),
]


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("size", [s for s, _ in SIZES], ids=[why for _, why in SIZES])
def test_ordinary_clients_read_the_json_413(server: str, client: str, size: int) -> None:
    status, body = CLIENTS[client](f"{server}/api/v1/session", b"x" * size)
    assert status == 413
    assert body["code"] == 413 and "TOC_MAX_BODY_BYTES" in body["message"]
    # the server is fine afterwards
    assert requests.get(f"{server}/api/v1/health", timeout=10).status_code == 200


def _raw_exchange(server: str, declared: int, then_send: bytes = b"") -> bytes:
    """Send headers asking ``Expect: 100-continue``; return what the server says first,
    then (if ``then_send``) send that and return everything up to the close."""
    parts = urllib.parse.urlsplit(server)
    with socket.create_connection((parts.hostname, parts.port), timeout=15) as sock:
        sock.sendall(
            b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Expect: 100-continue\r\nConnection: close\r\n"
            + f"Content-Length: {declared}\r\n\r\n".encode()
        )
        first = sock.recv(65536)
        if not then_send:  # a final answer: the server closes after it
            while chunk := sock.recv(65536):
                first += chunk
            return first
        sock.sendall(then_send)
        rest = b""
        while chunk := sock.recv(65536):
            rest += chunk
        return first + rest


def test_expect_continue_over_the_limit_gets_413_instead_of_100(server: str) -> None:
    first = _raw_exchange(server, 20 * LIMIT)
    assert first.startswith(b"HTTP/1.1 413"), first[:200]
    assert b"100 Continue" not in first
    assert b'"code": 413' in first or b'"code":413' in first


def test_expect_continue_within_the_limit_still_gets_100(server: str) -> None:
    body = b'{"username": "nobody", "password": "wrong password"}'
    answer = _raw_exchange(server, len(body), then_send=body)
    assert answer.startswith(b"HTTP/1.1 100 Continue"), answer[:200]
    assert b"HTTP/1.1 401" in answer
