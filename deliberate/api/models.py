"""The per-token request counters behind the API's rate limit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from deliberate.core.types import UTCDateTime
from deliberate.extensions import db


class ApiRateWindow(db.Model):
    """Requests made with one token in one fixed time window. The counter lives in the
    database so that every gunicorn worker and every server shares it: a counter in process
    memory would grant each worker the whole limit."""

    __tablename__ = "api_rate_windows"
    __table_args__ = (CheckConstraint("hits >= 0", name="hits_not_negative"),)

    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id"), primary_key=True)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)
