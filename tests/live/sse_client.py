"""A minimal Server-Sent Events client for the live tests and the live benchmark.

Sans-IO at its core (:class:`StreamDecoder`: feed it the bytes of an HTTP/1.1 response,
get the status, the headers and then SSE events), with two drivers over it: a blocking one
on a plain socket (:class:`SyncStream`, one thread per stream, a short socket timeout so
it can be stopped at any time) and an asyncio one (:func:`open_async`), so hundreds of
streams fit in one process. Plain ``requests`` is not used for the stream: its
``iter_lines`` may split a ``\\r\\n`` across two reads into an extra blank line, which in
SSE ends an event early.

Only what the server sends is handled: ``\\r\\n`` or ``\\n`` line ends, a chunked or
close-delimited body, ``event``/``data``/``id``/``retry`` fields and comment lines.

>>> d = StreamDecoder()
>>> head = b"HTTP/1.1 200 OK\\r\\ntransfer-encoding: chunked\\r\\n\\r\\n"
>>> body = b"retry: 1000\\r\\nevent: hello\\r\\ndata: {}\\r\\n\\r\\n: ping\\r\\n\\r\\n"
>>> chunk = f"{len(body):x}\\r\\n".encode() + body + b"\\r\\n"
>>> [(e.event, e.data) for e in d.feed(head + chunk[:7]) + d.feed(chunk[7:])]
[('hello', '{}')]
>>> d.status, d.comments
(200, 1)
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["Event", "StreamClosed", "StreamDecoder", "SyncStream", "open_async"]


@dataclass(frozen=True)
class Event:
    """One SSE event; ``received`` is ``time.time()`` when its last byte was read."""

    event: str
    data: str
    id: str | None
    received: float


class StreamClosed(Exception):
    """The server ended the stream (or refused it: ``status`` and ``body`` say how)."""

    def __init__(self, message: str, status: int | None = None, body: bytes = b"") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class StreamDecoder:
    """HTTP/1.1 response bytes in, SSE events out."""

    def __init__(self) -> None:
        self.status: int | None = None
        self.headers: dict[str, str] = {}
        self.comments = 0
        self._raw = b""  # undecoded response bytes (head, or chunk framing)
        self._chunked = False
        self._chunk_left = 0  # data bytes left in the current chunk
        self._chunk_crlf = False  # the CRLF after a chunk's data is still to come
        self._text = b""  # decoded body bytes not yet split into lines
        self._fields: dict[str, str] = {}
        self._data: list[str] = []
        self.body = b""  # the body of a refused (non-200) response
        self.ended = False

    def feed(self, data: bytes, now: float | None = None) -> list[Event]:
        """The events completed by ``data``."""
        now = time.time() if now is None else now
        self._raw += data
        if self.status is None:
            end = self._raw.find(b"\r\n\r\n")
            if end < 0:
                return []
            head, self._raw = self._raw[:end].decode("latin-1"), self._raw[end + 4 :]
            status_line, *lines = head.split("\r\n")
            self.status = int(status_line.split()[1])
            for line in lines:
                name, _, value = line.partition(":")
                self.headers[name.strip().lower()] = value.strip()
            self._chunked = "chunked" in self.headers.get("transfer-encoding", "").lower()
        body = self._dechunk() if self._chunked else self._take_all()
        if self.status != 200:
            self.body += body
            return []
        self._text += body
        return self._events(now)

    def refused(self) -> bool:
        """Whether a whole non-200 answer has been read (its body is in ``body``)."""
        if self.status in (None, 200):
            return False
        length = self.headers.get("content-length")
        return self.ended or (length is not None and len(self.body) >= int(length))

    def _take_all(self) -> bytes:
        out, self._raw = self._raw, b""
        return out

    def _dechunk(self) -> bytes:
        out = bytearray()
        while self._raw:
            if self._chunk_left:
                take = self._raw[: self._chunk_left]
                out += take
                self._raw = self._raw[len(take) :]
                self._chunk_left -= len(take)
                if self._chunk_left == 0:
                    self._chunk_crlf = True
                continue
            if self._chunk_crlf:
                if len(self._raw) < 2:
                    break
                self._raw = self._raw[2:]
                self._chunk_crlf = False
                continue
            end = self._raw.find(b"\r\n")
            if end < 0:
                break
            size = int(self._raw[:end].split(b";")[0], 16)
            self._raw = self._raw[end + 2 :]
            if size == 0:
                self.ended = True
                self._raw = b""
                break
            self._chunk_left = size
        return bytes(out)

    def _events(self, now: float) -> list[Event]:
        events = []
        *lines, self._text = self._text.split(b"\n")
        for raw in lines:
            line = raw.removesuffix(b"\r").decode()
            if not line:
                if self._data or self._fields:
                    events.append(
                        Event(
                            self._fields.get("event", "message"),
                            "\n".join(self._data),
                            self._fields.get("id"),
                            now,
                        )
                    )
                self._fields, self._data = {}, []
            elif line.startswith(":"):
                self.comments += 1
            else:
                name, _, value = line.partition(":")
                value = value.removeprefix(" ")
                if name == "data":
                    self._data.append(value)
                elif name in ("event", "id", "retry"):
                    self._fields[name] = value
        return events


def _request(url: str, headers: dict[str, str]) -> tuple[str, int, bytes]:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [
        f"GET {target} HTTP/1.1",
        f"Host: {parts.netloc}",
        "Accept: text/event-stream",
        "Cache-Control: no-cache",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return (
        parts.hostname or "127.0.0.1",
        parts.port or 80,
        ("\r\n".join(lines) + "\r\n\r\n").encode(),
    )


class SyncStream:
    """One stream on a blocking socket: iterate :meth:`events` in a thread; :meth:`stop`
    (from any thread) ends the iteration within ``poll_s``."""

    def __init__(self, url: str, headers: dict[str, str], poll_s: float = 0.2) -> None:
        host, port, request = _request(url, headers)
        self.sock = socket.create_connection((host, port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(request)
        self.sock.settimeout(poll_s)
        self.decoder = StreamDecoder()
        self.stopped = False

    def events(self) -> Iterator[Event]:
        """Events until :meth:`stop`; :class:`StreamClosed` when the server ends the stream
        or refuses it."""
        try:
            while not self.stopped:
                try:
                    data = self.sock.recv(65536)
                except TimeoutError:
                    continue
                except OSError as exc:
                    if self.stopped:
                        return
                    raise StreamClosed(f"the stream failed: {exc}") from exc
                if not data:
                    if self.stopped:
                        return
                    raise StreamClosed("the server closed the stream", self.decoder.status)
                events = self.decoder.feed(data)
                if self.decoder.refused():
                    raise StreamClosed(
                        f"refused: {self.decoder.status}", self.decoder.status, self.decoder.body
                    )
                yield from events
        finally:
            self.sock.close()

    def stop(self) -> None:
        self.stopped = True


async def open_async(
    url: str, headers: dict[str, str]
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, StreamDecoder]:
    """Open a stream on the running event loop: read it with ``reader.read`` and feed the
    decoder (``decoder.feed(data)``); close ``writer`` to end it."""
    host, port, request = _request(url, headers)
    reader, writer = await asyncio.open_connection(host, port, limit=2**20)
    sock: Any = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    writer.write(request)
    await writer.drain()
    return reader, writer, StreamDecoder()
