"""The annual consultation plan (年度协商计划)."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from deliberate.consultation import bp
from deliberate.consultation.documents import issued_objects, send_issued
from deliberate.consultation.forms import PlanCreateForm, PlanItemAddForm, ReasonForm
from deliberate.consultation.models import STAFF, MeetingForm, Topic, TopicState
from deliberate.consultation.operations_plan import (
    act_on_plan,
    add_plan_item,
    check_plan_editable,
    create_plan,
    remove_plan_item,
)
from deliberate.consultation.queries import load_plan, plans_stmt
from deliberate.consultation.web_helpers import (
    attach_errors,
    form_status,
    invalid_form,
    visible_or_404,
)
from deliberate.consultation.workflows import PLAN
from deliberate.core.dates import today
from deliberate.core.events import events_for
from deliberate.core.pagination import paginate
from deliberate.core.workflow import InvalidData
from deliberate.directory.models import Committee
from deliberate.extensions import db


@bp.get("/plans")
def list_plans() -> str:
    page = paginate(plans_stmt(current_user), per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("consultation/plans.html", page=page,
                           can_create=current_user.role in STAFF)


@bp.route("/plans/new", methods=["GET", "POST"])
def new_plan() -> Any:  # noqa: ANN401
    if current_user.role not in STAFF:
        abort(403)
    form = PlanCreateForm()
    if request.method == "GET":
        form.year.data = today().year + 1
        form.title.data = _("Annual consultation plan for %(year)d", year=form.year.data)
    if form.validate_on_submit():
        try:
            plan = create_plan(current_user, form.year.data, form.title.data.strip(),
                               form.notes.data or "")
        except InvalidData as exc:
            attach_errors(form, exc)
            return render_template("consultation/plan_form.html", form=form), 422
        db.session.commit()
        return redirect(url_for("consultation.show_plan", plan_id=plan.id))
    return render_template("consultation/plan_form.html", form=form), \
        form_status(form, request.method)


def _item_form(plan: Any) -> PlanItemAddForm:  # noqa: ANN401
    form = PlanItemAddForm()
    planned = {i.topic_id for i in plan.items}
    topics = db.session.scalars(
        select(Topic).where(Topic.state.in_((TopicState.accepted, TopicState.scheduled)))
        .order_by(Topic.id.desc()))
    form.topic_id.choices = [SelectChoice(t.id, t.title) for t in topics
                             if t.id not in planned]
    committees = db.session.scalars(select(Committee).where(Committee.is_active.is_(True))
                                    .order_by(Committee.sort_order, Committee.name))
    form.lead_committee_id.choices = [SelectChoice(0, _("— none —"))] + [
        SelectChoice(c.id, c.name) for c in committees]
    return form


@bp.get("/plans/<int:plan_id>")
def show_plan(plan_id: int) -> Any:  # noqa: ANN401
    plan = visible_or_404(load_plan(plan_id), current_user)
    if not plan.can_view_working_copy(current_user):
        return redirect(url_for("consultation.show_plan_version", plan_id=plan.id,
                                number=plan.latest_version.number))
    by_quarter: dict[int, list[Any]] = {q: [] for q in range(1, 5)}
    for item in plan.items:
        by_quarter[item.quarter].append(item)
    return render_template(
        "consultation/plan.html", plan=plan, by_quarter=by_quarter,
        actions=PLAN.available_actions(plan, current_user),
        item_form=_item_form(plan) if plan.can_edit_items(current_user) else None,
        events=events_for("plan", plan.id))


@bp.get("/plans/<int:plan_id>/versions/<int:number>")
def show_plan_version(plan_id: int, number: int) -> str:
    plan = visible_or_404(load_plan(plan_id), current_user)
    version = next((v for v in plan.versions if v.number == number), None)
    if version is None:
        abort(404)
    return render_template("consultation/plan_version.html", plan=plan, version=version,
                           MeetingForm=MeetingForm,
                           issued=issued_objects("plan", [v.id for v in plan.versions]))


@bp.get("/plans/<int:plan_id>/versions/<int:number>.pdf")
def plan_version_pdf(plan_id: int, number: int) -> Response:
    """A published version's PDF exactly as it was published."""
    plan = visible_or_404(load_plan(plan_id), current_user)
    version = next((v for v in plan.versions if v.number == number), None)
    if version is None:
        abort(404)
    return send_issued("plan", version.id)


@bp.post("/plans/<int:plan_id>/items")
def add_plan_item_view(plan_id: int) -> Response:
    plan = visible_or_404(load_plan(plan_id), current_user)
    check_plan_editable(plan, current_user)
    form = PlanItemAddForm()
    if not form.validate():
        raise invalid_form(form)
    add_plan_item(plan, current_user, {
        "topic_id": form.topic_id.data, "quarter": form.quarter.data, "form": form.form.data,
        "lead_committee_id": form.lead_committee_id.data or None,
        "notes": (form.notes.data or "").strip()})
    db.session.commit()
    return redirect(url_for("consultation.show_plan", plan_id=plan.id))


@bp.post("/plans/<int:plan_id>/items/<int:item_id>/delete")
def delete_plan_item(plan_id: int, item_id: int) -> Response:
    plan = visible_or_404(load_plan(plan_id), current_user)
    remove_plan_item(plan, current_user, item_id)
    db.session.commit()
    return redirect(url_for("consultation.show_plan", plan_id=plan.id))


@bp.post("/plans/<int:plan_id>/act/<action>")
def act_plan(plan_id: int, action: str) -> Response:
    plan = visible_or_404(load_plan(plan_id), current_user)
    form = ReasonForm()
    if not form.validate():
        raise InvalidData(_("The reason is too long (at most 2000 characters)."))
    act_on_plan(plan, action, current_user, (form.reason.data or "").strip())
    db.session.commit()
    flash(_("Done: %(action)s.", action=PLAN.action_label(action)), "success")
    return redirect(url_for("consultation.show_plan", plan_id=plan.id))
