"""``POST /orgs/{org}/members``: an owner adds a person by username or e-mail with a role;
``GET /orgs/{org}`` shows the caller's role, the members to members and their e-mails to
owners only. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def club(api):
    """``club``: ana owns it, eda edits, vic views; sam and tom belong nowhere."""
    tokens = {name: api.user(name) for name in ("ana", "eda", "vic", "sam", "tom")}
    api.org(tokens["ana"], "club")
    for name, role in (("eda", "editor"), ("vic", "viewer")):
        r = api.put(f"/orgs/club/members/{name}", {"role": role}, token=tokens["ana"])
        assert r.status_code == 200, r.get_json()
    return tokens


def add(api, token, who, role="viewer", org="club"):
    return api.post(f"/orgs/{org}/members", {"user": who, "role": role}, token=token)


@pytest.mark.parametrize("who", ["sam", "Sam", "sam@example.org", "SAM@Example.org"])
def test_an_owner_adds_a_person_by_username_or_email(api, club, who):
    r = add(api, club["ana"], who, "editor")
    assert r.status_code == 201, r.get_json()
    assert r.get_json() == {"username": "sam", "role": "editor", "email": "sam@example.org"}
    members = api.get("/orgs/club", token=club["ana"]).get_json()["members"]
    assert ("sam", "editor") in [(m["username"], m["role"]) for m in members]
    # the new member can now see the organisation's members
    assert api.get("/orgs/club", token=club["sam"]).get_json()["your_role"] == "editor"


def test_no_such_account_is_a_404_that_says_so(api, club):
    r = add(api, club["ana"], "nobody@example.org")
    assert r.status_code == 404
    body = r.get_json()
    assert body["errors"] == {
        "json": {"user": ["No account with the username or e-mail 'nobody@example.org'"]}
    }
    assert body["message"] == "user: No account with the username or e-mail 'nobody@example.org'"


def test_a_member_already_is_a_409(api, club):
    r = add(api, club["ana"], "eda", "owner")
    assert r.status_code == 409
    assert "eda is already a member of club (editor)" in r.get_json()["message"]
    assert r.get_json()["errors"] == {"json": {"user": [r.get_json()["message"][6:]]}}


@pytest.mark.parametrize(("caller", "status"), [("eda", 403), ("vic", 403), ("tom", 403)])
def test_only_owners_add_members(api, club, caller, status):
    r = add(api, club[caller], "sam")
    assert r.status_code == status, r.get_json()
    assert "sam" not in json.dumps(api.get("/orgs/club", token=club["ana"]).get_json())


def test_anonymous_callers_are_asked_to_sign_in(api, club):
    assert add(api, None, "sam").status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"user": "sam", "role": "admin"}, "role"),
        ({"user": "sam"}, "role"),
        ({"role": "viewer"}, "user"),
        ({"user": "", "role": "viewer"}, "user"),
        ({"user": "sam", "role": "viewer", "extra": 1}, "extra"),
    ],
)
def test_a_malformed_body_is_a_422_naming_the_field(api, club, body, field):
    r = api.post("/orgs/club/members", body, token=club["ana"])
    assert r.status_code == 422
    assert field in r.get_json()["errors"]["json"]


def test_an_organisation_that_does_not_exist_is_a_404(api, club):
    assert add(api, club["ana"], "sam", org="nope").status_code == 404


# who asks -> (your_role, sees the members, sees their e-mails)
VIEWS = [("ana", "owner", True, True), ("eda", "editor", True, False),
         ("vic", "viewer", True, False), ("tom", None, False, False),
         (None, None, False, False)]  # fmt: skip


@pytest.mark.parametrize(("caller", "role", "members", "emails"), VIEWS)
def test_what_each_caller_sees_of_an_organisation(api, club, caller, role, members, emails):
    r = api.get("/orgs/club", token=club[caller] if caller else None)
    assert r.status_code == 200
    org = r.get_json()
    assert org["your_role"] == role
    text = json.dumps(org)
    assert "password" not in text and "pbkdf2" not in text and "scrypt" not in text
    assert ("example.org" in text) is emails
    if not members:
        assert "members" not in org
        return
    expected = [("ana", "owner"), ("eda", "editor"), ("vic", "viewer")]
    assert [(m["username"], m["role"]) for m in org["members"]] == expected
    if emails:
        assert [m["email"] for m in org["members"]] == [
            "ana@example.org",
            "eda@example.org",
            "vic@example.org",
        ]


@pytest.mark.parametrize(
    "change",
    [
        lambda api, t: api.put("/orgs/club/members/ana", {"role": "editor"}, token=t),
        lambda api, t: api.delete("/orgs/club/members/ana", token=t),
    ],
    ids=["demote", "remove"],
)
def test_the_last_owner_cannot_be_demoted_or_removed(api, club, change):
    r = change(api, club["ana"])
    assert r.status_code == 409
    assert "club needs at least one owner" in r.get_json()["message"]
    assert api.get("/orgs/club", token=club["ana"]).get_json()["your_role"] == "owner"
    assert add(api, club["ana"], "sam", "owner").status_code == 201
    assert change(api, club["ana"]).status_code in (200, 204)


def test_the_openapi_document_describes_adding_members(api):
    spec = api.get("/openapi.json").get_json()
    post = spec["paths"]["/api/v1/orgs/{org}/members"]["post"]
    assert set(post["responses"]) >= {"201", "404", "409", "422"}
    schema = spec["components"]["schemas"]["MemberCreate"]
    assert schema["required"] == ["role", "user"]
    assert schema["properties"]["role"]["enum"] == ["owner", "editor", "viewer"]
