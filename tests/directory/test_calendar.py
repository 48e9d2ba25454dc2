"""Working-day corrections: the secretariat's screen, the CLI, validation and the event log,
and their effect on deadlines counted in working days."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from deliberate.core.dates import CalendarDay, add_working_days, working_days_between
from deliberate.core.events import Event
from deliberate.directory import calendar as cal
from deliberate.extensions import db


def count(model=CalendarDay):
    return db.session.scalar(select(func.count()).select_from(model))


def calendar_events():
    return list(db.session.scalars(select(Event).where(
        Event.object_type == "calendar_day").order_by(Event.id)))


# -- effect on deadlines ------------------------------------------------------------------
def test_corrections_change_working_day_arithmetic(app):
    # Sat 10 Oct 2026 is a make-up working day (调休) in the library.
    assert add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)
    # Friday 9 Oct declared a local day off: counting from Thursday skips it, the Saturday
    # make-up day still counts.
    cal.set_day(date(2026, 10, 9), False, "本地假日")
    assert add_working_days(date(2026, 10, 8), 1) == date(2026, 10, 10)
    # The make-up Saturday corrected to a day off: the next working day is Monday.
    cal.set_day(date(2026, 10, 10), False, "本地不调休")
    assert add_working_days(date(2026, 10, 8), 1) == date(2026, 10, 12)
    assert working_days_between(date(2026, 10, 8), date(2026, 10, 12)) == 1
    # A Sunday made a working day counts.
    cal.set_day(date(2026, 11, 29), True, "补班")
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 29)
    # Removing a correction gives the library's answer back.
    cal.unset_day(date(2026, 10, 10))
    assert add_working_days(date(2026, 10, 8), 1) == date(2026, 10, 10)


def test_correction_moves_a_proposal_deadline(app, factory, monkeypatch):
    """The dispute window of an assignment is counted in working days with corrections."""
    from deliberate.proposals import workflow as wf
    from deliberate.proposals.models import Proposal
    from deliberate.proposals.operations.common import create_assignments

    start = date(2026, 9, 25)  # a Friday; the window runs over National Day and 调休
    plain = add_working_days(start, 10)
    cal.set_day(date(2026, 10, 12), False, "地方节日")
    assert add_working_days(start, 10) > plain
    user = factory.user("secretariat")
    unit = factory.unit("某局")
    session = factory.session()
    p = Proposal(session=session, title="t", category="other", proposer_type="collective",
                 collective_name="民盟", created_by_id=user.id, state="registered", number=1)
    db.session.add(p)
    db.session.flush()
    monkeypatch.setattr(wf, "today", lambda: start)
    (a,) = create_assignments(p, user, [(unit.id, "lead")], date(2026, 12, 25))
    assert a.dispute_until == add_working_days(start, 10) != plain


# -- operations: validation and events -----------------------------------------------------
def test_set_and_unset_are_logged_and_validated(app, factory):
    keeper = factory.user("secretariat")
    cal.set_day(date(2026, 12, 1), False, "本地假日", keeper)
    with pytest.raises(cal.InvalidData):
        cal.set_day(date(2026, 12, 1), True, "重复")
    with pytest.raises(cal.InvalidData):
        cal.set_day(date(2026, 12, 2), True, "长" * 101)
    with pytest.raises(cal.InvalidData):
        cal.set_day(date(1999, 12, 2), True, "")
    with pytest.raises(cal.InvalidData):
        cal.unset_day(date(2026, 12, 3))
    with pytest.raises(cal.InvalidData):
        cal.parse_day("2026-02-30")
    assert count() == 1
    cal.set_day(date(2026, 12, 1), True, "改为上班", keeper, replace=True)
    cal.unset_day(date(2026, 12, 1), keeper)
    evs = calendar_events()
    assert [e.action for e in evs] == ["set_calendar_day", "set_calendar_day",
                                       "unset_calendar_day"]
    assert evs[0].object_id == 20261201 and evs[0].actor_id == keeper.id
    assert evs[0].data["is_workday"] is False and evs[0].data["library"] is True
    assert evs[1].data["before"] == {"is_workday": False, "note": "本地假日"}
    assert evs[0].action_label == "已记录工作日更正"


def test_year_rows_show_library_and_corrections(app):
    cal.set_day(date(2026, 12, 1), False, "本地假日")
    cal.set_day(date(2026, 10, 10), True, "与日历相同")
    rows = {r.day: r for r in cal.year_rows(2026)}
    national = rows[date(2026, 10, 1)]
    assert not national.library_workday and national.holiday_name == "国庆节"
    make_up = rows[date(2026, 10, 10)]
    assert make_up.is_make_up and make_up.is_redundant and make_up.effective
    local = rows[date(2026, 12, 1)]
    assert local.library_workday and not local.effective and not local.is_redundant
    assert date(2026, 12, 2) not in rows  # an ordinary Wednesday
    assert cal.library_knows(2026) and not cal.library_knows(2040)


# -- the screen -----------------------------------------------------------------------------
def test_screen_lists_adds_and_removes(auth):
    c, keeper = auth.as_role("secretariat")
    page = c.get("/directory/calendar?year=2026").get_data(as_text=True)
    assert "国庆节" in page and "调休" in page and 'data-day="2026-10-10"' in page
    r = c.post("/directory/calendar?year=2026", data={
        "day": "2026-12-01", "kind": "holiday", "note": "本市地方性假日"})
    assert r.status_code == 302 and r.headers["Location"].endswith("year=2026")
    page = c.get("/directory/calendar?year=2026").get_data(as_text=True)
    assert "本市地方性假日" in page and 'data-day="2026-12-01"' in page
    assert "已记录工作日更正" in page  # the recent changes
    assert db.session.get(CalendarDay, date(2026, 12, 1)).is_workday is False
    r = c.post("/directory/calendar/2026-12-01/remove")
    assert r.status_code == 302
    assert count() == 0
    assert [e.actor_id for e in calendar_events()] == [keeper.id, keeper.id]
    # An admin may too; a year the library does not know says so.
    admin, _ = auth.as_role("admin")
    page = admin.get("/directory/calendar?year=2040").get_data(as_text=True)
    assert 'data-testid="library-unknown"' in page
    assert admin.get("/directory/calendar?year=abc").status_code == 200


@pytest.mark.parametrize("data, field_message", [
    ({"day": "", "kind": "holiday"}, "请填写有效日期"),
    ({"day": "2026-13-01", "kind": "holiday"}, "请填写有效日期"),
    ({"day": "2026-12-01", "kind": "sometimes"}, None),
    ({"day": "2026-12-01", "kind": "holiday", "note": "长" * 101}, None),
    ({"day": "1990-12-01", "kind": "holiday"}, "年份超出范围"),
])
def test_screen_bad_input(auth, data, field_message):
    c, _ = auth.as_role("secretariat")
    r = c.post("/directory/calendar", data=data)
    assert r.status_code == 422
    if field_message:
        assert field_message in r.get_data(as_text=True)
    assert count() == 0 and calendar_events() == []


def test_screen_duplicate_and_unknown_removal(auth):
    c, _ = auth.as_role("secretariat")
    cal.set_day(date(2026, 12, 1), False, "本地假日")
    db.session.commit()
    r = c.post("/directory/calendar", data={"day": "2026-12-01", "kind": "workday"})
    assert r.status_code == 422 and "已有更正" in r.get_data(as_text=True)
    assert db.session.get(CalendarDay, date(2026, 12, 1)).is_workday is False
    assert c.post("/directory/calendar/2026-12-02/remove").status_code == 404
    assert c.post("/directory/calendar/not-a-date/remove").status_code == 404
    assert count() == 1 and len(calendar_events()) == 1


@pytest.mark.parametrize("role", ["member", "unit_staff", "leader"])
def test_only_keepers(auth, role):
    c, _ = auth.as_role(role)
    assert c.get("/directory/calendar").status_code == 403
    assert c.post("/directory/calendar", data={"day": "2026-12-01",
                                               "kind": "holiday"}).status_code == 403
    cal.set_day(date(2026, 12, 1), False, "")
    db.session.commit()
    assert c.post("/directory/calendar/2026-12-01/remove").status_code == 403
    assert count() == 1


# -- the command line ---------------------------------------------------------------------
def test_cli_set_list_unset(runner):
    r = runner.invoke(args=["calendar", "set", "2026-12-01", "--holiday", "--note", "本地假日"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(args=["calendar", "set", "2026-11-29", "--workday"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(args=["calendar", "list", "--year", "2026"])
    assert "2026-11-29\tworkday\t(library: holiday)" in r.output
    assert "2026-12-01\tholiday\t(library: workday)\t本地假日" in r.output
    assert "2 correction(s)" in r.output
    assert "0 correction(s)" in runner.invoke(args=["calendar", "list", "--year",
                                                    "2027"]).output
    # Duplicate, then replace.
    r = runner.invoke(args=["calendar", "set", "2026-12-01", "--workday"])
    assert r.exit_code != 0 and "已有更正" in r.output
    r = runner.invoke(args=["calendar", "set", "2026-12-01", "--workday", "--replace"])
    assert r.exit_code == 0 and db.session.get(CalendarDay, date(2026, 12, 1)).is_workday
    r = runner.invoke(args=["calendar", "unset", "2026-12-01"])
    assert r.exit_code == 0 and "removed" in r.output
    evs = calendar_events()
    assert len(evs) == 4 and {e.via for e in evs} == {"cli"}


@pytest.mark.parametrize("args, message", [
    (["calendar", "set", "2026-02-30", "--holiday"], "不是日期"),
    (["calendar", "set", "tomorrow", "--holiday"], "不是日期"),
    (["calendar", "set", "2026-12-01"], "--workday"),
    (["calendar", "set", "2026-12-01", "--holiday", "--note", "长" * 101], "100"),
    (["calendar", "set", "2200-12-01", "--holiday"], "2000"),
    (["calendar", "unset", "2026-12-05"], "没有更正"),
    (["calendar", "list", "--year", "twenty"], "twenty"),
])
def test_cli_bad_input(runner, args, message):
    r = runner.invoke(args=args)
    assert r.exit_code != 0 and message in r.output, r.output
    assert count() == 0 and calendar_events() == []


def test_cli_import_is_all_or_nothing(runner, tmp_path):
    good = tmp_path / "days.txt"
    good.write_text("# 2026 本地更正\n2026-12-01 holiday 本地假日\n\n"
                    "2026-11-29\t班\t补班\n2026-12-31,休\n", encoding="utf-8")
    r = runner.invoke(args=["calendar", "import", str(good)])
    assert r.exit_code == 0 and "3 correction(s) imported" in r.output, r.output
    assert not db.session.get(CalendarDay, date(2026, 12, 31)).is_workday
    # Again: every line clashes, nothing changes; --replace takes them.
    r = runner.invoke(args=["calendar", "import", str(good)])
    assert r.exit_code != 0 and "第2行" in r.output
    assert count() == 3
    assert runner.invoke(args=["calendar", "import", str(good), "--replace"]).exit_code == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("2027-01-04 holiday\n2027-01-05 maybe\n2027-02-30 休\n"
                   "2027-01-04 班\n2027-01-06\n", encoding="utf-8")
    r = runner.invoke(args=["calendar", "import", str(bad)])
    assert r.exit_code != 0
    for line in ("第2行", "第3行", "第4行", "第5行"):
        assert line in r.output, r.output
    assert "第1行：" not in r.output
    assert db.session.scalar(select(func.count()).select_from(CalendarDay).where(
        CalendarDay.day >= date(2027, 1, 1))) == 0


def test_desk_warns_of_a_coming_year_the_library_does_not_know(auth):
    from datetime import timedelta

    # The library knows 2026 but not 2027; deadlines from late 2026 run into 2027.
    assert cal.uncovered_years(date(2026, 6, 1)) == []
    assert cal.uncovered_years(date(2026, 11, 27)) == [2027]
    c, _ = auth.as_role("secretariat")
    page = c.get("/desk/secretariat").get_data(as_text=True)
    if cal.uncovered_years():
        assert 'data-testid="panel-calendar"' in page and "/directory/calendar?year=" in page
    # Once the year has a correction (its holidays being recorded), the warning goes.
    cal.set_day(date(2027, 1, 1), False, "元旦")
    db.session.commit()
    assert cal.uncovered_years(date(2026, 11, 27)) == []
    assert 'data-testid="panel-calendar"' not in c.get("/desk/secretariat").get_data(
        as_text=True)
    member, _ = auth.as_role("member")
    assert 'data-testid="panel-calendar"' not in member.get("/desk/member").get_data(
        as_text=True)
    assert cal.uncovered_years(date(2026, 11, 27) + timedelta(days=400)) == [2028]


def test_cli_list_says_when_the_library_has_no_data(runner):
    assert runner.invoke(args=["calendar", "set", "2040-01-02", "--holiday"]).exit_code == 0
    assert "2040-01-02\tholiday\t(library: no data)" in runner.invoke(
        args=["calendar", "list"]).output


def test_cli_import_reads_gb18030_and_refuses_binary(runner, tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("2026-12-01 休 本地假日\n".encode("gb18030"))
    r = runner.invoke(args=["calendar", "import", str(gbk)])
    assert r.exit_code == 0, r.output
    assert db.session.get(CalendarDay, date(2026, 12, 1)).note == "本地假日"
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\xff\xfe\x00\x81\x30\xff")
    r = runner.invoke(args=["calendar", "import", str(binary)])
    assert r.exit_code != 0 and "Traceback" not in r.output
    assert count() == 1
    missing = runner.invoke(args=["calendar", "import", str(tmp_path / "none.txt")])
    assert missing.exit_code != 0
