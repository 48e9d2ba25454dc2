"""Topics (议题): suggestion, selection research, catalogue, results, the topic's chain."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from deliberate.consultation import bp
from deliberate.consultation.forms import ReasonForm, ResultRecordForm, TopicEditForm
from deliberate.consultation.models import STAFF, TopicChannel, TopicState
from deliberate.consultation.operations import (
    act_on_topic,
    create_topic,
    record_result,
    update_topic,
)
from deliberate.consultation.queries import (
    load_topic,
    member_proposals,
    topic_chain,
    topics_stmt,
)
from deliberate.consultation.web_helpers import attach_errors, form_status, visible_or_404
from deliberate.consultation.workflows import TOPIC
from deliberate.core.pagination import paginate
from deliberate.core.permissions import Role
from deliberate.core.workflow import InvalidData
from deliberate.extensions import db


@bp.get("/topics")
def list_topics() -> str:
    state = request.args.get("state", "")
    channel = request.args.get("channel", "")
    if state not in {s.value for s in TopicState}:
        state = ""
    if channel not in {c.value for c in TopicChannel}:
        channel = ""
    page = paginate(topics_stmt(current_user, state, channel),
                    per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("consultation/topics.html", page=page, state=state,
                           channel=channel, TopicState=TopicState, TopicChannel=TopicChannel,
                           can_create=_can_create_topic(current_user))


def _can_create_topic(user: Any) -> bool:  # noqa: ANN401
    return user.role in STAFF or user.role == Role.member


def _topic_values(form: TopicEditForm) -> dict[str, Any]:
    return {
        "title": form.title.data.strip(), "channel": form.channel.data,
        "proposer_name": (form.proposer_name.data or "").strip(),
        "background": form.background.data or "",
        "feasibility_note": form.feasibility_note.data or "",
        "research_notes": form.research_notes.data or "",
    }


@bp.route("/topics/new", methods=["GET", "POST"])
def new_topic() -> Any:  # noqa: ANN401
    if not _can_create_topic(current_user):
        abort(403)
    form = TopicEditForm()
    proposal, mine = None, []
    if current_user.role == Role.member:
        form.channel.data = TopicChannel.members.value
        mine = member_proposals(current_user)
        raw = request.values.get("proposal", "")
        if raw:
            # A member turns one of their registered proposals into a topic suggestion.
            proposal = next((p for p in mine if str(p.id) == raw), None)
            if proposal is None:
                abort(404)
            form.channel.data = TopicChannel.proposals.value
            if request.method == "GET":
                form.title.data = proposal.title[:200]
                form.background.data = "\n\n".join(
                    part for part in (proposal.situation, proposal.suggestions) if part)
    context = {"form": form, "topic": None, "proposal": proposal, "my_proposals": mine}
    if form.validate_on_submit():
        values = _topic_values(form)
        if proposal is not None:
            values["proposal"] = proposal
        try:
            topic = create_topic(current_user, values)
        except InvalidData as exc:
            attach_errors(form, exc)
            return render_template("consultation/topic_form.html", **context), 422
        db.session.commit()
        flash(_("The topic has been saved."), "success")
        return redirect(url_for("consultation.show_topic", topic_id=topic.id))
    status = form_status(form, request.method)
    return render_template("consultation/topic_form.html", **context), status


@bp.route("/topics/<int:topic_id>/edit", methods=["GET", "POST"])
def edit_topic(topic_id: int) -> Any:  # noqa: ANN401
    topic = visible_or_404(load_topic(topic_id), current_user)
    if not topic.can_edit(current_user):
        abort(403)
    form = TopicEditForm(obj=topic)
    if current_user.role == Role.member:
        form.channel.data = topic.channel.value
    if form.validate_on_submit():
        update_topic(topic, current_user, _topic_values(form))
        db.session.commit()
        flash(_("The topic has been saved."), "success")
        return redirect(url_for("consultation.show_topic", topic_id=topic.id))
    status = form_status(form, request.method)
    return render_template("consultation/topic_form.html", form=form, topic=topic), status


@bp.get("/topics/<int:topic_id>")
def show_topic(topic_id: int) -> str:
    topic = visible_or_404(load_topic(topic_id), current_user)
    return render_template(
        "consultation/topic.html", topic=topic, chain=topic_chain(topic, current_user),
        actions=TOPIC.available_actions(topic, current_user), reason_form=ReasonForm())


@bp.post("/topics/<int:topic_id>/act/<action>")
def act_topic(topic_id: int, action: str) -> Response:
    topic = visible_or_404(load_topic(topic_id), current_user)
    form = ReasonForm()
    if not form.validate():
        raise InvalidData(_("The reason is too long (at most 2000 characters)."))
    act_on_topic(topic, action, current_user, (form.reason.data or "").strip())
    db.session.commit()
    flash(_("Done: %(action)s.", action=TOPIC.action_label(action)), "success")
    return redirect(url_for("consultation.show_topic", topic_id=topic.id))


@bp.route("/topics/<int:topic_id>/results/new", methods=["GET", "POST"])
def new_result(topic_id: int) -> Any:  # noqa: ANN401
    topic = visible_or_404(load_topic(topic_id), current_user)
    if current_user.role not in STAFF:
        abort(403)
    form = ResultRecordForm()
    form.meeting_id.choices = [SelectChoice(0, _("— none —"))] + [SelectChoice(m.id, m.title)
                                                          for m in topic.meetings]
    if form.validate_on_submit():
        try:
            record_result(topic, current_user, {
                "kind": form.kind.data, "title": form.title.data.strip(),
                "recipients": (form.recipients.data or "").strip(),
                "sent_on": form.sent_on.data, "meeting_id": form.meeting_id.data or None,
                "summary": form.summary.data or "",
                "follow_up_due": form.follow_up_due.data})
        except InvalidData as exc:
            attach_errors(form, exc)
            return render_template("consultation/result_form.html", form=form,
                                   topic=topic), 422
        db.session.commit()
        flash(_("The result has been recorded."), "success")
        return redirect(url_for("consultation.show_topic", topic_id=topic.id))
    if not topic.can_record_result(current_user) and request.method == "GET":
        flash(_("Results are recorded for topics in the catalogue or scheduled, not for "
                "this topic."), "warning")
    status = form_status(form, request.method)
    return render_template("consultation/result_form.html", form=form, topic=topic), status
