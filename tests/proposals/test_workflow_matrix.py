"""Every (state, action, role) combination of the proposal workflow: allowed or refused,
and a refused action raises a typed error and changes nothing."""

from __future__ import annotations

import pytest

from deliberate.core.workflow import ActionNotAllowed, PermissionDenied
from deliberate.extensions import db
from deliberate.proposals.workflow import ACTIONS, WORKFLOW
from tests.proposals.conftest import to_state

STATES = ("draft", "submitted", "withdrawn", "registered", "not_registered", "converted",
          "merged", "assigned", "replied", "rehandling", "closed")
ROLES = ("proposer", "cosigner", "other_member", "secretariat", "leader", "lead_unit",
         "co_unit", "other_unit", "admin")
OPEN = {"registered", "assigned", "replied", "rehandling"}
HANDLING = {"assigned", "rehandling"}

# The specification (DOMAIN.md), written independently of the workflow table.
EXPECTED: dict[str, tuple[set[str], set[str]]] = {
    "edit": ({"draft"}, {"proposer"}),
    "invite": ({"draft"}, {"proposer"}),
    "confirm_cosign": ({"draft"}, {"cosigner"}),
    "decline_cosign": ({"draft"}, {"cosigner"}),
    "submit": ({"draft"}, {"proposer"}),
    "withdraw": ({"submitted"}, {"proposer"}),
    "return": ({"submitted"}, {"secretariat"}),
    "register": ({"submitted"}, {"secretariat"}),
    "decline": ({"submitted"}, {"secretariat"}),
    "convert": ({"submitted"}, {"secretariat"}),
    "merge": ({"submitted"}, {"secretariat"}),
    "assign": ({"registered"}, {"secretariat"}),
    "dispute": ({"assigned"}, {"lead_unit", "co_unit"}),
    "resolve_dispute": ({"assigned"}, {"secretariat"}),
    "consult": (HANDLING, {"lead_unit", "co_unit"}),
    "co_opinion": (HANDLING, {"co_unit"}),
    "request_extension": (HANDLING, {"lead_unit"}),
    "extend": (HANDLING, {"secretariat"}),
    "refuse_extension": (HANDLING, {"secretariat"}),
    "reply_part": (HANDLING, {"lead_unit"}),
    "reply": (HANDLING, {"lead_unit"}),
    "feedback": ({"replied"}, {"proposer"}),
    "feedback_dissatisfied": ({"replied"}, {"proposer"}),
    "feedback_unresolved": ({"replied"}, {"proposer"}),
    "close": ({"replied"}, {"secretariat"}),
    "mark_key": (OPEN, {"secretariat"}),
    "select_excellent": (OPEN | {"closed"}, {"secretariat"}),
    # The supervising leader too, once one is chosen (tested separately).
    "supervise": (OPEN, {"secretariat"}),
}


def test_the_specification_covers_every_action():
    assert set(EXPECTED) == set(ACTIONS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_state_action_role_matrix(world, state, role):
    p = to_state(world, state)
    user = world.users()[role]
    wrong = []
    for action in ACTIONS:
        states, roles = EXPECTED[action]
        expected = state in states and role in roles
        if WORKFLOW.can(p, action, user) != expected:
            wrong.append(f"{action}: expected {'allowed' if expected else 'refused'}")
            continue
        if not expected:
            before = (p.state, p.version)
            with pytest.raises((PermissionDenied, ActionNotAllowed)):
                WORKFLOW.perform(p, action, user, data={})
            db.session.rollback()
            assert (p.state, p.version) == before
    assert not wrong, wrong


def test_refusal_kinds(world):
    p = to_state(world, "submitted")
    # Wrong role: 403, whatever the state.
    with pytest.raises(PermissionDenied) as e:
        WORKFLOW.perform(p, "register", world.member)
    assert e.value.status == 403
    # Right role, wrong state: 409.
    with pytest.raises(ActionNotAllowed) as e:
        WORKFLOW.perform(p, "assign", world.secretariat)
    assert e.value.status == 409


def test_supervising_leader_may_record_supervision(world):
    from deliberate.proposals import operations as ops

    p = to_state(world, "assigned")
    assert not WORKFLOW.can(p, "supervise", world.leader)
    ops.mark_key(p, world.secretariat, world.leader)
    db.session.commit()
    assert WORKFLOW.can(p, "supervise", world.leader)
    assert not WORKFLOW.can(p, "supervise", world.other_member)
