"""Passwords: weak ones are refused with advice (issue 9, item 8), and a sign-in for an
unknown username costs the same password hash as a wrong password (item 7)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Api
from toc_editor.services import accounts

WEAK = {
    "digits": "12345678",
    "the word": "password",
    "eight spaces": " " * 8,
    "the username": "jo-bloggs",
    "the username, longer": "jo-bloggs2024",
    "a keyboard walk": "qwertyuiop",
    "too short": "Tr0ub4!",
}


@pytest.mark.parametrize("password", WEAK.values(), ids=WEAK.keys())
def test_a_weak_password_is_refused_with_advice(api: Api, password: str) -> None:
    r = api.post(
        "/users", {"username": "jo-bloggs", "email": "jo@example.org", "password": password}
    )
    assert r.status_code == 422, r.get_json()
    message = r.get_json()["errors"]["json"]["password"][0]
    assert "unrelated words" in message or "between 8 and 200" in message
    assert api.post("/session", {"username": "jo-bloggs", "password": password}).status_code == 401


def test_a_strong_password_is_accepted(api: Api) -> None:
    body = {
        "username": "jo-bloggs",
        "email": "jo@example.org",
        "password": "violet harbour kettle 9",
    }
    assert api.post("/users", body).status_code == 201


@pytest.mark.real_password_hash
@pytest.mark.parametrize("username", ["someone-real", "nobody-at-all"])
def test_every_failed_sign_in_checks_one_password_hash(
    api: Api, monkeypatch: pytest.MonkeyPatch, username: str
) -> None:
    """Unknown usernames are checked against a dummy hash, so the answer takes as long as
    for a real user's wrong password and does not tell which usernames exist."""
    api.user("someone-real")
    checked: list[Any] = []
    real_check = accounts.check_password_hash

    def counting(hashed: str, password: str) -> bool:
        checked.append(hashed)
        return real_check(hashed, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    r = api.post("/session", {"username": username, "password": "not the password at all"})
    assert r.status_code == 401
    assert r.get_json()["message"] == "wrong username or password"
    assert len(checked) == 1 and checked[0].startswith("scrypt:")


@pytest.mark.real_password_hash
def test_passwords_are_stored_as_scrypt_hashes(app: Any, api: Api) -> None:
    """What production stores (the other tests hash with a fast PBKDF2, tests/conftest.py)."""
    from toc_editor.storage.db import db
    from toc_editor.storage.models import User

    api.user("jo-bloggs", "violet harbour kettle 9")
    with app.app_context():
        stored = db.session.query(User.password_hash).filter_by(username="jo-bloggs").scalar()
    assert stored.startswith("scrypt:")
    assert "violet" not in stored
