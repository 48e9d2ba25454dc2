"""The secretariat's operations: review and numbering, assignment, decisions on units'
requests, closing, key proposals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from deliberate.auth.models import User
from deliberate.core.notify import notify
from deliberate.core.permissions import Role
from deliberate.core.types import utcnow
from deliberate.core.workflow import InvalidData
from deliberate.directory.models import Unit
from deliberate.extensions import db
from deliberate.proposals.models import (
    Assignment,
    Dispute,
    ExtensionRequest,
    Proposal,
    ProposalCounter,
    RequestStatus,
)
from deliberate.proposals.operations.common import (
    create_assignments,
    default_due_on,
    notify_params,
    proposal_url,
    proposers_of,
    set_due,
    unit_names,
    unit_staff_users,
)
from deliberate.proposals.workflow import WORKFLOW


def return_proposal(p: Proposal, user: User, reason: str, *,
                    expected_version: int | None = None) -> None:
    WORKFLOW.perform(p, "return", user, data={"reason": reason}, note=reason,
                     expected_version=expected_version)
    notify(proposers_of(p), _l("Your proposal “%(title)s” was returned for revision"),
           body=reason, url=proposal_url(p), kind="proposal_returned", params=notify_params(p))


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
    notify(proposers_of(p), _l("Your proposal “%(title)s” was registered as %(number)s"),
           url=proposal_url(p), kind="proposal_registered", params=notify_params(p))
    return p.number


def decline_proposal(p: Proposal, user: User, ground: str, note: str, *,
                     expected_version: int | None = None) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        obj.decline_ground = ground

    WORKFLOW.perform(p, "decline", user, data={"ground": ground, "note": note}, note=note,
                     effect=effect, expected_version=expected_version)
    notify(proposers_of(p), _l("Your proposal “%(title)s” was not registered"), body=note,
           url=proposal_url(p), kind="proposal_declined", params=notify_params(p))


def convert_proposal(p: Proposal, user: User, unit: Unit, *, note: str = "",
                     expected_version: int | None = None) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        obj.converted_unit_id = unit.id
        return {"unit": unit.name}

    WORKFLOW.perform(p, "convert", user, data={"unit_id": unit.id}, note=note, effect=effect,
                     expected_version=expected_version)
    notify(proposers_of(p), _l("Your proposal “%(title)s” became an opinion letter to %(unit)s"),
           url=proposal_url(p), kind="proposal_converted", params=notify_params(p, unit=unit.name))
    notify(unit_staff_users([unit.id]), _l("Opinion letter referred to you: “%(title)s”"),
           body=_l("For reference; no reply is due."), url=proposal_url(p),
           kind="proposal_converted", params=notify_params(p))


def merge_proposal(p: Proposal, user: User, target: Proposal, *, note: str = "",
                   expected_version: int | None = None) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        obj.merged_into_id = target.id
        return {"into": target.number_label}

    WORKFLOW.perform(p, "merge", user, data={"target_id": target.id}, note=note,
                     effect=effect, expected_version=expected_version)
    notify(proposers_of(p), _l("Your proposal “%(title)s” was merged into %(number)s"),
           body=_l("You will receive the reply to that proposal."), url=proposal_url(target),
           kind="proposal_merged", params=notify_params(target, title=p.title))


def assign_proposal(p: Proposal, user: User, units: Sequence[tuple[int, str]],
                    due_on: date | None = None, *, note: str = "",
                    expected_version: int | None = None) -> list[Assignment]:
    """``units`` are (unit id, role) pairs: lead and co units, or several ``separate``."""
    due_on = due_on or default_due_on()
    made: list[Assignment] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        made.extend(create_assignments(obj, user, units, due_on))
        return {"unit_names": unit_names(a.unit_id for a in made)}

    data = {"units": [[int(u), str(r)] for u, r in units], "due_on": due_on}
    WORKFLOW.perform(p, "assign", user, data=data, note=note, effect=effect,
                     expected_version=expected_version)
    db.session.flush()
    notify(unit_staff_users(a.unit_id for a in made),
           _l("Proposal %(number)s assigned to your unit: “%(title)s”"),
           body=_l("Reply due on %(due)s."), url=proposal_url(p), kind="proposal_assigned",
           params=notify_params(p, due=due_on.isoformat()))
    notify(proposers_of(p), _l("Your proposal %(number)s has been assigned to handling units"),
           url=proposal_url(p), kind="proposal_assigned", params=notify_params(p))
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
        dispute.decide(RequestStatus.granted if decision == "accept"
                       else RequestStatus.refused, user, note)
        if decision == "accept":
            for a in obj.active_assignments:
                a.is_active = False
                a.ended_at = utcnow()
            made.extend(create_assignments(obj, user, units, due_on))

    data = {"dispute_id": dispute.id, "decision": decision,
            "units": [[int(u), str(r)] for u, r in units], "due_on": due_on}
    WORKFLOW.perform(p, "resolve_dispute", user, data=data, note=note, effect=effect)
    if decision == "accept":
        notify(unit_staff_users(old_units), _l("The assignment of %(number)s has been changed"),
               body=note, url=proposal_url(p), kind="proposal_reassigned", params=notify_params(p))
        notify(unit_staff_users(a.unit_id for a in made),
               _l("Proposal %(number)s assigned to your unit: “%(title)s”"),
               body=_l("Reply due on %(due)s."), url=proposal_url(p),
               kind="proposal_assigned", params=notify_params(p, due=due_on.isoformat()))
    else:
        notify(unit_staff_users([dispute.unit_id]),
               _l("Your request to change the assignment of %(number)s was rejected"),
               body=note, url=proposal_url(p), kind="proposal_dispute_rejected",
               params=notify_params(p))


def extend_deadline(p: Proposal, user: User, request: ExtensionRequest,
                    until: date | None = None, *, note: str = "",
                    expected_version: int | None = None) -> None:
    until = until or request.requested_until

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        request.decide(RequestStatus.granted, user, note)
        request.granted_until = until
        set_due(obj, until, obj.active_assignments)

    WORKFLOW.perform(p, "extend", user, data={"request_id": request.id, "until": until},
                     note=note, effect=effect, expected_version=expected_version)
    notify(unit_staff_users(a.unit_id for a in p.active_assignments),
           _l("The reply to %(number)s is now due on %(until)s"), body=note,
           url=proposal_url(p), kind="proposal_extended",
           params=notify_params(p, until=until.isoformat()))
    # The proposers wait for the reply: they learn its new date too.
    notify(proposers_of(p), _l("The reply to your proposal %(number)s is now due on %(until)s"),
           url=proposal_url(p), kind="proposal_extended",
           params=notify_params(p, until=until.isoformat()))


def refuse_extension(p: Proposal, user: User, request: ExtensionRequest, note: str) -> None:
    def effect(_obj: Proposal, _data: dict[str, Any]) -> None:
        request.decide(RequestStatus.refused, user, note)

    WORKFLOW.perform(p, "refuse_extension", user,
                     data={"request_id": request.id, "note": note}, note=note, effect=effect)
    notify(unit_staff_users([request.unit_id]),
           _l("Your request to extend %(number)s was refused"), body=note,
           url=proposal_url(p), kind="proposal_extension_refused", params=notify_params(p))


def close_proposal(p: Proposal, user: User, *, note: str = "",
                   expected_version: int | None = None) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        obj.closed_at = utcnow()

    WORKFLOW.perform(p, "close", user, data={"note": note}, note=note, effect=effect,
                     expected_version=expected_version)
    notify(proposers_of(p), _l("Your proposal %(number)s has been closed"), body=note,
           url=proposal_url(p), kind="proposal_closed", params=notify_params(p))


def select_excellent(p: Proposal, user: User, excellent: bool, *, note: str = "") -> None:
    """Mark (or un-mark) a proposal as 优秀提案; the proposers are told when it is chosen."""
    if p.is_excellent == excellent:
        raise InvalidData(_("The proposal is already marked so."), {})

    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        obj.is_excellent = excellent

    WORKFLOW.perform(p, "select_excellent", user, data={"excellent": "yes" if excellent else "no"},
                     note=note, effect=effect)
    if excellent:
        notify(proposers_of(p), _l("Your proposal %(number)s was chosen as an excellent "
                                   "proposal"),
               url=proposal_url(p), kind="proposal_excellent", params=notify_params(p))


def mark_key(p: Proposal, user: User, leader: User, *, note: str = "",
             expected_version: int | None = None) -> None:
    if leader.role != Role.leader or not leader.is_active:
        raise InvalidData(_("Choose a leader to supervise the proposal."),
                          {"leader_id": [_("Choose a leader.")]})

    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        obj.is_key = True
        obj.supervising_leader_id = leader.id
        return {"leader": leader.display_name}

    WORKFLOW.perform(p, "mark_key", user, data={"leader_id": leader.id}, note=note,
                     effect=effect, expected_version=expected_version)
    notify(leader, _l("You supervise the key proposal %(number)s “%(title)s”"),
           url=proposal_url(p), kind="proposal_key", params=notify_params(p))
