"""Sign-in throttling, kept in the database so every worker and server shares the count."""

from __future__ import annotations

import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select

from deliberate.auth.models import LoginAttempt
from deliberate.core.types import utcnow
from deliberate.extensions import db


def seconds_until_allowed(username: str, address: str) -> int:
    """0 when a sign-in may be tried; otherwise how long until the oldest failure expires."""
    limit = current_app.config["LOGIN_THROTTLE_ATTEMPTS"]
    window: timedelta = current_app.config["LOGIN_THROTTLE_WINDOW"]
    since = utcnow() - window
    waits = []
    for column, value in ((LoginAttempt.username, username), (LoginAttempt.address, address)):
        failures = select(LoginAttempt.created_at).where(
            column == value, LoginAttempt.succeeded.is_(False), LoginAttempt.created_at > since
        ).order_by(LoginAttempt.created_at.desc()).limit(limit)
        times = list(db.session.scalars(failures))
        if len(times) >= limit:
            waits.append((times[-1] + window - utcnow()).total_seconds())
    return max(0, math.ceil(max(waits))) if waits else 0


def record_attempt(username: str, address: str, succeeded: bool) -> None:
    db.session.add(LoginAttempt(username=username[:64], address=address[:64],
                                succeeded=succeeded))
    if succeeded:
        # A successful sign-in clears that account's failures.
        db.session.execute(delete(LoginAttempt).where(
            LoginAttempt.username == username, LoginAttempt.succeeded.is_(False)))


def purge_old_attempts() -> int:
    cutoff = utcnow() - current_app.config["LOGIN_THROTTLE_WINDOW"] * 4
    result = db.session.execute(delete(LoginAttempt).where(
        or_(LoginAttempt.created_at < cutoff, func.length(LoginAttempt.username) == 0)))
    return result.rowcount or 0
