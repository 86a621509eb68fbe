"""A one-node commit against a trivial authenticated request, side by side, through the
real server (``toc-editor serve``: uvicorn, 1 process x 8 threads) on SQLite and on
PostgreSQL.

Each round sends ``GET /api/v1/user`` (authenticated, no graph work) and then a commit of
one label change written against the head the client last saw, on one kept-alive
connection, so both see the same machine state. Prints medians, p90 and the ratio.

    python bench/bench_commit.py [--rounds 300] [--postgres postgresql://...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.databases import postgres_database  # noqa: E402
from bench.http_client import Client  # noqa: E402
from tests.e2e.conftest import running_server  # noqa: E402

PASSWORD = "quiet lantern orchard 47 meadow"
DOC = {
    "nodes": [
        {"id": f"n{i}", "kind": kind, "label": f"{kind.title()} {i}"}
        for i, kind in enumerate(["activity"] * 10 + ["output"] * 10 + ["outcome"] * 10)
    ]
    + [{"id": "imp", "kind": "impact", "label": "Impact"}],
    "edges": [{"id": f"e{i}", "source": f"n{i}", "target": f"n{i + 10}"} for i in range(20)],
}
for node in DOC["nodes"]:
    if node["kind"] == "outcome":
        node["horizon"] = "short"


def measure(url: str, rounds: int) -> dict[str, float]:
    client = Client(url)
    name = "bench" + uuid.uuid4().hex[:6]
    client.sign_up(name, PASSWORD)
    assert client.call_json("POST", "/orgs", {"slug": name, "name": "Bench"})[0] == 201
    graph = {"slug": "toc", "title": "Bench", "document": DOC}
    assert client.call_json("POST", f"/orgs/{name}/graphs", graph)[0] == 201
    head = client.call_json("GET", f"/graphs/{name}/toc/branches/main")[1]["head"]
    trivial: list[float] = []
    commit: list[float] = []
    for i in range(rounds + 20):
        status, _, took_trivial = client.call_json("GET", "/user")
        assert status == 200
        ops = [{"op": "update_node", "id": f"n{i % 30}", "set": {"label": f"Label {i}"}}]
        status, body, took_commit = client.call_json(
            "POST",
            f"/graphs/{name}/toc/branches/main/commits",
            {"base": head, "message": "edit", "ops": ops},
        )
        assert status == 201, body
        head = body["id"]
        if i >= 20:  # warm-up
            trivial.append(took_trivial)
            commit.append(took_commit)
    ratios = [c / t for c, t in zip(commit, trivial, strict=True)]
    return {
        "trivial_ms": statistics.median(trivial) * 1000,
        "commit_ms": statistics.median(commit) * 1000,
        "commit_p90_ms": statistics.quantiles(commit, n=10)[8] * 1000,
        "ratio_of_medians": statistics.median(commit) / statistics.median(trivial),
        "median_paired_ratio": statistics.median(ratios),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="an admin URL; a throw-away database is made there ('' to skip)",
    )
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, running_server(Path(tmp)) as url:
        rows.append(("SQLite", measure(url, args.rounds)))
    if args.postgres:
        with (
            postgres_database(args.postgres) as pg_url,
            tempfile.TemporaryDirectory() as tmp,
            running_server(Path(tmp), pg_url) as url,
        ):
            rows.append(("PostgreSQL", measure(url, args.rounds)))
    print("| backend | trivial GET /user | one-node commit | commit p90 | commit / trivial |")
    print("|---|---|---|---|---|")
    for backend, r in rows:
        print(
            f"| {backend} | {r['trivial_ms']:.1f} ms | {r['commit_ms']:.1f} ms | "
            f"{r['commit_p90_ms']:.1f} ms | {r['ratio_of_medians']:.2f}x "
            f"(paired {r['median_paired_ratio']:.2f}x) |"
        )


if __name__ == "__main__":
    main()
