"""Stamps (core/stamps.py): a transaction that writes a session's proposals, assignments,
replies or feedback gives that session a new stamp when it commits, and only then; a
write that cannot be attributed (a bulk statement, raw SQL) stamps the whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text, update

from deliberate.core import stamps
from deliberate.directory.models import MemberProfile
from deliberate.extensions import db
from deliberate.proposals.models import Proposal, Reply
from deliberate.reports.summary import part
from tests.reports.conftest import build


def now(*session_ids):
    return stamps.read(part(s) for s in session_ids)


def test_a_write_stamps_its_session_only_when_it_commits(factory):
    w = build(factory)
    s1, s2, s3 = w.s1.id, w.s2.id, w.s3.id
    before = now(s1, s2, s3)
    assert all(before[part(s)] is not None for s in (s1, s2, s3))  # built through the ORM
    w.proposals[14].title = "改过的标题"  # a proposal of s1
    db.session.flush()
    assert stamps.pending(db.session()) == {part(s1)}
    assert now(s1, s2, s3) == before  # not before the commit
    db.session.commit()
    after = now(s1, s2, s3)
    assert after[part(s1)] != before[part(s1)]
    assert {k: v for k, v in after.items() if k != part(s1)} == \
        {k: v for k, v in before.items() if k != part(s1)}
    assert stamps.pending(db.session()) == set()


def test_a_rolled_back_write_stamps_nothing(factory):
    w = build(factory)
    before = now(w.s1.id, w.s2.id)
    w.proposals[14].title = "不要了"
    db.session.flush()
    db.session.rollback()
    assert now(w.s1.id, w.s2.id) == before
    assert stamps.pending(db.session()) == set()


def test_replies_and_feedback_stamp_their_proposals_session(factory):
    w = build(factory)
    before = now(w.s1.id, w.s2.id)
    db.session.expunge_all()  # the proposal is not in memory: looked up by its id
    reply = db.session.scalars(db.select(Reply).order_by(Reply.id)).first()
    reply.result_class = "C"
    db.session.commit()
    after = now(w.s1.id, w.s2.id)
    assert after[part(w.s2.id)] != before[part(w.s2.id)]
    assert after[part(w.s1.id)] == before[part(w.s1.id)]


def test_moving_a_proposal_stamps_both_sessions(factory):
    w = build(factory)
    before = now(w.s1.id, w.s2.id, w.s3.id)
    w.proposals[16].session_id = w.s1.id  # from s3 to s1
    db.session.commit()
    after = now(w.s1.id, w.s2.id, w.s3.id)
    assert after[part(w.s1.id)] != before[part(w.s1.id)]
    assert after[part(w.s3.id)] != before[part(w.s3.id)]
    assert after[part(w.s2.id)] == before[part(w.s2.id)]


def test_a_deleted_proposal_stamps_its_session(factory):
    w = build(factory)
    before = now(w.s3.id)
    db.session.delete(w.proposals[16])
    db.session.commit()
    assert now(w.s3.id)[part(w.s3.id)] != before[part(w.s3.id)]


def test_a_proposers_sector_stamps_the_sessions_they_proposed_in(factory):
    """m2 proposed in s1 and s2 (tests/reports/conftest.py), not in s3."""
    w = build(factory)
    s1, s2, s3 = w.s1.id, w.s2.id, w.s3.id
    before = now(s1, s2, s3)
    db.session.get(MemberProfile, w.m2.id).sector = w.sector_e
    db.session.commit()
    after = now(s1, s2, s3)
    assert after[part(s1)] != before[part(s1)] and after[part(s2)] != before[part(s2)]
    assert after[part(s3)] == before[part(s3)]
    assert after[stamps.WHOLE] == before[stamps.WHOLE]
    # A new member (with a profile) and their new sector: no proposal, nothing stamped.
    before = now(s1, s2, s3)
    newcomer = factory.user("member")
    db.session.commit()
    db.session.get(MemberProfile, newcomer.id).sector = w.sector_j
    db.session.commit()
    assert now(s1, s2, s3) == before
    # A deleted profile: the sessions of its proposals.
    db.session.delete(db.session.get(MemberProfile, w.m2.id))
    db.session.commit()
    after = now(s1, s2, s3)
    assert after[part(s1)] != before[part(s1)] and after[part(s3)] == before[part(s3)]


def test_bulk_and_raw_writes_stamp_the_whole(factory):
    w = build(factory)
    before = now(w.s1.id)[stamps.WHOLE]
    db.session.execute(update(Proposal).where(Proposal.id == w.proposals[14].id)
                       .values(title="批量"))
    assert stamps.WHOLE in stamps.pending(db.session())
    db.session.commit()
    middle = now(w.s1.id)[stamps.WHOLE]
    assert middle not in (before, None)
    db.session.execute(text("UPDATE proposal_replies SET signatory = 'x' WHERE id < 0"))
    db.session.commit()
    assert now(w.s1.id)[stamps.WHOLE] != middle


def test_other_writes_stamp_nothing(factory):
    w = build(factory)
    before = now(w.s1.id, w.s2.id, w.s3.id)
    w.u1.name = "改名局"
    db.session.execute(text("UPDATE units SET sort_order = sort_order"))
    db.session.commit()
    assert now(w.s1.id, w.s2.id, w.s3.id) == before


def test_a_part_never_written_has_no_stamp(app):
    assert stamps.read(["session:999999"]) == {"session:999999": None, stamps.WHOLE: None}


def test_a_reply_moved_without_its_old_proposal_known_stamps_the_whole(factory):
    w = build(factory)
    before = now(w.s1.id)
    reply = db.session.scalars(db.select(Reply).order_by(Reply.id)).first()
    db.session.expire(reply)  # its old proposal is not in memory when it is set
    reply.proposal_id = w.proposals[14].id
    db.session.commit()
    after = now(w.s1.id)
    assert after[stamps.WHOLE] != before[stamps.WHOLE]


def test_results_kept_for_every_worker(app):
    from deliberate.core.stamps import KeptResult

    def kept(names, now=False):
        if not now:
            db.session.rollback()  # what another worker reads now
        return {name: (key, value) for name, (key, value, _expires) in
                stamps.kept(names).items()}

    db.session.rollback()
    stamps.keep({"test:a": ("1:2", {"n": [1, None]}), "test:b": ("k", [])}, 60)  # at once
    assert kept(["test:a", "test:b", "test:c"]) == {
        "test:a": ("1:2", {"n": [1, None]}), "test:b": ("k", [])}
    # Inside a transaction: written when it ends, committed or not.
    stamps.keep({"test:a": ("3:4", {"n": 2})}, 60)  # the newer replaces it
    assert kept(["test:a"], now=True) == {"test:a": ("1:2", {"n": [1, None]})}
    assert kept(["test:a"]) == {"test:a": ("3:4", {"n": 2})}
    # Trusted for between half the time given and all of it, drawn for each result.
    stamps.keep({f"test:{i}": ("k", i) for i in range(40)}, 1000)
    db.session.rollback()
    started = datetime.now(UTC)
    lifetimes = [(expires - started).total_seconds() for expires in db.session.scalars(
        db.select(KeptResult.expires_at).where(KeptResult.name.in_(
            [f"test:{i}" for i in range(40)])))]
    assert len(lifetimes) == 40 and all(495 < t <= 1000 for t in lifetimes)
    assert max(lifetimes) - min(lifetimes) > 100  # not all at once
    # Expired: not trusted.
    db.session.execute(db.update(KeptResult).values(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    db.session.commit()
    assert kept(["test:a"]) == {}
