"""Who is told what at each step of a proposal's life (issue: co-signing invitations,
submitted, registered or not, assigned, disputed, extended, replied, verdict requested,
re-handling, overdue), and nobody else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from deliberate.core.notify import Notification
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.workflow import today
from tests.proposals.conftest import FEEDBACK, PDF, REPLY, make_draft, to_state


class Inbox:
    """New notifications per person (the world's role names) since the last look."""

    def __init__(self, world, **extra):
        self.people = {**world.users(), **extra}
        self.seen = self._max()

    @staticmethod
    def _max() -> int:
        return db.session.scalar(select(db.func.max(Notification.id))) or 0

    def after(self, step: Callable[[], object]) -> dict[str, set[str]]:
        step()
        db.session.commit()
        names = {u.id: name for name, u in self.people.items()}
        rows = db.session.execute(select(Notification.user_id, Notification.kind).where(
            Notification.id > self.seen)).all()
        self.seen = self._max()
        out: dict[str, set[str]] = {}
        for user_id, kind in rows:
            out.setdefault(names.get(user_id, f"user {user_id}"), set()).add(kind)
        return out


def test_each_step_tells_the_people_concerned(world, runner):
    w = world
    box = Inbox(w)
    p = make_draft(w)
    assert box.after(lambda: ops.invite_cosigners(p, w.member, [w.cosigner])) == {
        "cosigner": {"proposal_cosign"}}
    assert box.after(lambda: ops.confirm_cosign(p, w.cosigner)) == {
        "proposer": {"proposal_cosign"}}
    assert box.after(lambda: ops.submit_proposal(p, w.member)) == {
        "secretariat": {"proposal_submitted"}}
    assert box.after(lambda: ops.register_proposal(p, w.secretariat)) == {
        "proposer": {"proposal_registered"}, "cosigner": {"proposal_registered"}}
    units = [(w.lead_unit.id, "lead"), (w.co_unit.id, "co")]
    assert box.after(lambda: ops.assign_proposal(p, w.secretariat, units)) == {
        "lead_unit": {"proposal_assigned"}, "co_unit": {"proposal_assigned"},
        "proposer": {"proposal_assigned"}, "cosigner": {"proposal_assigned"}}
    dispute = []
    assert box.after(lambda: dispute.append(
        ops.dispute_assignment(p, w.co_staff, "不属于我单位职责"))) == {
        "secretariat": {"proposal_disputed"}}
    assert box.after(lambda: ops.resolve_dispute(p, w.secretariat, dispute[0], "reject",
                                                 note="属于会办范围")) == {
        "co_unit": {"proposal_dispute_rejected"}}
    request = []
    until = p.due_on + timedelta(days=30)
    assert box.after(lambda: request.append(
        ops.request_extension(p, w.lead_staff, until, "需要调研"))) == {
        "secretariat": {"proposal_extension_requested"}}
    assert box.after(lambda: ops.extend_deadline(p, w.secretariat, request[0])) == {
        "lead_unit": {"proposal_extended"}, "co_unit": {"proposal_extended"},
        "proposer": {"proposal_extended"}, "cosigner": {"proposal_extended"}}
    # Recording a consultation tells nobody; the co-opinion goes to the lead unit.
    assert box.after(lambda: ops.record_consultation(p, w.lead_staff, today(), "phone",
                                                     "电话沟通")) == {}
    assert box.after(lambda: ops.post_co_opinion(p, w.co_staff, "同意")) == {
        "lead_unit": {"proposal_co_opinion"}}
    # Replied: the proposers are asked for their verdict, the secretariat is told.
    assert box.after(lambda: ops.reply_proposal(p, w.lead_staff, dict(REPLY), PDF,
                                                "r.pdf")) == {
        "proposer": {"proposal_replied"}, "cosigner": {"proposal_replied"},
        "secretariat": {"proposal_replied"}}
    verdict_asked = db.session.scalar(select(Notification.body).where(
        Notification.user_id == w.member.id, Notification.kind == "proposal_replied"))
    assert "意见" in verdict_asked and p.feedback_due_on.isoformat() in verdict_asked
    # The daily reminder asks the first proposer again.
    assert box.after(lambda: runner.invoke(args=["remind"])) == {
        "proposer": {"proposal_verdict"}}
    # Dissatisfied: every unit handles it again; the secretariat learns the verdict.
    assert box.after(lambda: ops.give_feedback(p, w.member, {
        **FEEDBACK, "verdict": "dissatisfied"})) == {
        "lead_unit": {"proposal_rehandling"}, "co_unit": {"proposal_rehandling"},
        "secretariat": {"proposal_feedback"}}
    # Overdue: the units that still owe the second reply, from the daily reminder.
    late = (p.due_on + timedelta(days=1)).isoformat()
    told = box.after(lambda: runner.invoke(args=["remind", "--on", late]))
    assert told["lead_unit"] >= {"proposal_overdue"}
    assert set(told) == {"lead_unit"}  # the co unit's opinion of round one still counts
    assert box.after(lambda: ops.reply_proposal(
        p, w.lead_staff, dict(REPLY, doc_number="环函〔2026〕30号"), PDF, "r2.pdf")) == {
        "proposer": {"proposal_replied"}, "cosigner": {"proposal_replied"},
        "secretariat": {"proposal_replied"}}
    assert box.after(lambda: ops.give_feedback(p, w.member, {
        **FEEDBACK, "verdict": "dissatisfied"})) == {
        "lead_unit": {"proposal_feedback"}, "secretariat": {"proposal_feedback"}}
    assert box.after(lambda: ops.close_proposal(
        p, w.secretariat, note="已与提案人当面沟通并作正式说明。")) == {
        "proposer": {"proposal_closed"}, "cosigner": {"proposal_closed"}}


def test_review_outcomes_tell_the_proposers(world):
    w = world
    box = Inbox(w)
    for state, kind in (("not_registered", "proposal_declined"),
                        ("converted", "proposal_converted"),
                        ("withdrawn", "proposal_withdrawn")):
        p = to_state(w, "submitted")
        box.seen = Inbox._max()
        step = {
            "not_registered": lambda p=p: ops.decline_proposal(p, w.secretariat, "personal",
                                                               "个人事务"),
            "converted": lambda p=p: ops.convert_proposal(p, w.secretariat, w.third_unit),
            "withdrawn": lambda p=p: ops.withdraw_proposal(p, w.member),
        }[state]
        told = box.after(step)
        if state == "withdrawn":
            assert told == {"secretariat": {kind}}
        elif state == "converted":
            assert told == {"proposer": {kind}, "cosigner": {kind}, "other_unit": {kind}}
        else:
            assert told == {"proposer": {kind}, "cosigner": {kind}}
    p = to_state(w, "submitted")
    box.seen = Inbox._max()
    assert box.after(lambda: ops.return_proposal(p, w.secretariat, "请补充数据")) == {
        "proposer": {"proposal_returned"}, "cosigner": {"proposal_returned"}}
    target = to_state(w, "registered", with_cosigner=False)
    p = to_state(w, "submitted")
    box.seen = Inbox._max()
    assert box.after(lambda: ops.merge_proposal(p, w.secretariat, target)) == {
        "proposer": {"proposal_merged"}, "cosigner": {"proposal_merged"}}


def test_merged_proposers_receive_the_reply(world, factory):
    w = world
    target = to_state(w, "registered", with_cosigner=False)
    merged = ops.create_proposal(w.other_member, w.session, {
        "title": "同题提案", "category": "ecology", "situation": "情况", "analysis": "分析",
        "suggestions": "建议"})
    ops.submit_proposal(merged, w.other_member)
    ops.merge_proposal(merged, w.secretariat, target)
    ops.assign_proposal(target, w.secretariat, [(w.lead_unit.id, "lead")])
    db.session.commit()
    box = Inbox(w)
    told = box.after(lambda: ops.reply_proposal(target, w.lead_staff, dict(REPLY), PDF,
                                                "r.pdf"))
    assert told["other_member"] == {"proposal_replied"}
    assert told["proposer"] == {"proposal_replied"}
