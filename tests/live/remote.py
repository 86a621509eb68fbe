"""Talking to a real server over HTTP: the tests' ``Api`` helper on ``requests``, and a
Server-Sent Events reader for the live stream.

>>> parse_block(["id: c1", "event: commit", 'data: {"a": 1}'])
Event(name='commit', data={'a': 1}, id='c1')
"""

from __future__ import annotations

import contextlib
import http.client
import json
import queue
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests

from tests.conftest import Api


class _Response:
    def __init__(self, r: requests.Response) -> None:
        self.status_code = r.status_code
        self.headers = r.headers
        self._r = r

    def get_json(self) -> Any:
        return self._r.json() if self._r.content else None


class HttpClient:
    """What ``tests.conftest.Api`` needs of a Flask test client, over real HTTP."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()

    def open(self, url: str, method: str = "GET", headers: Any = None, json: Any = None) -> Any:
        r = self.http.request(method, self.base_url + url, headers=headers, json=json, timeout=30)
        return _Response(r)


def remote_api(base_url: str) -> Api:
    return Api(HttpClient(base_url))  # type: ignore[arg-type]


@dataclass
class Event:
    name: str
    data: Any
    id: str | None = None


def parse_block(lines: list[str]) -> Event | None:
    """One SSE event from its lines (None for a comment-only or retry-only block)."""
    name, data, event_id = "message", [], None
    for line in lines:
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)
        elif field == "id":
            event_id = value
    if not data:
        return None
    return Event(name, json.loads("\n".join(data)), event_id)


class Stream:
    """An open live stream read on a thread: ``next(name)`` waits for an event.

    ``status`` is the HTTP status; on an error, ``error`` holds the JSON body. Plain
    ``http.client``, so ``close()`` can shut the socket while the reader waits on it.
    """

    def __init__(
        self,
        base_url: str,
        path: str,
        token: str | None = None,
        since: str | None = None,
        last_event_id: str | None = None,
    ) -> None:
        headers = {"Accept": "text/event-stream"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        url = urlsplit(base_url)
        self._conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        query = f"?{urlencode({'since': since})}" if since else ""
        self._conn.request("GET", path + query, headers=headers)
        self._response = self._conn.getresponse()
        self.status = self._response.status
        self.error = None if self.status == 200 else json.loads(self._response.read() or b"null")
        self.events: queue.Queue[Event | None] = queue.Queue()
        self.seen: list[Event] = []
        self.ended = threading.Event()
        if self.status == 200:
            threading.Thread(target=self._read, daemon=True).start()
        else:
            self.ended.set()

    def _read(self) -> None:
        block: list[str] = []
        try:
            while True:
                raw = self._response.readline()
                if not raw:
                    return  # the server closed the stream
                line = raw.decode().rstrip("\r\n")
                if line:
                    block.append(line)
                    continue
                event = parse_block(block)
                block = []
                if event is not None:
                    self.seen.append(event)
                    self.events.put(event)
        except (OSError, ValueError, AttributeError, http.client.HTTPException):
            pass  # closed by close()
        finally:
            self.ended.set()
            self.events.put(None)

    def next(self, name: str | None = None, timeout: float = 10.0) -> Event:
        """The next event (named ``name``, skipping others); AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                event = self.events.get(timeout=max(left, 0.001))
            except queue.Empty:
                raise AssertionError(f"no {name or 'event'} within {timeout} s") from None
            if event is None:
                raise AssertionError(f"the stream ended before a {name or 'event'}")
            if name is None or event.name == name:
                return event

    def names(self) -> list[str]:
        return [e.name for e in self.seen]

    def close(self) -> None:
        sock = self._conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._conn.close()

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
