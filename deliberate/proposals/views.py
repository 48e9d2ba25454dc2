"""Proposal screens: routes only (load → permission → form → operation → commit once)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import quote

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
from sqlalchemy.orm.exc import StaleDataError

from deliberate.auth.models import User
from deliberate.core.dates import add_months, add_working_days
from deliberate.core.events import events_for
from deliberate.core.markdown import render_markdown
from deliberate.core.pagination import paginate
from deliberate.core.permissions import Role, roles_required
from deliberate.core.urls import safe_next
from deliberate.core.workflow import (
    ActionNotAllowed,
    InvalidData,
    PermissionDenied,
    WorkflowError,
)
from deliberate.directory.models import Unit
from deliberate.extensions import db
from deliberate.proposals import bp
from deliberate.proposals import forms as f
from deliberate.proposals import operations as ops
from deliberate.proposals import queries as q
from deliberate.proposals.config import decline_grounds, result_classes, setting
from deliberate.proposals.models import (
    AssignmentRole,
    Category,
    Proposal,
    ProposerType,
    Reply,
)
from deliberate.proposals.workflow import STATE_LABELS, WORKFLOW, today

READERS = (Role.secretariat, Role.leader, Role.admin)


@bp.errorhandler(StaleDataError)
def _stale(_e: StaleDataError) -> Any:  # noqa: ANN401
    # Two saves raced past the version check: the second one's UPDATE found no row.
    db.session.rollback()
    return render_template("errors/error.html", status=409, title=_("This action is not "
                           "possible now"), message=_("Someone else changed this record "
                           "after you opened it. Reload the page and try again.")), 409


# -- helpers ---------------------------------------------------------------------------

def _load(proposal_id: int) -> Proposal:
    p = q.load_proposal(proposal_id)
    # Invisible and missing look the same: a stranger learns nothing.
    if p is None or not p.can_view(current_user):
        abort(404)
    return p


def _require(p: Proposal, action: str) -> None:
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


def _units_form(form: f.UnitsForm) -> f.UnitsForm:
    form.set_units(q.unit_choices())
    return form


def _action_forms(p: Proposal) -> dict[str, Any]:
    """A fresh form for each action the detail page may offer."""
    units = q.unit_choices()
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
        "supervise": f.SupervisionRecordForm(prefix="supervise"),
        "attach": f.AttachmentForm(prefix="attach"),
    }
    forms["decline"].ground.choices = list(decline_grounds().items())
    forms["convert"].unit_id.choices = units
    forms["assign"].set_units(units)
    forms["resolve_dispute"].set_units(units)
    forms["reply"].result_class.choices = list(result_classes().items())
    forms["mark_key"].leader_id.choices = q.leader_choices()
    if request.method == "GET" and forms["assign"].due_on.data is None:
        forms["assign"].due_on.data = ops.default_due_on()
    return forms


def _detail(p: Proposal, failed: tuple[str, Any] | None = None, status: int = 200) -> Any:  # noqa: ANN401
    forms = _action_forms(p)
    if failed:
        forms[failed[0]] = failed[1]
    actions = {t.action for t in WORKFLOW.available_actions(p, current_user)}
    # Hide forms whose guard would refuse anyway: a unit that has replied this round, a
    # verdict already given.
    done = {r.assignment_id for r in p.replies_in_round()}
    if all(a.id in done for a in p.unit_assignments(current_user)
           if a.role != AssignmentRole.co):
        actions -= {"reply", "reply_part"}
    if any(fb.round == p.round for fb in p.feedbacks):
        actions -= {"feedback", "feedback_dissatisfied", "feedback_unresolved"}
    exclude = {c.user_id for c in p.cosigners} | {p.proposer_id or 0}
    found = q.search_members(request.args.get("q", ""), exclude) \
        if "invite" in actions else []
    replies = [r for r in p.replies if p.can_view_reply(r, current_user)]
    return render_template(
        "proposals/detail.html", p=p, actions=actions, forms=forms, found=found,
        replies=replies, soft_deadlines=_soft_deadlines(p),
        events=events_for("proposal", p.id), days_left=q.days_left,
        result_classes=result_classes(), decline_grounds=decline_grounds(),
        title=p.title), status


def _soft_deadlines(p: Proposal) -> dict[int, date]:
    """By default the unit consults the proposer within 15 working days, and a co unit sends
    its opinion within a month, of its assignment (DOMAIN.md)."""
    out: dict[int, date] = {}
    consult: dict[date, date] = {}
    for a in p.active_assignments:
        if a.role == AssignmentRole.co:
            out[a.id] = add_months(a.assigned_on, setting("PROPOSAL_CO_OPINION_MONTHS"))
        else:
            if a.assigned_on not in consult:
                consult[a.assigned_on] = add_working_days(
                    a.assigned_on, setting("PROPOSAL_CONSULTATION_WORKING_DAYS"))
            out[a.id] = consult[a.assigned_on]
    return out


def _act(proposal_id: int, action: str | Callable[[Proposal], str], form_key: str,
         form: Any, run: Callable[[Proposal, Any], Any], done: str) -> Any:  # noqa: ANN401
    """The shape every action route shares; ``action`` may depend on the proposal."""
    p = _load(proposal_id)
    _require(p, action(p) if callable(action) else action)
    if not form.validate_on_submit():
        return _detail(p, (form_key, form), 422)
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
        return _detail(_load(proposal_id), (form_key, form), 422)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("proposals.show_proposal", proposal_id=p.id))


def _version(form: Any) -> int | None:  # noqa: ANN401
    return form.version.data if getattr(form, "version", None) is not None else None


# -- lists -----------------------------------------------------------------------------

@bp.get("/mine")
@roles_required(Role.member)
def my_proposals() -> str:
    page = paginate(q.my_proposals(current_user),
                    per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("proposals/mine.html", page=page, days_left=q.days_left,
                           title=_("My proposals"))


@bp.get("/")
@roles_required(*READERS)
def list_proposals() -> str:
    filters = q.Filters.from_args(request.args)
    page = paginate(q.working_list(filters), per_page=current_app.config["ITEMS_PER_PAGE"])
    bulk = _units_form(f.BulkAssignForm(prefix="bulk"))
    bulk.due_on.data = ops.default_due_on()
    return render_template(
        "proposals/list.html", page=page, filters=filters, bulk=bulk,
        states=STATE_LABELS, categories=Category.choices(),
        proposer_types=ProposerType.choices(), sessions=q.session_choices(),
        units=q.unit_choices(), sectors=q.sector_choices(), days_left=q.days_left,
        title=_("Proposals"))


@bp.get("/review")
@roles_required(Role.secretariat)
def review_queue() -> str:
    page = paginate(q.review_queue(), per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("proposals/review.html", page=page, title=_("Review queue"))


@bp.get("/inbox")
@roles_required(Role.unit_staff)
def unit_inbox() -> str:
    show = "all" if request.args.get("show") == "all" else "open"
    page = paginate(q.unit_inbox(current_user, show),
                    per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("proposals/unit_inbox.html", page=page, show=show,
                           days_left=q.days_left, title=_("Assigned proposals"))


# -- drafts ----------------------------------------------------------------------------

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
    p = _load(proposal_id)
    _require(p, "edit")
    form = _proposal_form(p)
    if request.method == "GET":
        form.version.data = p.version
    if form.validate_on_submit():
        ops.update_proposal(p, current_user, _fields(form), unit_ids=form.unit_ids.data or [],
                            expected_version=_version(form))
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
    return _detail(_load(proposal_id))


@bp.post("/<int:proposal_id>/attachments")
def add_attachment(proposal_id: int) -> Any:  # noqa: ANN401
    p = _load(proposal_id)
    _require(p, "edit")
    form = f.AttachmentForm(prefix="attach")
    if not form.validate_on_submit():
        return _detail(p, ("attach", form), 422)
    limit = int(current_app.config.get("PROPOSAL_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
    upload = form.file.data
    try:
        ops.add_attachment(p, current_user, upload.read(limit + 1), upload.filename or "")
    except InvalidData as e:
        db.session.rollback()
        form.file.errors = [*form.file.errors, *e.fields.get("file", [e.message])]
        return _detail(_load(proposal_id), ("attach", form), 422)
    db.session.commit()
    flash(_("The file has been attached."), "success")
    return redirect(url_for("proposals.show_proposal", proposal_id=p.id))


@bp.post("/<int:proposal_id>/attachments/<int:attachment_id>/remove")
def remove_attachment(proposal_id: int, attachment_id: int) -> Any:  # noqa: ANN401
    p = _load(proposal_id)
    _require(p, "edit")
    att = next((a for a in p.attachments if a.id == attachment_id), None)
    if att is None:
        abort(404)
    ops.remove_attachment(p, current_user, att)
    db.session.commit()
    flash(_("The attachment has been removed."), "success")
    return redirect(url_for("proposals.show_proposal", proposal_id=p.id))


@bp.get("/<int:proposal_id>/attachments/<int:attachment_id>")
def download_attachment(proposal_id: int, attachment_id: int) -> Response:
    p = _load(proposal_id)
    att = next((a for a in p.attachments if a.id == attachment_id), None)
    if att is None:
        abort(404)
    # Served as a download of opaque bytes: an uploaded HTML file never runs in our origin.
    return Response(att.file.data, mimetype="application/octet-stream", headers={
        "Content-Disposition": _disposition(att.file.filename),
        "X-Content-Type-Options": "nosniff"})


def _disposition(filename: str) -> str:
    filename = "".join(ch for ch in filename if ch.isprintable()) or "attachment"
    ascii_name = filename.encode("ascii", "ignore").decode() or "attachment"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@bp.post("/<int:proposal_id>/invite")
def invite_cosigners(proposal_id: int) -> Any:  # noqa: ANN401
    p = _load(proposal_id)
    _require(p, "invite")
    raw = request.form.getlist("user_id")
    ids = [int(v) for v in raw if v.isdigit()]
    users = list(db.session.scalars(select(User).where(User.id.in_(ids)))) if ids else []
    if not users:
        flash(_("Choose the members to invite."), "danger")
        return _detail(p, status=422)
    ops.invite_cosigners(p, current_user, users)
    db.session.commit()
    flash(_("The invitations have been sent."), "success")
    return redirect(url_for("proposals.show_proposal", proposal_id=p.id))


@bp.post("/<int:proposal_id>/cosign/<answer>")
def answer_invitation(proposal_id: int, answer: str) -> Any:  # noqa: ANN401
    if answer not in ("confirm", "decline"):
        abort(404)
    p = _load(proposal_id)
    _require(p, f"{answer}_cosign")
    (ops.confirm_cosign if answer == "confirm" else ops.decline_cosign)(p, current_user)
    db.session.commit()
    flash(_("Thank you: your answer has been recorded."), "success")
    return redirect(url_for("proposals.show_proposal", proposal_id=p.id))


@bp.post("/<int:proposal_id>/submit")
def submit_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    return _act(proposal_id, "submit", "submit", f.VersionedForm(),
                lambda p, form: ops.submit_proposal(p, current_user,
                                                    expected_version=_version(form)),
                _("The proposal has been submitted; its text is now locked."))


@bp.post("/<int:proposal_id>/withdraw")
def withdraw_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    return _act(proposal_id, "withdraw", "withdraw", f.VersionedForm(),
                lambda p, _form: ops.withdraw_proposal(p, current_user),
                _("The proposal has been withdrawn."))


# -- review ----------------------------------------------------------------------------

@bp.post("/<int:proposal_id>/return")
def return_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    return _act(proposal_id, "return", "return", f.ReasonForm(prefix="return"),
                lambda p, form: ops.return_proposal(p, current_user, form.reason.data,
                                                    expected_version=_version(form)),
                _("The proposal has been returned to its proposer."))


@bp.post("/<int:proposal_id>/register")
def register_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    holder: dict[str, int] = {}

    def run(p: Proposal, form: Any) -> None:  # noqa: ANN401
        holder["n"] = ops.register_proposal(p, current_user, expected_version=_version(form))

    return _act(proposal_id, "register", "register", f.VersionedForm(), run,
                _("The proposal has been registered."))


@bp.post("/<int:proposal_id>/decline")
def decline_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    form = f.DeclineForm(prefix="decline")
    form.ground.choices = list(decline_grounds().items())
    return _act(proposal_id, "decline", "decline", form,
                lambda p, fm: ops.decline_proposal(p, current_user, fm.ground.data,
                                                   fm.note.data,
                                                   expected_version=_version(fm)),
                _("The proposal has not been registered; the proposer is told."))


@bp.post("/<int:proposal_id>/convert")
def convert_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    form = f.ConvertForm(prefix="convert")
    form.unit_id.choices = q.unit_choices()
    return _act(proposal_id, "convert", "convert", form,
                lambda p, fm: ops.convert_proposal(p, current_user,
                                                   db.session.get(Unit, fm.unit_id.data),
                                                   note=fm.note.data or "",
                                                   expected_version=_version(fm)),
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
                           expected_version=_version(fm))

    return _act(proposal_id, "merge", "merge", f.MergeForm(prefix="merge"), run,
                _("The proposal has been merged."))


# -- assignment ------------------------------------------------------------------------

@bp.post("/<int:proposal_id>/assign")
def assign_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    return _act(proposal_id, "assign", "assign", _units_form(f.AssignForm(prefix="assign")),
                lambda p, fm: ops.assign_proposal(p, current_user, fm.pairs(), fm.due_on.data,
                                                  note=fm.note.data or "",
                                                  expected_version=_version(fm)),
                _("The proposal has been assigned."))


@bp.post("/bulk-assign")
@roles_required(Role.secretariat)
def bulk_assign() -> Any:  # noqa: ANN401
    form = _units_form(f.BulkAssignForm(prefix="bulk"))
    back = safe_next(form.next.data) or url_for("proposals.list_proposals")
    if not form.validate_on_submit() or not form.ids.data:
        message = _("Choose the proposals and at least one unit.")
        for errors in form.errors.values():
            message = f"{message} {' '.join(str(e) for e in errors)}"
        flash(message, "danger")
        return redirect(back), 303
    proposals = list(db.session.scalars(
        select(Proposal).where(Proposal.id.in_(form.ids.data)).options(*q.LIST_LOADS)))
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


@bp.post("/<int:proposal_id>/dispute")
def dispute_assignment(proposal_id: int) -> Any:  # noqa: ANN401
    return _act(proposal_id, "dispute", "dispute", f.DisputeForm(prefix="dispute"),
                lambda p, fm: ops.dispute_assignment(p, current_user, fm.reason.data),
                _("Your request has been sent to the secretariat."))


@bp.post("/<int:proposal_id>/dispute-decision")
def resolve_dispute(proposal_id: int) -> Any:  # noqa: ANN401
    def run(p: Proposal, fm: Any) -> None:  # noqa: ANN401
        dispute = next((d for d in p.disputes if d.id == fm.dispute_id.data), None)
        if dispute is None:
            abort(404)
        ops.resolve_dispute(p, current_user, dispute, fm.decision.data, units=fm.pairs(),
                            due_on=fm.due_on.data, note=fm.note.data or "")

    return _act(proposal_id, "resolve_dispute", "resolve_dispute",
                _units_form(f.ResolveDisputeForm(prefix="dispute_decision")), run,
                _("The request has been decided."))


# -- handling --------------------------------------------------------------------------

@bp.post("/<int:proposal_id>/consult")
def record_consultation(proposal_id: int) -> Any:  # noqa: ANN401
    return _act(proposal_id, "consult", "consult", f.ConsultForm(prefix="consult"),
                lambda p, fm: ops.record_consultation(p, current_user, fm.held_on.data,
                                                      fm.form.data, fm.summary.data),
                _("The consultation has been recorded."))


@bp.post("/<int:proposal_id>/co-opinion")
def post_co_opinion(proposal_id: int) -> Any:  # noqa: ANN401
    return _act(proposal_id, "co_opinion", "co_opinion", f.CoOpinionForm(prefix="co"),
                lambda p, fm: ops.post_co_opinion(p, current_user, fm.body.data),
                _("Your opinion has been sent to the lead unit."))


@bp.post("/<int:proposal_id>/extension")
def request_extension(proposal_id: int) -> Any:  # noqa: ANN401
    return _act(proposal_id, "request_extension", "request_extension",
                f.ExtensionRequestForm(prefix="ext"),
                lambda p, fm: ops.request_extension(p, current_user, fm.until.data,
                                                    fm.reason.data),
                _("Your extension request has been sent to the secretariat."))


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

    return _act(proposal_id, action, "extend", form, run, _("The request has been decided."))


@bp.post("/<int:proposal_id>/reply")
def reply_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    form = f.ReplyForm(prefix="reply")
    form.result_class.choices = list(result_classes().items())

    def run(p: Proposal, fm: Any) -> None:  # noqa: ANN401
        upload = fm.file.data
        data = upload.read(int(current_app.config.get("PROPOSAL_REPLY_MAX_BYTES",
                                                      10 * 1024 * 1024)) + 1)
        fields = {k: getattr(fm, k).data for k in ops.REPLY_FIELDS}
        ops.reply_proposal(p, current_user, fields, data, upload.filename or "reply.pdf")

    def action(p: Proposal) -> str:
        return "reply" if WORKFLOW.can(p, "reply", current_user) else "reply_part"

    return _act(proposal_id, action, "reply", form, run, _("The reply has been sent."))


@bp.get("/replies/<int:reply_id>/file")
def download_reply(reply_id: int) -> Response:
    reply = db.session.get(Reply, reply_id)
    if reply is None:
        abort(404)
    p = _load(reply.proposal_id)
    if not p.can_view_reply(reply, current_user):
        abort(404)
    name = f"reply-{p.number or p.id}-{reply.id}.pdf"
    return Response(reply.file.data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-Content-Type-Options": "nosniff"})


@bp.post("/<int:proposal_id>/feedback")
def give_feedback(proposal_id: int) -> Any:  # noqa: ANN401
    form = f.FeedbackForm(prefix="feedback")

    def action(p: Proposal) -> str:
        if form.verdict.data == "dissatisfied":
            return "feedback_dissatisfied" if p.round == 1 else "feedback_unresolved"
        return "feedback"

    fields = ops.FEEDBACK_FIELDS
    return _act(proposal_id, action, "feedback", form,
                lambda p, fm: ops.give_feedback(p, current_user,
                                                {k: getattr(fm, k).data for k in fields}),
                _("Thank you: your verdict has been recorded."))


@bp.post("/<int:proposal_id>/close")
def close_proposal(proposal_id: int) -> Any:  # noqa: ANN401
    return _act(proposal_id, "close", "close", f.NoteForm(prefix="close"),
                lambda p, fm: ops.close_proposal(p, current_user, note=fm.note.data or ""),
                _("The proposal has been closed."))


@bp.post("/<int:proposal_id>/key")
def mark_key(proposal_id: int) -> Any:  # noqa: ANN401
    form = f.KeyForm(prefix="key")
    form.leader_id.choices = q.leader_choices()
    return _act(proposal_id, "mark_key", "mark_key", form,
                lambda p, fm: ops.mark_key(p, current_user,
                                           db.session.get(User, fm.leader_id.data),
                                           note=fm.note.data or ""),
                _("The proposal is now a key proposal."))


@bp.post("/<int:proposal_id>/supervise")
def record_supervision(proposal_id: int) -> Any:  # noqa: ANN401
    return _act(proposal_id, "supervise", "supervise",
                f.SupervisionRecordForm(prefix="supervise"),
                lambda p, fm: ops.record_supervision(p, current_user, fm.form.data,
                                                     fm.held_on.data,
                                                     participants=fm.participants.data or "",
                                                     notes=fm.notes.data or ""),
                _("The supervision record has been saved."))



# -- boards ----------------------------------------------------------------------------

@bp.get("/deadlines")
@roles_required(Role.secretariat)
def deadline_board() -> str:
    return render_template("proposals/deadlines.html", board=q.deadline_board(),
                           days_left=q.days_left, today=today(), limit=q.BOARD_LIMIT,
                           title=_("Deadlines"))


@bp.get("/key")
@roles_required(Role.secretariat, Role.leader, Role.admin)
def key_proposals() -> str:
    page = paginate(q.key_proposals(current_user),
                    per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("proposals/key.html", page=page, days_left=q.days_left,
                           title=_("Key proposals"))
