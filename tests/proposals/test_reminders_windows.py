"""``flask remind`` for the soft windows: consultation with the proposer (lead and separate
units), the co-handling opinion, the closing dispute window; each to the staff of the unit
that owes it, once a day (the dispute window once at all), with a summary per kind."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from deliberate.core.dates import add_working_days
from deliberate.core.notify import Notification
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.windows import Windows
from tests.proposals.conftest import PDF, REPLY, make_draft, to_state

WINDOW_KINDS = ("proposal_consultation_due", "proposal_co_opinion_due",
                "proposal_dispute_window")
SOFT = WINDOW_KINDS[:2]


def received(user, kinds=WINDOW_KINDS):
    return sorted(db.session.scalars(select(Notification.subject).where(
        Notification.user_id == user.id, Notification.kind.in_(kinds))))


def window_kinds(user, kinds=WINDOW_KINDS):
    return sorted(db.session.scalars(select(Notification.kind).where(
        Notification.user_id == user.id, Notification.kind.in_(kinds))))


def figures(output):
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^(\w+)\s+(\d+)  ", output, re.MULTILINE)}


def remind(runner, day):
    r = runner.invoke(args=["remind", "--on", day.isoformat()])
    assert r.exit_code == 0, r.output
    return r.output


def test_consultation_and_co_opinion_windows(runner, world, factory):
    w = world
    p = to_state(w, "assigned")
    second_lead = factory.user("unit_staff", unit=w.lead_unit)
    gone = factory.user("unit_staff", unit=w.lead_unit)
    gone.is_active = False
    db.session.commit()
    lead = next(a for a in p.assignments if a.unit_id == w.lead_unit.id)
    co = next(a for a in p.assignments if a.unit_id == w.co_unit.id)
    consult_due = Windows().consultation_due(lead)
    co_due = Windows.co_opinion_due(co)
    assert consult_due == add_working_days(lead.assigned_on, 15)
    assert consult_due < co_due

    # More than the warning period before the consultation window ends: nothing.
    out = remind(runner, consult_due - timedelta(days=8))
    assert figures(out)["consultation"] == 0
    # Within it: every active staff member of the lead unit, nobody else.
    out = remind(runner, consult_due - timedelta(days=2))
    assert figures(out)["consultation"] == 2 and figures(out)["co_opinion"] == 0
    assert window_kinds(w.lead_staff, SOFT) == ["proposal_consultation_due"]
    assert window_kinds(second_lead, SOFT) == ["proposal_consultation_due"]
    assert received(gone, SOFT) == [] and received(w.co_staff, SOFT) == [] and \
        received(w.third_staff) == [] and received(w.member) == []
    assert consult_due.isoformat() in received(w.lead_staff, SOFT)[0]
    assert "协商" in received(w.lead_staff, SOFT)[0]
    # The same day again: nothing twice.
    out = remind(runner, consult_due - timedelta(days=2))
    assert "0 reminder(s) sent, 2 already sent before" in out

    # Past the window without a consultation: told it is overdue, every day.
    remind(runner, consult_due + timedelta(days=1))
    assert any("逾期" in s for s in received(w.lead_staff, SOFT))
    # A consultation recorded: no more consultation reminders.
    ops.record_consultation(p, w.lead_staff, lead.assigned_on, "phone", "电话沟通")
    db.session.commit()
    out = remind(runner, consult_due + timedelta(days=2))
    assert figures(out)["consultation"] == 0

    # The co-handling unit's month: its staff only, until the opinion is sent.
    out = remind(runner, co_due - timedelta(days=1))
    assert figures(out)["co_opinion"] == 1
    assert set(window_kinds(w.co_staff, SOFT)) == {"proposal_co_opinion_due"}
    out = remind(runner, co_due + timedelta(days=1))
    assert figures(out)["co_opinion"] == 1
    assert any("逾期" in s for s in received(w.co_staff, SOFT))
    ops.post_co_opinion(p, w.co_staff, "同意")
    db.session.commit()
    assert figures(remind(runner, co_due + timedelta(days=2)))["co_opinion"] == 0


def test_separate_handling_reminds_only_the_unit_still_owing(runner, world):
    w = world
    p = make_draft(w)
    ops.submit_proposal(p, w.member)
    ops.register_proposal(p, w.secretariat)
    ops.assign_proposal(p, w.secretariat, [(w.lead_unit.id, "separate"),
                                           (w.third_unit.id, "separate")])
    # One unit replies without consulting (its part is done); the other owes everything.
    ops.reply_proposal(p, w.lead_staff, dict(REPLY), PDF, "r.pdf")
    db.session.commit()
    assert p.state.value == "assigned"
    due = Windows().consultation_due(p.assignments[0])
    remind(runner, due)
    assert received(w.lead_staff) == []
    assert window_kinds(w.third_staff) == ["proposal_consultation_due"]
    assert received(w.co_staff) == []


def test_dispute_window_closing_is_told_once(runner, world):
    w = world
    p = to_state(w, "assigned")
    other = to_state(w, "assigned", with_cosigner=False)
    ops.dispute_assignment(other, w.co_staff, "不属于我单位职责")
    db.session.commit()
    until = p.assignments[0].dispute_until
    assert figures(remind(runner, until - timedelta(days=5)))["dispute"] == 0
    out = remind(runner, until - timedelta(days=2))
    # p: lead and co staff; other: only the lead unit (the co unit has already asked).
    assert figures(out)["dispute"] == 3
    assert window_kinds(w.lead_staff) == ["proposal_dispute_window"] * 2
    assert window_kinds(w.co_staff) == ["proposal_dispute_window"]
    assert until.isoformat() in received(w.co_staff)[0]
    # Told once: not again the next days of the window, nor after it.
    assert figures(remind(runner, until - timedelta(days=1)))["dispute"] == 0
    assert figures(remind(runner, until))["dispute"] == 0
    assert received(w.third_staff) == [] and received(w.member) == []


def test_summary_lists_every_kind(runner, world):
    w = world
    to_state(w, "replied", with_cosigner=False)
    out = remind(runner, to_state(w, "assigned").due_on + timedelta(days=1))
    numbers = figures(out)
    assert list(numbers) == ["due_soon", "overdue", "verdict", "consultation",
                             "co_opinion", "dispute"]
    # Overdue reply: lead and co unit; verdict: the proposer; the consultation and the
    # co-opinion windows have long passed too.
    assert numbers == {"due_soon": 0, "overdue": 2, "verdict": 1, "consultation": 1,
                       "co_opinion": 1, "dispute": 0}
    assert "5 reminder(s) sent" in out
