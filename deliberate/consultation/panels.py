"""Dashboard panels of consultation work."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from deliberate.consultation.models import Speech, SpeechState, Topic, TopicState
from deliberate.consultation.queries import minutes_board, my_upcoming_invitations
from deliberate.core.permissions import Role
from deliberate.core.web import register_panel
from deliberate.extensions import db


def _member_panel(user: Any) -> dict[str, Any]:  # noqa: ANN401
    return {"invitations": my_upcoming_invitations(user)}


def _secretariat_panel(_user: Any) -> dict[str, Any]:  # noqa: ANN401
    topics = dict(db.session.execute(
        select(Topic.state, func.count(Topic.id))
        .where(Topic.state.in_((TopicState.suggested, TopicState.under_study)))
        .group_by(Topic.state)).all())
    to_review = db.session.scalar(
        select(func.count(Speech.id)).where(Speech.state == SpeechState.submitted)) or 0
    return {"suggested": topics.get(TopicState.suggested, 0),
            "under_study": topics.get(TopicState.under_study, 0),
            "speeches_to_review": to_review, "minutes_board": minutes_board()}


def register_panels() -> None:
    register_panel("consultation/_panel_invitations.html", (Role.member, Role.leader),
                   _member_panel, order=30)
    register_panel("consultation/_panel_secretariat.html", (Role.secretariat,),
                   _secretariat_panel, order=30)
