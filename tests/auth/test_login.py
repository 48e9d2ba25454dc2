import pytest
from sqlalchemy import func, select

from deliberate.auth.models import LoginAttempt, User
from deliberate.extensions import db
from tests.conftest import TEST_PASSWORD

DASHBOARDS = {
    "admin": "/desk/admin",
    "secretariat": "/desk/secretariat",
    "leader": "/desk/leader",
    "member": "/desk/member",
    "unit_staff": "/desk/unit",
}


@pytest.mark.parametrize("role", list(DASHBOARDS))
def test_each_role_lands_on_its_dashboard(client, factory, role):
    user = factory.user(role)
    db.session.commit()
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    response = client.get(response.headers["Location"])
    assert response.status_code == 302 and response.headers["Location"].endswith(DASHBOARDS[role])
    page = client.get(DASHBOARDS[role])
    assert page.status_code == 200
    assert 'data-testid="dashboard-title"' in page.get_data(as_text=True)


@pytest.mark.parametrize("role", list(DASHBOARDS))
def test_other_roles_dashboards_are_forbidden(auth, role):
    client, _user = auth.as_role(role)
    for other, url in DASHBOARDS.items():
        if other != role:
            assert client.get(url).status_code == 403


def test_wrong_password(client, factory):
    user = factory.user("member")
    db.session.commit()
    response = client.post("/login", data={"username": user.username, "password": "nope-123"})
    assert response.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/inbox").status_code == 302


def test_unknown_user_gets_the_same_message(client):
    response = client.post("/login", data={"username": "ghost", "password": "whatever1"})
    assert response.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)


def test_missing_fields(client):
    response = client.post("/login", data={"username": ""})
    assert response.status_code == 400
    assert "此项为必填项" in response.get_data(as_text=True) or "必填" in response.get_data(
        as_text=True)


def test_inactive_user_is_refused(client, factory):
    user = factory.user("member", is_active=False)
    db.session.commit()
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert "该账号已停用" in response.get_data(as_text=True)


def test_account_without_password_cannot_sign_in(client, factory):
    user = factory.user("member")
    user.password_hash = None
    db.session.commit()
    response = client.post("/login", data={"username": user.username, "password": ""})
    assert response.status_code == 400
    response = client.post("/login", data={"username": user.username, "password": "x"})
    assert response.status_code == 401


def test_throttling_per_account(client, factory):
    user = factory.user("member")
    db.session.commit()
    for _ in range(5):
        client.post("/login", data={"username": user.username, "password": "wrong-pass1"})
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.get_data(as_text=True)
    assert client.get("/inbox").status_code == 302


def test_throttling_per_address(client, factory):
    user = factory.user("member")
    db.session.commit()
    for i in range(5):
        client.post("/login", data={"username": f"guess{i}", "password": "wrong-pass1"})
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 429


def test_old_failures_expire(client, factory, app):
    from datetime import timedelta

    from deliberate.core.types import utcnow

    user = factory.user("member")
    old = utcnow() - timedelta(minutes=16)
    for _ in range(5):
        db.session.add(LoginAttempt(username=user.username, address="127.0.0.1",
                                    created_at=old))
    db.session.commit()
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_success_clears_account_failures(client, factory):
    user = factory.user("member")
    db.session.commit()
    for _ in range(3):
        client.post("/login", data={"username": user.username, "password": "wrong-pass1"})
    client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    failures = db.session.scalar(select(func.count(LoginAttempt.id)).where(
        LoginAttempt.username == user.username, LoginAttempt.succeeded.is_(False)))
    assert failures == 0


def test_next_parameter_is_local_only(client, factory):
    user = factory.user("member")
    db.session.commit()
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD,
                                           "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD,
                                           "next": "/inbox"})
    assert response.headers["Location"] == "/inbox"


def test_logout_invalidates_the_old_cookie(app, factory):
    user = factory.user("member")
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    stolen = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/inbox").status_code == 302


def test_session_cookie_flags(client, factory):
    user = factory.user("member")
    db.session.commit()
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def _change(client, current, new, confirm=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new,
        "confirm": new if confirm is None else confirm})


def test_password_change(auth):
    client, user = auth.as_role("member")
    bad = _change(client, "wrong", "abc12345")
    assert bad.status_code == 400 and "当前密码不正确" in bad.get_data(as_text=True)
    weak = _change(client, TEST_PASSWORD, "12345678")
    assert weak.status_code == 400 and "字母" in weak.get_data(as_text=True)
    short = _change(client, TEST_PASSWORD, "ab1")
    assert short.status_code == 400 and "至少需要 8 个字符" in short.get_data(as_text=True)
    differ = _change(client, TEST_PASSWORD, "abc12345", "abc1234x")
    assert differ.status_code == 400 and "不一致" in differ.get_data(as_text=True)
    ok = _change(client, TEST_PASSWORD, "new-pass-2")
    assert ok.status_code == 302
    assert client.get("/inbox").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("new-pass-2")


def test_must_change_password_redirects(auth, factory):
    user = factory.user("member", must_change_password=True)
    db.session.commit()
    client = auth.client_for(user)
    response = client.get("/inbox")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/account/password")


def test_language_switch_is_per_user(auth):
    client, user = auth.as_role("member")
    assert "退出登录" in client.get("/inbox").get_data(as_text=True)
    client.post("/language", data={"lang": "en", "next": "/inbox"})
    page = client.get("/inbox").get_data(as_text=True)
    assert "Sign out" in page and "退出登录" not in page
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"
    assert client.post("/language", data={"lang": "xx"}).status_code == 302


def test_anonymous_language_choice(client):
    client.post("/language", data={"lang": "en"})
    assert "Username" in client.get("/login").get_data(as_text=True)
