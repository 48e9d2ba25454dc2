"""Each session's figures kept until something of that session changes
(reports/summary.py): the kept figures are always those counted afresh, a page counts
again only the sessions whose stamp moved, and a write not yet committed is counted but
never kept."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest
from flask import current_app
from sqlalchemy import delete, func, select, text, update
from werkzeug.datastructures import MultiDict

from deliberate.core import stamps
from deliberate.core.pagecache import page_cache
from deliberate.core.sqlite import BUSY_TIMEOUT_MS
from deliberate.core.stamps import KeptResult
from deliberate.directory.models import MemberProfile
from deliberate.extensions import db
from deliberate.proposals.models import Assignment, Feedback, Proposal, Reply
from deliberate.proposals.workflow import today
from deliberate.reports import queries as q
from deliberate.reports import summary
from tests.reports.conftest import build
from tests.statements import recorded_statements

SCOPES = ({}, {"session": "all"}, {"year": "2025"})


def statistics(day=None, **args):
    scope = q.parse_scope(MultiDict({k: str(v) for k, v in args.items()}))
    return q.proposal_statistics(scope, day or today())


def figures(stats):
    """Everything the page shows of the proposals: the headline and every table's rows."""
    return (dict(stats.headline.counts),
            {t.key: [(r.key, dict(+r.counts)) for r in t.rows] for t in stats.tables})


def counted_afresh(**args):
    cache = current_app.extensions.pop(summary.CACHE)
    try:
        return figures(statistics(**args))
    finally:
        current_app.extensions[summary.CACHE] = cache


def reading(fn):
    """The statements ``fn`` runs that read proposals (each counts some sessions)."""
    with recorded_statements(lambda s: "GROUP BY" in s) as seen:
        fn()
    return seen


@pytest.fixture
def world(stats_world, factory):
    build(factory, again=True)
    for args in SCOPES:  # every session kept
        statistics(**args)
    return stats_world


def _reply_verdict(w):
    p = w.proposals[9]  # replied, s2
    db.session.add(Feedback(proposal_id=p.id, round=1, user_id=w.sec.id, verdict="satisfied"))
    p.state = "closed"


def _recategorized_in_past_session(w):
    w.proposals[15].category = "economy"  # s1, not the chosen session


def _moved(w):
    w.proposals[16].session_id = w.s2.id


def _deleted(w):
    reply = db.session.scalars(db.select(Reply).where(
        Reply.proposal_id == w.proposals[13].id)).one()
    db.session.delete(reply)


def _sector(w):
    db.session.get(MemberProfile, w.m2.id).sector = w.sector_e


def _bulk(w):
    db.session.execute(update(Proposal).where(Proposal.id == w.proposals[3].id)
                       .values(state="not_registered", decline_ground="personal"))


def _ended_assignment(w):
    a = db.session.scalars(db.select(Assignment).where(
        Assignment.proposal_id == w.proposals[8].id, Assignment.role == "co")).one()
    a.is_active = False
    a.ended_at = datetime.now(UTC)


@pytest.mark.parametrize("change", [_reply_verdict, _recategorized_in_past_session, _moved,
                                    _deleted, _sector, _bulk, _ended_assignment])
def test_kept_figures_are_the_counted_ones_after_a_change(world, change):
    before = {i: figures(statistics(**args)) for i, args in enumerate(SCOPES)}
    change(world)
    db.session.commit()
    for i, args in enumerate(SCOPES):
        got = figures(statistics(**args))
        assert got == counted_afresh(**args), args
        if i == 1:  # "all sessions" sees every change
            assert got != before[i]


def test_only_the_changed_session_is_counted_again(world):
    w = world
    assert reading(lambda: statistics()) == []  # every session of the term kept
    w.proposals[14].title = "改"  # s1: in the term's table, not the chosen session
    db.session.commit()
    # its row: proposals and letters, and how long they hold
    assert len(reading(lambda: statistics())) == 3
    w.proposals[3].title = "改"  # s2: the chosen session, with its breakdowns
    db.session.commit()
    assert len(reading(lambda: statistics())) == 5
    assert reading(lambda: statistics()) == []


def test_a_session_kept_for_its_row_is_completed_when_chosen(world):
    w = world
    s1 = w.s1.id
    _forget_kept()
    current_app.extensions[summary.CACHE].clear()
    statistics()  # s2 chosen: s1 counted for its row only
    assert len(reading(lambda: statistics(session=s1))) == 5  # its breakdowns, how long
    assert reading(lambda: statistics(session=s1)) == []
    assert figures(statistics(session=s1)) == counted_afresh(session=s1)


def test_kept_figures_hold_until_the_next_due_date(world):
    """"Overdue now" counts days: a session's kept figures hold through the next due date
    of what is being handled in it (s2's proposals and assignments are due in 30 days,
    tests/reports/conftest.py), and are counted again the day after; a session with
    nothing being handled (s1) stays kept."""
    due = today() + timedelta(days=30)
    assert reading(lambda: statistics(day=due)) == []
    before = statistics(day=due).headline.counts["overdue"]
    after = due + timedelta(days=1)
    # s2 with its breakdowns (four statements) and how long they hold (one); s1 kept.
    assert len(reading(lambda: statistics(day=after))) == 5
    assert reading(lambda: statistics(day=after)) == []
    got = figures(statistics(day=after))
    assert got == counted_afresh(day=after)
    assert got[0]["overdue"] == before + 2  # p11 and p13 fall overdue
    # A day before the figures were counted (a clock set back) is counted again too.
    assert len(reading(lambda: statistics(day=today() - timedelta(days=1)))) == 7


def test_a_write_not_yet_committed_is_counted_but_not_kept(world):
    w = world
    before = figures(statistics())
    w.proposals[3].state = "not_registered"  # s2: submitted → declined, not committed
    w.proposals[3].decline_ground = "personal"
    during = figures(statistics())
    assert during != before and during == counted_afresh()
    db.session.rollback()
    assert figures(statistics()) == before
    # Nor a bulk statement's.
    db.session.execute(update(Proposal).where(Proposal.id == w.proposals[3].id)
                       .values(state="not_registered", decline_ground="personal"))
    assert figures(statistics()) == counted_afresh()
    db.session.rollback()
    assert figures(statistics()) == before


def test_the_page_shows_a_committed_change(app, auth, world):
    client = auth.client_for(world.sec)
    page = client.get("/reports/").get_data(as_text=True)
    assert 'data-figure="pending">1<' in page
    world.proposals[3].state = "not_registered"
    world.proposals[3].decline_ground = "personal"
    db.session.commit()
    page = client.get("/reports/").get_data(as_text=True)
    assert 'data-figure="pending">0<' in page


def test_kept_figures_can_be_turned_off(app_config):
    from deliberate import create_app

    app = create_app({**app_config, "STATISTICS_CACHE_SECONDS": 0})
    assert summary.CACHE not in app.extensions


# -- kept in the database, for every worker -----------------------------------------------

def _forget_kept():
    """No figures kept in the database (those counted so far in this transaction are
    written when it ends: first end it)."""
    db.session.rollback()
    db.session.execute(delete(KeptResult))
    db.session.commit()


def _kept_rows():
    db.session.rollback()  # a snapshot taken after the last request's
    return {name: (key, expires_at) for name, key, expires_at in db.session.execute(
        select(KeptResult.name, KeptResult.key, KeptResult.expires_at))}


def _page_reading(client, url="/reports/"):
    """The proposal-counting statements of a statistics page requested over HTTP (a
    read-only request: the only kind that keeps figures on SQLite, whose other
    transactions hold the write lock)."""
    with recorded_statements(lambda s: "GROUP BY" in s and "proposals." in s) as seen:
        assert client.get(url).status_code == 200
    return seen


def _new_worker():
    """A worker that has kept nothing in memory yet (a restart, another server): neither
    figures nor rendered pages. The requests before it have ended (tests share one
    session with them): what they counted is kept in the database now."""
    db.session.rollback()
    current_app.extensions[summary.CACHE].clear()
    page_cache().clear()


def test_figures_are_kept_for_every_worker(auth, world):
    w = world
    client = auth.client_for(w.sec)
    _forget_kept()
    _new_worker()
    # s2, the chosen session, whole (4); s1, the rest of its term, a row (2); how long (1)
    assert len(_page_reading(client)) == 7
    kept = _kept_rows()
    assert set(kept) == {summary.kept_name(s.id) for s in (w.s1, w.s2)}
    _new_worker()
    assert _page_reading(client) == []  # read back, not counted
    # What was read back is what a count gives, for every scope.
    for args in SCOPES:
        _new_worker()
        assert figures(statistics(**args)) == counted_afresh(**args)
    # A change: only its session is counted again, and kept again.
    w.proposals[14].title = "改"  # s1
    db.session.commit()
    _new_worker()
    assert len(_page_reading(client)) == 3
    after = _kept_rows()
    assert after[summary.kept_name(w.s1.id)][0] != kept[summary.kept_name(w.s1.id)][0]
    assert after[summary.kept_name(w.s2.id)] == kept[summary.kept_name(w.s2.id)]


def test_figures_are_kept_when_the_transaction_ends(world):
    """Figures are written for other workers once the transaction that counted them ends
    (after the request), never those of a session the transaction wrote."""
    w = world
    _forget_kept()
    _new_worker()
    w.proposals[14].title = "改"  # s1, in the term's table
    db.session.flush()
    statistics()
    assert db.session.scalar(select(func.count()).select_from(KeptResult)) == 0
    db.session.rollback()
    assert set(_kept_rows()) == {summary.kept_name(w.s2.id)}


def test_figures_kept_under_other_definitions_are_counted_again(auth, world, monkeypatch):
    """Figures kept in the database by a release whose definitions differ (an upgrade that
    changed a measure) are not read back."""
    client = auth.client_for(world.sec)
    _forget_kept()
    _new_worker()
    _page_reading(client)
    _new_worker()
    assert _page_reading(client) == []
    monkeypatch.setattr(summary, "_definitions", lambda: "another release")
    _new_worker()
    assert len(_page_reading(client)) == 7


def test_figures_kept_too_long_ago_are_counted_again(app, auth, world):
    client = auth.client_for(world.sec)
    _page_reading(client)
    db.session.execute(update(KeptResult).values(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    db.session.commit()
    _new_worker()
    assert len(_page_reading(client)) == 7


def test_figures_read_from_the_database_expire_with_their_row(app, auth, world, monkeypatch):
    """A worker trusts figures it read from the database no longer than the row says, not
    for its own max age counted from the read."""
    client = auth.client_for(world.sec)
    _forget_kept()
    _new_worker()
    _page_reading(client)  # counted, kept in the database
    _new_worker()
    assert _page_reading(client) == []  # read back into this worker's memory
    later = datetime.now(UTC) + timedelta(seconds=app.config["STATISTICS_CACHE_SECONDS"])
    page_cache().clear()
    monkeypatch.setattr(summary, "utcnow", lambda: later)
    monkeypatch.setattr(stamps, "utcnow", lambda: later)
    assert len(_page_reading(client)) == 7


def test_a_stale_kept_row_is_not_trusted(auth, world):
    """A row kept under stamps that have moved since (written by a worker that counted
    before a change committed) is counted again."""
    w = world
    client = auth.client_for(w.sec)
    _page_reading(client)
    w.proposals[3].state = "not_registered"  # s2
    w.proposals[3].decline_ground = "personal"
    db.session.commit()
    _new_worker()
    page = client.get("/reports/").get_data(as_text=True)
    assert 'data-figure="pending">0<' in page


def test_keeping_never_fails_the_page(auth, world, monkeypatch, caplog):
    client = auth.client_for(world.sec)
    _forget_kept()
    monkeypatch.setattr(stamps, "_KEEP", text("INSERT INTO no_such_table VALUES (:name)"))
    _new_worker()
    assert len(_page_reading(client)) == 7
    assert _kept_rows() == {}
    assert "results not kept" in caplog.text
    # Nothing kept, nothing broken: counted again by the next worker.
    _new_worker()
    assert len(_page_reading(client)) == 7


def test_a_locked_database_does_not_hold_the_page(app, auth, world):
    """SQLite: another process holding the write lock keeps figures from being kept for a
    moment (KEEP_WAIT_MS), never the page from rendering; the connection then goes back to
    the pool with its usual busy timeout."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's database lock")
    client = auth.client_for(world.sec)
    _forget_kept()
    other = sqlite3.connect(db.engine.url.database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        _new_worker()
        started = time.perf_counter()
        assert len(_page_reading(client)) == 7
        db.session.rollback()  # the request's end: the figures are kept now, or tried
        assert time.perf_counter() - started < 5  # the 15 s busy timeout was not waited
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _kept_rows() == {}
    db.session.rollback()
    # Every connection in the pool (the one that tried to keep among them).
    connections = [db.engine.connect() for _ in range(db.engine.pool.checkedin())]
    try:
        assert connections
        for connection in connections:
            raw = connection.connection.dbapi_connection
            assert raw.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
    finally:
        for connection in connections:
            connection.close()


def test_only_the_day_measures_read_the_date(app):
    """Kept figures are trusted on later days through definitions.day_boundaries, which
    knows the day measures only: any other measure reading the date would go stale."""
    from deliberate.reports import definitions as d

    def sql(measure, day):
        return str(measure.condition(day).compile(compile_kwargs={"literal_binds": True}))

    measures = [*d.PROPOSAL_MEASURES, *d.ASSIGNMENT_MEASURES, d.LETTERS, *d.class_measures()]
    one, other = today(), today() + timedelta(days=400)
    reading_the_date = {m.key for m in measures if sql(m, one) != sql(m, other)}
    assert reading_the_date == {m.key for m in d.DAY_MEASURES}
