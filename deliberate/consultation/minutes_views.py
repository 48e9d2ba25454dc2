"""Minutes (纪要): draft from the meeting, edit (every save a revision), review comments,
approve, issue, correct; revisions and their differences; a page that prints."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.wrappers import Response

from deliberate.consultation import bp
from deliberate.consultation.documents import issued_objects, send_issued
from deliberate.consultation.forms import (
    CommentForm,
    MinutesCorrectForm,
    MinutesEditForm,
    ReasonForm,
)
from deliberate.consultation.models_minutes import Minutes, MinutesState
from deliberate.consultation.operations_minutes import (
    act_on_minutes,
    check_editable,
    check_may_comment,
    comment_minutes,
    correct_minutes,
    create_minutes,
    save_minutes,
)
from deliberate.consultation.queries import (
    load_meeting,
    load_minutes,
    minutes_context,
    minutes_due,
    revision_diff,
)
from deliberate.consultation.web_helpers import (
    attach_errors,
    form_status,
    invalid_form,
    visible_or_404,
)
from deliberate.consultation.workflows import MINUTES
from deliberate.core.events import events_for
from deliberate.core.workflow import InvalidData
from deliberate.extensions import db


@bp.post("/meetings/<int:meeting_id>/minutes")
def new_minutes(meeting_id: int) -> Response:
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    minutes = create_minutes(meeting, current_user)
    db.session.commit()
    flash(_("A draft of the minutes has been generated from the meeting."), "success")
    return redirect(url_for("consultation.show_minutes", minutes_id=minutes.id))


@bp.get("/meetings/<int:meeting_id>/minutes")
def meeting_minutes(meeting_id: int) -> Response:
    minutes_id = db.session.scalar(select(Minutes.id).where(Minutes.meeting_id == meeting_id))
    if minutes_id is None:
        abort(404)
    return redirect(url_for("consultation.show_minutes", minutes_id=minutes_id))


@bp.get("/minutes/<int:minutes_id>")
def show_minutes(minutes_id: int) -> str:
    minutes = visible_or_404(load_minutes(minutes_id), current_user)
    return render_template(
        "consultation/minutes.html", minutes=minutes, ctx=minutes_context(minutes),
        due=minutes_due(minutes.meeting),
        actions=[t for t in MINUTES.available_actions(minutes, current_user)
                 if t.action != "correct"],
        can_correct=MINUTES.can(minutes, "correct", current_user),
        comment_form=CommentForm(), reason_form=ReasonForm(),
        events=events_for("minutes", minutes.id), MinutesState=MinutesState)


@bp.get("/minutes/<int:minutes_id>/print")
def print_minutes(minutes_id: int) -> str:
    minutes = visible_or_404(load_minutes(minutes_id), current_user)
    return render_template("consultation/minutes_print.html", **minutes_context(minutes))


@bp.route("/minutes/<int:minutes_id>/edit", methods=["GET", "POST"])
def edit_minutes(minutes_id: int) -> Any:  # noqa: ANN401
    minutes = visible_or_404(load_minutes(minutes_id), current_user)
    form = MinutesEditForm(obj=minutes)
    if request.method == "POST" and form.validate():
        save_minutes(minutes, current_user, form.title.data.strip(), form.body.data)
        db.session.commit()
        flash(_("The minutes have been saved as revision %(n)d.",
                n=minutes.revision_number), "success")
        return redirect(url_for("consultation.show_minutes", minutes_id=minutes.id))
    check_editable(minutes, current_user)
    return render_template("consultation/minutes_form.html", form=form, minutes=minutes,
                           correcting=False), form_status(form, request.method)


@bp.route("/minutes/<int:minutes_id>/correct", methods=["GET", "POST"])
def correct_minutes_view(minutes_id: int) -> Any:  # noqa: ANN401
    minutes = visible_or_404(load_minutes(minutes_id), current_user)
    if not MINUTES.can(minutes, "correct", current_user):
        if current_user.role.value != "secretariat":
            abort(403)
        flash(_("Only issued minutes are corrected; edit the draft instead."), "danger")
        return redirect(url_for("consultation.show_minutes", minutes_id=minutes.id)), 409
    form = MinutesCorrectForm(obj=minutes)
    if request.method == "GET":
        form.reason.data = ""
    if request.method == "POST" and form.validate():
        try:
            correct_minutes(minutes, current_user, form.title.data.strip(), form.body.data,
                            form.reason.data)
        except InvalidData as exc:
            attach_errors(form, exc)
            return render_template("consultation/minutes_form.html", form=form,
                                   minutes=minutes, correcting=True), 422
        db.session.commit()
        flash(_("The correction has been issued as revision %(n)d.",
                n=minutes.revision_number), "success")
        return redirect(url_for("consultation.show_minutes", minutes_id=minutes.id))
    return render_template("consultation/minutes_form.html", form=form, minutes=minutes,
                           correcting=True), form_status(form, request.method)


@bp.post("/minutes/<int:minutes_id>/act/<action>")
def act_minutes(minutes_id: int, action: str) -> Response:
    minutes = visible_or_404(load_minutes(minutes_id), current_user)
    form = ReasonForm()
    if not form.validate():
        raise InvalidData(_("The reason is too long (at most 2000 characters)."))
    act_on_minutes(minutes, action, current_user, (form.reason.data or "").strip())
    db.session.commit()
    flash(_("Done: %(action)s.", action=MINUTES.action_label(action)), "success")
    return redirect(url_for("consultation.show_minutes", minutes_id=minutes.id))


@bp.post("/minutes/<int:minutes_id>/comments")
def comment_minutes_view(minutes_id: int) -> Response:
    minutes = visible_or_404(load_minutes(minutes_id), current_user)
    check_may_comment(minutes, current_user)
    form = CommentForm()
    if not form.validate():
        raise invalid_form(form)
    comment_minutes(minutes, current_user, form.text.data.strip())
    db.session.commit()
    flash(_("Your comment has been recorded."), "success")
    return redirect(url_for("consultation.show_minutes", minutes_id=minutes.id) + "#comments")


@bp.get("/minutes/<int:minutes_id>/revisions")
def minutes_revisions(minutes_id: int) -> str:
    minutes = visible_or_404(load_minutes(minutes_id), current_user)
    numbers = [r.number for r in minutes.revisions]
    a = request.args.get("a", type=int) or (numbers[-2] if len(numbers) > 1 else numbers[0])
    b = request.args.get("b", type=int) or numbers[-1]
    table = revision_diff(minutes, a, b)
    if table is None:
        raise InvalidData(_("There is no such revision of these minutes."))
    issued = issued_objects("minutes", [r.id for r in minutes.revisions])
    return render_template("consultation/minutes_revisions.html", minutes=minutes, a=a, b=b,
                           issued=issued,
                           diff=Markup(table))  # noqa: S704  (difflib escapes the text)


@bp.get("/minutes/<int:minutes_id>/revisions/<int:number>.pdf")
def minutes_revision_pdf(minutes_id: int, number: int) -> Response:
    """An issued revision's PDF exactly as it was issued (the current one is also at
    /documents/minutes/<id>.pdf)."""
    minutes = visible_or_404(load_minutes(minutes_id), current_user)
    revision = next((r for r in minutes.revisions if r.number == number), None)
    if revision is None:
        abort(404)
    return send_issued("minutes", revision.id)
