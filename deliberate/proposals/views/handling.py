"""Handling (办理): the units' actions and reply, the proposer's verdict, supervision records."""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    abort,
    current_app,
)
from flask_babel import gettext as _
from flask_login import current_user

from deliberate.extensions import db
from deliberate.proposals import bp
from deliberate.proposals import forms as f
from deliberate.proposals import operations as ops
from deliberate.proposals.config import result_classes
from deliberate.proposals.models import (
    Proposal,
    Reply,
)
from deliberate.proposals.views.common import (
    act,
    load_visible,
)
from deliberate.proposals.workflow import WORKFLOW


@bp.post("/<int:proposal_id>/dispute")
def dispute_assignment(proposal_id: int) -> Any:  # noqa: ANN401
    return act(proposal_id, "dispute", "dispute", f.DisputeForm(prefix="dispute"),
                lambda p, fm: ops.dispute_assignment(p, current_user, fm.reason.data),
                _("Your request has been sent to the secretariat."))


@bp.post("/<int:proposal_id>/consult")
def record_consultation(proposal_id: int) -> Any:  # noqa: ANN401
    return act(proposal_id, "consult", "consult", f.ConsultForm(prefix="consult"),
                lambda p, fm: ops.record_consultation(p, current_user, fm.held_on.data,
                                                      fm.form.data, fm.summary.data),
                _("The consultation has been recorded."))


@bp.post("/<int:proposal_id>/co-opinion")
def post_co_opinion(proposal_id: int) -> Any:  # noqa: ANN401
    return act(proposal_id, "co_opinion", "co_opinion", f.CoOpinionForm(prefix="co"),
                lambda p, fm: ops.post_co_opinion(p, current_user, fm.body.data),
                _("Your opinion has been sent to the lead unit."))


@bp.post("/<int:proposal_id>/extension")
def request_extension(proposal_id: int) -> Any:  # noqa: ANN401
    return act(proposal_id, "request_extension", "request_extension",
                f.ExtensionRequestForm(prefix="ext"),
                lambda p, fm: ops.request_extension(p, current_user, fm.until.data,
                                                    fm.reason.data),
                _("Your extension request has been sent to the secretariat."))


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

    return act(proposal_id, action, "reply", form, run, _("The reply has been sent."))


@bp.get("/replies/<int:reply_id>/file")
def download_reply(reply_id: int) -> Response:
    reply = db.session.get(Reply, reply_id)
    if reply is None:
        abort(404)
    p = load_visible(reply.proposal_id)
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
    return act(proposal_id, action, "feedback", form,
                lambda p, fm: ops.give_feedback(p, current_user,
                                                {k: getattr(fm, k).data for k in fields}),
                _("Thank you: your verdict has been recorded."))


@bp.post("/<int:proposal_id>/supervise")
def record_supervision(proposal_id: int) -> Any:  # noqa: ANN401
    return act(proposal_id, "supervise", "supervise",
                f.SupervisionRecordForm(prefix="supervise"),
                lambda p, fm: ops.record_supervision(p, current_user, fm.form.data,
                                                     fm.held_on.data,
                                                     participants=fm.participants.data or "",
                                                     notes=fm.notes.data or ""),
                _("The supervision record has been saved."))
