"""The one .xlsx writer (openpyxl): ledgers, statistics tables, attendance and speech lists.

Every workbook it writes has its headers in row 1 (bold, frozen, with an auto-filter),
column widths fitted to the text (a CJK character counts as two), dates stored as dates,
and no cell that a spreadsheet would evaluate: text that starts like a formula (``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is stored as a literal string with
Excel's leading-apostrophe mark (``quotePrefix``), so ``=HYPERLINK(...)`` typed into a
proposal's title stays text when the secretariat opens the ledger.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from flask import Response
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from deliberate.core.dates import LOCAL_TZ

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a spreadsheet reads as the start of a formula (or of a DDE call).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.0%"
MIN_WIDTH = 6
MAX_WIDTH = 60
# Excel's sheet names: at most 31 characters, none of these.
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="E9EEF5")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="8A99AD"))
_WRAP = Alignment(vertical="top", wrap_text=True)


@dataclass(frozen=True)
class Column:
    """One column: its (Chinese) header, an optional number format for its values
    (``PERCENT_FORMAT`` for rates given as fractions) and an optional fixed width."""

    header: str
    number_format: str | None = None
    width: float | None = None


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column | str]
    rows: Iterable[Sequence[Any]] = field(default_factory=list)


def display_width(text: str) -> int:
    """Columns a text takes on screen: wide (CJK) characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _sheet_name(title: str, taken: set[str]) -> str:
    name = _SHEET_NAME_BAD.sub(" ", str(title)).strip().strip("'")[:31] or "Sheet"
    base, n = name, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[:31 - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def _put(cell: Any, value: Any, number_format: str | None) -> str:  # noqa: ANN401
    """Store ``value`` in ``cell``; return the text whose width the column must fit."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LOCAL_TZ).replace(tzinfo=None)
        cell.value = value
        cell.number_format = DATETIME_FORMAT
        return "0000-00-00 00:00"
    if isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return "0000-00-00"
    if isinstance(value, int | float):
        cell.value = value
        if number_format:
            cell.number_format = number_format
            return "100.0%" if number_format == PERCENT_FORMAT else str(value)
        return str(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    # openpyxl turns any "=..." string into a formula on assignment: undo that, and mark
    # every formula-like text the way Excel marks a typed '=..., so it never evaluates.
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    if "\n" in text:
        cell.alignment = _WRAP
    return max(text.split("\n"), key=display_width)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """One workbook with a sheet per ``Sheet``, as the bytes of an .xlsx file."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for spec in sheets:
        ws = book.create_sheet(_sheet_name(spec.title, taken))
        columns = [c if isinstance(c, Column) else Column(str(c)) for c in spec.columns]
        widths = [display_width(c.header) for c in columns]
        for index, column in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=index)
            _put(cell, column.header, None)
            cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _HEADER_BORDER
        row_number = 1
        for row_number, row in enumerate(spec.rows, start=2):  # noqa: B007
            for index, (value, column) in enumerate(zip(row, columns, strict=False), start=1):
                shown = _put(ws.cell(row=row_number, column=index), value,
                             column.number_format)
                widths[index - 1] = max(widths[index - 1], display_width(shown))
        for index, column in enumerate(columns, start=1):
            width = column.width or min(MAX_WIDTH, max(MIN_WIDTH, widths[index - 1] + 2))
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        if columns:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(row_number, 1)}"
        # Printed ledgers: landscape, one page wide, the header row on every page.
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
    if not book.worksheets:
        book.create_sheet("Sheet")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(data: bytes, filename: str, fallback: str = "export.xlsx") -> Response:
    """A download of ``data`` named ``filename`` (Chinese names through RFC 5987;
    ``fallback`` is the ASCII name for clients that ignore ``filename*``)."""
    disposition = (f'attachment; filename="{fallback}"; '
                   f"filename*=UTF-8''{quote(filename)}")
    return Response(data, mimetype=XLSX_TYPE, headers={"Content-Disposition": disposition})
