"""The demo body gives the statistics something to show: earlier sessions of the term with
their proposals handled to the end, consistent with every definition."""

from __future__ import annotations

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from deliberate.core.events import Event
from deliberate.demo.seed import seed_directory
from deliberate.extensions import db
from deliberate.proposals.demo import seed_demo
from deliberate.proposals.demo_history import PER_SESSION, seed_history
from deliberate.proposals.models import Proposal
from deliberate.proposals.workflow import today
from deliberate.reports.queries import parse_scope, proposal_statistics


def test_demo_history(app):
    seed_directory()
    created = seed_demo()
    db.session.commit()
    assert created > sum(PER_SESSION)
    assert seed_history() == 0 and seed_demo() == 0  # idempotent
    stats = proposal_statistics(parse_scope(MultiDict()), today())
    rows = stats.table("sessions").rows
    assert len(rows) == 5
    for row in rows[:4]:
        c = row.counts
        assert c["received"] >= 30
        assert c["received"] == (c["pending"] + c["registered"] + c["not_registered"]
                                 + c["converted"] + c["merged"])
        assert c["replied"] == c["assigned"] > 0  # history: everything was replied
        assert 0 < c["on_time"] <= c["replied"]
        assert c["letters"] == c["class_A"] + c["class_B"] + c["class_C"]
        assert c["judged"] == c["satisfied"] + c["basically"] + c["dissatisfied"]
        assert c["satisfied"] > 0 and c["basically"] > 0
    # Each historical proposal carries its timeline.
    closed = db.session.scalar(select(Proposal).where(Proposal.session_id == rows[0].key,
                                                      Proposal.state == "closed"))
    actions = set(db.session.scalars(select(Event.action).where(
        Event.object_type == "proposal", Event.object_id == closed.id)))
    assert {"submit", "register", "assign", "reply", "feedback"} <= actions
    assert db.session.scalar(select(func.count(Proposal.id))) == created
    # The current session's proposals are the newest: the working list shows them first.
    newest = db.session.scalar(select(Proposal).order_by(Proposal.id.desc()))
    assert newest.session_id == rows[-1].key
