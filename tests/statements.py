"""Watching the SQL a block of test code runs (query-count and cache tests)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from deliberate.extensions import db


@contextmanager
def recorded_statements(keep: Callable[[str], bool] | None = None,
                        take: Callable[[str, Any], Any] | None = None) -> Iterator[list[Any]]:
    """The statements the app's engine runs inside the block, BEGIN aside (SQLite's is a
    statement of its own, PostgreSQL's is not), only those ``keep`` accepts if given;
    ``take(statement, parameters)`` is what is recorded of each (the statement if not
    given)."""
    seen: list[Any] = []

    def before(_conn, _cursor, statement, parameters, *_args) -> None:  # noqa: ANN001, ANN002
        if not statement.startswith("BEGIN") and (keep is None or keep(statement)):
            seen.append(statement if take is None else take(statement, parameters))

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
