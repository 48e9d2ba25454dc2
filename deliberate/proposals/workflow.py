"""The proposal state machine (DOMAIN.md, "Proposals: filing to verdict") on the one engine.

Verbs are the ones the web, the API and the CLI use. Rows with no target record an action
without changing the state (inviting co-signers, consulting, disputing, extending …)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from deliberate.core import dates
from deliberate.core.permissions import Role
from deliberate.core.workflow import Transition, Workflow
from deliberate.directory.models import Unit
from deliberate.extensions import db
from deliberate.proposals.config import decline_grounds, result_classes, setting
from deliberate.proposals.models import (
    NUMBERED_STATES,
    OPEN_STATES,
    AssignmentRole,
    Proposal,
    RequestStatus,
    Verdict,
)

S = (Role.secretariat,)
P = (Role.member, Role.secretariat)  # the secretariat acts as proposer for collectives
U = (Role.unit_staff,)
SL = (Role.secretariat, Role.leader)
HANDLING = ("assigned", "rehandling")

STATE_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "withdrawn": _l("Withdrawn"),
    "registered": _l("Registered"),
    "not_registered": _l("Not registered"),
    "converted": _l("Converted to an opinion letter"),
    "merged": _l("Merged"),
    "assigned": _l("Assigned"),
    "replied": _l("Replied"),
    "rehandling": _l("Re-handling"),
    "closed": _l("Closed"),
}


def today() -> date:
    """Kept here so tests can move the clock for every rule at once."""
    return dates.today()


def day_key() -> date:
    """The day for the page cache's key of pages that count days (core/pagecache.py):
    ``today`` looked up on each call, so a moved clock is seen."""
    return today()


def _as_date(value: Any) -> date | None:  # noqa: ANN401
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


# -- who may ---------------------------------------------------------------------------

def _proposer(p: Proposal, user: Any) -> bool:  # noqa: ANN401
    return p.is_proposer(user)


def _invited(p: Proposal, user: Any) -> bool:  # noqa: ANN401
    return p.pending_invitation(user) is not None


def _feedback_giver(p: Proposal, user: Any) -> bool:  # noqa: ANN401
    # The verdict is the first proposer's (the filing secretariat's for a collective).
    return p.is_proposer(user)


def _assigned_unit(p: Proposal, user: Any) -> bool:  # noqa: ANN401
    return bool(p.unit_assignments(user))


def _replying_unit(p: Proposal, user: Any) -> bool:  # noqa: ANN401
    return any(a.role in (AssignmentRole.lead, AssignmentRole.separate)
               for a in p.unit_assignments(user))


def _co_unit(p: Proposal, user: Any) -> bool:  # noqa: ANN401
    return any(a.role == AssignmentRole.co for a in p.unit_assignments(user))


def _supervisor(p: Proposal, user: Any) -> bool:  # noqa: ANN401
    return user.role == Role.secretariat or p.supervising_leader_id == user.id


# -- guards (return a refusal message, or None) ----------------------------------------

def _complete(p: Proposal, _user: Any, _data: dict[str, Any]) -> str | None:  # noqa: ANN401
    missing = [str(label) for label, value in (
        (_l("Subject"), p.title), (_l("Situation"), p.situation),
        (_l("Analysis"), p.analysis), (_l("Concrete suggestions"), p.suggestions),
    ) if not (value or "").strip()]
    if missing:
        return _("The proposal cannot be submitted yet: %(parts)s missing.",
                 parts="、".join(missing))
    return None


def _known_ground(_p: Proposal, _user: Any, data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if data.get("ground") not in decline_grounds():
        return _("Choose one of the standard grounds.")
    return None


def _merge_target(p: Proposal, _user: Any, data: dict[str, Any]) -> str | None:  # noqa: ANN401
    target = db.session.get(Proposal, data.get("target_id") or 0)
    if target is None or target.id == p.id:
        return _("Choose another proposal to merge into.")
    if target.session_id != p.session_id or target.state.value not in OPEN_STATES:
        return _("A proposal can only be merged into a registered proposal of the same "
                 "session that is still being handled.")
    return None


def _units_given(_p: Proposal, _user: Any, data: dict[str, Any]) -> str | None:  # noqa: ANN401
    units = data.get("units") or []
    roles = [role for _unit, role in units]
    ids = [unit for unit, _role in units]
    if len(set(ids)) != len(ids):
        return _("A unit can be chosen only once.")
    separate = roles.count(AssignmentRole.separate.value)
    if separate and separate != len(roles):
        return _("Separate handling (分办) cannot be mixed with lead and co-handling units.")
    if not separate and AssignmentRole.lead.value not in roles:
        return _("Choose at least one lead unit.")
    if any(r not in {m.value for m in AssignmentRole} for r in roles):
        return _("Choose the role of each unit.")
    known = set(db.session.scalars(select(Unit.id).where(Unit.id.in_(ids),
                                                          Unit.is_active.is_(True))))
    if known != set(ids):
        return _("Choose active handling units.")
    due = _as_date(data.get("due_on"))
    if due is None or due <= today():
        return _("The due date must be after today.")
    return None


def _dispute_window(p: Proposal, user: Any, _data: dict[str, Any]) -> str | None:  # noqa: ANN401
    mine = p.unit_assignments(user)
    if any(d.status == RequestStatus.pending and d.unit_id == user.unit_id for d in p.disputes):
        return _("Your unit's request to change this assignment is already waiting for a "
                 "decision.")
    if all(today() > a.dispute_until for a in mine):
        return _("The time to ask for a change of assignment has passed (%(n)d working days "
                 "after assignment).", n=setting("PROPOSAL_DISPUTE_WORKING_DAYS"))
    return None


def _pending_dispute(p: Proposal, _user: Any, data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if not any(d.id == data.get("dispute_id") and d.status == RequestStatus.pending
               for d in p.disputes):
        return _("This request has already been decided.")
    if data.get("decision") == "accept":
        return _units_given(p, _user, data)
    return None


def _extension_limit(p: Proposal, until: date | None) -> str | None:
    start = p.handling_started_on or p.assigned_on
    limit = dates.add_months(start, setting("PROPOSAL_MAX_EXTENSION_MONTHS")) \
        if start else None
    if until is None:
        return _("Give the new due date.")
    if p.due_on and until <= p.due_on:
        return _("The new due date must be after the current one (%(due)s).",
                 due=p.due_on.isoformat())
    if limit and until > limit:
        if p.round > 1:
            return _("A reply can be extended to %(limit)s at the latest (%(n)d months after "
                     "re-handling began).", limit=limit.isoformat(),
                     n=setting("PROPOSAL_MAX_EXTENSION_MONTHS"))
        return _("A reply can be extended to %(limit)s at the latest (%(n)d months after "
                 "assignment).", limit=limit.isoformat(),
                 n=setting("PROPOSAL_MAX_EXTENSION_MONTHS"))
    return None


def _may_request_extension(p: Proposal, user: Any, data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if any(r.status == RequestStatus.pending and r.unit_id == user.unit_id
           for r in p.extension_requests):
        return _("Your unit's extension request is already waiting for a decision.")
    if p.due_on and today() > p.due_on:
        return _("An extension must be asked for before the due date.")
    return _extension_limit(p, _as_date(data.get("until")))


def _may_extend(p: Proposal, _user: Any, data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if not any(r.id == data.get("request_id") and r.status == RequestStatus.pending
               for r in p.extension_requests):
        return _("This request has already been decided.")
    return _extension_limit(p, _as_date(data.get("until")))


def _pending_extension(p: Proposal, _user: Any, data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if not any(r.id == data.get("request_id") and r.status == RequestStatus.pending
               for r in p.extension_requests):
        return _("This request has already been decided.")
    return None


def _may_reply(p: Proposal, user: Any, data: dict[str, Any]) -> str | None:  # noqa: ANN401
    done = {r.assignment_id for r in p.replies_in_round()}
    if all(a.id in done for a in p.unit_assignments(user)
           if a.role != AssignmentRole.co):
        return _("Your unit has already replied to this proposal.")
    if data.get("result_class") not in result_classes():
        return _("Choose one of the result classes.")
    return None


def _no_feedback_yet(p: Proposal) -> str | None:
    if any(f.round == p.round for f in p.feedbacks):
        return _("The verdict on this reply has already been given.")
    return None


def _verdict_content(p: Proposal, _user: Any, data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if data.get("verdict") == Verdict.dissatisfied.value:
        return _("A dissatisfied verdict is given with its own form.")
    return _no_feedback_yet(p)


def _first_round(p: Proposal, _user: Any, _data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if p.round != 1:
        return _("This proposal has already been handled a second time.")
    return _no_feedback_yet(p)


def _second_round(p: Proposal, _user: Any, _data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if p.round != 2:
        return _("Only a second reply can be judged this way.")
    return _no_feedback_yet(p)


def _closable(p: Proposal, _user: Any, data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if any(f.round == p.round and f.verdict == Verdict.dissatisfied for f in p.feedbacks):
        if not (data.get("note") or "").strip():
            return _("Record the face-to-face meeting or formal explanation before closing.")
        return None
    if p.feedback_due_on and today() > p.feedback_due_on:
        return None
    return _("The proposer may still give the verdict until %(due)s.",
             due=p.feedback_due_on.isoformat() if p.feedback_due_on else "")


def may_close(p: Proposal) -> bool:
    """Whether the secretariat may close now (given the note the second round asks for):
    the detail page offers the form only then."""
    return _closable(p, None, {"note": "-"}) is None


def _is_key(p: Proposal, _user: Any, _data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if not p.is_key:
        return _("Only key proposals have supervision records.")
    return None


WORKFLOW = Workflow(
    object_type="proposal",
    state_labels=STATE_LABELS,
    transitions=[
        Transition("edit", ("draft",), None, P, _l("Edit"), allow=_proposer),
        Transition("invite", ("draft",), None, P, _l("Invite co-signers"), allow=_proposer,
                   required=("user_ids",)),
        Transition("confirm_cosign", ("draft",), None, (Role.member,), _l("Confirm co-signing"),
                   allow=_invited),
        Transition("decline_cosign", ("draft",), None, (Role.member,), _l("Decline co-signing"),
                   allow=_invited),
        Transition("submit", ("draft",), "submitted", P, _l("Submit"), allow=_proposer,
                   guard=_complete),
        Transition("withdraw", ("submitted",), "withdrawn", P, _l("Withdraw"),
                   allow=_proposer),
        Transition("return", ("submitted",), "draft", S, _l("Return for revision"),
                   required=("reason",)),
        Transition("register", ("submitted",), "registered", S, _l("Register")),
        Transition("decline", ("submitted",), "not_registered", S, _l("Not register"),
                   guard=_known_ground, required=("ground", "note")),
        Transition("convert", ("submitted",), "converted", S,
                   _l("Convert to an opinion letter"), required=("unit_id",)),
        Transition("merge", ("submitted",), "merged", S, _l("Merge"), guard=_merge_target,
                   required=("target_id",)),
        Transition("assign", ("registered",), "assigned", S, _l("Assign"),
                   guard=_units_given, required=("units", "due_on")),
        Transition("dispute", ("assigned",), None, U, _l("Ask to change the assignment"),
                   allow=_assigned_unit, guard=_dispute_window, required=("reason",)),
        Transition("resolve_dispute", ("assigned",), None, S, _l("Decide on the assignment "
                   "change"), guard=_pending_dispute, required=("dispute_id", "decision")),
        Transition("consult", HANDLING, None, U, _l("Record a consultation"),
                   allow=_assigned_unit, required=("held_on", "form", "summary")),
        Transition("co_opinion", HANDLING, None, U, _l("Send the co-handling opinion"),
                   allow=_co_unit, required=("body",)),
        Transition("request_extension", HANDLING, None, U, _l("Request an extension"),
                   allow=_replying_unit, guard=_may_request_extension,
                   required=("until", "reason")),
        Transition("extend", HANDLING, None, S, _l("Extend"), guard=_may_extend,
                   required=("request_id", "until")),
        Transition("refuse_extension", HANDLING, None, S, _l("Refuse the extension"),
                   guard=_pending_extension, required=("request_id", "note")),
        # In 分办 each unit replies; the last reply moves the proposal on.
        Transition("reply_part", HANDLING, None, U, _l("Reply (separate handling)"),
                   allow=_replying_unit, guard=_may_reply),
        Transition("reply", HANDLING, "replied", U, _l("Reply"), allow=_replying_unit,
                   guard=_may_reply),
        Transition("feedback", ("replied",), "closed", P, _l("Give the verdict"),
                   allow=_feedback_giver, guard=_verdict_content, required=("verdict",)),
        Transition("feedback_dissatisfied", ("replied",), "rehandling", P,
                   _l("Dissatisfied: ask for re-handling"), allow=_feedback_giver,
                   guard=_first_round),
        Transition("feedback_unresolved", ("replied",), None, P,
                   _l("Still dissatisfied after re-handling"), allow=_feedback_giver,
                   guard=_second_round),
        Transition("close", ("replied",), "closed", S, _l("Close the proposal"), guard=_closable),
        Transition("mark_key", OPEN_STATES, None, S, _l("Mark as key proposal"),
                   required=("leader_id",)),
        # Year-end selection of excellent proposals (优秀提案), and its withdrawal.
        Transition("select_excellent", NUMBERED_STATES, None, S,
                   _l("Excellent proposal selection"), required=("excellent",)),
        Transition("supervise", OPEN_STATES, None, SL, _l("Record supervision"),
                   allow=_supervisor, guard=_is_key, required=("form", "held_on")),
    ],
)

ACTIONS = tuple(dict.fromkeys(t.action for t in WORKFLOW.transitions))
