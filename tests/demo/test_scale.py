"""seed-scale: a small scale body (two sessions of 200 proposals) checked for what the
workflow would have written: states, numbering, constraints, events, the search index."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select, text

from deliberate.auth.models import User
from deliberate.consultation.models import Meeting, Speech, Topic
from deliberate.consultation.models_minutes import Minutes
from deliberate.core import search
from deliberate.core.events import Event
from deliberate.core.permissions import Role
from deliberate.demo.seed import DEMO_PASSWORD
from deliberate.directory.models import PlenarySession, Unit
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.models import (
    NUMBERED_STATES,
    Assignment,
    CoSigner,
    Feedback,
    Proposal,
    ProposalCounter,
    ProposalState,
    Reply,
)
from deliberate.proposals.workflow import today
from tests.proposals.conftest import PDF, REPLY

ARGS = ["seed-scale", "--sessions", "2", "--per-session", "200", "--members", "60"]


@pytest.fixture
def scale(runner):
    result = runner.invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def index_rows() -> list[tuple]:
    return list(db.session.execute(text(
        "SELECT kind, object_id, title, body, session_id, state, category, units "
        "FROM search_documents ORDER BY kind, object_id")))


def test_counts_and_states(scale):
    assert "s1sec1" in scale.output and "built in" in scale.output
    assert count(Proposal) == 400
    assert count(Unit) == 200
    assert db.session.scalar(select(func.count(User.id)).where(User.role == Role.member)) == 60
    sessions = db.session.scalars(select(PlenarySession).order_by(PlenarySession.year)).all()
    assert [s.is_current for s in sessions] == [False, True]
    for s in sessions:
        states = Counter(db.session.scalars(select(Proposal.state).where(
            Proposal.session_id == s.id)))
        assert sum(states.values()) == 200
        if s.is_current:
            assert set(states) == set(ProposalState), states
        else:
            assert set(states) <= {"closed", "not_registered", "converted", "merged",
                                   "withdrawn", "draft"}
    for model in (Topic, Meeting, Speech, Minutes, Reply, Assignment, CoSigner):
        assert count(model) > 0, model


def test_numbering_is_gapless_in_order_of_registration(scale):
    for s in db.session.scalars(select(PlenarySession)):
        rows = db.session.execute(
            select(Proposal.number, Proposal.registered_at, Proposal.state)
            .where(Proposal.session_id == s.id, Proposal.number.is_not(None))
            .order_by(Proposal.number)).all()
        assert [r.number for r in rows] == list(range(1, len(rows) + 1))
        assert all(r.state in NUMBERED_STATES for r in rows)
        times = [r.registered_at for r in rows]
        assert times == sorted(times)
        assert db.session.get(ProposalCounter, s.id).last_number == len(rows)


def test_records_are_consistent(scale):
    proposals = db.session.scalars(select(Proposal)).all()
    by_id = {p.id: p for p in proposals}
    events = defaultdict(list)
    for e in db.session.scalars(select(Event).where(Event.object_type == "proposal")
                                .order_by(Event.id)):
        events[e.object_id].append(e)
    for p in proposals:
        # The last state change in the log is the proposal's state.
        changes = [e for e in events[p.id] if e.to_state != e.from_state]
        assert changes[0].action == "create"
        assert changes[-1].to_state == p.state.value, (p, [e.action for e in events[p.id]])
        times = [e.created_at for e in events[p.id]]
        assert times == sorted(times)
        if p.state == ProposalState.merged:
            target = by_id[p.merged_into_id]
            assert target.session_id == p.session_id and target.number
        if p.state.value in ("replied", "closed", "rehandling"):
            assert p.replies and p.assigned_on and p.due_on
        if p.state == ProposalState.rehandling:
            assert p.round == 2 and p.feedbacks[0].verdict == "dissatisfied"
        if p.state == ProposalState.draft:
            assert all(c.status == "invited" for c in p.cosigners)
        if p.proposer_type.value == "joint":
            assert p.confirmed_cosigners
        assert p.version == len(events[p.id])
    # Nothing in the future.
    assert max(e.created_at for es in events.values() for e in es).date() <= today()


def test_proposals_carry_their_latest_verdict(scale):
    """The seeder writes rows without the ORM's flush hook: it sets Proposal.verdict
    itself, to the verdict of the highest round."""
    latest: dict[int, tuple[int, str]] = {}
    for pid, round_, verdict in db.session.execute(select(
            Feedback.proposal_id, Feedback.round, Feedback.verdict)):
        if pid not in latest or round_ > latest[pid][0]:
            latest[pid] = (round_, verdict)
    rows = db.session.execute(select(Proposal.id, Proposal.verdict)).all()
    assert {pid: v for pid, v in rows} == {pid: latest[pid][1] if pid in latest else None
                                           for pid, _v in rows}
    assert {r for r, _v in latest.values()} == {1, 2}


def test_index_equals_a_full_reindex(scale):
    built = index_rows()
    kinds = Counter(r[0] for r in built)
    assert set(kinds) == {"proposal", "reply", "topic", "meeting", "speech", "minutes"}
    assert kinds["proposal"] == 400
    search.reindex()
    db.session.commit()
    assert index_rows() == built


def test_search_finds_seeded_words(scale, app):
    sec = db.session.scalar(select(User).where(User.username == "s1sec1"))
    with app.test_request_context():
        visible = search.visibility_clause(sec, [k.name for k in search.kinds()])
        for word in ("建议", "养老", "营商环境"):
            like = db.session.scalar(select(func.count(search.SearchDocument.id)).where(
                visible,
                (search.SearchDocument.title + search.SearchDocument.body).contains(word)))
            found = search.search(sec, word)
            assert found.total == like, word
        assert search.search(sec, "建议").total > 300


def test_seeded_logins_and_pages(scale, app):
    c = app.test_client()
    r = c.post("/login", data={"username": "s1sec1", "password": DEMO_PASSWORD})
    assert r.status_code == 302
    p = db.session.scalar(select(Proposal).where(Proposal.state == ProposalState.closed))
    for url in ("/proposals/", f"/proposals/{p.id}", "/proposals/deadlines",
                "/search/?q=养老", "/proposals/?state=assigned&sort=due"):
        assert c.get(url).status_code == 200, url


def test_the_workflow_carries_on_from_seeded_records(scale):
    current = db.session.scalar(select(PlenarySession).where(PlenarySession.is_current))
    last = db.session.get(ProposalCounter, current.id).last_number
    sec = db.session.scalar(select(User).where(User.username == "s1sec1"))
    submitted = db.session.scalar(select(Proposal).where(
        Proposal.session_id == current.id, Proposal.state == ProposalState.submitted))
    assert ops.register_proposal(submitted, sec) == last + 1
    assigned = db.session.scalar(select(Proposal).where(
        Proposal.session_id == current.id, Proposal.state == ProposalState.assigned,
        ~Proposal.assignments.any(Assignment.role == "separate")))
    lead = next(a for a in assigned.assignments if a.role.value == "lead")
    staff = db.session.scalar(select(User).where(User.unit_id == lead.unit_id))
    ops.reply_proposal(assigned, staff, dict(REPLY), PDF, "r.pdf")
    db.session.commit()
    assert assigned.state == ProposalState.replied


def test_refuses_a_database_with_data_unless_forced(runner, factory):
    factory.user("member", username="realperson")
    db.session.commit()
    refused = runner.invoke(args=ARGS)
    assert refused.exit_code != 0 and "--force" in refused.output
    assert count(Proposal) == 0 and count(User) == 1
    forced = runner.invoke(args=[*ARGS, "--force"])
    assert forced.exit_code == 0, forced.output
    assert count(Proposal) == 400


def test_a_second_forced_run_adds_new_sessions(runner):
    assert runner.invoke(args=ARGS).exit_code == 0
    again = runner.invoke(args=[*ARGS, "--force"])
    assert again.exit_code == 0, again.output
    assert "s2sec1" in again.output
    assert count(Proposal) == 800
    # Still one current session, and new objects get fresh ids after the explicit ones.
    assert db.session.scalar(select(func.count()).where(PlenarySession.is_current)) == 1
    ids = db.session.scalars(select(Proposal.id)).all()
    assert len(set(ids)) == 800


@pytest.mark.parametrize("args", [["--sessions", "0"], ["--per-session", "x"],
                                  ["--sessions", "101"]])
def test_bad_arguments(runner, args):
    result = runner.invoke(args=["seed-scale", *args])
    assert result.exit_code == 2
    assert count(Proposal) == 0
