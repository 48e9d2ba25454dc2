"""Bearer tokens: who may call the API, as whom, and what the responses never carry."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from deliberate.auth.models import ApiToken
from deliberate.auth.operations import revoke_token
from deliberate.core.types import utcnow
from deliberate.extensions import db


def _assert_error(response, status, code):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["fields"], dict)
    return body["error"]


def test_no_token_is_401_json(client):
    error = _assert_error(client.get("/api/v1/me"), 401, "unauthorized")
    assert "Bearer" in error["message"]


def test_401_names_the_bearer_scheme(client):
    response = client.get("/api/v1/me")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", [
    "Bearer dlb_not-a-real-token",
    "Bearer ",
    "Basic dXNlcjpwYXNz",
    "dlb_missing-scheme",
    "Bearer " + "x" * 500,
])
def test_bad_token_is_401(client, api, header):
    api.as_role("member")
    _assert_error(client.get("/api/v1/me", headers={"Authorization": header}), 401,
                  "unauthorized")


def test_revoked_token_is_401(client, api, factory):
    user = factory.user("member")
    token, plain = api.token_for(user)
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    revoke_token(token, user)
    db.session.commit()
    error = _assert_error(client.get("/api/v1/me", headers=headers), 401, "unauthorized")
    assert "吊销" in error["message"]


def test_inactive_user_token_is_401(client, api):
    user, headers = api.as_role("member")
    user.is_active = False
    db.session.commit()
    error = _assert_error(client.get("/api/v1/me", headers=headers), 401, "unauthorized")
    assert "停用" in error["message"]


def test_scheme_is_case_insensitive(client, api):
    _user, headers = api.as_role("member")
    plain = headers["Authorization"].split()[1]
    assert client.get("/api/v1/me", headers={"Authorization": f"bearer {plain}"}
                      ).status_code == 200


def test_session_cookie_does_not_authenticate_the_api(auth):
    # A signed-in browser without a token gets nothing: cookies never act on the API, so a
    # cross-site request cannot either.
    browser, _user = auth.as_role("secretariat")
    assert browser.get("/").status_code in (200, 302)
    _assert_error(browser.get("/api/v1/me"), 401, "unauthorized")


def test_token_acts_as_its_user_even_beside_another_session(auth, api):
    browser, _secretariat = auth.as_role("secretariat")
    member, headers = api.as_role("member")
    response = browser.get("/api/v1/me", headers=headers)
    assert response.get_json()["username"] == member.username


@pytest.mark.parametrize("role", ["admin", "secretariat", "leader", "member", "unit_staff"])
def test_me_for_each_role(client, api, factory, role):
    unit = factory.unit("市教育局") if role == "unit_staff" else None
    user, headers = api.as_role(role, display_name="张雅文", unit=unit)
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["username"] == user.username
    assert body["display_name"] == "张雅文"
    assert body["role"] == role
    assert body["role_label"] == user.role.label
    assert body["locale"] == "zh"
    if role == "unit_staff":
        assert body["unit"] == {"id": unit.id, "name": "市教育局"}
    else:
        assert body["unit"] is None


def test_me_role_label_is_localized(client, api):
    _user, headers = api.as_role("member")
    assert client.get("/api/v1/me", headers=headers).get_json()["role_label"] == "委员"
    english = client.get("/api/v1/me", headers={**headers, "Accept-Language": "en"})
    assert english.get_json()["role_label"] == "Member"


def test_chinese_is_sent_unescaped_as_utf8(client, api):
    _user, headers = api.as_role("member", display_name="王建国")
    raw = client.get("/api/v1/me", headers=headers).get_data()
    assert "王建国".encode() in raw
    assert b"\\u" not in raw


def test_last_used_is_recorded_at_most_once_a_minute(client, api, factory):
    user = factory.user("member")
    token, plain = api.token_for(user)
    headers = {"Authorization": f"Bearer {plain}"}
    assert token.last_used_at is None
    client.get("/api/v1/me", headers=headers)
    db.session.expire_all()
    first = db.session.get(ApiToken, token.id).last_used_at
    assert first is not None and utcnow() - first < timedelta(seconds=30)
    client.get("/api/v1/me", headers=headers)
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).last_used_at == first
    # A minute later the next request notes the use again.
    db.session.get(ApiToken, token.id).last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    client.get("/api/v1/me", headers=headers)
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).last_used_at > first - timedelta(minutes=1)


def test_token_is_stored_hashed(api, factory):
    user = factory.user("member")
    token, plain = api.token_for(user)
    stored = db.session.scalar(select(ApiToken).where(ApiToken.id == token.id))
    assert stored.token_hash == ApiToken.hash(plain) and plain not in stored.token_hash
    assert plain.startswith(stored.prefix)


def test_api_responses_set_no_cookie(client, auth, api):
    _user, headers = api.as_role("member")
    for response in (
        client.get("/api/v1/me", headers=headers),
        client.get("/api/v1/me"),
        client.get("/api/v1/units", headers=headers),
        client.get("/api/v1/units?per_page=0", headers=headers),
        client.get("/api/v1/openapi.json"),
        client.get("/api/v1/unknown"),
    ):
        assert "Set-Cookie" not in response.headers, response.request.path
    # Nor when the caller also holds a signed-in browser session.
    browser, _other = auth.as_role("secretariat")
    response = browser.get("/api/v1/me", headers=headers)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_api_responses_are_not_cached(client, api):
    _user, headers = api.as_role("member")
    assert client.get("/api/v1/me", headers=headers).headers["Cache-Control"] == "no-store"
