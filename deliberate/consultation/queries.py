"""Reads of consultation work used by views, dashboard panels and calendars."""

from __future__ import annotations

import difflib
import importlib.util
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from deliberate.consultation.models import (
    PUBLISHED_TOPIC_STATES,
    READERS,
    STAFF,
    Adoption,
    Attendance,
    ConsultationResult,
    Invitation,
    Meeting,
    MeetingState,
    Speech,
    SpeechMode,
    SpeechState,
    Topic,
)
from deliberate.consultation.models_minutes import (
    Minutes,
    MinutesComment,
    MinutesRevision,
    MinutesState,
)
from deliberate.consultation.models_plan import (
    ConsultationPlan,
    PlanItem,
    PlanState,
    PlanVersion,
)
from deliberate.consultation.models_results import FollowUpEntry
from deliberate.consultation.models_visits import ResearchVisit, VisitParticipant, VisitState
from deliberate.core.dates import LOCAL_TZ, add_working_days, today
from deliberate.core.events import Event
from deliberate.core.names import sort_by_strokes
from deliberate.core.permissions import Role
from deliberate.core.types import utcnow
from deliberate.extensions import db

DEFAULT_NOTICE_WORKING_DAYS = 15
DEFAULT_MATERIALS_WORKING_DAYS = 10


# -- topics ---------------------------------------------------------------------------

def topics_stmt(user: Any, state: str = "", channel: str = "") -> Select:  # noqa: ANN401
    stmt = select(Topic).options(selectinload(Topic.proposer)).order_by(Topic.id.desc())
    if user.role not in READERS:
        stmt = stmt.where(or_(Topic.state.in_(PUBLISHED_TOPIC_STATES),
                              Topic.proposer_id == user.id))
    if state:
        stmt = stmt.where(Topic.state == state)
    if channel:
        stmt = stmt.where(Topic.channel == channel)
    return stmt


def member_proposals(user: Any) -> list[Any]:  # noqa: ANN401
    """The member's own registered (numbered) proposals, which may become topic
    suggestions; empty when the proposals domain is not installed."""
    if importlib.util.find_spec("deliberate.proposals") is None:
        return []
    from deliberate.proposals.models import NUMBERED_STATES, Proposal

    return list(db.session.scalars(
        select(Proposal).where(Proposal.proposer_id == user.id,
                               Proposal.state.in_(NUMBERED_STATES))
        .order_by(Proposal.id.desc()).limit(50)))


def load_topic(topic_id: int) -> Topic | None:
    return db.session.scalar(
        select(Topic).where(Topic.id == topic_id).options(
            selectinload(Topic.proposer),
            selectinload(Topic.results),
            selectinload(Topic.meetings).selectinload(Meeting.chair),
            selectinload(Topic.meetings).selectinload(Meeting.invitations)))


def topic_chain(topic: Topic, user: Any) -> dict[str, Any]:  # noqa: ANN401
    """The topic's whole chain as the user may see it: meetings, their adopted speeches,
    results, and the topic's timeline."""
    meetings = [m for m in topic.meetings if m.can_view(user)]
    speeches: dict[int, list[Speech]] = {m.id: [] for m in meetings}
    if meetings:
        rows = db.session.scalars(
            select(Speech).where(Speech.meeting_id.in_(list(speeches)),
                                 Speech.state == SpeechState.adopted)
            .options(selectinload(Speech.author), selectinload(Speech.responses))
            .order_by(Speech.position.is_(None), Speech.position, Speech.id))
        for s in rows:
            speeches[s.meeting_id].append(s)
    events = list(db.session.scalars(
        select(Event).where(Event.object_type == "topic", Event.object_id == topic.id)
        .order_by(Event.id)))
    return {"visits": topic_visits(topic, user), "meetings": meetings,
            "speeches": speeches, "results": topic.results, "events": events}


# -- meetings -------------------------------------------------------------------------

def meetings_stmt(user: Any, when: str = "", state: str = "") -> Select:  # noqa: ANN401
    stmt = select(Meeting).options(selectinload(Meeting.chair), selectinload(Meeting.topic))
    if user.role not in STAFF and user.role != Role.admin:
        stmt = stmt.where(Meeting.state != MeetingState.draft)
        if user.role != Role.leader:
            invited = select(Invitation.meeting_id).where(Invitation.user_id == user.id)
            stmt = stmt.where(or_(Meeting.id.in_(invited), Meeting.chair_id == user.id))
    now = utcnow()
    if when == "upcoming":
        stmt = stmt.where(Meeting.ends_at >= now).order_by(Meeting.starts_at)
    elif when == "past":
        stmt = stmt.where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc())
    else:
        stmt = stmt.order_by(Meeting.starts_at.desc())
    if state:
        stmt = stmt.where(Meeting.state == state)
    return stmt.order_by(Meeting.id)


def load_meeting(meeting_id: int) -> Meeting | None:
    return db.session.scalar(
        select(Meeting).where(Meeting.id == meeting_id).options(
            selectinload(Meeting.chair), selectinload(Meeting.topic),
            selectinload(Meeting.agenda_items),
            selectinload(Meeting.invitations).selectinload(Invitation.user)))


@dataclass(frozen=True)
class Deadlines:
    meeting_day: date
    notice_by: date
    materials_by: date


def deadlines(meeting: Meeting) -> Deadlines:
    """通知 and 材料 deadlines: by default 15 and 10 working days before the meeting day."""
    day = meeting.starts_at.astimezone(LOCAL_TZ).date()
    cfg = current_app.config
    notice = int(cfg.get("CONSULTATION_NOTICE_WORKING_DAYS", DEFAULT_NOTICE_WORKING_DAYS))
    materials = int(cfg.get("CONSULTATION_MATERIALS_WORKING_DAYS",
                            DEFAULT_MATERIALS_WORKING_DAYS))
    return Deadlines(day, add_working_days(day, -notice), add_working_days(day, -materials))


@dataclass(frozen=True)
class Conflict:
    kind: str  # "venue", "chair" or "person"
    who: str
    other: Meeting


def booking_conflicts(meeting: Meeting) -> list[Conflict]:
    """Other live meetings overlapping ``meeting`` that share its venue, its chair, or a
    person (chair or invitee) with it: warnings, never refusals."""
    others = list(db.session.scalars(
        select(Meeting).where(
            Meeting.id != meeting.id,
            Meeting.state != MeetingState.cancelled,
            Meeting.starts_at < meeting.ends_at,
            Meeting.ends_at > meeting.starts_at)
        .options(selectinload(Meeting.chair),
                 selectinload(Meeting.invitations).selectinload(Invitation.user))
        .order_by(Meeting.starts_at)))
    if not others:
        return []
    mine = _people(meeting)
    out: list[Conflict] = []
    venue = meeting.venue.strip().casefold()
    for other in others:
        if venue and other.venue.strip().casefold() == venue:
            out.append(Conflict("venue", meeting.venue, other))
        theirs = _people(other)
        if meeting.chair_id in theirs:
            out.append(Conflict("chair", meeting.chair.display_name, other))
        for user_id in sorted(set(mine) & set(theirs) - {meeting.chair_id}):
            out.append(Conflict("person", mine[user_id], other))
    return out


def _people(meeting: Meeting) -> dict[int, str]:
    people = {inv.user_id: inv.user.display_name for inv in meeting.invitations
              if inv.user is not None}
    people[meeting.chair_id] = meeting.chair.display_name
    return people


def my_upcoming_invitations(user: Any, limit: int = 5) -> list[Invitation]:  # noqa: ANN401
    stmt = (select(Invitation).join(Invitation.meeting)
            .where(Invitation.user_id == user.id, Meeting.state == MeetingState.scheduled,
                   Meeting.ends_at >= utcnow())
            .options(selectinload(Invitation.meeting))
            .order_by(Meeting.starts_at).limit(limit))
    return list(db.session.scalars(stmt))


def calendar_meetings(user: Any) -> list[Meeting]:  # noqa: ANN401
    """Every non-draft meeting the user is invited to or chairs (for the iCal feed)."""
    invited = select(Invitation.meeting_id).where(Invitation.user_id == user.id)
    stmt = (select(Meeting)
            .where(Meeting.state != MeetingState.draft,
                   or_(Meeting.id.in_(invited), Meeting.chair_id == user.id))
            .options(selectinload(Meeting.chair))
            .order_by(Meeting.starts_at))
    return list(db.session.scalars(stmt))


# -- speeches -------------------------------------------------------------------------

def adopted_oral_speeches(meeting: Meeting) -> list[Speech]:
    return list(db.session.scalars(
        select(Speech).where(Speech.meeting_id == meeting.id,
                             Speech.state == SpeechState.adopted,
                             Speech.mode == SpeechMode.oral)
        .options(selectinload(Speech.author))
        .order_by(Speech.position, Speech.id)))


def meeting_speeches(meeting: Meeting, user: Any) -> list[Speech]:  # noqa: ANN401
    """Speeches of a meeting the user may see: all but drafts for readers, own otherwise."""
    stmt = (select(Speech).where(Speech.meeting_id == meeting.id)
            .options(selectinload(Speech.author), selectinload(Speech.responses))
            .order_by(Speech.position.is_(None), Speech.position, Speech.id))
    if user.role in READERS:
        stmt = stmt.where(or_(Speech.state != SpeechState.draft, Speech.author_id == user.id))
    else:
        stmt = stmt.where(Speech.author_id == user.id)
    return list(db.session.scalars(stmt))


def speeches_stmt(user: Any, state: str = "") -> Select:  # noqa: ANN401
    stmt = (select(Speech).options(selectinload(Speech.author), selectinload(Speech.meeting))
            .order_by(Speech.id.desc()))
    if user.role in READERS:
        stmt = stmt.where(or_(Speech.state != SpeechState.draft, Speech.author_id == user.id))
    else:
        stmt = stmt.where(Speech.author_id == user.id)
    if state:
        stmt = stmt.where(Speech.state == state)
    return stmt


def load_speech(speech_id: int) -> Speech | None:
    return db.session.scalar(
        select(Speech).where(Speech.id == speech_id).options(
            selectinload(Speech.author), selectinload(Speech.responses),
            selectinload(Speech.meeting).selectinload(Meeting.invitations)))


# -- minutes --------------------------------------------------------------------------

DEFAULT_MINUTES_WORKING_DAYS = 7


def _unit_of(inv: Invitation) -> str:
    if inv.user is None:
        return " ".join(p for p in (inv.organisation, inv.title) if p)
    profile = getattr(inv.user, "profile", None)
    if profile is not None and profile.work_unit:
        return profile.work_unit
    return inv.user.title or ""


def attendance_lists(meeting: Meeting) -> dict[Attendance, list[tuple[str, str]]]:
    """(name, unit) per attendance mark, names in the official order (按姓氏笔画为序)."""
    out: dict[Attendance, list[tuple[str, str]]] = {a: [] for a in Attendance}
    for inv in meeting.invitations:
        if inv.attendance is not None:
            out[inv.attendance].append((inv.display_name, _unit_of(inv)))
    return {a: sort_by_strokes(people, lambda p: p[0]) for a, people in out.items()}


def minutes_speeches(meeting: Meeting) -> list[Speech]:
    """Adopted speeches as the minutes list them: oral ones in speaking order, then
    written ones."""
    return list(db.session.scalars(
        select(Speech).where(Speech.meeting_id == meeting.id,
                             Speech.state == SpeechState.adopted)
        .options(selectinload(Speech.author), selectinload(Speech.responses))
        .order_by(Speech.mode, Speech.position, Speech.id)))


def minutes_due(meeting: Meeting) -> date:
    """By default minutes are issued within 7 working days of the meeting."""
    days = int(current_app.config.get("CONSULTATION_MINUTES_WORKING_DAYS",
                                      DEFAULT_MINUTES_WORKING_DAYS))
    return add_working_days(meeting.starts_at.astimezone(LOCAL_TZ).date(), days)


def load_minutes(minutes_id: int) -> Minutes | None:
    return db.session.scalar(
        select(Minutes).where(Minutes.id == minutes_id).options(
            selectinload(Minutes.meeting).selectinload(Meeting.invitations)
            .selectinload(Invitation.user),
            selectinload(Minutes.meeting).selectinload(Meeting.chair),
            selectinload(Minutes.comments).selectinload(MinutesComment.author),
            selectinload(Minutes.revisions).selectinload(MinutesRevision.author)))


def minutes_context(minutes: Minutes) -> dict[str, Any]:
    """Everything a print template of the minutes needs (the documents package's PDF uses
    it too): the mark, title, meeting facts, body, attendance lists in official order."""
    meeting = minutes.meeting
    lists = attendance_lists(meeting)
    return {
        "minutes_id": minutes.id,
        "mark": _("Minutes"),
        "title": minutes.title,
        "meeting": meeting,
        "starts_at": meeting.starts_at.astimezone(LOCAL_TZ),
        "venue": meeting.venue,
        "chair": meeting.chair.display_name,
        "body": minutes.body,
        "present": lists[Attendance.present],
        "nonvoting": lists[Attendance.nonvoting],
        "on_leave": lists[Attendance.on_leave],
        "revision": minutes.revision_number,
        "issued_at": minutes.issued_at.astimezone(LOCAL_TZ) if minutes.issued_at else None,
        "state": minutes.state,
    }


def revision_diff(minutes: Minutes, a: int, b: int) -> str | None:
    """An HTML side-by-side table of the changes from revision ``a`` to ``b`` (difflib
    escapes the text itself), or None when either does not exist."""
    by_number = {r.number: r for r in minutes.revisions}
    if a not in by_number or b not in by_number:
        return None
    old, new = by_number[a], by_number[b]
    return difflib.HtmlDiff(wrapcolumn=50).make_table(
        [old.title, "", *old.body.splitlines()], [new.title, "", *new.body.splitlines()],
        fromdesc=_("Revision %(n)d", n=a), todesc=_("Revision %(n)d", n=b), context=True,
        numlines=2)


def minutes_board() -> list[tuple[Meeting, Minutes | None, date]]:
    """Held meetings whose minutes are not issued yet, with the issue deadline."""
    meetings = list(db.session.scalars(
        select(Meeting).where(Meeting.state == MeetingState.held)
        .options(selectinload(Meeting.chair)).order_by(Meeting.starts_at)))
    if not meetings:
        return []
    minutes = {m.meeting_id: m for m in db.session.scalars(
        select(Minutes).where(Minutes.meeting_id.in_([m.id for m in meetings])))}
    return [(m, minutes.get(m.id), minutes_due(m)) for m in meetings
            if m.id not in minutes or minutes[m.id].state != MinutesState.issued]


def plans_stmt(user: Any) -> Select:  # noqa: ANN401
    stmt = select(ConsultationPlan).options(selectinload(ConsultationPlan.versions)) \
        .order_by(ConsultationPlan.year.desc())
    if user.role in STAFF or user.role == Role.admin:
        return stmt
    published = select(PlanVersion.plan_id)
    if user.role == Role.leader:
        return stmt.where(or_(ConsultationPlan.state != PlanState.draft,
                              ConsultationPlan.id.in_(published)))
    return stmt.where(ConsultationPlan.id.in_(published))


def load_plan(plan_id: int) -> ConsultationPlan | None:
    return db.session.scalar(
        select(ConsultationPlan).where(ConsultationPlan.id == plan_id).options(
            selectinload(ConsultationPlan.items).selectinload(PlanItem.topic),
            selectinload(ConsultationPlan.items).selectinload(PlanItem.lead_committee),
            selectinload(ConsultationPlan.versions)))


# -- results --------------------------------------------------------------------------

def load_result(result_id: int) -> ConsultationResult | None:
    return db.session.scalar(
        select(ConsultationResult).where(ConsultationResult.id == result_id).options(
            selectinload(ConsultationResult.topic), selectinload(ConsultationResult.meeting),
            selectinload(ConsultationResult.instructions),
            selectinload(ConsultationResult.follow_ups).selectinload(FollowUpEntry.recorded_by)))


@dataclass(frozen=True)
class YearAdoption:
    year: int
    results: int
    decided: int
    adopted: int  # adopted or partly adopted

    @property
    def rate(self) -> float | None:
        return self.adopted / self.decided if self.decided else None


def results_board(on: date | None = None) -> dict[str, Any]:
    """Open results, follow-ups overdue, and the adoption rate per year (adopted or partly
    adopted, over results whose adoption is known; the year is the year sent, else the
    year recorded)."""
    on = on or today()
    open_results = list(db.session.scalars(
        select(ConsultationResult).where(ConsultationResult.closed_at.is_(None))
        .options(selectinload(ConsultationResult.topic),
                 selectinload(ConsultationResult.follow_ups))
        .order_by(ConsultationResult.follow_up_due.is_(None),
                  ConsultationResult.follow_up_due, ConsultationResult.id)))
    overdue = [r for r in open_results if r.follow_up_due and r.follow_up_due < on]
    rows = db.session.execute(select(ConsultationResult.sent_on, ConsultationResult.created_at,
                                     ConsultationResult.adoption)).all()
    years: dict[int, list[int]] = {}
    for sent_on, created_at, adoption in rows:
        year = sent_on.year if sent_on else created_at.astimezone(LOCAL_TZ).year
        counts = years.setdefault(year, [0, 0, 0])
        counts[0] += 1
        if adoption != Adoption.pending:
            counts[1] += 1
        if adoption in (Adoption.adopted, Adoption.partly):
            counts[2] += 1
    rates = [YearAdoption(y, *c) for y, c in sorted(years.items(), reverse=True)]
    return {"open": open_results, "overdue": overdue, "rates": rates, "today": on}


# -- research visits ------------------------------------------------------------------

def visits_stmt(user: Any) -> Select:  # noqa: ANN401
    stmt = (select(ResearchVisit)
            .options(selectinload(ResearchVisit.leader), selectinload(ResearchVisit.topic))
            .order_by(ResearchVisit.starts_on.desc(), ResearchVisit.id.desc()))
    if user.role in READERS:
        return stmt
    mine = select(VisitParticipant.visit_id).where(VisitParticipant.user_id == user.id)
    cond = or_(ResearchVisit.id.in_(mine), ResearchVisit.leader_id == user.id)
    if user.role == Role.member:
        cond = or_(cond, ResearchVisit.state == VisitState.planned)
    return stmt.where(cond)


def load_visit(visit_id: int) -> ResearchVisit | None:
    return db.session.scalar(
        select(ResearchVisit).where(ResearchVisit.id == visit_id).options(
            selectinload(ResearchVisit.leader), selectinload(ResearchVisit.topic),
            selectinload(ResearchVisit.participants).selectinload(VisitParticipant.user),
            selectinload(ResearchVisit.sites)))


def topic_visits(topic: Topic, user: Any) -> list[ResearchVisit]:  # noqa: ANN401
    rows = db.session.scalars(
        select(ResearchVisit).where(ResearchVisit.topic_id == topic.id)
        .options(selectinload(ResearchVisit.participants), selectinload(ResearchVisit.leader))
        .order_by(ResearchVisit.starts_on))
    return [v for v in rows if v.can_view(user)]
