"""Speeches (发言): members submit, the secretariat reviews and orders, responses."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from deliberate.consultation import bp
from deliberate.consultation.forms import (
    OpinionForm,
    OrderForm,
    ResponseRecordForm,
    SpeechEditForm,
)
from deliberate.consultation.models import STAFF, SpeechMode, SpeechState
from deliberate.consultation.operations import (
    act_on_speech,
    check_may_respond,
    check_may_speak,
    create_speech,
    max_oral_minutes,
    record_response,
    reorder_speeches,
    update_speech,
)
from deliberate.consultation.queries import load_meeting, load_speech, speeches_stmt
from deliberate.consultation.web_helpers import (
    attach_errors,
    form_status,
    invalid_form,
    visible_or_404,
)
from deliberate.consultation.workflows import SPEECH
from deliberate.core.events import events_for
from deliberate.core.pagination import paginate
from deliberate.core.workflow import InvalidData
from deliberate.extensions import db


@bp.get("/speeches")
def list_speeches() -> str:
    state = request.args.get("state", "")
    if state not in {s.value for s in SpeechState}:
        state = ""
    page = paginate(speeches_stmt(current_user, state),
                    per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("consultation/speeches.html", page=page, state=state,
                           SpeechState=SpeechState)


def _render_form(form: SpeechEditForm, meeting: Any, speech: Any, status: int) -> Any:  # noqa: ANN401
    return render_template("consultation/speech_form.html", form=form, meeting=meeting,
                           speech=speech, max_minutes=max_oral_minutes()), status


@bp.route("/meetings/<int:meeting_id>/speeches/new", methods=["GET", "POST"])
def new_speech(meeting_id: int) -> Any:  # noqa: ANN401
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    # Only an invited member writes a speech: nobody else gets the form.
    check_may_speak(meeting, current_user)
    form = SpeechEditForm()
    if request.method == "GET":
        form.minutes.data = max_oral_minutes()
    if form.validate_on_submit():
        try:
            speech = create_speech(meeting, current_user, form.values(),
                                   submit=bool(form.submit.data))
        except InvalidData as exc:
            attach_errors(form, exc)
            return _render_form(form, meeting, None, 422)
        db.session.commit()
        flash(_("Your speech has been submitted.") if form.submit.data
              else _("Your speech has been saved as a draft."), "success")
        return redirect(url_for("consultation.show_speech", speech_id=speech.id))
    return _render_form(form, meeting, None, form_status(form, request.method))


@bp.route("/speeches/<int:speech_id>/edit", methods=["GET", "POST"])
def edit_speech(speech_id: int) -> Any:  # noqa: ANN401
    speech = visible_or_404(load_speech(speech_id), current_user)
    if not speech.can_edit(current_user):
        abort(403)
    form = SpeechEditForm(obj=speech)
    if request.method == "GET":
        form.mode.data = speech.mode.value
        form.kind.data = speech.kind.value
    if form.validate_on_submit():
        try:
            update_speech(speech, current_user, form.values())
            if form.submit.data:
                act_on_speech(speech, "submit", current_user)
        except InvalidData as exc:
            attach_errors(form, exc)
            return _render_form(form, speech.meeting, speech, 422)
        db.session.commit()
        flash(_("Your speech has been saved."), "success")
        return redirect(url_for("consultation.show_speech", speech_id=speech.id))
    return _render_form(form, speech.meeting, speech, form_status(form, request.method))


@bp.get("/speeches/<int:speech_id>")
def show_speech(speech_id: int) -> str:
    speech = visible_or_404(load_speech(speech_id), current_user)
    return render_template(
        "consultation/speech.html", speech=speech,
        actions=SPEECH.available_actions(speech, current_user),
        opinion_form=OpinionForm(), response_form=ResponseRecordForm(),
        events=events_for("speech", speech.id), SpeechMode=SpeechMode)


@bp.post("/speeches/<int:speech_id>/act/<action>")
def act_speech(speech_id: int, action: str) -> Response:
    speech = visible_or_404(load_speech(speech_id), current_user)
    form = OpinionForm()
    if not form.validate():
        raise InvalidData(_("The opinion is too long (at most 2000 characters)."))
    act_on_speech(speech, action, current_user, (form.opinion.data or "").strip())
    db.session.commit()
    flash(_("Done: %(action)s.", action=SPEECH.action_label(action)), "success")
    return redirect(url_for("consultation.show_speech", speech_id=speech.id))


@bp.post("/meetings/<int:meeting_id>/speeches/order")
def order_speeches(meeting_id: int) -> Response:
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    if current_user.role not in STAFF:
        abort(403)
    form = OrderForm()
    ids = form.ids() if form.validate() else None
    if ids is None:
        raise InvalidData(_("The new order is not a list of speeches."))
    reorder_speeches(meeting, current_user, ids)
    db.session.commit()
    return redirect(url_for("consultation.show_meeting", meeting_id=meeting.id) + "#speeches")


@bp.post("/speeches/<int:speech_id>/responses")
def add_response(speech_id: int) -> Response:
    speech = visible_or_404(load_speech(speech_id), current_user)
    check_may_respond(speech, current_user)
    form = ResponseRecordForm()
    if not form.validate():
        raise invalid_form(form)
    record_response(speech, current_user, {
        "responder": form.responder.data.strip(),
        "responder_title": (form.responder_title.data or "").strip(),
        "text": form.text.data})
    db.session.commit()
    flash(_("The response has been recorded."), "success")
    return redirect(url_for("consultation.show_speech", speech_id=speech.id))
