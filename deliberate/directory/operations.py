"""Directory writes: one function per verb. They flush, never commit; the caller commits once.

Refusals raise :class:`~deliberate.core.workflow.InvalidData` (or another WorkflowError)
before anything is written.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from deliberate.auth.models import User
from deliberate.auth.operations import create_user, temporary_password, validate_account
from deliberate.core.events import Event, record_event
from deliberate.core.permissions import Role
from deliberate.core.workflow import InvalidData, PermissionDenied
from deliberate.directory.models import (
    Committee,
    MemberProfile,
    PlenarySession,
    Sector,
    Term,
    Unit,
)
from deliberate.directory.roster import (
    MEMBER_ROSTER,
    UNIT_ROSTER,
    RosterResult,
    parse_roster,
)
from deliberate.directory.workflows import WORKFLOWS, ActiveState
from deliberate.extensions import db

OBJECT_TYPES: dict[type, str] = {
    User: "user", Unit: "unit", Sector: "sector", Committee: "committee", Term: "term",
    PlenarySession: "session",
}


def _apply(obj: Any, fields: dict[str, Any]) -> dict[str, list[Any]]:  # noqa: ANN401
    """Set ``fields`` on ``obj``; return {field: [old, new]} for what changed."""
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = [old, value]
            setattr(obj, name, value)
    return changes


def _taken(model: type, column: str, value: Any, existing: Any = None) -> bool:  # noqa: ANN401
    col = getattr(model, column)
    found = db.session.scalar(select(model.id).where(col == value))
    return found is not None and (existing is None or found != existing.id)


def _admin_only(actor: User | None, *roles: object) -> None:
    if actor is not None and actor.role != Role.admin and Role.admin in roles:
        raise PermissionDenied(_("Only an administrator can manage administrator accounts."))


def _refuse(errors: dict[str, list[str]]) -> None:
    if errors:
        raise InvalidData(_("Please correct the marked fields."), errors)


# -- activation (all through the workflow engine) -----------------------------------------
def set_active(record: Any, active: bool, actor: User, note: str = "") -> Event:  # noqa: ANN401
    """Deactivate or reactivate any directory record (accounts included)."""
    workflow = WORKFLOWS[OBJECT_TYPES[type(record)]]
    action = "reactivate" if active else "deactivate"
    ev = workflow.perform(ActiveState(record), action, actor, note=note)
    if isinstance(record, User) and not active:
        # Ends the sessions the account has open anywhere.
        record.rotate_session()
        db.session.flush()
    return ev


# -- terms and sessions ------------------------------------------------------------------
def save_term(term: Term | None, fields: dict[str, Any], actor: User) -> Term:
    errors: dict[str, list[str]] = {}
    if _taken(Term, "number", fields["number"], term):
        errors["number"] = [_("A term with this number already exists.")]
    if fields["end_year"] < fields["start_year"]:
        errors["end_year"] = [_("The last year cannot come before the first.")]
    _refuse(errors)
    return _save(Term, "term", term, fields, actor)


def save_session(session: PlenarySession | None, fields: dict[str, Any],
                 actor: User) -> PlenarySession:
    clash = db.session.scalar(select(PlenarySession.id).where(
        PlenarySession.term_id == fields["term_id"],
        PlenarySession.number == fields["number"]))
    errors: dict[str, list[str]] = {}
    if clash is not None and (session is None or clash != session.id):
        errors["number"] = [_("This term already has a session with this number.")]
    if db.session.get(Term, fields["term_id"]) is None:
        errors["term_id"] = [_("Unknown term.")]
    opens, deadline = fields.get("opens_on"), fields.get("filing_deadline")
    if opens and deadline and deadline > opens:
        errors["filing_deadline"] = [_("The filing deadline cannot be after the opening day.")]
    _refuse(errors)
    return _save(PlenarySession, "session", session, fields, actor)


def make_session_current(session: PlenarySession, actor: User) -> Event:
    """Mark ``session`` as the current one; the previous current session loses the mark in
    the same transaction (the partial unique index allows only one)."""

    def effect(_obj: ActiveState, _data: dict[str, Any]) -> dict[str, Any]:
        previous = db.session.scalar(select(PlenarySession.id).where(
            PlenarySession.is_current.is_(True), PlenarySession.id != session.id))
        # Clear the old mark and flush before setting the new one, or the index objects.
        db.session.execute(update(PlenarySession)
                           .where(PlenarySession.is_current.is_(True))
                           .values(is_current=False))
        db.session.flush()
        session.is_current = True
        return {"previous": previous}

    return WORKFLOWS["session"].perform(ActiveState(session), "make_current", actor,
                                        effect=effect)


# -- sectors, committees, units ---------------------------------------------------------
def save_sector(sector: Sector | None, fields: dict[str, Any], actor: User) -> Sector:
    if _taken(Sector, "name", fields["name"], sector):
        _refuse({"name": [_("A sector with this name already exists.")]})
    return _save(Sector, "sector", sector, fields, actor)


def save_committee(committee: Committee | None, fields: dict[str, Any],
                   actor: User) -> Committee:
    if _taken(Committee, "name", fields["name"], committee):
        _refuse({"name": [_("A special committee with this name already exists.")]})
    return _save(Committee, "committee", committee, fields, actor)


def save_unit(unit: Unit | None, fields: dict[str, Any], actor: User) -> Unit:
    if _taken(Unit, "name", fields["name"], unit):
        _refuse({"name": [_("A handling unit with this name already exists.")]})
    return _save(Unit, "unit", unit, fields, actor)


def _save(model: type, object_type: str, obj: Any, fields: dict[str, Any],  # noqa: ANN401
          actor: User) -> Any:  # noqa: ANN401
    if obj is None:
        obj = model(**fields)
        db.session.add(obj)
        db.session.flush()
        record_event(object_type, obj.id, "create", actor, to_state="active", data=fields)
        return obj
    changes = _apply(obj, fields)
    if changes:
        db.session.flush()
        record_event(object_type, obj.id, "update", actor, data={"changes": changes})
    return obj


# -- accounts ------------------------------------------------------------------------------
PROFILE_FIELDS = ("sector_id", "committee_id", "gender", "work_unit")
ACCOUNT_FIELDS = ("display_name", "title", "email", "phone")


def create_account(username: str, role: str, fields: dict[str, Any], actor: User, *,
                   unit: Unit | None = None, with_password: bool = True,
                   event_action: str = "create",
                   event_data: dict[str, Any] | None = None,
                   flush: bool = True) -> tuple[User, str | None]:
    """Create an account of any role (a member gets a profile too). Returns the user and,
    when ``with_password``, the temporary password to show once."""
    role = Role(role) if role in Role.__members__ else role
    _admin_only(actor, role)
    profile = {k: fields[k] for k in PROFILE_FIELDS if k in fields}
    if role == Role.member and not profile.get("sector_id"):
        _refuse({"sector_id": [_("A member must belong to a sector.")]})
    account = {k: fields.get(k) or "" for k in ACCOUNT_FIELDS if k != "display_name"}
    user = create_user(username, fields.get("display_name", ""), role, unit=unit, actor=actor,
                       event_action=event_action, event_data=event_data, **account)
    if role == Role.member:
        db.session.add(MemberProfile(user_id=user.id, **_profile_values(profile)))
    password = None
    if with_password:
        password = temporary_password()
        user.set_password(password)
        user.must_change_password = True
    if flush:
        db.session.flush()
    return user, password


def _profile_values(profile: dict[str, Any]) -> dict[str, Any]:
    return {
        "sector_id": profile["sector_id"],
        "committee_id": profile.get("committee_id") or None,
        "gender": profile.get("gender") or "",
        "work_unit": profile.get("work_unit") or "",
    }


def update_account(user: User, fields: dict[str, Any], actor: User, *,
                   role: str | None = None, unit: Unit | None = None) -> User:
    """Edit an account: name and contacts, and (when ``role`` is given) role and unit."""
    new_role = role if role is not None else user.role.value
    _admin_only(actor, user.role, new_role)
    new_unit = unit if role is not None else user.unit
    errors = validate_account(user.username, new_role, new_unit, existing=user)
    profile = {k: fields[k] for k in PROFILE_FIELDS if k in fields}
    if new_role == Role.member and user.profile is None and not profile.get("sector_id"):
        errors["sector_id"] = [_("A member must belong to a sector.")]
    if user.id == actor.id and new_role != user.role.value:
        errors["role"] = [_("You cannot change your own role.")]
    _refuse(errors)
    # An optional field missing from the request arrives as None; the columns hold "".
    changes = _apply(user, {k: fields[k] or "" for k in ACCOUNT_FIELDS if k in fields})
    if role is not None:
        changes.update(_apply(user, {"role": Role(new_role), "unit": new_unit}))
        if "unit" in changes:
            changes["unit"] = [u.name if u else None for u in changes["unit"]]
    if new_role == Role.member and profile:
        if user.profile is None:
            db.session.add(MemberProfile(user_id=user.id, **_profile_values(profile)))
            changes["profile"] = [None, "created"]
        else:
            changes.update(_apply(user.profile, _profile_values(profile)))
    if changes:
        db.session.flush()
        record_event("user", user.id, "update", actor, data={"changes": changes})
    return user


def reset_password(user: User, actor: User) -> str:
    """Give ``user`` a temporary password (returned once), to be changed at next sign-in."""
    _admin_only(actor, user.role)
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.rotate_session()
    db.session.flush()
    record_event("user", user.id, "reset_password", actor)
    return password


# -- roster import -------------------------------------------------------------------------
class RosterRejected(InvalidData):
    """The roster has errors; ``result`` holds every row with its errors."""

    status = 422

    def __init__(self, result: RosterResult) -> None:
        super().__init__(_("The roster has errors; nothing was imported."))
        self.result = result


def preview_roster(kind: str, data: bytes) -> RosterResult:
    """Parse and validate every row against the database; writes nothing."""
    return parse_roster(kind, data, _roster_lookups(kind))


def _roster_lookups(kind: str) -> dict[str, Any]:
    if kind == MEMBER_ROSTER:
        return {
            "sectors": {name: (id_, active) for name, id_, active in db.session.execute(
                select(Sector.name, Sector.id, Sector.is_active))},
            "committees": {name: (id_, active) for name, id_, active in db.session.execute(
                select(Committee.name, Committee.id, Committee.is_active))},
            "usernames": set(db.session.scalars(select(func.lower(User.username)))),
        }
    return {"units": set(db.session.scalars(select(Unit.name)))}


def import_roster(kind: str, data: bytes, actor: User, *,
                  file_id: int | None = None) -> int:
    """Import every row of a roster, or nothing: raises RosterError for an unreadable file
    and RosterRejected when any row has an error. Returns the number of records created."""
    result = preview_roster(kind, data)
    if result.has_errors:
        raise RosterRejected(result)
    source = {"roster_file": file_id} if file_id else {}
    if kind == MEMBER_ROSTER:
        # Every row is checked already; without autoflush each account costs two flushes
        # instead of three (the profile rides along with the next account's).
        with db.session.no_autoflush:
            for row in result.rows:
                v = row.values
                create_account(v["username"], Role.member.value, v, actor,
                               with_password=False, event_action="import", event_data=source,
                               flush=False)
        db.session.flush()
    elif kind == UNIT_ROSTER:
        for row in result.rows:
            unit = Unit(**row.values)
            db.session.add(unit)
            db.session.flush()
            record_event("unit", unit.id, "import", actor, to_state="active",
                         data={**row.values, **source})
    return len(result.rows)
