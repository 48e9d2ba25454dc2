"""A hand-built body whose figures were counted by hand (see EXPECTED), built straight
from the models so that every edge of the definitions is present: a withdrawn proposal, a
merged one, a late reply, a re-handled proposal still open and one closed after its second
reply, separate handling with one unit still owing, a collective proposal, an earlier
session of the term and a session of another term."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest

from deliberate.consultation.models import (
    ConsultationResult,
    Meeting,
    Speech,
    Topic,
)
from deliberate.consultation.models_plan import ConsultationPlan, PlanItem
from deliberate.core.files import store_file
from deliberate.directory.models import MemberProfile
from deliberate.extensions import db
from deliberate.proposals.models import Assignment, Feedback, Proposal, Reply
from deliberate.proposals.workflow import today

PDF = b"%PDF-1.4\n%%EOF\n"


@dataclass
class StatsWorld:
    s1: object  # 2025, same term
    s2: object  # 2026, current: most of the data
    s3: object  # 2020, another term
    m1: object
    m2: object
    sec: object
    leader: object
    u1: object
    u2: object
    u3: object
    sector_e: object
    sector_j: object
    proposals: dict[int, Proposal] = field(default_factory=dict)
    meeting: object = None


def build(factory, again: bool = False) -> StatsWorld:
    """The body; ``again`` builds a second one beside it (other terms, names, plan year)."""
    tag = "二" if again else ""
    t = factory.term(22 if again else 12)
    other = factory.term(21 if again else 11)
    s1 = factory.session(t, number=4, current=False, year=2025)
    s2 = factory.session(t, number=5, current=not again, year=2026)
    s3 = factory.session(other, number=1, current=False, year=2020)
    e, j = factory.sector(f"经济界{tag}"), factory.sector(f"教育界{tag}")
    m1 = factory.user("member", display_name="张委员")
    m2 = factory.user("member", display_name="王委员")
    db.session.get(MemberProfile, m1.id).sector = e
    db.session.get(MemberProfile, m2.id).sector = j
    sec = factory.user("secretariat", display_name="秘书处")
    leader = factory.user("leader", display_name="主席")
    u1, u2, u3 = (factory.unit(f"{n}{tag}") for n in ("甲局", "乙局", "丙局"))
    w = StatsWorld(s1, s2, s3, m1, m2, sec, leader, u1, u2, u3, e, j)
    file_id = store_file(PDF, "r.pdf", "application/pdf", sec.id).id
    now = datetime.now(UTC)
    past, future = today() - timedelta(days=5), today() + timedelta(days=30)
    numbers = {s1.id: 0, s2.id: 0, s3.id: 0}

    def p(key: int, session, state: str, category: str, proposer=None, ptype: str = "member",
          **kw) -> Proposal:
        numbered = state in ("registered", "assigned", "replied", "rehandling", "closed")
        if numbered:
            numbers[session.id] += 1
        obj = Proposal(
            session_id=session.id, state=state, category=category, title=f"提案{key}",
            proposer_type=ptype, proposer_id=proposer.id if proposer else None,
            collective_name="某民主党派" if ptype == "collective" else "",
            created_by_id=(proposer or sec).id, number=numbers[session.id] if numbered
            else None, submitted_at=None if state == "draft" else now,
            decline_ground="personal" if state == "not_registered" else None,
            converted_unit_id=u3.id if state == "converted" else None, **kw)
        db.session.add(obj)
        db.session.flush()
        w.proposals[key] = obj
        return obj

    def assign(obj: Proposal, unit, role: str = "lead", due: date = future) -> Assignment:
        a = Assignment(proposal_id=obj.id, unit_id=unit.id, role=role, assigned_on=today(),
                       due_on=due, dispute_until=future, assigned_by_id=sec.id)
        db.session.add(a)
        db.session.flush()
        return a

    def letter(obj: Proposal, a: Assignment, cls: str, round_: int = 1,
               late: bool = False) -> None:
        db.session.add(Reply(proposal_id=obj.id, assignment_id=a.id, unit_id=a.unit_id,
                             round=round_, doc_number="函", result_class=cls, body="答复",
                             signatory="局长", contact_person="科长", contact_phone="1",
                             file_id=file_id, is_late=late, created_by_id=sec.id))

    def verdict(obj: Proposal, value: str, round_: int = 1) -> None:
        db.session.add(Feedback(proposal_id=obj.id, round=round_, user_id=sec.id,
                                contact_made="visited", attitude="satisfied",
                                relevance="relevant", verdict=value))

    p(1, s2, "draft", "economy", m1)
    p(2, s2, "withdrawn", "economy", m1)
    p(3, s2, "submitted", "society", m2)
    p(4, s2, "not_registered", "economy", m1)
    p(5, s2, "converted", "culture", m2)
    target = p(7, s2, "registered", "economy", m1)
    p(6, s2, "merged", "economy", m1, merged_into_id=target.id)
    p8 = p(8, s2, "assigned", "society", m2, "joint", due_on=past)
    assign(p8, u1, due=past)
    assign(p8, u2, "co", due=past)
    p9 = p(9, s2, "replied", "economy", m1, due_on=future, replied_on=today())
    letter(p9, assign(p9, u1), "A")
    assign(p9, u2, "co")
    p10 = p(10, s2, "closed", "ecology", None, "collective", is_replied_late=True)
    letter(p10, assign(p10, u2), "B", late=True)
    verdict(p10, "satisfied")
    p11 = p(11, s2, "rehandling", "society", m2, round=2, due_on=future)
    letter(p11, assign(p11, u1), "C")
    verdict(p11, "dissatisfied")
    p12 = p(12, s2, "closed", "economy", m1, "joint", round=2)
    a12 = assign(p12, u1)
    letter(p12, a12, "B")
    letter(p12, a12, "A", round_=2)
    verdict(p12, "dissatisfied")
    verdict(p12, "basically", round_=2)
    p13 = p(13, s2, "assigned", "culture", m2, due_on=future)
    letter(p13, assign(p13, u1, "separate"), "A")
    assign(p13, u3, "separate")
    # An ended assignment (re-assigned after a dispute) counts for nobody.
    ended = assign(p13, u2, "co")
    ended.is_active = False
    ended.ended_at = now
    p(14, s1, "registered", "economy", m1)
    p(15, s1, "not_registered", "other", m2)
    p(16, s3, "submitted", "politics", m1)

    # Consultation, 2026: three planned topics, one consulted, two with results.
    topics = [Topic(title=f"议题{i}", channel="members", state="scheduled",
                    created_by_id=sec.id) for i in range(1, 4)]
    db.session.add_all(topics)
    db.session.flush()
    plan = ConsultationPlan(year=2027 if again else 2026, title="年度协商计划", state="published",
                            created_by_id=sec.id)
    db.session.add(plan)
    db.session.flush()
    for topic, form in zip(topics, ("topic_consultation", "biweekly", "biweekly"),
                           strict=True):
        db.session.add(PlanItem(plan_id=plan.id, topic_id=topic.id, quarter=2, form=form))

    def meeting(title: str, form: str, state: str, when: datetime, topic=None) -> Meeting:
        m = Meeting(title=title, form=form, state=state, starts_at=when,
                    ends_at=when + timedelta(hours=2), venue="会议室", chair_id=leader.id,
                    checkin_code="123456", created_by_id=sec.id,
                    topic_id=topic.id if topic else None)
        db.session.add(m)
        db.session.flush()
        return m

    held = meeting("专题协商会", "topic_consultation", "held",
                   datetime(2026, 6, 1, 2, tzinfo=UTC), topics[0])
    meeting("双周协商座谈会", "biweekly", "scheduled", datetime(2026, 12, 10, 2, tzinfo=UTC),
            topics[1])
    # Years are Beijing years: UTC 12:00 on 31 December is 20:00 there (2025), UTC 17:00
    # is already 01:00 on 1 January (2026).
    meeting("基层协商", "grassroots", "held", datetime(2025, 12, 31, 12, tzinfo=UTC))
    meeting("新年基层协商", "grassroots", "held", datetime(2025, 12, 31, 17, tzinfo=UTC))
    db.session.add_all([
        ConsultationResult(topic_id=topics[0].id, meeting_id=held.id, kind="recommendation",
                           title="建议案", recorded_by_id=sec.id, adoption="adopted"),
        ConsultationResult(topic_id=topics[0].id, meeting_id=held.id, kind="minutes",
                           title="纪要", recorded_by_id=sec.id),
        ConsultationResult(topic_id=topics[1].id, kind="special_report", title="专报",
                           recorded_by_id=sec.id),
    ])
    for title, kind, mode, state in (("发言甲", "theme", "oral", "adopted"),
                                     ("发言乙", "theme", "written", "returned"),
                                     ("发言丙", "plenary", "written", "draft"),
                                     ("发言丁", "plenary", "written", "withdrawn"),
                                     ("发言戊", "interactive", "written", "submitted")):
        db.session.add(Speech(meeting_id=held.id, author_id=m1.id, title=title, body="正文",
                              kind=kind, mode=mode, minutes=5 if mode == "oral" else None,
                              state=state, review_opinion="请修改" if state == "returned"
                              else ""))
    w.meeting = held
    db.session.commit()
    return w


@pytest.fixture
def stats_world(factory) -> StatsWorld:
    return build(factory)


# Counted by hand from build(): session s2 (第十二届第5次会议).
EXPECTED_S2 = {
    "received": 11, "pending": 1, "registered": 7, "not_registered": 1, "converted": 1,
    "merged": 1, "assigned": 6, "replied": 4, "on_time": 3, "overdue": 1, "judged": 3,
    "satisfied": 1, "basically": 1, "dissatisfied": 1, "letters": 5, "class_A": 3,
    "class_B": 1, "class_C": 1,
}
EXPECTED_RATES_S2 = {
    "rate_registered": 7 / 11, "rate_replied": 4 / 6, "rate_on_time": 3 / 4,
    "share_A": 3 / 5, "share_B": 1 / 5, "share_C": 1 / 5, "rate_satisfied": 1 / 3,
    "rate_basically": 1 / 3,
}
EXPECTED_UNITS_S2 = {
    "甲局": {"u_assigned": 5, "u_owing": 5, "u_replied": 4, "u_on_time": 4, "u_overdue": 1,
             "class_A": 3, "class_C": 1, "letters": 4, "u_judged": 2, "u_satisfied": 0,
             "u_basically": 1},
    "乙局": {"u_assigned": 3, "u_owing": 1, "u_replied": 1, "u_on_time": 0, "u_overdue": 0,
             "class_B": 1, "letters": 1, "u_judged": 1, "u_satisfied": 1, "u_basically": 0},
    "丙局": {"u_assigned": 1, "u_owing": 1, "u_replied": 0, "u_on_time": 0, "u_overdue": 0,
             "letters": 0, "u_judged": 0},
}
