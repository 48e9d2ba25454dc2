"""Notifications: an inbox row per recipient, and an e-mail after commit when SMTP is set."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import ForeignKey, Index, String, Text, event, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from deliberate.core.types import UTCDateTime, utcnow
from deliberate.extensions import db

log = logging.getLogger(__name__)


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40), default="info")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def _localized(message: Any, locale: str, params: dict[str, Any]) -> str:  # noqa: ANN401
    """Render a lazy message in the recipient's language, then fill in its parameters."""
    with force_locale(locale or "zh"):
        text = str(message)
    return text % params if params else text


def notify(
    recipients: Any,  # noqa: ANN401  (a user or an iterable of users)
    subject: Any,  # noqa: ANN401  (a lazy_gettext string, formatted with params)
    *,
    body: Any = "",  # noqa: ANN401
    url: str = "",
    kind: str = "info",
    params: dict[str, Any] | None = None,
) -> list[Notification]:
    """Queue one inbox entry per distinct active recipient; flush, never commit."""
    if recipients is None:
        return []
    if not isinstance(recipients, Iterable):
        recipients = [recipients]
    params = params or {}
    seen: set[int] = set()
    created = []
    for user in recipients:
        if user is None or user.id in seen or not user.is_active:
            continue
        seen.add(user.id)
        note = Notification(
            user_id=user.id,
            kind=kind,
            subject=_localized(subject, user.locale, params)[:300],
            body=_localized(body, user.locale, params) if body else "",
            url=url,
        )
        db.session.add(note)
        created.append(note)
        if user.email and current_app.config.get("MAIL_SERVER"):
            db.session.info.setdefault("outbox", []).append(
                (user.email, note.subject, note.body, url)
            )
    db.session.flush()
    return created


def unread_count(user: Any) -> int:  # noqa: ANN401
    stmt = select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    return db.session.scalar(stmt) or 0


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:  # noqa: ANN401
    stmt = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(list(ids)))
    result = db.session.execute(stmt.values(read_at=utcnow()))
    return result.rowcount or 0


@event.listens_for(Session, "after_commit")
def _send_outbox(session: Session) -> None:
    # Mail leaves only for changes that were committed: a rolled-back action sends nothing.
    outbox = session.info.pop("outbox", None)
    if not outbox:
        return
    cfg = current_app.config
    try:
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=10) as smtp:
            if cfg.get("MAIL_USE_TLS"):
                smtp.starttls()
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            for to, subject, body, url in outbox:
                msg = EmailMessage()
                msg["From"] = cfg["MAIL_SENDER"]
                msg["To"] = to
                msg["Subject"] = subject
                link = f"\n\n{cfg['BASE_URL'].rstrip('/')}{url}" if url else ""
                msg.set_content(f"{body}{link}")
                smtp.send_message(msg)
    except (OSError, smtplib.SMTPException):
        log.exception("sending %d notification e-mail(s) failed", len(outbox))


@event.listens_for(Session, "after_rollback")
def _drop_outbox(session: Session) -> None:
    session.info.pop("outbox", None)
