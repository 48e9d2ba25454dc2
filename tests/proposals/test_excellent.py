"""优秀提案: the secretariat marks numbered proposals excellent at year end (and can undo it)."""

import pytest
from sqlalchemy import select

from deliberate.core.events import Event
from deliberate.core.notify import Notification
from deliberate.core.workflow import InvalidData
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from tests.proposals.conftest import to_state


def test_secretariat_marks_and_unmarks_through_the_web(world, auth):
    p = to_state(world, "closed")
    client = auth.client_for(world.secretariat)
    response = client.post(f"/proposals/{p.id}/excellent",
                           data={"excellent-excellent": "yes", "excellent-note": "年终评选"})
    assert response.status_code == 302
    db.session.expire_all()
    assert p.is_excellent
    ev = db.session.scalars(select(Event).where(Event.action == "select_excellent")).one()
    assert ev.data["excellent"] == "yes" and ev.note == "年终评选"
    notes = db.session.scalars(select(Notification).where(
        Notification.kind == "proposal_excellent")).all()
    assert {n.user_id for n in notes} >= {world.member.id}
    page = client.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert 'data-testid="excellent-badge"' in page and "优秀" in page
    response = client.post(f"/proposals/{p.id}/excellent", data={"excellent-excellent": "no"})
    assert response.status_code == 302
    db.session.expire_all()
    assert not p.is_excellent


def test_marking_twice_is_refused_and_writes_nothing(world):
    p = to_state(world, "registered")
    ops.select_excellent(p, world.secretariat, True)
    db.session.commit()
    with pytest.raises(InvalidData):
        ops.select_excellent(p, world.secretariat, True)
    db.session.rollback()
    assert db.session.scalars(select(Event).where(
        Event.action == "select_excellent")).all().__len__() == 1


@pytest.mark.parametrize("who", ["proposer", "leader", "lead_unit", "admin"])
def test_only_the_secretariat_selects(world, auth, who):
    p = to_state(world, "closed")
    client = auth.client_for(world.users()[who])
    response = client.post(f"/proposals/{p.id}/excellent", data={"excellent-excellent": "yes"})
    assert response.status_code in (403, 404)
    db.session.expire_all()
    assert not p.is_excellent


@pytest.mark.parametrize("state", ["draft", "submitted", "withdrawn", "not_registered"])
def test_only_numbered_proposals(world, auth, state):
    p = to_state(world, state)
    client = auth.client_for(world.secretariat)
    response = client.post(f"/proposals/{p.id}/excellent", data={"excellent-excellent": "yes"})
    assert response.status_code in (404, 409)
    db.session.expire_all()
    assert not p.is_excellent


def test_bad_input(world, auth):
    p = to_state(world, "closed")
    client = auth.client_for(world.secretariat)
    for data in ({}, {"excellent-excellent": "maybe"},
                 {"excellent-excellent": "yes", "excellent-note": "x" * 5001}):
        response = client.post(f"/proposals/{p.id}/excellent", data=data)
        assert response.status_code == 422, data
    db.session.expire_all()
    assert not p.is_excellent
