"""The live channel's ordinary endpoints (presence), its documentation, and the calls the
stream (``live_stream.py``, ASGI) makes into the Flask app to authenticate and recheck.

The stream itself is served by the ASGI layer in front of this app, so an open
connection holds no request thread. Its route is also declared here, so the OpenAPI
document describes it; a server that runs this WSGI app alone answers it with a 503 and
the editor falls back to polling the branch.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import live
from ..services.context import Ctx
from ..services.errors import Busy
from .auth import ctx
from .schemas.live import LiveQuerySchema, PresenceSchema

blp = Blueprint("live", __name__, description="Live editing: the event stream and presence")

STREAM_DOC = """Server-Sent Events: every commit that lands on the branch, as it lands,
with its delta; who else has it open (presence). Authenticates like the rest of the API
(bearer token, or the browser's session cookie; reads need no CSRF header).

Events, each `event:` and one `data:` line of JSON:
- `hello` {head, session, user, can_write, heartbeat_s, presence_ttl_s}: first.
- `commit` (SSE id = the commit id) {graph_id, branch, commit, old, parents, author,
  message, delta: {nodes: {id: node | null}, edges: {id: edge | null}}, catchup}: the
  delta holds each touched entity's value after the commit (null: deleted). Apply it when
  `old` is the commit you are at.
- `resync` {head, reason}: reload the tree at `head` (too far behind, or events missed).
- `presence` {session, user, display_name, selection, field, gone}: ephemeral.
- `bye` {code, message}: access ended (removed from the organisation, graph made
  private); the stream closes; do not reconnect.
- a comment line every 15 s (heartbeat).

Resuming: send `since` (or, on EventSource's own reconnect, the Last-Event-ID header) =
the last commit seen; the first event is then a catch-up `commit` from there to the head
(`catchup: true`), or a `resync` when more than 500 commits behind. No gap, no duplicate.
"""


@blp.route("/graphs/<org>/<graph>/branches/<branch>/live")
class Stream(MethodView):
    @blp.arguments(LiveQuerySchema, location="query")
    @blp.doc(
        responses={
            "200": {
                "description": STREAM_DOC,
                "content": {"text/event-stream": {"schema": {"type": "string"}}},
            }
        }
    )
    @blp.alt_response(404, description="No such graph or branch, or not yours to read")
    @blp.alt_response(503, description="This server runs without its ASGI layer")
    def get(self, query: dict[str, Any], org: str, graph: str, branch: str) -> Any:
        """The branch's live events (Server-Sent Events)."""
        live.open_stream(ctx(), org, graph, branch, query["since"])  # 404s as the stream does
        raise Busy(
            "live updates need `toc-editor serve` (the ASGI server); this server runs the "
            "WSGI app alone, so clients poll the branch instead"
        )


@blp.route("/graphs/<org>/<graph>/branches/<branch>/presence")
class PresenceView(MethodView):
    @blp.arguments(PresenceSchema)
    @blp.response(204)
    def post(self, body: dict[str, Any], org: str, graph: str, branch: str) -> None:
        """Say who you are and what you point at, to everyone with the branch open.

        Ephemeral: never stored. Send it on each selection change and when you start or
        stop typing in a field, and every 10 s while the page is open (others drop you
        30 s after your last one); `gone: true` when leaving."""
        graph_id, data = live.presence(ctx(), org, graph, branch, body)
        from ..live import LiveUnavailable, Presence

        try:
            current_app.extensions["toc_live"].announce(Presence(graph_id, branch, data))
        except (LiveUnavailable, OSError) as exc:
            raise Busy(f"the live channel is unavailable: {exc}", retry_after=5) from exc


# -- called by the ASGI stream, in a worker thread ----------------------------------------


def admit(app: Flask, environ: dict[str, Any], route: dict[str, str], since: str | None) -> Any:
    """Authenticate the stream's request as the API would and open it: a
    :class:`~toc_editor.services.live.Opening`, or the API's error response."""
    with app.request_context(environ):
        try:
            app.preprocess_request()  # the API's input guards
            return live.open_stream(ctx(), route["org"], route["graph"], route["branch"], since)
        except Exception as exc:  # the app's error handlers decide the answer
            return app.make_response(app.handle_user_exception(exc))


def position(app: Flask, graph_id: int, branch: str, since: str | None) -> live.Position:
    """The branch's head and what a listener at ``since`` missed."""
    with app.app_context():
        return live.position(_ctx(app), graph_id, branch, since)


def still_readable(
    app: Flask, listeners: Iterable[tuple[int, int | None]]
) -> set[tuple[int, int | None]]:
    """Which (graph id, user id) pairs may still read their graph."""
    with app.app_context():
        return live.readable(_ctx(app), listeners)


def _ctx(app: Flask) -> Ctx:
    return Ctx(app.extensions["toc_unit_of_work"]())
