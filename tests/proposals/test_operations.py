"""Operations end to end: the happy path, re-handling, numbering, deadlines, guards."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from deliberate.core import dates
from deliberate.core.events import events_for
from deliberate.core.notify import Notification
from deliberate.core.workflow import ActionNotAllowed, InvalidData, StaleObject
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals import workflow as wf
from deliberate.proposals.models import (
    Proposal,
    ProposalCounter,
    ProposalState,
    ProposerType,
    RequestStatus,
)
from tests.proposals.conftest import FEEDBACK, PDF, REPLY, make_draft, to_state


def inbox(user):
    return list(db.session.scalars(select(Notification.kind)
                                   .where(Notification.user_id == user.id)))


def test_happy_path(world):
    w = world
    p = make_draft(w)
    ops.invite_cosigners(p, w.member, [w.cosigner])
    assert any(s == "proposal_cosign" for s in inbox(w.cosigner))
    ops.confirm_cosign(p, w.cosigner)
    ops.submit_proposal(p, w.member)
    assert p.proposer_type == ProposerType.joint
    assert p.signers_line == "张雅文、王芳"
    number = ops.register_proposal(p, w.secretariat)
    assert number == 1 and p.number_label == "第0001号"
    ops.assign_proposal(p, w.secretariat, [(w.lead_unit.id, "lead"), (w.co_unit.id, "co")])
    today = wf.today()
    assert p.due_on == dates.add_months(today, 3)
    assert p.active_assignments[0].dispute_until == dates.add_working_days(today, 10)
    ops.record_consultation(p, w.lead_staff, today, "phone", "电话沟通了办理思路。")
    ops.post_co_opinion(p, w.co_staff, "同意主办单位意见，资金由财政统筹。")
    assert any(s == "proposal_co_opinion" for s in inbox(w.lead_staff))
    reply = ops.reply_proposal(p, w.lead_staff, dict(REPLY), PDF, "reply.pdf")
    assert p.state == ProposalState.replied and reply.file.size == len(PDF)
    assert p.feedback_due_on == dates.add_working_days(today, 15)
    assert any(s == "proposal_replied" for s in inbox(w.cosigner))
    ops.give_feedback(p, w.member, {**FEEDBACK, "verdict": "satisfied"})
    db.session.commit()
    assert p.state == ProposalState.closed
    actions = [e.action for e in events_for("proposal", p.id)]
    assert actions == ["create", "invite", "confirm_cosign", "submit", "register", "assign",
                       "consult", "co_opinion", "reply", "feedback"]


def test_rehandling_path(world):
    w = world
    p = to_state(w, "replied")
    ops.give_feedback(p, w.member, {**FEEDBACK, "verdict": "dissatisfied"})
    assert p.state == ProposalState.rehandling and p.round == 2
    assert p.due_on == dates.add_months(wf.today(), 3)
    assert any(s == "proposal_rehandling" for s in inbox(w.lead_staff))
    second = dict(REPLY, doc_number="环函〔2026〕30号")
    ops.reply_proposal(p, w.lead_staff, second, PDF, "second.pdf")
    assert p.state == ProposalState.replied and len(p.replies) == 2
    # Still dissatisfied: the verdict is recorded, the secretariat closes with a note.
    ops.give_feedback(p, w.member, {**FEEDBACK, "verdict": "dissatisfied"})
    assert p.state == ProposalState.replied
    db.session.commit()
    with pytest.raises(ActionNotAllowed):
        ops.close_proposal(p, w.secretariat)
    db.session.rollback()
    ops.close_proposal(p, w.secretariat, note="已与提案人当面沟通并作正式说明。")
    db.session.commit()
    assert p.state == ProposalState.closed


def test_separate_handling_needs_every_reply(world):
    w = world
    p = to_state(w, "registered")
    ops.assign_proposal(p, w.secretariat, [(w.lead_unit.id, "separate"),
                                           (w.co_unit.id, "separate")])
    ops.reply_proposal(p, w.lead_staff, dict(REPLY), PDF, "a.pdf")
    assert p.state == ProposalState.assigned and p.replied_count == 1
    db.session.commit()
    with pytest.raises(ActionNotAllowed):
        ops.reply_proposal(p, w.lead_staff, dict(REPLY), PDF, "again.pdf")
    db.session.rollback()
    ops.reply_proposal(p, w.co_staff, dict(REPLY, result_class="B"), PDF, "b.pdf")
    assert p.state == ProposalState.replied and p.replied_count == 2


def test_assignment_rules(world):
    w = world
    p = to_state(w, "registered")
    bad = [
        [(w.co_unit.id, "co")],  # no lead
        [(w.lead_unit.id, "lead"), (w.lead_unit.id, "co")],  # twice
        [(w.lead_unit.id, "lead"), (w.co_unit.id, "separate")],  # mixed
        [(999999, "lead")],  # unknown unit
        [(w.lead_unit.id, "boss")],
    ]
    for units in bad:
        with pytest.raises(ActionNotAllowed):
            ops.assign_proposal(p, w.secretariat, units)
        db.session.rollback()
    with pytest.raises(ActionNotAllowed):
        ops.assign_proposal(p, w.secretariat, [(w.lead_unit.id, "lead")],
                            wf.today() - timedelta(days=1))
    db.session.rollback()
    assert p.state == ProposalState.registered and not p.assignments


def test_dispute_window_and_reassignment(world, monkeypatch):
    w = world
    p = to_state(w, "assigned")
    d = ops.dispute_assignment(p, w.co_staff, "不属于我局职责。")
    db.session.commit()
    with pytest.raises(ActionNotAllowed):  # one pending request at a time
        ops.dispute_assignment(p, w.co_staff, "再次申请")
    db.session.rollback()
    ops.resolve_dispute(p, w.secretariat, d, "accept",
                        units=[(w.lead_unit.id, "lead"), (w.third_unit.id, "co")],
                        due_on=p.due_on)
    db.session.commit()
    assert {a.unit_id for a in p.active_assignments} == {w.lead_unit.id, w.third_unit.id}
    assert not p.can_view(w.co_staff) and p.can_view(w.third_staff)
    assert d.status == RequestStatus.granted
    # After ten working days the window is shut.
    later = dates.add_working_days(wf.today(), 11)
    monkeypatch.setattr(wf, "today", lambda: later)
    with pytest.raises(ActionNotAllowed) as e:
        ops.dispute_assignment(p, w.third_staff, "太晚了")
    assert "已过" in e.value.message


def test_rejected_dispute_keeps_assignment(world):
    w = world
    p = to_state(w, "assigned")
    d = ops.dispute_assignment(p, w.lead_staff, "理由")
    ops.resolve_dispute(p, w.secretariat, d, "reject", note="职责明确，请继续办理。")
    db.session.commit()
    assert d.status == RequestStatus.refused and p.can_view(w.lead_staff)
    assert any(s == "proposal_dispute_rejected" for s in inbox(w.lead_staff))


def test_extension_never_past_six_months(world):
    w = world
    p = to_state(w, "assigned")
    limit = dates.add_months(p.assigned_on, 6)
    with pytest.raises(ActionNotAllowed):
        ops.request_extension(p, w.lead_staff, limit + timedelta(days=1), "需要调研")
    db.session.rollback()
    with pytest.raises(ActionNotAllowed):  # not later than the current due date
        ops.request_extension(p, w.lead_staff, p.due_on, "需要调研")
    db.session.rollback()
    r = ops.request_extension(p, w.lead_staff, limit, "需要调研")
    db.session.commit()
    with pytest.raises(ActionNotAllowed):
        ops.extend_deadline(p, w.secretariat, r, limit + timedelta(days=1))
    db.session.rollback()
    ops.extend_deadline(p, w.secretariat, r, limit)
    db.session.commit()
    assert p.due_on == limit and all(a.due_on == limit for a in p.active_assignments)
    assert r.status == RequestStatus.granted
    with pytest.raises(ActionNotAllowed):  # decided already
        ops.refuse_extension(p, w.secretariat, r, "不同意")


def test_extension_asked_after_due_date_is_refused(world, monkeypatch):
    w = world
    p = to_state(w, "assigned")
    monkeypatch.setattr(wf, "today", lambda: p.due_on + timedelta(days=1))
    with pytest.raises(ActionNotAllowed):
        ops.request_extension(p, w.lead_staff, dates.add_months(p.assigned_on, 5), "晚了")


def test_late_reply_is_marked(world, monkeypatch):
    w = world
    p = to_state(w, "assigned")
    monkeypatch.setattr(wf, "today", lambda: p.due_on + timedelta(days=3))
    ops.reply_proposal(p, w.lead_staff, dict(REPLY), PDF, "r.pdf")
    assert p.is_replied_late and p.replies[0].is_late


def test_close_after_feedback_window(world, monkeypatch):
    w = world
    p = to_state(w, "replied")
    with pytest.raises(ActionNotAllowed):
        ops.close_proposal(p, w.secretariat)
    db.session.rollback()
    monkeypatch.setattr(wf, "today", lambda: p.feedback_due_on + timedelta(days=1))
    ops.close_proposal(p, w.secretariat)
    assert p.state == ProposalState.closed


def test_feedback_only_once_and_only_by_the_proposer(world):
    w = world
    p = to_state(w, "replied")
    from deliberate.core.workflow import PermissionDenied

    for user in (w.cosigner, w.other_member, w.lead_staff, w.secretariat):
        with pytest.raises(PermissionDenied):
            ops.give_feedback(p, user, {**FEEDBACK, "verdict": "satisfied"})
        db.session.rollback()
    with pytest.raises(InvalidData):
        ops.give_feedback(p, w.member, {**FEEDBACK, "verdict": "great"})
    db.session.rollback()
    with pytest.raises(InvalidData):
        # The richer answers may be left out (the API), never be unknown values.
        ops.give_feedback(p, w.member, {**FEEDBACK, "attitude": "rude", "verdict": "satisfied"})
    db.session.rollback()
    assert p.state == ProposalState.replied and not p.feedbacks


def test_submit_needs_every_part(world):
    w = world
    p = make_draft(w, analysis="  ")
    with pytest.raises(ActionNotAllowed) as e:
        ops.submit_proposal(p, w.member)
    assert "分析" in e.value.message
    db.session.rollback()
    assert p.state == ProposalState.draft


def test_stale_edit_is_refused(world):
    w = world
    p = make_draft(w)
    seen = p.version
    ops.update_proposal(p, w.member, {"title": "第一次修改"}, expected_version=seen)
    db.session.commit()
    with pytest.raises(StaleObject) as e:
        ops.update_proposal(p, w.member, {"title": "第二次修改"}, expected_version=seen)
    assert "其他人" in e.value.message or "他人" in e.value.message
    db.session.rollback()
    assert p.title == "第一次修改"


def test_merge_and_convert(world):
    w = world
    target = to_state(w, "assigned", with_cosigner=False)
    p = to_state(w, "submitted")
    ops.merge_proposal(p, w.secretariat, target)
    db.session.commit()
    assert p.state == ProposalState.merged and p.number is None
    assert target.is_among_proposers(w.cosigner)
    ops.reply_proposal(target, w.lead_staff, dict(REPLY), PDF, "r.pdf")
    db.session.commit()
    # Merged proposers each receive the reply.
    assert any(s == "proposal_replied" for s in inbox(w.cosigner))
    q = to_state(w, "submitted")
    with pytest.raises(ActionNotAllowed):
        ops.merge_proposal(q, w.secretariat, p)  # not into a merged one
    db.session.rollback()
    ops.convert_proposal(q, w.secretariat, w.third_unit)
    db.session.commit()
    assert q.can_view(w.third_staff) and not q.can_view(w.lead_staff)


def test_collective_proposal_filed_by_secretariat(world):
    w = world
    from tests.proposals.conftest import BODY

    with pytest.raises(InvalidData):
        ops.create_proposal(w.secretariat, w.session, dict(BODY))
    p = ops.create_proposal(w.secretariat, w.session, dict(BODY),
                            collective_name="民盟区委会")
    ops.submit_proposal(p, w.secretariat)
    db.session.commit()
    assert p.proposer_type == ProposerType.collective and p.proposer_name == "民盟区委会"


def test_database_refuses_number_outside_registered_states(world):
    w = world
    p = make_draft(w)
    p.number = 5
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    q = to_state(w, "registered", with_cosigner=False)
    q.number = None
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_numbers_are_per_session_and_never_reused(world, factory):
    w = world
    a = to_state(w, "registered", with_cosigner=False)
    b = to_state(w, "submitted", with_cosigner=False)
    # A registration that is rolled back gives its number back.
    ops.register_proposal(b, w.secretariat)
    db.session.rollback()
    b = db.session.get(Proposal, b.id)
    assert ops.register_proposal(b, w.secretariat) == 2
    other = factory.session(number=2, current=False)
    c = ops.create_proposal(w.member, other, {"title": "x", "category": "other",
                                              "situation": "a", "analysis": "b",
                                              "suggestions": "c"})
    ops.submit_proposal(c, w.member)
    assert ops.register_proposal(c, w.secretariat) == 1
    db.session.commit()
    assert (a.number, b.number) == (1, 2)
    assert db.session.scalar(select(func.max(ProposalCounter.last_number))) == 2


def test_mark_key_needs_a_leader(world):
    w = world
    p = to_state(w, "assigned")
    with pytest.raises(InvalidData):
        ops.mark_key(p, w.secretariat, w.member)
    db.session.rollback()
    ops.mark_key(p, w.secretariat, w.leader)
    r = ops.record_supervision(p, w.leader, "site_visit", date(2026, 5, 1),
                               participants="陈主席、生态环境局", notes="实地查看水源地。")
    db.session.commit()
    assert p.is_key and p.supervision_records == [r]
    assert any(s == "proposal_key" for s in inbox(w.leader))


def test_rehandling_restarts_the_extension_cap(world, monkeypatch):
    w = world
    p = to_state(w, "replied")
    later = p.assigned_on + timedelta(days=150)
    monkeypatch.setattr(wf, "today", lambda: later)
    ops.give_feedback(p, w.member, {**FEEDBACK, "verdict": "dissatisfied"})
    db.session.commit()
    assert p.state.value == "rehandling" and p.handling_started_on == later
    # Past six months from the first assignment, within six months of re-handling.
    until = p.due_on + timedelta(days=30)
    limit = dates.add_months(later, 6)
    assert dates.add_months(p.assigned_on, 6) < until < limit
    with pytest.raises(ActionNotAllowed) as refused:
        ops.request_extension(p, w.lead_staff, limit + timedelta(days=1), "二次办理需要调研")
    assert "重新办理开始后6个月" in refused.value.message
    db.session.rollback()
    r = ops.request_extension(p, w.lead_staff, until, "二次办理需要调研")
    ops.extend_deadline(p, w.secretariat, r, until)
    db.session.commit()
    assert p.due_on == until
