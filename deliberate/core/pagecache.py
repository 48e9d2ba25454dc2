"""Rendered pages kept, per worker and per signed-in session, until anything is written.

The heavy list pages (the working list, the statistics, the deadlines board) are read far
more often than the data under them changes: a clerk pages back and forth, a leader reloads
the figures. Rather than invalidating by hand (and forgetting a case), every transaction
that writes anything through the app's database session also adds one to a single counter
row, ``data_version``, in that same transaction. A page is kept under the counter's value
read at the start of its request, so any write anywhere, by any worker or server, makes
every kept page unreachable: a cached page is never older than the data it was rendered
from. The counter is read in the statement that loads the signed-in user (auth), so a page
served from the cache costs that one statement.

A page is kept per session (the user, their sign-in token and their CSRF token are part of
the key, so no one is ever served a page rendered for someone else) and per language,
query string and day; only plain 200 responses with no flashed message are kept. Writes
made outside the app (psql, another program) do not move the counter: entries also expire
after ``PAGE_CACHE_SECONDS`` (0 turns the cache off).
"""

from __future__ import annotations

import functools
import re
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import BigInteger, event, inspect, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from deliberate.extensions import db

_WRITES = re.compile(r"\b(insert|update|delete|replace)\b", re.IGNORECASE)
_BUMP = text("INSERT INTO data_version (id, n) VALUES (1, 1) "
             "ON CONFLICT (id) DO UPDATE SET n = data_version.n + 1")
_WROTE = "deliberate.wrote"


class DataVersion(db.Model):
    """One row (id 1) counting the transactions that wrote anything. Absent in a new
    database: the first write creates it, so an empty database stays empty (restore)."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(BigInteger)


def version_column() -> Any:  # noqa: ANN401
    """The counter as a scalar subquery, for the user's loading statement to carry."""
    return select(DataVersion.n).where(DataVersion.id == 1).scalar_subquery()


def remember_version(value: int | None) -> None:
    g.data_version = value or 0


def current_version() -> int:
    """The counter as this request first saw it (read now if nothing has read it yet)."""
    if "data_version" not in g:
        remember_version(db.session.scalar(select(version_column())))
    return g.data_version


# -- counting writes ----------------------------------------------------------------------

def _is_write(statement: str) -> bool:
    head = statement.lstrip()[:6].lower()
    if head in ("insert", "update", "delete"):
        return True
    return (head.startswith("with") or head.startswith("replac")) and bool(
        _WRITES.search(statement))


def _on_cursor_execute(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:  # noqa: ANN401
    if not conn.info.get(_WROTE) and _is_write(statement):
        conn.info[_WROTE] = True


def _transaction_over(conn: Any) -> None:  # noqa: ANN401
    conn.info.pop(_WROTE, None)


def _before_commit(session: Session) -> None:
    # The commit's own flush comes after this event: flush now so its writes are seen.
    session.flush()
    if not session.in_transaction():
        return
    connection = session.connection()
    if connection.info.pop(_WROTE, False) and _counter_exists(connection):
        connection.execute(_BUMP)


_READY: weakref.WeakSet[Any] = weakref.WeakSet()


def _counter_exists(connection: Any) -> bool:  # noqa: ANN401
    # Code newer than its database (before ``flask db upgrade``) still commits; it looks
    # for the table on each write until it appears, then never again.
    if connection.engine in _READY:
        return True
    if inspect(connection).has_table(DataVersion.__tablename__):
        _READY.add(connection.engine)
        return True
    return False


def count_writes(engine: Any) -> None:  # noqa: ANN401
    """Watch every statement on the app's engine (ORM flushes, bulk statements and raw SQL
    alike); the session adds the counter's step just before it commits. Migrations and
    other raw connections are watched but never counted: they do not commit through a
    session (and the table may not exist yet)."""
    event.listen(engine, "before_cursor_execute", _on_cursor_execute)
    event.listen(engine, "commit", _transaction_over)
    event.listen(engine, "rollback", _transaction_over)


def bump(connection: Any) -> None:  # noqa: ANN401
    """For writes committed on a raw connection rather than through the session."""
    connection.execute(_BUMP)


event.listen(Session, "before_commit", _before_commit)


# -- the cache ----------------------------------------------------------------------------

class PageCache:
    """A small LRU of rendered pages with an age limit; one per application (so per
    worker process), shared by its threads."""

    def __init__(self, max_entries: int, max_age: float) -> None:
        self.max_entries = max_entries
        self.max_age = max_age
        self._entries: OrderedDict[Hashable, tuple[float, bytes, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[bytes, str] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            stored, body, mimetype = entry
            if time.monotonic() - stored > self.max_age:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return body, mimetype

    def put(self, key: Hashable, body: bytes, mimetype: str) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), body, mimetype)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def page_cache() -> PageCache | None:
    return current_app.extensions.get("page_cache")


def _key(vary: Callable[[], Hashable] | None) -> Hashable | None:
    token = session.get("csrf_token")
    if (request.method != "GET" or not current_user.is_authenticated or token is None
            or session.get("_flashes")):
        return None
    return (request.endpoint, request.full_path, current_user.get_id(), token,
            str(get_locale()), current_version(), vary() if vary else None)


def cached_page(vary: Callable[[], Hashable] | None = None) -> Callable:
    """Serve the view's page from the cache while nothing has been written. ``vary`` adds
    what else the page depends on that the database does not hold (the day, for pages
    that count days left). Put it under the permission decorator: the check still runs
    on every request."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            cache = page_cache()
            key = _key(vary) if cache is not None else None
            if key is None:
                return view(*args, **kwargs)
            hit = cache.get(key)
            if hit is not None:
                return Response(hit[0], mimetype=hit[1])
            response = current_app.make_response(view(*args, **kwargs))
            if (response.status_code == 200 and not response.is_streamed
                    and not session.get("_flashes")):
                cache.put(key, response.get_data(), response.mimetype)
            return response

        return wrapped

    return decorate


def init_app(app: Any) -> None:  # noqa: ANN401
    with app.app_context():
        count_writes(db.engine)
    seconds = float(app.config.get("PAGE_CACHE_SECONDS", 0))
    if seconds > 0:
        app.extensions["page_cache"] = PageCache(
            int(app.config.get("PAGE_CACHE_ENTRIES", 200)), seconds)
