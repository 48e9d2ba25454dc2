"""Each session's figures, kept until something of that session changes.

The statistics page compares the chosen session with the rest of its term and breaks the
chosen scope down by attribute and unit. Most of that is the past: a term's earlier
sessions change rarely (a late reply, a verdict), the current one all day. So the grouped
counts are computed and kept per session (:class:`SessionFigures`), under the session's
stamp (core/stamps.py: every transaction that writes a proposal of the session, its
assignments, replies or feedback gives the session a new stamp). A page then computes only
the sessions whose stamp moved since they were kept, with the same grouped statements over
just those sessions, and rolls up the rest. The numbers are those of the statements
(reports.queries), so the definitions stay in one place; a kept session is never older
than its stamp.

Figures are kept twice: in each worker's memory, and in the database (stamps.keep) for
every other worker and server, so that a restarted or added worker reads a term's figures
in one statement instead of counting them. "Overdue now" moves with the date alone: kept
figures hold from the day they were counted through the session's next due date of what
is being handled (definitions.day_boundaries), after which they are counted again.

A session's row for the per-session table needs two statements; its breakdowns (by
category and proposer type, by sector, by unit) four, and are computed only for sessions
in the chosen scope; their day boundaries one more for all the sessions counted.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from deliberate.core import stamps
from deliberate.core.pagecache import PageCache
from deliberate.core.types import utcnow
from deliberate.directory.models import MemberProfile
from deliberate.extensions import db
from deliberate.proposals.models import Assignment, Feedback, Proposal, Reply
from deliberate.reports import definitions as d
from deliberate.reports import queries as q

CACHE = "statistics_sessions"
# The layout of SessionFigures.to_json: a new layout makes the figures kept in the
# database by older releases unreadable, so it changes _definitions' fingerprint.
FORMAT = 1
# The tables a session's figures are counted from (definitions.py): the proposals, their
# assignments, replies and feedback, and the proposers' sectors.
TABLES = (Proposal.__tablename__, Assignment.__tablename__, Reply.__tablename__,
          Feedback.__tablename__, MemberProfile.__tablename__)


def part(session_id: int) -> str:
    return f"session:{session_id}"


@dataclass(frozen=True)
class SessionFigures:
    """One session's grouped counts (never changed once made: pages copy what they sum).
    ``row``: the session's counts of every proposal measure and letter class. ``kinds``:
    per (category, proposer type); ``sectors``: per proposer's sector (None: collective
    proposers); ``units``: per unit, the unit measures and letter classes. The breakdowns
    are None when only the row was computed. They hold from ``valid_from`` through
    ``valid_through`` (None: until the session changes)."""

    row: q.Counts
    kinds: dict[tuple, q.Counts] | None = None
    sectors: dict[Any, q.Counts] | None = None
    units: dict[int, q.Counts] | None = None
    valid_from: date = date.min
    valid_through: date | None = None

    @property
    def complete(self) -> bool:
        return self.kinds is not None

    def holds_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_through is None
                                           or day <= self.valid_through)

    def to_json(self) -> dict[str, Any]:
        def pairs(groups: dict | None) -> list | None:
            return None if groups is None else [[k, c] for k, c in groups.items()]

        return {"row": self.row, "kinds": pairs(self.kinds), "sectors": pairs(self.sectors),
                "units": pairs(self.units), "from": self.valid_from.isoformat(),
                "through": self.valid_through and self.valid_through.isoformat()}

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> SessionFigures:
        def groups(pairs: list | None, key: Any = lambda k: k) -> dict | None:  # noqa: ANN401
            return None if pairs is None else {key(k): c for k, c in pairs}

        through = value["through"]
        return cls(value["row"], groups(value["kinds"], tuple), groups(value["sectors"]),
                   groups(value["units"]), date.fromisoformat(value["from"]),
                   date.fromisoformat(through) if through else None)


# -- which sessions a transaction changed ---------------------------------------------------

def _values(obj: Any, attribute: str) -> set[Any] | None:  # noqa: ANN401
    """The attribute's value as loaded now and before this flush (no load from the
    database: a deleted object keeps what it had). None when it was changed without its
    old value loaded (set on an object expired by a commit): the old one is unknown."""
    state = inspect(obj)
    history = state.attrs[attribute].history
    if history.has_changes() and not history.deleted and state.has_identity:
        return None
    values = {state.dict.get(attribute), *history.deleted}
    values.discard(None)
    return values


def _sessions_changed(session: Session, objects: list[Any]) -> set[str]:
    """stamps.watch's function: the sessions of the proposals the flushed objects belong
    to. A proposer's sector counts for all their proposals: a member profile added,
    deleted or given another sector stamps every session the member has proposed in."""
    sessions: set[int] = set()
    proposals: set[int] = set()
    proposers: set[int] = set()
    for obj in objects:
        if isinstance(obj, Proposal):
            values = _values(obj, "session_id")
            into = sessions
        elif isinstance(obj, (Reply, Assignment, Feedback)):
            values = _values(obj, "proposal_id")
            into = proposals
        elif isinstance(obj, MemberProfile) and (
                obj in session.deleted or obj in session.new
                or inspect(obj).attrs.sector_id.history.has_changes()):
            values = _values(obj, "user_id")
            into = proposers
        else:
            continue
        if values is None:
            return {stamps.WHOLE}
        into |= values
    if proposers:
        sessions.update(session.scalars(
            db.select(Proposal.session_id).distinct()
            .where(Proposal.proposer_id.in_(sorted(proposers)),
                   Proposal.proposer_type != "collective")))
    # Proposals in memory answer for themselves; the rest in one statement.
    unknown = set()
    for pid in proposals:
        loaded = session.identity_map.get(inspect(Proposal).identity_key_from_primary_key(
            (pid,)))
        if loaded is not None and loaded.session_id is not None:
            sessions.add(loaded.session_id)
        else:
            unknown.add(pid)
    if unknown:
        sessions.update(session.scalars(db.select(Proposal.session_id)
                                        .where(Proposal.id.in_(sorted(unknown)))))
    return {part(s) for s in sessions}


stamps.watch(TABLES, _sessions_changed)


# -- the kept figures ------------------------------------------------------------------------

def init_app(app: Any) -> None:  # noqa: ANN401
    """The app's kept session figures (none when STATISTICS_CACHE_SECONDS is 0)."""
    seconds = float(app.config.get("STATISTICS_CACHE_SECONDS", 0))
    if seconds > 0:
        app.extensions[CACHE] = PageCache(int(app.config.get("STATISTICS_CACHE_SESSIONS", 100)),
                                          seconds)


def _cache() -> PageCache[tuple[Any, SessionFigures, datetime | None]] | None:
    return current_app.extensions.get(CACHE)


def kept_name(session_id: int) -> str:
    """The name of a session's figures among the results kept in the database."""
    return f"statistics:{part(session_id)}"


@functools.cache
def _definitions() -> str:
    """A fingerprint of what the kept figures mean: their layout and the SQL of every
    measure and of the rows they count, so that figures kept in the database by an older
    release whose definitions differ are never read back as this one's."""
    text = [str(FORMAT), str(d.UNIT_ROW), str(d.latest_letter())]
    for m in (*d.PROPOSAL_MEASURES, *d.ASSIGNMENT_MEASURES, d.LETTERS):
        text += [m.key, str(m.condition(date(2000, 1, 1)))]
    return hashlib.sha256("\n".join(text).encode()).hexdigest()[:16]


def _key_text(key: tuple[int | None, int | None]) -> str:
    stamps_text = ":".join("-" if stamp is None else str(stamp) for stamp in key)
    return f"{_definitions()}:{stamps_text}"


def session_figures(sessions: list[q.SessionInfo], row_ids: Iterable[int],
                    complete_ids: Iterable[int], today: date) -> dict[int, SessionFigures]:
    """The figures of the sessions ``row_ids`` (their rows) and ``complete_ids`` (rows and
    breakdowns): kept ones where their stamps have not moved and they hold today, from
    this worker's memory or else from the database; the rest computed (and kept in both)."""
    complete = set(complete_ids)
    wanted = set(row_ids) | complete
    cache = _cache()
    # The stamps first, then the data: what is computed below is at least as new as them.
    read = stamps.read(part(s) for s in wanted) if cache is not None else None
    # What this transaction wrote and has not stamped yet (a request that writes and then
    # reads): computed, never kept.
    unstamped = stamps.pending(db.session()) if read is not None else set()
    if read is None or stamps.WHOLE in unstamped:
        return _compute(sessions, wanted - complete, complete, today)

    def usable(sid: int, figures: SessionFigures) -> bool:
        return figures.holds_on(today) and (sid not in complete or figures.complete)

    keys = {sid: (read[part(sid)], read[stamps.WHOLE]) for sid in wanted}
    trusted = {sid for sid in wanted if part(sid) not in unstamped}
    out: dict[int, SessionFigures] = {}
    now = utcnow()
    for sid in trusted:
        # (stamps, figures, when they stop being trusted: those read from the database
        # no later than there; those counted here after the cache's own max age)
        kept = cache.get(sid)
        if kept is not None and kept[0] == keys[sid] and usable(sid, kept[1]) and (
                kept[2] is None or now < kept[2]):
            out[sid] = kept[1]
    if trusted - set(out):
        names = {kept_name(sid): sid for sid in trusted - set(out)}
        for name, (key, value, expires_at) in stamps.kept(names).items():
            sid = names[name]
            if key != _key_text(keys[sid]):
                continue
            figures = SessionFigures.from_json(value)
            if usable(sid, figures):
                out[sid] = figures
                cache.put(sid, (keys[sid], figures, expires_at))
    missing = wanted - set(out)
    computed = _compute(sessions, missing - complete, missing & complete, today)
    new = {sid: figures for sid, figures in computed.items() if sid in trusted}
    for sid, figures in new.items():
        cache.put(sid, (keys[sid], figures, None))
    stamps.keep({kept_name(sid): (_key_text(keys[sid]), figures.to_json())
                 for sid, figures in new.items()}, cache.max_age)
    return out | computed


def _compute(sessions: list[q.SessionInfo], row_ids: set[int], complete_ids: set[int],
             today: date) -> dict[int, SessionFigures]:
    """Rows: proposals and letters per session (two statements). Complete: proposals and
    letters per session and attribute, letters and assignments per session and unit (four
    statements), the row summed from them. Then how long they hold (one statement)."""
    out: dict[int, SessionFigures] = {}
    if complete_ids:
        between = q.id_range(sessions, complete_ids)
        with q.serial_on_postgresql():
            kinds, sectors = q.attribute_groups(complete_ids, today, ids_between=between)
            units = q.assignment_groups(complete_ids, today, ids_between=between)
        unit_letters = q.letter_groups(complete_ids, q.SESSION_UNIT_KEYS, ids_between=between)
        for sid in complete_ids:
            out[sid] = SessionFigures({}, {}, {}, {})
        for (sid, *key), counts in kinds.items():
            # Every proposal and letter has a category and proposer type: the session's row
            # is the sum of these groups.
            q.add_counts(out[sid].row, counts)
            out[sid].kinds[tuple(key)] = counts
        for (sid, sector), counts in sectors.items():
            out[sid].sectors[sector] = counts
        for (sid, unit), counts in units.items():
            out[sid].units[unit] = counts
        for (sid, unit), counts in unit_letters.items():
            q.add_counts(out[sid].units.setdefault(unit, {}), counts)
    if row_ids:
        with q.serial_on_postgresql():
            proposals = q.proposal_groups(row_ids, today, q.SESSION_KEYS)
        letters = q.letter_groups(row_ids, q.SESSION_KEYS,
                                  ids_between=q.id_range(sessions, row_ids))
        for sid in row_ids:
            row: q.Counts = {}
            q.add_counts(row, proposals.get((sid,), {}))
            q.add_counts(row, letters.get((sid,), {}))
            out[sid] = SessionFigures(row)
    if not out:
        return out
    changes = q.next_changes(out, today)
    return {sid: replace(figures, valid_from=today, valid_through=changes.get(sid))
            for sid, figures in out.items()}
