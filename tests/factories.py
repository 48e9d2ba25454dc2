"""Factories for test data (Indico's create_<noun> fixtures, as plain methods)."""

from __future__ import annotations

import itertools

from deliberate.auth.models import User
from deliberate.core.permissions import Role
from deliberate.directory.models import Committee, MemberProfile, PlenarySession, Sector, Term, Unit
from deliberate.extensions import db

_seq = itertools.count(1)


class Factory:
    def __init__(self, password: str) -> None:
        self.password = password

    def unit(self, name: str | None = None, **kw) -> Unit:
        unit = Unit(name=name or f"测试承办单位{next(_seq)}", **kw)
        db.session.add(unit)
        db.session.flush()
        return unit

    def sector(self, name: str | None = None) -> Sector:
        sector = Sector(name=name or f"测试界别{next(_seq)}")
        db.session.add(sector)
        db.session.flush()
        return sector

    def committee(self, name: str | None = None) -> Committee:
        committee = Committee(name=name or f"测试专委会{next(_seq)}")
        db.session.add(committee)
        db.session.flush()
        return committee

    def term(self, number: int | None = None) -> Term:
        n = number or next(_seq) + 100
        term = Term(number=n, name=f"第{n}届", start_year=2022, end_year=2027)
        db.session.add(term)
        db.session.flush()
        return term

    def session(self, term: Term | None = None, number: int = 1, current: bool = True,
                year: int = 2026) -> PlenarySession:
        term = term or self.term()
        s = PlenarySession(term=term, number=number, name=f"{term.name}第{number}次会议",
                           year=year, is_current=current)
        db.session.add(s)
        db.session.flush()
        return s

    def user(self, role: str = "member", username: str | None = None,
             display_name: str | None = None, unit: Unit | None = None,
             password: str | None = None, **kw) -> User:
        n = next(_seq)
        if role == "unit_staff" and unit is None:
            unit = self.unit()
        user = User(
            username=username or f"{role}{n}",
            display_name=display_name or f"测试用户{n}",
            role=Role(role),
            unit=unit,
            **kw,
        )
        user.set_password(password or self.password)
        db.session.add(user)
        db.session.flush()
        if role == "member":
            db.session.add(MemberProfile(user_id=user.id, sector=self.sector()))
            db.session.flush()
        return user
