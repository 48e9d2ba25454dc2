"""Members, leaders, unit staff and accounts: creation, editing, deactivation, passwords."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from deliberate.auth.models import User
from deliberate.core.events import events_for
from deliberate.core.permissions import Role
from deliberate.core.workflow import ActionNotAllowed, PermissionDenied
from deliberate.directory import operations
from deliberate.directory.models import MemberProfile
from deliberate.extensions import db


@pytest.fixture
def keeper(auth):
    return auth.as_role("secretariat")


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def test_create_member_with_profile_and_temporary_password(keeper, factory, auth):
    client, actor = keeper
    sector = factory.sector("教育界")
    committee = factory.committee("提案委员会")
    db.session.commit()
    response = client.post("/directory/members/new", data={
        "display_name": "张雅文", "username": "zhangyw", "gender": "女",
        "sector_id": str(sector.id), "committee_id": str(committee.id),
        "work_unit": "实验中学校长", "phone": "13800138000", "email": "zyw@example.cn"})
    assert response.status_code == 302
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    user = _user("zhangyw")
    assert user.role == Role.member and user.must_change_password
    assert user.profile.sector_id == sector.id and user.profile.committee_id == committee.id
    assert user.profile.work_unit == "实验中学校长" and user.email == "zyw@example.cn"
    # The temporary password is shown once and works.
    password = flashed.split("zhangyw")[1].split("：")[1].split(" ")[0].strip()
    fresh = auth._app.test_client()
    assert auth.login(fresh, "zhangyw", password).status_code == 302
    assert [e.action for e in events_for("user", user.id)][:1] == ["create"]
    assert events_for("user", user.id)[0].actor_id == actor.id


def test_member_list_sorted_by_sector_then_pinyin_and_searchable(keeper, factory):
    client, _actor = keeper
    economy = factory.sector("经济界")
    economy.sort_order = 1
    education = factory.sector("教育界")
    education.sort_order = 2
    for name, sector in [("赵敏", economy), ("王强", education), ("陈一", education),
                         ("安然", economy)]:
        operations.create_account(f"u{len(name)}{sector.id}{name.encode().hex()[:6]}",
                                  "member", {"display_name": name, "sector_id": sector.id},
                                  None, with_password=False)
    db.session.commit()
    page = client.get("/directory/members").get_data(as_text=True)
    order = [page.index(n) for n in ("安然", "赵敏", "陈一", "王强")]
    assert order == sorted(order)
    found = client.get("/directory/members?q=wq").get_data(as_text=True)
    assert "王强" in found and "赵敏" not in found
    by_pinyin = client.get("/directory/members?q=zhao").get_data(as_text=True)
    assert "赵敏" in by_pinyin and "王强" not in by_pinyin
    by_sector = client.get(f"/directory/members?sector={economy.id}").get_data(as_text=True)
    assert "安然" in by_sector and "陈一" not in by_sector


def test_member_bad_input(keeper, factory):
    client, _actor = keeper
    sector = factory.sector()
    factory.user(username="taken")
    db.session.commit()
    base = {"display_name": "李华", "username": "lihua", "sector_id": str(sector.id)}
    cases = [
        {"username": "taken"},               # duplicate username
        {"username": "TAKEN"},               # duplicates ignore case
        {"username": "李华"},                 # not a valid username
        {"sector_id": "0"},                  # no sector
        {"sector_id": "abc"},                # wrong type
        {"display_name": ""},                # missing
        {"display_name": "长" * 65},          # too long
        {"email": "not-an-email"},
        {"phone": "电话"},
        {"gender": "其他"},
    ]
    for change in cases:
        response = client.post("/directory/members/new", data={**base, **change})
        assert response.status_code == 422, change
    assert _user("lihua") is None
    text = client.post("/directory/members/new", data={**base, "username": "taken"}
                       ).get_data(as_text=True)
    assert "已被使用" in text


def test_edit_member(keeper, factory):
    client, actor = keeper
    member = factory.user("member", display_name="王五")
    other = factory.sector("农业和农村界")
    db.session.commit()
    response = client.post(f"/directory/members/{member.id}/edit", data={
        "display_name": "王五一", "sector_id": str(other.id), "committee_id": "0",
        "work_unit": "农业局", "phone": "", "email": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert member.display_name == "王五一" and member.name_initials == "wwy"
    assert member.profile.sector_id == other.id and member.profile.work_unit == "农业局"
    update = events_for("user", member.id)[-1]
    assert update.action == "update" and "display_name" in update.data["changes"]
    assert client.get(f"/directory/members/{member.id}/edit").status_code == 200


def test_leaders(keeper):
    client, _actor = keeper
    response = client.post("/directory/leaders/new", data={
        "display_name": "周主席", "username": "zhouzx", "title": "主席"})
    assert response.status_code == 302
    leader = _user("zhouzx")
    assert leader.role == Role.leader and leader.title == "主席"
    assert client.post(f"/directory/leaders/{leader.id}/edit", data={
        "display_name": "周主席", "title": "副主席"}).status_code == 302
    db.session.refresh(leader)
    assert leader.title == "副主席"
    assert "副主席" in client.get("/directory/leaders").get_data(as_text=True)
    assert client.post("/directory/leaders/new", data={
        "display_name": "x", "username": "xleader"}).status_code == 422  # title required


def test_unit_staff_accounts(keeper, factory):
    client, _actor = keeper
    unit = factory.unit("生态环境局")
    db.session.commit()
    response = client.post(f"/directory/units/{unit.id}/staff/new", data={
        "display_name": "孙丽", "username": "sunli", "title": "办公室主任"})
    assert response.status_code == 302
    staff = _user("sunli")
    assert staff.role == Role.unit_staff and staff.unit_id == unit.id
    page = client.get(f"/directory/units/{unit.id}").get_data(as_text=True)
    assert "孙丽" in page
    detail = client.get(f"/directory/accounts/{staff.id}").get_data(as_text=True)
    assert 'data-testid="timeline"' in detail and "生态环境局" in detail


def test_unit_staff_without_unit_is_refused(keeper):
    client, _actor = keeper
    response = client.post("/directory/accounts/new", data={
        "display_name": "无单位", "username": "nounit", "role": "unit_staff", "unit_id": "0"})
    assert response.status_code == 422
    assert "承办单位工作人员必须指定所属承办单位" in response.get_data(as_text=True)
    assert _user("nounit") is None


def test_accounts_create_any_role_and_change_role(keeper, factory):
    client, actor = keeper
    unit = factory.unit()
    sector = factory.sector()
    db.session.commit()
    assert client.post("/directory/accounts/new", data={
        "display_name": "秘书甲", "username": "mishu", "role": "secretariat", "unit_id": "0",
        "sector_id": "0"}).status_code == 302
    assert client.post("/directory/accounts/new", data={
        "display_name": "委员乙", "username": "weiyuan", "role": "member",
        "sector_id": str(sector.id)}).status_code == 302
    assert _user("weiyuan").profile.sector_id == sector.id
    # A member needs a sector.
    assert client.post("/directory/accounts/new", data={
        "display_name": "委员丙", "username": "weiyuan2", "role": "member"}).status_code == 422
    # Only unit staff belong to a unit.
    assert client.post("/directory/accounts/new", data={
        "display_name": "x", "username": "xx", "role": "leader",
        "unit_id": str(unit.id)}).status_code == 422
    assert client.post("/directory/accounts/new", data={
        "display_name": "x", "username": "xx", "role": "emperor"}).status_code == 422
    # Move the secretariat account to a unit.
    user = _user("mishu")
    assert client.post(f"/directory/accounts/{user.id}/edit", data={
        "display_name": "秘书甲", "role": "unit_staff", "unit_id": str(unit.id)}
    ).status_code == 302
    db.session.refresh(user)
    assert user.role == Role.unit_staff and user.unit_id == unit.id
    change = events_for("user", user.id)[-1].data["changes"]
    assert change["role"] == ["secretariat", "unit_staff"] and change["unit"][1] == unit.name
    # Refused: staff without unit; nothing changes.
    assert client.post(f"/directory/accounts/{user.id}/edit", data={
        "display_name": "秘书甲", "role": "unit_staff", "unit_id": "0"}).status_code == 422
    db.session.refresh(user)
    assert user.unit_id == unit.id
    # A keeper cannot change their own role.
    assert client.post(f"/directory/accounts/{actor.id}/edit", data={
        "display_name": "x", "role": "member", "sector_id": str(sector.id)}).status_code == 422


def test_deactivate_and_reactivate_account_through_the_workflow(keeper, factory, auth):
    client, actor = keeper
    member = factory.user("member")
    db.session.commit()
    member_client = auth.client_for(member)
    response = client.post(f"/directory/accounts/{member.id}/deactivate")
    assert response.status_code == 302
    db.session.expire_all()
    assert not member.is_active
    # The open session ends and signing in is refused.
    assert member_client.get("/").status_code == 302
    assert auth.login(auth._app.test_client(), member.username).status_code == 403
    assert client.post(f"/directory/accounts/{member.id}/deactivate").status_code == 409
    assert client.post(f"/directory/accounts/{member.id}/reactivate").status_code == 302
    db.session.expire_all()
    assert member.is_active
    evs = [(e.action, e.from_state, e.to_state) for e in events_for("user", member.id)]
    assert evs[-2:] == [("deactivate", "active", "inactive"), ("reactivate", "inactive", "active")]
    detail = client.get(f"/directory/accounts/{member.id}").get_data(as_text=True)
    assert "停用" in detail and "重新启用" in detail
    assert auth.login(auth._app.test_client(), member.username).status_code == 302


def test_keeper_cannot_deactivate_self(keeper):
    client, actor = keeper
    assert client.post(f"/directory/accounts/{actor.id}/deactivate").status_code == 409
    db.session.expire_all()
    assert actor.is_active


def test_workflow_refuses_other_roles(factory):
    leader = factory.user("leader")
    member = factory.user("member")
    with pytest.raises(PermissionDenied):
        operations.set_active(member, False, leader)
    secretariat = factory.user("secretariat")
    operations.set_active(member, False, secretariat)
    with pytest.raises(ActionNotAllowed):
        operations.set_active(member, False, secretariat)


def test_reset_password(keeper, factory, auth):
    client, actor = keeper
    member = factory.user("member")
    db.session.commit()
    old_token = member.session_token
    response = client.post(f"/directory/accounts/{member.id}/reset-password")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert member.must_change_password and member.session_token != old_token
    password = page.split(f"{member.username}）")[1].split("：")[1].split(" ")[0].strip()
    assert not member.check_password("secret-pass-1") and member.check_password(password)
    assert events_for("user", member.id)[-1].action == "reset_password"
    # Shown once only.
    assert password not in client.get(f"/directory/accounts/{member.id}").get_data(as_text=True)
    fresh = auth._app.test_client()
    auth.login(fresh, member.username, password)
    assert fresh.get("/").headers["Location"].endswith("/account/password")


def test_accounts_list_filters_and_query_count(keeper, factory):
    client, _actor = keeper
    unit = factory.unit()
    for i in range(3):
        factory.user("unit_staff", unit=unit, display_name=f"员工{i}")
        factory.user("member", display_name=f"委员{i}")
    db.session.commit()

    def statements(url: str) -> int:
        count = 0

        def before(*_args, **_kwargs):
            nonlocal count
            count += 1

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
        return count

    few = statements("/directory/accounts?status=all")
    for i in range(15):
        factory.user("unit_staff", unit=factory.unit(), display_name=f"员工多{i}")
        factory.user("member", display_name=f"委员多{i}")
    db.session.commit()
    many = statements("/directory/accounts?status=all")
    assert many == few
    assert statements("/directory/members") == statements("/directory/members?page=2")
    staff_only = client.get("/directory/accounts?role=unit_staff").get_data(as_text=True)
    assert "员工0" in staff_only and "委员0" not in staff_only
    assert client.get("/directory/accounts?role=bogus&page=abc").status_code == 200


def test_member_without_profile_becomes_member_with_sector(keeper, factory):
    client, _actor = keeper
    leader = factory.user("leader")
    sector = factory.sector()
    db.session.commit()
    assert client.post(f"/directory/accounts/{leader.id}/edit", data={
        "display_name": leader.display_name, "role": "member"}).status_code == 422
    assert client.post(f"/directory/accounts/{leader.id}/edit", data={
        "display_name": leader.display_name, "role": "member", "sector_id": str(sector.id)}
    ).status_code == 302
    assert db.session.get(MemberProfile, leader.id).sector_id == sector.id


@pytest.mark.parametrize("url", ["/directory/accounts?status=all", "/directory/members",
                                 "/directory/leaders", "/directory/units"])
def test_lists_paginate(keeper, factory, url):
    client, _actor = keeper
    for _ in range(3):
        factory.user("member")
        factory.user("leader")
        factory.unit()
    db.session.commit()
    sep = "&" if "?" in url else "?"
    response = client.get(f"{url}{sep}per_page=2")
    assert response.status_code == 200
    assert "page=2" in response.get_data(as_text=True)


def test_only_admins_manage_admin_accounts(keeper, auth, factory):
    client, secretariat = keeper
    admin = factory.user("admin")
    db.session.commit()
    # The form does not offer the role; the operation refuses it anyway.
    assert client.post("/directory/accounts/new", data={
        "display_name": "x", "username": "newadmin", "role": "admin"}).status_code == 422
    with pytest.raises(PermissionDenied):
        operations.create_account("newadmin", "admin", {"display_name": "x"}, secretariat)
    with pytest.raises(PermissionDenied):
        operations.update_account(factory.user("leader"), {}, secretariat, role="admin")
    db.session.rollback()
    assert client.post(f"/directory/accounts/{admin.id}/reset-password").status_code == 403
    assert client.post(f"/directory/accounts/{admin.id}/deactivate").status_code == 403
    assert client.post(f"/directory/accounts/{admin.id}/edit", data={
        "display_name": "x", "role": "secretariat"}).status_code == 403
    page = client.get(f"/directory/accounts/{admin.id}").get_data(as_text=True)
    assert "reset-password" not in page and "/deactivate" not in page
    assert 'value="admin"' not in client.get("/directory/accounts/new").get_data(as_text=True)
    db.session.expire_all()
    assert admin.is_active and admin.role == Role.admin and _user("newadmin") is None
    admin_client = auth.client_for(admin)
    assert admin_client.post("/directory/accounts/new", data={
        "display_name": "x", "username": "newadmin", "role": "admin"}).status_code == 302


def test_timeline_labels_account_events(keeper, factory):
    from deliberate.core.events import record_event

    client, _actor = keeper
    member = factory.user("member")
    record_event("user", member.id, "change_password", member)
    record_event("user", member.id, "login", member)
    db.session.commit()
    page = client.get(f"/directory/accounts/{member.id}").get_data(as_text=True)
    assert "已修改密码" in page and "change_password" not in page
    assert "已登录" not in page  # sign-ins are summarised as the last sign-in time


def test_edit_without_optional_fields_keeps_them_empty(keeper, factory):
    # A script (not a browser) may leave optional fields out of the form: no 500.
    client, _actor = keeper
    sector = factory.sector()
    member = factory.user("member", username="nofields", email="a@example.cn")
    db.session.commit()
    response = client.post(f"/directory/members/{member.id}/edit",
                           data={"display_name": "改名", "sector_id": str(sector.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert member.display_name == "改名" and member.email == "" and member.phone == ""
