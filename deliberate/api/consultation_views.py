"""Consultation endpoints (read-only): topics, meetings and the minutes' PDF, with the
consultation domain's own queries and visibility rules."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Response as FlaskResponse
from flask import url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from deliberate.api import bp
from deliberate.api.errors import ApiError
from deliberate.api.params import PAGINATION, Param, parse_query
from deliberate.api.proposal_views import MAX_ID
from deliberate.api.responses import json_response, page_envelope, paginate_query
from deliberate.api.serializers import meeting_json, minutes_ref, topic_json
from deliberate.consultation import queries as cq
from deliberate.consultation.models import STAFF, MeetingState, TopicChannel, TopicState
from deliberate.consultation.models_minutes import Minutes, MinutesState
from deliberate.extensions import db

TOPIC_PARAMS = (
    *PAGINATION,
    Param.choice("state", [s.value for s in TopicState], "Only topics in this state."),
    Param.choice("channel", [c.value for c in TopicChannel], "Only topics from this channel."),
)
MEETING_PARAMS = (
    *PAGINATION,
    Param.choice("when", ("upcoming", "past"), "Upcoming (soonest first) or past (latest "
                 "first); default all, latest first."),
    Param.choice("state", [s.value for s in MeetingState], "Only meetings in this state."),
)


def _load(loader: Any, object_id: int) -> Any:  # noqa: ANN401
    obj = loader(object_id) if 0 < object_id <= MAX_ID else None
    if obj is None or not obj.can_view(current_user):
        raise ApiError(404)
    return obj


@bp.get("/topics")
def list_topics() -> Response:
    args = parse_query(TOPIC_PARAMS)
    stmt = cq.topics_stmt(current_user, args["state"] or "", args["channel"] or "")
    page = paginate_query(stmt, args["page"], args["per_page"])
    return json_response(page_envelope(page, topic_json))


@bp.get("/topics/<int:topic_id>")
def get_topic(topic_id: int) -> Response:
    topic = _load(cq.load_topic, topic_id)
    meetings = [m for m in topic.meetings if m.can_view(current_user)]
    return json_response(topic_json(topic, detail=True, meetings=meetings))


@bp.get("/meetings")
def list_meetings() -> Response:
    args = parse_query(MEETING_PARAMS)
    stmt = cq.meetings_stmt(current_user, args["when"] or "", args["state"] or "")
    page = paginate_query(stmt, args["page"], args["per_page"])
    return json_response(page_envelope(page, meeting_json))


def _minutes_of(meeting_id: int) -> Minutes | None:
    return db.session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))


def _pdf_allowed(minutes: Minutes) -> bool:
    # Issued minutes for everyone who may see them; drafts (watermarked) for the
    # secretariat only.
    if not minutes.can_view(current_user):
        return False
    return minutes.state == MinutesState.issued or current_user.role in STAFF


@bp.get("/meetings/<int:meeting_id>")
def get_meeting(meeting_id: int) -> Response:
    meeting = _load(cq.load_meeting, meeting_id)
    minutes = _minutes_of(meeting.id)
    ref = None
    if minutes is not None and minutes.can_view(current_user):
        url = (url_for("api.minutes_pdf", meeting_id=meeting.id, _external=True)
               if _pdf_allowed(minutes) else None)
        ref = minutes_ref(minutes, url)
    return json_response(meeting_json(meeting, detail=True, minutes=ref))


@bp.get("/meetings/<int:meeting_id>/minutes.pdf")
def minutes_pdf(meeting_id: int) -> FlaskResponse:
    from deliberate.documents.operations import document_pdf
    from deliberate.documents.registry import get_kind

    meeting = _load(cq.load_meeting, meeting_id)
    minutes = _minutes_of(meeting.id)
    kind = get_kind("minutes")
    if (minutes is None or kind is None or not _pdf_allowed(minutes)
            or not kind.can_view(minutes, current_user)):
        raise ApiError(404)
    data, issued = document_pdf(kind, minutes)
    name = kind.filename(minutes)
    ascii_name = name.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    headers = {"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                                      f"filename*=UTF-8''{quote(name)}"}
    if issued is not None:
        headers["X-Content-SHA256"] = issued.sha256
    return FlaskResponse(data, mimetype="application/pdf", headers=headers)
