"""Results (成果) and their follow-up: the board, a result's page, instructions, adoption,
progress entries until closed."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from deliberate.consultation import bp
from deliberate.consultation.forms import (
    AdoptionRecordForm,
    FollowUpAddForm,
    InstructionRecordForm,
)
from deliberate.consultation.models import READERS, Adoption
from deliberate.consultation.operations_results import (
    add_follow_up,
    check_follow_up,
    record_adoption,
    record_instruction,
)
from deliberate.consultation.queries import load_result, results_board
from deliberate.consultation.web_helpers import invalid_form, visible_or_404
from deliberate.extensions import db


@bp.get("/results")
def results() -> str:
    if current_user.role not in READERS:
        abort(403)
    return render_template("consultation/results.html", **results_board())


@bp.get("/results/<int:result_id>")
def show_result(result_id: int) -> str:
    result = visible_or_404(load_result(result_id), current_user)
    return render_template(
        "consultation/result.html", result=result,
        instruction_form=InstructionRecordForm(), adoption_form=AdoptionRecordForm(
            adoption=result.adoption.value, note=result.adoption_note),
        follow_up_form=FollowUpAddForm(), Adoption=Adoption)


def _back(result_id: int) -> Response:
    return redirect(url_for("consultation.show_result", result_id=result_id))


@bp.post("/results/<int:result_id>/instructions")
def add_instruction(result_id: int) -> Response:
    result = visible_or_404(load_result(result_id), current_user)
    check_follow_up(result, current_user)
    form = InstructionRecordForm()
    if not form.validate():
        raise invalid_form(form)
    record_instruction(result, current_user, {"leader": form.leader.data.strip(),
                                              "given_on": form.given_on.data,
                                              "text": form.text.data})
    db.session.commit()
    flash(_("The instruction has been recorded."), "success")
    return _back(result.id)


@bp.post("/results/<int:result_id>/adoption")
def set_adoption(result_id: int) -> Response:
    result = visible_or_404(load_result(result_id), current_user)
    check_follow_up(result, current_user)
    form = AdoptionRecordForm()
    if not form.validate():
        raise invalid_form(form)
    record_adoption(result, current_user, Adoption(form.adoption.data), form.note.data or "")
    db.session.commit()
    flash(_("The adoption has been recorded."), "success")
    return _back(result.id)


@bp.post("/results/<int:result_id>/follow-ups")
def add_follow_up_view(result_id: int) -> Response:
    result = visible_or_404(load_result(result_id), current_user)
    check_follow_up(result, current_user)
    form = FollowUpAddForm()
    if not form.validate():
        raise invalid_form(form)
    add_follow_up(result, current_user, {"entry_on": form.entry_on.data,
                                         "progress": form.progress.data},
                  close=bool(form.close.data))
    db.session.commit()
    flash(_("The follow-up has been recorded."), "success")
    return _back(result.id)
