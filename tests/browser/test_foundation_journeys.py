import pytest

from deliberate.demo.content import DEMO_LOGINS
from tests.browser.conftest import login

LANDINGS = {
    "admin": ("/desk/admin", "系统管理"),
    "secretariat": ("/desk/secretariat", "秘书处工作台"),
    "leader": ("/desk/leader", "领导工作台"),
    "member": ("/desk/member", "委员工作台"),
    "unit_staff": ("/desk/unit", "承办单位工作台"),
}


@pytest.mark.parametrize("role", list(LANDINGS))
def test_each_role_signs_in_to_its_dashboard_and_out(page, role):
    path, title = LANDINGS[role]
    login(page, DEMO_LOGINS[role])
    page.wait_for_url(f"**{path}")
    assert page.inner_text("[data-testid=dashboard-title]") == title
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/login")
    assert "您已退出登录" in page.content()
    page.goto(path)
    page.wait_for_url("**/login**")


def test_language_switch(page):
    login(page, DEMO_LOGINS["member"])
    page.wait_for_url("**/desk/member")
    page.click("[data-testid=lang-en]")
    page.wait_for_url("**/desk/member")
    assert page.inner_text("[data-testid=dashboard-title]") == "Member's desk"
    page.click("[data-testid=lang-zh]")
    page.wait_for_url("**/desk/member")
    assert page.inner_text("[data-testid=dashboard-title]") == "委员工作台"


def test_wrong_password_shows_chinese_message(page):
    login(page, DEMO_LOGINS["member"], "not-the-password1")
    assert "用户名或密码错误" in page.content()


def test_phone_layout(page):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, DEMO_LOGINS["secretariat"])
    page.wait_for_url("**/desk/secretariat")
    assert page.is_visible(".navbar-toggler")
