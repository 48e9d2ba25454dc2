"""Research visits and inspections (调研 / 视察): a group (leader, members, staff, outside
experts) visits sites, meets people and writes findings and a report."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from deliberate.consultation.models import READERS, STAFF, Topic
from deliberate.core.permissions import Role
from deliberate.core.types import LabelledEnum, UTCDateTime, enum_column, utcnow
from deliberate.extensions import db

if TYPE_CHECKING:
    from deliberate.auth.models import User


class VisitKind(LabelledEnum):
    research = "research"
    inspection = "inspection"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {cls.research: _l("Research (调研)"), cls.inspection: _l("Inspection (视察)")}


class VisitState(LabelledEnum):
    planned = "planned"
    completed = "completed"
    cancelled = "cancelled"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        from deliberate.consultation.workflows import VISIT_STATE_LABELS

        return VISIT_STATE_LABELS


class ParticipantRole(LabelledEnum):
    member = "member"
    staff = "staff"
    expert = "expert"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {cls.member: _l("Member"), cls.staff: _l("Staff"), cls.expert: _l("Expert")}


class ParticipantStatus(LabelledEnum):
    requested = "requested"
    invited = "invited"
    confirmed = "confirmed"
    excused = "excused"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {cls.requested: _l("Asked to join"), cls.invited: _l("Invited"),
                cls.confirmed: _l("Confirmed"), cls.excused: _l("Excused from the visit")}


class ResearchVisit(db.Model):
    __tablename__ = "consultation_visits"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        Index("ix_consultation_visits_starts", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[VisitKind] = mapped_column(enum_column(VisitKind, "visit_kind"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_topics.id"),
                                                 index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    leader_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    findings: Mapped[str] = mapped_column(Text, default="")
    report: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[VisitState] = mapped_column(enum_column(VisitState, "visit_state"),
                                              default=VisitState.planned)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    topic: Mapped[Topic | None] = relationship()
    leader: Mapped[User] = relationship(foreign_keys=[leader_id])
    participants: Mapped[list[VisitParticipant]] = relationship(
        back_populates="visit", order_by="VisitParticipant.id", cascade="all, delete-orphan")
    sites: Mapped[list[VisitSite]] = relationship(
        back_populates="visit", order_by=lambda: [VisitSite.visited_on, VisitSite.id],
        cascade="all, delete-orphan")

    def participant_for(self, user: Any) -> VisitParticipant | None:  # noqa: ANN401
        return next((p for p in self.participants if p.user_id == user.id), None)

    def can_view(self, user: Any) -> bool:  # noqa: ANN401
        if user.role in READERS or self.leader_id == user.id:
            return True
        if self.participant_for(user) is not None:
            return True
        # Members see planned visits so they can ask to join.
        return user.role == Role.member and self.state == VisitState.planned

    def can_edit(self, user: Any) -> bool:  # noqa: ANN401
        return user.role in STAFF and self.state == VisitState.planned

    def can_write_report(self, user: Any) -> bool:  # noqa: ANN401
        return user.role in STAFF and self.state != VisitState.cancelled


class VisitParticipant(db.Model):
    __tablename__ = "consultation_visit_participants"
    __table_args__ = (
        UniqueConstraint("visit_id", "user_id"),
        CheckConstraint("user_id IS NOT NULL OR name <> ''", name="participant_named"),
        CheckConstraint("status <> 'excused' OR reason <> ''", name="excuse_has_reason"),
        Index("ix_consultation_visit_participants_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("consultation_visits.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    role: Mapped[ParticipantRole] = mapped_column(enum_column(ParticipantRole, "participant_role"))
    name: Mapped[str] = mapped_column(String(64), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[ParticipantStatus] = mapped_column(
        enum_column(ParticipantStatus, "participant_status"), default=ParticipantStatus.invited)
    reason: Mapped[str] = mapped_column(Text, default="")

    visit: Mapped[ResearchVisit] = relationship(back_populates="participants")
    user: Mapped[User | None] = relationship()

    @property
    def display_name(self) -> str:
        return self.user.display_name if self.user else self.name


class VisitSite(db.Model):
    __tablename__ = "consultation_visit_sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("consultation_visits.id"), index=True)
    visited_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(200), default="")
    met: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    visit: Mapped[ResearchVisit] = relationship(back_populates="sites")


