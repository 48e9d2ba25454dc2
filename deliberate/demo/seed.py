"""The demo body: ``flask --app deliberate seed-demo``.

Idempotent: each record is looked up by its natural key and created only when missing, so
a second run creates nothing. Domain packages add their own demo records in
``deliberate/<domain>/demo.py`` with a ``seed_demo() -> int`` function (records created),
called here in the order of deliberate.DOMAINS after the directory.
"""

from __future__ import annotations

import importlib
import importlib.util

from flask import current_app
from sqlalchemy import func, select

from deliberate.auth.models import User
from deliberate.core.permissions import Role
from deliberate.demo import content as c
from deliberate.directory.models import (
    Committee,
    MemberProfile,
    PlenarySession,
    Sector,
    Term,
    Unit,
)
from deliberate.extensions import db

DEMO_PASSWORD = "demo1234"  # noqa: S105  (printed for the demo; never used for real data)
ADMIN = {"username": "admin", "name": "系统管理员", "title": "系统管理员"}


def demo_usernames() -> set[str]:
    names = {ADMIN["username"]}
    for group in (c.LEADERS, c.SECRETARIAT, c.MEMBERS, c.UNIT_STAFF):
        names.update(p["username"] for p in group)
    return names


def foreign_data() -> str:
    """A description of data that is not the demo's, or "" when there is none."""
    users = db.session.scalars(select(User.username)).all()
    others = sorted(set(users) - demo_usernames())
    if others:
        return f"{len(others)} other account(s), e.g. {', '.join(others[:3])}"
    unit_names = {u["name"] for u in c.UNITS}
    units = [n for n in db.session.scalars(select(Unit.name)) if n not in unit_names]
    if units:
        return f"{len(units)} other unit(s), e.g. {', '.join(units[:3])}"
    return ""


def _get_or_create(model: type, key: dict, **values: object) -> tuple[object, bool]:
    obj = db.session.scalar(select(model).filter_by(**key))
    if obj is not None:
        return obj, False
    obj = model(**key, **values)
    db.session.add(obj)
    db.session.flush()
    return obj, True


_hash_cache: dict[str, str] = {}


def _demo_password_hash() -> str:
    # One hash for every demo account: hashing is deliberately slow, the demo is not secret.
    method = current_app.config.get("PASSWORD_HASH_METHOD", "")
    if method not in _hash_cache:
        probe = User()
        probe.set_password(DEMO_PASSWORD)
        _hash_cache[method] = probe.password_hash
    return _hash_cache[method]


def _user(person: dict, role: Role, unit: Unit | None = None) -> tuple[User, bool]:
    user = db.session.scalar(select(User).where(
        func.lower(User.username) == person["username"].lower()))
    if user is not None:
        return user, False
    user = User(username=person["username"], display_name=person["name"], role=role,
                unit=unit, title=person.get("title", ""), phone=person.get("phone", ""),
                email=person.get("email", ""))
    user.password_hash = _demo_password_hash()
    db.session.add(user)
    db.session.flush()
    return user, True


def seed_directory() -> int:
    created = 0
    term, new = _get_or_create(Term, {"number": c.TERM["number"]}, name=c.TERM["name"],
                               start_year=c.TERM["start_year"], end_year=c.TERM["end_year"])
    created += new
    for s in c.SESSIONS:
        # Only one session may be current: the demo's current one is created last.
        _obj, new = _get_or_create(
            PlenarySession, {"term_id": term.id, "number": s["number"]}, name=s["name"],
            year=s["year"], opens_on=s["opens_on"], filing_deadline=s["filing_deadline"],
            is_current=False)
        created += new
    current = next(s for s in c.SESSIONS if s["is_current"])
    if not db.session.scalar(select(PlenarySession.id).where(
            PlenarySession.is_current.is_(True))):
        db.session.scalar(select(PlenarySession).where(
            PlenarySession.term_id == term.id,
            PlenarySession.number == current["number"])).is_current = True
    sectors = {}
    for i, name in enumerate(c.SECTORS):
        sectors[name], new = _get_or_create(Sector, {"name": name}, sort_order=i)
        created += new
    committees = {}
    for i, name in enumerate(c.COMMITTEES):
        committees[name], new = _get_or_create(Committee, {"name": name}, sort_order=i)
        created += new
    units = {}
    for i, u in enumerate(c.UNITS):
        units[u["name"]], new = _get_or_create(
            Unit, {"name": u["name"]}, short_name=u["short_name"],
            contact_person=u["contact_person"], phone=u["phone"], sort_order=i)
        created += new
    created += _user(ADMIN, Role.admin)[1]
    for p in c.LEADERS:
        created += _user(p, Role.leader)[1]
    for p in c.SECRETARIAT:
        created += _user(p, Role.secretariat)[1]
    for p in c.UNIT_STAFF:
        created += _user(p, Role.unit_staff, units[p["unit"]])[1]
    for p in c.MEMBERS:
        user, new = _user(p, Role.member)
        created += new
        if db.session.get(MemberProfile, user.id) is None:
            db.session.add(MemberProfile(
                user_id=user.id, sector=sectors[p["sector"]],
                committee=committees.get(p["committee"]), gender=p["gender"],
                work_unit=p["work_unit"]))
            created += 1
    db.session.flush()
    return created


def seed() -> int:
    """Create whatever part of the demo body is missing; returns the records created."""
    from deliberate import DOMAINS

    created = seed_directory()
    for domain in DOMAINS:
        name = f"deliberate.{domain}.demo"
        if importlib.util.find_spec(f"deliberate.{domain}") and importlib.util.find_spec(name):
            created += importlib.import_module(name).seed_demo()
    return created
