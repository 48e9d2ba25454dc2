"""List and detail pages run the same number of SQL statements whatever the rows."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from deliberate.extensions import db
from deliberate.proposals import operations as ops
from tests.proposals.conftest import FEEDBACK, PDF, REPLY, make_draft, to_state


@pytest.fixture
def app_config(app_config):
    # What a page costs to render: the page cache would answer the second visit itself.
    return {**app_config, "PAGE_CACHE_SECONDS": 0}


@contextmanager
def count_queries():
    counter = {"n": 0}

    def before(_c, _cur, statement, *_args):
        counter["n"] += 1
        import os
        if os.environ.get("TRACE_SQL"):
            print("SQL>", statement[:150].replace("\n", " "))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)


def statements(client, url):
    client.get(url)  # warm caches (translations, templates)
    with count_queries() as c:
        r = client.get(url)
    assert r.status_code == 200, url
    return c["n"]


def test_list_pages_constant(auth, world, factory):
    w = world
    clients = {
        "/proposals/": auth.client_for(w.secretariat),
        "/proposals/?state=assigned&sort=due": auth.client_for(w.secretariat),
        "/proposals/review": auth.client_for(w.secretariat),
        "/proposals/mine": auth.client_for(w.member),
        "/proposals/inbox?show=all": auth.client_for(w.lead_staff),
    }
    to_state(w, "submitted")
    to_state(w, "assigned")
    few = {url: statements(c, url) for url, c in clients.items()}
    for state in ("submitted", "submitted", "assigned", "assigned", "replied", "closed"):
        to_state(w, state)
    extra = factory.user("member")
    db.session.commit()
    p = to_state(w, "draft")
    ops.invite_cosigners(p, w.member, [extra])
    db.session.commit()
    many = {url: statements(c, url) for url, c in clients.items()}
    assert few == many


def _handled(w, units, cosigners, records):
    """A key proposal, replied by its lead unit, with one consultation per unit, one
    co-opinion per co unit, an extension request, co-signers and supervision records."""
    p = make_draft(w)
    ops.invite_cosigners(p, w.member, cosigners)
    for c in cosigners:
        ops.confirm_cosign(p, c)
    ops.submit_proposal(p, w.member)
    ops.register_proposal(p, w.secretariat)
    lead, *cos = units
    ops.assign_proposal(p, w.secretariat, [(lead[0].id, "lead")] +
                        [(u.id, "co") for u, _s in cos])
    for unit, staff in units:
        ops.record_consultation(p, staff, p.assigned_on, "phone", f"{unit.name}沟通")
    for _unit, staff in cos:
        ops.post_co_opinion(p, staff, "会办意见")
    ops.request_extension(p, lead[1], p.due_on + timedelta(days=5), "延期")
    ops.mark_key(p, w.secretariat, w.leader)
    for _ in range(records):
        ops.record_supervision(p, w.leader, "visit", p.assigned_on, participants="陈主席")
    ops.reply_proposal(p, lead[1], dict(REPLY), PDF, "r.pdf")
    db.session.commit()
    return p


def _big(w, factory, records=3):
    more_units = []
    for _ in range(3):
        unit = factory.unit()
        more_units.append((unit, factory.user("unit_staff", unit=unit)))
    members = [factory.user("member") for _ in range(4)]
    db.session.commit()
    return _handled(w, [(w.lead_unit, w.lead_staff), (w.co_unit, w.co_staff), *more_units],
                    [w.cosigner, *members], records)


def test_detail_page_constant(auth, world, factory):
    w = world
    small = _handled(w, [(w.lead_unit, w.lead_staff), (w.co_unit, w.co_staff)],
                     [w.cosigner], 1)
    big = _big(w, factory)
    for user in (w.secretariat, w.member, w.lead_staff, w.leader):
        c = auth.client_for(user)
        assert statements(c, f"/proposals/{small.id}") == \
            statements(c, f"/proposals/{big.id}")


def test_detail_page_within_six_statements(auth, world, factory):
    """Sign-in check, the proposal with its joined many-to-one rows, co-signers, units and
    replies, one statement for every other collection (zipped), the form choices (only
    when a form shows them), the working-day calendar, the timeline, the unread count."""
    w = world
    big = _big(w, factory)
    # A second round: the proposer was dissatisfied, so feedbacks span two rounds.
    ops.give_feedback(big, w.member, {**FEEDBACK, "verdict": "dissatisfied"})
    ops.reply_proposal(big, w.lead_staff, dict(REPLY), PDF, "r2.pdf")
    ops.give_feedback(big, w.member, {**FEEDBACK, "verdict": "satisfied"})
    merged_in = to_state(w, "merged")  # merges a fresh proposal into another one
    db.session.commit()
    submitted = to_state(w, "submitted")
    users = {"secretariat": w.secretariat, "proposer": w.member, "unit": w.lead_staff,
             "co unit": w.co_staff, "leader": w.leader}
    for role, user in users.items():
        c = auth.client_for(user)
        n = statements(c, f"/proposals/{big.id}")
        assert n <= 6, (role, n)
    sec = auth.client_for(w.secretariat)
    for p in (submitted, merged_in.merged_into):
        assert statements(sec, f"/proposals/{p.id}") <= 6
    assert statements(auth.client_for(w.member), f"/proposals/{submitted.id}") <= 6


def test_detail_page_loads_every_collection_without_lazy_loads(app, world, factory):
    """The zipped statement fills every collection, the bytes of files stay unloaded."""
    from sqlalchemy import inspect

    from deliberate.proposals import queries as q

    big = _big(world, factory)
    target = to_state(world, "registered", with_cosigner=False)
    for _ in range(2):
        ops.merge_proposal(to_state(world, "submitted"), world.secretariat, target)
    db.session.commit()
    big_id = big.id
    for pid, merged in ((big_id, 0), (target.id, 2)):
        db.session.expunge_all()
        p = q.load_proposal(pid)
        with count_queries() as c:
            assert len(p.merged) == merged
            assert all(m.signers_line for m in p.merged)
            assert len(p.consultations) == (5 if pid == big_id else 0)
            for rel in ("suggested_units", "feedbacks", "co_opinions", "extension_requests",
                        "disputes", "supervision_records", "attachments"):
                assert isinstance(getattr(p, rel), list)
            assert [x.id for x in p.consultations] == sorted(x.id for x in p.consultations)
            assert all(x.unit.name for x in p.consultations + p.co_opinions)
            assert len(p.supervision_records) == (3 if pid == big_id else 0)
        assert c["n"] == 0
        for r in p.replies:
            assert "data" in inspect(r.file).unloaded


def test_working_list_within_six_statements(auth, world, factory):
    """The working list: sign-in check, unread count, page count, the page with its
    joined rows, and one statement for every filter's choices."""
    for state in ("submitted", "assigned", "replied"):
        to_state(world, state)
    sec = auth.client_for(world.secretariat)
    assert statements(sec, "/proposals/") <= 6
    assert statements(sec, "/proposals/?state=assigned&sort=due") <= 6


def test_filter_choices_match_the_single_lists(world, factory):
    from deliberate.proposals import queries as q

    factory.session(current=False, year=2025)
    factory.unit("乙单位", sort_order=2)
    factory.unit("甲单位", sort_order=1)
    factory.unit("停用单位", is_active=False)
    factory.sector("界别甲")
    db.session.commit()
    choices = q.filter_choices()
    assert choices == {"session": q.session_choices(), "unit": q.unit_choices(),
                       "sector": q.sector_choices()}
    assert all(choices.values())
