"""Proposal endpoints: the lists, the record, its timeline, filing a draft and every
workflow action. Each loads with the web's queries and visibility, checks the action with
the web's permission check, and calls the web's operation; nothing here decides a rule."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, exists, false, select
from sqlalchemy.orm import aliased
from werkzeug.wrappers import Response

from deliberate.api import bp
from deliberate.api.bodies import VERSION, Field, parse_body
from deliberate.api.errors import ApiError
from deliberate.api.params import (
    FALSE_VALUES,
    PAGINATION,
    TRUE_VALUES,
    Param,
    json_body,
    parse_query,
)
from deliberate.api.proposal_actions import (
    ACTIONS,
    REPLY_FIELDS,
    ApiAction,
    active_units,
    reply_with_file,
    users_by_username,
)
from deliberate.api.proposal_serializers import event_json, proposal_json, proposal_summary
from deliberate.api.responses import json_response, page_envelope, paginate_query
from deliberate.core import search
from deliberate.core.events import Event
from deliberate.core.permissions import Role
from deliberate.core.workflow import StaleObject, WorkflowError
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals import queries as q
from deliberate.proposals.config import setting
from deliberate.proposals.enums import Category, ProposalState
from deliberate.proposals.models import BODY_MAX, READERS, TITLE_MAX, Assignment, Proposal
from deliberate.proposals.views.common import require_action
from deliberate.proposals.workflow import today

# Ids are 32-bit in the database; a larger one in a URL is simply not there.
MAX_ID = 2**31 - 1

PROPOSAL_PARAMS = (
    *PAGINATION,
    Param.choice("state", [s.value for s in ProposalState], "Only proposals in this state."),
    Param.integer("session", "Only this plenary session (its id).", minimum=1,
                  maximum=MAX_ID),
    Param.integer("unit", "Only proposals assigned to this unit (its id).", minimum=1,
                  maximum=MAX_ID),
    Param.choice("category", [c.value for c in Category], "Only this category."),
    Param.string("q", "Full-text search in the title and body (Chinese words or Latin "
                 "terms).", max_length=100),
)
EVENT_PARAMS = PAGINATION

CREATE_FIELDS = (
    Field.string("title", required=True, max_length=TITLE_MAX, description="案由"),
    Field.choice("category", [c.value for c in Category], required=True),
    Field.string("situation", max_length=BODY_MAX, description="Markdown."),
    Field.string("analysis", max_length=BODY_MAX, description="Markdown."),
    Field.string("suggestions", max_length=BODY_MAX, description="Markdown."),
    Field.string_list("co_signers", max_items=50, max_length=150,
                      description="Usernames of members invited to co-sign."),
    Field.string("contact", max_length=100),
    Field.boolean("is_plenary", description="大会提案; default: whether the plenary filing "
                  "period is open."),
    Field.boolean("may_publish", description="Default true."),
    Field.string("no_publish_reason", max_length=300,
                 description="Required when may_publish is false."),
    Field.integer_list("suggested_units", max_items=50, description="Unit ids."),
    Field.string("collective_name", max_length=100, description=(
        "The secretariat files for a collective proposer and must name it.")),
)
UPLOAD_FIELDS = (*REPLY_FIELDS, VERSION)


def visible_proposals(user: Any) -> Select:  # noqa: ANN401
    """The web's list for the user's role: a member's own proposals, a unit's assignments,
    the working list for the secretariat, leaders and administrators."""
    if user.role == Role.member:
        return q.my_proposals(user)
    if user.role == Role.unit_staff:
        return q.unit_inbox(user, "all")
    if user.role in READERS:
        return q.working_list(q.Filters())
    return select(Proposal).where(false())


def load_visible(proposal_id: int) -> Proposal:
    p = q.load_proposal(proposal_id) if 0 < proposal_id <= MAX_ID else None
    # Invisible and missing look the same, as on the web.
    if p is None or not p.can_view(current_user):
        raise ApiError(404)
    return p


def _proposal_response(proposal_id: int, status: int = 200,
                       headers: dict[str, str] | None = None) -> Response:
    db.session.expire_all()
    p = q.load_proposal(proposal_id)
    if p is None or not p.can_view(current_user):
        # The action moved it out of the caller's sight (returned to its proposer's draft):
        # the outcome, not the record.
        state = p.state if p is not None else None
        return json_response({"id": proposal_id, "visible": False,
                              "state": state.value if state else None,
                              "state_label": str(state.label) if state else None},
                             status=status, headers=headers)
    return json_response(proposal_json(p, current_user), status=status, headers=headers)


@bp.get("/proposals")
def list_proposals() -> Response:
    args = parse_query(PROPOSAL_PARAMS)
    stmt = visible_proposals(current_user)
    if args["state"]:
        stmt = stmt.where(Proposal.state == ProposalState(args["state"]))
    if args["category"]:
        stmt = stmt.where(Proposal.category == Category(args["category"]))
    if args["session"]:
        stmt = stmt.where(Proposal.session_id == args["session"])
    if args["unit"]:
        # Aliased: a unit's inbox already joins its own assignments.
        other = aliased(Assignment)
        stmt = stmt.where(exists().where(other.proposal_id == Proposal.id,
                                         other.unit_id == args["unit"],
                                         other.is_active.is_(True)))
    if args["q"] is not None:
        stmt = stmt.where(Proposal.id.in_(search.matching_ids("proposal", args["q"])))
    page = paginate_query(stmt, args["page"], args["per_page"])
    return json_response(page_envelope(page, proposal_summary))


@bp.post("/proposals")
def create_proposal() -> Response:
    user = current_user
    body = json_body()
    if user.role not in (Role.member, Role.secretariat):
        raise ApiError(403, _("Only members and the secretariat file proposals."))
    values = parse_body(CREATE_FIELDS, body)
    session = q.current_session()
    if session is None:
        raise ApiError(409, _("No current plenary session is set. Ask the secretariat to "
                              "set one."), code="wrong_state")
    may_publish = True if values["may_publish"] is None else values["may_publish"]
    if not may_publish and not (values["no_publish_reason"] or "").strip():
        raise ApiError(422, _("Some fields are not valid."), code="invalid", fields={
            "no_publish_reason": [_("Give the reason why the proposal may not be "
                                    "published.")]})
    unit_ids = active_units(values["suggested_units"] or [], "suggested_units")
    cosigners = users_by_username(values["co_signers"] or [], "co_signers", Role.member)
    fields = {
        "title": values["title"].strip(), "category": Category(values["category"]),
        "situation": values["situation"] or "", "analysis": values["analysis"] or "",
        "suggestions": values["suggestions"] or "", "contact": values["contact"] or "",
        "is_plenary": (ops.is_plenary_period(session, today())
                       if values["is_plenary"] is None else values["is_plenary"]),
        "may_publish": may_publish, "no_publish_reason": values["no_publish_reason"] or "",
    }
    try:
        p = ops.create_proposal(user, session, fields, unit_ids=unit_ids,
                                collective_name=values["collective_name"] or "")
        if cosigners:
            ops.invite_cosigners(p, user, cosigners)
    except WorkflowError as e:
        e.fields = {("co_signers" if k == "user_ids" else k): v for k, v in e.fields.items()}
        raise
    db.session.commit()
    return _proposal_response(p.id, 201, {
        "Location": url_for("api.get_proposal", proposal_id=p.id, _external=True)})


@bp.get("/proposals/<int:proposal_id>")
def get_proposal(proposal_id: int) -> Response:
    return json_response(proposal_json(load_visible(proposal_id), current_user))


@bp.get("/proposals/<int:proposal_id>/events")
def proposal_events(proposal_id: int) -> Response:
    load_visible(proposal_id)
    args = parse_query(EVENT_PARAMS)
    stmt = (select(Event).where(Event.object_type == "proposal",
                                Event.object_id == proposal_id).order_by(Event.id))
    page = paginate_query(stmt, args["page"], args["per_page"])
    return json_response(page_envelope(page, event_json))


def _run(spec: ApiAction, p: Proposal, values: dict[str, Any], call: Any) -> None:  # noqa: ANN401
    """Permission and state as the web checks them, then the version, then the operation;
    the operation's field names are given back in the API's words."""
    version = values.get("version")
    if version is not None and p.version != version:
        raise StaleObject(_("Someone else changed this record after you read it. Fetch it "
                            "again and retry."))
    try:
        call(version)
    except WorkflowError as e:
        e.fields = {spec.renames.get(k, k): v for k, v in e.fields.items()}
        raise


def perform_action(proposal_id: int, spec: ApiAction) -> Response:
    p = load_visible(proposal_id)
    body = json_body()
    require_action(p, spec.internal[0])
    values = parse_body(spec.body_fields, body)
    _run(spec, p, values, lambda version: spec.run(p, current_user, values, version))
    db.session.commit()
    return _proposal_response(proposal_id)


def _action_view(spec: ApiAction) -> Any:  # noqa: ANN401
    def view(proposal_id: int) -> Response:
        return perform_action(proposal_id, spec)

    view.__name__ = f"action_{spec.name}"
    return view


# One route per action, so that each is its own operation in the OpenAPI document with its
# exact body; an unknown action is a 404 like any unknown address.
for _spec in ACTIONS.values():
    bp.add_url_rule(f"/proposals/<int:proposal_id>/actions/{_spec.name}",
                    f"action_{_spec.name}", _action_view(_spec), methods=["POST"])


def _form_value(field: Field, raw: str) -> Any:  # noqa: ANN401
    """A multipart text part as the JSON value the field expects (bad ones stay text and
    are refused by the field with its usual message)."""
    if field.kind == "boolean" and raw.lower() in TRUE_VALUES | FALSE_VALUES:
        return raw.lower() in TRUE_VALUES
    if field.kind == "integer" and raw.strip().isdigit() and len(raw.strip()) < 19:
        return int(raw)
    return raw


@bp.post("/proposals/<int:proposal_id>/replies")
def upload_reply(proposal_id: int) -> Response:
    """The reply as multipart/form-data: the same fields as the reply action's JSON body,
    as text parts, and the signed PDF as the file part ``signed_pdf``."""
    p = load_visible(proposal_id)
    spec = ACTIONS["reply"]
    require_action(p, spec.internal[0])
    by_name = {f.name: f for f in UPLOAD_FIELDS}
    body: dict[str, Any] = {}
    for name in request.form:
        raw = request.form.getlist(name)
        body[name] = _form_value(by_name[name], raw[0]) if name in by_name and len(raw) == 1 \
            else raw
    for name in request.files:
        if name != "signed_pdf":
            # A file where text belongs (or an unknown part): refused by parse_body.
            body[name] = {"file": request.files[name].filename}
    values = parse_body(UPLOAD_FIELDS, body)
    upload = request.files.get("signed_pdf")
    if upload is None:
        raise ApiError(422, _("Some fields are not valid."), code="invalid",
                       fields={"signed_pdf": [_("Attach the signed PDF.")]})
    limit = int(setting("PROPOSAL_REPLY_MAX_BYTES"))
    data = upload.read(limit + 1)
    filename = (upload.filename or "reply.pdf")[:200]
    _run(spec, p, values,
         lambda version: reply_with_file(p, current_user, values, data, filename, version))
    db.session.commit()
    return _proposal_response(proposal_id)
