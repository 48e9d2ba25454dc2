"""Every .xlsx of the reports domain read back with openpyxl: statistics tables, the
proposal ledger (chosen columns, filters), the meeting's attendance and speeches lists."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from deliberate.consultation.models import Attendance, Invitation
from deliberate.extensions import db
from deliberate.proposals.models import Proposal


def book(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data))


@pytest.fixture
def sec_client(auth, stats_world):
    return auth.client_for(stats_world.sec)


def test_every_statistics_table_exports(sec_client, stats_world):
    s2 = stats_world.s2.id
    html = sec_client.get(f"/reports/?session={s2}").get_data(as_text=True)
    links = re.findall(r'href="(/reports/statistics\.xlsx\?[^"]+)"', html)
    tables = {re.search(r"table=(\w+)", link).group(1) for link in links if "table=" in link}
    assert tables == {"sessions", "years", "categories", "proposer_types", "sectors", "units",
                      "plan", "meeting_forms", "speeches"}
    for link in links:
        wb = book(sec_client.get(link.replace("&amp;", "&")))
        ws = wb.worksheets[0]
        assert ws.freeze_panes == "A2"
        assert wb.sheetnames[-1] == "统计口径"


def test_category_table_export_matches_the_page(sec_client, stats_world):
    wb = book(sec_client.get(
        f"/reports/statistics.xlsx?table=categories&session={stats_world.s2.id}"))
    ws = wb["按类别"]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["类别", "收到", "已立案", "立案率"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["经济建设"][1] == 5
    total = rows["合计"]
    assert total[1] == 11 and total[3] == pytest.approx(7 / 11)
    assert ws.cell(row=2, column=4).number_format == "0.0%"
    assert rows["政治建设"][3] is None  # no denominator: empty, not 0 %
    definitions = {r[0]: r[1] for r in wb["统计口径"].iter_rows(min_row=2, values_only=True)}
    assert "撤回" in definitions["收到"]


def test_all_tables_in_one_workbook(sec_client, stats_world):
    wb = book(sec_client.get(f"/reports/statistics.xlsx?session={stats_world.s2.id}"))
    assert wb.sheetnames == ["按会议", "按年度", "按类别", "按提案人类型", "按界别", "承办单位",
                             "年度协商计划：从议题到成果", "协商会按形式", "发言", "统计口径"]
    units = {r[0]: r for r in wb["承办单位"].iter_rows(min_row=2, values_only=True)}
    assert units["甲局"][1:4] == (5, 5, 4)


def test_ledger_button_carries_the_filters(sec_client, stats_world):
    html = sec_client.get("/proposals/?category=economy&state=closed").get_data(as_text=True)
    match = re.search(r'href="(/reports/ledger\?[^"]+)"[^>]*data-testid="ledger-link"', html)
    assert match
    form = sec_client.get(match.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert 'name="category" value="economy"' in form and 'name="state" value="closed"' in form
    checked = re.findall(r'name="col" value="(\w+)" id="col-\w+" checked', form)
    assert checked == ["number", "title", "proposer", "category", "units", "state", "due_on",
                       "result_class", "verdict"]


def test_ledger_default_columns(sec_client, stats_world):
    cols = "&".join(f"col={c}" for c in ("number", "title", "proposer", "category", "units",
                                           "state", "due_on", "result_class", "verdict"))
    ws = book(sec_client.get(f"/reports/ledger.xlsx?session={stats_world.s2.id}&sort=number&"
                             f"{cols}")).active
    assert [c.value for c in ws[1]] == ["案号", "案由", "提案人", "类别", "承办单位", "状态",
                                        "办理期限", "办理结果类别", "提案人意见"]
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 12  # every proposal of s2 but the draft
    by_title = {r[1]: r for r in rows}
    assert by_title["提案12"][7] == "A" and by_title["提案12"][8] == "基本满意"
    assert by_title["提案13"][4] == "甲局（分办）、丙局（分办）"
    assert by_title["提案9"][4] == "甲局、乙局（会办单位）"
    due = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "提案8")[6]
    assert due.is_date and due.number_format == "yyyy-mm-dd"


def test_ledger_respects_filters_and_chosen_columns(sec_client, stats_world):
    w = stats_world
    ws = book(sec_client.get(
        f"/reports/ledger.xlsx?session={w.s2.id}&category=economy&col=title&col=late")).active
    assert [c.value for c in ws[1]] == ["案由", "逾期答复"]
    titles = sorted(r[0] for r in ws.iter_rows(min_row=2, values_only=True))
    assert titles == ["提案12", "提案2", "提案4", "提案6", "提案7", "提案9"]
    ws = book(sec_client.get(f"/reports/ledger.xlsx?unit={w.u3.id}&col=number")).active
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == ["第0007号"]


def test_ledger_neutralises_formula_payloads(sec_client, stats_world):
    p = db.session.get(Proposal, stats_world.proposals[7].id)
    p.title = '=HYPERLINK("http://evil.example","点我")'
    db.session.commit()
    ws = book(sec_client.get(f"/reports/ledger.xlsx?session={stats_world.s2.id}"
                             "&state=registered&col=title")).active
    cell = ws["A2"]
    assert cell.value == p.title and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("query,message", [
    ("", "请至少选择一列"), ("col=nope", "未知的列"), ("col=title&col=<script>", "未知的列"),
])
def test_ledger_bad_columns(sec_client, stats_world, query, message):
    r = sec_client.get(f"/reports/ledger.xlsx?category=economy&{query}")
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert message in html and "<script>" not in html
    assert 'name="category" value="economy"' in html  # the filters are kept


def test_ledger_row_limit(app, sec_client, stats_world):
    app.config["REPORTS_LEDGER_MAX_ROWS"] = 3
    r = sec_client.get("/reports/ledger.xlsx?col=title")
    assert r.status_code == 400 and "缩小" in r.get_data(as_text=True)


def test_leader_gets_the_ledger_too(auth, stats_world):
    client = auth.client_for(stats_world.leader)
    # Every proposal of every session but the draft: 12 + 2 + 1, under the header.
    assert book(client.get("/reports/ledger.xlsx?col=number")).active.max_row == 16


def _invite(meeting, **kw):
    inv = Invitation(meeting_id=meeting.id, **{"kind": "member", **kw})
    db.session.add(inv)
    return inv


def test_attendance_list(auth, stats_world, factory):
    w = stats_world
    _invite(w.meeting, user_id=w.m2.id, reply="attending", attendance=Attendance.present)
    _invite(w.meeting, user_id=w.m1.id, reply="attending", attendance=Attendance.present)
    _invite(w.meeting, name="=专家", organisation="某大学", kind="expert",
            attendance=Attendance.nonvoting)
    _invite(w.meeting, user_id=factory.user("member", display_name="丁委员").id,
            reply="leave", leave_reason="出差", attendance=Attendance.on_leave)
    db.session.commit()
    sec = auth.client_for(w.sec)
    page = sec.get(f"/consultation/meetings/{w.meeting.id}").get_data(as_text=True)
    assert 'data-testid="attendance-xlsx"' in page and 'data-testid="speeches-xlsx"' in page
    ws = book(sec.get(f"/reports/meetings/{w.meeting.id}/attendance.xlsx")).active
    assert [c.value for c in ws[1]][:3] == ["序号", "姓名", "单位及职务"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    # 出席 first, in stroke order (王 4 strokes before 张 7), then 列席, then 请假.
    assert [r[1] for r in rows] == ["王委员", "张委员", "=专家", "丁委员"]
    assert ws["B4"].quotePrefix
    assert rows[3][5] == "出差"
    leader = auth.client_for(w.leader)
    assert book(leader.get(f"/reports/meetings/{w.meeting.id}/attendance.xlsx")).active


def test_speeches_list(auth, stats_world):
    w = stats_world
    ws = book(auth.client_for(w.sec).get(f"/reports/meetings/{w.meeting.id}/speeches.xlsx")
              ).active
    assert [c.value for c in ws[1]][:3] == ["发言顺序", "发言题目", "发言人"]
    titles = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert "发言丙" not in titles  # a draft is its author's only
    assert set(titles) == {"发言甲", "发言乙", "发言丁", "发言戊"}


def test_meeting_exports_refused_to_others(auth, stats_world):
    w = stats_world
    member = auth.client_for(w.m1)  # the author of the speeches, not invited
    for kind in ("attendance", "speeches"):
        assert member.get(f"/reports/meetings/{w.meeting.id}/{kind}.xlsx").status_code in (
            403, 404)
    admin, _u = auth.as_role("admin")
    assert admin.get(f"/reports/meetings/{w.meeting.id}/attendance.xlsx").status_code == 403
    assert admin.get(f"/reports/meetings/{w.meeting.id}/speeches.xlsx").status_code == 200
    page = admin.get(f"/consultation/meetings/{w.meeting.id}").get_data(as_text=True)
    assert 'data-testid="attendance-xlsx"' not in page
    assert auth.client_for(w.sec).get("/reports/meetings/999999/speeches.xlsx"
                                      ).status_code == 404
