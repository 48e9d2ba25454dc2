"""The proposal and consultation parts of the OpenAPI document: paths built from the
endpoints' own declarations (query parameters, body fields, the action table) and the
schemas of what they answer."""

from __future__ import annotations

from typing import Any

from deliberate.api.bodies import body_schema
from deliberate.api.openapi import MULTIPART, json_ok, operation, page_of, ref

PDF = "application/pdf"
TEXT = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATE_OR_NULL = {"type": ["string", "null"], "format": "date"}
TIME = {"type": "string", "format": "date-time",
        "description": "ISO 8601 with the offset."}
TIME_OR_NULL = {"type": ["string", "null"], "format": "date-time"}
TEXT_OR_NULL = {"type": ["string", "null"]}
INT_OR_NULL = {"type": ["integer", "null"]}


def _nullable(name: str) -> dict[str, Any]:
    return {"anyOf": [ref("schemas", name), {"type": "null"}]}


def _object(props: dict[str, Any], *, required: list[str] | None = None,
            description: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props,
                           "required": required if required is not None else list(props)}
    if description:
        out["description"] = description
    return out


def _coded(name: str, values: list[str] | None = None) -> dict[str, Any]:
    """A code and its localized label."""
    return {name: {"type": "string", "enum": values} if values else TEXT,
            f"{name}_label": TEXT}


def _proposal_ok(description: str) -> dict[str, Any]:
    return json_ok(description, ref("schemas", "Proposal"))


def _action_ok(description: str) -> dict[str, Any]:
    return json_ok(description, {"anyOf": [ref("schemas", "Proposal"),
                                           ref("schemas", "ProposalOutOfSight")]})


def action_paths() -> dict[str, Any]:
    from deliberate.api.proposal_actions import ACTIONS

    out: dict[str, Any] = {}
    for spec in ACTIONS.values():
        fields = spec.body_fields
        out[f"/proposals/{{proposal_id}}/actions/{spec.name}"] = {"post": operation(
            "action" + "".join(w.title() for w in spec.name.split("_")), spec.summary,
            path_params=("proposal_id",), errors=("403", "409"),
            body=body_schema(fields), body_required=any(f.required for f in fields),
            description=(
                f"Performs the workflow action(s) {', '.join(spec.internal)} through the "
                "same engine and permission checks as the web page, and answers the "
                "proposal as it now is. 403: the token's user may never do this; 409: not "
                "in the current state, a rule refuses it (deadline, window, already done), "
                "or `version` is stale; 422: a field is invalid."),
            ok=_action_ok("The proposal after the action (only its id and state when "
                          "the action took it out of the caller's sight, as returning a "
                          "proposal to its proposer's draft does for the secretariat)."))}
    return out


def domain_paths() -> dict[str, Any]:
    from deliberate.api.consultation_views import MEETING_PARAMS, TOPIC_PARAMS
    from deliberate.api.proposal_views import (
        CREATE_FIELDS,
        EVENT_PARAMS,
        PROPOSAL_PARAMS,
        UPLOAD_FIELDS,
    )

    upload = body_schema(UPLOAD_FIELDS)
    upload["properties"] = {
        **{name: ({"type": "string", "enum": ["true", "false"]} if s.get("type") == "boolean"
                  else {"type": "string", "pattern": "^[0-9]{1,9}$"}
                  if s.get("type") == "integer" else s)
           for name, s in upload["properties"].items()},
        "signed_pdf": {"type": "string", "format": "binary", "contentMediaType": PDF,
                       "description": "The signed PDF (a PDF by its bytes, at most 10 MB)."},
    }
    upload["required"] = [*upload.get("required", []), "signed_pdf"]
    return {
        "/proposals": {
            "get": operation(
                "listProposals", "Proposals the token's user may see", params=PROPOSAL_PARAMS,
                description=(
                    "The web's list for the user's role: a member's own proposals and "
                    "invitations, a unit's assignments, the working list (every proposal "
                    "past its draft) for the secretariat, leaders and administrators."),
                ok=json_ok("A page of proposals.", page_of("ProposalSummary"))),
            "post": operation(
                "createProposal", "File a draft (member; the secretariat for a collective)",
                errors=("403", "409"), body=body_schema(CREATE_FIELDS), ok_status="201",
                description="Creates a draft in the current session and invites the "
                            "co-signers. 409 when no current session is set.",
                ok={**_proposal_ok("The new draft."),
                    "headers": {"Location": {"schema": TEXT}}}),
        },
        "/proposals/{proposal_id}": {"get": operation(
            "getProposal", "One proposal", path_params=("proposal_id",),
            ok=_proposal_ok("The proposal as the token's user may see it."))},
        "/proposals/{proposal_id}/events": {"get": operation(
            "listProposalEvents", "The proposal's timeline", path_params=("proposal_id",),
            params=EVENT_PARAMS, ok=json_ok("A page of events, oldest first.",
                                            page_of("Event")))},
        **action_paths(),
        "/proposals/{proposal_id}/replies": {"post": operation(
            "uploadReply", "Post the formal reply as multipart/form-data",
            path_params=("proposal_id",), errors=("403", "409"), body=upload,
            body_type=MULTIPART,
            description=(
                "The `reply` action with the signed PDF as a file part `signed_pdf` instead "
                "of base64 (the text fields as form fields; may_publish `true`/`false`)."),
            ok=_action_ok("The proposal after the reply."))},
        "/topics": {"get": operation(
            "listTopics", "Consultation topics", params=TOPIC_PARAMS,
            description="Members see the catalogue onwards and their own suggestions.",
            ok=json_ok("A page of topics, newest first.", page_of("Topic")))},
        "/topics/{topic_id}": {"get": operation(
            "getTopic", "One topic", path_params=("topic_id",),
            ok=json_ok("The topic.", ref("schemas", "TopicDetail")))},
        "/meetings": {"get": operation(
            "listMeetings", "Consultation meetings", params=MEETING_PARAMS,
            description="Members see the meetings they are invited to or chair.",
            ok=json_ok("A page of meetings.", page_of("Meeting")))},
        "/meetings/{meeting_id}": {"get": operation(
            "getMeeting", "One meeting", path_params=("meeting_id",),
            ok=json_ok("The meeting.", ref("schemas", "MeetingDetail")))},
        "/meetings/{meeting_id}/minutes.pdf": {"get": operation(
            "getMinutesPdf", "The meeting's minutes as PDF", path_params=("meeting_id",),
            errors=("409",),
            description=("Issued minutes: their stored bytes, for everyone who may see "
                         "them. The secretariat also gets minutes in any other state, "
                         "rendered with the draft watermark (409 when they cannot be "
                         "rendered yet). Otherwise 404."),
            ok={"description": "The PDF.",
                "content": {PDF: {"schema": {"type": "string", "format": "binary"}}}})},
    }


def domain_schemas() -> dict[str, Any]:
    from deliberate.api.proposal_actions import CONSULT_FORMS, VERDICTS
    from deliberate.proposals.enums import AssignmentRole, Category, ProposalState

    unit = ref("schemas", "UnitRef")
    assignment = _object({
        "id": INT, "unit": unit, **_coded("role", [r.value for r in AssignmentRole]),
        "assigned_on": DATE, "due_date": DATE, "dispute_until": DATE, "is_active": BOOL})
    summary = _object({
        "id": INT, "number": INT_OR_NULL, "number_label": TEXT_OR_NULL, "title": TEXT,
        **_coded("category", [c.value for c in Category]),
        **_coded("state", [s.value for s in ProposalState]),
        "session": _object({"id": INT, "name": TEXT}),
        "proposer": _object({"type": TEXT, "type_label": TEXT, "user": _nullable("UserRef"),
                             "name": TEXT}),
        "is_key": BOOL, "round": {"type": "integer", "enum": [1, 2]},
        "due_date": DATE_OR_NULL,
        "assignments": {"type": "array", "items": ref("schemas", "Assignment")},
        "version": INT, "created_at": TIME, "updated_at": TIME,
        "url": {"type": "string", "description": "The page for people."},
    })
    nullable_code = {"type": ["string", "null"]}
    detail = _object({
        "co_signers": {"type": "array", "items": _object({
            "username": TEXT, "display_name": TEXT,
            **_coded("status", ["invited", "confirmed", "declined"])})},
        "situation": TEXT, "analysis": TEXT, "suggestions": TEXT, "contact": TEXT,
        "is_plenary": BOOL, "may_publish": BOOL,
        "suggested_units": {"type": "array", "items": unit},
        "decline_ground": nullable_code, "decline_ground_label": nullable_code,
        "converted_to_unit": _nullable("UnitRef"), "merged_into": INT_OR_NULL,
        "consultations": {"type": "array", "items": _object({
            "id": INT, "unit": unit, "date": DATE, **_coded("form", list(CONSULT_FORMS)),
            "summary": TEXT})},
        "co_opinions": {"type": "array", "items": _object({
            "id": INT, "unit": unit, "text": TEXT, "created_at": TIME})},
        "disputes": {"type": "array", "items": _object({
            "id": INT, "unit": unit, "reason": TEXT, **_coded("status"),
            "created_at": TIME})},
        "extension_requests": {"type": "array", "items": _object({
            "id": INT, "unit": unit, "until": DATE, "reason": TEXT, **_coded("status"),
            "granted_until": DATE_OR_NULL, "created_at": TIME})},
        "replies": {"type": "array", "items": _object({
            "id": INT, "unit": unit, "round": INT, "document_number": TEXT,
            **_coded("result_class"), "text": TEXT, "signatory": TEXT,
            "contact_person": TEXT, "contact_phone": TEXT, "may_publish": BOOL,
            "is_late": BOOL, "created_at": TIME,
            "signed_pdf_url": {"type": "string", "description": "Download on the web."}})},
        "feedback": {"type": "array", "items": _object({
            "round": INT, **_coded("verdict", list(VERDICTS)), "comment": TEXT,
            "contact_made": nullable_code, "contact_made_label": nullable_code,
            "attitude": nullable_code, "attitude_label": nullable_code,
            "relevance": nullable_code, "relevance_label": nullable_code,
            "created_at": TIME})},
        "supervising_leader": _nullable("UserRef"),
        "supervision": {"type": "array", "items": _object({
            "id": INT, **_coded("form"), "date": DATE, "participants": TEXT,
            "notes": TEXT})},
        "feedback_due_date": DATE_OR_NULL, "submitted_at": TIME_OR_NULL,
        "registered_at": TIME_OR_NULL, "closed_at": TIME_OR_NULL,
    })
    topic_ref = _object({"id": INT, "title": TEXT})
    topic = _object({"id": INT, "title": TEXT, **_coded("channel"), **_coded("state"),
                     "proposer": TEXT, "created_at": TIME, "updated_at": TIME})
    meeting = _object({
        "id": INT, "title": TEXT, **_coded("form"), **_coded("state"), "starts_at": TIME,
        "ends_at": TIME, "venue": TEXT, "chair": _nullable("UserRef"),
        "topic": {"anyOf": [topic_ref, {"type": "null"}]}})
    minutes = _object({"id": INT, "title": TEXT, **_coded("state"), "revision": INT,
                       "issued_at": TIME_OR_NULL, "pdf_url": TEXT_OR_NULL})
    return {
        "UserRef": _object({"username": TEXT, "display_name": TEXT}),
        "Assignment": assignment,
        "ProposalSummary": summary,
        "Proposal": {"allOf": [ref("schemas", "ProposalSummary"), detail]},
        "ProposalOutOfSight": _object({
            "id": INT, "visible": {"type": "boolean", "const": False},
            "state": TEXT_OR_NULL, "state_label": TEXT_OR_NULL}),
        "Event": _object({
            "id": INT, "action": TEXT, "action_label": TEXT, "actor": _nullable("UserRef"),
            "time": TIME, "from": TEXT_OR_NULL, "from_label": TEXT_OR_NULL,
            "to": TEXT_OR_NULL, "to_label": TEXT_OR_NULL, "note": TEXT,
            "via": {"type": "string", "enum": ["web", "api", "cli"]}}),
        "Topic": topic,
        "TopicDetail": {"allOf": [ref("schemas", "Topic"), _object({
            "background": TEXT,
            "meetings": {"type": "array", "items": _object({
                "id": INT, "title": TEXT, "starts_at": TIME})}})]},
        "Meeting": meeting,
        "MeetingDetail": {"allOf": [ref("schemas", "Meeting"), _object({
            "description": TEXT,
            "agenda": {"type": "array", "items": _object({
                "position": INT, "title": TEXT, "presenter": TEXT, "minutes": INT_OR_NULL})},
            "minutes": {"anyOf": [minutes, {"type": "null"}]}})]},
    }

