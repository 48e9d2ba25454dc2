"""What happens to a result after it is sent: leaders' instructions (批示), adoption (采纳情况)
and follow-up entries until the result is closed."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from deliberate.core.types import UTCDateTime, utcnow
from deliberate.extensions import db

if TYPE_CHECKING:
    from deliberate.auth.models import User
    from deliberate.consultation.models import ConsultationResult


class LeaderInstruction(db.Model):
    __tablename__ = "consultation_instructions"

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("consultation_results.id"), index=True)
    leader: Mapped[str] = mapped_column(String(100))
    given_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    result: Mapped[ConsultationResult] = relationship(back_populates="instructions")
    recorded_by: Mapped[User] = relationship()


class FollowUpEntry(db.Model):
    __tablename__ = "consultation_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("consultation_results.id"), index=True)
    entry_on: Mapped[date] = mapped_column(Date)
    progress: Mapped[str] = mapped_column(Text)
    closes: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    result: Mapped[ConsultationResult] = relationship(back_populates="follow_ups")
    recorded_by: Mapped[User] = relationship()
