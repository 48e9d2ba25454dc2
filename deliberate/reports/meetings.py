"""A meeting's attendance list and speeches list as .xlsx, for whoever sees the whole list
on the meeting page: the secretariat and the leaders see every invitee; the readers of
speeches (secretariat, leaders, administrator) see every submitted speech."""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from deliberate.consultation.models import READERS, STAFF, Attendance, Meeting
from deliberate.consultation.queries import _unit_of, meeting_speeches
from deliberate.core.names import stroke_key
from deliberate.core.permissions import Role
from deliberate.core.xlsx import Sheet, workbook_bytes

ATTENDANCE_ORDER = {Attendance.present: 0, Attendance.nonvoting: 1, Attendance.on_leave: 2,
                    Attendance.absent: 3, None: 4}


def may_export_attendance(meeting: Meeting, user: Any) -> bool:  # noqa: ANN401
    return bool(meeting.can_view(user) and (user.role in STAFF or user.role == Role.leader))


def may_export_speeches(meeting: Meeting, user: Any) -> bool:  # noqa: ANN401
    return bool(meeting.can_view(user) and user.role in READERS)


def attendance_xlsx(meeting: Meeting) -> bytes:
    """Every invitee: present, in attendance, on leave, absent, then not yet marked; names
    in the official order (按姓氏笔画为序) within each group."""
    invitations = sorted(meeting.invitations, key=lambda i: (
        ATTENDANCE_ORDER[i.attendance], stroke_key(i.display_name)))
    with force_locale("zh"):
        headers = [_("No."), _("Name"), _("Unit and title"), _("Invited as"),
                   _("Invitation reply"), _("Reason for leave"), _("Attendance"),
                   _("Checked in at")]
        rows = [[n, i.display_name, _unit_of(i), i.kind.label, i.reply.label, i.leave_reason,
                 i.attendance.label if i.attendance else "", i.checked_in_at]
                for n, i in enumerate(invitations, start=1)]
        title = _("Attendance")
    return workbook_bytes([Sheet(title, headers, rows)])


def speeches_xlsx(meeting: Meeting, user: Any) -> bytes:  # noqa: ANN401
    """The speeches the meeting page lists for ``user``, in speaking order."""
    speeches = meeting_speeches(meeting, user)
    with force_locale("zh"):
        headers = [_("Speaking order"), _("Speech title"), _("Speaker"), _("Kind"), _("Mode"),
                   _("Minutes"), _("State"), _("Review opinion"), _("Responses")]
        rows = [[s.position, s.title, s.speaker_label, s.kind.label, s.mode.label, s.minutes,
                 s.state.label, s.review_opinion, len(s.responses)] for s in speeches]
        title = _("Speeches")
    return workbook_bytes([Sheet(title, headers, rows)])
