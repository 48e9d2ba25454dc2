"""Dashboard panel figures for each role (one small query each)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import and_, func, select

from deliberate.core.permissions import Role
from deliberate.extensions import db
from deliberate.proposals.config import setting
from deliberate.proposals.models import (
    HANDLING_STATES,
    Assignment,
    CoSigner,
    CoSignerStatus,
    Proposal,
    ProposalState,
)
from deliberate.proposals.queries import pending_requests_count
from deliberate.proposals.workflow import today


def _count(*where: Any) -> int:  # noqa: ANN401
    return db.session.scalar(select(func.count(Proposal.id)).where(*where)) or 0


def panel_context(user: Any) -> dict[str, Any]:  # noqa: ANN401
    now = today()
    soon = now + timedelta(days=setting("PROPOSAL_DUE_SOON_DAYS"))
    if user.role == Role.member:
        invitations = db.session.scalar(select(func.count(CoSigner.id)).where(
            CoSigner.user_id == user.id, CoSigner.status == CoSignerStatus.invited)) or 0
        return {"figures": [
            ("drafts", _count(Proposal.proposer_id == user.id,
                              Proposal.state == ProposalState.draft)),
            ("invitations", invitations),
            ("verdicts", _count(Proposal.proposer_id == user.id,
                                Proposal.state == ProposalState.replied)),
        ]}
    if user.role == Role.unit_staff:
        def mine(*where: Any) -> int:  # noqa: ANN401
            stmt = (select(func.count(Proposal.id)).join(Assignment, and_(
                Assignment.proposal_id == Proposal.id, Assignment.unit_id == user.unit_id,
                Assignment.is_active.is_(True))).where(
                Proposal.state.in_(HANDLING_STATES), *where))
            return db.session.scalar(stmt) or 0

        return {"figures": [
            ("open", mine()),
            ("due_soon", mine(Proposal.due_on >= now, Proposal.due_on <= soon)),
            ("overdue", mine(Proposal.due_on < now)),
        ]}
    if user.role == Role.leader:
        return {"figures": [
            ("key", _count(Proposal.supervising_leader_id == user.id,
                           Proposal.state != ProposalState.closed)),
        ]}
    disputes, extensions = pending_requests_count()
    return {"figures": [
        ("to_review", _count(Proposal.state == ProposalState.submitted)),
        ("to_assign", _count(Proposal.state == ProposalState.registered)),
        ("overdue", _count(Proposal.state.in_(HANDLING_STATES), Proposal.due_on < now)),
        ("disputes", disputes),
        ("extensions", extensions),
    ]}
