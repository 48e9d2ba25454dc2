"""Every statistics definition on the hand-built body (tests/reports/conftest.py), whose
figures were counted by hand; the suite runs it on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from deliberate.proposals.workflow import today
from deliberate.reports import definitions as d
from deliberate.reports.consultation import consultation_tables
from deliberate.reports.queries import BadFilter, parse_scope, proposal_statistics
from tests.reports.conftest import EXPECTED_RATES_S2, EXPECTED_S2, EXPECTED_UNITS_S2


def stats_for(**args):
    scope = parse_scope(MultiDict({k: str(v) for k, v in args.items()}))
    return proposal_statistics(scope, today()), consultation_tables(scope)


def test_headline_of_a_session(stats_world):
    stats, _c = stats_for(session=stats_world.s2.id)
    counts = stats.headline.counts
    assert {k: counts.get(k, 0) for k in EXPECTED_S2} == EXPECTED_S2
    figures = {f.key: f for f in d.proposal_figures()}
    for key, expected in EXPECTED_RATES_S2.items():
        assert stats.headline.value(figures[key]) == pytest.approx(expected), key


def test_received_is_the_sum_of_the_outcomes_of_review(stats_world):
    stats, _c = stats_for(session=stats_world.s2.id)
    c = stats.headline.counts
    assert c["received"] == (c["pending"] + c["registered"] + c["not_registered"]
                             + c["converted"] + c["merged"])


def test_the_default_scope_is_the_current_session(stats_world):
    stats, _c = stats_for()
    assert stats.scope.chosen.id == stats_world.s2.id
    assert stats.headline.counts["received"] == 11


def test_per_session_table_covers_the_term_and_agrees_with_the_headline(stats_world):
    w = stats_world
    stats, _c = stats_for(session=w.s2.id)
    sessions = stats.table("sessions")
    assert [r.key for r in sessions.rows] == [w.s1.id, w.s2.id]  # s3 is another term
    s1, s2 = sessions.rows
    assert s2.counts == stats.headline.counts
    assert (s1.counts["received"], s1.counts["registered"], s1.counts["not_registered"]) \
        == (2, 1, 1)
    years = stats.table("years")
    assert [(r.label, r.counts["received"]) for r in years.rows] == [("2025", 2), ("2026", 11)]


@pytest.mark.parametrize("table", ["categories", "proposer_types", "sectors"])
def test_every_breakdown_totals_to_the_session(stats_world, table):
    stats, _c = stats_for(session=stats_world.s2.id)
    total = stats.table(table).total.counts
    for key in EXPECTED_S2:
        assert total.get(key, 0) == EXPECTED_S2[key], (table, key)


def test_breakdowns(stats_world):
    stats, _c = stats_for(session=stats_world.s2.id)

    def pick(table, key):
        return {str(r.key): r.counts.get(key, 0) for r in stats.table(table).rows}

    assert pick("categories", "received") == {
        "economy": 5, "politics": 0, "culture": 2, "society": 3, "ecology": 1, "other": 0}
    assert pick("categories", "registered")["economy"] == 3
    assert pick("categories", "class_A") == {
        "economy": 2, "politics": 0, "culture": 1, "society": 0, "ecology": 0, "other": 0}
    assert pick("proposer_types", "received") == {"member": 8, "joint": 2, "collective": 1}
    w = stats_world
    assert pick("sectors", "received") == {str(w.sector_e.id): 5, str(w.sector_j.id): 5,
                                           "None": 1}
    assert pick("sectors", "satisfied") == {str(w.sector_e.id): 0, str(w.sector_j.id): 0,
                                            "None": 1}


def test_unit_performance(stats_world):
    stats, _c = stats_for(session=stats_world.s2.id)
    rows = {r.label: r for r in stats.table("units").rows}
    assert set(rows) == set(EXPECTED_UNITS_S2)
    for unit, expected in EXPECTED_UNITS_S2.items():
        got = {k: rows[unit].counts.get(k, 0) for k in expected}
        assert got == expected, unit
    figures = {f.key: f for f in d.unit_figures()}
    assert rows["甲局"].value(figures["u_rate_replied"]) == pytest.approx(4 / 5)
    assert rows["乙局"].value(figures["u_rate_on_time"]) == 0
    assert rows["丙局"].value(figures["u_rate_on_time"]) is None  # nothing replied: "—"
    assert [r.label for r in stats.table("units").rows][0] == "甲局"  # most assignments


def test_year_scope_and_all(stats_world):
    w = stats_world
    stats, _c = stats_for(session="all", year=2025)
    assert stats.scope.session_ids == {w.s1.id}
    assert stats.headline.counts["received"] == 2
    assert [r.key for r in stats.table("sessions").rows] == [w.s1.id, w.s2.id]
    stats, _c = stats_for(session="all")
    assert stats.headline.counts["received"] == 14
    assert [r.key for r in stats.table("sessions").rows] == [w.s3.id, w.s1.id, w.s2.id]
    assert stats.table("categories").total.counts["received"] == 14


def test_a_session_wins_over_the_year(stats_world):
    stats, _c = stats_for(session=stats_world.s2.id, year=2020)
    assert stats.scope.chosen.id == stats_world.s2.id and stats.scope.year is None


@pytest.mark.parametrize("args", [{"year": "abc"}, {"year": "1800"}, {"year": "20261"},
                                  {"session": "999999"}, {"session": "x'; --"}])
def test_bad_filters_are_refused_clearly(stats_world, args):
    with pytest.raises(BadFilter) as e:
        parse_scope(MultiDict(args))
    assert e.value.status == 400 and e.value.message


def test_consultation_figures(stats_world):
    _s, tables = stats_for(session=stats_world.s2.id)
    by_key = {t.key: t for t in tables}
    plan = by_key["plan"].rows
    assert [r.label for r in plan] == ["2026"]
    c = plan[0].counts
    assert (c["in_plan"], c["held"], c["with_results"], c["recommendations"], c["decided"],
            c["adopted"]) == (3, 1, 2, 2, 1, 1)
    rate = next(f for f in by_key["plan"].figures if f.key == "rate_adopted")
    assert plan[0].value(rate) == 1.0
    forms = {r.key: r.counts for r in by_key["meeting_forms"].rows}
    assert (forms["topic_consultation"]["meetings_held"], forms["topic_consultation"]["planned"]
            ) == (1, 1)
    assert (forms["biweekly"]["meetings_held"], forms["biweekly"]["meetings_scheduled"],
            forms["biweekly"]["planned"]) == (0, 1, 2)
    assert forms["grassroots"]["meetings_held"] == 1  # the Beijing new-year meeting only
    speeches = {r.key: r.counts for r in by_key["speeches"].rows}
    assert (speeches["theme"]["speeches_submitted"], speeches["theme"]["speeches_adopted"]) \
        == (2, 1)
    assert speeches["plenary"]["speeches_submitted"] == 0  # a draft and a withdrawn one
    assert by_key["speeches"].total.counts["speeches_submitted"] == 3


def test_consultation_of_another_year_is_empty(stats_world):
    _s, tables = stats_for(session="all", year=2025)
    by_key = {t.key: t for t in tables}
    assert by_key["plan"].rows == []
    assert by_key["meeting_forms"].total.counts["meetings_held"] == 1  # 20:00 on 31 Dec


def test_the_ledger_uses_the_same_letter_and_verdict_definitions(stats_world):
    from deliberate.proposals.queries import load_proposal

    p12 = load_proposal(stats_world.proposals[12].id)
    assert [r.result_class for r in d.counted_letters(p12)] == ["A"]
    assert d.latest_verdict(p12).verdict.value == "basically"
    p11 = load_proposal(stats_world.proposals[11].id)
    assert [r.result_class for r in d.counted_letters(p11)] == ["C"]
