"""Directory reads used by the views: filtered, eager-loaded statements for the lists."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload
from wtforms.fields.choices import SelectChoice

from deliberate.auth.models import User
from deliberate.core.permissions import Role
from deliberate.directory.models import (
    Committee,
    MemberProfile,
    PlenarySession,
    Sector,
    Term,
    Unit,
)
from deliberate.extensions import db

STATUSES = ("active", "inactive", "all")


def status_arg(value: str | None) -> str:
    """Lists show active records unless asked otherwise."""
    return value if value in STATUSES else "active"


def _with_status(stmt: Select, column: object, status: str) -> Select:
    if status == "active":
        return stmt.where(column.is_(True))
    if status == "inactive":
        return stmt.where(column.is_(False))
    return stmt


def _search_people(stmt: Select, q: str) -> Select:
    """Name, full pinyin, pinyin initials ("zyw" finds 张雅文) or username."""
    q = (q or "").strip().lower()
    if not q:
        return stmt
    return stmt.where(or_(
        User.display_name.contains(q, autoescape=True),
        User.name_pinyin.contains(q, autoescape=True),
        User.name_initials.startswith(q, autoescape=True),
        func.lower(User.username).contains(q, autoescape=True),
    ))


def accounts_stmt(role: str | None, q: str, status: str) -> Select:
    stmt = select(User).options(
        joinedload(User.unit),
        selectinload(User.profile).joinedload(MemberProfile.sector),
    )
    if role in Role.__members__:
        stmt = stmt.where(User.role == Role(role))
    stmt = _with_status(_search_people(stmt, q), User.is_active, status)
    return stmt.order_by(User.name_pinyin, User.id)


def members_stmt(q: str, sector_id: int | None, committee_id: int | None,
                 status: str) -> Select:
    stmt = (
        select(User)
        .join(MemberProfile, MemberProfile.user_id == User.id)
        .join(Sector, Sector.id == MemberProfile.sector_id)
        .where(User.role == Role.member)
        .options(selectinload(User.profile).options(
            joinedload(MemberProfile.sector), joinedload(MemberProfile.committee)))
    )
    if sector_id:
        stmt = stmt.where(MemberProfile.sector_id == sector_id)
    if committee_id:
        stmt = stmt.where(MemberProfile.committee_id == committee_id)
    stmt = _with_status(_search_people(stmt, q), User.is_active, status)
    return stmt.order_by(Sector.sort_order, Sector.name, User.name_pinyin, User.id)


def leaders_stmt(q: str, status: str) -> Select:
    stmt = select(User).where(User.role == Role.leader)
    stmt = _with_status(_search_people(stmt, q), User.is_active, status)
    return stmt.order_by(User.name_pinyin, User.id)


def units_stmt(q: str, status: str) -> Select:
    """(unit, number of active staff accounts) rows, in the body's own order."""
    staff = (
        select(User.unit_id, func.count(User.id).label("n"))
        .where(User.unit_id.is_not(None), User.is_active.is_(True))
        .group_by(User.unit_id).subquery()
    )
    stmt = select(Unit, func.coalesce(staff.c.n, 0)).outerjoin(staff, staff.c.unit_id == Unit.id)
    q = (q or "").strip()
    if q:
        stmt = stmt.where(or_(Unit.name.contains(q, autoescape=True),
                              Unit.short_name.contains(q, autoescape=True)))
    stmt = _with_status(stmt, Unit.is_active, status)
    return stmt.order_by(Unit.sort_order, Unit.name)


def unit_staff(unit: Unit) -> list[User]:
    stmt = (select(User).where(User.unit_id == unit.id)
            .order_by(User.is_active.desc(), User.name_pinyin, User.id))
    return list(db.session.scalars(stmt))


def named_items(model: type[Sector] | type[Committee], status: str) -> list:
    stmt = _with_status(select(model), model.is_active, status)
    return list(db.session.scalars(stmt.order_by(model.sort_order, model.name)))


def terms() -> list[Term]:
    stmt = select(Term).options(selectinload(Term.sessions)).order_by(Term.number.desc())
    return list(db.session.scalars(stmt))


def sessions() -> list[PlenarySession]:
    stmt = (select(PlenarySession).join(Term).options(joinedload(PlenarySession.term))
            .order_by(Term.number.desc(), PlenarySession.number.desc()))
    return list(db.session.scalars(stmt))


def choices(model: type, *, blank: str | None = None,
            keep: int | None = None) -> list[SelectChoice]:
    """Select options of active records (plus ``keep``, the one already chosen)."""
    stmt = select(model).where(or_(model.is_active.is_(True), model.id == (keep or 0)))
    order = ((model.sort_order, model.name) if hasattr(model, "sort_order")
             else (model.number.desc(),))
    out = [SelectChoice(item.id, item.name) for item in db.session.scalars(stmt.order_by(*order))]
    return ([SelectChoice(0, blank)] if blank is not None else []) + out
