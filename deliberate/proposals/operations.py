"""Writes on proposals, one function per verb. Each goes through the workflow (permission,
state, guard, event), applies its effect, notifies the people concerned and flushes; the
caller commits once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from deliberate.auth.models import User
from deliberate.core import dates
from deliberate.core.events import record_event
from deliberate.core.files import store_file
from deliberate.core.notify import notify
from deliberate.core.permissions import Role
from deliberate.core.types import utcnow
from deliberate.core.workflow import InvalidData, PermissionDenied
from deliberate.directory.models import PlenarySession, Unit
from deliberate.extensions import db
from deliberate.proposals.config import setting
from deliberate.proposals.models import (
    Assignment,
    AssignmentRole,
    Attitude,
    Category,
    ContactMade,
    CoOpinion,
    CoSigner,
    CoSignerStatus,
    Dispute,
    ExtensionRequest,
    Feedback,
    Proposal,
    ProposalAttachment,
    ProposalConsultation,
    ProposalCounter,
    ProposalState,
    ProposerType,
    Relevance,
    Reply,
    RequestStatus,
    SuggestedUnit,
    SupervisionRecord,
    Verdict,
)
from deliberate.proposals.workflow import WORKFLOW, today

EDITABLE_FIELDS = ("title", "category", "situation", "analysis", "suggestions", "contact",
                   "is_plenary", "may_publish", "no_publish_reason")


def proposal_url(p: Proposal) -> str:
    # A plain path: notifications are also written by the CLI, outside any request.
    return f"/proposals/{p.id}"


def _secretariat() -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.role == Role.secretariat, User.is_active.is_(True))))


def _unit_staff(unit_ids: Iterable[int]) -> list[User]:
    ids = list(set(unit_ids))
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(
        User.unit_id.in_(ids), User.is_active.is_(True))))


def _proposers(p: Proposal) -> list[User]:
    """Everyone who signed this proposal or one merged into it (each receives the reply)."""
    people: list[User] = []
    for q in [p, *p.merged]:
        if q.proposer is not None:
            people.append(q.proposer)
        elif q.proposer_type == ProposerType.collective:
            people.append(q.created_by)
        people.extend(c.user for c in q.confirmed_cosigners)
    return people


def _params(p: Proposal, **extra: Any) -> dict[str, Any]:  # noqa: ANN401
    return {"title": p.title, "number": p.number_label, **extra}


def _set_due(p: Proposal, due: date, assignments: Iterable[Assignment]) -> None:
    for a in assignments:
        a.due_on = due
    p.due_on = due


# -- drafts ----------------------------------------------------------------------------

def _apply_fields(p: Proposal, fields: dict[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(p, name, fields[name])
    if p.may_publish:
        p.no_publish_reason = ""


def _set_suggested_units(p: Proposal, unit_ids: Sequence[int]) -> None:
    wanted = list(dict.fromkeys(unit_ids))
    p.suggested_units = [s for s in p.suggested_units if s.unit_id in wanted]
    have = {s.unit_id for s in p.suggested_units}
    for uid in wanted:
        if uid not in have:
            p.suggested_units.append(SuggestedUnit(unit_id=uid))


def create_proposal(user: User, session: PlenarySession, fields: dict[str, Any], *,
                    unit_ids: Sequence[int] = (), collective_name: str = "") -> Proposal:
    """A new draft. Members file in their own name; the secretariat files for a
    collective proposer (党派, 人民团体, 专门委员会, 界别, 委员小组)."""
    if user.role == Role.member:
        proposer_type, proposer_id, collective_name = ProposerType.member, user.id, ""
    elif user.role == Role.secretariat:
        if not collective_name.strip():
            raise InvalidData(_("Give the name of the collective proposer."),
                              {"collective_name": [_("This field is required.")]})
        proposer_type, proposer_id = ProposerType.collective, None
    else:
        raise PermissionDenied(_("Only members and the secretariat file proposals."))
    p = Proposal(session=session, title="", category=Category.other,
                 proposer_type=proposer_type, proposer_id=proposer_id,
                 collective_name=collective_name.strip(), created_by_id=user.id,
                 state=ProposalState.draft)
    _apply_fields(p, fields)
    db.session.add(p)
    _set_suggested_units(p, unit_ids)
    db.session.flush()
    record_event("proposal", p.id, "create", user, to_state="draft")
    return p


def update_proposal(p: Proposal, user: User, fields: dict[str, Any], *,
                    unit_ids: Sequence[int] | None = None,
                    expected_version: int | None = None) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        _apply_fields(obj, fields)
        if unit_ids is not None:
            _set_suggested_units(obj, unit_ids)

    WORKFLOW.perform(p, "edit", user, effect=effect, expected_version=expected_version)


def add_attachment(p: Proposal, user: User, data: bytes, filename: str) -> ProposalAttachment:
    """Attach a file to a draft; checked for size, number and kind after the permission."""
    made: list[ProposalAttachment] = []
    name = "".join(ch for ch in filename if ch.isprintable())
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()[:255] or "attachment"

    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        limit = setting("PROPOSAL_ATTACHMENT_MAX_BYTES")
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        problem = None
        if not data:
            problem = _("The file is empty.")
        elif len(data) > limit:
            problem = _("The file is larger than %(mb)d MB.", mb=limit // (1024 * 1024))
        elif ext not in setting("PROPOSAL_ATTACHMENT_EXTENSIONS"):
            problem = _("Files of this kind cannot be attached (allowed: %(kinds)s).",
                        kinds=", ".join(setting("PROPOSAL_ATTACHMENT_EXTENSIONS")))
        elif len(obj.attachments) >= setting("PROPOSAL_ATTACHMENT_MAX_COUNT"):
            problem = _("A proposal has at most %(n)d attachments.",
                        n=setting("PROPOSAL_ATTACHMENT_MAX_COUNT"))
        if problem:
            raise InvalidData(problem, {"file": [problem]})
        stored = store_file(data, name, "application/octet-stream", user.id)
        att = ProposalAttachment(file_id=stored.id, created_by_id=user.id)
        obj.attachments.append(att)
        made.append(att)
        return {"attached": name}

    WORKFLOW.perform(p, "edit", user, effect=effect)
    return made[0]


def remove_attachment(p: Proposal, user: User, attachment: ProposalAttachment) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        obj.attachments.remove(attachment)
        return {"removed": attachment.file.filename}

    WORKFLOW.perform(p, "edit", user, effect=effect)


def invite_cosigners(p: Proposal, user: User, invitees: Sequence[User]) -> list[CoSigner]:
    existing = {c.user_id for c in p.cosigners}
    fresh = [u for u in invitees if u.id not in existing]
    for u in fresh:
        if u.role != Role.member or not u.is_active or u.id == p.proposer_id:
            raise InvalidData(_("Only other active members can be invited to co-sign."),
                              {"user_ids": [_("Choose members.")]})
    if not fresh:
        raise InvalidData(_("These members have already been invited."),
                          {"user_ids": [_("Choose members.")]})
    created: list[CoSigner] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        for u in fresh:
            c = CoSigner(user_id=u.id, status=CoSignerStatus.invited)
            obj.cosigners.append(c)
            created.append(c)
        return {"names": [u.display_name for u in fresh]}

    WORKFLOW.perform(p, "invite", user, data={"user_ids": [u.id for u in fresh]},
                     effect=effect)
    notify(fresh, _l("%(name)s invites you to co-sign the proposal “%(title)s”"),
           body=_l("Open the proposal to confirm or decline."), url=proposal_url(p),
           kind="proposal_cosign", params=_params(p, name=p.proposer_name))
    return created


def _answer_invitation(p: Proposal, user: User, action: str, status: CoSignerStatus) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        c = obj.pending_invitation(user)
        c.status = status
        c.responded_at = utcnow()

    WORKFLOW.perform(p, action, user, effect=effect)
    subject = (_l("%(name)s agreed to co-sign “%(title)s”") if status == CoSignerStatus.confirmed
               else _l("%(name)s declined to co-sign “%(title)s”"))
    notify(p.proposer or p.created_by, subject, url=proposal_url(p), kind="proposal_cosign",
           params=_params(p, name=user.display_name))


def confirm_cosign(p: Proposal, user: User) -> None:
    _answer_invitation(p, user, "confirm_cosign", CoSignerStatus.confirmed)


def decline_cosign(p: Proposal, user: User) -> None:
    _answer_invitation(p, user, "decline_cosign", CoSignerStatus.declined)


def submit_proposal(p: Proposal, user: User, *, expected_version: int | None = None) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        obj.submitted_at = utcnow()
        if obj.proposer_type != ProposerType.collective:
            obj.proposer_type = (ProposerType.joint if obj.confirmed_cosigners
                                 else ProposerType.member)

    WORKFLOW.perform(p, "submit", user, effect=effect, expected_version=expected_version)
    notify(_secretariat(), _l("New proposal submitted: “%(title)s”"), url=proposal_url(p),
           kind="proposal_submitted", params=_params(p))


def withdraw_proposal(p: Proposal, user: User, *, note: str = "") -> None:
    WORKFLOW.perform(p, "withdraw", user, note=note)
    notify(_secretariat(), _l("Proposal withdrawn: “%(title)s”"), url=proposal_url(p),
           kind="proposal_withdrawn", params=_params(p))


# -- review (立案审查) --------------------------------------------------------------------

def return_proposal(p: Proposal, user: User, reason: str, *,
                    expected_version: int | None = None) -> None:
    WORKFLOW.perform(p, "return", user, data={"reason": reason}, note=reason,
                     expected_version=expected_version)
    notify(_proposers(p), _l("Your proposal “%(title)s” was returned for revision"),
           body=reason, url=proposal_url(p), kind="proposal_returned", params=_params(p))


def next_number(session_id: int) -> int:
    """Take the next number of a session inside the current transaction. The counter row is
    locked by the UPDATE until commit, so concurrent registrations queue instead of sharing
    a number, and a rolled-back registration gives its number back."""
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(insert(ProposalCounter).values(session_id=session_id, last_number=0)
                       .on_conflict_do_nothing(index_elements=["session_id"]))
    stmt = (update(ProposalCounter).where(ProposalCounter.session_id == session_id)
            .values(last_number=ProposalCounter.last_number + 1)
            .returning(ProposalCounter.last_number)
            .execution_options(synchronize_session=False))
    return db.session.execute(stmt).scalar_one()


def register_proposal(p: Proposal, user: User, *, note: str = "",
                      expected_version: int | None = None) -> int:
    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        obj.number = next_number(obj.session_id)
        obj.registered_at = utcnow()
        return {"number": obj.number}

    WORKFLOW.perform(p, "register", user, note=note, effect=effect,
                     expected_version=expected_version)
    notify(_proposers(p), _l("Your proposal “%(title)s” was registered as %(number)s"),
           url=proposal_url(p), kind="proposal_registered", params=_params(p))
    return p.number


def decline_proposal(p: Proposal, user: User, ground: str, note: str, *,
                     expected_version: int | None = None) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        obj.decline_ground = ground

    WORKFLOW.perform(p, "decline", user, data={"ground": ground, "note": note}, note=note,
                     effect=effect, expected_version=expected_version)
    notify(_proposers(p), _l("Your proposal “%(title)s” was not registered"), body=note,
           url=proposal_url(p), kind="proposal_declined", params=_params(p))


def convert_proposal(p: Proposal, user: User, unit: Unit, *, note: str = "",
                     expected_version: int | None = None) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        obj.converted_unit_id = unit.id
        return {"unit": unit.name}

    WORKFLOW.perform(p, "convert", user, data={"unit_id": unit.id}, note=note, effect=effect,
                     expected_version=expected_version)
    notify(_proposers(p), _l("Your proposal “%(title)s” became an opinion letter to %(unit)s"),
           url=proposal_url(p), kind="proposal_converted", params=_params(p, unit=unit.name))
    notify(_unit_staff([unit.id]), _l("Opinion letter referred to you: “%(title)s”"),
           body=_l("For reference; no reply is due."), url=proposal_url(p),
           kind="proposal_converted", params=_params(p))


def merge_proposal(p: Proposal, user: User, target: Proposal, *, note: str = "",
                   expected_version: int | None = None) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        obj.merged_into_id = target.id
        return {"into": target.number_label}

    WORKFLOW.perform(p, "merge", user, data={"target_id": target.id}, note=note,
                     effect=effect, expected_version=expected_version)
    notify(_proposers(p), _l("Your proposal “%(title)s” was merged into %(number)s"),
           body=_l("You will receive the reply to that proposal."), url=proposal_url(target),
           kind="proposal_merged", params=_params(target, title=p.title))


# -- assignment (交办) --------------------------------------------------------------------

def _create_assignments(p: Proposal, user: User, units: Sequence[tuple[int, str]],
                        due_on: date) -> list[Assignment]:
    start = today()
    dispute_until = dates.add_working_days(start, setting("PROPOSAL_DISPUTE_WORKING_DAYS"))
    made = []
    for unit_id, role in units:
        a = Assignment(unit_id=unit_id, role=AssignmentRole(role), assigned_on=start,
                       due_on=due_on, dispute_until=dispute_until, assigned_by_id=user.id)
        p.assignments.append(a)
        made.append(a)
    p.assigned_on = start
    p.due_on = due_on
    return made


def _unit_names(ids: Iterable[int]) -> list[str]:
    wanted = list(ids)
    names = dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(wanted))).all())
    return [names.get(i, str(i)) for i in wanted]


def default_due_on(on: date | None = None) -> date:
    return dates.add_months(on or today(), setting("PROPOSAL_HANDLING_MONTHS"))


def assign_proposal(p: Proposal, user: User, units: Sequence[tuple[int, str]],
                    due_on: date | None = None, *, note: str = "",
                    expected_version: int | None = None) -> list[Assignment]:
    """``units`` are (unit id, role) pairs: lead and co units, or several ``separate``."""
    due_on = due_on or default_due_on()
    made: list[Assignment] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        made.extend(_create_assignments(obj, user, units, due_on))
        return {"unit_names": _unit_names(a.unit_id for a in made)}

    data = {"units": [[int(u), str(r)] for u, r in units], "due_on": due_on}
    WORKFLOW.perform(p, "assign", user, data=data, note=note, effect=effect,
                     expected_version=expected_version)
    db.session.flush()
    notify(_unit_staff(a.unit_id for a in made),
           _l("Proposal %(number)s assigned to your unit: “%(title)s”"),
           body=_l("Reply due on %(due)s."), url=proposal_url(p), kind="proposal_assigned",
           params=_params(p, due=due_on.isoformat()))
    notify(_proposers(p), _l("Your proposal %(number)s has been assigned to handling units"),
           url=proposal_url(p), kind="proposal_assigned", params=_params(p))
    return made


def bulk_assign(proposals: Sequence[Proposal], user: User, units: Sequence[tuple[int, str]],
                due_on: date | None = None) -> int:
    """Assign several registered proposals to the same units: all of them, or none (the
    caller rolls back on the first refusal, whose message names the proposal)."""
    from deliberate.core.workflow import WorkflowError

    for p in proposals:
        try:
            assign_proposal(p, user, units, due_on)
        except WorkflowError as e:
            e.message = _("%(number)s “%(title)s”: %(reason)s",
                          number=p.number_label or p.id, title=p.title, reason=e.message)
            raise
    return len(proposals)


def dispute_assignment(p: Proposal, user: User, reason: str) -> Dispute:
    made: list[Dispute] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        a = obj.unit_assignments(user)[0]
        d = Dispute(assignment_id=a.id, unit_id=a.unit_id, reason=reason,
                    created_by_id=user.id)
        obj.disputes.append(d)
        made.append(d)

    WORKFLOW.perform(p, "dispute", user, data={"reason": reason}, note=reason, effect=effect)
    notify(_secretariat(), _l("%(unit)s asks to change the assignment of %(number)s"),
           body=reason, url=proposal_url(p), kind="proposal_disputed",
           params=_params(p, unit=user.unit.name))
    return made[0]


def resolve_dispute(p: Proposal, user: User, dispute: Dispute, decision: str, *,
                    units: Sequence[tuple[int, str]] = (), due_on: date | None = None,
                    note: str = "") -> None:
    """Accept (re-assign the proposal to ``units``) or reject a unit's request."""
    if decision not in ("accept", "reject"):
        raise InvalidData(_("Choose whether to re-assign or to reject the request."),
                          {"decision": [_("Not a valid choice.")]})
    due_on = due_on or p.due_on or default_due_on()
    old_units = [a.unit_id for a in p.active_assignments]
    made: list[Assignment] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        dispute.status = RequestStatus.granted if decision == "accept" \
            else RequestStatus.refused
        dispute.decided_by_id = user.id
        dispute.decided_at = utcnow()
        dispute.decision_note = note
        if decision == "accept":
            for a in obj.active_assignments:
                a.is_active = False
                a.ended_at = utcnow()
            made.extend(_create_assignments(obj, user, units, due_on))

    data = {"dispute_id": dispute.id, "decision": decision,
            "units": [[int(u), str(r)] for u, r in units], "due_on": due_on}
    WORKFLOW.perform(p, "resolve_dispute", user, data=data, note=note, effect=effect)
    if decision == "accept":
        notify(_unit_staff(old_units), _l("The assignment of %(number)s has been changed"),
               body=note, url=proposal_url(p), kind="proposal_reassigned", params=_params(p))
        notify(_unit_staff(a.unit_id for a in made),
               _l("Proposal %(number)s assigned to your unit: “%(title)s”"),
               body=_l("Reply due on %(due)s."), url=proposal_url(p),
               kind="proposal_assigned", params=_params(p, due=due_on.isoformat()))
    else:
        notify(_unit_staff([dispute.unit_id]),
               _l("Your request to change the assignment of %(number)s was rejected"),
               body=note, url=proposal_url(p), kind="proposal_dispute_rejected",
               params=_params(p))


# -- handling (办理) ----------------------------------------------------------------------

def record_consultation(p: Proposal, user: User, held_on: date, form: str,
                        summary: str) -> ProposalConsultation:
    if held_on > today():
        raise InvalidData(_("A consultation is recorded after it took place."),
                          {"held_on": [_("The date is in the future.")]})
    made: list[ProposalConsultation] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        c = ProposalConsultation(unit_id=user.unit_id, held_on=held_on, form=form,
                                 summary=summary, created_by_id=user.id)
        obj.consultations.append(c)
        made.append(c)

    WORKFLOW.perform(p, "consult", user, data={"held_on": held_on, "form": form,
                                               "summary": summary}, effect=effect)
    return made[0]


def post_co_opinion(p: Proposal, user: User, body: str) -> CoOpinion:
    made: list[CoOpinion] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        a = next(x for x in obj.unit_assignments(user) if x.role == AssignmentRole.co)
        c = CoOpinion(assignment_id=a.id, unit_id=a.unit_id, body=body,
                      created_by_id=user.id)
        obj.co_opinions.append(c)
        made.append(c)

    WORKFLOW.perform(p, "co_opinion", user, data={"body": body}, effect=effect)
    leads = [a.unit_id for a in p.active_assignments if a.role == AssignmentRole.lead]
    notify(_unit_staff(leads), _l("%(unit)s sent its co-handling opinion on %(number)s"),
           url=proposal_url(p), kind="proposal_co_opinion",
           params=_params(p, unit=user.unit.name))
    return made[0]


def request_extension(p: Proposal, user: User, until: date, reason: str) -> ExtensionRequest:
    made: list[ExtensionRequest] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        a = next(x for x in obj.unit_assignments(user) if x.role != AssignmentRole.co)
        r = ExtensionRequest(assignment_id=a.id, unit_id=a.unit_id, requested_until=until,
                             reason=reason, created_by_id=user.id)
        obj.extension_requests.append(r)
        made.append(r)

    WORKFLOW.perform(p, "request_extension", user, data={"until": until, "reason": reason},
                     note=reason, effect=effect)
    notify(_secretariat(), _l("%(unit)s asks to extend %(number)s to %(until)s"), body=reason,
           url=proposal_url(p), kind="proposal_extension_requested",
           params=_params(p, unit=user.unit.name, until=until.isoformat()))
    return made[0]


def extend_deadline(p: Proposal, user: User, request: ExtensionRequest,
                    until: date | None = None, *, note: str = "") -> None:
    until = until or request.requested_until

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        request.status = RequestStatus.granted
        request.granted_until = until
        request.decided_by_id = user.id
        request.decided_at = utcnow()
        request.decision_note = note
        _set_due(obj, until, obj.active_assignments)

    WORKFLOW.perform(p, "extend", user, data={"request_id": request.id, "until": until},
                     note=note, effect=effect)
    notify(_unit_staff(a.unit_id for a in p.active_assignments),
           _l("The reply to %(number)s is now due on %(until)s"), body=note,
           url=proposal_url(p), kind="proposal_extended",
           params=_params(p, until=until.isoformat()))


def refuse_extension(p: Proposal, user: User, request: ExtensionRequest, note: str) -> None:
    def effect(_obj: Proposal, _data: dict[str, Any]) -> None:
        request.status = RequestStatus.refused
        request.decided_by_id = user.id
        request.decided_at = utcnow()
        request.decision_note = note

    WORKFLOW.perform(p, "refuse_extension", user,
                     data={"request_id": request.id, "note": note}, note=note, effect=effect)
    notify(_unit_staff([request.unit_id]),
           _l("Your request to extend %(number)s was refused"), body=note,
           url=proposal_url(p), kind="proposal_extension_refused", params=_params(p))


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
                   filename: str) -> Reply:
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
        _require_text(fields, ("doc_number", "body", "signatory", "contact_person",
                               "contact_phone"))
        a = next(x for x in mine if x.id not in done)
        stored = store_file(pdf, filename or "reply.pdf", "application/pdf", user.id)
        late = bool(obj.due_on and today() > obj.due_on)
        r = Reply(assignment_id=a.id, unit_id=a.unit_id, round=obj.round, file_id=stored.id,
                  is_late=late, created_by_id=user.id,
                  **{k: fields[k] for k in REPLY_FIELDS})
        obj.replies.append(r)
        made.append(r)
        if is_last:
            obj.replied_on = today()
            obj.is_replied_late = obj.is_replied_late or late or any(
                x.is_late for x in obj.replies_in_round())
            obj.feedback_due_on = dates.add_working_days(
                obj.replied_on, setting("PROPOSAL_FEEDBACK_WORKING_DAYS"))
        return {"doc_number": fields["doc_number"], "unit": user.unit.name}

    WORKFLOW.perform(p, action, user, data={k: fields.get(k) for k in REPLY_FIELDS},
                     effect=effect)
    if is_last:
        notify(_proposers(p), _l("Your proposal %(number)s has been replied to"),
               body=_l("Please read the reply and give your verdict by %(due)s."),
               url=proposal_url(p), kind="proposal_replied",
               params=_params(p, due=p.feedback_due_on.isoformat()))
    notify(_secretariat(), _l("%(unit)s replied to %(number)s"), url=proposal_url(p),
           kind="proposal_replied", params=_params(p, unit=user.unit.name))
    return made[0]


FEEDBACK_FIELDS = ("contact_made", "attitude", "relevance", "verdict", "comment")


def _require_text(fields: dict[str, Any], names: Sequence[str]) -> None:
    missing = {n: [_("This field is required.")] for n in names
               if not str(fields.get(n) or "").strip()}
    if missing:
        raise InvalidData(_("Some required information is missing."), missing)


def _choice(enum_type: type, value: Any, name: str) -> Any:  # noqa: ANN401
    try:
        return enum_type(value)
    except ValueError:
        raise InvalidData(_("Some required information is missing."),
                          {name: [_("Not a valid choice.")]}) from None


def give_feedback(p: Proposal, user: User, fields: dict[str, Any]) -> Feedback:
    verdict = _choice(Verdict, fields.get("verdict"), "verdict")
    if verdict != Verdict.dissatisfied:
        action = "feedback"
    else:
        action = "feedback_dissatisfied" if p.round == 1 else "feedback_unresolved"
    made: list[Feedback] = []
    round_ = p.round

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        f = Feedback(round=obj.round, user_id=user.id, verdict=verdict,
                     contact_made=_choice(ContactMade, fields.get("contact_made"),
                                          "contact_made"),
                     attitude=_choice(Attitude, fields.get("attitude"), "attitude"),
                     relevance=_choice(Relevance, fields.get("relevance"), "relevance"),
                     comment=fields.get("comment") or "")
        obj.feedbacks.append(f)
        made.append(f)
        if action == "feedback":
            obj.closed_at = utcnow()
        elif action == "feedback_dissatisfied":
            obj.round = 2
            _set_due(obj, dates.add_months(today(), setting("PROPOSAL_REHANDLING_MONTHS")),
                     obj.active_assignments)
            obj.replied_on = None
            obj.feedback_due_on = None

    data = {k: fields.get(k) for k in FEEDBACK_FIELDS}
    data["verdict"] = verdict.value
    WORKFLOW.perform(p, action, user, data=data,
                     note=fields.get("comment") or "", effect=effect)
    units = [r.unit_id for r in p.replies_in_round(round_)]
    if action == "feedback_dissatisfied":
        notify(_unit_staff(a.unit_id for a in p.active_assignments),
               _l("Proposal %(number)s comes back for re-handling"),
               body=_l("The proposer is dissatisfied. Reply again by %(due)s."),
               url=proposal_url(p), kind="proposal_rehandling",
               params=_params(p, due=p.due_on.isoformat()))
    else:
        notify(_unit_staff(units), _l("The proposer's verdict on %(number)s: %(verdict)s"),
               url=proposal_url(p), kind="proposal_feedback",
               params=_params(p, verdict=verdict.label))
    notify(_secretariat(), _l("The proposer's verdict on %(number)s: %(verdict)s"),
           url=proposal_url(p), kind="proposal_feedback",
           params=_params(p, verdict=verdict.label))
    return made[0]


def close_proposal(p: Proposal, user: User, *, note: str = "") -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        obj.closed_at = utcnow()

    WORKFLOW.perform(p, "close", user, data={"note": note}, note=note, effect=effect)
    notify(_proposers(p), _l("Your proposal %(number)s has been closed"), body=note,
           url=proposal_url(p), kind="proposal_closed", params=_params(p))


# -- key proposals (重点提案) --------------------------------------------------------------

def mark_key(p: Proposal, user: User, leader: User, *, note: str = "") -> None:
    if leader.role != Role.leader or not leader.is_active:
        raise InvalidData(_("Choose a leader to supervise the proposal."),
                          {"leader_id": [_("Choose a leader.")]})

    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        obj.is_key = True
        obj.supervising_leader_id = leader.id
        return {"leader": leader.display_name}

    WORKFLOW.perform(p, "mark_key", user, data={"leader_id": leader.id}, note=note,
                     effect=effect)
    notify(leader, _l("You supervise the key proposal %(number)s “%(title)s”"),
           url=proposal_url(p), kind="proposal_key", params=_params(p))


def record_supervision(p: Proposal, user: User, form: str, held_on: date, *,
                       participants: str = "", notes: str = "") -> SupervisionRecord:
    made: list[SupervisionRecord] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        r = SupervisionRecord(form=form, held_on=held_on, participants=participants,
                              notes=notes, created_by_id=user.id)
        obj.supervision_records.append(r)
        made.append(r)

    WORKFLOW.perform(p, "supervise", user, data={"form": form, "held_on": held_on},
                     note=notes, effect=effect)
    return made[0]
