"""Writes of consultation work: one function per verb; each flushes, never commits."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from deliberate.auth.models import User
from deliberate.consultation.documents import NOTICE_KIND
from deliberate.consultation.models import (
    STAFF,
    AgendaItem,
    Attendance,
    CalendarToken,
    ConsultationResult,
    Invitation,
    InviteeKind,
    Meeting,
    MeetingState,
    Reply,
    ResultKind,
    Speech,
    SpeechMode,
    SpeechResponse,
    SpeechState,
    Topic,
    TopicChannel,
    TopicState,
)
from deliberate.consultation.queries import adopted_oral_speeches
from deliberate.consultation.workflows import MEETING, SPEECH, TOPIC
from deliberate.core.events import record_event
from deliberate.core.notify import notify
from deliberate.core.permissions import Role
from deliberate.core.types import utcnow
from deliberate.core.workflow import ActionNotAllowed, InvalidData, PermissionDenied
from deliberate.documents.operations import issue_document
from deliberate.extensions import db

DEFAULT_MAX_ORAL_MINUTES = 8


def max_oral_minutes() -> int:
    return int(current_app.config.get("CONSULTATION_MAX_ORAL_MINUTES",
                                       DEFAULT_MAX_ORAL_MINUTES))


def _staff_users() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role.in_(STAFF),
                                                      User.is_active.is_(True))))


# -- topics ---------------------------------------------------------------------------

TOPIC_FIELDS = ("title", "background", "feasibility_note", "research_notes")


def create_topic(user: Any, data: dict[str, Any]) -> Topic:  # noqa: ANN401
    """Members suggest (channel "members", themselves as proposer); the secretariat enters
    candidates from any channel."""
    proposal = data.get("proposal")
    if user.role == Role.member:
        topic = Topic(channel=TopicChannel.proposals if proposal else TopicChannel.members,
                      proposer_id=user.id, title=data["title"],
                      background=data.get("background", ""),
                      feasibility_note=data.get("feasibility_note", ""),
                      proposer_name=_("Proposal %(number)s", number=proposal.number_label)
                      if proposal else "")
    elif user.role in STAFF:
        topic = Topic(channel=TopicChannel(data["channel"]),
                      proposer_name=data.get("proposer_name", ""),
                      **{k: data.get(k, "") for k in TOPIC_FIELDS})
    else:
        raise PermissionDenied(_("You are not allowed to enter topics."))
    topic.created_by_id = user.id
    db.session.add(topic)
    db.session.flush()
    record_event("topic", topic.id, "create", user, to_state=topic.state.value,
                 data={"proposal_id": proposal.id} if proposal else None)
    if user.role == Role.member:
        notify(_staff_users(), _l("New topic suggestion: %(title)s"), params={"title": topic.title},
               url=url_for("consultation.show_topic", topic_id=topic.id))
    return topic


def update_topic(topic: Topic, user: Any, data: dict[str, Any]) -> Topic:  # noqa: ANN401
    if not topic.can_edit(user):
        raise PermissionDenied(_("This topic cannot be edited now."))
    changed = []
    fields = TOPIC_FIELDS if user.role in STAFF else ("title", "background",
                                                      "feasibility_note")
    for name in fields:
        if name in data and getattr(topic, name) != data[name]:
            setattr(topic, name, data[name])
            changed.append(name)
    if user.role in STAFF:
        for name, value in (("channel", TopicChannel(data.get("channel", topic.channel))),
                            ("proposer_name", data.get("proposer_name",
                                                       topic.proposer_name))):
            if getattr(topic, name) != value:
                setattr(topic, name, value)
                changed.append(name)
    db.session.flush()
    if changed:
        record_event("topic", topic.id, "update", user, data={"fields": changed})
    return topic


def act_on_topic(topic: Topic, action: str, user: Any, reason: str = "") -> None:  # noqa: ANN401
    def effect(obj: Topic, data: dict[str, Any]) -> None:
        if action == "decline":
            obj.decline_reason = data["reason"]

    TOPIC.perform(topic, action, user, data={"reason": reason} if reason else {},
                  note=reason, effect=effect)
    if topic.proposer is not None and action in ("accept", "decline"):
        subject = (_l("Your topic suggestion was accepted: %(title)s") if action == "accept"
                   else _l("Your topic suggestion was declined: %(title)s"))
        notify(topic.proposer, subject, params={"title": topic.title}, body=reason,
               url=url_for("consultation.show_topic", topic_id=topic.id))


def record_result(topic: Topic, user: Any, data: dict[str, Any]) -> ConsultationResult:  # noqa: ANN401
    if not topic.can_record_result(user):
        if user.role not in STAFF:
            raise PermissionDenied(_("Only the secretariat records results."))
        raise ActionNotAllowed(_("Results are recorded for topics in the catalogue or "
                                 "scheduled, not for this topic."))
    meeting_id = data.get("meeting_id") or None
    if meeting_id is not None:
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None or meeting.topic_id != topic.id:
            raise InvalidData(_("The meeting chosen does not belong to this topic."),
                              {"meeting_id": [_("Choose a meeting of this topic.")]})
    result = ConsultationResult(
        topic=topic, meeting_id=meeting_id, kind=ResultKind(data["kind"]),
        title=data["title"], recipients=data.get("recipients", ""),
        sent_on=data.get("sent_on"), summary=data.get("summary", ""),
        follow_up_due=data.get("follow_up_due"), recorded_by_id=user.id)
    db.session.add(result)
    db.session.flush()
    record_event("topic", topic.id, "record_result", user,
                 data={"result_id": result.id, "kind": result.kind.value,
                       "title": result.title})
    return result


# -- meetings -------------------------------------------------------------------------

MEETING_FIELDS = ("title", "form", "topic_id", "starts_at", "ends_at", "venue", "chair_id",
                  "description")


def _check_meeting_times(starts_at: datetime, ends_at: datetime,
                         *, must_be_future: bool) -> None:
    if ends_at <= starts_at:
        raise InvalidData(_("The meeting must end after it starts."),
                          {"ends_at": [_("The end must be after the start.")]})
    if must_be_future and starts_at <= utcnow():
        raise InvalidData(_("A meeting cannot be scheduled in the past."),
                          {"starts_at": [_("Choose a start time in the future.")]})


def _check_refs(data: dict[str, Any]) -> None:
    chair = db.session.get(User, data["chair_id"])
    if chair is None or not chair.is_active:
        raise InvalidData(_("The chair chosen does not exist."),
                          {"chair_id": [_("Choose an active person.")]})
    if data.get("topic_id"):
        topic = db.session.get(Topic, data["topic_id"])
        if topic is None or topic.state not in (TopicState.accepted, TopicState.scheduled):
            raise InvalidData(_("Only topics in the catalogue can be consulted on."),
                              {"topic_id": [_("Choose a topic from the catalogue.")]})


def new_checkin_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def create_meeting(user: Any, data: dict[str, Any]) -> Meeting:  # noqa: ANN401
    if user.role not in STAFF:
        raise PermissionDenied(_("Only the secretariat arranges meetings."))
    _check_meeting_times(data["starts_at"], data["ends_at"], must_be_future=True)
    _check_refs(data)
    meeting = Meeting(**{k: data.get(k) for k in MEETING_FIELDS},
                      checkin_code=new_checkin_code(), created_by_id=user.id)
    meeting.description = meeting.description or ""
    db.session.add(meeting)
    db.session.flush()
    record_event("meeting", meeting.id, "create", user, to_state=meeting.state.value)
    return meeting


def update_meeting(meeting: Meeting, user: Any, data: dict[str, Any]) -> list[str]:  # noqa: ANN401
    if not meeting.can_edit(user):
        raise PermissionDenied(_("This meeting cannot be edited now."))
    times_changed = (data["starts_at"] != meeting.starts_at
                     or data["ends_at"] != meeting.ends_at)
    _check_meeting_times(data["starts_at"], data["ends_at"], must_be_future=times_changed)
    _check_refs(data)
    changed = [k for k in MEETING_FIELDS if getattr(meeting, k) != data.get(k)]
    for k in changed:
        setattr(meeting, k, data.get(k) if k != "description" else data.get(k) or "")
    db.session.flush()
    if changed:
        record_event("meeting", meeting.id, "update", user, data={"fields": changed})
        if meeting.state == MeetingState.scheduled:
            notify(_invited_users(meeting), _l("Meeting changed: %(title)s"),
                   params={"title": meeting.title},
                   url=url_for("consultation.show_meeting", meeting_id=meeting.id))
    return changed


def _invited_users(meeting: Meeting) -> list[Any]:
    return [inv.user for inv in meeting.invitations if inv.user is not None]


def act_on_meeting(meeting: Meeting, action: str, user: Any, reason: str = "") -> None:  # noqa: ANN401
    def effect(obj: Meeting, _data: dict[str, Any]) -> dict[str, Any] | None:
        if action != "schedule":
            return None
        # Issuing the notice keeps its exact PDF (and logs its SHA-256) with the meeting.
        doc = issue_document(NOTICE_KIND, obj, user)
        return {"sha256": doc.sha256, "document_id": doc.id}

    MEETING.perform(meeting, action, user, data={"reason": reason} if reason else {},
                    note=reason, effect=effect)
    link = url_for("consultation.show_meeting", meeting_id=meeting.id)
    if action == "schedule":
        notify(_invited_users(meeting), _l("Invitation: %(title)s"),
               params={"title": meeting.title}, url=link, kind="invitation")
        if meeting.topic is not None and meeting.topic.state == TopicState.accepted:
            TOPIC.perform(meeting.topic, "schedule", user,
                          data={"meeting_id": meeting.id})
    elif action == "cancel" and meeting.invitations:
        notify(_invited_users(meeting), _l("Meeting cancelled: %(title)s"),
               params={"title": meeting.title}, body=reason, url=link)


def check_agenda_editable(meeting: Meeting, user: Any) -> None:  # noqa: ANN401
    """The permission part of the agenda writes; views call it before reading the form."""
    if not meeting.can_edit(user):
        raise PermissionDenied(_("The agenda of this meeting cannot be changed now."))


def check_invitations_editable(meeting: Meeting, user: Any) -> None:  # noqa: ANN401
    if not meeting.can_edit(user):
        raise PermissionDenied(_("Invitations cannot be changed for this meeting now."))


def check_invited(meeting: Meeting, user: Any) -> None:  # noqa: ANN401
    if meeting.invitation_for(user) is None or meeting.state == MeetingState.draft:
        raise PermissionDenied(_("You are not invited to this meeting."))


def check_may_speak(meeting: Meeting, user: Any) -> None:  # noqa: ANN401
    if user.role != Role.member or meeting.invitation_for(user) is None \
            or meeting.state == MeetingState.draft:
        raise PermissionDenied(_("Only members invited to the meeting submit speeches."))


def check_may_respond(speech: Speech, user: Any) -> None:  # noqa: ANN401
    if not speech.can_respond(user):
        if user.role not in STAFF:
            raise PermissionDenied(_("Only the secretariat records responses."))
        raise ActionNotAllowed(_("Responses are recorded against adopted speeches only."))


def add_agenda_item(meeting: Meeting, user: Any, data: dict[str, Any]) -> AgendaItem:  # noqa: ANN401
    check_agenda_editable(meeting, user)
    position = max((i.position for i in meeting.agenda_items), default=0) + 1
    item = AgendaItem(meeting=meeting, position=position, title=data["title"],
                      presenter=data.get("presenter", ""), minutes=data.get("minutes"))
    db.session.add(item)
    db.session.flush()
    record_event("meeting", meeting.id, "add_agenda_item", user,
                 data={"item_id": item.id, "title": item.title})
    return item


def agenda_item_of(meeting: Meeting, item_id: int) -> AgendaItem:
    for item in meeting.agenda_items:
        if item.id == item_id:
            return item
    raise InvalidData(_("This agenda item does not belong to this meeting."))


def remove_agenda_item(meeting: Meeting, user: Any, item_id: int) -> None:  # noqa: ANN401
    if not meeting.can_edit(user):
        raise PermissionDenied(_("The agenda of this meeting cannot be changed now."))
    item = agenda_item_of(meeting, item_id)
    meeting.agenda_items.remove(item)
    for n, other in enumerate(meeting.agenda_items, start=1):
        other.position = n
    db.session.flush()
    record_event("meeting", meeting.id, "remove_agenda_item", user,
                 data={"item_id": item_id, "title": item.title})


def _check_order(current: list[Any], ids: list[int], message: str) -> list[Any]:
    by_id = {obj.id: obj for obj in current}
    if len(ids) != len(set(ids)) or set(ids) != set(by_id):
        raise InvalidData(message)
    return [by_id[i] for i in ids]


def reorder_agenda(meeting: Meeting, user: Any, ids: list[int]) -> None:  # noqa: ANN401
    check_agenda_editable(meeting, user)
    ordered = _check_order(meeting.agenda_items, ids, _(
        "The new order must list every agenda item of this meeting exactly once, and no "
        "item of another meeting."))
    for n, item in enumerate(ordered, start=1):
        item.position = n
    db.session.flush()
    record_event("meeting", meeting.id, "reorder_agenda", user, data={"order": ids})


def invite_users(meeting: Meeting, user: Any, invitees: list[Any], kind: InviteeKind) -> int:  # noqa: ANN401
    check_invitations_editable(meeting, user)
    already = {inv.user_id for inv in meeting.invitations}
    added = []
    for person in invitees:
        if person.id in already or not person.is_active:
            continue
        if kind == InviteeKind.member and person.role != Role.member:
            raise InvalidData(_("%(name)s is not a member.", name=person.display_name))
        meeting.invitations.append(Invitation(user=person, kind=kind))
        already.add(person.id)
        added.append(person)
    db.session.flush()
    if added:
        record_event("meeting", meeting.id, "invite", user,
                     data={"users": [p.id for p in added], "kind": kind.value})
        if meeting.state == MeetingState.scheduled:
            notify(added, _l("Invitation: %(title)s"), params={"title": meeting.title},
                   url=url_for("consultation.show_meeting", meeting_id=meeting.id),
                   kind="invitation")
    return len(added)


def invite_guest(meeting: Meeting, user: Any, data: dict[str, Any]) -> Invitation:  # noqa: ANN401
    """An official or expert without an account: name, organisation, title."""
    check_invitations_editable(meeting, user)
    inv = Invitation(kind=InviteeKind(data["kind"]), name=data["name"],
                     organisation=data.get("organisation", ""), title=data.get("title", ""))
    meeting.invitations.append(inv)
    db.session.flush()
    record_event("meeting", meeting.id, "invite", user,
                 data={"name": inv.name, "kind": inv.kind.value})
    return inv


def invitation_of(meeting: Meeting, invitation_id: int) -> Invitation:
    for inv in meeting.invitations:
        if inv.id == invitation_id:
            return inv
    raise InvalidData(_("This invitation does not belong to this meeting."))


def remove_invitation(meeting: Meeting, user: Any, invitation_id: int) -> None:  # noqa: ANN401
    if not meeting.can_edit(user):
        raise PermissionDenied(_("Invitations cannot be changed for this meeting now."))
    inv = invitation_of(meeting, invitation_id)
    meeting.invitations.remove(inv)
    db.session.flush()
    record_event("meeting", meeting.id, "uninvite", user,
                 data={"user": inv.user_id, "name": inv.display_name})


def reply_invitation(meeting: Meeting, user: Any, reply: Reply, reason: str = "") -> Invitation:  # noqa: ANN401
    check_invited(meeting, user)
    inv = meeting.invitation_for(user)
    if meeting.state != MeetingState.scheduled or meeting.starts_at <= utcnow():
        raise ActionNotAllowed(_("Replies are possible only before the meeting starts."))
    if reply == Reply.leave and not reason.strip():
        raise InvalidData(_("Give a reason when asking for leave."),
                          {"reason": [_("This field is required.")]})
    inv.reply = reply
    inv.leave_reason = reason.strip() if reply == Reply.leave else ""
    db.session.flush()
    record_event("meeting", meeting.id, "reply", user,
                 data={"reply": reply.value}, note=inv.leave_reason)
    if reply == Reply.leave:
        notify(_staff_users(), _l("Leave requested by %(name)s: %(title)s"),
               params={"name": user.display_name, "title": meeting.title},
               body=inv.leave_reason,
               url=url_for("consultation.show_meeting", meeting_id=meeting.id))
    return inv


def mark_attendance(meeting: Meeting, user: Any, marks: dict[int, Attendance | None]) -> int:  # noqa: ANN401
    if not meeting.can_mark_attendance(user):
        if user.role not in STAFF:
            raise PermissionDenied(_("Only the secretariat records attendance."))
        raise ActionNotAllowed(_("Attendance is recorded once the notice is issued."))
    changed = {}
    for inv_id, value in marks.items():
        inv = invitation_of(meeting, inv_id)
        if inv.attendance != value:
            inv.attendance = value
            changed[str(inv_id)] = value.value if value else None
    db.session.flush()
    if changed:
        record_event("meeting", meeting.id, "mark_attendance", user, data=changed)
    return len(changed)


CHECKIN_OPENS_BEFORE_MINUTES = 120


def check_in(meeting: Meeting, user: Any, code: str) -> Invitation:  # noqa: ANN401
    check_invited(meeting, user)
    inv = meeting.invitation_for(user)
    now = utcnow()
    opens = meeting.starts_at.timestamp() - CHECKIN_OPENS_BEFORE_MINUTES * 60
    if meeting.state not in (MeetingState.scheduled, MeetingState.held) \
            or now.timestamp() < opens or now > meeting.ends_at:
        raise ActionNotAllowed(_("Check-in is open from two hours before the meeting "
                                 "until it ends."))
    if inv.checked_in_at is not None:
        raise ActionNotAllowed(_("You have already checked in to this meeting."))
    if not secrets.compare_digest(code.strip(), meeting.checkin_code):
        raise InvalidData(_("The check-in code is wrong."),
                          {"code": [_("Type the code shown in the meeting room.")]})
    inv.checked_in_at = now
    if inv.attendance is None:
        inv.attendance = (Attendance.present if inv.kind == InviteeKind.member
                          else Attendance.nonvoting)
    db.session.flush()
    record_event("meeting", meeting.id, "check_in", user)
    return inv


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def renew_calendar_token(user: Any) -> str:  # noqa: ANN401
    """A new secret feed URL; the old one stops working. Returns the secret (shown once)."""
    token = secrets.token_urlsafe(32)
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    if row is None:
        row = CalendarToken(user_id=user.id, token_hash=hash_token(token))
        db.session.add(row)
    else:
        row.token_hash = hash_token(token)
        row.created_at = utcnow()
    db.session.flush()
    record_event("user", user.id, "renew_calendar_token", user)
    return token


def revoke_calendar_token(user: Any) -> bool:  # noqa: ANN401
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    record_event("user", user.id, "revoke_calendar_token", user)
    return True


# -- speeches -------------------------------------------------------------------------

def speech_refusal(meeting: Meeting) -> str | None:
    """Why speeches cannot be submitted for ``meeting`` now, or None."""
    if meeting.state == MeetingState.held or (
            meeting.state == MeetingState.scheduled and meeting.starts_at <= utcnow()):
        return _("This meeting has already been held: speeches can no longer be submitted.")
    if meeting.state != MeetingState.scheduled:
        return _("Speeches can be submitted only for meetings whose notice has been issued.")
    return None


def _check_speech_data(data: dict[str, Any]) -> dict[str, Any]:
    mode = SpeechMode(data["mode"])
    minutes = data.get("minutes")
    if mode == SpeechMode.oral:
        limit = max_oral_minutes()
        if not minutes:
            raise InvalidData(_("Give the estimated speaking time of an oral speech."),
                              {"minutes": [_("This field is required.")]})
        if minutes > limit:
            raise InvalidData(
                _("An oral speech may last at most %(n)d minutes.", n=limit),
                {"minutes": [_("At most %(n)d minutes.", n=limit)]})
    if data.get("on_behalf_of") and not data.get("reader"):
        raise InvalidData(_("A speech in the name of a party or group needs the person who "
                            "reads it."), {"reader": [_("This field is required.")]})
    return {
        "title": data["title"], "body": data["body"], "mode": mode,
        "kind": data["kind"], "minutes": minutes or None,
        "on_behalf_of": data.get("on_behalf_of", ""), "reader": data.get("reader", ""),
    }


def create_speech(meeting: Meeting, user: Any, data: dict[str, Any], *,  # noqa: ANN401
                  submit: bool = False) -> Speech:
    check_may_speak(meeting, user)
    refusal = speech_refusal(meeting)
    if refusal:
        raise ActionNotAllowed(refusal)
    speech = Speech(meeting=meeting, author_id=user.id, **_check_speech_data(data))
    db.session.add(speech)
    db.session.flush()
    record_event("speech", speech.id, "create", user, to_state=speech.state.value)
    if submit:
        act_on_speech(speech, "submit", user)
    return speech


def update_speech(speech: Speech, user: Any, data: dict[str, Any]) -> None:  # noqa: ANN401
    if not speech.can_edit(user):
        raise PermissionDenied(_("This speech cannot be edited now."))
    refusal = speech_refusal(speech.meeting)
    if refusal:
        raise ActionNotAllowed(refusal)
    values = _check_speech_data(data)
    changed = [k for k, v in values.items() if getattr(speech, k) != v]
    for k in changed:
        setattr(speech, k, values[k])
    db.session.flush()
    if changed:
        record_event("speech", speech.id, "update", user, data={"fields": changed})


def act_on_speech(speech: Speech, action: str, user: Any, opinion: str = "") -> None:  # noqa: ANN401
    def effect(obj: Speech, data: dict[str, Any]) -> None:
        if action in ("return", "redirect"):
            obj.review_opinion = data["opinion"]
        elif action == "adopt":
            obj.review_opinion = data.get("opinion", "")
            if obj.mode == SpeechMode.oral:
                obj.position = _next_speech_position(obj.meeting_id)
        if action != "adopt":
            obj.position = None

    SPEECH.perform(speech, action, user, data={"opinion": opinion} if opinion else {},
                   note=opinion, effect=effect)
    if action == "submit":
        notify(_staff_users(), _l("Speech submitted for review: %(title)s"),
               params={"title": speech.title},
               url=url_for("consultation.show_speech", speech_id=speech.id))
    if action in ("adopt", "return", "redirect"):
        notify(speech.author, _l("Your speech “%(title)s”: %(result)s"),
               params={"title": speech.title, "result": speech.state.label}, body=opinion,
               url=url_for("consultation.show_speech", speech_id=speech.id))


def _next_speech_position(meeting_id: int) -> int:
    top = db.session.scalar(select(func.max(Speech.position)).where(
        Speech.meeting_id == meeting_id, Speech.state == SpeechState.adopted))
    return (top or 0) + 1


def reorder_speeches(meeting: Meeting, user: Any, ids: list[int]) -> None:  # noqa: ANN401

    if user.role not in STAFF:
        raise PermissionDenied(_("Only the secretariat orders the speeches."))
    if meeting.state not in (MeetingState.draft, MeetingState.scheduled):
        raise ActionNotAllowed(_("The speaking order is fixed once the meeting is held."))
    ordered = _check_order(adopted_oral_speeches(meeting), ids, _(
        "The new order must list every adopted oral speech of this meeting exactly once."))
    for n, speech in enumerate(ordered, start=1):
        speech.position = n
    db.session.flush()
    record_event("meeting", meeting.id, "reorder_speeches", user, data={"order": ids})


def record_response(speech: Speech, user: Any, data: dict[str, Any]) -> SpeechResponse:  # noqa: ANN401
    check_may_respond(speech, user)
    response = SpeechResponse(speech=speech, responder=data["responder"],
                              responder_title=data.get("responder_title", ""),
                              text=data["text"], recorded_by_id=user.id)
    db.session.add(response)
    db.session.flush()
    record_event("speech", speech.id, "record_response", user,
                 data={"responder": response.responder})
    notify(speech.author, _l("A response was recorded to your speech “%(title)s”"),
           params={"title": speech.title},
           url=url_for("consultation.show_speech", speech_id=speech.id))
    return response
