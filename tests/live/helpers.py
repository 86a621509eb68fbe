"""What the live tests share: a ToC to edit, its graph id, and reading a subscription."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from tests.conftest import Api
from toc_editor.live import Item, Subscription


def graph_id(app: Flask, slug: str = "toc") -> int:
    from toc_editor.storage.db import db
    from toc_editor.storage.models import Graph

    with app.app_context():
        return int(db.session.execute(select(Graph.id).where(Graph.slug == slug)).scalar_one())


def new_toc(api: Api, doc: dict[str, Any], user: str = "ana") -> str:
    """``user`` (signed up), organisation ``org``, graph ``org/toc``; the user's token."""
    token = api.user(user)
    api.org(token, "org")
    api.graph(token, "org", "toc", doc)
    return token


def relabel(api: Api, token: str, label: str, branch: str = "main", **kw: Any) -> Any:
    r = api.commit(
        token,
        "org",
        "toc",
        [{"op": "update_node", "id": "oc", "set": {"label": label}}],
        branch=branch,
        message=f"say {label}",
        **kw,
    )
    return r


def drain(sub: Subscription, count: int, timeout: float = 10.0) -> list[Item]:
    """The next ``count`` items (fewer if ``timeout`` passes first between two)."""
    items: list[Item] = []
    while len(items) < count:
        item = sub.get(timeout)
        if item is None:
            break
        items.append(item)
    return items
