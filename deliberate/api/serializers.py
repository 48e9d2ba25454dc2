"""How records look in API responses (one function per kind, reused by every endpoint)."""

from __future__ import annotations

from typing import Any

from deliberate.auth.models import User
from deliberate.directory.models import Unit


def unit_ref(unit: Unit | None) -> dict[str, Any] | None:
    return None if unit is None else {"id": unit.id, "name": unit.name}


def unit_json(unit: Unit) -> dict[str, Any]:
    return {"id": unit.id, "name": unit.name, "short_name": unit.short_name,
            "is_active": unit.is_active}


def me_json(user: User) -> dict[str, Any]:
    return {"username": user.username, "display_name": user.display_name,
            "role": user.role.value, "role_label": user.role_label,
            "unit": unit_ref(user.unit), "locale": user.locale}


def user_ref(user: User | None) -> dict[str, Any] | None:
    return None if user is None else {"username": user.username,
                                      "display_name": user.display_name}


def topic_json(topic: Any, *, detail: bool = False, meetings: list[Any] = ()) -> dict[str, Any]:  # noqa: ANN401
    out = {"id": topic.id, "title": topic.title, "channel": topic.channel.value,
           "channel_label": str(topic.channel.label), "state": topic.state.value,
           "state_label": str(topic.state.label), "proposer": topic.proposer_label,
           "created_at": topic.created_at, "updated_at": topic.updated_at}
    if detail:
        out["background"] = topic.background
        out["meetings"] = [{"id": m.id, "title": m.title, "starts_at": m.starts_at}
                           for m in meetings]
    return out


def minutes_ref(minutes: Any, pdf_url: str | None) -> dict[str, Any] | None:  # noqa: ANN401
    if minutes is None:
        return None
    return {"id": minutes.id, "title": minutes.title, "state": minutes.state.value,
            "state_label": str(minutes.state.label), "revision": minutes.revision_number,
            "issued_at": minutes.issued_at, "pdf_url": pdf_url}


def meeting_json(meeting: Any, *, detail: bool = False,  # noqa: ANN401
                 minutes: dict[str, Any] | None = None) -> dict[str, Any]:
    topic = meeting.topic
    out = {"id": meeting.id, "title": meeting.title, "form": meeting.form.value,
           "form_label": str(meeting.form.label), "state": meeting.state.value,
           "state_label": str(meeting.state.label), "starts_at": meeting.starts_at,
           "ends_at": meeting.ends_at, "venue": meeting.venue,
           "chair": user_ref(meeting.chair),
           "topic": None if topic is None else {"id": topic.id, "title": topic.title}}
    if detail:
        out["description"] = meeting.description
        out["agenda"] = [{"position": a.position, "title": a.title, "presenter": a.presenter,
                          "minutes": a.minutes} for a in meeting.agenda_items]
        out["minutes"] = minutes
    return out
