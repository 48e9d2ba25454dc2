"""Account administration needs the password typed in the last ten minutes (auth/reauth.py):
after that, every such action is refused with nothing changed until the password is
confirmed again; a wrong password confirms nothing and counts as a failed sign-in."""

from __future__ import annotations

import io
import re
import time

import pytest
from sqlalchemy import func, select

from deliberate.auth.forms import password_problem
from deliberate.auth.models import ApiToken, User
from deliberate.auth.operations import temporary_password
from deliberate.core.events import Event
from deliberate.directory.models import Unit
from deliberate.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.directory.helpers import MEMBER_HEADERS, xlsx


def _age(client, seconds: int | None) -> None:
    """Pretend the password was last typed ``seconds`` ago (None: never, as for a session
    that began before this feature)."""
    with client.session_transaction() as session:
        if seconds is None:
            session.pop("auth_at", None)
        else:
            session["auth_at"] = int(time.time()) - seconds


def _snapshot() -> tuple:
    db.session.expire_all()
    users = [(u.username, u.display_name, u.role.value, u.is_active, u.password_hash,
              u.session_token) for u in db.session.scalars(select(User).order_by(User.id))]
    units = [(u.name, u.is_active) for u in db.session.scalars(select(Unit).order_by(Unit.id))]
    return (users, units, db.session.scalar(select(func.count(ApiToken.id))),
            db.session.scalar(select(func.count(Event.id))))


@pytest.fixture
def admin(auth, factory):
    client, user = auth.as_role("admin")
    target = factory.user("member", username="target", display_name="目标委员")
    sector = factory.sector("教育界")
    unit = factory.unit("教育局")
    db.session.commit()
    return client, target, sector, unit


def _actions(target: User, sector, unit) -> list[tuple[str, dict]]:
    """Every protected POST with a valid form (each succeeds when the password is fresh)."""
    return [
        ("/directory/members/new", {"display_name": "新委员", "username": "newm",
                                    "sector_id": str(sector.id)}),
        ("/directory/leaders/new", {"display_name": "新领导", "username": "newl",
                                    "title": "副主席"}),
        (f"/directory/units/{unit.id}/staff/new", {"display_name": "新人员",
                                                  "username": "news"}),
        ("/directory/accounts/new", {"display_name": "新账号", "username": "newa",
                                     "role": "secretariat", "unit_id": "0",
                                     "sector_id": "0"}),
        (f"/directory/members/{target.id}/edit", {"display_name": "改名",
                                                   "sector_id": str(sector.id)}),
        (f"/directory/accounts/{target.id}/edit", {"display_name": "目标委员",
                                                    "role": "secretariat", "unit_id": "0",
                                                    "sector_id": "0"}),
        (f"/directory/accounts/{target.id}/reset-password", {}),
        (f"/directory/accounts/{target.id}/deactivate", {}),
        (f"/directory/accounts/{target.id}/reactivate", {}),
        (f"/directory/units/{unit.id}/deactivate", {}),
        ("/account/tokens", {"name": "办公系统"}),
    ]


@pytest.mark.parametrize("age", [601, 3600, None, -3600])
def test_stale_password_refuses_every_admin_action(admin, age):
    client, target, sector, unit = admin
    _age(client, age)
    before = _snapshot()
    for url, form in _actions(target, sector, unit):
        response = client.post(url, data=form, headers={"Referer": "http://localhost/x?y=1"})
        assert response.status_code == 302, url
        location = response.headers["Location"]
        assert location.startswith("/account/confirm?next="), (url, location)
        assert _snapshot() == before, url
    page = client.get(location).get_data(as_text=True)
    assert "确认密码" in page and "未作任何更改" in page


def test_fresh_password_lets_every_action_through(admin):
    client, target, sector, unit = admin
    _age(client, 30)
    for url, form in _actions(target, sector, unit):
        before = _snapshot()
        response = client.post(url, data=form)
        assert response.status_code in (200, 302), url
        assert "/account/confirm" not in response.headers.get("Location", ""), url
        assert _snapshot() != before, url


def test_form_pages_ask_first_and_come_back(admin):
    client, target, _sector, _unit = admin
    _age(client, 601)
    response = client.get(f"/directory/accounts/{target.id}/edit")
    assert response.status_code == 302
    assert response.headers["Location"] == (
        f"/account/confirm?next=/directory/accounts/{target.id}/edit")
    confirmed = client.post("/account/confirm", data={
        "password": TEST_PASSWORD, "next": f"/directory/accounts/{target.id}/edit"})
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"] == f"/directory/accounts/{target.id}/edit"
    assert client.get(confirmed.headers["Location"]).status_code == 200
    # Reading stays open without confirming.
    _age(client, 601)
    assert client.get(f"/directory/accounts/{target.id}").status_code == 200
    assert client.get("/account/tokens").status_code == 200


def test_wrong_or_missing_password_confirms_nothing(admin, app):
    client, target, _sector, _unit = admin
    _age(client, 601)
    url = f"/directory/accounts/{target.id}/deactivate"
    before = _snapshot()
    for password, status in (("wrong-pass-9", 401), ("", 400)):
        response = client.post("/account/confirm", data={"password": password, "next": url})
        assert response.status_code == status
        refused = client.post(url)
        assert refused.headers["Location"].startswith("/account/confirm")
    assert _snapshot()[:3] == before[:3]
    # The right password opens the window; the action then works.
    assert client.post("/account/confirm", data={"password": TEST_PASSWORD}).status_code == 302
    assert client.post(url).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, target.id).is_active is False


def test_confirming_is_throttled_like_signing_in(admin, app):
    client, _target, _sector, _unit = admin
    _age(client, 601)
    limit = app.config["LOGIN_THROTTLE_ATTEMPTS"]
    for _ in range(limit):
        assert client.post("/account/confirm", data={"password": "nope-nope1"}).status_code == 401
    # Even the right password is refused now: guessing through a borrowed session stops.
    blocked = client.post("/account/confirm", data={"password": TEST_PASSWORD})
    assert blocked.status_code == 429
    assert client.post("/account/tokens", data={"name": "x"}).status_code == 302
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0


def test_roster_import_confirmation_needs_the_password(admin):
    client, _target, sector, _unit = admin
    rows = [MEMBER_HEADERS, ["张雅文", "zhangyw", "女", "教育界", "", "", "", ""]]
    page = client.post("/directory/import", data={
        "kind": "members", "file": (io.BytesIO(xlsx(rows)), "名册.xlsx")},
        content_type="multipart/form-data").get_data(as_text=True)
    confirm = re.search(r'action="(/directory/import/\d+/confirm)"', page).group(1)
    _age(client, 601)
    before = _snapshot()
    assert client.post(confirm, data={"kind": "members"}).status_code == 302
    assert _snapshot() == before
    _age(client, 0)
    client.post(confirm, data={"kind": "members"})
    assert db.session.scalar(select(User).where(User.username == "zhangyw")) is not None


def test_sign_in_and_password_change_open_the_window(auth, factory):
    user = factory.user("admin")
    db.session.commit()
    client = auth.client_for(user)
    with client.session_transaction() as session:
        assert abs(session["auth_at"] - time.time()) < 60


def test_the_next_target_stays_local(admin):
    client, *_ = admin
    _age(client, 601)
    response = client.post("/account/confirm", data={
        "password": TEST_PASSWORD, "next": "https://evil.example/x"})
    assert response.headers["Location"] == "/"
    # A refused POST from a foreign page comes back to the dashboard, not there.
    _age(client, 601)
    refused = client.post("/account/tokens", data={"name": "x"},
                          headers={"Referer": "https://evil.example/steal"})
    assert refused.headers["Location"] == "/account/confirm?next=/"


def test_temporary_passwords_meet_the_policy(app):
    # The only passwords not typed through a checked form or the CLI's check.
    for _ in range(200):
        assert password_problem(temporary_password()) is None
