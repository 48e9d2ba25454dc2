"""The proposer's screens: the draft with its preview and attachments, co-signing, submitting
and withdrawing, the detail page."""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from deliberate.auth.models import User
from deliberate.core.files import attachment_disposition
from deliberate.core.markdown import render_markdown
from deliberate.core.permissions import Role, roles_required
from deliberate.core.workflow import (
    InvalidData,
    WorkflowError,
)
from deliberate.extensions import db
from deliberate.proposals import bp
from deliberate.proposals import forms as f
from deliberate.proposals import operations as ops
from deliberate.proposals import queries as q
from deliberate.proposals.models import (
    Proposal,
)
from deliberate.proposals.views.common import (
    act,
    form_version,
    load_visible,
    render_detail,
    require_action,
)
from deliberate.proposals.workflow import today


def _proposal_form(p: Proposal | None = None) -> f.ProposalForm:
    form = f.ProposalForm(obj=p) if p is not None else f.ProposalForm()
    form.unit_ids.choices = q.unit_choices()
    if p is not None and request.method == "GET":
        form.unit_ids.data = [s.unit_id for s in p.suggested_units]
        form.category.data = p.category.value
    return form


def _fields(form: f.ProposalForm) -> dict[str, Any]:
    return {name: getattr(form, name).data for name in ops.EDITABLE_FIELDS}


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.member, Role.secretariat)
def create_proposal() -> Any:  # noqa: ANN401
    session = q.current_session()
    if session is None:
        flash(_("No current plenary session is set. Ask the secretariat to set one."),
              "warning")
        return redirect(url_for("dashboard.index"))
    form = _proposal_form()
    if request.method == "GET":
        form.is_plenary.data = ops.is_plenary_period(session, today())
    status = 200
    if form.validate_on_submit():
        try:
            p = ops.create_proposal(current_user, session, _fields(form),
                                    unit_ids=form.unit_ids.data or [],
                                    collective_name=form.collective_name.data or "")
        except WorkflowError as e:
            db.session.rollback()
            for name, errors in e.fields.items():
                getattr(form, name).errors.extend(errors)
            status = e.status
        else:
            db.session.commit()
            flash(_("The draft has been saved."), "success")
            return redirect(url_for("proposals.show_proposal", proposal_id=p.id))
    elif request.method == "POST":
        status = 422
    return render_template("proposals/edit.html", form=form, p=None, session=session,
                           title=_("New proposal")), status


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
def edit_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    p = load_visible(proposal_id)
    require_action(p, "edit")
    form = _proposal_form(p)
    if request.method == "GET":
        form.version.data = p.version
    if form.validate_on_submit():
        ops.update_proposal(p, current_user, _fields(form), unit_ids=form.unit_ids.data or [],
                            expected_version=form_version(form))
        db.session.commit()
        flash(_("The draft has been saved."), "success")
        return redirect(url_for("proposals.show_proposal", proposal_id=p.id))
    status = 422 if request.method == "POST" else 200
    return render_template("proposals/edit.html", form=form, p=p, session=p.session,
                           title=_("Edit proposal")), status


@bp.post("/preview")
@roles_required(Role.member, Role.secretariat)
def preview() -> Response:
    text = request.form.get("text", "")[:f.BODY_MAX]
    return jsonify(html=str(render_markdown(text)))


@bp.get("/<int:proposal_id>")
def show_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    return render_detail(load_visible(proposal_id))


@bp.post("/<int:proposal_id>/attachments")
def add_attachment(proposal_id: int) -> Any:  # noqa: ANN401
    p = load_visible(proposal_id)
    require_action(p, "edit")
    form = f.AttachmentForm(prefix="attach")
    if not form.validate_on_submit():
        return render_detail(p, ("attach", form), 422)
    limit = int(current_app.config.get("PROPOSAL_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
    upload = form.file.data
    try:
        ops.add_attachment(p, current_user, upload.read(limit + 1), upload.filename or "")
    except InvalidData as e:
        db.session.rollback()
        form.file.errors = [*form.file.errors, *e.fields.get("file", [e.message])]
        return render_detail(load_visible(proposal_id), ("attach", form), 422)
    db.session.commit()
    flash(_("The file has been attached."), "success")
    return redirect(url_for("proposals.show_proposal", proposal_id=p.id))


@bp.post("/<int:proposal_id>/attachments/<int:attachment_id>/remove")
def remove_attachment(proposal_id: int, attachment_id: int) -> Any:  # noqa: ANN401
    p = load_visible(proposal_id)
    require_action(p, "edit")
    att = next((a for a in p.attachments if a.id == attachment_id), None)
    if att is None:
        abort(404)
    ops.remove_attachment(p, current_user, att)
    db.session.commit()
    flash(_("The attachment has been removed."), "success")
    return redirect(url_for("proposals.show_proposal", proposal_id=p.id))


@bp.get("/<int:proposal_id>/attachments/<int:attachment_id>")
def download_attachment(proposal_id: int, attachment_id: int) -> Response:
    p = load_visible(proposal_id)
    att = next((a for a in p.attachments if a.id == attachment_id), None)
    if att is None:
        abort(404)
    # Served as a download of opaque bytes: an uploaded HTML file never runs in our origin.
    return Response(att.file.data, mimetype="application/octet-stream", headers={
        "Content-Disposition": attachment_disposition(att.file.filename),
        "X-Content-Type-Options": "nosniff"})


@bp.post("/<int:proposal_id>/invite")
def invite_cosigners(proposal_id: int) -> Any:  # noqa: ANN401
    p = load_visible(proposal_id)
    require_action(p, "invite")
    raw = request.form.getlist("user_id")
    ids = [int(v) for v in raw if v.isdigit()]
    users = list(db.session.scalars(select(User).where(User.id.in_(ids)))) if ids else []
    if not users:
        flash(_("Choose the members to invite."), "danger")
        return render_detail(p, status=422)
    ops.invite_cosigners(p, current_user, users)
    db.session.commit()
    flash(_("The invitations have been sent."), "success")
    return redirect(url_for("proposals.show_proposal", proposal_id=p.id))


@bp.post("/<int:proposal_id>/cosign/<answer>")
def answer_invitation(proposal_id: int, answer: str) -> Any:  # noqa: ANN401
    if answer not in ("confirm", "decline"):
        abort(404)
    p = load_visible(proposal_id)
    require_action(p, f"{answer}_cosign")
    (ops.confirm_cosign if answer == "confirm" else ops.decline_cosign)(p, current_user)
    db.session.commit()
    flash(_("Thank you: your answer has been recorded."), "success")
    return redirect(url_for("proposals.show_proposal", proposal_id=p.id))


@bp.post("/<int:proposal_id>/submit")
def submit_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    return act(proposal_id, "submit", "submit", f.VersionedForm(),
                lambda p, form: ops.submit_proposal(p, current_user,
                                                    expected_version=form_version(form)),
                _("The proposal has been submitted; its text is now locked."))


@bp.post("/<int:proposal_id>/withdraw")
def withdraw_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    return act(proposal_id, "withdraw", "withdraw", f.VersionedForm(),
                lambda p, _form: ops.withdraw_proposal(p, current_user),
                _("The proposal has been withdrawn."))
