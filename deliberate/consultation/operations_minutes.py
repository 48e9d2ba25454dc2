"""Writes of minutes (纪要): drafting from the meeting, saving revisions, review comments,
approval, issue and corrections; flush, never commit."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from deliberate.consultation.documents import MINUTES_KIND, next_issue_number
from deliberate.consultation.models import STAFF, Meeting, MeetingState
from deliberate.consultation.models_minutes import (
    Minutes,
    MinutesComment,
    MinutesRevision,
    MinutesState,
)
from deliberate.consultation.queries import minutes_speeches
from deliberate.consultation.workflows import MINUTES
from deliberate.core.dates import LOCAL_TZ
from deliberate.core.events import record_event
from deliberate.core.notify import notify
from deliberate.core.types import utcnow
from deliberate.core.workflow import ActionNotAllowed, InvalidData, PermissionDenied
from deliberate.documents.operations import issue_document
from deliberate.extensions import db


def draft_text(meeting: Meeting) -> str:
    """The Markdown a draft starts from: the facts of the meeting, ready for editing. The
    attendance lists are not part of the text: they come from the attendance records, in
    official order, after the body (minutes_context), so they never go stale."""
    start = meeting.starts_at.astimezone(LOCAL_TZ)
    lines = [
        _("On %(date)s, %(form)s “%(title)s” was held at %(venue)s, chaired by %(chair)s.",
          date=start.strftime("%Y-%m-%d %H:%M"), form=meeting.form.label,
          title=meeting.title, venue=meeting.venue, chair=meeting.chair.display_name),
        "",
    ]
    if meeting.agenda_items:
        lines += [f"## {_('Agenda')}", ""]
        lines += [f"{n}. {item.title}" + (f"（{item.presenter}）" if item.presenter else "")
                  for n, item in enumerate(meeting.agenda_items, start=1)]
        lines.append("")
    speeches = minutes_speeches(meeting)
    if speeches:
        lines += [f"## {_('Speeches')}", ""]
        for speech in speeches:
            lines.append(f"**{speech.speaker_label}**：{speech.title}。")
            for response in speech.responses:
                who = response.responder + (f"（{response.responder_title}）"
                                            if response.responder_title else "")
                lines.append(f"> {who}：{response.text}")
            lines.append("")
    lines += [f"## {_('Consensus and recommendations')}", "", _("(to be written)")]
    return "\n".join(lines)


def create_minutes(meeting: Meeting, user: Any) -> Minutes:  # noqa: ANN401
    if user.role not in STAFF:
        raise PermissionDenied(_("Only the secretariat drafts minutes."))
    if meeting.state != MeetingState.held:
        raise ActionNotAllowed(_("Minutes are drafted once the meeting has been held."))
    if db.session.scalar(select(Minutes.id).where(Minutes.meeting_id == meeting.id)):
        raise ActionNotAllowed(_("This meeting already has minutes."))
    title = _("Minutes of %(title)s", title=meeting.title)[:200]
    minutes = Minutes(meeting=meeting, title=title, body=draft_text(meeting),
                      created_by_id=user.id)
    minutes.revisions.append(MinutesRevision(number=1, title=title, body=minutes.body,
                                             author_id=user.id))
    db.session.add(minutes)
    db.session.flush()
    record_event("minutes", minutes.id, "create", user, to_state=minutes.state.value,
                 data={"meeting_id": meeting.id})
    return minutes


def _new_revision(minutes: Minutes, user: Any, title: str, body: str, reason: str = "") -> bool:  # noqa: ANN401
    if title == minutes.title and body == minutes.body:
        return False
    minutes.revision_number += 1
    minutes.title, minutes.body = title, body
    minutes.revisions.append(MinutesRevision(number=minutes.revision_number, title=title,
                                             body=body, reason=reason, author_id=user.id))
    return True


def check_editable(minutes: Minutes, user: Any) -> None:  # noqa: ANN401
    """Raise the refusal a save would meet (the edit page checks before showing a form)."""
    if user.role not in STAFF:
        raise PermissionDenied(_("Only the secretariat edits minutes."))
    if minutes.state == MinutesState.issued:
        raise ActionNotAllowed(_("Issued minutes never change: record a correction with its "
                                 "reason instead, which is re-issued as a new revision."))
    if not minutes.can_edit(user):
        raise ActionNotAllowed(_("Approved minutes are locked: send them back to draft "
                                 "first."))


def save_minutes(minutes: Minutes, user: Any, title: str, body: str) -> bool:  # noqa: ANN401
    check_editable(minutes, user)
    changed = _new_revision(minutes, user, title, body)
    db.session.flush()
    if changed:
        record_event("minutes", minutes.id, "update", user,
                     data={"revision": minutes.revision_number})
    return changed


def correct_minutes(minutes: Minutes, user: Any, title: str, body: str, reason: str) -> None:  # noqa: ANN401
    """A correction after issue: a new revision with its reason, issued again."""
    def effect(obj: Minutes, data: dict[str, Any]) -> dict[str, Any]:
        if not _new_revision(obj, user, title, body, data["reason"]):
            raise InvalidData(_("The correction changes nothing in the text."),
                              {"body": [_("Change the text to correct it.")]})
        obj.issued_at = utcnow()
        return {"revision": obj.revision_number, **_issue_pdf(obj, user)}

    MINUTES.perform(minutes, "correct", user, data={"reason": reason.strip()},
                    note=reason.strip(), effect=effect)
    notify(_attendees(minutes), _l("Corrected minutes issued: %(title)s"),
           params={"title": minutes.title}, body=reason,
           url=url_for("consultation.show_minutes", minutes_id=minutes.id))


def _issue_pdf(minutes: Minutes, user: Any) -> dict[str, Any]:  # noqa: ANN401
    """Keep the exact PDF of the revision being issued (and log its SHA-256), in the
    transaction of the issue itself: what was sent is what every download serves."""
    db.session.flush()
    doc = issue_document(MINUTES_KIND, minutes, user)
    return {"sha256": doc.sha256, "document_id": doc.id}


def _attendees(minutes: Minutes) -> list[Any]:
    people = [inv.user for inv in minutes.meeting.invitations if inv.user is not None]
    return [minutes.meeting.chair, *people]


def act_on_minutes(minutes: Minutes, action: str, user: Any, reason: str = "") -> None:  # noqa: ANN401
    if action == "correct":
        raise ActionNotAllowed(_("A correction needs the corrected text: use the "
                                 "correction form."))

    def effect(obj: Minutes, _data: dict[str, Any]) -> dict[str, Any] | None:
        if action == "issue":
            obj.issued_at = utcnow()
            if obj.issue_number is None:
                obj.issue_number = next_issue_number(obj)
            return _issue_pdf(obj, user)
        return None

    MINUTES.perform(minutes, action, user, data={"reason": reason} if reason else {},
                    note=reason, effect=effect)
    link = url_for("consultation.show_minutes", minutes_id=minutes.id)
    if action == "submit_review":
        notify(_attendees(minutes), _l("Draft minutes for your comments: %(title)s"),
               params={"title": minutes.title}, url=link)
    elif action == "issue":
        notify(_attendees(minutes), _l("Minutes issued: %(title)s"),
               params={"title": minutes.title}, url=link)


def check_may_comment(minutes: Minutes, user: Any) -> None:  # noqa: ANN401
    """Only the staff and the attendees comment; then only while under review."""
    if minutes.can_comment(user):
        return
    if user.role not in STAFF and not minutes._is_attendee(user):
        raise PermissionDenied(_("Only the attendees comment on the draft minutes."))
    raise ActionNotAllowed(_("Comments are taken while the draft is under review."))


def comment_minutes(minutes: Minutes, user: Any, text: str) -> MinutesComment:  # noqa: ANN401
    check_may_comment(minutes, user)
    comment = MinutesComment(minutes=minutes, author_id=user.id, text=text,
                             revision_number=minutes.revision_number)
    db.session.add(comment)
    db.session.flush()
    record_event("minutes", minutes.id, "comment", user, data={"comment_id": comment.id})
    return comment
