"""Follow-up of results: leaders' instructions, adoption, progress entries until closed;
flush, never commit."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from deliberate.consultation.models import STAFF, Adoption, ConsultationResult
from deliberate.consultation.models_results import FollowUpEntry, LeaderInstruction
from deliberate.core.events import record_event
from deliberate.core.types import utcnow
from deliberate.core.workflow import ActionNotAllowed, InvalidData, PermissionDenied
from deliberate.extensions import db


def check_follow_up(result: ConsultationResult, user: Any) -> None:  # noqa: ANN401
    if user.role not in STAFF:
        raise PermissionDenied(_("Only the secretariat records the follow-up of results."))
    if result.is_closed:
        raise ActionNotAllowed(_("This result is closed: its follow-up is complete."))


def record_instruction(result: ConsultationResult, user: Any,  # noqa: ANN401
                       data: dict[str, Any]) -> LeaderInstruction:
    check_follow_up(result, user)
    item = LeaderInstruction(result=result, leader=data["leader"], given_on=data["given_on"],
                             text=data["text"], recorded_by_id=user.id)
    db.session.add(item)
    db.session.flush()
    record_event("topic", result.topic_id, "record_instruction", user,
                 data={"result_id": result.id, "leader": item.leader})
    return item


def record_adoption(result: ConsultationResult, user: Any, adoption: Adoption,  # noqa: ANN401
                    note: str) -> None:
    check_follow_up(result, user)
    result.adoption, result.adoption_note = adoption, note
    db.session.flush()
    record_event("topic", result.topic_id, "record_adoption", user,
                 data={"result_id": result.id, "adoption": adoption.value}, note=note)


def add_follow_up(result: ConsultationResult, user: Any, data: dict[str, Any],  # noqa: ANN401
                  *, close: bool = False) -> FollowUpEntry:
    check_follow_up(result, user)
    if close and result.adoption == Adoption.pending:
        raise InvalidData(_("Record whether the result was adopted before closing it."),
                          {"close": [_("The adoption is not recorded yet.")]})
    entry = FollowUpEntry(result=result, entry_on=data["entry_on"], progress=data["progress"],
                          closes=close, recorded_by_id=user.id)
    db.session.add(entry)
    if close:
        result.closed_at = utcnow()
    db.session.flush()
    record_event("topic", result.topic_id, "close_result" if close else "follow_up", user,
                 data={"result_id": result.id}, note=entry.progress)
    return entry
