from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from deliberate.consultation.models import TopicState
from deliberate.consultation.models_visits import (
    ParticipantRole,
    ParticipantStatus,
    ResearchVisit,
    VisitKind,
    VisitParticipant,
    VisitSite,
    VisitState,
)
from deliberate.core.notify import Notification
from deliberate.extensions import db
from tests.consultation.conftest import count_queries, page_text

ROLES = ["admin", "secretariat", "leader", "member", "unit_staff"]
D = date(2026, 9, 14)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _visit(make, factory, state=VisitState.planned, members=(), topic=None,
           **kw) -> ResearchVisit:
    visit = ResearchVisit(title="“协商在基层”选题调研", kind=VisitKind.research, topic=topic,
                          starts_on=D, ends_on=D + timedelta(days=1),
                          leader=kw.pop("leader", None) or factory.user(role="leader"),
                          state=state, created_by_id=make.staff.id, **kw)
    for m in members:
        visit.participants.append(VisitParticipant(user=m, role=ParticipantRole.member))
    db.session.add(visit)
    db.session.flush()
    return visit


def _form(leader, **kw) -> dict:
    data = {"title": "三猛乡选题调研", "kind": "research", "topic_id": "0",
            "starts_on": "2026-09-14", "ends_on": "2026-09-15", "leader_id": str(leader.id)}
    data.update(kw)
    return data


def test_secretariat_organises_a_visit_for_a_topic(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    leader = factory.user(role="leader")
    topic = make.topic(state=TopicState.under_study)
    db.session.commit()
    response = client.post("/consultation/visits/new",
                           data=_form(leader, topic_id=str(topic.id)))
    assert response.status_code == 302
    visit = db.session.scalar(select(ResearchVisit))
    assert visit.topic_id == topic.id and visit.state == VisitState.planned
    page = page_text(client.get(f"/consultation/topics/{topic.id}"))
    assert "三猛乡选题调研" in page


@pytest.mark.parametrize("change, status, message", [
    ({"ends_on": "2026-09-13"}, 422, "不能早于开始日期"),
    ({"title": ""}, 400, ""), ({"kind": "holiday"}, 400, ""),
    ({"starts_on": "soon"}, 400, ""), ({"leader_id": "99999"}, 422, "不存在"),
])
def test_bad_visit_input(auth, factory, change, status, message):
    client, _staff = auth.as_role("secretariat")
    leader = factory.user(role="leader")
    db.session.commit()
    response = client.post("/consultation/visits/new", data=_form(leader, **change))
    assert response.status_code == status
    assert message in page_text(response)
    assert _count(ResearchVisit) == 0


def test_visit_for_a_declined_topic_is_refused(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    leader = factory.user(role="leader")
    topic = make.topic(state=TopicState.declined)
    db.session.commit()
    response = client.post("/consultation/visits/new",
                           data=_form(leader, topic_id=str(topic.id)))
    assert response.status_code == 422
    assert _count(ResearchVisit) == 0


@pytest.mark.parametrize("role", ["member", "leader", "unit_staff", "admin"])
def test_only_the_secretariat_organises_visits(auth, factory, role):
    client, _user = auth.as_role(role)
    leader = factory.user(role="leader")
    db.session.commit()
    assert client.post("/consultation/visits/new", data=_form(leader)).status_code == 403


def test_group_sites_report_and_completion(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    member = factory.user(role="member")
    visit = _visit(make, factory)
    db.session.commit()
    url = f"/consultation/visits/{visit.id}"
    assert client.post(f"{url}/participants", data={
        "role": "member", "user_ids": [str(member.id)]}).status_code == 302
    assert db.session.scalar(select(Notification).where(Notification.user_id == member.id))
    assert client.post(f"{url}/experts", data={
        "name": "赵研究员", "organisation": "县社科联", "title": "研究员"}).status_code == 302
    assert client.post(f"{url}/sites", data={
        "visited_on": "2026-09-14", "place": "三猛乡新农贸市场", "unit": "三猛乡政府",
        "met": "乡干部、商户代表"}).status_code == 302
    response = client.post(f"{url}/sites", data={"visited_on": "2026-10-01", "place": "x"})
    assert response.status_code == 422
    assert "调研期间" in page_text(response)
    assert _count(VisitSite) == 1
    # Completion needs the report.
    response = client.post(f"{url}/act/complete")
    assert response.status_code == 409
    assert "调研报告" in page_text(response)
    assert client.post(f"{url}/report", data={
        "findings": "选题精准，具有协商性", "report": "## 调研报告\n\n建议列入年度议题。"}
    ).status_code == 302
    assert client.post(f"{url}/act/complete").status_code == 302
    db.session.expire_all()
    assert visit.state == VisitState.completed
    page = page_text(client.get(url))
    assert "赵研究员" in page and "三猛乡新农贸市场" in page and "<h2>调研报告</h2>" in page
    # The group is fixed once the visit is done.
    assert client.post(f"{url}/participants", data={
        "role": "member", "user_ids": [str(factory.user(role="member").id)]}
    ).status_code == 403


def test_member_asks_to_join_and_is_accepted(auth, make, factory):
    staff_client, staff = auth.as_role("secretariat")
    client, member = auth.as_role("member")
    visit = _visit(make, factory)
    db.session.commit()
    page = page_text(client.get("/consultation/visits"))
    assert "“协商在基层”选题调研" in page
    assert client.post(f"/consultation/visits/{visit.id}/join").status_code == 302
    assert client.post(f"/consultation/visits/{visit.id}/join").status_code == 409
    p = db.session.scalar(select(VisitParticipant))
    assert p.status == ParticipantStatus.requested
    assert db.session.scalar(select(Notification).where(Notification.user_id == staff.id))
    # A pending request cannot confirm or excuse.
    assert client.post(f"/consultation/visits/{visit.id}/respond",
                       data={"answer": "confirm"}).status_code == 403
    assert staff_client.post(
        f"/consultation/visits/{visit.id}/participants/{p.id}/accept").status_code == 302
    db.session.expire_all()
    assert p.status == ParticipantStatus.confirmed
    assert staff_client.post(
        f"/consultation/visits/{visit.id}/participants/{p.id}/accept").status_code == 409


def test_member_confirms_or_excuses_with_a_reason(auth, make, factory):
    client, member = auth.as_role("member")
    visit = _visit(make, factory, members=[member])
    db.session.commit()
    url = f"/consultation/visits/{visit.id}/respond"
    assert client.post(url, data={"answer": "excuse", "reason": ""}).status_code == 422
    assert client.post(url, data={"answer": "excuse", "reason": "另有公务"}).status_code == 302
    p = db.session.scalar(select(VisitParticipant))
    assert p.status == ParticipantStatus.excused and p.reason == "另有公务"
    assert client.post(url, data={"answer": "confirm"}).status_code == 302
    db.session.expire_all()
    assert p.status == ParticipantStatus.confirmed and p.reason == ""
    assert client.post(url, data={"answer": "perhaps"}).status_code == 422


def test_visibility_of_visits(auth, make, factory):
    client, member = auth.as_role("member")
    mine = _visit(make, factory, state=VisitState.completed, members=[member])
    other_done = _visit(make, factory, state=VisitState.completed)
    planned = _visit(make, factory)
    db.session.commit()
    assert client.get(f"/consultation/visits/{mine.id}").status_code == 200
    assert client.get(f"/consultation/visits/{other_done.id}").status_code == 404
    assert client.get(f"/consultation/visits/{planned.id}").status_code == 200
    unit_client, _u = auth.as_role("unit_staff")
    assert unit_client.get(f"/consultation/visits/{planned.id}").status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["complete", "cancel"])
def test_visit_transitions_per_role(auth, make, factory, role, action):
    client, user = auth.as_role(role)
    visit = _visit(make, factory, report="报告")
    db.session.commit()
    response = client.post(f"/consultation/visits/{visit.id}/act/{action}",
                           data={"reason": "天气原因"})
    db.session.expire_all()
    if role == "secretariat":
        assert response.status_code == 302
        assert visit.state == (VisitState.completed if action == "complete"
                               else VisitState.cancelled)
    else:
        assert response.status_code == (404 if role == "unit_staff" else 403)
        assert visit.state == VisitState.planned


def test_participant_of_another_visit_is_refused(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    visit = _visit(make, factory)
    other = _visit(make, factory, members=[factory.user(role="member")])
    db.session.commit()
    pid = other.participants[0].id
    response = client.post(f"/consultation/visits/{visit.id}/participants/{pid}/delete")
    assert response.status_code == 422
    assert _count(VisitParticipant) == 1


def test_visit_list_query_count_is_constant(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    _visit(make, factory, topic=make.topic(state=TopicState.accepted))
    db.session.commit()
    with count_queries() as few:
        client.get("/consultation/visits")
    for _n in range(8):
        _visit(make, factory, topic=make.topic(state=TopicState.accepted))
    db.session.commit()
    with count_queries() as many:
        assert client.get("/consultation/visits").status_code == 200
    assert many["n"] == few["n"]
