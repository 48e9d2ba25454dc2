"""Dates and deadlines: working days on the Chinese public-holiday calendar (with the
weekend days that become working days, 调休), calendar months, and the installation's own
corrections (table ``calendar_days``), which win over the library."""

from __future__ import annotations

import calendar
import logging
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from sqlalchemy import Boolean, Date, String, select
from sqlalchemy.orm import Mapped, mapped_column

from deliberate.extensions import db

log = logging.getLogger(__name__)
LOCAL_TZ = ZoneInfo("Asia/Shanghai")
# A deadline search never walks further than this many calendar days.
_MAX_SPAN = 3660


class CalendarDay(db.Model):
    """An installation's correction: this date is (or is not) a working day."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(100), default="")


def today() -> date:
    """Today where the body works (Beijing time), whatever the server's zone."""
    return datetime.now(UTC).astimezone(LOCAL_TZ).date()


def _overrides(start: date, end: date) -> dict[date, bool]:
    stmt = select(CalendarDay.day, CalendarDay.is_workday).where(
        CalendarDay.day >= start, CalendarDay.day <= end)
    return dict(db.session.execute(stmt).all())


_warned_years: set[int] = set()


def _library_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        # The library knows the years the State Council has published; beyond that only
        # weekends count until the installation records the holidays in calendar_days.
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            log.warning("no holiday calendar for %s: counting weekends only", day.year)
        return day.weekday() < 5


def is_working_day(day: date, overrides: dict[date, bool] | None = None) -> bool:
    if overrides is None:
        overrides = _overrides(day, day)
    if day in overrides:
        return overrides[day]
    return _library_workday(day)


def add_working_days(start: date, n: int) -> date:
    """The date ``n`` working days after ``start`` (``start`` itself not counted);
    negative ``n`` counts backwards. n == 0 gives ``start``."""
    if n == 0:
        return start
    step = 1 if n > 0 else -1
    span = min(_MAX_SPAN, abs(n) * 3 + 40)
    lo, hi = (start, start + timedelta(days=span)) if step > 0 else \
        (start - timedelta(days=span), start)
    overrides = _overrides(lo, hi)
    remaining = abs(n)
    day = start
    for _ in range(_MAX_SPAN):
        day += timedelta(days=step)
        if is_working_day(day, overrides):
            remaining -= 1
            if remaining == 0:
                return day
    raise ValueError("no working day found within ten years")


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    if end == start:
        return 0
    lo, hi = sorted((start, end))
    overrides = _overrides(lo, hi)
    count = 0
    day = lo
    while day < hi:
        day += timedelta(days=1)
        if is_working_day(day, overrides):
            count += 1
    return count if end > start else -count


def add_months(start: date, months: int) -> date:
    """Calendar months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def days_left(due: date | None, on: date | None = None) -> int | None:
    """Calendar days until ``due`` (negative when overdue), as lists show them."""
    if due is None:
        return None
    return (due - (on or today())).days
