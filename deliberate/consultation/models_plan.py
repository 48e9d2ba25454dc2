"""The annual consultation plan (年度协商计划): topics of the catalogue by quarter, form and
lead committee. A published plan changes only through a recorded revision: revising sends
it back to draft with a reason, through approval again, and each publication keeps a
numbered version (the one everybody reads meanwhile)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from deliberate.consultation.models import (
    STAFF,
    MeetingForm,
    Topic,
)
from deliberate.core.permissions import Role
from deliberate.core.types import LabelledEnum, UTCDateTime, enum_column, utcnow
from deliberate.extensions import db

if TYPE_CHECKING:
    from deliberate.auth.models import User
    from deliberate.directory.models import Committee


class PlanState(LabelledEnum):
    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    published = "published"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        from deliberate.consultation.workflows import PLAN_STATE_LABELS

        return PLAN_STATE_LABELS


class ConsultationPlan(db.Model):
    __tablename__ = "consultation_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[PlanState] = mapped_column(enum_column(PlanState, "plan_state"),
                                             default=PlanState.draft)
    # Why the published plan is being revised (kept until the revision is published).
    revision_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", order_by=lambda: [PlanItem.quarter, PlanItem.id],
        cascade="all, delete-orphan")
    versions: Mapped[list[PlanVersion]] = relationship(
        back_populates="plan", order_by="PlanVersion.number", cascade="all, delete-orphan")

    @property
    def latest_version(self) -> PlanVersion | None:
        return self.versions[-1] if self.versions else None

    def can_view_working_copy(self, user: Any) -> bool:  # noqa: ANN401
        """The plan as being drafted: the secretariat, and leaders once it is submitted."""
        if user.role in STAFF or user.role == Role.admin:
            return True
        return user.role == Role.leader and self.state != PlanState.draft

    def can_view(self, user: Any) -> bool:  # noqa: ANN401
        return self.can_view_working_copy(user) or bool(self.versions)

    def can_edit_items(self, user: Any) -> bool:  # noqa: ANN401
        return user.role in STAFF and self.state == PlanState.draft


class PlanItem(db.Model):
    __tablename__ = "consultation_plan_items"
    __table_args__ = (
        UniqueConstraint("plan_id", "topic_id"),
        CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter_in_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("consultation_plans.id"), index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("consultation_topics.id"), index=True)
    quarter: Mapped[int]
    form: Mapped[MeetingForm] = mapped_column(enum_column(MeetingForm, "meeting_form"))
    lead_committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"))
    notes: Mapped[str] = mapped_column(String(300), default="")

    plan: Mapped[ConsultationPlan] = relationship(back_populates="items")
    topic: Mapped[Topic] = relationship()
    lead_committee: Mapped[Committee | None] = relationship()

    def snapshot(self) -> dict[str, Any]:
        return {"topic_id": self.topic_id, "topic": self.topic.title, "quarter": self.quarter,
                "form": self.form.value,
                "committee": self.lead_committee.name if self.lead_committee else "",
                "notes": self.notes}


class PlanVersion(db.Model):
    """A published version of the plan, frozen: what was published, when, and why."""

    __tablename__ = "consultation_plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("consultation_plans.id"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    published_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[ConsultationPlan] = relationship(back_populates="versions")
    published_by: Mapped[User] = relationship()

    def items_by_quarter(self) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = {q: [] for q in range(1, 5)}
        for item in self.items:
            out[item["quarter"]].append(item)
        return out
