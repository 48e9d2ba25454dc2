"""Helpers shared by the proposal operations: who to notify, notification parameters,
deadline changes, creating assignments, checking input."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from deliberate.auth.models import User
from deliberate.core import dates
from deliberate.core.permissions import Role
from deliberate.core.workflow import InvalidData
from deliberate.directory.models import PlenarySession, Unit
from deliberate.extensions import db
from deliberate.proposals import workflow as wf
from deliberate.proposals.config import setting
from deliberate.proposals.models import (
    Assignment,
    AssignmentRole,
    Proposal,
    ProposerType,
)


def proposal_url(p: Proposal) -> str:
    # A plain path: notifications are also written by the CLI, outside any request.
    return f"/proposals/{p.id}"


def secretariat_users() -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.role == Role.secretariat, User.is_active.is_(True))))


def unit_staff_users(unit_ids: Iterable[int]) -> list[User]:
    ids = list(set(unit_ids))
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(
        User.unit_id.in_(ids), User.is_active.is_(True))))


def proposers_of(p: Proposal) -> list[User]:
    """Everyone who signed this proposal or one merged into it (each receives the reply)."""
    people: list[User] = []
    for q in [p, *p.merged]:
        if q.proposer is not None:
            people.append(q.proposer)
        elif q.proposer_type == ProposerType.collective:
            people.append(q.created_by)
        people.extend(c.user for c in q.confirmed_cosigners)
    return people


def notify_params(p: Proposal, **extra: Any) -> dict[str, Any]:  # noqa: ANN401
    return {"title": p.title, "number": p.number_label, **extra}


def set_due(p: Proposal, due: date, assignments: Iterable[Assignment]) -> None:
    for a in assignments:
        a.due_on = due
    p.due_on = due


def require_text(fields: dict[str, Any], names: Sequence[str]) -> None:
    missing = {n: [_("This field is required.")] for n in names
               if not str(fields.get(n) or "").strip()}
    if missing:
        raise InvalidData(_("Some required information is missing."), missing)


def checked_choice(enum_type: type, value: Any, name: str) -> Any:  # noqa: ANN401
    try:
        return enum_type(value)
    except ValueError:
        raise InvalidData(_("Some required information is missing."),
                          {name: [_("Not a valid choice.")]}) from None


def unit_names(ids: Iterable[int]) -> list[str]:
    wanted = list(ids)
    names = dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(wanted))).all())
    return [names.get(i, str(i)) for i in wanted]


def default_due_on(on: date | None = None) -> date:
    return dates.add_months(on or wf.today(), setting("PROPOSAL_HANDLING_MONTHS"))


def create_assignments(p: Proposal, user: User, units: Sequence[tuple[int, str]],
                        due_on: date) -> list[Assignment]:
    start = wf.today()
    dispute_until = dates.add_working_days(start, setting("PROPOSAL_DISPUTE_WORKING_DAYS"))
    made = []
    for unit_id, role in units:
        a = Assignment(unit_id=unit_id, role=AssignmentRole(role), assigned_on=start,
                       due_on=due_on, dispute_until=dispute_until, assigned_by_id=user.id)
        p.assignments.append(a)
        made.append(a)
    p.assigned_on = start
    p.handling_started_on = start
    p.due_on = due_on
    return made


def is_plenary_period(session: PlenarySession, on: date) -> bool:
    """大会提案 are filed from about three months before the plenary opens up to its filing
    cut-off; any other proposal is a 平时提案 (the form's default, which staff may change)."""
    if session.opens_on is None:
        return False
    last = session.filing_deadline or session.opens_on
    return dates.add_months(session.opens_on, -3) <= on <= last
