"""Shared by the proposal screens: loading with visibility, the permission check, the detail
page with its action forms, and the shape of every action route."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from deliberate.core.events import events_for
from deliberate.core.permissions import Role
from deliberate.core.workflow import (
    ActionNotAllowed,
    InvalidData,
    PermissionDenied,
)
from deliberate.extensions import db
from deliberate.proposals import bp
from deliberate.proposals import forms as f
from deliberate.proposals import operations as ops
from deliberate.proposals import queries as q
from deliberate.proposals.config import decline_grounds, result_classes
from deliberate.proposals.models import (
    AssignmentRole,
    Proposal,
)
from deliberate.proposals.windows import soft_deadlines
from deliberate.proposals.workflow import WORKFLOW, may_close

READERS = (Role.secretariat, Role.leader, Role.admin)


@bp.errorhandler(StaleDataError)
def _stale(_e: StaleDataError) -> Any:  # noqa: ANN401
    # Two saves raced past the version check: the second one's UPDATE found no row.
    db.session.rollback()
    return render_template("errors/error.html", status=409, title=_("This action is not "
                           "possible now"), message=_("Someone else changed this record "
                           "after you opened it. Reload the page and try again.")), 409


def load_visible(proposal_id: int) -> Proposal:
    p = q.load_proposal(proposal_id)
    # Invisible and missing look the same: a stranger learns nothing.
    if p is None or not p.can_view(current_user):
        abort(404)
    return p


def require_action(p: Proposal, action: str) -> None:
    """403 when the user may never do this, 409 when only the state is wrong."""
    if WORKFLOW.can(p, action, current_user):
        return
    label = WORKFLOW.action_label(action)
    for t in WORKFLOW.transitions:
        if (t.action == action and current_user.role in t.roles
                and (t.allow is None or t.allow(p, current_user))):
            raise ActionNotAllowed(_("“%(action)s” is not possible while the record is "
                                     "“%(state)s”.", action=label,
                                     state=WORKFLOW.state_label(p.state.value)))
    raise PermissionDenied(_("You are not allowed to “%(action)s”.", action=label))


def units_form(form: f.UnitsForm) -> f.UnitsForm:
    form.set_units(q.unit_choices())
    return form


UNIT_FORMS = ("convert", "assign", "resolve_dispute")


def action_forms(p: Proposal, actions: set[str] | None = None) -> dict[str, Any]:
    """A fresh form for each action the detail page may offer; the unit and leader lists
    are read only when ``actions`` (None: all) holds a form that shows them."""
    wanted = set(UNIT_FORMS) | {"mark_key"} if actions is None else actions
    lists = q.choice_lists(*(["unit"] if wanted & set(UNIT_FORMS) else []),
                           *(["leader"] if "mark_key" in wanted else []))
    units = lists.get("unit", [])
    forms: dict[str, Any] = {
        "return": f.ReasonForm(prefix="return"),
        "decline": f.DeclineForm(prefix="decline"),
        "convert": f.ConvertForm(prefix="convert"),
        "merge": f.MergeForm(prefix="merge"),
        "assign": f.AssignForm(prefix="assign"),
        "resolve_dispute": f.ResolveDisputeForm(prefix="dispute_decision"),
        "dispute": f.DisputeForm(prefix="dispute"),
        "consult": f.ConsultForm(prefix="consult"),
        "co_opinion": f.CoOpinionForm(prefix="co"),
        "request_extension": f.ExtensionRequestForm(prefix="ext"),
        "extend": f.ExtensionDecisionForm(prefix="ext_decision"),
        "reply": f.ReplyForm(prefix="reply"),
        "feedback": f.FeedbackForm(prefix="feedback"),
        "close": f.NoteForm(prefix="close"),
        "mark_key": f.KeyForm(prefix="key"),
        "select_excellent": f.ExcellentForm(prefix="excellent"),
        "supervise": f.SupervisionRecordForm(prefix="supervise"),
        "attach": f.AttachmentForm(prefix="attach"),
    }
    forms["decline"].ground.choices = list(decline_grounds().items())
    forms["convert"].unit_id.choices = units
    forms["assign"].set_units(units)
    forms["resolve_dispute"].set_units(units)
    forms["reply"].result_class.choices = list(result_classes().items())
    forms["mark_key"].leader_id.choices = lists.get("leader", [])
    if request.method == "GET" and forms["assign"].due_on.data is None:
        forms["assign"].due_on.data = ops.default_due_on()
    return forms


def render_detail(p: Proposal, failed: tuple[str, Any] | None = None, status: int = 200) -> Any:  # noqa: ANN401
    actions = {t.action for t in WORKFLOW.available_actions(p, current_user)}
    forms = action_forms(p, actions)
    if failed:
        forms[failed[0]] = failed[1]
    # Hide forms whose guard would refuse anyway: a unit that has replied this round, a
    # verdict already given.
    done = {r.assignment_id for r in p.replies_in_round()}
    if all(a.id in done for a in p.unit_assignments(current_user)
           if a.role != AssignmentRole.co):
        actions -= {"reply", "reply_part"}
    if any(fb.round == p.round for fb in p.feedbacks):
        actions -= {"feedback", "feedback_dissatisfied", "feedback_unresolved"}
    if "close" in actions and not may_close(p):
        actions.discard("close")
    exclude = {c.user_id for c in p.cosigners} | {p.proposer_id or 0}
    found = q.search_members(request.args.get("q", ""), exclude) \
        if "invite" in actions else []
    replies = [r for r in p.replies if p.can_view_reply(r, current_user)]
    return render_template(
        "proposals/detail.html", p=p, actions=actions, forms=forms, found=found,
        replies=replies, soft_deadlines=soft_deadlines(p),
        events=events_for("proposal", p.id), days_left=q.days_left,
        result_classes=result_classes(), decline_grounds=decline_grounds(),
        title=p.title), status


def act(proposal_id: int, action: str | Callable[[Proposal], str], form_key: str,
         form: Any, run: Callable[[Proposal, Any], Any], done: str) -> Any:  # noqa: ANN401
    """The shape every action route shares; ``action`` may depend on the proposal."""
    p = load_visible(proposal_id)
    require_action(p, action(p) if callable(action) else action)
    if not form.validate_on_submit():
        return render_detail(p, (form_key, form), 422)
    try:
        run(p, form)
    except InvalidData as e:
        # Shown beside the fields it concerns, like the form's own checks.
        db.session.rollback()
        for name, errors in e.fields.items():
            field = getattr(form, name, None)
            if field is not None and hasattr(field, "errors"):
                field.errors = [*field.errors, *errors]
        flash(e.message, "danger")
        return render_detail(load_visible(proposal_id), (form_key, form), 422)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("proposals.show_proposal", proposal_id=p.id))


def form_version(form: Any) -> int | None:  # noqa: ANN401
    return form.version.data if getattr(form, "version", None) is not None else None
