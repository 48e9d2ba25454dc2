"""The statistics' faster statements give the numbers of the plain ones (issue 7: the
statistics at 150,000 proposals): all sessions are the sum of the sessions, verdicts are
read from the proposals' covering index, letters and assignments by a range of ids."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import event, text
from werkzeug.datastructures import MultiDict

from deliberate.extensions import db
from deliberate.proposals.workflow import today
from deliberate.reports import queries as q
from tests.reports.conftest import build
from tests.statements import recorded_statements


def statistics(**args):
    scope = q.parse_scope(MultiDict({k: str(v) for k, v in args.items()}))
    return q.proposal_statistics(scope, today())


@pytest.fixture
def two_bodies(stats_world, factory):
    """Six sessions in four terms, two bodies' sectors and units."""
    build(factory, again=True)
    return stats_world


def test_all_sessions_is_the_sum_of_the_sessions(two_bodies):
    everything = statistics(session="all")
    sessions = everything.table("sessions").rows
    assert len(sessions) == 6
    summed: dict[str, dict] = {t: {} for t in ("categories", "proposer_types", "sectors",
                                               "units")}
    headline = Counter()
    for row in sessions:
        one = statistics(session=row.key)  # a session: the two-statement path
        assert row.counts == one.headline.counts, row.label
        headline.update(one.headline.counts)
        for key, rows in summed.items():
            for r in one.table(key).rows:
                rows.setdefault(r.key, Counter()).update(r.counts)
    assert everything.headline.counts == headline
    for key, rows in summed.items():
        got = {r.key: r.counts for r in everything.table(key).rows}
        assert got == {k: c for k, c in rows.items() if k in got}, key
        assert all(not +c for k, c in rows.items() if k not in got), key


def _statements(fn):
    """The queries ``fn`` runs, with their parameters."""
    with recorded_statements(
            lambda statement: statement.lstrip().upper().startswith(("SELECT", "WITH")),
            take=lambda statement, parameters: (statement, parameters)) as seen:
        fn()
    return seen


def test_verdicts_come_from_the_proposals_index(two_bodies):
    """The proposer's latest verdict is on the proposal: no statement reads feedback, and
    SQLite counts the proposals and the units' proposals from ix_proposals_figures alone."""
    statements = _statements(lambda: statistics(session="all"))
    assert not [sql for sql, _p in statements if "proposal_feedbacks" in sql]
    if db.engine.dialect.name != "sqlite":
        return
    raw = db.session.connection().connection.dbapi_connection
    plans = []
    for sql, params in statements:
        if "verdict" in sql:
            plans.append(" | ".join(r[-1] for r in raw.execute(f"EXPLAIN QUERY PLAN {sql}",
                                                               params)))
    assert len(plans) == 2  # proposals and units
    for plan in plans:
        assert "COVERING INDEX ix_proposals_figures" in plan, plan
        assert "SCAN proposals " not in plan + " ", plan


def test_postgresql_counts_the_units_without_parallel_workers(two_bodies):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's parallel workers")
    before = db.session.execute(text("SHOW max_parallel_workers_per_gather")).scalar()
    settings: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if "unit_rows" in statement:
            settings.append(_conn.exec_driver_sql(
                "SHOW max_parallel_workers_per_gather").scalar())

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        statistics(session=two_bodies.s2.id)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert settings == ["0"]
    # The rest of the request (and the next transaction) plans as the server says.
    assert db.session.execute(text("SHOW max_parallel_workers_per_gather")).scalar() == before


def _id_range(ids: list[int]) -> tuple[int, int]:
    """The sessions' range of proposal ids, counted plainly."""
    from deliberate.proposals.models import Proposal

    return tuple(db.session.execute(db.select(db.func.min(Proposal.id), db.func.max(Proposal.id))
                              .where(Proposal.session_id.in_(ids))).one())


def test_letters_read_by_id_range_count_the_same(two_bodies):
    """On PostgreSQL a scope's letters and assignments are read by its proposals' range of
    ids (implied by the join; the lowest and highest found per session): the same counts
    for every session, pair of sessions and three sessions, also when a
    session's proposals are spread among the others' ids (here one of the newest
    proposals with letters moved into the first session)."""
    from deliberate.proposals.models import Proposal, Reply

    sessions = sorted(s.id for s in q.all_sessions())
    newest = db.session.scalar(db.select(Reply.proposal_id).order_by(
        Reply.proposal_id.desc()).limit(1))
    db.session.get(Proposal, newest).session_id = sessions[0]
    db.session.commit()
    scopes = [[s] for s in sessions] + [[a, b] for a in sessions for b in sessions if a < b]
    scopes.append(sessions[:3])
    keys = [(q.d.P.session_id, q.d.LETTER.unit_id), q.ATTRIBUTE_KEYS]
    seen = assigned = 0
    every = q.all_sessions()
    postgres = db.engine.dialect.name == "postgresql"
    for ids in scopes:
        between = q.id_range(every, ids)
        # Only where it helps: PostgreSQL, some sessions.
        assert (between is not None) == postgres, ids
        between = between or _id_range(ids)
        for k in keys:
            ranged = q.letter_groups(ids, k, ids_between=between)
            assert ranged == q.letter_groups(ids, k), (ids, k)
            seen += sum(c[q.d.LETTERS.key] for c in ranged.values())
        # The units' assignments likewise.
        ranged = q.assignment_groups(ids, today(), ids_between=between)
        assert ranged == q.assignment_groups(ids, today()), ids
        assigned += sum(c[q.d.U_ASSIGNED.key] for c in ranged.values())
    assert seen and assigned  # the data set has letters and assignments in these scopes
    assert q.id_range(every, sessions) is None  # all sessions: the range is everything
    # The page's statements read by the range (on PostgreSQL), written into their text:
    # the chosen session's units and letters by its own range, the other session of its
    # term by that one's (its row's letters).
    ranged = [s for s, _p in _statements(lambda: statistics(session=sessions[0]))
              if "BETWEEN" in s]
    assert len(ranged) == (4 if postgres else 0)
    if postgres:
        low, high = q.id_range(every, [sessions[0]])
        assert sum(f"BETWEEN {low} AND {high} " in s for s in ranged) == 3, ranged
