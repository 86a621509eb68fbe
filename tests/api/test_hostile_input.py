"""Hostile input gets a JSON 400 (or 422 from the model) naming where, never a 500, and
nothing is stored (issue 9, items 11-13).

Each row: a way in, the request, the status, and the location and field the error names.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from typing import Any

import pytest

from tests.conftest import Api

DEEP = ("[" * 10_000 + "]" * 10_000).encode()
DEEP_OBJECT = ('{"a":' * 10_000 + "1" + "}" * 10_000).encode()
SURROGATE = '"\\ud800"'


@pytest.fixture
def owner(api: Api, small_doc: dict[str, Any]) -> str:
    token = api.user("owner")
    api.org(token, "org")
    api.graph(token, "org", "toc", small_doc)
    return token


def _raw(api: Api, method: str, path: str, body: bytes, token: str | None) -> Any:
    return api.call(
        method, path, token=token, data=body, headers={"Content-Type": "application/json"}
    )


def _commit_body(label_json: str) -> bytes:
    return (
        '{"base": "main", "message": "m", "ops": [{"op": "update_node", "id": "oc", '
        f'"set": {{"label": {label_json}}}}}]}}'
    ).encode()


def _doc_json(label_json: str) -> bytes:
    return (
        '{"nodes": [{"id": "n1", "kind": "activity", "label": ' + label_json + '}], "edges": []}'
    ).encode()


# (name, method, path, raw JSON body, signed in, status, location, field)
JSON_BODIES = [
    ("deep array, signed out", "POST", "/session", DEEP, False, 400, "json", None),
    ("deep object, signed out", "POST", "/session", DEEP_OBJECT, False, 400, "json", None),
    (
        "deep array in a commit",
        "POST",
        "/graphs/org/toc/branches/main/commits",
        DEEP,
        True,
        400,
        "json",
        None,
    ),
    (
        "surrogate in a commit",
        "POST",
        "/graphs/org/toc/branches/main/commits",
        _commit_body(SURROGATE),
        True,
        400,
        "json",
        "ops/0/set/label",
    ),
    (
        "surrogate in a new graph's document",
        "POST",
        "/orgs/org/graphs",
        b'{"slug": "g2", "title": "G", "document": ' + _doc_json(SURROGATE) + b"}",
        True,
        400,
        "json",
        "document/nodes/0/label",
    ),
    (
        "surrogate in a graph's title",
        "PATCH",
        "/graphs/org/toc",
        ('{"title": ' + SURROGATE + "}").encode(),
        True,
        400,
        "json",
        "title",
    ),
    (
        "surrogate in an organisation's name",
        "POST",
        "/orgs",
        ('{"slug": "o2", "name": ' + SURROGATE + "}").encode(),
        True,
        400,
        "json",
        "name",
    ),
    (
        "surrogate in a password",
        "POST",
        "/users",
        (
            '{"username": "u2", "email": "u2@example.org", "password": "abc'
            + SURROGATE[1:-1]
            + 'defghijk"}'
        ).encode(),
        False,
        400,
        "json",
        "password",
    ),
    (
        "surrogate as a key",
        "POST",
        "/orgs",
        ('{"slug": "o3", ' + SURROGATE + ": 1}").encode(),
        True,
        400,
        "json",
        None,
    ),
    (
        "NUL in a sign-in",
        "POST",
        "/session",
        b'{"username": "a\\u0000", "password": "x"}',
        False,
        400,
        "json",
        "username",
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "signed_in", "status", "location", "field"),
    [row[1:] for row in JSON_BODIES],
    ids=[row[0] for row in JSON_BODIES],
)
def test_hostile_json_is_refused_naming_where(
    api: Api,
    owner: str,
    method: str,
    path: str,
    body: bytes,
    signed_in: bool,
    status: int,
    location: str,
    field: str | None,
) -> None:
    before = api.get("/graphs/org/toc/tree/main", token=owner).get_json()
    r = _raw(api, method, f"/api/v1{path}", body, owner if signed_in else None)
    assert r.status_code == status, r.get_data(as_text=True)[:300]
    error = r.get_json()
    assert error["code"] == status and error["message"]
    assert location in error["errors"], error
    if field:
        assert field in error["errors"][location], error
    assert api.get("/graphs/org/toc/tree/main", token=owner).get_json() == before


def _basic(username: str, password: str) -> dict[str, str]:
    raw = f"{username}:{password}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


# (name, request kwargs for api.call, location)
OTHER_WAYS_IN = [
    ("NUL in the path", {"method": "GET", "path": "/orgs/x%00y"}, "path"),
    ("NUL in the query", {"method": "GET", "path": "/graphs/org/toc/commits?ref=ma%00in"}, "query"),
    (
        "NUL in a Basic username",
        {"method": "POST", "path": "/tokens", "headers": _basic("I\x00&", "x")},
        "authorization",
    ),
    (
        "NUL in a Basic password",
        {"method": "POST", "path": "/tokens", "headers": _basic("owner", "a\x00b")},
        "authorization",
    ),
    (
        "NUL in a bearer token",
        {"method": "GET", "path": "/user", "headers": {"Authorization": "Bearer toc_a\x00b"}},
        "authorization",
    ),
    (
        "NUL in a form field",
        {
            "method": "POST",
            "path": "/graphs/org/toc/import",
            "data": {"message": "a\x00b", "file": (b"{}", "doc.json")},
        },
        "form",
    ),
    (
        "NUL in an uploaded file's name",
        {
            "method": "POST",
            "path": "/graphs/org/toc/import",
            "data": {"file": (b"{}", "a\x00.json")},
        },
        "files",
    ),
]


@pytest.mark.parametrize(
    ("request_kwargs", "location"),
    [row[1:] for row in OTHER_WAYS_IN],
    ids=[row[0] for row in OTHER_WAYS_IN],
)
def test_nul_is_refused_in_every_other_way_in(
    api: Api, owner: str, request_kwargs: dict[str, Any], location: str
) -> None:
    kwargs = dict(request_kwargs)
    headers = kwargs.pop("headers", None) or {"Authorization": f"Bearer {owner}"}
    if "data" in kwargs:  # a fresh file object per request
        kwargs["data"] = {
            k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v
            for k, v in kwargs["data"].items()
        }
    r = api.call(kwargs.pop("method"), f"/api/v1{kwargs.pop('path')}", headers=headers, **kwargs)
    assert r.status_code == 400, r.get_data(as_text=True)[:300]
    assert location in r.get_json()["errors"], r.get_json()


def _csv_zip(label: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("nodes.csv", b"id,kind,label\nn1,activity," + label + b"\n")
        z.writestr("edges.csv", b"id,source,target\n")
    return buf.getvalue()


# (name, file bytes, file name, the field the 422 names)
IMPORT_FILES = [
    ("NUL in a JSON file's label", _doc_json('"a\\u0000b"'), "doc.json", "file/nodes/0/label"),
    ("surrogate in a JSON file's label", _doc_json(SURROGATE), "doc.json", "file/nodes/0/label"),
    (
        "NUL in a JSON file's link",
        b'{"nodes": [{"id": "n1", "kind": "outcome", "label": "x", '
        b'"links": [{"target": "a/b#c\\u0000"}]}], "edges": []}',
        "doc.json",
        "links/0/target",
    ),
    ("a JSON file nested 10,000 deep", DEEP, "doc.json", "file"),
    ("NUL byte in a CSV zip", _csv_zip(b"a\x00b"), "toc.csv.zip", "label"),
    ("NUL in GraphML", b'<?xml version="1.0"?><graphml>\x00</graphml>', "toc.graphml", "graphml"),
]


@pytest.mark.parametrize(
    ("data", "filename", "field"),
    [row[1:] for row in IMPORT_FILES],
    ids=[row[0] for row in IMPORT_FILES],
)
def test_import_files_meet_the_same_text_rule(
    api: Api, owner: str, data: bytes, filename: str, field: str
) -> None:
    before = api.head("org", "toc", owner)
    r = api.post(
        "/graphs/org/toc/import",
        token=owner,
        json=None,
        data={"file": (io.BytesIO(data), filename)},
    )
    assert r.status_code == 422, r.get_data(as_text=True)[:300]
    assert field in json.dumps(r.get_json()["errors"]), r.get_json()
    assert api.head("org", "toc", owner) == before


def test_the_command_line_import_meets_the_same_text_rule(
    app: Any, api: Api, owner: str, tmp_path: Any
) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(_doc_json('"a\\u0000b"'))
    before = api.head("org", "toc", owner)
    result = app.test_cli_runner().invoke(args=["import", "org/toc", str(path), "--user", "owner"])
    assert result.exit_code != 0
    assert "NUL" in result.output and "Traceback" not in result.output
    assert api.head("org", "toc", owner) == before


@pytest.mark.parametrize("number", [0, 2**31, 1099511627776])
def test_proposal_numbers_out_of_range_are_404(api: Api, owner: str, number: int) -> None:
    for method, suffix in (("GET", ""), ("PUT", "/vote"), ("POST", "/merge")):
        r = api.call(method, f"/api/v1/graphs/org/toc/proposals/{number}{suffix}", token=owner)
        assert r.status_code == 404, (method, suffix, r.get_data(as_text=True)[:200])
