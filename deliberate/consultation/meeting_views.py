"""Meetings (协商会): arrangement, agenda, invitations, replies, attendance, check-in and
calendars."""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from deliberate.auth.models import User
from deliberate.consultation import bp
from deliberate.consultation.calendar import feed_calendar, meeting_calendar
from deliberate.consultation.documents import notice_changed_since_issue
from deliberate.consultation.forms import (
    AgendaItemAddForm,
    CheckInForm,
    GuestInviteForm,
    InvitationReplyForm,
    InviteForm,
    MeetingEditForm,
    OrderForm,
    ReasonForm,
    SpeechEditForm,
    to_local,
)
from deliberate.consultation.models import (
    STAFF,
    Attendance,
    CalendarToken,
    InviteeKind,
    MeetingState,
    Reply,
    Topic,
    TopicState,
)
from deliberate.consultation.models_minutes import Minutes
from deliberate.consultation.operations import (
    act_on_meeting,
    add_agenda_item,
    check_agenda_editable,
    check_in,
    check_invitations_editable,
    check_invited,
    create_meeting,
    hash_token,
    invite_guest,
    invite_users,
    mark_attendance,
    remove_agenda_item,
    remove_invitation,
    renew_calendar_token,
    reorder_agenda,
    reply_invitation,
    revoke_calendar_token,
    speech_refusal,
    update_meeting,
)
from deliberate.consultation.queries import (
    adopted_oral_speeches,
    booking_conflicts,
    calendar_meetings,
    deadlines,
    load_meeting,
    meeting_speeches,
    meetings_stmt,
)
from deliberate.consultation.web_helpers import (
    attach_errors,
    form_status,
    invalid_form,
    visible_or_404,
)
from deliberate.consultation.workflows import MEETING
from deliberate.core.events import events_for
from deliberate.core.pagination import paginate
from deliberate.core.permissions import Role, public
from deliberate.core.types import utcnow
from deliberate.core.workflow import InvalidData
from deliberate.extensions import db


def _staff_only() -> None:
    if current_user.role not in STAFF:
        abort(403)


@bp.get("/meetings")
def list_meetings() -> str:
    when = request.args.get("when", "")
    when = when if when in ("upcoming", "past") else ""
    page = paginate(meetings_stmt(current_user, when),
                    per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("consultation/meetings.html", page=page, when=when,
                           can_create=current_user.role in STAFF)


def _fill_choices(form: MeetingEditForm) -> None:
    chairs = db.session.scalars(
        select(User).where(User.is_active.is_(True),
                           User.role.in_((Role.leader, Role.secretariat, Role.member)))
        .order_by(User.role, User.name_pinyin))
    form.chair_id.choices = [SelectChoice(u.id, f"{u.display_name}（{u.role_label}）")
                              for u in chairs]
    topics = db.session.scalars(
        select(Topic).where(Topic.state.in_((TopicState.accepted, TopicState.scheduled)))
        .order_by(Topic.id.desc()))
    form.topic_id.choices = [SelectChoice(0, _("— none —"))] + [SelectChoice(t.id, t.title)
                                                        for t in topics]


def _flash_conflicts(meeting: Any) -> None:  # noqa: ANN401
    for c in booking_conflicts(meeting):
        flash(_conflict_text(c), "warning")


def _conflict_text(c: Any) -> str:  # noqa: ANN401
    params = {"who": c.who, "other": c.other.title}
    if c.kind == "venue":
        return _("Venue %(who)s is also booked for “%(other)s” at the same time.", **params)
    if c.kind == "chair":
        return _("The chair %(who)s is also in “%(other)s” at the same time.", **params)
    return _("%(who)s is also invited to “%(other)s” at the same time.", **params)


@bp.route("/meetings/new", methods=["GET", "POST"])
def new_meeting() -> Any:  # noqa: ANN401
    _staff_only()
    form = MeetingEditForm()
    _fill_choices(form)
    if request.method == "GET" and request.args.get("topic", "").isdigit():
        form.topic_id.data = int(request.args["topic"])
    if form.validate_on_submit():
        try:
            meeting = create_meeting(current_user, form.values())
        except InvalidData as exc:
            attach_errors(form, exc)
            return render_template("consultation/meeting_form.html", form=form,
                                   meeting=None), 422
        db.session.commit()
        flash(_("The meeting has been saved as a draft."), "success")
        _flash_conflicts(meeting)
        return redirect(url_for("consultation.show_meeting", meeting_id=meeting.id))
    status = form_status(form, request.method)
    return render_template("consultation/meeting_form.html", form=form, meeting=None), status


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit_meeting(meeting_id: int) -> Any:  # noqa: ANN401
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    if not meeting.can_edit(current_user):
        abort(403)
    form = MeetingEditForm(obj=meeting)
    _fill_choices(form)
    if request.method == "GET":
        form.starts_at.data = to_local(meeting.starts_at)
        form.ends_at.data = to_local(meeting.ends_at)
        form.topic_id.data = meeting.topic_id or 0
        form.form.data = meeting.form.value
    if form.validate_on_submit():
        try:
            update_meeting(meeting, current_user, form.values())
        except InvalidData as exc:
            attach_errors(form, exc)
            return render_template("consultation/meeting_form.html", form=form,
                                   meeting=meeting), 422
        db.session.commit()
        flash(_("The meeting has been saved."), "success")
        _flash_conflicts(meeting)
        return redirect(url_for("consultation.show_meeting", meeting_id=meeting.id))
    status = form_status(form, request.method)
    return render_template("consultation/meeting_form.html", form=form,
                           meeting=meeting), status


@bp.get("/meetings/<int:meeting_id>")
def show_meeting(meeting_id: int) -> str:
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    is_staff = current_user.role in STAFF
    invite_form = InviteForm()
    if is_staff:
        people = db.session.scalars(
            select(User).where(User.is_active.is_(True),
                               User.role.in_((Role.member, Role.unit_staff, Role.leader)))
            .order_by(User.role, User.name_pinyin))
        invite_form.user_ids.choices = [SelectChoice(u.id, f"{u.display_name}（{u.role_label}）")
                                        for u in people]
    return render_template(
        "consultation/meeting.html", meeting=meeting, is_staff=is_staff,
        my_invitation=meeting.invitation_for(current_user),
        deadlines=deadlines(meeting),
        conflicts=[(c, _conflict_text(c)) for c in booking_conflicts(meeting)]
        if is_staff else [],
        actions=MEETING.available_actions(meeting, current_user),
        speeches=meeting_speeches(meeting, current_user),
        oral_order=adopted_oral_speeches(meeting) if is_staff else [],
        speech_refusal=speech_refusal(meeting),
        events=events_for("meeting", meeting.id) if is_staff else [],
        agenda_form=AgendaItemAddForm(), invite_form=invite_form,
        guest_form=GuestInviteForm(), reply_form=InvitationReplyForm(),
        reason_form=ReasonForm(), speech_form_cls=SpeechEditForm,
        minutes=db.session.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id)),
        notice_changed=notice_changed_since_issue(meeting),
        Attendance=Attendance, Reply=Reply, MeetingState=MeetingState,
        now=utcnow())


def _back(meeting_id: int) -> Response:
    return redirect(url_for("consultation.show_meeting", meeting_id=meeting_id))


@bp.post("/meetings/<int:meeting_id>/act/<action>")
def act_meeting(meeting_id: int, action: str) -> Response:
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    form = ReasonForm()
    if not form.validate():
        raise InvalidData(_("The reason is too long (at most 2000 characters)."))
    act_on_meeting(meeting, action, current_user, (form.reason.data or "").strip())
    db.session.commit()
    flash(_("Done: %(action)s.", action=MEETING.action_label(action)), "success")
    return _back(meeting.id)



@bp.post("/meetings/<int:meeting_id>/agenda")
def add_agenda(meeting_id: int) -> Response:
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    check_agenda_editable(meeting, current_user)
    form = AgendaItemAddForm()
    if not form.validate():
        raise invalid_form(form)
    add_agenda_item(meeting, current_user, {"title": form.title.data.strip(),
                                            "presenter": (form.presenter.data or "").strip(),
                                            "minutes": form.minutes.data})
    db.session.commit()
    return _back(meeting.id)


@bp.post("/meetings/<int:meeting_id>/agenda/<int:item_id>/delete")
def delete_agenda(meeting_id: int, item_id: int) -> Response:
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    remove_agenda_item(meeting, current_user, item_id)
    db.session.commit()
    return _back(meeting.id)


@bp.post("/meetings/<int:meeting_id>/agenda/order")
def order_agenda(meeting_id: int) -> Response:
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    check_agenda_editable(meeting, current_user)
    form = OrderForm()
    ids = form.ids() if form.validate() else None
    if ids is None:
        raise InvalidData(_("The new order is not a list of agenda items."))
    reorder_agenda(meeting, current_user, ids)
    db.session.commit()
    return _back(meeting.id)


@bp.post("/meetings/<int:meeting_id>/invitations")
def invite(meeting_id: int) -> Response:
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    check_invitations_editable(meeting, current_user)
    form = InviteForm()
    if not form.validate():
        raise invalid_form(form)
    people = list(db.session.scalars(select(User).where(User.id.in_(form.user_ids.data))))
    if len(people) != len(set(form.user_ids.data)):
        raise InvalidData(_("Some of the people chosen do not exist."))
    count = invite_users(meeting, current_user, people, InviteeKind(form.kind.data))
    db.session.commit()
    flash(_("%(n)d people invited.", n=count), "success")
    _flash_conflicts(meeting)
    return _back(meeting.id)


@bp.post("/meetings/<int:meeting_id>/guests")
def invite_guest_view(meeting_id: int) -> Response:
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    check_invitations_editable(meeting, current_user)
    form = GuestInviteForm()
    if not form.validate():
        raise invalid_form(form)
    invite_guest(meeting, current_user, {
        "kind": form.kind.data, "name": form.name.data.strip(),
        "organisation": (form.organisation.data or "").strip(),
        "title": (form.title.data or "").strip()})
    db.session.commit()
    return _back(meeting.id)


@bp.post("/meetings/<int:meeting_id>/invitations/<int:invitation_id>/delete")
def uninvite(meeting_id: int, invitation_id: int) -> Response:
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    remove_invitation(meeting, current_user, invitation_id)
    db.session.commit()
    return _back(meeting.id)


@bp.post("/meetings/<int:meeting_id>/reply")
def reply(meeting_id: int) -> Response:
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    check_invited(meeting, current_user)
    form = InvitationReplyForm()
    if not form.validate():
        raise invalid_form(form)
    reply_invitation(meeting, current_user, Reply(form.reply.data),
                     form.reason.data or "")
    db.session.commit()
    flash(_("Your reply has been recorded."), "success")
    return _back(meeting.id)


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
def attendance(meeting_id: int) -> Any:  # noqa: ANN401
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    _staff_only()
    if request.method == "POST":
        valid = {a.value for a in Attendance}
        marks: dict[int, Attendance | None] = {}
        for key, value in request.form.items():
            if not key.startswith("attendance-"):
                continue
            inv_id = key.removeprefix("attendance-")
            if not inv_id.isdigit() or (value and value not in valid):
                raise InvalidData(_("The attendance form contains an unknown value."))
            marks[int(inv_id)] = Attendance(value) if value else None
        count = mark_attendance(meeting, current_user, marks)
        db.session.commit()
        flash(_("Attendance saved (%(n)d changes).", n=count), "success")
        return redirect(url_for("consultation.attendance", meeting_id=meeting.id))
    return render_template("consultation/attendance.html", meeting=meeting,
                           Attendance=Attendance)


@bp.route("/meetings/<int:meeting_id>/checkin", methods=["GET", "POST"])
def checkin(meeting_id: int) -> Any:  # noqa: ANN401
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    form = CheckInForm()
    mine = meeting.invitation_for(current_user)
    if request.method == "POST":
        check_invited(meeting, current_user)
        if not form.validate():
            raise invalid_form(form)
        check_in(meeting, current_user, form.code.data)
        db.session.commit()
        flash(_("You have checked in."), "success")
        return redirect(url_for("consultation.checkin", meeting_id=meeting.id))
    checked = sum(1 for inv in meeting.invitations if inv.checked_in_at)
    return render_template("consultation/checkin.html", meeting=meeting, form=form,
                           mine=mine, is_staff=current_user.role in STAFF, checked=checked)


@bp.get("/meetings/<int:meeting_id>/meeting.ics")
def meeting_ics(meeting_id: int) -> Response:
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    return Response(meeting_calendar(meeting), mimetype="text/calendar",
                    headers={"Content-Disposition":
                             f'attachment; filename="meeting-{meeting.id}.ics"'})


@bp.get("/calendar")
def my_calendar() -> str:
    has_feed = db.session.scalar(
        select(CalendarToken.id).where(CalendarToken.user_id == current_user.id)) is not None
    return render_template("consultation/calendar.html", has_feed=has_feed, feed_url=None)


@bp.post("/calendar/renew")
def renew_calendar() -> str:
    token = renew_calendar_token(current_user)
    db.session.commit()
    url = url_for("consultation.calendar_feed", token=token, _external=True)
    return render_template("consultation/calendar.html", has_feed=True, feed_url=url)


@bp.post("/calendar/revoke")
def revoke_calendar() -> Response:
    if revoke_calendar_token(current_user):
        flash(_("Your calendar feed address no longer works."), "success")
    db.session.commit()
    return redirect(url_for("consultation.my_calendar"))


@bp.get("/calendar/<token>.ics")
@public
def calendar_feed(token: str) -> Response:
    row = db.session.scalar(select(CalendarToken).where(
        CalendarToken.token_hash == hash_token(token)))
    if row is None or not row.user.is_active:
        abort(404)
    return Response(feed_calendar(row.user, calendar_meetings(row.user)),
                    mimetype="text/calendar")
