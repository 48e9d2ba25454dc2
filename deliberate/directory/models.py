"""The body's directory: terms and sessions, sectors, special committees, members' profiles,
handling units. People who appear in records are deactivated, never deleted."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from deliberate.core.types import UTCDateTime, utcnow
from deliberate.extensions import db

if TYPE_CHECKING:
    from deliberate.auth.models import User


class Term(db.Model):
    """届: a five-year term of the body."""

    __tablename__ = "terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(32))
    start_year: Mapped[int]
    end_year: Mapped[int]
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    sessions: Mapped[list[PlenarySession]] = relationship(
        back_populates="term", order_by="PlenarySession.number"
    )


class PlenarySession(db.Model):
    """次会议: the yearly plenary session; proposals are numbered per session."""

    __tablename__ = "plenary_sessions"
    __table_args__ = (
        UniqueConstraint("term_id", "number"),
        # At most one current session, enforced by the database on both backends.
        Index(
            "uq_plenary_sessions_current", "is_current", unique=True,
            sqlite_where=text("is_current = 1"), postgresql_where=text("is_current"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"), index=True)
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(64))
    year: Mapped[int]
    opens_on: Mapped[date | None] = mapped_column(Date)
    filing_deadline: Mapped[date | None] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    term: Mapped[Term] = relationship(back_populates="sessions")


class Sector(db.Model):
    """界别."""

    __tablename__ = "sectors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class Committee(db.Model):
    """专门委员会."""

    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class Unit(db.Model):
    """承办单位: a department that handles proposals; several staff accounts each."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    short_name: Mapped[str] = mapped_column(String(64), default="")
    contact_person: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    staff: Mapped[list[User]] = relationship("User", back_populates="unit")


class MemberProfile(db.Model):
    """A member's (委员) profile beside the account: sector, committee, employer."""

    __tablename__ = "member_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    sector_id: Mapped[int] = mapped_column(ForeignKey("sectors.id"), index=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"), index=True)
    gender: Mapped[str] = mapped_column(String(4), default="")
    work_unit: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship("User", back_populates="profile")
    sector: Mapped[Sector] = relationship()
    committee: Mapped[Committee | None] = relationship()
