"""How proposals and their timeline look in API responses. Codes are English snake_case
and each comes with its localized ``*_label``; what a web reader may not see (an
unpublished reply, co-opinions for members, pending invitations for strangers) is left
out the same way here."""

from __future__ import annotations

from typing import Any

from flask import url_for

from deliberate.api.proposal_actions import CONSULT_FORM_CODES, VERDICT_CODES
from deliberate.api.serializers import unit_ref, user_ref
from deliberate.core.events import Event
from deliberate.core.permissions import Role
from deliberate.proposals.config import decline_grounds, result_classes
from deliberate.proposals.models import Assignment, Proposal, Reply


def _code(value: Any) -> str | None:  # noqa: ANN401
    return None if value is None else value.value


def _label(value: Any) -> str | None:  # noqa: ANN401
    return None if value is None else str(value.label)


def proposal_url(p: Proposal) -> str:
    """The page for people, absolute."""
    return url_for("proposals.show_proposal", proposal_id=p.id, _external=True)


def _proposer(p: Proposal) -> dict[str, Any]:
    return {"type": p.proposer_type.value, "type_label": str(p.proposer_type.label),
            "user": user_ref(p.proposer), "name": p.proposer_name}


def _co_signers(p: Proposal, user: Any) -> list[dict[str, Any]]:  # noqa: ANN401
    # Only the proposer (and the secretariat) follow the invitations; others see who signed.
    every = p.is_proposer(user) or user.role == Role.secretariat
    return [{**user_ref(c.user), "status": c.status.value, "status_label": str(c.status.label)}
            for c in p.cosigners if every or c.status.value == "confirmed"
            or c.user_id == user.id]


def assignment_json(a: Assignment) -> dict[str, Any]:
    return {"id": a.id, "unit": unit_ref(a.unit), "role": a.role.value,
            "role_label": str(a.role.label), "assigned_on": a.assigned_on,
            "due_date": a.due_on, "dispute_until": a.dispute_until,
            "is_active": a.is_active}


def reply_json(r: Reply) -> dict[str, Any]:
    classes = result_classes()
    return {"id": r.id, "unit": unit_ref(r.unit), "round": r.round,
            "document_number": r.doc_number, "result_class": r.result_class,
            "result_class_label": classes.get(r.result_class, r.result_class),
            "text": r.body, "signatory": r.signatory, "contact_person": r.contact_person,
            "contact_phone": r.contact_phone, "may_publish": r.may_publish,
            "is_late": r.is_late, "created_at": r.created_at,
            "signed_pdf_url": url_for("proposals.download_reply", reply_id=r.id,
                                      _external=True)}


def proposal_summary(p: Proposal) -> dict[str, Any]:
    """A list row: what the web lists show."""
    return {
        "id": p.id, "number": p.number, "number_label": p.number_label or None,
        "title": p.title, "category": p.category.value,
        "category_label": str(p.category.label), "state": p.state.value,
        "state_label": str(p.state.label),
        "session": {"id": p.session.id, "name": p.session.name},
        "proposer": _proposer(p), "is_key": p.is_key, "round": p.round,
        "due_date": p.due_on,
        "assignments": [assignment_json(a) for a in p.active_assignments],
        "version": p.version, "created_at": p.created_at, "updated_at": p.updated_at,
        "url": proposal_url(p),
    }


def proposal_json(p: Proposal, user: Any) -> dict[str, Any]:  # noqa: ANN401
    """The whole proposal as ``user`` may see it (load it with queries.DETAIL_LOADS)."""
    ground = p.decline_ground
    return {
        **proposal_summary(p),
        "co_signers": _co_signers(p, user),
        "situation": p.situation, "analysis": p.analysis, "suggestions": p.suggestions,
        "contact": p.contact, "is_plenary": p.is_plenary, "may_publish": p.may_publish,
        "suggested_units": [unit_ref(s.unit) for s in p.suggested_units],
        "assignments": [assignment_json(a) for a in p.assignments],
        "decline_ground": ground,
        "decline_ground_label": decline_grounds().get(ground, ground) if ground else None,
        "converted_to_unit": unit_ref(p.converted_unit),
        "merged_into": p.merged_into_id,
        "consultations": [
            {"id": c.id, "unit": unit_ref(c.unit), "date": c.held_on,
             "form": CONSULT_FORM_CODES[c.form], "form_label": str(c.form.label),
             "summary": c.summary} for c in p.consultations],
        # The web shows co-handling opinions to the secretariat and the units only.
        "co_opinions": [] if user.role == Role.member else [
            {"id": c.id, "unit": unit_ref(c.unit), "text": c.body, "created_at": c.created_at}
            for c in p.co_opinions],
        "disputes": [
            {"id": d.id, "unit": unit_ref(d.unit), "reason": d.reason,
             "status": d.status.value, "status_label": str(d.status.label),
             "created_at": d.created_at} for d in p.disputes],
        "extension_requests": [
            {"id": r.id, "unit": unit_ref(r.unit), "until": r.requested_until,
             "reason": r.reason, "status": r.status.value, "status_label": str(r.status.label),
             "granted_until": r.granted_until, "created_at": r.created_at}
            for r in p.extension_requests],
        "replies": [reply_json(r) for r in p.replies if p.can_view_reply(r, user)],
        "feedback": [
            {"round": f.round, "verdict": VERDICT_CODES[f.verdict],
             "verdict_label": str(f.verdict.label), "comment": f.comment,
             "contact_made": _code(f.contact_made), "contact_made_label": _label(f.contact_made),
             "attitude": _code(f.attitude), "attitude_label": _label(f.attitude),
             "relevance": _code(f.relevance), "relevance_label": _label(f.relevance),
             "created_at": f.created_at} for f in p.feedbacks],
        "supervising_leader": user_ref(p.supervising_leader),
        "supervision": [
            {"id": s.id, "form": s.form.value, "form_label": str(s.form.label),
             "date": s.held_on, "participants": s.participants, "notes": s.notes}
            for s in p.supervision_records] if p.is_key else [],
        "feedback_due_date": p.feedback_due_on,
        "submitted_at": p.submitted_at, "registered_at": p.registered_at,
        "closed_at": p.closed_at,
    }


def event_json(e: Event) -> dict[str, Any]:
    return {"id": e.id, "action": e.action, "action_label": e.action_label,
            "actor": user_ref(e.actor), "time": e.created_at,
            "from": e.from_state, "from_label": e.from_state_label or None,
            "to": e.to_state, "to_label": e.to_state_label or None,
            "note": e.note, "via": e.via}
