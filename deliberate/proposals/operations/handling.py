"""Handling (办理): the units' operations and reply, the proposer's verdict, supervision."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from deliberate.auth.models import User
from deliberate.core import dates
from deliberate.core.files import store_file
from deliberate.core.notify import notify
from deliberate.core.types import utcnow
from deliberate.core.workflow import InvalidData
from deliberate.proposals import workflow as wf
from deliberate.proposals.config import setting
from deliberate.proposals.models import (
    AssignmentRole,
    Attitude,
    ContactMade,
    CoOpinion,
    Dispute,
    ExtensionRequest,
    Feedback,
    Proposal,
    ProposalConsultation,
    Relevance,
    Reply,
    SupervisionRecord,
    Verdict,
)
from deliberate.proposals.operations.common import (
    checked_choice,
    notify_params,
    proposal_url,
    proposers_of,
    require_text,
    secretariat_users,
    set_due,
    unit_staff_users,
)
from deliberate.proposals.workflow import WORKFLOW


def dispute_assignment(p: Proposal, user: User, reason: str, *,
                       expected_version: int | None = None) -> Dispute:
    made: list[Dispute] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        a = obj.unit_assignments(user)[0]
        d = Dispute(assignment_id=a.id, unit_id=a.unit_id, reason=reason,
                    created_by_id=user.id)
        obj.disputes.append(d)
        made.append(d)

    WORKFLOW.perform(p, "dispute", user, data={"reason": reason}, note=reason, effect=effect,
                     expected_version=expected_version)
    notify(secretariat_users(), _l("%(unit)s asks to change the assignment of %(number)s"),
           body=reason, url=proposal_url(p), kind="proposal_disputed",
           params=notify_params(p, unit=user.unit.name))
    return made[0]


def record_consultation(p: Proposal, user: User, held_on: date, form: str,
                        summary: str, *,
                        expected_version: int | None = None) -> ProposalConsultation:
    made: list[ProposalConsultation] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        # Checked after the permission and state, so a stranger learns nothing.
        if held_on > wf.today():
            raise InvalidData(_("A consultation is recorded after it took place."),
                              {"held_on": [_("The date is in the future.")]})
        c = ProposalConsultation(unit_id=user.unit_id, held_on=held_on, form=form,
                                 summary=summary, created_by_id=user.id)
        obj.consultations.append(c)
        made.append(c)

    WORKFLOW.perform(p, "consult", user, data={"held_on": held_on, "form": form,
                                               "summary": summary}, effect=effect,
                     expected_version=expected_version)
    return made[0]


def post_co_opinion(p: Proposal, user: User, body: str, *,
                    expected_version: int | None = None) -> CoOpinion:
    made: list[CoOpinion] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        a = next(x for x in obj.unit_assignments(user) if x.role == AssignmentRole.co)
        c = CoOpinion(assignment_id=a.id, unit_id=a.unit_id, body=body,
                      created_by_id=user.id)
        obj.co_opinions.append(c)
        made.append(c)

    WORKFLOW.perform(p, "co_opinion", user, data={"body": body}, effect=effect,
                     expected_version=expected_version)
    leads = [a.unit_id for a in p.active_assignments if a.role == AssignmentRole.lead]
    notify(unit_staff_users(leads), _l("%(unit)s sent its co-handling opinion on %(number)s"),
           url=proposal_url(p), kind="proposal_co_opinion",
           params=notify_params(p, unit=user.unit.name))
    return made[0]


def request_extension(p: Proposal, user: User, until: date, reason: str, *,
                      expected_version: int | None = None) -> ExtensionRequest:
    made: list[ExtensionRequest] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        a = next(x for x in obj.unit_assignments(user) if x.role != AssignmentRole.co)
        r = ExtensionRequest(assignment_id=a.id, unit_id=a.unit_id, requested_until=until,
                             reason=reason, created_by_id=user.id)
        obj.extension_requests.append(r)
        made.append(r)

    WORKFLOW.perform(p, "request_extension", user, data={"until": until, "reason": reason},
                     note=reason, effect=effect, expected_version=expected_version)
    notify(secretariat_users(), _l("%(unit)s asks to extend %(number)s to %(until)s"), body=reason,
           url=proposal_url(p), kind="proposal_extension_requested",
           params=notify_params(p, unit=user.unit.name, until=until.isoformat()))
    return made[0]


def check_pdf(data: bytes) -> None:
    """A signed reply must be a real PDF (by its bytes), not empty, within the limit."""
    limit = setting("PROPOSAL_REPLY_MAX_BYTES")
    if not data:
        raise InvalidData(_("The file is empty."), {"file": [_("The file is empty.")]})
    if len(data) > limit:
        message = _("The file is larger than %(mb)d MB.", mb=limit // (1024 * 1024))
        raise InvalidData(message, {"file": [message]})
    if not data.startswith(b"%PDF-"):
        message = _("The file is not a PDF document.")
        raise InvalidData(message, {"file": [message]})


REPLY_FIELDS = ("doc_number", "result_class", "body", "signatory", "contact_person",
                "contact_phone", "may_publish")


def reply_proposal(p: Proposal, user: User, fields: dict[str, Any], pdf: bytes,
                   filename: str, *, expected_version: int | None = None) -> Reply:
    mine = [a for a in p.unit_assignments(user) if a.role != AssignmentRole.co]
    done = {r.assignment_id for r in p.replies_in_round()}
    owing = [a for a in p.replying_assignments if a.id not in done]
    # The last unit still owing a reply moves the proposal on; earlier ones only record.
    is_last = bool(mine) and all(a.unit_id == user.unit_id for a in owing)
    action = "reply" if is_last else "reply_part"
    made: list[Reply] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        # Checked here, after the permission check, so a stranger learns nothing.
        check_pdf(pdf)
        require_text(fields, ("doc_number", "body", "signatory", "contact_person",
                               "contact_phone"))
        a = next(x for x in mine if x.id not in done)
        stored = store_file(pdf, filename or "reply.pdf", "application/pdf", user.id)
        late = bool(obj.due_on and wf.today() > obj.due_on)
        r = Reply(assignment_id=a.id, unit_id=a.unit_id, round=obj.round, file_id=stored.id,
                  is_late=late, created_by_id=user.id,
                  **{k: fields[k] for k in REPLY_FIELDS})
        obj.replies.append(r)
        made.append(r)
        if is_last:
            obj.replied_on = wf.today()
            obj.is_replied_late = obj.is_replied_late or late or any(
                x.is_late for x in obj.replies_in_round())
            obj.feedback_due_on = dates.add_working_days(
                obj.replied_on, setting("PROPOSAL_FEEDBACK_WORKING_DAYS"))
        return {"doc_number": fields["doc_number"], "unit": user.unit.name}

    # The event keeps the letter's particulars, not its text: an unpublished reply must not
    # travel further than the reply itself (the timeline, the API's event lists).
    WORKFLOW.perform(p, action, user, data={k: fields.get(k) for k in REPLY_FIELDS
                                            if k != "body"}, effect=effect,
                     expected_version=expected_version)
    if is_last:
        notify(proposers_of(p), _l("Your proposal %(number)s has been replied to"),
               body=_l("Please read the reply and give your verdict by %(due)s."),
               url=proposal_url(p), kind="proposal_replied",
               params=notify_params(p, due=p.feedback_due_on.isoformat()))
    notify(secretariat_users(), _l("%(unit)s replied to %(number)s"), url=proposal_url(p),
           kind="proposal_replied", params=notify_params(p, unit=user.unit.name))
    return made[0]


FEEDBACK_FIELDS = ("contact_made", "attitude", "relevance", "verdict", "comment")


def _optional_choice(enum_type: type, fields: dict[str, Any], name: str) -> Any:  # noqa: ANN401
    # The richer form's answers are optional beside the verdict (the web form asks them).
    value = fields.get(name)
    return None if value in (None, "") else checked_choice(enum_type, value, name)


def give_feedback(p: Proposal, user: User, fields: dict[str, Any], *,
                  expected_version: int | None = None) -> Feedback:
    verdict = checked_choice(Verdict, fields.get("verdict"), "verdict")
    if verdict != Verdict.dissatisfied:
        action = "feedback"
    else:
        action = "feedback_dissatisfied" if p.round == 1 else "feedback_unresolved"
    made: list[Feedback] = []
    round_ = p.round

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        f = Feedback(round=obj.round, user_id=user.id, verdict=verdict,
                     contact_made=_optional_choice(ContactMade, fields, "contact_made"),
                     attitude=_optional_choice(Attitude, fields, "attitude"),
                     relevance=_optional_choice(Relevance, fields, "relevance"),
                     comment=fields.get("comment") or "")
        obj.feedbacks.append(f)
        made.append(f)
        if action == "feedback":
            obj.closed_at = utcnow()
        elif action == "feedback_dissatisfied":
            obj.round = 2
            obj.handling_started_on = wf.today()
            set_due(obj, dates.add_months(wf.today(), setting("PROPOSAL_REHANDLING_MONTHS")),
                     obj.active_assignments)
            obj.replied_on = None
            obj.feedback_due_on = None

    data = {k: fields.get(k) for k in FEEDBACK_FIELDS}
    data["verdict"] = verdict.value
    WORKFLOW.perform(p, action, user, data=data,
                     note=fields.get("comment") or "", effect=effect,
                     expected_version=expected_version)
    units = [r.unit_id for r in p.replies_in_round(round_)]
    if action == "feedback_dissatisfied":
        notify(unit_staff_users(a.unit_id for a in p.active_assignments),
               _l("Proposal %(number)s comes back for re-handling"),
               body=_l("The proposer is dissatisfied. Reply again by %(due)s."),
               url=proposal_url(p), kind="proposal_rehandling",
               params=notify_params(p, due=p.due_on.isoformat()))
    else:
        notify(unit_staff_users(units), _l("The proposer's verdict on %(number)s: %(verdict)s"),
               url=proposal_url(p), kind="proposal_feedback",
               params=notify_params(p, verdict=verdict.label))
    notify(secretariat_users(), _l("The proposer's verdict on %(number)s: %(verdict)s"),
           url=proposal_url(p), kind="proposal_feedback",
           params=notify_params(p, verdict=verdict.label))
    return made[0]


def record_supervision(p: Proposal, user: User, form: str, held_on: date, *,
                       participants: str = "", notes: str = "",
                       expected_version: int | None = None) -> SupervisionRecord:
    made: list[SupervisionRecord] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        r = SupervisionRecord(form=form, held_on=held_on, participants=participants,
                              notes=notes, created_by_id=user.id)
        obj.supervision_records.append(r)
        made.append(r)

    WORKFLOW.perform(p, "supervise", user, data={"form": form, "held_on": held_on},
                     note=notes, effect=effect, expected_version=expected_version)
    return made[0]
