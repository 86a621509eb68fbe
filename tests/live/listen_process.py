"""A second process for the PostgreSQL live tests: an app of its own on ``url``, which
subscribes to (graph id, branch), prints ``ready``, then prints each event it receives as
one JSON line, and exits after ``count`` of them (or 20 s).

    python -m tests.live.listen_process URL GRAPH_ID BRANCH COUNT
"""

from __future__ import annotations

import sys

import orjson


def main(url: str, graph_id: int, branch: str, count: int) -> None:
    from toc_editor import create_app
    from toc_editor.live import Resync, event_dict

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {}})
    bus = app.extensions["toc_live"]
    with bus.subscribe(graph_id, branch) as sub:
        print("ready", flush=True)
        for _ in range(count):
            item = sub.get(20)
            if item is None:
                break
            line = {"resync": item.reason} if isinstance(item, Resync) else event_dict(item)
            print(orjson.dumps(line).decode(), flush=True)
    bus.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
