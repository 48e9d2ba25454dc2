"""A small body for proposal tests, and helpers that walk a proposal to any state through
the real operations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.models import Proposal

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

BODY = {
    "title": "关于加强六盘山地区生态保护的建议",
    "category": "ecology",
    "situation": "六盘山地区水源涵养功能下降。",
    "analysis": "保护投入分散，**缺乏**统筹。",
    "suggestions": "一、建立生态补偿机制；二、设立专项资金。",
    "contact": "13800000000",
    "is_plenary": True,
    "may_publish": True,
    "no_publish_reason": "",
}

REPLY = {
    "doc_number": "环函〔2026〕12号",
    "result_class": "A",
    "body": "经研究，我局已将生态补偿纳入年度计划。",
    "signatory": "王局长",
    "contact_person": "李科长",
    "contact_phone": "0954-1234567",
    "may_publish": True,
}

FEEDBACK = {"contact_made": "visited", "attitude": "satisfied", "relevance": "relevant",
            "comment": "办理认真。"}


@dataclass
class World:
    session: object
    member: object
    other_member: object
    cosigner: object
    secretariat: object
    leader: object
    lead_unit: object
    co_unit: object
    third_unit: object
    lead_staff: object
    co_staff: object
    third_staff: object
    admin: object

    def users(self) -> dict[str, object]:
        return {
            "proposer": self.member, "cosigner": self.cosigner,
            "other_member": self.other_member, "secretariat": self.secretariat,
            "leader": self.leader, "lead_unit": self.lead_staff, "co_unit": self.co_staff,
            "other_unit": self.third_staff, "admin": self.admin,
        }


@pytest.fixture
def world(factory) -> World:
    session = factory.session()
    lead_unit = factory.unit("生态环境局")
    co_unit = factory.unit("财政局")
    third_unit = factory.unit("住房和城乡建设局")
    w = World(
        session=session,
        member=factory.user("member", display_name="张雅文"),
        other_member=factory.user("member", display_name="李明"),
        cosigner=factory.user("member", display_name="王芳"),
        secretariat=factory.user("secretariat", display_name="秘书处刘"),
        leader=factory.user("leader", display_name="陈主席"),
        lead_unit=lead_unit, co_unit=co_unit, third_unit=third_unit,
        lead_staff=factory.user("unit_staff", unit=lead_unit),
        co_staff=factory.user("unit_staff", unit=co_unit),
        third_staff=factory.user("unit_staff", unit=third_unit),
        admin=factory.user("admin"),
    )
    db.session.commit()
    return w


def make_draft(w: World, **overrides) -> Proposal:
    p = ops.create_proposal(w.member, w.session, {**BODY, **overrides})
    db.session.commit()
    return p


# The path to each state, as (operation) steps from a fresh draft.
def to_state(w: World, state: str, *, with_cosigner: bool = True) -> Proposal:
    """A proposal in ``state``; a draft keeps its co-signer's invitation pending."""
    p = make_draft(w)
    if with_cosigner:
        ops.invite_cosigners(p, w.member, [w.cosigner])
        if state != "draft":
            ops.confirm_cosign(p, w.cosigner)
    if state == "draft":
        db.session.commit()
        return p
    ops.submit_proposal(p, w.member)
    if state == "submitted":
        db.session.commit()
        return p
    if state == "withdrawn":
        ops.withdraw_proposal(p, w.member)
    elif state == "not_registered":
        ops.decline_proposal(p, w.secretariat, "personal", "个人事务")
    elif state == "converted":
        ops.convert_proposal(p, w.secretariat, w.third_unit)
    elif state == "merged":
        target = to_state(w, "registered", with_cosigner=False)
        ops.merge_proposal(p, w.secretariat, target)
    else:
        ops.register_proposal(p, w.secretariat)
        if state != "registered":
            ops.assign_proposal(p, w.secretariat, [(w.lead_unit.id, "lead"),
                                                   (w.co_unit.id, "co")],
                                date.today() + timedelta(days=90))
        if state in ("replied", "rehandling", "closed"):
            ops.reply_proposal(p, w.lead_staff, dict(REPLY), PDF, "reply.pdf")
        if state in ("rehandling", "closed"):
            verdict = "dissatisfied" if state == "rehandling" else "satisfied"
            ops.give_feedback(p, w.member, {**FEEDBACK, "verdict": verdict})
    db.session.commit()
    assert p.state.value == state
    return p
