"""The working-day calendar screen (secretariat and administrator, like the rest of the
directory): a year's holidays and make-up working days as the holiday library sees them,
the installation's corrections next to them, adding and removing a correction."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from deliberate.core.dates import today
from deliberate.core.workflow import InvalidData
from deliberate.directory import bp
from deliberate.directory import calendar as cal
from deliberate.directory.forms import CalendarDayForm
from deliberate.directory.viewutils import show_errors
from deliberate.extensions import db


def _year_arg(raw: str | None) -> int:
    if raw and raw.isdigit() and cal.FIRST_YEAR <= int(raw) <= cal.LAST_YEAR:
        return int(raw)
    return today().year


def _page(form: CalendarDayForm, year: int, status: int = 200) -> tuple[str, int]:
    rows = cal.year_rows(year)
    return render_template(
        "directory/calendar.html", form=form, year=year, rows=rows,
        corrections=[r for r in rows if r.correction is not None],
        library_knows=cal.library_knows(year), events=cal.recent_events(),
        first_year=cal.FIRST_YEAR, last_year=cal.LAST_YEAR), status


@bp.get("/calendar")
def calendar_days() -> tuple[str, int]:
    year = _year_arg(request.args.get("year"))
    form = CalendarDayForm()
    return _page(form, year)


@bp.post("/calendar")
def add_calendar_day() -> Any:  # noqa: ANN401
    form = CalendarDayForm()
    year = _year_arg(request.args.get("year"))
    if not form.validate_on_submit():
        return _page(form, year, 422)
    day: date = form.day.data
    try:
        cal.set_day(day, form.kind.data == "workday", form.note.data or "", current_user)
    except InvalidData as exc:
        show_errors(form, exc)
        return _page(form, year, 422)
    db.session.commit()
    flash(_("%(day)s is now counted as %(kind)s.", day=day.isoformat(),
            kind=_("a working day") if form.kind.data == "workday" else _("a day off")),
          "success")
    return redirect(url_for("directory.calendar_days", year=day.year))


@bp.post("/calendar/<day>/remove")
def remove_calendar_day(day: str) -> Response | tuple[str, int]:
    try:
        parsed = cal.parse_day(day)
        cal.unset_day(parsed, current_user)
    except InvalidData as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return _page(CalendarDayForm(), _year_arg(day[:4]), 404)
    db.session.commit()
    flash(_("The correction of %(day)s has been removed; the holiday calendar decides again.",
            day=parsed.isoformat()), "success")
    return redirect(url_for("directory.calendar_days", year=parsed.year))
