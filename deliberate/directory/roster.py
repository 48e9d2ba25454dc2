"""Reading member and handling-unit rosters from .xlsx workbooks (openpyxl).

Columns are matched by their Chinese header text, in any order. Every row is checked
before anything is written; :func:`parse_roster` only reads. An unreadable file raises
:class:`RosterError` (HTTP 400).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from deliberate.auth.operations import USERNAME_RE
from deliberate.core.workflow import InvalidData
from deliberate.core.xlsx import Column as XlsxColumn
from deliberate.core.xlsx import Sheet, workbook_bytes

MEMBER_ROSTER = "members"
UNIT_ROSTER = "units"
ROSTER_KINDS = {MEMBER_ROSTER: _l("Members"), UNIT_ROSTER: _l("Handling units")}

MAX_BYTES = 5 * 1024 * 1024
# An .xlsx is a zip: a few hundred KB can unpack to gigabytes (a "zip bomb") and openpyxl
# would hold a huge cell in memory. A 5,000-row roster unpacks to a few MB; the sizes the
# archive declares bound what zipfile will ever inflate, so they are checked first.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 500
MAX_ROWS = 5000
# Columns past this are never read: a roster has a handful, a hostile file thousands.
MAX_COLUMNS = 60

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,30}[0-9]$")
GENDERS = ("男", "女")


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool
    max_length: int
    check: str = "text"


# Headers are the file format secretariats fill in, so they stay Chinese in every locale.
COLUMNS = {
    MEMBER_ROSTER: (
        Column("姓名", "display_name", True, 64),
        Column("用户名", "username", True, 64, "username"),
        Column("性别", "gender", False, 4, "gender"),
        Column("界别", "sector_id", True, 64, "sector"),
        Column("专委会", "committee_id", False, 64, "committee"),
        Column("工作单位及职务", "work_unit", False, 200),
        Column("手机", "phone", False, 32, "phone"),
        Column("邮箱", "email", False, 120, "email"),
    ),
    UNIT_ROSTER: (
        Column("单位名称", "name", True, 128, "unit_name"),
        Column("简称", "short_name", False, 64),
        Column("联系人", "contact_person", False, 64),
        Column("联系电话", "phone", False, 32, "phone"),
    ),
}
SHEET_TITLES = {MEMBER_ROSTER: "委员名册", UNIT_ROSTER: "承办单位名册"}


class RosterError(InvalidData):
    """The file cannot be read as a roster at all."""

    status = 400


@dataclass
class RosterIssue:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d, “%(column)s”: %(message)s",
                 row=self.row, column=self.column, message=self.message)


@dataclass
class RosterRow:
    number: int
    cells: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[RosterIssue] = field(default_factory=list)

    def error_columns(self) -> set[str]:
        return {e.column for e in self.errors}


@dataclass
class RosterResult:
    kind: str
    columns: tuple[Column, ...]
    rows: list[RosterRow]
    ignored_headers: list[str]

    @property
    def errors(self) -> list[RosterIssue]:
        return [issue for row in self.rows for issue in row.errors]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)


def _text(value: Any) -> str:  # noqa: ANN401
    """A cell as the text a person sees: Excel stores phone numbers as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _check_unpacked_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise RosterError(_("The file is not an Excel workbook (.xlsx).")) from exc
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_ARCHIVE_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        raise RosterError(_("The workbook unpacks to more than %(n)d MB, far more than any "
                            "roster: it is refused. Save the roster again from Excel or WPS.",
                            n=MAX_UNPACKED_BYTES // 1024 // 1024))


def read_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """(row number, cell texts) of every non-blank row of the first sheet."""
    if len(data) > MAX_BYTES:
        raise RosterError(_("The file is larger than %(n)d MB.", n=MAX_BYTES // 1024 // 1024))
    if data[:4] == OLE_MAGIC:
        raise RosterError(_("This is an old Excel (.xls) file. Open it in Excel or WPS and "
                            "save it as an .xlsx workbook."))
    if data[:4] != XLSX_MAGIC:
        raise RosterError(_("The file is not an Excel workbook (.xlsx)."))
    _check_unpacked_size(data)
    rows: list[tuple[int, list[str]]] = []
    try:
        with warnings.catch_warnings():
            # Files from WPS and older Excel make openpyxl warn about styles it ignores.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.active
                if sheet is None:
                    raise RosterError(_("The workbook is empty."))
                for number, values in enumerate(
                        sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
                    cells = [_text(v) for v in values]
                    if any(cells):
                        rows.append((number, cells))
                        # Header plus the allowed rows plus one to notice the excess.
                        if len(rows) > MAX_ROWS + 1:
                            break
            finally:
                workbook.close()
    except RosterError:
        raise
    except Exception as exc:  # noqa: BLE001  (any parser failure means "not a workbook")
        raise RosterError(_("The file is not an Excel workbook (.xlsx).")) from exc
    if not rows:
        raise RosterError(_("The workbook is empty."))
    return rows


def parse_roster(kind: str, data: bytes, lookups: dict[str, Any]) -> RosterResult:
    """Read and check every row. ``lookups`` gives what is already in the database:
    sectors/committees (name → id), usernames (lower case) or unit names."""
    if kind not in COLUMNS:
        raise RosterError(_("Unknown kind of roster."))
    rows = read_rows(data)
    (_header_number, headers), body = rows[0], rows[1:]
    if not body:
        raise RosterError(_("The roster has a header row but no data rows."))
    if len(body) > MAX_ROWS:
        raise RosterError(_("The roster has more than %(n)d rows; split it into several files.",
                            n=MAX_ROWS))
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = re.sub(r"[\s*＊]", "", header)
        if name and name not in positions:
            positions[name] = index
    columns = tuple(c for c in COLUMNS[kind] if c.header in positions)
    missing = [c.header for c in COLUMNS[kind] if c.required and c.header not in positions]
    if missing:
        raise RosterError(_("The first row must hold the column headers; missing: %(names)s.",
                            names="、".join(missing)))
    known = {c.header for c in COLUMNS[kind]}
    ignored = [h for h in positions if h not in known]

    checker = _RowChecker(lookups)
    result_rows = []
    for number, cells in body:
        texts = {c.header: cells[positions[c.header]] if positions[c.header] < len(cells) else ""
                 for c in columns}
        row = RosterRow(number=number, cells=texts)
        for column in columns:
            checker.check(row, column, texts[column.header])
        result_rows.append(row)
    return RosterResult(kind=kind, columns=columns, rows=result_rows, ignored_headers=ignored)


class _RowChecker:
    def __init__(self, lookups: dict[str, Any]) -> None:
        self.lookups = lookups
        self.seen: dict[str, dict[str, int]] = {}

    def fail(self, row: RosterRow, column: Column, message: str) -> None:
        row.errors.append(RosterIssue(row.number, column.header, message))

    def check(self, row: RosterRow, column: Column, text: str) -> None:
        if not text:
            if column.required:
                self.fail(row, column, _("This field is required."))
            row.values[column.field] = None if column.check in ("committee",) else ""
            return
        if len(text) > column.max_length:
            self.fail(row, column, _("At most %(n)d characters (this has %(m)d).",
                                     n=column.max_length, m=len(text)))
            return
        getattr(self, f"check_{column.check}")(row, column, text)

    def check_text(self, row: RosterRow, column: Column, text: str) -> None:
        row.values[column.field] = text

    def _once(self, row: RosterRow, column: Column, key: str) -> bool:
        seen = self.seen.setdefault(column.field, {})
        if key in seen:
            self.fail(row, column, _("“%(value)s” already appears in row %(row)d.",
                                     value=row.cells[column.header], row=seen[key]))
            return False
        seen[key] = row.number
        return True

    def check_username(self, row: RosterRow, column: Column, text: str) -> None:
        if not USERNAME_RE.match(text):
            self.fail(row, column, _("2 to 64 letters, digits, dots, dashes or underscores, "
                                     "starting with a letter or digit."))
        elif self._once(row, column, text.lower()):
            if text.lower() in self.lookups["usernames"]:
                self.fail(row, column, _("The username “%(name)s” is already taken.",
                                         name=text))
            row.values[column.field] = text

    def check_unit_name(self, row: RosterRow, column: Column, text: str) -> None:
        if self._once(row, column, text):
            if text in self.lookups["units"]:
                self.fail(row, column, _("A handling unit named “%(name)s” already exists.",
                                         name=text))
            row.values[column.field] = text

    def check_gender(self, row: RosterRow, column: Column, text: str) -> None:
        if text not in GENDERS:
            self.fail(row, column, _("Write 男 or 女, or leave it empty."))
        row.values[column.field] = text

    def check_sector(self, row: RosterRow, column: Column, text: str) -> None:
        found = self.lookups["sectors"].get(text)
        if found is None:
            self.fail(row, column, _("Unknown sector “%(name)s”.", name=text))
        elif not found[1]:
            self.fail(row, column, _("The sector “%(name)s” is deactivated.", name=text))
        else:
            row.values[column.field] = found[0]

    def check_committee(self, row: RosterRow, column: Column, text: str) -> None:
        found = self.lookups["committees"].get(text)
        if found is None:
            self.fail(row, column, _("Unknown special committee “%(name)s”.", name=text))
        elif not found[1]:
            self.fail(row, column, _("The special committee “%(name)s” is deactivated.",
                                     name=text))
        else:
            row.values[column.field] = found[0]

    def check_phone(self, row: RosterRow, column: Column, text: str) -> None:
        if not PHONE_RE.match(text) or sum(ch.isdigit() for ch in text) < 5:
            self.fail(row, column, _("“%(value)s” is not a phone number.", value=text))
        row.values[column.field] = text

    def check_email(self, row: RosterRow, column: Column, text: str) -> None:
        try:
            validate_email(text, check_deliverability=False)
        except EmailNotValidError:
            self.fail(row, column, _("“%(value)s” is not an e-mail address.", value=text))
        row.values[column.field] = text


def blank_template(kind: str) -> bytes:
    """An empty roster with the headers in place, for secretariats to fill in."""
    columns = [XlsxColumn(c.header, width=max(12, c.max_length // 4)) for c in COLUMNS[kind]]
    return workbook_bytes([Sheet(SHEET_TITLES[kind], columns)])
