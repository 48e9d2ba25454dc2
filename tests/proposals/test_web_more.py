"""More screens: return and resubmit, collective proposals, the race the version column
catches at the database, withdrawing, declining with a standard ground."""

from __future__ import annotations

from sqlalchemy import update

from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.models import Proposal, ProposalState, ProposerType
from tests.proposals.conftest import to_state
from tests.proposals.test_web_flow import _draft_form


def test_return_edit_and_resubmit(auth, world):
    w = world
    p = to_state(w, "submitted")
    sec = auth.client_for(w.secretariat)
    r = sec.post(f"/proposals/{p.id}/return", data={"return-reason": "请补充数据来源。",
                                                     "return-version": p.version})
    assert r.status_code == 302
    db.session.expire_all()
    assert p.state == ProposalState.draft
    member = auth.client_for(w.member)
    assert "请补充数据来源" in member.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert member.post(f"/proposals/{p.id}/edit", data=_draft_form(
        situation="补充后的情况。", version=p.version)).status_code == 302
    db.session.expire_all()
    assert member.post(f"/proposals/{p.id}/submit",
                       data={"version": p.version}).status_code == 302
    db.session.expire_all()
    assert p.state == ProposalState.submitted and p.situation == "补充后的情况。"
    # The secretariat no longer sees it as a draft in between: it saw 404 while returned.


def test_secretariat_files_a_collective_proposal(auth, world):
    w = world
    sec = auth.client_for(w.secretariat)
    r = sec.post("/proposals/new", data=_draft_form(collective_name="民建区委"))
    assert r.status_code == 302
    pid = int(r.headers["Location"].rsplit("/", 1)[1])
    p = db.session.get(Proposal, pid)
    assert p.proposer_type == ProposerType.collective and p.is_plenary
    assert sec.post(f"/proposals/{pid}/submit", data={"version": p.version}).status_code == 302
    # Another secretariat account reviews it like any other.
    db.session.expire_all()
    assert sec.post(f"/proposals/{pid}/register",
                    data={"version": p.version}).status_code == 302
    db.session.expire_all()
    assert p.number == 1
    # A member never sees a collective draft.
    q = ops.create_proposal(w.secretariat, w.session, {"title": "集体草稿", "category": "other"},
                            collective_name="民盟区委")
    db.session.commit()
    assert auth.client_for(w.member).get(f"/proposals/{q.id}").status_code == 404


def test_database_race_is_refused_with_409(auth, world, monkeypatch):
    w = world
    p = to_state(w, "draft", with_cosigner=False)
    member = auth.client_for(w.member)
    real = ops.update_proposal

    def racing(proposal, user, fields, **kw):
        # Another save lands between our read and our write.
        db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                           .values(version=Proposal.version + 1)
                           .execution_options(synchronize_session=False))
        real(proposal, user, fields, **kw)
        db.session.flush()

    monkeypatch.setattr(ops, "update_proposal", racing)
    r = member.post(f"/proposals/{p.id}/edit", data=_draft_form(title="新的案由"))
    assert r.status_code == 409 and "他人修改" in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Proposal, p.id).title != "新的案由"


def test_withdraw_and_decline_through_the_web(auth, world):
    w = world
    p = to_state(w, "submitted")
    member = auth.client_for(w.member)
    assert member.post(f"/proposals/{p.id}/withdraw").status_code == 302
    db.session.expire_all()
    assert p.state == ProposalState.withdrawn
    assert member.post(f"/proposals/{p.id}/withdraw").status_code == 409
    q = to_state(w, "submitted")
    sec = auth.client_for(w.secretariat)
    assert sec.post(f"/proposals/{q.id}/decline", data={
        "decline-ground": "litigation", "decline-note": "涉诉案件"}).status_code == 302
    page = member.get(f"/proposals/{q.id}").get_data(as_text=True)
    assert "不予立案" in page and "属于诉讼或司法程序中的案件" in page


def test_detail_shows_consultation_and_co_opinion_deadlines(auth, world):
    from deliberate.core import dates

    w = world
    p = to_state(w, "assigned")
    page = auth.client_for(w.lead_staff).get(f"/proposals/{p.id}").get_data(as_text=True)
    consult_by = dates.add_working_days(p.assigned_on, 15).isoformat()
    co_by = dates.add_months(p.assigned_on, 1).isoformat()
    assert consult_by in page and co_by in page


def test_forms_disappear_once_used(auth, world):
    from tests.proposals.conftest import FEEDBACK, PDF, REPLY

    w = world
    p = to_state(w, "registered", with_cosigner=False)
    ops.assign_proposal(p, w.secretariat, [(w.lead_unit.id, "separate"),
                                           (w.co_unit.id, "separate")])
    ops.reply_proposal(p, w.lead_staff, dict(REPLY), PDF, "a.pdf")
    db.session.commit()
    lead = auth.client_for(w.lead_staff).get(f"/proposals/{p.id}").get_data(as_text=True)
    co = auth.client_for(w.co_staff).get(f"/proposals/{p.id}").get_data(as_text=True)
    assert 'data-testid="action-reply"' not in lead and 'data-testid="action-reply"' in co
    ops.reply_proposal(p, w.co_staff, dict(REPLY), PDF, "b.pdf")
    ops.give_feedback(p, w.member, {**FEEDBACK, "verdict": "dissatisfied"})
    ops.reply_proposal(p, w.lead_staff, dict(REPLY), PDF, "c.pdf")
    ops.reply_proposal(p, w.co_staff, dict(REPLY), PDF, "d.pdf")
    ops.give_feedback(p, w.member, {**FEEDBACK, "verdict": "dissatisfied"})
    db.session.commit()
    member = auth.client_for(w.member).get(f"/proposals/{p.id}").get_data(as_text=True)
    assert 'data-testid="action-feedback"' not in member
    sec = auth.client_for(w.secretariat).get(f"/proposals/{p.id}").get_data(as_text=True)
    assert 'data-testid="action-close"' in sec


def test_plenary_default_follows_the_session_dates(auth, world):
    from datetime import date

    w = world
    s = w.session
    assert not ops.is_plenary_period(s, date(2026, 1, 1))  # no dates: 平时提案
    s.opens_on, s.filing_deadline = date(2026, 1, 10), date(2026, 1, 12)
    assert ops.is_plenary_period(s, date(2025, 10, 10))
    assert ops.is_plenary_period(s, date(2026, 1, 12))
    assert not ops.is_plenary_period(s, date(2026, 1, 13))
    assert not ops.is_plenary_period(s, date(2025, 10, 9))
    db.session.commit()
    page = auth.client_for(w.member).get("/proposals/new").get_data(as_text=True)
    assert 'name="is_plenary"' in page
