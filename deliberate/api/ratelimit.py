"""Per-token rate limit with fixed windows counted in the database.

API_RATE_LIMIT is "<requests>/<second|minute|hour|day>" (e.g. "600/minute"); 0 or an empty
value turns the limit off. Each request adds one to its token's current window with a single
INSERT ... ON CONFLICT DO UPDATE ... RETURNING statement, atomic on SQLite and PostgreSQL,
so concurrent workers never lose a count.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from deliberate.api.models import ApiRateWindow
from deliberate.extensions import db

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


@dataclass(frozen=True)
class Limit:
    requests: int
    seconds: int


@lru_cache(maxsize=16)
def parse_limit(spec: str | int | None) -> Limit | None:
    """The configured limit, or None when it is turned off; a malformed value is an error
    at the first request rather than a silently unlimited API."""
    text = str(spec if spec is not None else "").strip().lower()
    if text in {"", "0", "none", "off"}:
        return None
    count, sep, period = text.partition("/")
    if not sep or not count.isdigit() or period not in PERIODS:
        raise ValueError(f"API_RATE_LIMIT must look like '600/minute' or be 0, not {spec!r}")
    if int(count) == 0:
        return None
    return Limit(int(count), PERIODS[period])


@dataclass(frozen=True)
class Hit:
    count: int
    allowed: bool
    retry_after: int


def count_request(token_id: int, limit: Limit, now: float | None = None) -> Hit:
    """Add this request to the token's window (flushes in the caller's transaction)."""
    now = time.time() if now is None else now
    start = int(now) - int(now) % limit.seconds
    started_at = datetime.fromtimestamp(start, UTC)
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(ApiRateWindow).values(token_id=token_id, window_started_at=started_at, hits=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[ApiRateWindow.token_id, ApiRateWindow.window_started_at],
        set_={"hits": ApiRateWindow.hits + 1},
    ).returning(ApiRateWindow.hits)
    count = int(db.session.execute(stmt).scalar_one())
    if count == 1:
        # A new window began: the token's older ones are finished with.
        db.session.execute(delete(ApiRateWindow).where(
            ApiRateWindow.token_id == token_id, ApiRateWindow.window_started_at < started_at))
    retry_after = max(1, math.ceil(start + limit.seconds - now))
    return Hit(count=count, allowed=count <= limit.requests, retry_after=retry_after)
