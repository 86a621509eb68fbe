"""Browser sessions end on the server; API tokens are listed, revoked and expire; passwords
can be changed (issue 9, item 5)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update

from tests.conftest import Api
from toc_editor.config import from_environment
from toc_editor.storage.db import db
from toc_editor.storage.models import ApiToken, BrowserSession

PASSWORD = "correct horse battery"
NEW_PASSWORD = "violet lantern mumbles quietly"


def _basic(username: str, password: str = PASSWORD) -> dict[str, str]:
    pair = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


def _browser(api: Api, username: str, password: str = PASSWORD) -> tuple[Api, str]:
    """A new browser signed in as ``username``, and its CSRF token."""
    browser = Api(api.client.application.test_client())
    r = browser.post("/session", {"username": username, "password": password})
    assert r.status_code == 200, r.get_json()
    return browser, r.get_json()["csrf_token"]


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _db(api: Api, statement: Any) -> None:
    with api.client.application.app_context():
        db.session.execute(statement)
        db.session.commit()


def _token_rows(api: Api) -> list[ApiToken]:
    with api.client.application.app_context():
        rows = list(db.session.scalars(select(ApiToken).order_by(ApiToken.id)))
        db.session.expunge_all()
        return rows


# -- browser sessions -------------------------------------------------------------------------


def test_signing_out_ends_the_session_on_the_server(api):
    api.user("sam")
    browser, csrf = _browser(api, "sam")
    saved = _cookie(browser.client)
    assert browser.delete("/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert browser.get("/user").status_code == 401
    # a copy of the cookie taken before signing out reads and writes nothing
    thief = Api(api.client.application.test_client())
    thief.client.set_cookie("session", saved)
    assert thief.get("/user").status_code == 401
    r = thief.post("/orgs", {"slug": "stolen", "name": "Stolen"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 401


def test_signing_out_needs_the_csrf_header(api):
    api.user("sam")
    browser, csrf = _browser(api, "sam")
    refused = browser.delete("/session")
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.get_json()["message"]
    assert browser.delete("/session", headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert browser.get("/user").status_code == 200  # still signed in
    assert browser.delete("/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert browser.delete("/session", headers={"X-CSRF-Token": csrf}).status_code == 401


def test_a_session_row_is_kept_only_as_a_hash_and_expires_with_the_cookie(api):
    api.user("sam")
    browser, _ = _browser(api, "sam")
    with api.client.application.app_context():
        (row,) = db.session.scalars(select(BrowserSession)).all()
        lifetime = api.client.application.permanent_session_lifetime
        assert abs(row.expires_at - row.created_at - lifetime) < timedelta(seconds=5)
        assert row.id not in _cookie(browser.client)  # the cookie holds the secret, not its hash
    _db(api, update(BrowserSession).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert browser.get("/user").status_code == 401


def test_a_cookie_from_before_server_side_sessions_is_signed_out(api):
    api.user("sam")
    old = api.client.application.test_client()
    with old.session_transaction() as cookie:  # what sign-in used to store: the user id
        cookie["uid"] = 1
        cookie["csrf"] = "x"
    assert Api(old).get("/user").status_code == 401


def test_signing_out_other_browsers_keeps_this_one(api):
    token = api.user("sam")
    here, csrf = _browser(api, "sam")
    there, _ = _browser(api, "sam")
    assert here.delete("/user/sessions").status_code == 403  # a session write: CSRF
    assert here.delete("/user/sessions", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert there.get("/user").status_code == 401
    assert here.get("/user").status_code == 200
    # with a token, every browser session ends; tokens keep working
    assert api.delete("/user/sessions", token=token).status_code == 204
    assert here.get("/user").status_code == 401
    assert api.get("/user", token=token).status_code == 200
    assert api.delete("/user/sessions").status_code == 401


# -- password change --------------------------------------------------------------------------


def test_changing_the_password_ends_other_sessions_and_keeps_this_one_and_tokens(api):
    token = api.user("sam")
    here, csrf = _browser(api, "sam")
    there, _ = _browser(api, "sam")
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert here.put("/user/password", body).status_code == 403  # a session write: CSRF
    r = here.put("/user/password", body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 204, r.get_json()
    assert there.get("/user").status_code == 401
    session = here.get("/session")
    assert session.status_code == 200
    assert session.get_json()["csrf_token"] != csrf  # this browser starts a fresh session
    assert api.get("/user", token=token).status_code == 200  # tokens survive (documented)
    assert api.post("/tokens", headers=_basic("sam")).status_code == 401
    assert api.post("/tokens", headers=_basic("sam", NEW_PASSWORD)).status_code == 201


@pytest.mark.parametrize(
    ("current", "new", "field", "words"),
    [
        ("not my password", NEW_PASSWORD, "current_password", "not your current password"),
        (PASSWORD, PASSWORD, "new_password", "must differ"),
        (PASSWORD, "password1", "new_password", "too easy to guess"),
        (PASSWORD, "sam is the best", "new_password", "must not contain the username"),
        (PASSWORD, "short", "new_password", "8-200 characters"),
    ],
    ids=["wrong current", "unchanged", "weak", "contains the username", "short"],
)
def test_a_password_change_is_refused_naming_the_field(api, current, new, field, words):
    token = api.user("sam")
    r = api.put("/user/password", {"current_password": current, "new_password": new}, token=token)
    assert r.status_code == 422, r.get_json()
    body = r.get_json()
    assert list(body["errors"]["json"]) == [field] and words in body["message"]
    assert api.post("/tokens", headers=_basic("sam")).status_code == 201  # unchanged


def test_a_password_change_needs_a_signed_in_caller(api):
    api.user("sam")
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert api.put("/user/password", body).status_code == 401
    assert api.put("/user/password", {"current_password": PASSWORD}, token="x").status_code == 401


# -- tokens -----------------------------------------------------------------------------------


SHOWN = {"id", "name", "created_at", "expires_at", "last_used_at"}


def test_tokens_are_listed_without_their_secrets_and_only_to_their_owner(api):
    first = api.user("sam")
    r = api.post("/tokens", {"name": "report script", "expires_in_days": 7}, headers=_basic("sam"))
    assert r.status_code == 201, r.get_json()
    made = r.get_json()
    assert set(made) == SHOWN | {"token"} and made["name"] == "report script"
    listed = api.get("/tokens", token=first)
    assert listed.status_code == 200
    tokens = listed.get_json()
    assert [t["name"] for t in tokens] == ["report script", ""]  # newest first
    assert all(set(t) == SHOWN for t in tokens)
    assert first not in listed.get_data(as_text=True) and made["token"] not in str(tokens)
    kims = api.get("/tokens", token=api.user("kim")).get_json()
    assert len(kims) == 1 and kims[0]["id"] not in {t["id"] for t in tokens}
    assert api.get("/tokens").status_code == 401


def test_a_token_lasts_toc_token_days_unless_its_maker_asks(api, monkeypatch):
    api.user("sam")
    default = api.post("/tokens", headers=_basic("sam")).get_json()
    week = api.post("/tokens", {"expires_in_days": 7}, headers=_basic("sam")).get_json()
    api.client.application.config["TOC_TOKEN_DAYS"] = 30
    month = api.post("/tokens", headers=_basic("sam")).get_json()
    for made, days in ((default, 90), (week, 7), (month, 30)):
        lasts = datetime.fromisoformat(made["expires_at"]) - datetime.fromisoformat(
            made["created_at"]
        )
        assert lasts == timedelta(days=days), made
    monkeypatch.setenv("TOC_TOKEN_DAYS", "14")
    monkeypatch.setenv("TOC_TOKEN_MAX_DAYS", "30")
    settings = from_environment(str(api.client.application.instance_path))
    assert (settings["TOC_TOKEN_DAYS"], settings["TOC_TOKEN_MAX_DAYS"]) == (14, 30)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"expires_in_days": 366}, "expires_in_days"),
        ({"expires_in_days": 0}, "expires_in_days"),
        ({"name": "x" * 101}, "name"),
        ({"secret": "mine"}, "secret"),
    ],
    ids=["beyond TOC_TOKEN_MAX_DAYS", "no days", "long name", "unknown field"],
)
def test_a_token_request_is_refused_naming_the_field(api, body, field):
    token = api.user("sam")
    r = api.post("/tokens", body, token=token)
    assert r.status_code == 422, r.get_json()
    assert field in r.get_json()["errors"]["json"]


def _signed_in_browser(api: Api, csrf: bool) -> dict[str, Any]:
    browser, token = _browser(api, "sam")
    api.client = browser.client
    return {"headers": {"X-CSRF-Token": token}} if csrf else {}


WHO_MAY_MAKE_A_TOKEN = [
    ("HTTP Basic", lambda api, token: {"headers": _basic("sam")}, 201),
    ("wrong HTTP Basic", lambda api, token: {"headers": _basic("sam", "guess")}, 401),
    ("bearer token", lambda api, token: {"token": token}, 201),
    ("revoked-looking token", lambda api, token: {"token": token + "x"}, 401),
    ("browser with CSRF", lambda api, token: _signed_in_browser(api, csrf=True), 201),
    ("browser without CSRF", lambda api, token: _signed_in_browser(api, csrf=False), 403),
    ("anonymous", lambda api, token: {}, 401),
]


@pytest.mark.parametrize(
    ("how", "status"),
    [(row[1], row[2]) for row in WHO_MAY_MAKE_A_TOKEN],
    ids=[row[0] for row in WHO_MAY_MAKE_A_TOKEN],
)
def test_who_may_make_a_token(api, how, status):
    token = api.user("sam")
    r = api.post("/tokens", {"name": "made"}, **how(api, token))
    assert r.status_code == status, r.get_json()
    if status == 201:
        made = r.get_json()
        assert api.get("/user", token=made["token"]).get_json()["username"] == "sam"


def test_a_revoked_token_stops_working_and_only_its_owner_may_revoke_it(api):
    sam = api.user("sam")
    kim = api.user("kim")
    spare = api.post("/tokens", {"name": "spare"}, token=sam).get_json()
    assert api.delete(f"/tokens/{spare['id']}", token=kim).status_code == 404
    assert api.get("/user", token=spare["token"]).status_code == 200
    assert api.delete(f"/tokens/{spare['id']}", token=sam).status_code == 204
    refused = api.get("/user", token=spare["token"])
    assert refused.status_code == 401 and "not valid" in refused.get_json()["message"]
    assert api.delete(f"/tokens/{spare['id']}", token=sam).status_code == 404
    for missing in ("999999", str(2**40), "0"):
        assert api.delete(f"/tokens/{missing}", token=sam).status_code == 404
    assert api.delete(f"/tokens/{spare['id']}").status_code == 401
    assert [t["name"] for t in api.get("/tokens", token=sam).get_json()] == [""]


def test_an_expired_token_gets_401_saying_so(api):
    token = api.user("sam")
    _db(api, update(ApiToken).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    r = api.get("/user", token=token)
    assert r.status_code == 401
    assert "expired" in r.get_json()["message"] and "POST /tokens" in r.get_json()["message"]
    assert api.get("/tokens", token=token).status_code == 401
    listed = api.get(
        "/tokens", token=api.post("/tokens", headers=_basic("sam")).get_json()["token"]
    )
    assert len(listed.get_json()) == 2  # listed until revoked, so its owner sees it expired


def test_last_used_is_written_about_once_a_minute(api):
    token = api.user("sam")
    assert _token_rows(api)[0].last_used_at is None
    api.get("/user", token=token)
    first = _token_rows(api)[0].last_used_at
    assert first is not None and datetime.now(UTC) - first < timedelta(seconds=30)
    for _ in range(3):
        api.get("/user", token=token)
    assert _token_rows(api)[0].last_used_at == first  # no write on every request
    earlier = datetime.now(UTC) - timedelta(minutes=2)
    _db(api, update(ApiToken).values(last_used_at=earlier))
    api.get("/user", token=token)
    assert _token_rows(api)[0].last_used_at > earlier + timedelta(minutes=1)
