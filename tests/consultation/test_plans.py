from __future__ import annotations

import pytest
from sqlalchemy import func, select

from deliberate.consultation.models import MeetingForm, TopicState
from deliberate.consultation.models_plan import ConsultationPlan, PlanItem, PlanState
from deliberate.core.notify import Notification
from deliberate.extensions import db
from tests.consultation.conftest import count_queries, page_text

ROLES = ["admin", "secretariat", "leader", "member", "unit_staff"]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _plan(make, state=PlanState.draft, topics=1, year=2027) -> ConsultationPlan:
    plan = ConsultationPlan(year=year, title=f"{year}年度协商计划", state=state,
                            created_by_id=make.staff.id)
    db.session.add(plan)
    for n in range(topics):
        topic = make.topic(state=TopicState.accepted, title=f"计划议题{n}")
        plan.items.append(PlanItem(topic=topic, quarter=n % 4 + 1,
                                   form=MeetingForm.biweekly))
    db.session.flush()
    return plan


def test_secretariat_drafts_a_plan_with_topics_by_quarter(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    topic = make.topic(state=TopicState.accepted, title="优化营商环境")
    committee = factory.committee("经济委员会")
    db.session.commit()
    response = client.post("/consultation/plans/new", data={
        "year": "2027", "title": "2027年度协商计划"})
    assert response.status_code == 302
    plan = db.session.scalar(select(ConsultationPlan))
    response = client.post(f"/consultation/plans/{plan.id}/items", data={
        "topic_id": str(topic.id), "quarter": "2", "form": "topic_consultation",
        "lead_committee_id": str(committee.id), "notes": "与区发改局对接"})
    assert response.status_code == 302
    item = db.session.scalar(select(PlanItem))
    assert (item.quarter, item.form, item.lead_committee_id) == (
        2, MeetingForm.topic_consultation, committee.id)
    page = page_text(client.get(f"/consultation/plans/{plan.id}"))
    assert "第二季度" in page and "优化营商环境" in page and "经济委员会" in page


def test_plan_for_the_same_year_is_refused(auth, make):
    client, _staff = auth.as_role("secretariat")
    _plan(make)
    db.session.commit()
    response = client.post("/consultation/plans/new", data={"year": "2027", "title": "又一个"})
    assert response.status_code == 422
    assert "已存在" in page_text(response)
    assert _count(ConsultationPlan) == 1


@pytest.mark.parametrize("data", [{"year": "27", "title": "x"}, {"year": "abc", "title": "x"},
                                  {"year": "2027", "title": ""}])
def test_bad_plan_input(auth, data):
    client, _staff = auth.as_role("secretariat")
    assert client.post("/consultation/plans/new", data=data).status_code == 400
    assert _count(ConsultationPlan) == 0


@pytest.mark.parametrize("change, message", [
    ({"quarter": "5"}, ""), ({"form": "party"}, ""), ({"topic_id": "99999"}, "议题目录"),
    ({"lead_committee_id": "99999"}, "专委会不存在"),
])
def test_bad_plan_item_is_refused(auth, make, change, message):
    client, _staff = auth.as_role("secretariat")
    plan = _plan(make, topics=0)
    topic = make.topic(state=TopicState.accepted)
    db.session.commit()
    data = {"topic_id": str(topic.id), "quarter": "1", "form": "biweekly",
            "lead_committee_id": "0"}
    data.update(change)
    response = client.post(f"/consultation/plans/{plan.id}/items", data=data)
    assert response.status_code == 422
    assert message in page_text(response)
    assert _count(PlanItem) == 0


def test_topic_outside_the_catalogue_or_twice_is_refused(auth, make):
    client, _staff = auth.as_role("secretariat")
    plan = _plan(make, topics=1)
    suggested = make.topic(state=TopicState.suggested)
    db.session.commit()
    for topic_id in (suggested.id, plan.items[0].topic_id):
        response = client.post(f"/consultation/plans/{plan.id}/items", data={
            "topic_id": str(topic_id), "quarter": "1", "form": "biweekly",
            "lead_committee_id": "0"})
        assert response.status_code == 422
    assert _count(PlanItem) == 1


PLAN_TRANSITIONS = [
    ("submit", PlanState.draft, PlanState.submitted, "secretariat"),
    ("send_back", PlanState.submitted, PlanState.draft, "leader"),
    ("approve", PlanState.submitted, PlanState.approved, "leader"),
    ("publish", PlanState.approved, PlanState.published, "secretariat"),
    ("revise", PlanState.published, PlanState.draft, "secretariat"),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action, source, target, allowed", PLAN_TRANSITIONS)
def test_plan_transitions_per_role(auth, make, role, action, source, target, allowed):
    client, _user = auth.as_role(role)
    plan = _plan(make, state=source)
    if source == PlanState.published:
        from deliberate.consultation.models_plan import PlanVersion

        plan.versions.append(PlanVersion(number=1, title=plan.title, items=[],
                                         published_by_id=make.staff.id))
    db.session.commit()
    response = client.post(f"/consultation/plans/{plan.id}/act/{action}",
                           data={"reason": "调整第三季度议题"})
    db.session.expire_all()
    if role == allowed:
        assert response.status_code == 302
        assert plan.state == target
    else:
        visible = role in ("admin", "secretariat") or (
            role == "leader" and source != PlanState.draft) or source == PlanState.published
        assert response.status_code == (403 if visible else 404)
        assert plan.state == source


def test_empty_plan_cannot_be_submitted(auth, make):
    client, _staff = auth.as_role("secretariat")
    plan = _plan(make, topics=0)
    db.session.commit()
    response = client.post(f"/consultation/plans/{plan.id}/act/submit")
    assert response.status_code == 409
    assert "还没有议题" in page_text(response)


def test_publishing_and_revising_keeps_versions(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    leader_client, _leader = auth.as_role("leader")
    member = factory.user(role="member")
    plan = _plan(make, topics=2)
    db.session.commit()
    assert client.post(f"/consultation/plans/{plan.id}/act/submit").status_code == 302
    assert leader_client.post(f"/consultation/plans/{plan.id}/act/approve").status_code == 302
    assert client.post(f"/consultation/plans/{plan.id}/act/publish").status_code == 302
    db.session.expire_all()
    assert [v.number for v in plan.versions] == [1]
    assert db.session.scalar(select(Notification).where(Notification.user_id == member.id))
    # A published plan does not change in place.
    extra = make.topic(state=TopicState.accepted, title="新增议题")
    db.session.commit()
    item_data = {"topic_id": str(extra.id), "quarter": "3", "form": "sector",
                 "lead_committee_id": "0"}
    response = client.post(f"/consultation/plans/{plan.id}/items", data=item_data)
    assert response.status_code == 409
    assert "修订" in page_text(response)
    response = client.post(f"/consultation/plans/{plan.id}/items/{plan.items[0].id}/delete")
    assert response.status_code == 409
    # Revising needs a reason and goes through approval again.
    assert client.post(f"/consultation/plans/{plan.id}/act/revise",
                       data={"reason": ""}).status_code == 422
    assert client.post(f"/consultation/plans/{plan.id}/act/revise",
                       data={"reason": "区委新增点题"}).status_code == 302
    assert client.post(f"/consultation/plans/{plan.id}/items", data=item_data).status_code == 302
    # Meanwhile members still read version 1.
    member_client = auth.client_for(member)
    response = member_client.get(f"/consultation/plans/{plan.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/versions/1")
    page = page_text(member_client.get(response.headers["Location"]))
    assert "计划议题0" in page and "新增议题" not in page
    assert client.post(f"/consultation/plans/{plan.id}/act/submit").status_code == 302
    assert leader_client.post(f"/consultation/plans/{plan.id}/act/approve").status_code == 302
    assert client.post(f"/consultation/plans/{plan.id}/act/publish").status_code == 302
    db.session.expire_all()
    assert [v.number for v in plan.versions] == [1, 2]
    assert plan.versions[1].reason == "区委新增点题" and plan.revision_reason == ""
    page = page_text(member_client.get(f"/consultation/plans/{plan.id}/versions/2"))
    assert "新增议题" in page and "区委新增点题" in page
    assert member_client.get(f"/consultation/plans/{plan.id}/versions/9").status_code == 404


def test_unpublished_plan_stays_inside(auth, make):
    plan = _plan(make, state=PlanState.submitted)
    db.session.commit()
    member_client, _member = auth.as_role("member")
    assert member_client.get(f"/consultation/plans/{plan.id}").status_code == 404
    assert "2027年度协商计划" not in page_text(member_client.get("/consultation/plans"))
    leader_client, _leader = auth.as_role("leader")
    assert leader_client.get(f"/consultation/plans/{plan.id}").status_code == 200


def test_plan_list_query_count_is_constant(auth, make):
    client, _staff = auth.as_role("secretariat")
    _plan(make, year=2020)
    db.session.commit()
    with count_queries() as few:
        client.get("/consultation/plans")
    for year in range(2021, 2030):
        _plan(make, year=year)
    db.session.commit()
    with count_queries() as many:
        assert client.get("/consultation/plans").status_code == 200
    assert many["n"] == few["n"]
