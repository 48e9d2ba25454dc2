"""Rendered pages kept, per worker and per signed-in session, until anything is written.

The heavy list pages (the working list, the statistics, the deadlines board) are read far
more often than the data under them changes: a clerk pages back and forth, a leader reloads
the figures. Rather than invalidating by hand (and forgetting a case), every transaction
that writes anything through the app's database session also adds one to a single counter
row, ``data_version``, in that same transaction. A page is kept under the counter's value
read at the start of its request, so any write anywhere, by any worker or server, makes
every kept page unreachable: a cached page is never older than the data it was rendered
from. Serving a kept page costs that one read.

A page is kept per session cookie (so no one is ever served a page rendered for someone
else), browser language, query string and day; only plain 200 responses that left the
session untouched are kept. Writes made outside the app (psql, another program) do not
move the counter: entries also expire after ``PAGE_CACHE_SECONDS`` (0 turns the cache
off).
"""

from __future__ import annotations

import re
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import Response, current_app, g, request, session
from sqlalchemy import BigInteger, event, inspect, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from deliberate.extensions import db

_WRITES = re.compile(r"\b(insert|update|delete|replace)\b", re.IGNORECASE)
_BUMP = text("INSERT INTO data_version (id, n) VALUES (1, 1) "
             "ON CONFLICT (id) DO UPDATE SET n = data_version.n + 1")
_WROTE = "deliberate.wrote"
T = TypeVar("T")


class DataVersion(db.Model):
    """One row (id 1) counting the transactions that wrote anything. Absent in a new
    database: the first write creates it, so an empty database stays empty (restore)."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(BigInteger)


_READ = "SELECT n FROM data_version WHERE id = 1"


def current_version() -> int:
    """The counter as this request first saw it. Read before the page's data, in the
    request's own transaction: the page is then at least as new as the version."""
    if "data_version" not in g:
        g.data_version = db.session.connection().exec_driver_sql(_READ).scalar() or 0
    return g.data_version


# -- counting writes ----------------------------------------------------------------------

def is_write(statement: str) -> bool:
    """Whether the SQL ``statement`` writes (also used by core/stamps.py)."""
    head = statement.lstrip()[:6].lower()
    # A statement opening with a CTE writes when the verb comes after it.
    return head in ("insert", "update", "delete", "replac") or (
        head.startswith("with") and bool(_WRITES.search(statement)))


def _on_cursor_execute(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:  # noqa: ANN401
    if not conn.info.get(_WROTE) and is_write(statement):
        conn.info[_WROTE] = True


def _transaction_over(conn: Any) -> None:  # noqa: ANN401
    conn.info.pop(_WROTE, None)


def _before_commit(session: Session) -> None:
    # The commit's own flush comes after this event: flush now so its writes are seen.
    session.flush()
    if not session.in_transaction():
        return
    connection = session.connection()
    if connection.info.pop(_WROTE, False) and has_table(connection, DataVersion.__tablename__):
        connection.execute(_BUMP)


_READY: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


def has_table(connection: Any, name: str) -> bool:  # noqa: ANN401
    """Whether the database has the table ``name`` (also used by core/stamps.py). Code
    newer than its database (before ``flask db upgrade``) still works without it: the
    table is looked for on each use until it appears, then never again."""
    ready = _READY.setdefault(connection.engine, set())
    if name in ready:
        return True
    if inspect(connection).has_table(name):
        ready.add(name)
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


event.listen(Session, "before_commit", _before_commit)


# -- the cache ----------------------------------------------------------------------------

@dataclass(frozen=True)
class KeptPage:
    version: int
    vary: Callable[[], Hashable] | None
    varied: Hashable
    status: str
    headers: list[tuple[str, str]]
    body: bytes


class PageCache(Generic[T]):
    """A small LRU with an age limit, of rendered pages (or of anything else kept per worker:
    reports/summary.py keeps figures in one); one per application (so per worker process),
    shared by its threads."""

    def __init__(self, max_entries: int, max_age: float) -> None:
        self.max_entries = max_entries
        self.max_age = max_age
        self._entries: OrderedDict[Hashable, tuple[float, T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() - entry[0] > self.max_age:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, value: T) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def page_cache() -> PageCache[KeptPage] | None:
    return current_app.extensions.get("page_cache")


def _request_key(environ: dict[str, Any]) -> Hashable:
    """Every input of a page that the database does not hold, exactly as the browser sent
    it: the cookies (the session: who is signed in, their tokens, their language), the
    browser's languages, the address. Same key and same data: same page."""
    return (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"),
            environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO"),
            environ.get("QUERY_STRING", ""), environ.get("HTTP_COOKIE", ""),
            environ.get("HTTP_ACCEPT_LANGUAGE", ""))


class KeptPages:
    """WSGI layer in front of the app: a GET that matches a kept page is answered here,
    without Flask, the sign-in check or the view, once one statement has confirmed that
    nothing was written since the page was rendered. The page was rendered, with the full
    sign-in and permission checks, for the same cookie and the same data, so those checks
    would decide the same again. Anything else goes to the app."""

    def __init__(self, app: Any, cache: PageCache[KeptPage], engine: Any) -> None:  # noqa: ANN401
        self.app = app
        self.cache = cache
        self.engine = engine
        self.postgresql = engine.dialect.name == "postgresql"

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Any:  # noqa: ANN401
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("HTTP_COOKIE"):
            page = self.cache.get(_request_key(environ))
            if (page is not None and page.version == self._version()
                    and (page.vary is None or page.vary() == page.varied)):
                start_response(page.status, page.headers)
                return [page.body]
        return self.app(environ, start_response)

    def _version(self) -> int:
        connection = self.engine.raw_connection()
        # PostgreSQL: the one read outside a transaction. psycopg would otherwise send BEGIN
        # before it and the pool a ROLLBACK after it, three round trips for one: serving a
        # kept page took 20-25% longer (gunicorn -w 4 on two cores: 4,600 → 5,600 pages a
        # second at 150,000 proposals). SQLite's connections begin nothing by themselves.
        driver = connection.driver_connection if self.postgresql else None
        try:
            if driver is not None:
                driver.autocommit = True
            cursor = connection.cursor()
            cursor.execute(_READ)
            row = cursor.fetchone()
            cursor.close()
        finally:
            if driver is not None:
                try:
                    driver.autocommit = False  # as the pool hands it to everyone else
                except Exception:
                    connection.invalidate()  # never back in the pool as it is
                    raise
            connection.close()
        return row[0] if row else 0


_NOT_KEPT = object()


def _kept_vary() -> Any:  # noqa: ANN401
    """The ``vary`` of the view this GET goes to if its page is kept (cached_page), else
    _NOT_KEPT."""
    if request.method != "GET":
        return _NOT_KEPT
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "page_cache_vary", _NOT_KEPT)


def _read_version_first() -> None:
    # A page to be kept reads the version before anything else of the request (the user
    # included): the page is then at least as new as the version it is kept under.
    if _kept_vary() is not _NOT_KEPT:
        current_version()


def _keep_page(response: Response) -> Response:
    vary = _kept_vary()
    cache = page_cache()
    # Only a page that left the session as it came (no new form token, no message shown
    # once): the browser then sends the same cookie again.
    if (vary is _NOT_KEPT or cache is None or response.status_code != 200
            or response.is_streamed or session.modified or "Set-Cookie" in response.headers
            or "data_version" not in g):
        return response
    body = response.get_data()
    cache.put(_request_key(request.environ), KeptPage(
        version=g.data_version, vary=vary, varied=vary() if vary else None,
        status=response.status,
        headers=list(response.headers.items()), body=body))
    return response


def cached_page(vary: Callable[[], Hashable] | None = None) -> Callable:
    """Keep the view's GET page until anything is written. ``vary`` adds what else the
    page depends on that neither the database nor the request holds (the day, for pages
    that count days left); it runs outside any app context. Kept pages are answered by
    KeptPages before the app runs; the view is only marked (the permission decorator
    above it carries the mark to the registered view)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        view.page_cache_vary = vary  # type: ignore[attr-defined]
        return view

    return decorate


def init_app(app: Any) -> None:  # noqa: ANN401
    with app.app_context():
        engine = db.engine
    count_writes(engine)
    seconds = float(app.config.get("PAGE_CACHE_SECONDS", 0))
    if seconds <= 0:
        return
    cache = app.extensions["page_cache"] = PageCache(
        int(app.config.get("PAGE_CACHE_ENTRIES", 200)), seconds)
    app.wsgi_app = KeptPages(app.wsgi_app, cache, engine)
    # First of the request (before the sign-in check loads the user); the page is kept
    # last, with every other hook's headers on it.
    app.before_request_funcs.setdefault(None, []).insert(0, _read_version_first)
    app.after_request_funcs.setdefault(None, []).insert(0, _keep_page)
