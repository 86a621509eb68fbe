"""Twenty writers commit to one branch at once, each from the head it last saw."""

from __future__ import annotations

import threading

THREADS = 20
ROUNDS = 3


def test_twenty_threads_lose_nothing(app, api, small_doc):
    token = api.user("writer")
    api.org(token, "busy")
    small_doc["nodes"] += [
        {"id": f"n{i}", "kind": "output", "label": f"Output {i}"} for i in range(THREADS)
    ]
    api.graph(token, "busy", "toc", small_doc)
    acknowledged: list[tuple[str, str]] = []
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def writer(i: int) -> None:
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        start.wait()
        for round_ in range(ROUNDS):
            head = client.get("/api/v1/graphs/busy/toc/branches/main", headers=headers)
            label = f"Output {i} revised {round_}"
            ops = [{"op": "update_node", "id": f"n{i}", "set": {"label": label}}]
            if round_ == 0:
                ops.append(
                    {
                        "op": "add_node",
                        "node": {"id": f"new{i}", "kind": "activity", "label": f"Activity {i}"},
                    }
                )
            r = client.post(
                "/api/v1/graphs/busy/toc/branches/main/commits",
                headers=headers,
                json={"base": head.get_json()["head"], "message": f"w{i}", "ops": ops},
            )
            with lock:
                statuses.append(r.status_code)
                if r.status_code == 201:
                    acknowledged.append((f"n{i}", label))

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert 500 not in statuses and 503 not in statuses, statuses
    assert statuses.count(201) == THREADS * ROUNDS
    tree = api.get("/graphs/busy/toc/tree/main", token=token).get_json()
    labels = {n["id"]: n["label"] for n in tree["nodes"]}
    for i in range(THREADS):
        assert labels[f"n{i}"] == f"Output {i} revised {ROUNDS - 1}"
        assert labels[f"new{i}"] == f"Activity {i}"
    log = api.get("/graphs/busy/toc/commits?limit=500", token=token).get_json()
    assert len(log) == THREADS * ROUNDS + 1
