"""The audit log: one append-only Event row per change, written in the same transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import g, has_request_context
from sqlalchemy import JSON, ForeignKey, Index, String, Text, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from deliberate.core.types import UTCDateTime, utcnow
from deliberate.extensions import db


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_object", "object_type", "object_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    # Where the change came from: web, api (with its token) or cli.
    via: Mapped[str] = mapped_column(String(10), default="web")
    token_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor = relationship("User", lazy="joined")

    @property
    def action_label(self) -> str:
        from deliberate.core.workflow import action_label

        return action_label(self.object_type, self.action)

    @property
    def from_state_label(self) -> str:
        from deliberate.core.workflow import state_label

        return state_label(self.object_type, self.from_state) if self.from_state else ""

    @property
    def to_state_label(self) -> str:
        from deliberate.core.workflow import state_label

        return state_label(self.object_type, self.to_state) if self.to_state else ""


def _jsonable(value: Any) -> Any:  # noqa: ANN401
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "value") and hasattr(value, "name"):  # enums
        return value.value
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def current_origin() -> tuple[str, int | None]:
    """(via, token id) for the change being made: API requests set g.via and g.api_token_id."""
    if has_request_context():
        return g.get("via", "web"), g.get("api_token_id")
    return "cli", None


def record_event(
    object_type: str,
    object_id: int,
    action: str,
    actor: Any,  # noqa: ANN401
    *,
    from_state: str | None = None,
    to_state: str | None = None,
    data: dict[str, Any] | None = None,
    note: str = "",
) -> Event:
    via, token_id = current_origin()
    ev = Event(
        object_type=object_type,
        object_id=object_id,
        action=action,
        actor_id=getattr(actor, "id", None),
        from_state=from_state,
        to_state=to_state,
        data=_jsonable(data or {}),
        note=note or "",
        via=via,
        token_id=token_id,
    )
    db.session.add(ev)
    db.session.flush()
    return ev


def events_for(object_type: str, object_id: int) -> list[Event]:
    stmt = (
        select(Event)
        .where(Event.object_type == object_type, Event.object_id == object_id)
        .order_by(Event.id)
    )
    return list(db.session.scalars(stmt))


class ImmutableEventError(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _events_are_append_only(session: Session, _ctx: Any, _instances: Any) -> None:  # noqa: ANN401
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Event) and (obj in session.deleted or session.is_modified(obj)):
            raise ImmutableEventError("events are never updated or deleted")
