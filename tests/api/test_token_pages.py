"""The account page where people create, list and revoke their own API tokens."""

import re

import pytest
from sqlalchemy import select

from deliberate.auth.models import ApiToken
from deliberate.core.events import Event
from deliberate.extensions import db

TOKEN_RE = re.compile(r"dlb_[A-Za-z0-9_-]{20,}")


def _events(user, action):
    return db.session.scalars(select(Event).where(Event.object_type == "user",
                                                  Event.object_id == user.id,
                                                  Event.action == action)).all()


def test_user_menu_links_to_the_tokens_page(auth):
    browser, _user = auth.as_role("member")
    page = browser.get("/account/tokens")
    assert page.status_code == 200
    assert 'href="/account/tokens"' in page.get_data(as_text=True)
    assert "API 令牌" in page.get_data(as_text=True)


def test_create_shows_the_token_once_and_it_works(auth, client):
    browser, user = auth.as_role("unit_staff")
    response = browser.post("/account/tokens", data={"name": "市教育局 OA"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    plain = TOKEN_RE.search(html).group(0)
    assert "仅显示这一次" in html
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.name == "市教育局 OA" and token.token_hash == ApiToken.hash(plain)
    # Never again: the list shows the prefix only.
    listing = browser.get("/account/tokens").get_data(as_text=True)
    assert plain not in listing and token.prefix in listing and "市教育局 OA" in listing
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert me.get_json()["username"] == user.username
    [event] = _events(user, "create_token")
    assert (event.actor_id, event.via, event.data["token"]) == (user.id, "web", token.prefix)


@pytest.mark.parametrize("data", [{}, {"name": ""}, {"name": "   "}, {"name": "x" * 101}])
def test_bad_names_are_refused_and_nothing_is_created(auth, data):
    browser, user = auth.as_role("member")
    response = browser.post("/account/tokens", data=data)
    assert response.status_code == 400
    assert not TOKEN_RE.search(response.get_data(as_text=True))
    assert db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id)) is None


def test_list_shows_only_ones_own_tokens(auth, api, factory):
    browser, user = auth.as_role("member")
    api.token_for(user, "我的令牌")
    other = factory.user("member")
    api.token_for(other, "别人的令牌")
    html = browser.get("/account/tokens").get_data(as_text=True)
    assert "我的令牌" in html and "别人的令牌" not in html


def test_revoke_own_token(auth, api, client):
    browser, user = auth.as_role("member")
    token, plain = api.token_for(user, "旧系统")
    response = browser.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is not None
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}
                      ).status_code == 401
    [event] = _events(user, "revoke_token")
    assert (event.actor_id, event.via, event.data["token"]) == (user.id, "web", token.prefix)
    assert event.action_label == "已吊销 API 令牌"
    page = browser.get("/account/tokens").get_data(as_text=True)
    assert "已于" in page and "已吊销" in page


def test_revoking_twice_is_409_and_records_nothing(auth, api):
    browser, user = auth.as_role("member")
    token, _plain = api.token_for(user)
    browser.post(f"/account/tokens/{token.id}/revoke")
    assert browser.post(f"/account/tokens/{token.id}/revoke").status_code == 409
    assert len(_events(user, "revoke_token")) == 1


def test_cannot_revoke_anothers_token(auth, api, factory, client):
    browser, _user = auth.as_role("secretariat")
    other = factory.user("member")
    token, plain = api.token_for(other)
    assert browser.post(f"/account/tokens/{token.id}/revoke").status_code == 404
    assert browser.post("/account/tokens/999999/revoke").status_code == 404
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is None
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}
                      ).status_code == 200


def test_revoke_needs_post(auth, api):
    browser, user = auth.as_role("member")
    token, _plain = api.token_for(user)
    assert browser.get(f"/account/tokens/{token.id}/revoke").status_code == 405


def test_pages_need_sign_in(client):
    assert client.get("/account/tokens").status_code == 302
    assert client.post("/account/tokens/1/revoke").status_code == 302


class TestCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_revoke_without_csrf_token_is_refused(self, app, api, factory):
        user = factory.user("member")
        db.session.commit()
        token, _plain = api.token_for(user)
        browser = app.test_client()
        login_page = browser.get("/login").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)
        csrf = csrf or re.search(r'name="csrf_token" value="([^"]+)"', login_page)
        browser.post("/login", data={"username": user.username, "password": "secret-pass-1",
                                     "csrf_token": csrf.group(1)})
        assert browser.post(f"/account/tokens/{token.id}/revoke").status_code == 400
        db.session.expire_all()
        assert db.session.get(ApiToken, token.id).revoked_at is None
