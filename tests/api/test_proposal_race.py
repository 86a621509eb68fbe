"""A proposal merged and closed at the same moment ends one way: the second waits for the
first and is told what happened (409), instead of both succeeding."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from toc_editor.services import proposals


@pytest.fixture
def proposal(api, small_doc):
    """ana's public ``org/toc`` and proposal #1 from ben's fork; ana's token."""
    ana = api.user("ana")
    api.org(ana, "org")
    api.graph(ana, "org", "toc", small_doc, visibility="public")
    ben = api.user("ben")
    api.org(ben, "ben-org")
    assert api.post("/graphs/org/toc/forks", {"org": "ben-org"}, token=ben).status_code == 201
    ops = [{"op": "update_node", "id": "oc", "set": {"label": "Proposed"}}]
    assert api.commit(ben, "ben-org", "toc", ops).status_code == 201
    body = {"source": "ben-org/toc:main", "title": "Better label"}
    assert api.post("/graphs/org/toc/proposals", body, token=ben).status_code == 201
    return ana


def test_a_close_during_a_merge_waits_and_is_told_it_was_merged(app, api, proposal, monkeypatch):
    landed, go_on = threading.Event(), threading.Event()
    original = proposals.merge_commit

    def merge_then_pause(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        landed.set()  # landed, not yet committed: the close comes in now
        go_on.wait(10)
        return result

    monkeypatch.setattr(proposals, "merge_commit", merge_then_pause)
    answers: dict[str, Any] = {}

    def call(name: str, path: str) -> None:
        client = app.test_client()
        headers = {"Authorization": f"Bearer {proposal}"}
        response = client.post(
            f"/api/v1/graphs/org/toc/proposals/1/{path}", json={}, headers=headers
        )
        answers[name] = (response.status_code, response.get_json())

    merging = threading.Thread(target=call, args=("merge", "merge"))
    merging.start()
    assert landed.wait(10)
    closing = threading.Thread(target=call, args=("close", "close"))
    closing.start()
    time.sleep(0.5)  # let the close reach the proposal (it must wait there)
    go_on.set()
    merging.join(30)
    closing.join(30)

    assert answers["merge"][0] in (200, 201), answers["merge"]
    assert answers["close"][0] == 409, answers["close"]
    assert "merged" in answers["close"][1]["message"]
    shown = api.get("/graphs/org/toc/proposals/1", token=proposal).get_json()
    assert shown["status"] == "merged" and shown["merged_commit"]
