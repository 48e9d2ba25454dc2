"""Each session's figures kept until something of that session changes
(reports/summary.py): the kept figures are always those counted afresh, a page counts
again only the sessions whose stamp moved, and a write not yet committed is counted but
never kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import current_app
from sqlalchemy import update
from werkzeug.datastructures import MultiDict

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
    assert len(reading(lambda: statistics())) == 2  # its row: proposals and letters
    w.proposals[3].title = "改"  # s2: the chosen session, with its breakdowns
    db.session.commit()
    assert len(reading(lambda: statistics())) == 4
    assert reading(lambda: statistics()) == []


def test_a_session_kept_for_its_row_is_completed_when_chosen(world):
    w = world
    s1 = w.s1.id
    current_app.extensions[summary.CACHE].clear()
    statistics()  # s2 chosen: s1 counted for its row only
    assert len(reading(lambda: statistics(session=s1))) == 4  # its breakdowns
    assert reading(lambda: statistics(session=s1)) == []
    assert figures(statistics(session=s1)) == counted_afresh(session=s1)


def test_the_next_day_counts_again(world):
    """"Overdue now" counts days: a page of another day counts every session again."""
    tomorrow = today() + timedelta(days=1)
    # s2 with its breakdowns (four statements), s1 for its row (two)
    assert len(reading(lambda: statistics(day=tomorrow))) == 6
    assert reading(lambda: statistics(day=tomorrow)) == []


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
