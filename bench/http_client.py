"""A kept-alive HTTP client for the benchmarks that drive the real server."""

from __future__ import annotations

import base64
import http.client
import json
import time
from typing import Any


class Client:
    """One kept-alive HTTP connection; reconnects when the server closed it."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.headers = headers or {}
        self.conn: http.client.HTTPConnection | None = None

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, bytes, float]:
        """``(status, body, seconds)``; status 0 when the connection failed."""
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        began = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            self.conn.request(method, "/api/v1" + path, body=data, headers=headers)
            response = self.conn.getresponse()
            payload = response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                self.close()
        except (OSError, http.client.HTTPException):
            self.close()
            payload, status = b"", 0
        return status, payload, time.perf_counter() - began

    def call_json(self, method: str, path: str, body: Any = None) -> tuple[int, Any, float]:
        """:meth:`call` with the answer parsed as JSON (None when empty)."""
        status, payload, took = self.call(method, path, body)
        return status, json.loads(payload or b"null"), took

    def sign_up(self, username: str, password: str) -> str:
        """Register ``username``, make an API token with HTTP Basic, and send it from now
        on (``Authorization: Bearer``); the token."""
        body = {"username": username, "email": f"{username}@example.org", "password": password}
        status, out, _ = self.call_json("POST", "/users", body)
        assert status == 201, out
        basic = base64.b64encode(f"{username}:{password}".encode()).decode()
        self.headers = {"Authorization": f"Basic {basic}"}
        status, out, _ = self.call_json("POST", "/tokens")
        assert status == 201, out
        token = str(out["token"])
        self.headers = {"Authorization": f"Bearer {token}"}
        return token

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
