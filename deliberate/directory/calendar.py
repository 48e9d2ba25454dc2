"""Working-day corrections (table ``calendar_days``, read by :mod:`deliberate.core.dates`):
an installation says a date is, or is not, a working day where the holiday library is
wrong or silent (a local holiday, a year the State Council has not published yet).

Writes flush and never commit; every change is in the event log (object type
``calendar_day``, object id the date as YYYYMMDD). The CLI ``flask --app deliberate
calendar`` and the secretariat's screen share these functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NoReturn

import chinese_calendar
import click
from flask.cli import with_appcontext
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from deliberate.core.dates import CalendarDay, is_working_day, today
from deliberate.core.events import Event, record_event
from deliberate.core.workflow import EXTRA_ACTION_LABELS, InvalidData
from deliberate.extensions import db

OBJECT_TYPE = "calendar_day"
NOTE_MAX = 100
# Deadlines are counted forwards a few months at most; corrections outside this span are
# typing mistakes.
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_IMPORT_LINES = 1000

EXTRA_ACTION_LABELS.setdefault("set_calendar_day", _l("Working-day correction recorded"))
EXTRA_ACTION_LABELS.setdefault("unset_calendar_day", _l("Working-day correction removed"))

# Words accepted for "working day" / "day off" in imported lines.
WORKDAY_WORDS = {"workday": True, "work": True, "班": True, "上班": True, "工作日": True,
                 "holiday": False, "off": False, "休": False, "休息": False, "休息日": False,
                 "假日": False}


def event_id(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def parse_day(raw: str) -> date:
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidData(_("“%(value)s” is not a date (use YYYY-MM-DD).", value=raw[:20]),
                          {"day": [_("Not a valid date.")]}) from None
    check_year(day)
    return day


def check_year(day: date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidData(_("Corrections are kept for the years %(first)d to %(last)d.",
                            first=FIRST_YEAR, last=LAST_YEAR),
                          {"day": [_("The year is out of range.")]})


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidData(_("The note is longer than %(n)d characters.", n=NOTE_MAX),
                          {"note": [_("At most %(n)d characters.", n=NOTE_MAX)]})
    return note


def set_day(day: date, is_workday: bool, note: str, actor: Any = None, *,  # noqa: ANN401
            replace: bool = False) -> CalendarDay:
    """Record that ``day`` is (or is not) a working day. A date has one correction: a
    second one is refused unless ``replace`` (the CLI's ``--replace``)."""
    check_year(day)
    note = _check_note(note)
    existing = db.session.get(CalendarDay, day)
    if existing is not None and not replace:
        raise InvalidData(_("%(day)s already has a correction; remove it first.",
                            day=day.isoformat()),
                          {"day": [_("This date already has a correction.")]})
    before = None
    if existing is None:
        existing = CalendarDay(day=day, is_workday=is_workday, note=note)
        db.session.add(existing)
    else:
        before = {"is_workday": existing.is_workday, "note": existing.note}
        existing.is_workday, existing.note = is_workday, note
    db.session.flush()
    record_event(OBJECT_TYPE, event_id(day), "set_calendar_day", actor,
                 data={"day": day, "is_workday": is_workday, "library": library_is_workday(day),
                       "before": before}, note=note)
    return existing


def unset_day(day: date, actor: Any = None) -> None:  # noqa: ANN401
    existing = db.session.get(CalendarDay, day)
    if existing is None:
        raise InvalidData(_("%(day)s has no correction.", day=day.isoformat()),
                          {"day": [_("This date has no correction.")]})
    data = {"day": day, "is_workday": existing.is_workday, "note": existing.note}
    db.session.delete(existing)
    db.session.flush()
    record_event(OBJECT_TYPE, event_id(day), "unset_calendar_day", actor, data=data)


@dataclass
class Line:
    number: int
    day: date
    is_workday: bool
    note: str


def parse_lines(lines: Iterable[str]) -> list[Line]:
    """``YYYY-MM-DD workday|holiday [note]`` per line (班/休 also understood); blank lines
    and ``#`` comments are skipped. Every problem is reported with its line number and
    nothing is kept when there is one."""
    out: list[Line] = []
    errors: list[str] = []
    seen: dict[date, int] = {}
    for number, raw in enumerate(lines, start=1):
        text = raw.strip().lstrip("\ufeff")
        if not text or text.startswith("#"):
            continue
        if len(out) >= MAX_IMPORT_LINES:
            errors.append(_("At most %(n)d corrections at once.", n=MAX_IMPORT_LINES))
            break
        parts = text.replace("\t", " ").replace(",", " ").split(None, 2)
        try:
            if len(parts) < 2:
                raise InvalidData(_("Give a date and workday or holiday."), {})
            day = parse_day(parts[0])
            kind = WORKDAY_WORDS.get(parts[1].lower())
            if kind is None:
                raise InvalidData(_("“%(word)s” is neither workday nor holiday.",
                                    word=parts[1][:20]), {})
            note = _check_note(parts[2] if len(parts) > 2 else "")
            if day in seen:
                raise InvalidData(_("%(day)s is already on line %(line)d.",
                                    day=day.isoformat(), line=seen[day]), {})
        except InvalidData as e:
            errors.append(_("Line %(n)d: %(problem)s", n=number, problem=e.message))
            continue
        seen[day] = number
        out.append(Line(number, day, kind, note))
    if errors:
        raise InvalidData(_("Nothing was imported."), {"lines": errors})
    return out


def import_lines(lines: Iterable[str], actor: Any = None, *,  # noqa: ANN401
                 replace: bool = False) -> int:
    parsed = parse_lines(lines)
    if not replace:
        taken = set(db.session.scalars(select(CalendarDay.day).where(
            CalendarDay.day.in_([x.day for x in parsed]))))
        clashes = [_("Line %(n)d: %(day)s already has a correction.", n=x.number,
                     day=x.day.isoformat()) for x in parsed if x.day in taken]
        if clashes:
            raise InvalidData(_("Nothing was imported."), {"lines": clashes})
    for x in parsed:
        set_day(x.day, x.is_workday, x.note, actor, replace=replace)
    return len(parsed)


# -- reading ------------------------------------------------------------------------------
def corrections(year: int | None = None) -> list[CalendarDay]:
    stmt = select(CalendarDay).order_by(CalendarDay.day)
    if year is not None:
        stmt = stmt.where(CalendarDay.day >= date(year, 1, 1),
                          CalendarDay.day <= date(year, 12, 31))
    return list(db.session.scalars(stmt))


def library_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def library_is_workday(day: date) -> bool:
    """What the holiday library alone says (weekends only for years it does not know)."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def _holiday_name(day: date) -> str:
    try:
        _on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return ""
    if not name:
        return ""
    holiday = next((h for h in chinese_calendar.Holiday if h.value == name), None)
    if holiday is not None and str(get_locale() or "zh").startswith("zh"):
        return holiday.chinese
    return name


@dataclass
class DayRow:
    """One date of the year screen: what the library says, the correction, the result."""

    day: date
    library_workday: bool
    holiday_name: str
    correction: CalendarDay | None
    effective: bool

    @property
    def is_make_up(self) -> bool:
        """调休: a weekend day the library makes a working day."""
        return self.library_workday and self.day.weekday() >= 5

    @property
    def is_redundant(self) -> bool:
        return self.correction is not None and \
            self.correction.is_workday == self.library_workday


def year_rows(year: int) -> list[DayRow]:
    """The dates of ``year`` that differ from a plain Monday-to-Friday week, by the library
    or by a correction (one query, whatever the number of corrections)."""
    fixed = {c.day: c for c in corrections(year)}
    overrides = {d: c.is_workday for d, c in fixed.items()}
    rows: list[DayRow] = []
    day = date(year, 1, 1)
    while day.year == year:
        lib = library_is_workday(day)
        ordinary = lib == (day.weekday() < 5)
        if day in fixed or not ordinary:
            rows.append(DayRow(day, lib, "" if lib else _holiday_name(day), fixed.get(day),
                               is_working_day(day, overrides)))
        day += timedelta(days=1)
    return rows


# Deadlines reach this far ahead (a reply is due three months after assignment, plus the
# working-day windows after it): a year the holiday library does not know inside this span
# needs its holidays recorded here before they are miscounted.
LOOKAHEAD_DAYS = 120


def uncovered_years(on: date | None = None) -> list[int]:
    """Years within the look-ahead that the library does not know and that have no
    correction at all yet (one query at most)."""
    start = on or today()
    years = sorted({start.year, (start + timedelta(days=LOOKAHEAD_DAYS)).year})
    unknown = [y for y in years if not library_knows(y)]
    if not unknown:
        return []
    recorded = {d.year for d in db.session.scalars(select(CalendarDay.day).where(
        CalendarDay.day >= date(unknown[0], 1, 1), CalendarDay.day <= date(unknown[-1], 12, 31)))}
    return [y for y in unknown if y not in recorded]


def panel_context(_user: Any) -> dict[str, Any]:  # noqa: ANN401
    return {"years": uncovered_years()}


def recent_events(limit: int = 20) -> list[Event]:
    return list(db.session.scalars(
        select(Event).where(Event.object_type == OBJECT_TYPE)
        .order_by(Event.id.desc()).limit(limit)))


# -- the command line ---------------------------------------------------------------------
@click.group("calendar")
def calendar_command() -> None:
    """Working-day corrections that win over the holiday calendar."""


def _fail(e: InvalidData) -> NoReturn:
    db.session.rollback()
    lines = [e.message] + [m for msgs in e.fields.values() for m in msgs
                           if m != e.message]
    raise click.ClickException("\n".join(lines))


def _parse_or_fail(raw: str) -> date:
    try:
        return parse_day(raw)
    except InvalidData as e:
        _fail(e)


@calendar_command.command("set")
@click.argument("day")
@click.option("--workday/--holiday", "is_workday", required=True,
              help="Whether the date is a working day.")
@click.option("--note", default="", help=f"Why (at most {NOTE_MAX} characters).")
@click.option("--replace", is_flag=True, help="Replace the date's existing correction.")
@with_appcontext
def set_command(day: str, is_workday: bool, note: str, replace: bool) -> None:
    """Record that DAY (YYYY-MM-DD) is a working day or a day off."""
    parsed = _parse_or_fail(day)
    try:
        set_day(parsed, is_workday, note, replace=replace)
    except InvalidData as e:
        _fail(e)
    db.session.commit()
    click.echo(f"{parsed.isoformat()} {'workday' if is_workday else 'holiday'}"
               f"{' (' + note.strip() + ')' if note.strip() else ''}")


@calendar_command.command("unset")
@click.argument("day")
@with_appcontext
def unset_command(day: str) -> None:
    """Remove the correction of DAY: the holiday library decides again."""
    parsed = _parse_or_fail(day)
    try:
        unset_day(parsed)
    except InvalidData as e:
        _fail(e)
    db.session.commit()
    click.echo(f"{parsed.isoformat()} removed; the holiday calendar decides "
               f"({'workday' if library_is_workday(parsed) else 'holiday'})")


@calendar_command.command("list")
@click.option("--year", type=click.IntRange(FIRST_YEAR, LAST_YEAR), default=None)
@with_appcontext
def list_command(year: int | None) -> None:
    """List the corrections (of one year), with what the holiday library says."""
    rows = corrections(year)
    for c in rows:
        lib = ("workday" if library_is_workday(c.day) else "holiday") \
            if library_knows(c.day.year) else "no data"
        click.echo(f"{c.day.isoformat()}\t{'workday' if c.is_workday else 'holiday'}\t"
                   f"(library: {lib})\t{c.note}")
    click.echo(f"{len(rows)} correction(s)")


def decode_lines(data: bytes) -> list[str]:
    """UTF-8 (with or without BOM), or GB 18030 as saved by many Chinese office tools."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    raise InvalidData(_("The file is neither UTF-8 nor GB 18030 text."), {})


@calendar_command.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--replace", is_flag=True, help="Replace existing corrections of those dates.")
@with_appcontext
def import_command(file: Any, replace: bool) -> None:  # noqa: ANN401
    """Import lines ``YYYY-MM-DD workday|holiday [note]`` (班/休 also understood) from a
    UTF-8 or GB 18030 text file; all of them or none."""
    try:
        n = import_lines(decode_lines(file.read(1024 * 1024)), replace=replace)
    except InvalidData as e:
        _fail(e)
    db.session.commit()
    click.echo(f"{n} correction(s) imported")
