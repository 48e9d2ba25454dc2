"""The secretariat's statistics in a real browser on the demo body: charts drawn, no
console errors under the CSP, filters, and the ledger from the filtered working list."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from deliberate.demo.content import DEMO_LOGINS
from tests.browser.conftest import login


def test_statistics_page_and_ledger(page):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, DEMO_LOGINS["secretariat"])
    page.wait_for_url("**/desk/secretariat")
    page.click("[data-testid=nav-reports]")
    page.wait_for_url("**/reports/")
    assert page.locator("svg.chart").count() == 8
    # Every chart has drawn bars with a size (the CSP allowed its styles).
    box = page.locator("#chart-sessions rect.series-1").first.bounding_box()
    assert box and box["height"] > 10
    assert int(page.inner_text("[data-testid=kpi-received] .kpi-value")) > 0
    page.select_option("#f-session", "all")
    page.wait_for_url("**/reports/?session=all**")
    assert "全部会次" in page.inner_text("[data-testid=scope]")
    assert page.locator("[data-testid=table-sessions] tbody tr").count() == 5
    with page.expect_download() as dl:
        page.click("[data-testid=export-categories]")
    sheet = load_workbook(io.BytesIO(dl.value.path().read_bytes())).active
    assert sheet["A1"].value == "类别"

    page.goto("/proposals/?state=closed")
    page.click("[data-testid=ledger-link]")
    page.wait_for_url("**/reports/ledger?state=closed")
    page.uncheck("#col-units")
    with page.expect_download() as dl:
        page.click("[data-testid=ledger-form] button[type=submit]")
    ws = load_workbook(io.BytesIO(dl.value.path().read_bytes())).active
    headers = [c.value for c in ws[1]]
    assert "承办单位" not in headers and headers[:2] == ["案号", "案由"]
    states = {r[headers.index("状态")] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert states == {"已办结"}
    assert errors == []
