"""Stamps: which part of the data a transaction changed, for caches finer than the page
cache's single data version (core/pagecache.py), which any write anywhere moves.

A domain names parts of its data (``"session:12"``: the proposals of session 12 and what
hangs on them) with :func:`watch`: the tables they live in, and a function that tells the
parts of the objects a flush wrote. Every transaction that changes those tables gives the
parts it changed a new stamp, in the same transaction, just before it commits. A write the
ORM did not make (a bulk UPDATE, raw SQL, the scale seeder's inserts) to one of those
tables cannot be told apart and stamps the whole (:data:`WHOLE`) instead.

A cache keeps a result under the stamps of the parts it was computed from, read before
the data (:func:`read`): same stamps, same data. Stamps are random rather than counted, so
a rolled-back, emptied or restored database never brings back a stamp with other data
under it. A part never written has no stamp (``None``), which is a value like any other:
its data has not changed through the app since the stamps table was made. Writes made
outside the app (psql) stamp nothing; caches also expire.

A result worth sharing between workers and servers (one that takes long to compute and
stays right until its parts change, such as a past session's statistics) can also be kept
in the database, under its key (the stamps it was computed at, and whatever else it
depends on): :func:`keep` writes it in a short transaction of its own, :func:`kept` reads
it back, and the caller trusts it only when the key is the one it would compute under now.
"""

from __future__ import annotations

import json
import logging
import random
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, String, Text, event, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from deliberate.core.pagecache import has_table, is_write
from deliberate.core.types import UTCDateTime, utcnow
from deliberate.extensions import db

log = logging.getLogger(__name__)

# The part that stands for every part of every domain: a write that cannot be attributed.
WHOLE = "*"

_UPSERT = text("INSERT INTO data_part_stamps (part, stamp) VALUES (:part, :stamp) "
               "ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp")
_FLUSHING = "deliberate.stamps.flushing"
_UNATTRIBUTED = "deliberate.stamps.unattributed"
_PARTS = "deliberate.stamps.parts"


class PartStamp(db.Model):
    """A part's latest stamp; absent until the part is first written."""

    __tablename__ = "data_part_stamps"

    part: Mapped[str] = mapped_column(String(64), primary_key=True)
    stamp: Mapped[int] = mapped_column(BigInteger)


class KeptResult(db.Model):
    """A result kept for every worker and server (keep, kept): its value as JSON, under
    the key it was computed at, trusted until ``expires_at``."""

    __tablename__ = "kept_results"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(500))
    value: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class Watch:
    tables: frozenset[str]
    # The parts the flushed objects changed (WHOLE when it cannot tell); called once per
    # flush with the new, changed and deleted objects, in the flush's session.
    parts_of: Callable[[Session, list[Any]], set[str]]


_WATCHES: list[Watch] = []
_TABLES: re.Pattern[str] | None = None


def watch(tables: Iterable[str], parts_of: Callable[[Session, list[Any]], set[str]]) -> None:
    """Stamp the parts ``parts_of`` names whenever ``tables`` change."""
    global _TABLES
    _WATCHES.append(Watch(frozenset(tables), parts_of))
    names = sorted({t for w in _WATCHES for t in w.tables})
    _TABLES = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b", re.IGNORECASE)


def read(parts: Iterable[str]) -> dict[str, int | None] | None:
    """The stamps of ``parts`` and of WHOLE (None for a part never written), in one
    statement. Read it before the data a cache keeps under it. None before the stamps
    table exists (``flask db upgrade``): nothing is stamped, nothing may be kept."""
    if not has_table(db.session.connection(), PartStamp.__tablename__):
        return None
    wanted = sorted({*parts, WHOLE})
    rows = db.session.execute(select(PartStamp.part, PartStamp.stamp)
                              .where(PartStamp.part.in_(wanted)))
    found = {part: stamp for part, stamp in rows}
    return {part: found.get(part) for part in wanted}


def restamp(connection: Any, parts: Iterable[str]) -> None:  # noqa: ANN401
    """Give ``parts`` new stamps (in the connection's transaction)."""
    for part in sorted(set(parts)):
        connection.execute(_UPSERT, {"part": part, "stamp": secrets.randbits(62)})


def pending(session: Session) -> set[str]:
    """The parts this session's transaction has written and not stamped yet (they are
    stamped when it commits), WHOLE among them when a write was not attributable. A cache
    read inside that transaction must not trust, or keep, what it computes for them."""
    parts = set(session.info.get(_PARTS, ()))
    if session.in_transaction() and session.connection().info.get(_UNATTRIBUTED):
        parts.add(WHOLE)
    return parts


# -- results kept in the database ----------------------------------------------------------

_KEEP = text("INSERT INTO kept_results (name, key, value, expires_at) "
             "VALUES (:name, :key, :value, :expires_at) ON CONFLICT (name) DO UPDATE "
             "SET key = excluded.key, value = excluded.value, expires_at = excluded.expires_at")
_KEEPING = "deliberate.stamps.keeping"
_RANDOM = random.SystemRandom()
# How long keeping a result may wait for a lock held by another writer: a result not kept
# is only computed again, a page kept waiting is slower for everyone.
KEEP_WAIT_MS = 200


def kept(names: Iterable[str]) -> dict[str, tuple[str, Any, datetime]]:
    """The results kept under ``names`` and not expired: name → (key, value, when it
    expires), in one statement of the current transaction. Empty before the table exists."""
    names = sorted(set(names))
    if not names or not has_table(db.session.connection(), KeptResult.__tablename__):
        return {}
    rows = db.session.execute(
        select(KeptResult.name, KeptResult.key, KeptResult.value, KeptResult.expires_at)
        .where(KeptResult.name.in_(names), KeptResult.expires_at > utcnow()))
    return {name: (key, json.loads(value), expires_at)
            for name, key, value, expires_at in rows}


def keep(results: Mapping[str, tuple[str, Any]], seconds: float) -> None:
    """Keep ``results`` (name → (key, JSON-able value)) for every worker, trusted for at
    most ``seconds`` (the longest a write made outside the app may go unseen) and at least
    half that: each result's time is drawn at random, so that results counted together
    (a cold page's whole term) are not all counted again together. They are written in a
    short transaction of their own once the current one ends (at once when there is
    none): a read-only request stays read-only, the page cache's counter does not move,
    and on SQLite the request's snapshot is never older than a write of its own process,
    which would keep the request from writing after it."""
    if not results:
        return
    timed = {name: (key, value, seconds * (0.5 + _RANDOM.random() / 2))
             for name, (key, value) in results.items()}
    session = db.session()
    if session.in_transaction():
        engine, pending = session.info.setdefault(_KEEPING, (db.engine, {}))
        pending.update(timed)
        return
    _write_kept(db.engine, timed)


def _write_kept(engine: Any, results: Mapping[str, tuple[str, Any, float]]) -> None:  # noqa: ANN401
    """A failure (a lock held too long, a read-only database, a value JSON cannot hold) is
    logged, never raised: the result is only computed again."""
    try:
        now = utcnow()
        rows = [{"name": name, "key": key, "value": json.dumps(value, separators=(",", ":")),
                 "expires_at": now + timedelta(seconds=seconds)}
                for name, (key, value, seconds) in sorted(results.items())]
        with engine.connect() as connection:
            # SQLite: a busy timeout for this connection (set on the driver's connection,
            # before BEGIN, which may wait for the lock), restored before it goes back to
            # the pool; PostgreSQL: a lock timeout for this transaction.
            raw = connection.connection.dbapi_connection
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                before = raw.execute("PRAGMA busy_timeout").fetchone()[0]
                raw.execute(f"PRAGMA busy_timeout = {KEEP_WAIT_MS}")
            try:
                with connection.begin():
                    if not has_table(connection, KeptResult.__tablename__):
                        return
                    if connection.dialect.name == "postgresql":
                        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {KEEP_WAIT_MS}")
                    connection.execute(_KEEP, rows)
            finally:
                if sqlite:
                    raw.execute(f"PRAGMA busy_timeout = {int(before)}")
    except (SQLAlchemyError, TypeError, ValueError) as error:
        log.warning("results not kept (%s): %s", ", ".join(sorted(results)), error)


def _keep_after(session: Session, transaction: Any) -> None:  # noqa: ANN401
    if transaction.parent is None and _KEEPING in session.info:
        engine, pending = session.info.pop(_KEEPING)
        _write_kept(engine, pending)


# -- telling the parts of a transaction ---------------------------------------------------

def _on_cursor_execute(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:  # noqa: ANN401
    # Statements of a flush are attributed by their objects (_after_flush); any other write
    # to a watched table is not attributable.
    if (_TABLES is None or conn.info.get(_FLUSHING) or conn.info.get(_UNATTRIBUTED)
            or not is_write(statement) or not _TABLES.search(statement)):
        return
    conn.info[_UNATTRIBUTED] = True


def _transaction_over(conn: Any) -> None:  # noqa: ANN401
    conn.info.pop(_UNATTRIBUTED, None)
    conn.info.pop(_FLUSHING, None)


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:  # noqa: ANN401
    if _WATCHES and (session.new or session.dirty or session.deleted):
        session.connection().info[_FLUSHING] = True


def _after_flush(session: Session, _ctx: Any) -> None:  # noqa: ANN401
    if not _WATCHES:
        return
    objects = [*session.new, *session.dirty, *session.deleted]
    if not objects:
        return
    parts = session.info.setdefault(_PARTS, set())
    with session.no_autoflush:
        for w in _WATCHES:
            parts |= w.parts_of(session, objects)


def _after_flush_postexec(session: Session, _ctx: Any) -> None:  # noqa: ANN401
    session.connection().info.pop(_FLUSHING, None)


def _before_commit(session: Session) -> None:
    if not _WATCHES:
        return
    session.flush()  # the commit's own flush comes after this event
    parts = session.info.pop(_PARTS, set())
    if not session.in_transaction():
        return
    connection = session.connection()
    if connection.info.pop(_UNATTRIBUTED, False):
        parts.add(WHOLE)
    if parts and has_table(connection, PartStamp.__tablename__):
        restamp(connection, parts)


def _forget(session: Session, *_args: Any) -> None:  # noqa: ANN401
    session.info.pop(_PARTS, None)


event.listen(Session, "before_flush", _before_flush)
event.listen(Session, "after_flush", _after_flush)
event.listen(Session, "after_flush_postexec", _after_flush_postexec)
event.listen(Session, "before_commit", _before_commit)
event.listen(Session, "after_rollback", _forget)
event.listen(Session, "after_transaction_end", _keep_after)


def init_app(app: Any) -> None:  # noqa: ANN401
    """Watch every statement on the app's engine for writes the ORM did not make."""
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", _on_cursor_execute)
    event.listen(engine, "commit", _transaction_over)
    event.listen(engine, "rollback", _transaction_over)
