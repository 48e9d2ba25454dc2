"""The consultation domain's official documents, registered with the documents package:

- ``minutes`` (纪要) of a meeting, by the minutes' id. Issued with the minutes: the PDF of
  each issued revision is stored (a correction after issue is a new revision, issued
  again), so the stored object is the revision; a download always serves the current one.
- ``notice`` (会议通知) of a meeting, by the meeting's id. Issued when the secretariat
  issues the notice and invitations (the meeting's "schedule" step); a draft meeting's
  notice is rendered fresh with the draft watermark.
- ``research_report`` (调研报告) of a research visit. Never issued: the report can be
  completed after the visit, so it is always rendered from the record, without watermark.
- ``plan`` (年度协商计划), by the plan's id: the latest published version, stored when it is
  published (each version its own PDF); before the first publication, the working copy
  with the draft watermark.

And the batch ``year-minutes``: a year's issued minutes as one ZIP.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, TypeVar

from flask import Response, abort, current_app, send_file
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from deliberate.auth.models import User
from deliberate.consultation import bp
from deliberate.consultation.models import (
    Invitation,
    Meeting,
    MeetingForm,
    MeetingState,
)
from deliberate.consultation.models_minutes import Minutes, MinutesRevision, MinutesState
from deliberate.consultation.models_plan import ConsultationPlan, PlanVersion
from deliberate.consultation.models_visits import (
    ParticipantStatus,
    ResearchVisit,
    VisitParticipant,
    VisitState,
)
from deliberate.consultation.queries import (
    _unit_of,
    deadlines,
    load_meeting,
    load_minutes,
    load_plan,
    minutes_context,
)
from deliberate.core.dates import LOCAL_TZ, today
from deliberate.core.events import Event
from deliberate.core.names import sort_by_strokes
from deliberate.core.pdf import document_locale, official_body, official_date
from deliberate.core.permissions import Role
from deliberate.documents.batches import BatchParam, register_batch
from deliberate.documents.models import IssuedDocument
from deliberate.documents.operations import PDF_TYPE, issued_document
from deliberate.documents.registry import DocumentKind, get_kind, register_kind
from deliberate.extensions import db

F = TypeVar("F", bound=Callable[..., Any])

QUARTERS = {1: _l("First quarter"), 2: _l("Second quarter"), 3: _l("Third quarter"),
            4: _l("Fourth quarter")}


def _in_document_language(fn: F) -> F:
    """Build a document's context (labels, dates) in the documents' language, whatever
    the reader's UI language is (core.pdf renders the template so)."""
    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        with force_locale(document_locale()):
            return fn(*args, **kwargs)
    return wrapper  # type: ignore[return-value]


# A title line holds 20 characters of 22 pt in the 156 mm text block.
TITLE_LINE = 20
# Never at the end of a title line / never at the start of one.
_OPENING = "“‘《（〔【「『"
_CLOSING = "”’》）〕】」』，。、；：？！"


def _width(text: str) -> float:
    # Curly quotes and dashes are full width in the Chinese fonts.
    return sum(1 if ord(ch) >= 0x2E80 or ch in "“”‘’—…" else 0.5 for ch in text)


def title_lines(title: str, per_line: int = TITLE_LINE) -> list[str]:
    """A long title in lines of even length (an official title is shaped so, never with
    one or two characters left alone on its last line), breaking neither after an opening
    bracket or quote nor before closing punctuation."""
    title = " ".join(title.split())
    total = _width(title)
    if total <= per_line:
        return [title]
    count = int(-(-total // per_line))
    lines: list[str] = []
    rest = title
    for remaining in range(count, 1, -1):
        target = _width(rest) / remaining
        best, best_cost = None, None
        for cut in range(1, len(rest)):
            head, tail = rest[:cut], rest[cut:]
            if _width(head) > per_line:
                break
            if head[-1] in _OPENING or tail[0] in _CLOSING:
                continue
            # Keep runs of Latin letters and digits together.
            if head[-1].isascii() and head[-1].isalnum() and tail[0].isascii() \
                    and tail[0].isalnum():
                continue
            cost = abs(_width(head) - target)
            # Words are not known, but quoted names and brackets are units of meaning:
            # break around them rather than inside a word when the lengths allow it.
            if head[-1] in "”’》）〕】」』":
                cost -= 3
            elif tail[0] in _OPENING:
                cost -= 2
            if best_cost is None or cost < best_cost:
                best, best_cost = cut, cost
        if best is None:
            return [title]
        lines.append(rest[:best])
        rest = rest[best:]
    lines.append(rest)
    return lines


def issuer() -> str:
    """The office that signs the documents (DOCUMENT_ISSUER, e.g. "政协某某市委员会办公室")."""
    return str(current_app.config.get("DOCUMENT_ISSUER") or _("CPPCC Committee Office"))


def _safe_name(text: str, limit: int = 60) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_")[:limit] or "document"


def _person(name: str, unit: str) -> str:
    return f"{name}（{unit}）" if unit else name


def _local_date(value: Any) -> date | None:  # noqa: ANN401
    return value.astimezone(LOCAL_TZ).date() if value is not None else None


# -- minutes -------------------------------------------------------------------------------

def current_revision(minutes: Minutes) -> MinutesRevision | None:
    return next((r for r in minutes.revisions if r.number == minutes.revision_number), None)


def _minutes_object_id(minutes: Minutes) -> int:
    # Issued PDFs are kept per revision: a correction is issued again as a new revision.
    revision = current_revision(minutes)
    return revision.id if revision is not None else 0


def minutes_mark(form: MeetingForm) -> str:
    """The red mark "XXXX纪要": the series of the meeting's form (专题协商会纪要 …)."""
    return _("%(form)s minutes", form=MINUTES_SERIES[form])


MINUTES_SERIES = {
    MeetingForm.topic_consultation: _l("Topic consultation meeting"),
    MeetingForm.counterpart: _l("Counterpart consultation meeting"),
    MeetingForm.sector: _l("Sector consultation meeting"),
    MeetingForm.proposal_handling: _l("Proposal handling consultation meeting"),
    MeetingForm.biweekly: _l("Biweekly consultation forum"),
    MeetingForm.standing_committee: _l("Standing committee deliberation meeting"),
    MeetingForm.grassroots: _l("Grassroots consultation"),
}


def next_issue_number(minutes: Minutes) -> int:
    """期号 of minutes being issued for the first time: the next in their series (the
    meeting's form) in the year of the meeting."""
    year = minutes.meeting.starts_at.astimezone(LOCAL_TZ).year
    rows = db.session.execute(
        select(Minutes.issue_number, Meeting.starts_at).join(Meeting)
        .where(Meeting.form == minutes.meeting.form, Minutes.issue_number.is_not(None),
               Minutes.id != minutes.id))
    numbers = [n for n, starts in rows if starts.astimezone(LOCAL_TZ).year == year]
    return max(numbers, default=0) + 1


@_in_document_language
def minutes_document(minutes: Minutes) -> dict[str, Any]:
    ctx = minutes_context(minutes)
    year = ctx["starts_at"].year
    return {
        "mark": minutes_mark(minutes.meeting.form),
        "issue_number": (_("No. %(n)d of %(year)d", n=minutes.issue_number, year=year)
                         if minutes.issue_number else _("No. __ of %(year)d", year=year)),
        "issuer": issuer(),
        "date": _local_date(minutes.issued_at) or today(),
        "title": ctx["title"],
        "title_lines": title_lines(ctx["title"]),
        "body": ctx["body"],
        "present": [_person(*p) for p in ctx["present"]],
        "absent": [_person(*p) for p in ctx["on_leave"]],
        "attending": [_person(*p) for p in ctx["nonvoting"]],
    }


def _minutes_unavailable(minutes: Minutes) -> str | None:
    if minutes.meeting.state != MeetingState.held:
        return _("The meeting has not been held yet, so it has no minutes to print.")
    return None


def _minutes_filename(minutes: Minutes) -> str:
    suffix = f"-{minutes.revision_number}" if minutes.revision_number > 1 else ""
    return f"{_safe_name(minutes.title)}{suffix}.pdf"


MINUTES_KIND = register_kind(DocumentKind(
    name="minutes",
    label=_l("Minutes"),
    template="pdf/documents/minutes.html",
    load=load_minutes,
    context=minutes_document,
    filename=_minutes_filename,
    unavailable=_minutes_unavailable,
    object_id=_minutes_object_id,
    object_type="minutes_revision",
))


# -- meeting notice ------------------------------------------------------------------------

def _when(meeting: Meeting) -> str:
    start = meeting.starts_at.astimezone(LOCAL_TZ)
    end = meeting.ends_at.astimezone(LOCAL_TZ)
    if end.date() == start.date():
        return f"{official_date(start)} {start:%H:%M}—{end:%H:%M}"
    return f"{official_date(start)} {start:%H:%M}—{official_date(end)} {end:%H:%M}"


def _attendees(meeting: Meeting) -> str:
    people = [(inv.display_name, _unit_of(inv)) for inv in meeting.invitations]
    return _(", ").join(_person(n, u) for n, u in sort_by_strokes(people, lambda p: p[0]))


@_in_document_language
def notice_document(meeting: Meeting) -> dict[str, Any]:
    from deliberate.consultation.operations import max_oral_minutes

    due = deadlines(meeting)
    start = meeting.starts_at.astimezone(LOCAL_TZ)
    agenda = "；".join(
        f"{n}. {item.title}" + (f"（{item.presenter}）" if item.presenter else "")
        for n, item in enumerate(meeting.agenda_items, start=1))
    intro = _("It has been decided to hold the %(title)s on %(date)s. The arrangements "
              "are as follows:", title=meeting.title, date=official_date(start))
    body = intro + ("\n\n" + meeting.description if meeting.description.strip() else "")
    items = [
        (_("Time"), _when(meeting)),
        (_("Venue"), meeting.venue),
        (_("Attendees"), _attendees(meeting) or _("to be announced")),
        (_("Agenda"), agenda or _("to be announced")),
        (_("Speeches"), _("Members who wish to speak submit their speech in deliberate by "
                          "%(date)s; an oral speech lasts at most %(n)d minutes.",
                          date=official_date(due.materials_by), n=max_oral_minutes())),
    ]
    if any(item.presenter for item in meeting.agenda_items):
        items.append((_("Materials"), _("Units presenting to the meeting send their materials "
                                        "to the secretariat by %(date)s.",
                                        date=official_date(due.materials_by))))
    contact = db.session.get(User, meeting.created_by_id)
    title = _("Notice of the %(title)s", title=meeting.title)
    return {
        "title": title,
        "title_lines": title_lines(title),
        "recipients": _("To the members and units invited:"),
        "body": body,
        "items": items,
        "contact": (f"{contact.display_name}" + (f"　{contact.phone}" if contact.phone else "")
                    if contact is not None else ""),
        "issuer": issuer(),
        "date": today(),
    }


def _notice_unavailable(meeting: Meeting) -> str | None:
    if meeting.state == MeetingState.cancelled:
        if issued_document("notice", meeting.id) is None:
            return _("The meeting was cancelled before its notice was issued.")
    return None


NOTICE_KIND = register_kind(DocumentKind(
    name="notice",
    label=_l("Meeting notice"),
    template="pdf/documents/notice.html",
    load=load_meeting,
    context=notice_document,
    filename=lambda m: f"{_safe_name(m.title)}-通知.pdf",
    unavailable=_notice_unavailable,
    object_type="meeting",
))


# -- research report -----------------------------------------------------------------------

def load_visit(visit_id: int) -> ResearchVisit | None:
    return db.session.scalar(
        select(ResearchVisit).where(ResearchVisit.id == visit_id).options(
            selectinload(ResearchVisit.participants).selectinload(VisitParticipant.user),
            selectinload(ResearchVisit.sites), selectinload(ResearchVisit.leader),
            selectinload(ResearchVisit.topic)))


def _participant_unit(p: VisitParticipant) -> str:
    if p.user is None:
        return " ".join(x for x in (p.organisation, p.title) if x)
    profile = getattr(p.user, "profile", None)
    return (profile.work_unit if profile is not None and profile.work_unit
            else p.user.title or "")


_HEADING_TAG = re.compile(r"<(/?)h([1-5])\b")


def demoted_body(text: str) -> Markup:
    """A body printed under the document's own 一、 headings: its headings one level down
    (## 建议 becomes a （一） heading in 楷体 rather than another 一、 in 黑体)."""
    if not text.strip():
        return Markup("")
    html = _HEADING_TAG.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", str(official_body(text)))
    return Markup(html)  # noqa: S704  (official_body sanitised it; only tags are renamed)


@_in_document_language
def research_report_document(visit: ResearchVisit) -> dict[str, Any]:
    members = [p for p in visit.participants
               if p.status == ParticipantStatus.confirmed and p.user_id != visit.leader_id]
    group = sort_by_strokes([(p.display_name, _participant_unit(p)) for p in members],
                            lambda p: p[0])
    period = official_date(visit.starts_on)
    if visit.ends_on != visit.starts_on:
        period += _(" to ") + official_date(visit.ends_on)
    sites = [
        {"date": official_date(s.visited_on), "place": s.place, "unit": s.unit,
         "met": s.met, "notes": s.notes}
        for s in visit.sites]
    return {
        "title": visit.title,
        "title_lines": title_lines(visit.title),
        "subtitle": _("%(kind)s report", kind=visit.kind.label),
        "items": [
            (_("Period"), period),
            (_("Group leader"), visit.leader.display_name),
            (_("Members of the group"), _(", ").join(_person(*p) for p in group)),
        ] + ([(_("Topic"), visit.topic.title)] if visit.topic is not None else []),
        "sites": sites,
        "findings": demoted_body(visit.findings),
        "report": demoted_body(visit.report),
        "issuer": issuer(),
        "date": visit.ends_on,
    }


def _report_unavailable(visit: ResearchVisit) -> str | None:
    if visit.state == VisitState.cancelled:
        return _("The visit was cancelled: it has no report.")
    if not visit.report.strip():
        return _("No report has been written for this visit yet.")
    return None


def _report_can_view(visit: ResearchVisit, user: Any) -> bool:  # noqa: ANN401
    # Members see planned visits to ask to join; the report is for the group and readers.
    if user.role == Role.member and visit.state == VisitState.planned:
        return visit.participant_for(user) is not None or visit.leader_id == user.id
    return bool(visit.can_view(user))


RESEARCH_REPORT_KIND = register_kind(DocumentKind(
    name="research_report",
    label=_l("Research report"),
    template="pdf/consultation/research_report.html",
    load=load_visit,
    context=research_report_document,
    filename=lambda v: f"{_safe_name(v.title)}-调研报告.pdf",
    can_view=_report_can_view,
    unavailable=_report_unavailable,
    issuable=False,
    object_type="visit",
))


# -- annual plan ---------------------------------------------------------------------------

def _plan_object_id(plan: ConsultationPlan) -> int:
    # Each published version is issued with its own PDF; before the first there is none
    # (0 matches no version).
    latest = plan.latest_version
    return latest.id if latest is not None else 0


def _form_label(value: str) -> str:
    try:
        return str(MINUTES_SERIES[MeetingForm(value)])
    except ValueError:
        return value


def plan_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = sorted(items, key=lambda i: (i["quarter"], i.get("topic", "")))
    return [{"n": n, "topic": i.get("topic", ""), "form": _form_label(i.get("form", "")),
             "lead": i.get("committee") or "", "quarter": str(QUARTERS.get(i["quarter"], "")),
             "notes": i.get("notes") or ""} for n, i in enumerate(rows, start=1)]


@_in_document_language
def plan_document(plan: ConsultationPlan) -> dict[str, Any]:
    version: PlanVersion | None = plan.latest_version
    if version is not None:
        items, title = version.items, version.title
        when = _local_date(version.published_at)
        reason = version.reason
    else:
        items, title = [i.snapshot() for i in plan.items], plan.title
        when, reason = today(), ""
    return {
        "title": title,
        "title_lines": title_lines(title),
        "version": version.number if version is not None else None,
        "reason": reason,
        "notes": plan.notes,
        "rows": plan_rows(items),
        "issuer": issuer(),
        "date": when,
    }


PLAN_KIND = register_kind(DocumentKind(
    name="plan",
    label=_l("Annual consultation plan"),
    template="pdf/consultation/plan.html",
    load=load_plan,
    context=plan_document,
    filename=lambda p: f"{_safe_name(p.title)}.pdf",
    object_id=_plan_object_id,
    object_type="plan_version",
))


# -- batch: a year's minutes ---------------------------------------------------------------

def minutes_years() -> list[tuple[int, str]]:
    starts = db.session.scalars(
        select(Meeting.starts_at).join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(Minutes.state == MinutesState.issued))
    years = sorted({s.astimezone(LOCAL_TZ).year for s in starts}, reverse=True)
    return [(y, str(y)) for y in years]


def minutes_of_year(year: int) -> list[Minutes]:
    """The year's issued minutes (by the meeting's date), in meeting order."""
    rows = db.session.scalars(
        select(Minutes).join(Meeting, Minutes.meeting_id == Meeting.id)
        .where(Minutes.state == MinutesState.issued)
        .options(selectinload(Minutes.revisions),
                 selectinload(Minutes.meeting).selectinload(Meeting.invitations)
                 .selectinload(Invitation.user),
                 selectinload(Minutes.meeting).selectinload(Meeting.chair))
        .order_by(Meeting.starts_at, Minutes.id))
    return [m for m in rows if m.meeting.starts_at.astimezone(LOCAL_TZ).year == year]


register_batch(
    "year-minutes", _l("A year's minutes"), kind="minutes",
    params=[BatchParam("year", _l("Year"), int, choices=minutes_years)],
    select=minutes_of_year,
    filename=lambda year: f"纪要-{year}.zip",
    description=_l("Every issued minutes of the meetings held in the year, as issued."),
)


# -- on the record pages -------------------------------------------------------------------

@bp.app_template_global()
def document_offered(kind_name: str, obj: Any) -> bool:  # noqa: ANN401
    """Whether a record's page offers its document: the kind's own permission (the same
    the download route enforces) and a document that can be produced now."""
    kind = get_kind(kind_name)
    if kind is None or obj is None or not current_user.is_authenticated:
        return False
    return bool(kind.can_view(obj, current_user)) and not kind.unavailable(obj)


def issued_objects(kind_name: str, object_ids: list[int]) -> set[int]:
    """Which of ``object_ids`` (revisions, versions) have an issued PDF."""
    if not object_ids:
        return set()
    return set(db.session.scalars(
        select(IssuedDocument.object_id).where(IssuedDocument.kind == kind_name,
                                               IssuedDocument.object_id.in_(object_ids))))


def send_issued(kind_name: str, object_id: int) -> Response:
    """The stored bytes of an issued document (an earlier revision or version), or 404."""
    doc = issued_document(kind_name, object_id)
    if doc is None:
        abort(404)
    response = send_file(io.BytesIO(doc.file.data), mimetype=PDF_TYPE, as_attachment=True,
                         download_name=doc.file.filename, etag=doc.sha256, conditional=True,
                         max_age=0)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


# What a notice states: a change of these after it was issued leaves the notice as sent.
_NOTICE_CHANGES = ("update", "add_agenda_item", "remove_agenda_item", "reorder_agenda",
                   "invite", "uninvite")


def notice_changed_since_issue(meeting: Meeting) -> bool:
    """Whether the meeting changed (time, venue, agenda, invitees) after its notice was
    issued: the stored notice stays what was sent, and the page says so."""
    issued_event = db.session.scalar(
        select(func.max(Event.id)).where(Event.object_type == "meeting",
                                         Event.object_id == meeting.id,
                                         Event.action == "issue_document"))
    if issued_event is None:
        return False
    return db.session.scalar(
        select(Event.id).where(Event.object_type == "meeting", Event.object_id == meeting.id,
                               Event.action.in_(_NOTICE_CHANGES), Event.id > issued_event)
        .limit(1)) is not None
