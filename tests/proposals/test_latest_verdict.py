"""Proposal.verdict, the proposer's latest verdict kept on the proposal for the statistics
(issue 7), follows the feedback whoever writes it: the verdict operation, rows added by
``proposal_id`` (the demo history), the migration that fills it in for existing data. The
bulk seeder's rows are checked in tests/demo/test_scale.py."""

from __future__ import annotations

from sqlalchemy import inspect, select, text

from deliberate import create_app
from deliberate.demo.seed import seed_directory
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.demo import seed_demo
from deliberate.proposals.enums import Verdict
from deliberate.proposals.models import Feedback, Proposal, ProposalState
from deliberate.reports.definitions import latest_verdict
from tests.conftest import TEST_PASSWORD, _config, scratch_database
from tests.factories import Factory
from tests.proposals.conftest import FEEDBACK, PDF, REPLY, to_state
from tests.reports.conftest import build

BEFORE = "b4e7d2a9c611"  # the revision before the column


def stored_verdict(p: Proposal) -> str | None:
    """The column as the database holds it, not the session's copy."""
    return db.session.execute(text("SELECT verdict FROM proposals WHERE id = :id"),
                              {"id": p.id}).scalar()


def feedback_verdicts() -> dict[int, str | None]:
    """Each proposal's latest verdict read from its feedback rows (None without any)."""
    latest: dict[int, tuple[int, str]] = {}
    for pid, round_, verdict in db.session.execute(text(
            "SELECT proposal_id, round, verdict FROM proposal_feedbacks")):
        if pid not in latest or round_ > latest[pid][0]:
            latest[pid] = (round_, verdict)
    ids = db.session.scalars(select(Proposal.id)).all()
    return {pid: latest[pid][1] if pid in latest else None for pid in ids}


def column_verdicts() -> dict[int, str | None]:
    return dict(db.session.execute(text("SELECT id, verdict FROM proposals")).all())


def test_first_verdict_then_rehandling_then_second(world):
    w = world
    p = to_state(w, "replied")
    assert p.verdict is None and stored_verdict(p) is None
    ops.give_feedback(p, w.member, {**FEEDBACK, "verdict": "dissatisfied"})
    db.session.commit()
    assert p.state == ProposalState.rehandling
    assert p.verdict == Verdict.dissatisfied and stored_verdict(p) == "dissatisfied"
    ops.reply_proposal(p, w.lead_staff, dict(REPLY, doc_number="环函〔2026〕30号"), PDF,
                       "second.pdf")
    db.session.commit()
    # A new reply does not undo the verdict on the first one.
    assert stored_verdict(p) == "dissatisfied"
    ops.give_feedback(p, w.member, {**FEEDBACK, "verdict": "basically"})
    db.session.commit()
    assert stored_verdict(p) == "basically" and p.verdict == Verdict.basically
    assert latest_verdict(p).verdict == p.verdict


def test_a_satisfied_first_verdict(world):
    p = to_state(world, "closed")
    assert stored_verdict(p) == "satisfied" and latest_verdict(p).verdict == p.verdict
    assert to_state(world, "replied").verdict is None


def test_rows_added_by_proposal_id_in_any_order(world):
    """Feedback written without the relationship, one flush or several, even a first
    round after the second, and removed again: the highest round's verdict."""
    w = world
    p = to_state(w, "replied", with_cosigner=False)

    def add(round_: int, verdict: str) -> Feedback:
        f = Feedback(proposal_id=p.id, round=round_, user_id=w.member.id, verdict=verdict)
        db.session.add(f)
        return f

    second = add(2, "basically")
    db.session.flush()
    assert stored_verdict(p) == "basically"
    add(1, "dissatisfied")
    db.session.commit()
    assert stored_verdict(p) == "basically"
    db.session.delete(second)
    db.session.commit()
    assert stored_verdict(p) == "dissatisfied"
    db.session.expire_all()
    only = db.session.scalars(select(Feedback).where(Feedback.proposal_id == p.id)).one()
    only.verdict = Verdict.satisfied
    db.session.commit()
    assert stored_verdict(p) == "satisfied"
    db.session.delete(only)
    db.session.commit()
    assert stored_verdict(p) is None


def test_demo_data(app):
    seed_directory()
    seed_demo()
    db.session.commit()
    expected = feedback_verdicts()
    assert column_verdicts() == expected
    # The demo holds every kind: none, a first verdict, a second after re-handling.
    assert None in expected.values() and "dissatisfied" in expected.values()
    rounds = db.session.execute(text("SELECT proposal_id FROM proposal_feedbacks "
                                     "WHERE round = 2")).scalars().all()
    assert rounds
    for p in db.session.scalars(select(Proposal).where(Proposal.id.in_(rounds))):
        assert latest_verdict(p).round == 2 and latest_verdict(p).verdict == p.verdict


def test_the_migration_fills_the_column_in(tmp_path, tmp_path_factory):
    from flask_migrate import downgrade, upgrade

    with scratch_database(tmp_path_factory, "verdicts") as url:
        app = create_app(_config(url, tmp_path / "instance"))
        with app.app_context():
            w = build(Factory(password=TEST_PASSWORD))
            db.session.commit()
            expected = feedback_verdicts()
            assert column_verdicts() == expected
            ids = {key: p.id for key, p in w.proposals.items()}
            db.session.remove()
            # The previous revision, holding the same feedback rows without the column.
            downgrade(revision=BEFORE)
            with db.engine.connect() as conn:
                columns = {c["name"] for c in inspect(conn).get_columns("proposals")}
            assert "verdict" not in columns
            upgrade()
            assert column_verdicts() == expected
            # Among them: no verdict, a first verdict, a second after re-handling.
            assert expected[ids[9]] is None
            assert expected[ids[11]] == "dissatisfied"
            assert expected[ids[12]] == "basically"
            db.session.remove()
            db.engine.dispose()
