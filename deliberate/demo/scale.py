"""A national-scale body for benchmarks: ``flask --app deliberate seed-scale --sessions N``.

About 6,000 proposals a session (``--per-session``), 2,200 members, 200 handling units,
sectors and committees, topics, meetings with invitations and agendas, speeches, minutes.
Each session's proposals are in the states a real body shows: the latest session (the
current one) in every state of the workflow with due dates around today, earlier sessions
finished (closed, not registered, converted, merged, withdrawn, a few abandoned drafts).

Rows are written with SQLAlchemy Core executemany, not through the ORM or the workflow
engine (about 100 times faster), so this module repeats what the operations write: the
same columns, the Event rows the workflow records (same actions, states and data), the
CHECK constraints (numbers exactly for registered proposals, gapless per session in order
of registration, with the session's counter row), and the search entries, built by the
kinds' own ``document`` functions and bulk-inserted in the same transaction. The tests
compare the index with a full ``reindex`` and check every constraint.

Ids are given explicitly (from each table's current maximum) so children can reference
parents without reading ids back; on PostgreSQL the sequences are moved past them."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from pypinyin import Style, lazy_pinyin
from sqlalchemy import Table, func, insert, select, text

from deliberate.auth.models import User
from deliberate.consultation import models as cm
from deliberate.consultation.models_minutes import Minutes, MinutesRevision
from deliberate.core import search
from deliberate.core.events import Event, _jsonable
from deliberate.core.files import StoredFile
from deliberate.core.permissions import Role
from deliberate.demo import scale_text as t
from deliberate.demo.scale_consultation import consultation_rows
from deliberate.demo.scale_proposals import ProposalMaker
from deliberate.directory.models import (
    Committee,
    MemberProfile,
    PlenarySession,
    Sector,
    Term,
    Unit,
)
from deliberate.extensions import db
from deliberate.proposals import models as pm
from deliberate.proposals.demo import DEMO_PDF
from deliberate.proposals.workflow import today

PER_SESSION = 6000
MEMBERS = 2200
STAFF_PER_UNIT = 2
LEADERS = 12
SECRETARIAT = 8
SESSIONS_PER_TERM = 5

# Tables in the order their rows are written (parents first).
ORDER = (Term, PlenarySession, Sector, Committee, Unit, User, MemberProfile, StoredFile,
         pm.Proposal, pm.ProposalCounter, pm.CoSigner, pm.SuggestedUnit, pm.Assignment,
         pm.Reply, pm.Feedback, pm.ProposalConsultation, pm.ExtensionRequest, pm.Dispute,
         pm.SupervisionRecord, cm.Topic, cm.Meeting, cm.AgendaItem, cm.Invitation, cm.Speech,
         Minutes, MinutesRevision, Event)


def existing_data() -> str:
    """What the database already holds ("" when it is empty of people and proposals)."""
    users = db.session.scalar(select(func.count(User.id))) or 0
    proposals = db.session.scalar(select(func.count(pm.Proposal.id))) or 0
    if users or proposals:
        return f"{users} account(s), {proposals} proposal(s)"
    return ""


class Writer:
    """Buffered executemany inserts with ids handed out here."""

    def __init__(self) -> None:
        self.conn = db.session.connection()
        self.rows: dict[Table, list[dict[str, Any]]] = {}
        self.next: dict[Table, int] = {}
        self.counts: dict[str, int] = {}

    def id(self, model: type) -> int:
        table = model.__table__
        if table not in self.next:
            top = self.conn.execute(select(func.max(table.c.id))).scalar()
            self.next[table] = (top or 0) + 1
        value = self.next[table]
        self.next[table] += 1
        return value

    def add(self, model: type, row: dict[str, Any]) -> dict[str, Any]:
        self.rows.setdefault(model.__table__, []).append(row)
        return row

    def event(self, object_type: str, object_id: int, action: str, actor: int | None,
              when: datetime, *, from_state: str | None = None, to_state: str | None = None,
              data: dict[str, Any] | None = None, note: str = "") -> None:
        self.add(Event, {"id": self.id(Event), "object_type": object_type,
                         "object_id": object_id, "action": action, "actor_id": actor,
                         "from_state": from_state, "to_state": to_state or from_state,
                         "data": _jsonable(data or {}), "note": note, "via": "cli",
                         "token_id": None, "created_at": when})

    def flush(self) -> None:
        for model in ORDER:
            rows = self.rows.pop(model.__table__, None)
            if rows:
                self.conn.execute(insert(model.__table__), rows)
                self.counts[model.__tablename__] = \
                    self.counts.get(model.__tablename__, 0) + len(rows)

    def fix_sequences(self) -> None:
        if self.conn.dialect.name != "postgresql":
            return
        for table in self.next:
            self.conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table.name}))"))


# -- the directory ----------------------------------------------------------------------

def _user_row(w: Writer, username: str, name: str, role: Role, password_hash: str,
              unit_id: int | None = None, title: str = "") -> dict[str, Any]:
    return w.add(User, {
        "id": w.id(User), "username": username, "display_name": name,
        "name_pinyin": "".join(lazy_pinyin(name, errors="ignore"))[:200],
        "name_initials": "".join(lazy_pinyin(name, style=Style.FIRST_LETTER,
                                             errors="ignore"))[:64],
        "password_hash": password_hash, "role": role, "unit_id": unit_id, "title": title,
        "email": "", "phone": "", "locale": "zh", "is_active": True,
        "must_change_password": False, "session_token": secrets.token_hex(8),
        "created_at": datetime.now(UTC),
    })


def _named(w: Writer, model: type, names: tuple[str, ...]) -> list[int]:
    """Sectors or committees by name: reuse the existing ones."""
    have = dict(db.session.execute(select(model.name, model.id)).all())
    ids = []
    for i, name in enumerate(names):
        if name not in have:
            have[name] = w.id(model)
            w.add(model, {"id": have[name], "name": name, "sort_order": i, "is_active": True})
        ids.append(have[name])
    return ids


def build_directory(w: Writer, tm: t.TextMaker, prefix: str, members: int,
                    password_hash: str) -> SimpleNamespace:
    r = tm.r
    sectors = _named(w, Sector, t.SECTORS)
    committees = _named(w, Committee, t.COMMITTEES)
    taken = set(db.session.scalars(select(Unit.name)))
    units, staff, by_short = [], {}, {}
    for place in t.UNIT_PLACES:
        for name, short in t.UNIT_BASES:
            full = f"{place}{name}"
            if full in taken:
                full = f"{full}（{prefix}）"
            uid = w.id(Unit)
            w.add(Unit, {"id": uid, "name": full, "short_name": f"{place[:2]}{short}",
                         "contact_person": tm.person_name(), "phone": "010-66000000",
                         "sort_order": len(units), "is_active": True,
                         "created_at": datetime.now(UTC)})
            units.append(SimpleNamespace(id=uid, name=full, short=f"{place[:2]}{short}"))
            by_short.setdefault(short, []).append(units[-1])
            staff[uid] = []
            for k in range(STAFF_PER_UNIT):
                row = _user_row(w, f"{prefix}u{uid}{'ab'[k] if k < 2 else k}",
                                tm.person_name(), Role.unit_staff, password_hash, uid,
                                "联络员")
                staff[uid].append((row["id"], row["display_name"]))
    secretariat = [_user_row(w, f"{prefix}sec{i + 1}", tm.person_name(), Role.secretariat,
                             password_hash, title="提案委员会办公室")["id"]
                   for i in range(SECRETARIAT)]
    leaders = [_user_row(w, f"{prefix}lead{i + 1}", tm.person_name(), Role.leader,
                         password_hash, title="副主席")["id"] for i in range(LEADERS)]
    member_ids = []
    for i in range(members):
        row = _user_row(w, f"{prefix}m{i + 1:04d}", tm.person_name(), Role.member,
                        password_hash, title="委员")
        w.add(MemberProfile, {
            "user_id": row["id"], "sector_id": sectors[i % len(sectors)],
            "committee_id": committees[r.randrange(len(committees))]
            if r.random() < .7 else None,
            "gender": "女" if r.random() < .3 else "男",
            "work_unit": f"{tm.pick(t.UNIT_PLACES)}{tm.pick(t.WORK_UNITS)}"})
        member_ids.append(row["id"])
    names = {u["id"]: u["display_name"] for u in w.rows[User.__table__]}
    units_for = {cat: [u for s in shorts for u in by_short.get(s, [])]
                 for cat, shorts in t.UNITS_FOR.items()}
    pdf = w.id(StoredFile)
    w.add(StoredFile, {"id": pdf, "filename": "reply.pdf", "content_type": "application/pdf",
                       "size": len(DEMO_PDF), "sha256": hashlib.sha256(DEMO_PDF).hexdigest(),
                       "data": DEMO_PDF, "created_at": datetime.now(UTC),
                       "created_by_id": secretariat[0]})
    return SimpleNamespace(units=units, units_for=units_for, staff=staff, members=member_ids,
                           names=names, secretariat=secretariat, leaders=leaders, pdf=pdf)


def build_sessions(w: Writer, count: int) -> list[SimpleNamespace]:
    """New terms of five sessions each, the last session in the current year; it becomes
    the current session unless one already is."""
    first_term = (db.session.scalar(select(func.max(Term.number))) or 0) + 1
    has_current = db.session.scalar(select(PlenarySession.id).where(
        PlenarySession.is_current.is_(True))) is not None
    last_year = today().year
    sessions, term_id = [], None
    for k in range(count):
        year = last_year - count + 1 + k
        if k % SESSIONS_PER_TERM == 0:
            number = first_term + k // SESSIONS_PER_TERM
            term_id = w.id(Term)
            w.add(Term, {"id": term_id, "number": number, "name": f"第{number}届（规模数据）",
                         "start_year": year, "end_year": year + SESSIONS_PER_TERM - 1,
                         "is_active": True})
        current = k == count - 1 and not has_current
        sid = w.id(PlenarySession)
        n = k % SESSIONS_PER_TERM + 1
        w.add(PlenarySession, {
            "id": sid, "term_id": term_id, "number": n, "name": f"{year}年第{n}次会议",
            "year": year, "opens_on": date(year, 1, 15), "filing_deadline": date(year, 1, 20),
            "is_current": current, "is_active": True})
        sessions.append(SimpleNamespace(id=sid, year=year, latest=k == count - 1))
    return sessions


# -- the whole body ---------------------------------------------------------------------

def build(sessions: int, per_session: int = PER_SESSION, members: int = MEMBERS,
          progress: Callable[[int], None] | None = None, seed: int = 20261127) -> dict[str, Any]:
    """Write the body, committing once per session. Returns the counts written and the
    logins (password: the demo's)."""
    from deliberate.demo.seed import _demo_password_hash

    tm = t.TextMaker(seed)
    w = Writer()
    first_term = (db.session.scalar(select(func.max(Term.number))) or 0) + 1
    prefix = f"s{first_term}"
    d = build_directory(w, tm, prefix, members, _demo_password_hash())
    made = build_sessions(w, sessions)
    w.flush()
    db.session.commit()
    documents = 0
    for session in made:
        w.conn = db.session.connection()
        maker = ProposalMaker(w, tm, d, session)
        maker.build(per_session, progress)
        consultation_rows(w, tm, d, session, maker.docs, max(1, per_session // 150))
        w.flush()
        documents += search.bulk_index(maker.docs)
        db.session.commit()
    w.conn = db.session.connection()
    w.fix_sequences()
    db.session.commit()
    if w.conn.dialect.name == "postgresql":
        # What autovacuum would do in its own time, done before anyone measures: fresh
        # statistics (without them the planner takes a bulk-loaded table for empty: the
        # working list took a second instead of a few milliseconds), the visibility map
        # that index-only scans need (the statistics page), the GIN pending list merged.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return {"counts": w.counts, "documents": documents, "prefix": prefix,
            "logins": {"secretariat": f"{prefix}sec1", "leader": f"{prefix}lead1",
                       "member": f"{prefix}m0001",
                       "unit_staff": f"{prefix}u{d.units[0].id}a"}}
