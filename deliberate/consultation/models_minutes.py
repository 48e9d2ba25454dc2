"""Minutes (纪要) of a meeting: drafted from the meeting, reviewed by the attendees,
approved, issued and locked. Every save is a numbered revision; a correction after issue is
a new revision with its reason, re-issued."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from deliberate.consultation.models import STAFF, Meeting
from deliberate.core.permissions import Role
from deliberate.core.types import LabelledEnum, UTCDateTime, enum_column, utcnow
from deliberate.extensions import db

if TYPE_CHECKING:
    from deliberate.auth.models import User


class MinutesState(LabelledEnum):
    draft = "draft"
    under_review = "under_review"
    approved = "approved"
    issued = "issued"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        from deliberate.consultation.workflows import MINUTES_STATE_LABELS

        return MINUTES_STATE_LABELS


class Minutes(db.Model):
    __tablename__ = "consultation_minutes"
    __table_args__ = (
        CheckConstraint("state <> 'issued' OR issued_at IS NOT NULL", name="issued_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("consultation_meetings.id"),
                                            unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[MinutesState] = mapped_column(enum_column(MinutesState, "minutes_state"),
                                                default=MinutesState.draft)
    revision_number: Mapped[int] = mapped_column(default=1)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 期号: the minutes' number in their series (meeting form and year), given at first
    # issue and kept through corrections.
    issue_number: Mapped[int | None]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship()
    revisions: Mapped[list[MinutesRevision]] = relationship(
        back_populates="minutes", order_by="MinutesRevision.number",
        cascade="all, delete-orphan")
    comments: Mapped[list[MinutesComment]] = relationship(
        back_populates="minutes", order_by="MinutesComment.id", cascade="all, delete-orphan")

    def _is_attendee(self, user: Any) -> bool:  # noqa: ANN401
        return (self.meeting.chair_id == user.id
                or self.meeting.invitation_for(user) is not None)

    def can_view(self, user: Any) -> bool:  # noqa: ANN401
        if user.role in STAFF or user.role == Role.admin:
            return True
        if self.state == MinutesState.issued:
            return True
        if self.state == MinutesState.draft:
            return False
        return user.role == Role.leader or self._is_attendee(user)

    def can_edit(self, user: Any) -> bool:  # noqa: ANN401
        return user.role in STAFF and self.state in (MinutesState.draft,
                                                    MinutesState.under_review)

    def can_comment(self, user: Any) -> bool:  # noqa: ANN401
        return self.state == MinutesState.under_review and (
            user.role in STAFF or self._is_attendee(user))


class MinutesRevision(db.Model):
    __tablename__ = "consultation_minutes_revisions"
    __table_args__ = (UniqueConstraint("minutes_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("consultation_minutes.id"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # Why: empty for ordinary saves, required for a correction after issue.
    reason: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    minutes: Mapped[Minutes] = relationship(back_populates="revisions")
    author: Mapped[User] = relationship()


class MinutesComment(db.Model):
    __tablename__ = "consultation_minutes_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("consultation_minutes.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    revision_number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    minutes: Mapped[Minutes] = relationship(back_populates="comments")
    author: Mapped[User] = relationship()
