"""The demo proposals cover every state and a second run creates nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from deliberate.demo.seed import seed_directory
from deliberate.extensions import db
from deliberate.proposals.demo import seed_demo
from deliberate.proposals.models import Proposal, ProposalState


def test_demo_proposals_in_every_state(app):
    seed_directory()
    created = seed_demo()
    db.session.commit()
    assert created >= 20
    states = set(db.session.scalars(select(Proposal.state)))
    assert states == set(ProposalState)
    assert seed_demo() == 0
    total = db.session.scalar(select(func.count(Proposal.id)))
    assert total == created
    key = db.session.scalar(select(Proposal).where(Proposal.is_key.is_(True)))
    assert key is not None and key.supervision_records
