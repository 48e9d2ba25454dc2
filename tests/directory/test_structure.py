"""Terms, sessions, sectors, special committees and handling units."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from deliberate.core.events import Event, events_for
from deliberate.directory.models import Committee, PlenarySession, Sector, Term, Unit
from deliberate.extensions import db


@pytest.fixture
def keeper(auth):
    client, user = auth.as_role("secretariat")
    return client, user


def test_create_and_edit_term(keeper):
    client, user = keeper
    response = client.post("/directory/terms/new", data={
        "number": "12", "name": "第十二届", "start_year": "2022", "end_year": "2027"})
    assert response.status_code == 302
    term = db.session.scalar(select(Term).where(Term.number == 12))
    assert term.name == "第十二届"
    response = client.post(f"/directory/terms/{term.id}/edit", data={
        "number": "12", "name": "政协第十二届", "start_year": "2022", "end_year": "2027"})
    assert response.status_code == 302
    db.session.refresh(term)
    assert term.name == "政协第十二届"
    actions = [e.action for e in events_for("term", term.id)]
    assert actions == ["create", "update"]
    assert "政协第十二届" in client.get("/directory/terms").get_data(as_text=True)


def test_term_bad_input(keeper, factory):
    client, _user = keeper
    factory.term(number=12)
    db.session.commit()
    duplicate = client.post("/directory/terms/new", data={
        "number": "12", "name": "x", "start_year": "2022", "end_year": "2027"})
    assert duplicate.status_code == 422
    assert "已存在" in duplicate.get_data(as_text=True)
    backwards = client.post("/directory/terms/new", data={
        "number": "13", "name": "x", "start_year": "2027", "end_year": "2022"})
    assert backwards.status_code == 422
    too_long = client.post("/directory/terms/new", data={
        "number": "14", "name": "长" * 40, "start_year": "2022", "end_year": "2027"})
    assert too_long.status_code == 422
    wrong_type = client.post("/directory/terms/new", data={
        "number": "十二", "name": "x", "start_year": "2022", "end_year": "2027"})
    assert wrong_type.status_code == 422
    assert db.session.scalar(select(Term).where(Term.number != 12)) is None


def test_sessions_exactly_one_current(keeper, factory):
    client, user = keeper
    term = factory.term(number=12)
    first = factory.session(term=term, number=3, current=True)
    db.session.commit()
    response = client.post("/directory/sessions/new", data={
        "term_id": str(term.id), "number": "4", "name": "第十二届第四次会议", "year": "2026",
        "opens_on": "2026-01-10", "filing_deadline": "2026-01-05"})
    assert response.status_code == 302
    second = db.session.scalar(select(PlenarySession).where(PlenarySession.number == 4))
    assert not second.is_current
    response = client.post(f"/directory/sessions/{second.id}/make-current")
    assert response.status_code == 302
    db.session.expire_all()
    assert second.is_current and not first.is_current
    currents = db.session.scalars(select(PlenarySession).where(
        PlenarySession.is_current.is_(True))).all()
    assert [s.id for s in currents] == [second.id]
    event = events_for("session", second.id)[-1]
    assert event.action == "make_current" and event.data["previous"] == first.id
    page = client.get("/directory/").get_data(as_text=True)
    assert "第十二届第四次会议" in page


def test_current_session_cannot_be_deactivated(keeper, factory):
    client, _user = keeper
    current = factory.session(current=True)
    db.session.commit()
    response = client.post(f"/directory/sessions/{current.id}/deactivate")
    assert response.status_code == 409
    db.session.expire_all()
    assert current.is_active


def test_inactive_session_cannot_be_made_current(keeper, factory):
    client, _user = keeper
    session = factory.session(current=False)
    session.is_active = False
    db.session.commit()
    response = client.post(f"/directory/sessions/{session.id}/make-current")
    assert response.status_code == 409
    db.session.expire_all()
    assert not session.is_current


def test_session_bad_input(keeper, factory):
    client, _user = keeper
    term = factory.term()
    factory.session(term=term, number=1)
    db.session.commit()
    duplicate = client.post("/directory/sessions/new", data={
        "term_id": str(term.id), "number": "1", "name": "x", "year": "2026"})
    assert duplicate.status_code == 422
    unknown_term = client.post("/directory/sessions/new", data={
        "term_id": "9999", "number": "2", "name": "x", "year": "2026"})
    assert unknown_term.status_code == 422
    late_deadline = client.post("/directory/sessions/new", data={
        "term_id": str(term.id), "number": "2", "name": "x", "year": "2026",
        "opens_on": "2026-01-10", "filing_deadline": "2026-02-01"})
    assert late_deadline.status_code == 422
    assert db.session.scalar(select(PlenarySession).where(PlenarySession.number == 2)) is None


def test_new_session_without_terms_goes_to_new_term(keeper):
    client, _user = keeper
    response = client.get("/directory/sessions/new")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/directory/terms/new")


@pytest.mark.parametrize("kind,model", [("sectors", Sector), ("committees", Committee)])
def test_named_items(keeper, kind, model):
    client, _user = keeper
    assert client.post(f"/directory/{kind}/new", data={"name": "教育界", "sort_order": "2"}
                       ).status_code == 302
    item = db.session.scalar(select(model))
    assert item.name == "教育界" and item.sort_order == 2
    duplicate = client.post(f"/directory/{kind}/new", data={"name": "教育界"})
    assert duplicate.status_code == 422
    assert client.post(f"/directory/{kind}/new", data={"name": ""}).status_code == 422
    assert client.post(f"/directory/{kind}/new", data={"name": "x" * 65}).status_code == 422
    assert client.post(f"/directory/{kind}/{item.id}/edit", data={"name": "教育界别"}
                       ).status_code == 302
    db.session.refresh(item)
    assert item.name == "教育界别"
    assert client.post(f"/directory/{kind}/{item.id}/deactivate").status_code == 302
    db.session.refresh(item)
    assert not item.is_active
    assert "<td>教育界别</td>" not in client.get(f"/directory/{kind}").get_data(as_text=True)
    inactive = client.get(f"/directory/{kind}?status=inactive").get_data(as_text=True)
    assert "<td>教育界别</td>" in inactive
    # Deactivating twice is refused by the workflow and changes nothing.
    assert client.post(f"/directory/{kind}/{item.id}/deactivate").status_code == 409
    assert client.post(f"/directory/{kind}/{item.id}/reactivate").status_code == 302
    db.session.refresh(item)
    assert item.is_active
    object_type = kind[:-1] if kind == "sectors" else "committee"
    actions = [e.action for e in events_for(object_type, item.id)]
    assert actions == ["create", "update", "deactivate", "reactivate"]


def test_units_crud_and_order(keeper, factory):
    client, _user = keeper
    factory.unit("住房和城乡建设局", sort_order=2)
    factory.unit("发展和改革委员会", sort_order=1)
    db.session.commit()
    response = client.post("/directory/units/new", data={
        "name": "生态环境局", "short_name": "环境局", "contact_person": "李明",
        "phone": "0571-88001234", "sort_order": "0"})
    assert response.status_code == 302
    unit = db.session.scalar(select(Unit).where(Unit.name == "生态环境局"))
    assert unit.short_name == "环境局"
    page = client.get("/directory/units").get_data(as_text=True)
    order = [page.index(n) for n in ("生态环境局", "发展和改革委员会", "住房和城乡建设局")]
    assert order == sorted(order)
    bad_phone = client.post("/directory/units/new", data={"name": "某局", "phone": "call me"})
    assert bad_phone.status_code == 422
    duplicate = client.post("/directory/units/new", data={"name": "生态环境局"})
    assert duplicate.status_code == 422
    response = client.post(f"/directory/units/{unit.id}/edit", data={
        "name": "市生态环境局", "sort_order": "5"})
    assert response.status_code == 302
    client.post(f"/directory/units/{unit.id}/deactivate")
    detail = client.get(f"/directory/units/{unit.id}")
    assert detail.status_code == 200
    text = detail.get_data(as_text=True)
    assert 'data-testid="timeline"' in text
    assert [e.action for e in events_for("unit", unit.id)] == ["create", "update", "deactivate"]


def test_missing_records_are_404(keeper):
    client, _user = keeper
    assert client.get("/directory/units/999").status_code == 404
    assert client.get("/directory/accounts/999").status_code == 404
    assert client.post("/directory/units/999/deactivate").status_code == 404
    assert client.get("/directory/terms/999/edit").status_code == 404


def test_events_count_actor(keeper, factory):
    client, user = keeper
    client.post("/directory/sectors/new", data={"name": "经济界"})
    event = db.session.scalar(select(Event).where(Event.object_type == "sector"))
    assert event.actor_id == user.id
