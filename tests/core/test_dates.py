from datetime import date

from deliberate.core.dates import (
    CalendarDay,
    add_months,
    add_working_days,
    is_working_day,
    working_days_between,
)
from deliberate.extensions import db


def test_national_day_holiday_and_make_up_days(app):
    # 2026: 1–7 Oct off; Sat 10 Oct is a make-up working day (调休).
    assert not is_working_day(date(2026, 10, 1))
    assert is_working_day(date(2026, 10, 10))
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert add_working_days(date(2026, 10, 8), 2) == date(2026, 10, 10)


def test_backwards_and_between(app):
    assert add_working_days(date(2026, 10, 8), -1) == date(2026, 9, 30)
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    assert working_days_between(date(2026, 10, 8), date(2026, 9, 30)) == -1


def test_installation_corrections_win(app):
    db.session.add(CalendarDay(day=date(2026, 11, 30), is_workday=False, note="本地假日"))
    db.session.flush()
    assert not is_working_day(date(2026, 11, 30))
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 12, 1)


def test_years_beyond_the_library_count_weekends(app):
    assert is_working_day(date(2031, 3, 3))
    assert not is_working_day(date(2031, 3, 1))


def test_add_months_clamps():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 27), 3) == date(2027, 2, 27)
    assert add_months(date(2026, 11, 27), 6) == date(2027, 5, 27)
