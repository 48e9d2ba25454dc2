"""Research visits and inspections (调研 / 视察)."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from deliberate.auth.models import User
from deliberate.consultation import bp
from deliberate.consultation.forms import (
    GuestInviteForm,
    ReasonForm,
    VisitEditForm,
    VisitParticipantsForm,
    VisitReportForm,
    VisitRespondForm,
    VisitSiteAddForm,
)
from deliberate.consultation.models import STAFF, Topic, TopicState
from deliberate.consultation.models_visits import ParticipantRole, ParticipantStatus
from deliberate.consultation.operations_visits import (
    accept_request,
    act_on_visit,
    add_expert,
    add_participants,
    add_site,
    ask_to_join,
    check_group_editable,
    check_in_group,
    check_may_record_sites,
    create_visit,
    remove_participant,
    respond_to_visit,
    update_visit,
    write_report,
)
from deliberate.consultation.queries import load_visit, visits_stmt
from deliberate.consultation.web_helpers import (
    attach_errors,
    form_status,
    invalid_form,
    visible_or_404,
)
from deliberate.consultation.workflows import VISIT
from deliberate.core.events import events_for
from deliberate.core.pagination import paginate
from deliberate.core.permissions import Role
from deliberate.core.workflow import InvalidData
from deliberate.extensions import db


def _back(visit_id: int) -> Response:
    return redirect(url_for("consultation.show_visit", visit_id=visit_id))


@bp.get("/visits")
def list_visits() -> str:
    page = paginate(visits_stmt(current_user), per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("consultation/visits.html", page=page,
                           can_create=current_user.role in STAFF)


def _fill(form: VisitEditForm) -> None:
    leaders = db.session.scalars(select(User).where(
        User.is_active.is_(True), User.role.in_((Role.leader, Role.member, Role.secretariat)))
        .order_by(User.role, User.name_pinyin))
    form.leader_id.choices = [SelectChoice(u.id, f"{u.display_name}（{u.role_label}）")
                              for u in leaders]
    topics = db.session.scalars(select(Topic).where(
        Topic.state.not_in((TopicState.declined, TopicState.closed))).order_by(Topic.id.desc()))
    form.topic_id.choices = [SelectChoice(0, _("— none —"))] + [
        SelectChoice(t.id, t.title) for t in topics]


@bp.route("/visits/new", methods=["GET", "POST"])
def new_visit() -> Any:  # noqa: ANN401
    if current_user.role not in STAFF:
        abort(403)
    form = VisitEditForm()
    _fill(form)
    if request.method == "GET" and request.args.get("topic", "").isdigit():
        form.topic_id.data = int(request.args["topic"])
    if form.validate_on_submit():
        try:
            visit = create_visit(current_user, form.values())
        except InvalidData as exc:
            attach_errors(form, exc)
            return render_template("consultation/visit_form.html", form=form,
                                   visit=None), 422
        db.session.commit()
        return _back(visit.id)
    return render_template("consultation/visit_form.html", form=form, visit=None), \
        form_status(form, request.method)


@bp.route("/visits/<int:visit_id>/edit", methods=["GET", "POST"])
def edit_visit(visit_id: int) -> Any:  # noqa: ANN401
    visit = visible_or_404(load_visit(visit_id), current_user)
    if not visit.can_edit(current_user):
        abort(403)
    form = VisitEditForm(obj=visit)
    _fill(form)
    if request.method == "GET":
        form.kind.data = visit.kind.value
        form.topic_id.data = visit.topic_id or 0
    if form.validate_on_submit():
        try:
            update_visit(visit, current_user, form.values())
        except InvalidData as exc:
            attach_errors(form, exc)
            return render_template("consultation/visit_form.html", form=form,
                                   visit=visit), 422
        db.session.commit()
        return _back(visit.id)
    return render_template("consultation/visit_form.html", form=form, visit=visit), \
        form_status(form, request.method)


@bp.get("/visits/<int:visit_id>")
def show_visit(visit_id: int) -> str:
    visit = visible_or_404(load_visit(visit_id), current_user)
    is_staff = current_user.role in STAFF
    people_form = VisitParticipantsForm()
    if is_staff:
        people = db.session.scalars(select(User).where(
            User.is_active.is_(True), User.role.in_((Role.member, Role.secretariat)))
            .order_by(User.role, User.name_pinyin))
        people_form.user_ids.choices = [
            SelectChoice(u.id, f"{u.display_name}（{u.role_label}）") for u in people]
    return render_template(
        "consultation/visit.html", visit=visit, is_staff=is_staff,
        mine=visit.participant_for(current_user),
        actions=VISIT.available_actions(visit, current_user),
        people_form=people_form, report_form=VisitReportForm(obj=visit),
        events=events_for("visit", visit.id) if is_staff else [],
        ParticipantStatus=ParticipantStatus)


@bp.post("/visits/<int:visit_id>/report")
def visit_report(visit_id: int) -> Response:
    visit = visible_or_404(load_visit(visit_id), current_user)
    form = VisitReportForm()
    if not form.validate():
        raise invalid_form(form)
    write_report(visit, current_user, form.findings.data or "", form.report.data or "")
    db.session.commit()
    flash(_("The findings and report have been saved."), "success")
    return _back(visit.id)


@bp.post("/visits/<int:visit_id>/participants")
def visit_participants(visit_id: int) -> Response:
    visit = visible_or_404(load_visit(visit_id), current_user)
    check_group_editable(visit, current_user)
    form = VisitParticipantsForm()
    if not form.validate():
        raise invalid_form(form)
    people = list(db.session.scalars(select(User).where(User.id.in_(form.user_ids.data))))
    if len(people) != len(set(form.user_ids.data)):
        raise InvalidData(_("Some of the people chosen do not exist."))
    add_participants(visit, current_user, people, ParticipantRole(form.role.data))
    db.session.commit()
    return _back(visit.id)


@bp.post("/visits/<int:visit_id>/experts")
def visit_expert(visit_id: int) -> Response:
    visit = visible_or_404(load_visit(visit_id), current_user)
    check_group_editable(visit, current_user)
    form = GuestInviteForm()
    form.kind.data = "expert"
    if not form.validate():
        raise invalid_form(form)
    add_expert(visit, current_user, {"name": form.name.data.strip(),
                                     "organisation": (form.organisation.data or "").strip(),
                                     "title": (form.title.data or "").strip()})
    db.session.commit()
    return _back(visit.id)


@bp.post("/visits/<int:visit_id>/participants/<int:participant_id>/delete")
def visit_remove_participant(visit_id: int, participant_id: int) -> Response:
    visit = visible_or_404(load_visit(visit_id), current_user)
    remove_participant(visit, current_user, participant_id)
    db.session.commit()
    return _back(visit.id)


@bp.post("/visits/<int:visit_id>/participants/<int:participant_id>/accept")
def visit_accept(visit_id: int, participant_id: int) -> Response:
    visit = visible_or_404(load_visit(visit_id), current_user)
    accept_request(visit, current_user, participant_id)
    db.session.commit()
    return _back(visit.id)


@bp.post("/visits/<int:visit_id>/join")
def visit_join(visit_id: int) -> Response:
    visit = visible_or_404(load_visit(visit_id), current_user)
    ask_to_join(visit, current_user)
    db.session.commit()
    flash(_("Your request to join has been sent to the secretariat."), "success")
    return _back(visit.id)


@bp.post("/visits/<int:visit_id>/respond")
def visit_respond(visit_id: int) -> Response:
    visit = visible_or_404(load_visit(visit_id), current_user)
    check_in_group(visit, current_user)
    form = VisitRespondForm()
    if not form.validate():
        raise invalid_form(form)
    respond_to_visit(visit, current_user, form.answer.data == "confirm",
                     form.reason.data or "")
    db.session.commit()
    flash(_("Your reply has been recorded."), "success")
    return _back(visit.id)


@bp.post("/visits/<int:visit_id>/sites")
def visit_site(visit_id: int) -> Response:
    visit = visible_or_404(load_visit(visit_id), current_user)
    check_may_record_sites(visit, current_user)
    form = VisitSiteAddForm()
    if not form.validate():
        raise invalid_form(form)
    add_site(visit, current_user, {"visited_on": form.visited_on.data,
                                   "place": form.place.data.strip(),
                                   "unit": (form.unit.data or "").strip(),
                                   "met": (form.met.data or "").strip(),
                                   "notes": form.notes.data or ""})
    db.session.commit()
    return _back(visit.id)


@bp.post("/visits/<int:visit_id>/act/<action>")
def act_visit(visit_id: int, action: str) -> Response:
    visit = visible_or_404(load_visit(visit_id), current_user)
    form = ReasonForm()
    if not form.validate():
        raise InvalidData(_("The reason is too long (at most 2000 characters)."))
    act_on_visit(visit, action, current_user, (form.reason.data or "").strip())
    db.session.commit()
    flash(_("Done: %(action)s.", action=VISIT.action_label(action)), "success")
    return _back(visit.id)
