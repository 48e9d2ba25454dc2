"""The secretariat's actions: review (立案审查), assignment (交办) including bulk assignment,
decisions on units' requests, closing, key proposals."""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    flash,
    redirect,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from deliberate.auth.models import User
from deliberate.core.permissions import Role, roles_required
from deliberate.core.urls import safe_next
from deliberate.core.workflow import (
    ActionNotAllowed,
    WorkflowError,
)
from deliberate.directory.models import Unit
from deliberate.extensions import db
from deliberate.proposals import bp
from deliberate.proposals import forms as f
from deliberate.proposals import operations as ops
from deliberate.proposals import queries as q
from deliberate.proposals.config import decline_grounds
from deliberate.proposals.models import (
    Proposal,
)
from deliberate.proposals.views.common import (
    act,
    form_version,
    units_form,
)


@bp.post("/<int:proposal_id>/return")
def return_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    return act(proposal_id, "return", "return", f.ReasonForm(prefix="return"),
                lambda p, form: ops.return_proposal(p, current_user, form.reason.data,
                                                    expected_version=form_version(form)),
                _("The proposal has been returned to its proposer."))


@bp.post("/<int:proposal_id>/register")
def register_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    holder: dict[str, int] = {}

    def run(p: Proposal, form: Any) -> None:  # noqa: ANN401
        holder["n"] = ops.register_proposal(p, current_user, expected_version=form_version(form))

    return act(proposal_id, "register", "register", f.VersionedForm(), run,
                _("The proposal has been registered."))


@bp.post("/<int:proposal_id>/decline")
def decline_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    form = f.DeclineForm(prefix="decline")
    form.ground.choices = list(decline_grounds().items())
    return act(proposal_id, "decline", "decline", form,
                lambda p, fm: ops.decline_proposal(p, current_user, fm.ground.data,
                                                   fm.note.data,
                                                   expected_version=form_version(fm)),
                _("The proposal has not been registered; the proposer is told."))


@bp.post("/<int:proposal_id>/convert")
def convert_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    form = f.ConvertForm(prefix="convert")
    form.unit_id.choices = q.unit_choices()
    return act(proposal_id, "convert", "convert", form,
                lambda p, fm: ops.convert_proposal(p, current_user,
                                                   db.session.get(Unit, fm.unit_id.data),
                                                   note=fm.note.data or "",
                                                   expected_version=form_version(fm)),
                _("The proposal has been converted to an opinion letter."))


@bp.post("/<int:proposal_id>/merge")
def merge_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    def run(p: Proposal, fm: Any) -> None:  # noqa: ANN401
        target = db.session.scalar(select(Proposal).where(
            Proposal.session_id == p.session_id, Proposal.number == fm.target_number.data))
        if target is None:
            raise ActionNotAllowed(_("There is no registered proposal with that number in "
                                     "this session."))
        ops.merge_proposal(p, current_user, target, note=fm.note.data or "",
                           expected_version=form_version(fm))

    return act(proposal_id, "merge", "merge", f.MergeForm(prefix="merge"), run,
                _("The proposal has been merged."))


@bp.post("/<int:proposal_id>/assign")
def assign_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    return act(proposal_id, "assign", "assign", units_form(f.AssignForm(prefix="assign")),
                lambda p, fm: ops.assign_proposal(p, current_user, fm.pairs(), fm.due_on.data,
                                                  note=fm.note.data or "",
                                                  expected_version=form_version(fm)),
                _("The proposal has been assigned."))


@bp.post("/bulk-assign")
@roles_required(Role.secretariat)
def bulk_assign() -> Any:  # noqa: ANN401
    form = units_form(f.BulkAssignForm(prefix="bulk"))
    back = safe_next(form.next.data) or url_for("proposals.list_proposals")
    if not form.validate_on_submit() or not form.ids.data:
        message = _("Choose the proposals and at least one unit.")
        for errors in form.errors.values():
            message = f"{message} {' '.join(str(e) for e in errors)}"
        flash(message, "danger")
        return redirect(back), 303
    proposals = list(db.session.scalars(
        select(Proposal).where(Proposal.id.in_(form.ids.data)).options(*q.LIST_LOADS))
        .unique())
    if len(proposals) != len(set(form.ids.data)):
        abort(404)
    try:
        n = ops.bulk_assign(proposals, current_user, form.pairs(), form.due_on.data)
    except WorkflowError as e:
        db.session.rollback()
        flash(_("Nothing was assigned. %(reason)s", reason=e.message), "danger")
        return redirect(back), 303
    db.session.commit()
    flash(_("%(n)d proposals have been assigned.", n=n), "success")
    return redirect(back)


@bp.post("/<int:proposal_id>/dispute-decision")
def resolve_dispute(proposal_id: int) -> Any:  # noqa: ANN401
    def run(p: Proposal, fm: Any) -> None:  # noqa: ANN401
        dispute = next((d for d in p.disputes if d.id == fm.dispute_id.data), None)
        if dispute is None:
            abort(404)
        ops.resolve_dispute(p, current_user, dispute, fm.decision.data, units=fm.pairs(),
                            due_on=fm.due_on.data, note=fm.note.data or "")

    return act(proposal_id, "resolve_dispute", "resolve_dispute",
                units_form(f.ResolveDisputeForm(prefix="dispute_decision")), run,
                _("The request has been decided."))


@bp.post("/<int:proposal_id>/extension-decision")
def decide_extension(proposal_id: int) -> Any:  # noqa: ANN401
    form = f.ExtensionDecisionForm(prefix="ext_decision")
    action = "refuse_extension" if form.decision.data == "refuse" else "extend"

    def run(p: Proposal, fm: Any) -> None:  # noqa: ANN401
        req = next((r for r in p.extension_requests if r.id == fm.request_id.data), None)
        if req is None:
            abort(404)
        if fm.decision.data == "refuse":
            ops.refuse_extension(p, current_user, req, fm.note.data)
        else:
            ops.extend_deadline(p, current_user, req, fm.until.data, note=fm.note.data or "")

    return act(proposal_id, action, "extend", form, run, _("The request has been decided."))


@bp.post("/<int:proposal_id>/close")
def close_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    return act(proposal_id, "close", "close", f.NoteForm(prefix="close"),
                lambda p, fm: ops.close_proposal(p, current_user, note=fm.note.data or ""),
                _("The proposal has been closed."))


@bp.post("/<int:proposal_id>/excellent")
def select_excellent(proposal_id: int) -> Any:  # noqa: ANN401
    form = f.ExcellentForm(prefix="excellent")
    return act(proposal_id, "select_excellent", "select_excellent", form,
               lambda p, fm: ops.select_excellent(p, current_user, fm.excellent.data == "yes",
                                                  note=fm.note.data or ""),
               _("The excellent-proposal mark has been recorded."))


@bp.post("/<int:proposal_id>/key")
def mark_key(proposal_id: int) -> Any:  # noqa: ANN401
    form = f.KeyForm(prefix="key")
    form.leader_id.choices = q.leader_choices()
    return act(proposal_id, "mark_key", "mark_key", form,
                lambda p, fm: ops.mark_key(p, current_user,
                                           db.session.get(User, fm.leader_id.data),
                                           note=fm.note.data or ""),
                _("The proposal is now a key proposal."))
