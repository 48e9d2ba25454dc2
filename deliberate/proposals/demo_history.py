"""Demo history for the statistics, called first by the demo proposals (so the current
session's proposals keep the highest ids and stay first in every list): the earlier
sessions of the current term get the proposals a district body handles in a year, filed,
reviewed, assigned, replied and judged on plausible dates, so the statistics page compares
sessions and shows real shares instead of one session's handful.

The records are written directly with their historical dates (the operations would date
everything today), each with the timeline events the operations would have recorded.
Deterministic (a seeded generator) and idempotent: a session that already holds proposals
is left alone.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from deliberate.auth.models import User
from deliberate.core.dates import add_months
from deliberate.core.events import Event
from deliberate.core.files import store_file
from deliberate.core.permissions import Role
from deliberate.directory.models import MemberProfile, PlenarySession, Unit
from deliberate.extensions import db
from deliberate.proposals.demo import DEMO_PDF, REPLY_TEXT, unit_signatory
from deliberate.proposals.models import (
    Assignment,
    Feedback,
    Proposal,
    ProposalCounter,
    Reply,
)

TOPICS = {
    "economy": ["优化民营企业营商环境", "支持老字号品牌传承发展", "推动汉正街商圈转型升级",
                "加快中小微企业数字化转型", "规范涉企行政检查", "发展夜间经济",
                "完善政府采购向中小企业倾斜政策", "加快楼宇经济提质增效"],
    "politics": ["深化基层协商民主", "提升政务服务“一网通办”水平", "加强社区网格员队伍建设",
                 "推进法治宣传进社区", "完善人大政协联动监督机制", "规范基层“小微权力”运行"],
    "culture": ["保护利用归元寺周边历史街区", "推动知音文化品牌建设", "完善社区公共阅读空间",
                "加强非物质文化遗产传承", "推动文旅融合发展", "支持群众文化团队建设"],
    "society": ["推进社区居家养老服务", "缓解老旧小区停车难", "加快老旧小区加装电梯",
                "加强中小学课后服务", "优化社区卫生服务中心布局", "促进高校毕业生就业",
                "完善婴幼儿托育服务体系", "加强校园周边交通安全", "推进无障碍环境建设"],
    "ecology": ["加强墨水湖水环境治理", "推进垃圾分类常态化", "建设口袋公园和绿道",
                "防治建筑工地扬尘污染", "推进海绵城市建设", "加强汉江岸线生态保护"],
    "other": ["加强政协委员履职能力建设", "完善提案办理协商机制", "加强对台交流合作"],
}
CATEGORY_WEIGHTS = {"economy": 26, "politics": 8, "culture": 12, "society": 36,
                    "ecology": 14, "other": 4}
COLLECTIVES = ["民革汉阳区基层委员会", "民盟汉阳区基层委员会", "民建汉阳区基层委员会",
               "九三学社汉阳区基层委员会", "区工商联", "区妇联", "经济界别组"]
DECLINE_GROUNDS = ["personal", "no_suggestion", "outside_remit", "several_matters"]
# Proposals per earlier session: the body grows a little each year.
PER_SESSION = (38, 44, 47, 52)


def _at(day: date, hour: int = 10) -> datetime:
    # Office hours in Beijing, stored in UTC.
    return datetime.combine(day, time(hour)).replace(tzinfo=UTC) - timedelta(hours=8)


def seed_history() -> int:
    current = db.session.scalar(select(PlenarySession).where(
        PlenarySession.is_current.is_(True)))
    if current is None:
        return 0
    sessions = list(db.session.scalars(
        select(PlenarySession).where(PlenarySession.term_id == current.term_id,
                                     PlenarySession.id != current.id)
        .order_by(PlenarySession.year)))
    members = list(db.session.scalars(
        select(User).join(MemberProfile, MemberProfile.user_id == User.id)
        .where(User.role == Role.member, User.is_active.is_(True)).order_by(User.id)))
    units = list(db.session.scalars(select(Unit).where(Unit.is_active.is_(True))
                                    .order_by(Unit.sort_order, Unit.id)))
    sec = db.session.scalar(select(User).where(User.role == Role.secretariat)
                            .order_by(User.id))
    if not members or not units or sec is None:
        return 0
    staff = {u.unit_id: u for u in db.session.scalars(
        select(User).where(User.role == Role.unit_staff).order_by(User.id))}
    created = 0
    pdf_id: int | None = None
    for index, session in enumerate(sessions):
        filed = db.session.scalar(select(func.count(Proposal.id)).where(
            Proposal.session_id == session.id))
        if filed:
            continue
        if pdf_id is None:
            pdf_id = store_file(DEMO_PDF, "reply.pdf", "application/pdf", sec.id).id
        rng = random.Random(session.year)  # noqa: S311  (repeatable demo data, not secrets)
        count = PER_SESSION[min(index, len(PER_SESSION) - 1)]
        history = _History(session, members, units, staff, sec, pdf_id, rng)
        for n in range(count):
            history.proposal(n)
        db.session.add(ProposalCounter(session_id=session.id, last_number=history.number))
        created += count
    db.session.flush()
    return created


class _History:
    """One session's proposals from filing to verdict, dated around its plenary."""

    def __init__(self, session: PlenarySession, members: list[User], units: list[Unit],
                 staff: dict[int, User], sec: User, pdf_id: int, rng: random.Random) -> None:
        self.session, self.members, self.units = session, members, units
        self.staff, self.sec, self.pdf_id, self.rng = staff, sec, pdf_id, rng
        self.opens = session.opens_on or date(session.year, 1, 10)
        self.number = 0
        self.registered: list[Proposal] = []

    def event(self, p: Proposal, action: str, actor: User, when: date, before: str | None,
              after: str | None, **data: Any) -> None:  # noqa: ANN401
        db.session.add(Event(object_type="proposal", object_id=p.id, action=action,
                             actor_id=actor.id, from_state=before, to_state=after,
                             data=data, created_at=_at(when, 9 + self.rng.randrange(8))))

    def proposal(self, n: int) -> None:
        rng = self.rng
        category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
        title = f"关于{rng.choice(TOPICS[category])}的建议"
        kind = rng.choices(("member", "joint", "collective"), (60, 25, 15))[0]
        proposer = rng.choice(self.members)
        submitted = self.opens - timedelta(days=rng.randrange(0, 40))
        p = Proposal(
            session_id=self.session.id, title=title, category=category,
            situation="近年来，该领域工作取得一定进展，但群众反映的问题仍较突出。",
            analysis="主要原因是统筹不够、投入不足、机制不健全。",
            suggestions="一、加强统筹协调；二、加大投入力度；三、完善长效机制。",
            proposer_type=kind, proposer_id=None if kind == "collective" else proposer.id,
            collective_name=rng.choice(COLLECTIVES) if kind == "collective" else "",
            created_by_id=self.sec.id if kind == "collective" else proposer.id,
            is_plenary=submitted >= self.opens - timedelta(days=90), may_publish=True,
            state="submitted", submitted_at=_at(submitted), created_at=_at(submitted),
            updated_at=_at(submitted))
        db.session.add(p)
        db.session.flush()
        author = self.sec if kind == "collective" else proposer
        self.event(p, "submit", author, submitted, "draft", "submitted")
        reviewed = self.opens + timedelta(days=rng.randrange(5, 25))
        outcome = rng.choices(("register", "withdraw", "decline", "convert", "merge"),
                              (82, 3, 6, 5, 4))[0]
        if outcome == "merge" and not self.registered:
            outcome = "register"
        if outcome == "withdraw":
            p.state = "withdrawn"
            self.event(p, "withdraw", author, submitted + timedelta(days=3), "submitted",
                       "withdrawn")
        elif outcome == "decline":
            p.state, p.decline_ground = "not_registered", rng.choice(DECLINE_GROUNDS)
            self.event(p, "decline", self.sec, reviewed, "submitted", "not_registered",
                       ground=p.decline_ground)
        elif outcome == "convert":
            p.state, p.converted_unit_id = "converted", rng.choice(self.units).id
            self.event(p, "convert", self.sec, reviewed, "submitted", "converted")
        elif outcome == "merge":
            target = rng.choice(self.registered)
            p.state, p.merged_into_id = "merged", target.id
            self.event(p, "merge", self.sec, reviewed, "submitted", "merged",
                       target_id=target.id)
        else:
            self.handle(p, reviewed)

    def handle(self, p: Proposal, registered: date) -> None:
        rng = self.rng
        self.number += 1
        p.number, p.state, p.registered_at = self.number, "registered", _at(registered)
        self.registered.append(p)
        self.event(p, "register", self.sec, registered, "submitted", "registered",
                   number=p.number)
        assigned = registered + timedelta(days=rng.randrange(7, 20))
        due = add_months(assigned, 3)
        lead = rng.choice(self.units)
        separate = rng.random() < 0.06
        others = rng.sample([u for u in self.units if u.id != lead.id],
                            rng.choices((0, 1, 2), (55, 35, 10))[0] or (1 if separate else 0))
        role = "separate" if separate else "lead"
        rows = [Assignment(proposal_id=p.id, unit_id=lead.id, role=role,
                           assigned_on=assigned, due_on=due,
                           dispute_until=assigned + timedelta(days=14),
                           assigned_by_id=self.sec.id, created_at=_at(assigned))]
        rows += [Assignment(proposal_id=p.id, unit_id=u.id, role=role if separate else "co",
                            assigned_on=assigned, due_on=due,
                            dispute_until=assigned + timedelta(days=14),
                            assigned_by_id=self.sec.id, created_at=_at(assigned))
                 for u in others]
        db.session.add_all(rows)
        db.session.flush()
        p.state, p.assigned_on, p.handling_started_on, p.due_on = (
            "assigned", assigned, assigned, due)
        self.event(p, "assign", self.sec, assigned, "registered", "assigned",
                   units=[u.name for u in [lead, *others]], due_on=due.isoformat())
        replying = [a for a in rows if a.role in ("lead", "separate")]
        late = rng.random() < 0.08
        replied = self.reply(p, replying, due, late, round_=1)
        verdict = rng.choices(("satisfied", "basically", "dissatisfied"), (74, 21, 5))[0]
        judged = replied + timedelta(days=rng.randrange(5, 18))
        self.feedback(p, verdict, judged, round_=1)
        if verdict == "dissatisfied":
            p.round, p.state = 2, "rehandling"
            self.event(p, "feedback_dissatisfied", self.feedback_giver(p), judged, "replied",
                       "rehandling", verdict=verdict)
            second_due = add_months(judged, 3)
            for a in rows:
                a.due_on = second_due
            p.due_on, p.handling_started_on = second_due, judged
            replied = self.reply(p, replying, second_due, late=False, round_=2)
            judged = replied + timedelta(days=rng.randrange(5, 15))
            self.feedback(p, "basically", judged, round_=2)
        p.state, p.closed_at = "closed", _at(judged, 16)
        self.event(p, "feedback", self.feedback_giver(p), judged, "replied", "closed",
                   verdict=verdict if p.round == 1 else "basically")

    def reply(self, p: Proposal, replying: list[Assignment], due: date, late: bool,
              round_: int) -> date:
        rng = self.rng
        day = due
        for a in replying:
            day = (due + timedelta(days=rng.randrange(3, 20)) if late
                   else due - timedelta(days=rng.randrange(3, 60)))
            writer = self.staff.get(a.unit_id, self.sec)
            db.session.add(Reply(
                proposal_id=p.id, assignment_id=a.id, unit_id=a.unit_id, round=round_,
                doc_number=f"阳函〔{day.year}〕{p.number}号",
                result_class=rng.choices("ABC", (56, 34, 10))[0], body=REPLY_TEXT,
                signatory=unit_signatory(a.unit_id), contact_person=writer.display_name,
                contact_phone="027-84000000", may_publish=True, file_id=self.pdf_id,
                is_late=late, created_by_id=writer.id, created_at=_at(day)))
            self.event(p, "reply", writer, day, "assigned" if round_ == 1 else "rehandling",
                       "replied", unit=writer.display_name)
        p.state, p.replied_on = "replied", day
        p.is_replied_late = p.is_replied_late or late
        return day

    def feedback_giver(self, p: Proposal) -> User:
        if p.proposer_type == "collective" or p.proposer_id is None:
            return self.sec
        return next(m for m in self.members if m.id == p.proposer_id)

    def feedback(self, p: Proposal, verdict: str, day: date, round_: int) -> None:
        db.session.add(Feedback(
            proposal_id=p.id, round=round_, user_id=self.feedback_giver(p).id,
            contact_made=self.rng.choice(("visited", "visited", "phone")),
            attitude="satisfied" if verdict != "dissatisfied" else "understanding",
            relevance="relevant" if verdict == "satisfied" else "partly", verdict=verdict,
            comment="", created_at=_at(day)))
