"""The print templates other domains fill with plain data: minutes, notice, ledger."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pytest

from deliberate.core.pdf import render_pdf, render_preview_html
from tests.pdfcheck import MM, all_text, font_report, pages_lines, upright_text

MINUTES = "pdf/documents/minutes.html"
NOTICE = "pdf/documents/notice.html"
LEDGER = "pdf/documents/ledger.html"


@pytest.fixture(autouse=True)
def _app(app):
    return app


def minutes(**overrides) -> dict:
    context = {
        "mark": "政协示范市委员会主席会议纪要",
        "issue_number": "第3期",
        "issuer": "政协示范市委员会办公室",
        "date": date(2026, 11, 20),
        "title": "关于城乡融合发展专题协商的会议纪要",
        "body": "一、会议议定事项\n\n会议听取了有关情况汇报，议定如下事项。",
        "present": ["王喆（经济界）", "李婳（文化艺术界）", "张堃（科技界）", "陈旻（农业界）"]
                   + [f"委员{i}（教育界）" for i in range(12)],
        "absent": ["赵一"],
        "attending": ["钱二（市发展改革委）"],
    }
    context.update(overrides)
    return context


def test_minutes_layout_names_and_labels():
    data = render_pdf(MINUTES, **minutes())
    text = upright_text(data)
    for expected in ("政协示范市委员会主席会议纪要", "第3期", "2026年11月20日",
                     "关于城乡融合发展专题协商的会议纪要", "王喆（经济界）、李婳（文化艺术界）",
                     "张堃", "陈旻", "出席：", "请假：赵一", "列席：钱二（市发展改革委）"):
        assert expected in text, expected
    assert all(embedded for _n, embedded in font_report(data))
    lines = [ln for _w, _h, page in pages_lines(data) for ln in page]
    mark = lines[0]
    # The mark: 35 mm below the text block's top edge (37 mm), in red.
    assert abs(mark.top - 72) <= 1.5
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        red = [c for c in pdf.pages[0].chars if c["text"] == "纪"]
        assert red and tuple(red[0]["non_stroking_color"])[:3] == pytest.approx((0.83, 0, 0),
                                                                                 abs=0.02)
    # 出席： indented two characters, in 黑体; wrapped lines aligned after the colon.
    present = next(ln for ln in lines if ln.text.startswith("出席"))
    assert abs(present.x0 - (28 + 2 * 5.57)) < 0.5
    label_font = {f for f in present.fonts if "Sans" in f}
    assert label_font
    after = lines[lines.index(present) + 1]
    assert abs(after.x0 - (28 + 5 * 5.57)) < 0.5
    assert not after.text.startswith(("请假", "列席"))


def test_minutes_draft_only_has_the_watermark():
    assert "征求意见稿" in all_text(render_pdf(MINUTES, **minutes(draft=True))).replace(" ", "")
    assert "征求意见稿" not in all_text(render_pdf(MINUTES, **minutes(draft=False)))


def test_minutes_without_attendance_or_optional_parts():
    data = render_pdf(MINUTES, mark="某某纪要", date=None, body="正文。")
    text = upright_text(data)
    assert "某某纪要" in text and "正文。" in text and "出席" not in text


def test_notice():
    data = render_pdf(NOTICE, title="关于召开主席会议的通知", recipients="各位委员：",
                      body="现将有关事项通知如下：",
                      items=[("时间", "2026年12月3日上午9:00"), ("地点", "第一会议室")],
                      contact="王喆", issuer="政协示范市委员会办公室", date=date(2026, 11, 27))
    text = upright_text(data)
    for expected in ("关于召开主席会议的通知", "各位委员：", "时间：2026年12月3日上午9:00",
                     "地点：第一会议室", "联系人：王喆", "政协示范市委员会办公室",
                     "2026年11月27日"):
        assert expected in text, expected
    assert len(pages_lines(data)) == 1


def ledger_rows(n: int) -> list[dict]:
    return [{"number": f"{i:04d}", "title": f"关于加强第{i}项工作的建议", "proposer": "王喆等3人",
             "units": "市财政局（主办）", "state": "办理中", "due_date": date(2026, 6, 30),
             "result": "A", "verdict": "满意"} for i in range(1, n + 1)]


def test_ledger_is_landscape_with_header_on_every_page():
    data = render_pdf(LEDGER, title="第三次会议提案台账", subtitle="全部提案",
                      date=date(2026, 11, 27), rows=ledger_rows(40))
    pages = pages_lines(data)
    assert len(pages) >= 2
    for width, height, lines in pages:
        assert abs(width - 297) < 0.5 and abs(height - 210) < 0.5
        header = next(ln.text for ln in lines if ln.text.startswith("提案号"))
        assert header.replace(" ", "") == ("提案号案由提案人承办单位"
                                           "办理状态办理期限办理结果提案人意见")
    text = upright_text(data)
    assert "共40件" in text and "关于加强第40项工作的建议" in text and "2026年6月30日" in text


def test_ledger_without_rows_and_with_missing_fields():
    data = render_pdf(LEDGER, title="空台账", date=date(2026, 1, 1), rows=[])
    assert "无提案。" in upright_text(data)
    data = render_pdf(LEDGER, title="台账", date="2026年", rows=[{"number": "0001"}])
    assert "0001" in upright_text(data)


def test_preview_of_a_print_template():
    html = render_preview_html(MINUTES, **minutes(draft=True))
    assert "政协示范市委员会主席会议纪要" in html and "征求意见稿" in html
    assert 'href="/static/css/pdf/gbt9704.css"' in html


def test_templates_are_chinese_whatever_the_ui_language():
    from flask_babel import force_locale

    with force_locale("en"):
        data = render_pdf(MINUTES, **minutes())
    assert "出席：" in upright_text(data)


def test_minutes_mark_distance_in_points():
    # Guard against the grid drifting: 22 body lines on a full second page.
    body = "\n\n".join(["会议指出，" + "政协委员围绕发展大局协商议政。" * 6] * 30)
    data = render_pdf(MINUTES, **minutes(body=body, present=[], absent=[], attending=[]))
    _w, _h, lines = pages_lines(data)[1]
    body_lines = [ln for ln in lines if ln.size > 15]
    assert 21 <= len(body_lines) <= 22
    assert abs(body_lines[0].top - 37) <= 1
    assert MM > 2.8
