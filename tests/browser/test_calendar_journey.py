"""The secretariat corrects the working-day calendar in the browser: from the desk's warning
to the year screen, adds a local day off, sees it next to the holiday calendar, removes it."""

from __future__ import annotations

from deliberate.demo.content import DEMO_LOGINS
from tests.browser.conftest import login


def test_add_and_remove_a_correction(page):
    page.on("dialog", lambda d: d.accept())
    login(page, DEMO_LOGINS["secretariat"])
    page.wait_for_url("**/desk/secretariat")
    page.goto("/directory/calendar?year=2026")
    assert "国庆节" in page.inner_text("[data-testid=calendar-days]")
    assert "调休上班" in page.inner_text("tr[data-day='2026-10-10']")
    form = page.locator("[data-testid=add-correction]")
    form.locator("input[name=day]").fill("2026-12-30")
    form.locator("select[name=kind]").select_option("holiday")
    form.locator("input[name=note]").fill("本市地方性假日（浏览器测试）")
    form.locator("button[type=submit], input[type=submit]").click()
    page.wait_for_url("**/directory/calendar?year=2026")
    row = page.locator("tr[data-day='2026-12-30']")
    assert "本市地方性假日（浏览器测试）" in row.inner_text()
    assert "休息日" in row.inner_text()
    assert "已记录工作日更正" in page.inner_text("[data-testid=calendar-events]")
    row.locator("button[type=submit]").click()  # confirmed by the dialog handler
    page.wait_for_url("**/directory/calendar?year=2026")
    assert page.locator("tr[data-day='2026-12-30']").count() == 0
