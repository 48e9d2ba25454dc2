"""Consultation (协商) from topic to result: topics, results, meetings with agendas and
invitations, members' speeches and officials' responses, personal calendar feeds."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from deliberate.core.permissions import Role
from deliberate.core.types import LabelledEnum, UTCDateTime, enum_column, utcnow
from deliberate.extensions import db

if TYPE_CHECKING:
    from deliberate.auth.models import User

# Who runs consultation work: plans, enters, reviews, records.
STAFF = (Role.secretariat,)
# Who may read every record (drafts excepted where said).
READERS = (Role.secretariat, Role.admin, Role.leader)


# -- topics ---------------------------------------------------------------------------

class TopicChannel(LabelledEnum):
    party_government = "party_government"
    members = "members"
    sectors = "sectors"
    proposals = "proposals"
    grassroots = "grassroots"
    research = "research"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.party_government: _l("Set by the party committee or government"),
            cls.members: _l("Members"),
            cls.sectors: _l("Sector groups"),
            cls.proposals: _l("Proposals"),
            cls.grassroots: _l("Grassroots opinion"),
            cls.research: _l("Research"),
        }


class TopicState(LabelledEnum):
    suggested = "suggested"
    under_study = "under_study"
    accepted = "accepted"
    declined = "declined"
    scheduled = "scheduled"
    closed = "closed"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        from deliberate.consultation.workflows import TOPIC_STATE_LABELS

        return TOPIC_STATE_LABELS


class Topic(db.Model):
    """议题: a candidate topic, then (accepted) an entry of the catalogue 议题目录."""

    __tablename__ = "consultation_topics"
    __table_args__ = (
        CheckConstraint("state <> 'declined' OR decline_reason <> ''",
                        name="declined_has_reason"),
        Index("ix_consultation_topics_state", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    channel: Mapped[TopicChannel] = mapped_column(enum_column(TopicChannel, "topic_channel"))
    background: Mapped[str] = mapped_column(Text, default="")
    feasibility_note: Mapped[str] = mapped_column(Text, default="")
    research_notes: Mapped[str] = mapped_column(Text, default="")
    # Who proposed it: a member's account, or a body outside the system (e.g. 区委办).
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    proposer_name: Mapped[str] = mapped_column(String(100), default="")
    state: Mapped[TopicState] = mapped_column(enum_column(TopicState, "topic_state"),
                                              default=TopicState.suggested)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    proposer: Mapped[User | None] = relationship(foreign_keys=[proposer_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    results: Mapped[list[ConsultationResult]] = relationship(
        back_populates="topic", order_by="ConsultationResult.id")
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="topic", order_by="Meeting.starts_at")

    @property
    def proposer_label(self) -> str:
        if self.proposer is None:
            return self.proposer_name
        if self.proposer_name:
            return f"{self.proposer.display_name}（{self.proposer_name}）"
        return self.proposer.display_name

    def can_view(self, user: Any) -> bool:  # noqa: ANN401
        if user.role in READERS:
            return True
        if self.proposer_id == user.id:
            return True
        return self.state in PUBLISHED_TOPIC_STATES

    def can_edit(self, user: Any) -> bool:  # noqa: ANN401
        if user.role in STAFF:
            return self.state not in (TopicState.closed, TopicState.declined)
        return (self.proposer_id == user.id and user.role == Role.member
                and self.state == TopicState.suggested)

    def can_record_result(self, user: Any) -> bool:  # noqa: ANN401
        return user.role in STAFF and self.state in (TopicState.accepted, TopicState.scheduled)


# What members see of topics other than their own: the catalogue onwards.
PUBLISHED_TOPIC_STATES = (TopicState.accepted, TopicState.scheduled, TopicState.closed)


class ResultKind(LabelledEnum):
    recommendation = "recommendation"
    special_report = "special_report"
    opinion = "opinion"
    minutes = "minutes"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.recommendation: _l("Recommendation (建议案)"),
            cls.special_report: _l("Consultation report (协商专报)"),
            cls.opinion: _l("Other written opinion"),
            cls.minutes: _l("Minutes"),
        }


class Adoption(LabelledEnum):
    pending = "pending"
    adopted = "adopted"
    partly = "partly"
    not_adopted = "not_adopted"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {cls.pending: _l("Awaiting feedback"), cls.adopted: _l("Adopted"),
                cls.partly: _l("Partly adopted"), cls.not_adopted: _l("Not adopted")}


class ConsultationResult(db.Model):
    """成果: what a consultation produced; a topic closes only with at least one."""

    __tablename__ = "consultation_results"
    __table_args__ = (
        # A result is closed only once its adoption is known.
        CheckConstraint("closed_at IS NULL OR adoption <> 'pending'",
                        name="closed_after_adoption"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("consultation_topics.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_meetings.id"),
                                                   index=True)
    kind: Mapped[ResultKind] = mapped_column(enum_column(ResultKind, "result_kind"))
    title: Mapped[str] = mapped_column(String(200))
    recipients: Mapped[str] = mapped_column(String(300), default="")
    sent_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Follow-up (采纳情况 and implementation) until the result is closed.
    adoption: Mapped[Adoption] = mapped_column(enum_column(Adoption, "adoption"),
                                               default=Adoption.pending)
    adoption_note: Mapped[str] = mapped_column(Text, default="")
    follow_up_due: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    topic: Mapped[Topic] = relationship(back_populates="results")
    meeting: Mapped[Meeting | None] = relationship()
    recorded_by: Mapped[User] = relationship()
    instructions: Mapped[list[LeaderInstruction]] = relationship(
        back_populates="result", order_by="LeaderInstruction.given_on",
        cascade="all, delete-orphan")
    follow_ups: Mapped[list[FollowUpEntry]] = relationship(
        back_populates="result", order_by="FollowUpEntry.id", cascade="all, delete-orphan")

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def can_view(self, user: Any) -> bool:  # noqa: ANN401
        return user.role in READERS or self.topic.can_view(user)

    def can_follow_up(self, user: Any) -> bool:  # noqa: ANN401
        return user.role in STAFF and not self.is_closed


# -- meetings -------------------------------------------------------------------------

class MeetingForm(LabelledEnum):
    topic_consultation = "topic_consultation"
    counterpart = "counterpart"
    sector = "sector"
    proposal_handling = "proposal_handling"
    biweekly = "biweekly"
    standing_committee = "standing_committee"
    grassroots = "grassroots"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.topic_consultation: _l("Topic consultation meeting (专题协商会)"),
            cls.counterpart: _l("Counterpart consultation meeting (对口协商会)"),
            cls.sector: _l("Sector consultation meeting (界别协商会)"),
            cls.proposal_handling: _l("Proposal handling consultation (提案办理协商会)"),
            cls.biweekly: _l("Biweekly consultation forum (双周协商座谈会)"),
            cls.standing_committee: _l("Standing committee deliberation (专题议政性常委会议)"),
            cls.grassroots: _l("Grassroots consultation (基层协商议事)"),
        }


class MeetingState(LabelledEnum):
    draft = "draft"
    scheduled = "scheduled"
    held = "held"
    cancelled = "cancelled"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        from deliberate.consultation.workflows import MEETING_STATE_LABELS

        return MEETING_STATE_LABELS


class Meeting(db.Model):
    """协商会."""

    __tablename__ = "consultation_meetings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_consultation_meetings_starts", "starts_at"),
        Index("ix_consultation_meetings_state", "state", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    form: Mapped[MeetingForm] = mapped_column(enum_column(MeetingForm, "meeting_form"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_topics.id"),
                                                 index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue: Mapped[str] = mapped_column(String(200))
    chair_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[MeetingState] = mapped_column(enum_column(MeetingState, "meeting_state"),
                                                default=MeetingState.draft)
    # Shown on the check-in page in the room; members type it to check in.
    checkin_code: Mapped[str] = mapped_column(String(12))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    topic: Mapped[Topic | None] = relationship(back_populates="meetings")
    chair: Mapped[User] = relationship(foreign_keys=[chair_id])
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position",
        cascade="all, delete-orphan")
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="meeting", order_by="Invitation.id", cascade="all, delete-orphan")

    def invitation_for(self, user: Any) -> Invitation | None:  # noqa: ANN401
        for inv in self.invitations:
            if inv.user_id == user.id:
                return inv
        return None

    def can_view(self, user: Any) -> bool:  # noqa: ANN401
        if user.role in STAFF or user.role == Role.admin:
            return True
        if self.state == MeetingState.draft:
            return False
        if user.role == Role.leader or self.chair_id == user.id:
            return True
        return self.invitation_for(user) is not None

    def can_edit(self, user: Any) -> bool:  # noqa: ANN401
        return user.role in STAFF and self.state in (MeetingState.draft, MeetingState.scheduled)

    def can_mark_attendance(self, user: Any) -> bool:  # noqa: ANN401
        return user.role in STAFF and self.state in (MeetingState.scheduled, MeetingState.held)


class AgendaItem(db.Model):
    __tablename__ = "consultation_agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("consultation_meetings.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    presenter: Mapped[str] = mapped_column(String(100), default="")
    minutes: Mapped[int | None]

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")


class InviteeKind(LabelledEnum):
    member = "member"
    official = "official"
    expert = "expert"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {cls.member: _l("Member"), cls.official: _l("Official"),
                cls.expert: _l("Expert")}


class Reply(LabelledEnum):
    pending = "pending"
    attending = "attending"
    leave = "leave"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {cls.pending: _l("No reply yet"), cls.attending: _l("Will attend"),
                cls.leave: _l("Asked for leave")}


class Attendance(LabelledEnum):
    present = "present"
    nonvoting = "nonvoting"
    on_leave = "on_leave"
    absent = "absent"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {cls.present: _l("Present (出席)"), cls.nonvoting: _l("In attendance (列席)"),
                cls.on_leave: _l("On leave (请假)"), cls.absent: _l("Absent (缺席)")}


class Invitation(db.Model):
    """An invitee of a meeting: an account (member, official) or an outside expert."""

    __tablename__ = "consultation_invitations"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id"),
        CheckConstraint("user_id IS NOT NULL OR name <> ''", name="invitee_named"),
        CheckConstraint("reply <> 'leave' OR leave_reason <> ''", name="leave_has_reason"),
        Index("ix_consultation_invitations_user", "user_id", "meeting_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("consultation_meetings.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[InviteeKind] = mapped_column(enum_column(InviteeKind, "invitee_kind"))
    name: Mapped[str] = mapped_column(String(64), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(100), default="")
    reply: Mapped[Reply] = mapped_column(enum_column(Reply, "invitation_reply"),
                                         default=Reply.pending)
    leave_reason: Mapped[str] = mapped_column(Text, default="")
    attendance: Mapped[Attendance | None] = mapped_column(enum_column(Attendance, "attendance"))
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="invitations")
    user: Mapped[User | None] = relationship()

    @property
    def display_name(self) -> str:
        return self.user.display_name if self.user else self.name


class CalendarToken(db.Model):
    """The secret in a user's personal iCal feed URL; only its hash is kept."""

    __tablename__ = "consultation_calendar_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


# -- speeches -------------------------------------------------------------------------

class SpeechMode(LabelledEnum):
    oral = "oral"
    written = "written"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {cls.oral: _l("Oral (口头)"), cls.written: _l("Written (书面)")}


class SpeechKind(LabelledEnum):
    theme = "theme"
    plenary = "plenary"
    interactive = "interactive"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {cls.theme: _l("Keynote speech (主题发言)"),
                cls.plenary: _l("Plenary speech (大会发言)"),
                cls.interactive: _l("Interactive exchange (互动交流)")}


class SpeechState(LabelledEnum):
    draft = "draft"
    submitted = "submitted"
    adopted = "adopted"
    returned = "returned"
    redirected = "redirected"
    withdrawn = "withdrawn"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        from deliberate.consultation.workflows import SPEECH_STATE_LABELS

        return SPEECH_STATE_LABELS


class Speech(db.Model):
    """发言: a member's (or a party's or group's) speech submitted for a meeting."""

    __tablename__ = "consultation_speeches"
    __table_args__ = (
        CheckConstraint("mode <> 'oral' OR minutes IS NOT NULL", name="oral_has_minutes"),
        CheckConstraint("minutes IS NULL OR minutes > 0", name="minutes_positive"),
        CheckConstraint("state NOT IN ('returned', 'redirected') OR review_opinion <> ''",
                        name="review_has_opinion"),
        Index("ix_consultation_speeches_meeting", "meeting_id", "state", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("consultation_meetings.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    mode: Mapped[SpeechMode] = mapped_column(enum_column(SpeechMode, "speech_mode"))
    kind: Mapped[SpeechKind] = mapped_column(enum_column(SpeechKind, "speech_kind"))
    minutes: Mapped[int | None]
    # For a party, people's organisation or sector group: its name and who reads it out.
    on_behalf_of: Mapped[str] = mapped_column(String(100), default="")
    reader: Mapped[str] = mapped_column(String(64), default="")
    state: Mapped[SpeechState] = mapped_column(enum_column(SpeechState, "speech_state"),
                                               default=SpeechState.draft)
    review_opinion: Mapped[str] = mapped_column(Text, default="")
    # Speaking order among the adopted oral speeches.
    position: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship()
    author: Mapped[User] = relationship()
    responses: Mapped[list[SpeechResponse]] = relationship(
        back_populates="speech", order_by="SpeechResponse.id", cascade="all, delete-orphan")

    @property
    def speaker_label(self) -> str:
        if self.on_behalf_of:
            return f"{self.on_behalf_of}（{self.reader or self.author.display_name}）"
        return self.author.display_name

    def can_view(self, user: Any) -> bool:  # noqa: ANN401
        if self.author_id == user.id:
            return True
        if self.state == SpeechState.draft:
            return False
        return user.role in READERS

    def can_edit(self, user: Any) -> bool:  # noqa: ANN401
        return (self.author_id == user.id
                and self.state in (SpeechState.draft, SpeechState.returned))

    def can_respond(self, user: Any) -> bool:  # noqa: ANN401
        return user.role in STAFF and self.state == SpeechState.adopted


class SpeechResponse(db.Model):
    """答复/回应: what an official answered to a speech, recorded by the secretariat."""

    __tablename__ = "consultation_speech_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    speech_id: Mapped[int] = mapped_column(ForeignKey("consultation_speeches.id"), index=True)
    responder: Mapped[str] = mapped_column(String(64))
    responder_title: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    speech: Mapped[Speech] = relationship(back_populates="responses")


# The plan and the minutes live in their own modules; importing them here puts their tables
# in the metadata with the rest of the domain.
from deliberate.consultation.models_minutes import (  # noqa: E402,F401
    Minutes,
    MinutesComment,
    MinutesRevision,
    MinutesState,
)
from deliberate.consultation.models_plan import (  # noqa: E402,F401
    ConsultationPlan,
    PlanItem,
    PlanState,
    PlanVersion,
)
from deliberate.consultation.models_results import (  # noqa: E402,F401
    FollowUpEntry,
    LeaderInstruction,
)
from deliberate.consultation.models_visits import (  # noqa: E402,F401
    ResearchVisit,
    VisitParticipant,
    VisitSite,
)
