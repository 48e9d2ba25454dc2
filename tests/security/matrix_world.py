"""The objects the permission matrix asks about: one body (tests/proposals/conftest.py's
``World``), a proposal in every state, and consultation records in their states, with the
roles' relation to them fixed (the member "owner" proposes, authors, is invited; the
leader chairs and leads; the lead and co units are assigned)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from deliberate.auth.operations import issue_token
from deliberate.consultation.models import (
    ConsultationResult,
    Invitation,
    InviteeKind,
    Meeting,
    MeetingForm,
    MeetingState,
    ResultKind,
    Speech,
    SpeechKind,
    SpeechMode,
    SpeechState,
    Topic,
    TopicChannel,
    TopicState,
)
from deliberate.consultation.models_minutes import Minutes, MinutesRevision, MinutesState
from deliberate.consultation.models_plan import ConsultationPlan, PlanItem, PlanState
from deliberate.consultation.models_visits import (
    ParticipantRole,
    ResearchVisit,
    VisitKind,
    VisitParticipant,
    VisitState,
)
from deliberate.core.files import store_file
from deliberate.core.notify import Notification
from deliberate.core.types import utcnow
from deliberate.extensions import db
from deliberate.proposals.models import ProposalAttachment
from tests.proposals.conftest import PDF, World, to_state

# Every role the matrix asks about. "member" is the owner of the records it touches.
ROLES = ("anonymous", "member", "cosigner", "other_member", "lead_unit", "co_unit",
         "other_unit", "leader", "secretariat", "admin")

PROPOSAL_STATES = ("draft", "submitted", "withdrawn", "not_registered", "converted", "merged",
                   "registered", "assigned", "replied", "rehandling", "closed")
STATES = {
    "proposal": PROPOSAL_STATES,
    "topic": ("suggested", "accepted", "declined"),
    "meeting": ("draft", "scheduled", "held"),
    "speech": ("draft", "submitted", "adopted"),
    "minutes": ("draft", "under_review", "issued"),
    "plan": ("draft", "submitted", "published"),
    "visit": ("planned", "completed"),
    "result": ("open",),
    # Records an allowed action uses up: a member's API token, an account to deactivate.
    "token": ("active",),
    "victim": ("active",),
}


def users_by_role(w: World) -> dict[str, Any]:
    return {"member": w.member, "cosigner": w.cosigner, "other_member": w.other_member,
            "lead_unit": w.lead_staff, "co_unit": w.co_staff, "other_unit": w.third_staff,
            "leader": w.leader, "secretariat": w.secretariat, "admin": w.admin}


@dataclass
class MatrixWorld:
    w: World
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def rebuild(self, kind: str, state: str) -> Any:  # noqa: ANN401
        obj = BUILDERS[kind](self, state)
        db.session.commit()
        self.objects.setdefault(kind, {})[state] = obj
        return obj


def _proposal(m: MatrixWorld, state: str) -> Any:  # noqa: ANN401
    p = to_state(m.w, state)
    stored = store_file(PDF, "附件.pdf", "application/pdf", created_by_id=m.w.member.id)
    db.session.add(ProposalAttachment(proposal_id=p.id, file_id=stored.id,
                                      created_by_id=m.w.member.id))
    db.session.flush()
    db.session.refresh(p)
    return p


def _topic(m: MatrixWorld, state: str) -> Topic:
    topic = Topic(title="提升基层社会治理水平", channel=TopicChannel.members,
                  background="背景", state=TopicState(state), proposer=m.w.member,
                  created_by_id=m.w.secretariat.id,
                  decline_reason="不适合协商" if state == "declined" else "")
    db.session.add(topic)
    db.session.flush()
    return topic


def _meeting(m: MatrixWorld, state: str) -> Meeting:
    start = utcnow() + (timedelta(days=-1) if state == "held" else timedelta(days=30))
    meeting = Meeting(title="专题协商会", form=MeetingForm.topic_consultation,
                      starts_at=start, ends_at=start + timedelta(hours=3),
                      venue="政协三楼会议室", chair=m.w.leader, state=MeetingState(state),
                      checkin_code="123456", created_by_id=m.w.secretariat.id)
    meeting.invitations.append(Invitation(user=m.w.member, kind=InviteeKind.member))
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _speech(m: MatrixWorld, state: str) -> Speech:
    meeting = _meeting(m, "scheduled")
    speech = Speech(meeting=meeting, author=m.w.member, title="关于社区治理的发言",
                    body="正文", mode=SpeechMode.oral, kind=SpeechKind.theme, minutes=5,
                    state=SpeechState(state))
    db.session.add(speech)
    db.session.flush()
    return speech


def _minutes(m: MatrixWorld, state: str) -> Minutes:
    meeting = _meeting(m, "held")
    minutes = Minutes(meeting=meeting, title="纪要", body="第一版正文",
                      state=MinutesState(state), created_by_id=m.w.secretariat.id,
                      issued_at=utcnow() if state == "issued" else None)
    minutes.revisions.append(MinutesRevision(number=1, title="纪要", body="第一版正文",
                                             author_id=m.w.secretariat.id))
    db.session.add(minutes)
    db.session.flush()
    return minutes


def _plan(m: MatrixWorld, state: str) -> ConsultationPlan:
    from deliberate.consultation.models_plan import PlanVersion

    year = 2030 + len(m.extra.setdefault("plan_years", []))
    m.extra["plan_years"].append(year)
    plan = ConsultationPlan(year=year, title=f"{year}年度协商计划", state=PlanState(state),
                            created_by_id=m.w.secretariat.id)
    db.session.add(plan)
    plan.items.append(PlanItem(topic=_topic(m, "accepted"), quarter=1,
                               form=MeetingForm.biweekly))
    db.session.flush()
    if state == "published":
        plan.versions.append(PlanVersion(number=1, title=plan.title, items=[],
                                         published_by_id=m.w.secretariat.id))
        db.session.flush()
    return plan


def _visit(m: MatrixWorld, state: str) -> ResearchVisit:
    d = date(2026, 9, 14)
    visit = ResearchVisit(title="“协商在基层”选题调研", kind=VisitKind.research,
                          starts_on=d, ends_on=d + timedelta(days=1), leader=m.w.leader,
                          state=VisitState(state), created_by_id=m.w.secretariat.id)
    visit.participants.append(VisitParticipant(user=m.w.member, role=ParticipantRole.member))
    db.session.add(visit)
    db.session.flush()
    return visit


def _result(m: MatrixWorld, _state: str) -> ConsultationResult:
    result = ConsultationResult(topic=_topic(m, "accepted"), kind=ResultKind.recommendation,
                                title="关于提升基层治理水平的建议案",
                                recorded_by_id=m.w.secretariat.id)
    db.session.add(result)
    db.session.flush()
    return result


def _token(m: MatrixWorld, _state: str) -> Any:  # noqa: ANN401
    token, _plain = issue_token(m.w.member, "办公系统")
    return token


def _victim(m: MatrixWorld, _state: str) -> Any:  # noqa: ANN401
    from tests.factories import Factory

    return Factory(password="victim-pass-1").user("member")


BUILDERS = {"token": _token, "victim": _victim, "proposal": _proposal, "topic": _topic,
            "meeting": _meeting, "speech": _speech, "minutes": _minutes, "plan": _plan,
            "visit": _visit, "result": _result}


def build(w: World) -> MatrixWorld:
    m = MatrixWorld(w)
    for kind, states in STATES.items():
        for state in states:
            m.rebuild(kind, state)
    # Records that belong to one person: the member's notification, a roster upload by
    # the secretariat.
    note = Notification(user_id=w.member.id, subject="通知", url="/inbox")
    db.session.add(note)
    upload = store_file(b"PK", "名册.xlsx", "application/octet-stream",
                        created_by_id=w.secretariat.id)
    sector = w.member.profile.sector_id if w.member.profile else None
    db.session.commit()
    m.extra.update(notification=note.id, upload=upload.id, sector=sector or 0)
    return m
