"""List and detail pages run the same number of SQL statements whatever the rows."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from deliberate.extensions import db
from deliberate.proposals import operations as ops
from tests.proposals.conftest import PDF, REPLY, make_draft, to_state


@contextmanager
def count_queries():
    counter = {"n": 0}

    def before(*_args):
        counter["n"] += 1

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


def test_detail_page_constant(auth, world, factory):
    w = world
    small = _handled(w, [(w.lead_unit, w.lead_staff), (w.co_unit, w.co_staff)],
                     [w.cosigner], 1)
    more_units = []
    for _ in range(3):
        unit = factory.unit()
        more_units.append((unit, factory.user("unit_staff", unit=unit)))
    members = [factory.user("member") for _ in range(4)]
    db.session.commit()
    big = _handled(w, [(w.lead_unit, w.lead_staff), (w.co_unit, w.co_staff), *more_units],
                   [w.cosigner, *members], 3)
    sec = auth.client_for(w.secretariat)
    assert statements(sec, f"/proposals/{small.id}") == statements(sec, f"/proposals/{big.id}")
    lead = auth.client_for(w.lead_staff)
    assert statements(lead, f"/proposals/{small.id}") == \
        statements(lead, f"/proposals/{big.id}")


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
