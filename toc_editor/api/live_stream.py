"""The live stream (Server-Sent Events) and the ASGI app that serves it beside Flask.

Why this shape (the README's "Live editing" says more): an open stream must not hold
one of the few request threads, so the stream is a coroutine on uvicorn's event loop
(tens of KB each), and every other request goes to the Flask app through a2wsgi on a
fixed pool of threads, on the same port and origin. The stream calls into the Flask app
only briefly, in a small pool of its own: to authenticate (exactly as the API does), to
read where the branch is, and every :data:`RECHECK_S` seconds to check that each
listener may still read its graph.

One connection:

1. admit (404 or 422 as the API would answer, before any event);
2. subscribe to the bus, *then* read the head (nothing committed later can be missed;
   the :class:`~toc_editor.live.cursor.Cursor` drops what the head already includes);
3. ``hello``; the catch-up from ``since``/``Last-Event-ID`` or a ``resync``; then each
   move of the branch and each presence, until the client leaves or access ends (``bye``).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import anyio
import orjson
from a2wsgi import WSGIMiddleware
from flask import Flask
from flask import Response as FlaskResponse
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from werkzeug.test import EnvironBuilder

from ..domain.events import BranchMoved
from ..live import Bus, Presence, Resync, Subscription, event_dict
from ..live.cursor import Cursor
from ..services.live import Opening, Position
from . import live

__all__ = ["HEARTBEAT_S", "PRESENCE_TTL_S", "RECHECK_S", "LiveStreams", "asgi_app"]

log = logging.getLogger(__name__)

HEARTBEAT_S = 15
"""A comment line this often keeps proxies and browsers from closing an idle stream."""
PRESENCE_TTL_S = 30
"""Clients drop a presence not refreshed for this long (they refresh every 10 s)."""
RECHECK_S = 2.0
"""How often open listeners' access is checked again (cut off within 5 s)."""
PATH = "/api/v1/graphs/{org}/{graph}/branches/{branch}/live"


@dataclass(eq=False)
class Listener:
    """One open stream: whom it serves, and how to wake it."""

    opening: Opening
    wake: asyncio.Event
    session: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    ended: tuple[int, str] | None = None

    def end(self, code: int, message: str) -> None:
        self.ended = (code, message)
        self.wake.set()


class LiveStreams:
    """The stream endpoint and the access watcher of one process."""

    def __init__(self, app: Flask, *, recheck_s: float = RECHECK_S, threads: int = 4) -> None:
        self.app = app
        self.bus: Bus = app.extensions["toc_live"]
        self.recheck_s = recheck_s
        self.limiter = anyio.CapacityLimiter(threads)
        self.listeners: set[Listener] = set()

    async def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await anyio.to_thread.run_sync(fn, *args, limiter=self.limiter)

    # -- the endpoint ---------------------------------------------------------------

    async def endpoint(self, request: Request) -> Response:
        since = request.headers.get("last-event-id") or request.query_params.get("since") or None
        admitted = await self._call(
            live.admit, self.app, _environ(request), request.path_params, since
        )
        if isinstance(admitted, FlaskResponse):
            return Response(admitted.get_data(), admitted.status_code, media_type=admitted.mimetype)
        opening: Opening = admitted
        loop = asyncio.get_running_loop()
        wake = asyncio.Event()
        try:
            sub = await self._call(
                lambda: self.bus.subscribe(
                    opening.graph_id,
                    opening.branch,
                    on_item=lambda: loop.call_soon_threadsafe(wake.set),
                )
            )
            where: Position = await self._call(
                live.position, self.app, opening.graph_id, opening.branch, since
            )
        except Exception as exc:  # the bus or database is down: say so
            log.warning("live stream could not open: %s", exc)
            message = "the live channel is unavailable; try again"
            body = orjson.dumps({"code": 503, "status": "Service Unavailable", "message": message})
            return Response(body, 503, media_type="application/json", headers={"Retry-After": "5"})
        listener = Listener(opening, wake)
        return EventSourceResponse(
            self._events(listener, sub, where, since),
            ping=HEARTBEAT_S,
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    async def _events(
        self, listener: Listener, sub: Subscription, where: Position, since: str | None
    ) -> AsyncIterator[ServerSentEvent]:
        opening = listener.opening
        self.listeners.add(listener)
        try:
            yield _event("hello", {
                "head": where.head, "session": listener.session, "user": opening.user,
                "can_write": opening.can_write, "heartbeat_s": HEARTBEAT_S,
                "presence_ttl_s": PRESENCE_TTL_S,
            }, retry=1000)  # fmt: skip
            await self._announce(listener, gone=False)
            cursor = Cursor(where.head)
            for event in _catch_up(opening, where, since):
                yield event
            while True:
                if listener.ended is not None:
                    code, message = listener.ended
                    yield _event("bye", {"code": code, "message": message})
                    return
                item = sub.get(timeout=0)
                if item is None:
                    listener.wake.clear()
                    if not sub.pending() and listener.ended is None:
                        await listener.wake.wait()
                    continue
                if isinstance(item, BranchMoved):
                    if cursor.admit(item.old, item.new):
                        yield _event("commit", {**event_dict(item), "catchup": False}, id=item.new)
                elif isinstance(item, Presence):
                    yield _event("presence", item.data)
                elif isinstance(item, Resync):
                    where = await self._call(
                        live.position, self.app, opening.graph_id, opening.branch, cursor.at
                    )
                    for event in _catch_up(opening, where, cursor.at):
                        yield event
                    cursor.reset(where.head)
        finally:
            self.listeners.discard(listener)
            sub.close()
            if listener.ended is None:
                with anyio.CancelScope(shield=True):
                    await self._announce(listener, gone=True)

    async def _announce(self, listener: Listener, *, gone: bool) -> None:
        """Tell the branch's listeners that a signed-in user arrived or left."""
        user = listener.opening.user
        if user is None:
            return
        data = {"session": listener.session, "user": user["username"],
                "display_name": user["display_name"], "selection": {"nodes": [], "edges": []},
                "field": None, "gone": gone}  # fmt: skip
        presence = Presence(listener.opening.graph_id, listener.opening.branch, data)
        try:
            await self._call(self.bus.announce, presence)
        except Exception as exc:  # presence is best effort; clients expire it
            log.warning("live presence not sent: %s", exc)

    # -- the access watcher -----------------------------------------------------------

    async def watch(self) -> None:
        """Every ``recheck_s``: end the streams of listeners who may no longer read."""
        while True:
            await asyncio.sleep(self.recheck_s)
            try:
                await self.recheck()
            except Exception:  # keep watching; the next round may work
                log.exception("live access recheck failed")

    async def recheck(self) -> int:
        """Check every open listener once; the number cut off."""
        listeners = [x for x in self.listeners if x.ended is None]
        if not listeners:
            return 0
        pairs = {(x.opening.graph_id, x.opening.user_id) for x in listeners}
        allowed = await self._call(live.still_readable, self.app, pairs)
        cut = 0
        for x in listeners:
            if (x.opening.graph_id, x.opening.user_id) not in allowed:
                x.end(403, "Your access to this ToC has ended: you were removed from its "
                           "organisation, or it was made private.")  # fmt: skip
                cut += 1
        return cut


def _catch_up(opening: Opening, where: Position, since: str | None) -> list[ServerSentEvent]:
    if where.catchup is not None and since is not None:
        delta = where.catchup
        data = {"graph_id": opening.graph_id, "branch": opening.branch, "commit": where.head,
                "old": since, "parents": [], "author": None, "message": "",
                "delta": {"nodes": delta.nodes, "edges": delta.edges}, "catchup": True}  # fmt: skip
        return [_event("commit", data, id=where.head)]
    if where.resync_reason is not None:
        return [_event("resync", {"head": where.head, "reason": where.resync_reason})]
    return []


def _event(name: str, data: Any, **extra: Any) -> ServerSentEvent:
    return ServerSentEvent(data=orjson.dumps(data).decode(), event=name, **extra)


def _environ(request: Request) -> dict[str, Any]:
    """A WSGI environ with the request's path, query and headers (no body: a GET)."""
    client = request.client
    return EnvironBuilder(
        path=request.url.path,
        query_string=request.url.query,
        headers=list(request.headers.items()),
        environ_base={"REMOTE_ADDR": client.host if client else "127.0.0.1"},
    ).get_environ()


def asgi_app(app: Flask, *, threads: int = 8) -> Starlette:
    """The Flask ``app`` on ``threads`` threads, with the live stream beside it."""
    streams = LiveStreams(app)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        watcher = asyncio.create_task(streams.watch())
        try:
            yield
        finally:
            watcher.cancel()
            app.extensions["toc_live"].close()

    starlette = Starlette(
        routes=[
            Route(PATH, streams.endpoint, methods=["GET"]),
            Mount("/", app=WSGIMiddleware(app, workers=threads)),
        ],
        lifespan=lifespan,
    )
    starlette.state.live = streams
    return starlette
