"""The shared .xlsx writer: Chinese headers, frozen header row, widths, dates, and no cell a
spreadsheet would evaluate."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from deliberate.core.xlsx import (
    PERCENT_FORMAT,
    Column,
    Sheet,
    display_width,
    workbook_bytes,
    xlsx_response,
)

PAYLOADS = ["=1+1", "=HYPERLINK(\"http://evil.example\",\"点击\")", "+SUM(A1:A2)", "-2+3",
            "@SUM(A1)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]


def read(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_headers_frozen_and_filtered():
    ws = read(workbook_bytes([Sheet("提案台账", ["编号", "案由"], [["第0001号", "关于…的建议"]])]))
    assert ws.title == "提案台账"
    assert [c.value for c in ws[1]] == ["编号", "案由"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:B2"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_payloads_stay_text(payload):
    data = workbook_bytes([Sheet("s", ["案由"], [[payload]])])
    cell = read(data)["A2"]
    # The text itself is kept (XML reads a carriage return back as a line feed).
    assert cell.value.replace("\n", "\r") == payload
    assert cell.data_type == "s"
    assert cell.quotePrefix  # Excel's leading apostrophe: shown as text, never evaluated
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_formula_like_header_is_neutralised_too():
    assert read(workbook_bytes([Sheet("s", ["=A1"], [])]))["A1"].data_type == "s"


def test_plain_text_and_numbers_are_left_alone():
    ws = read(workbook_bytes([Sheet("s", ["a", "b", Column("率", PERCENT_FORMAT)],
                                    [["普通文本", 42, 0.625], ["a=b", -3, None]])]))
    assert not ws["A2"].quotePrefix and ws["A2"].value == "普通文本"
    assert ws["B2"].value == 42 and ws["B3"].value == -3  # real negative numbers stay numbers
    assert ws["C2"].value == 0.625 and ws["C2"].number_format == PERCENT_FORMAT
    assert ws["C3"].value is None


def test_dates_are_dates_in_beijing_time():
    ws = read(workbook_bytes([Sheet("s", ["日期", "时间"], [[
        date(2026, 3, 5), datetime(2026, 3, 5, 17, 30, tzinfo=UTC)]])]))
    assert ws["A2"].is_date and ws["A2"].value.date() == date(2026, 3, 5)
    assert ws["A2"].number_format == "yyyy-mm-dd"
    assert ws["B2"].is_date and ws["B2"].value == datetime(2026, 3, 6, 1, 30)


def test_widths_count_cjk_double():
    assert display_width("提案abc") == 7
    ws = read(workbook_bytes([Sheet("s", ["编号", "案由"], [
        ["1", "关于加强六盘山地区生态保护的建议"], ["2", "x" * 500]])]))
    assert ws.column_dimensions["A"].width == 6  # the minimum: "编号" is 4 wide
    assert ws.column_dimensions["B"].width == 60  # capped
    ws = read(workbook_bytes([Sheet("s", ["案由"], [["关于加强六盘山地区生态保护的建议"]])]))
    assert ws.column_dimensions["A"].width == 2 * 16 + 2


def test_illegal_control_characters_are_dropped():
    ws = read(workbook_bytes([Sheet("s", ["a"], [["坏\x00字\x08符"]])]))
    assert ws["A2"].value == "坏字符"


def test_sheet_names_are_made_valid_and_unique():
    data = workbook_bytes([Sheet("a/b:c*?[x]", ["h"]), Sheet("A/B:C*?[X]", ["h"]),
                           Sheet("很长" * 20, ["h"])])
    names = load_workbook(io.BytesIO(data)).sheetnames
    assert names[0] == "a b c   x" and names[1] != names[0]
    assert len(names[2]) <= 31


def test_response_names_the_file_in_chinese(app):
    r = xlsx_response(b"x", "提案台账.xlsx", "ledger.xlsx")
    assert r.mimetype.endswith("spreadsheetml.sheet")
    disposition = r.headers["Content-Disposition"]
    assert 'filename="ledger.xlsx"' in disposition
    assert "filename*=UTF-8''%E6%8F%90" in disposition
