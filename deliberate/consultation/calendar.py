"""iCalendar files: one meeting (.ics download) or a user's personal feed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from icalendar import Calendar, Event

from deliberate.consultation.models import Meeting, MeetingState
from deliberate.core.types import utcnow


def _one_line(text: str) -> str:
    """Names and places are one line in a calendar: a line break typed into a title (the
    form does not stop a crafted request) would otherwise make icalendar refuse the file."""
    return " ".join((text or "").split())


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//deliberate//consultation//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _one_line(name))
    return cal


def _event(meeting: Meeting) -> Event:
    ev = Event()
    ev.add("uid", f"meeting-{meeting.id}@deliberate")
    ev.add("dtstamp", utcnow())
    ev.add("dtstart", meeting.starts_at)
    ev.add("dtend", meeting.ends_at)
    ev.add("summary", _one_line(meeting.title))
    ev.add("location", _one_line(meeting.venue))
    lines = [meeting.form.label, _("Chair: %(name)s", name=meeting.chair.display_name)]
    if meeting.description:
        lines.append(meeting.description)
    ev.add("description", "\n".join(lines))
    ev.add("url", url_for("consultation.show_meeting", meeting_id=meeting.id, _external=True))
    ev.add("status", "CANCELLED" if meeting.state == MeetingState.cancelled else "CONFIRMED")
    return ev


def meeting_calendar(meeting: Meeting) -> bytes:
    cal = _calendar(meeting.title)
    cal.add_component(_event(meeting))
    return cal.to_ical()


def feed_calendar(user: Any, meetings: Iterable[Meeting]) -> bytes:  # noqa: ANN401
    cal = _calendar(_("Consultation meetings of %(name)s", name=user.display_name))
    for meeting in meetings:
        cal.add_component(_event(meeting))
    return cal.to_ical()
