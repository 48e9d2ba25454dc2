from __future__ import annotations

import pytest
from sqlalchemy import func, select

from deliberate.consultation.models import (
    ConsultationResult,
    ResultKind,
    Topic,
    TopicChannel,
    TopicState,
)
from deliberate.core.events import Event
from deliberate.core.notify import Notification
from deliberate.extensions import db
from tests.consultation.conftest import count_queries, page_text

ROLES = ["admin", "secretariat", "leader", "member", "unit_staff"]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_member_suggests_a_topic_and_the_secretariat_hears_of_it(auth, factory):
    staff = factory.user(role="secretariat")
    client, member = auth.as_role("member")
    response = client.post("/consultation/topics/new", data={
        "title": "加强社区养老服务", "channel": "party_government",
        "background": "老龄化加快", "feasibility_note": "可协商"})
    assert response.status_code == 302
    topic = db.session.scalar(select(Topic))
    # A member's suggestion always comes through the members' channel, as its proposer.
    assert topic.channel == TopicChannel.members and topic.proposer_id == member.id
    assert topic.state == TopicState.suggested
    assert db.session.scalar(select(Notification).where(Notification.user_id == staff.id))
    page = page_text(client.get(response.headers["Location"]))
    assert "加强社区养老服务" in page and "已建议" in page


def test_secretariat_enters_a_topic_from_any_channel(auth):
    client, _staff = auth.as_role("secretariat")
    response = client.post("/consultation/topics/new", data={
        "title": "十四五规划编制", "channel": "party_government", "proposer_name": "区委办",
        "background": "规划编制", "research_notes": "已走访三个街道"})
    assert response.status_code == 302
    topic = db.session.scalar(select(Topic))
    assert topic.channel == TopicChannel.party_government
    assert topic.proposer_label == "区委办" and topic.research_notes == "已走访三个街道"


@pytest.mark.parametrize("data, message", [
    ({"title": "", "channel": "members", "background": "x"}, "必填"),
    ({"title": "题" * 201, "channel": "members", "background": "x"}, "200"),
    ({"title": "题", "channel": "nonsense", "background": "x"}, ""),
    ({"title": "题", "channel": "members", "background": ""}, "必填"),
])
def test_bad_topic_input_writes_nothing(auth, data, message):
    client, _staff = auth.as_role("secretariat")
    response = client.post("/consultation/topics/new", data=data)
    assert response.status_code == 400
    assert message in page_text(response)
    assert _count(Topic) == 0


@pytest.mark.parametrize("role", ["unit_staff", "leader", "admin"])
def test_only_members_and_secretariat_enter_topics(auth, role):
    client, _user = auth.as_role(role)
    response = client.post("/consultation/topics/new", data={
        "title": "题", "channel": "members", "background": "x"})
    assert response.status_code == 403
    assert _count(Topic) == 0


TRANSITIONS = [
    ("study", TopicState.suggested, TopicState.under_study),
    ("accept", TopicState.suggested, TopicState.accepted),
    ("accept", TopicState.under_study, TopicState.accepted),
    ("decline", TopicState.under_study, TopicState.declined),
    ("schedule", TopicState.accepted, TopicState.scheduled),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action, source, target", TRANSITIONS)
def test_topic_transitions_per_role(auth, make, role, action, source, target):
    client, user = auth.as_role(role)
    topic = make.topic(state=source, proposer=user if role == "member" else None)
    db.session.commit()
    response = client.post(f"/consultation/topics/{topic.id}/act/{action}",
                           data={"reason": "不属于协商范围"})
    db.session.expire_all()
    if role == "secretariat":
        assert response.status_code == 302
        assert topic.state == target
        ev = db.session.scalar(select(Event).where(Event.object_type == "topic",
                                                   Event.action == action))
        assert ev.from_state == source.value and ev.to_state == target.value
    elif role == "unit_staff" and source in (TopicState.suggested, TopicState.under_study):
        # Candidates are not shown outside the body: the unit does not learn they exist.
        assert response.status_code == 404
        assert topic.state == source
    else:
        assert response.status_code == 403
        assert "无权" in page_text(response)
        assert topic.state == source


@pytest.mark.parametrize("action, source", [
    ("accept", TopicState.declined), ("study", TopicState.accepted),
    ("schedule", TopicState.suggested), ("close", TopicState.suggested),
    ("decline", TopicState.closed),
])
def test_topic_action_in_wrong_state_is_refused(auth, make, action, source):
    client, _staff = auth.as_role("secretariat")
    topic = make.topic(state=source)
    db.session.commit()
    response = client.post(f"/consultation/topics/{topic.id}/act/{action}",
                           data={"reason": "原因"})
    assert response.status_code == 409
    assert "不能" in page_text(response) or "不可" in page_text(response)
    db.session.expire_all()
    assert topic.state == source


def test_decline_needs_a_reason_and_tells_the_proposer(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    member = factory.user(role="member")
    topic = make.topic(proposer=member)
    db.session.commit()
    response = client.post(f"/consultation/topics/{topic.id}/act/decline", data={"reason": ""})
    assert response.status_code == 422
    db.session.expire_all()
    assert topic.state == TopicState.suggested
    response = client.post(f"/consultation/topics/{topic.id}/act/decline",
                           data={"reason": "涉及个案，不适合协商"})
    assert response.status_code == 302
    db.session.expire_all()
    assert topic.state == TopicState.declined and topic.decline_reason == "涉及个案，不适合协商"
    note = db.session.scalar(select(Notification).where(Notification.user_id == member.id))
    assert "未被采纳" in note.subject or "不予" in note.subject


def test_unknown_action_is_refused(auth, make):
    client, _staff = auth.as_role("secretariat")
    topic = make.topic()
    db.session.commit()
    response = client.post(f"/consultation/topics/{topic.id}/act/explode")
    assert response.status_code == 409


def test_closing_a_topic_without_a_result_is_refused(auth, make):
    """一议一成: no result, no closing; a clear message and nothing written."""
    client, _staff = auth.as_role("secretariat")
    topic = make.topic(state=TopicState.scheduled)
    db.session.commit()
    events_before = _count(Event)
    response = client.post(f"/consultation/topics/{topic.id}/act/close")
    assert response.status_code == 409
    assert "成果" in page_text(response)
    db.session.expire_all()
    assert topic.state == TopicState.scheduled
    assert _count(Event) == events_before


def test_closing_a_topic_with_a_result(auth, make):
    client, _staff = auth.as_role("secretariat")
    topic = make.topic(state=TopicState.scheduled)
    db.session.commit()
    response = client.post(f"/consultation/topics/{topic.id}/results/new", data={
        "kind": "recommendation", "title": "关于提升基层社会治理水平的建议案",
        "recipients": "区委、区政府", "sent_on": "2026-10-12", "meeting_id": "0"})
    assert response.status_code == 302
    response = client.post(f"/consultation/topics/{topic.id}/act/close")
    assert response.status_code == 302
    db.session.expire_all()
    assert topic.state == TopicState.closed
    page = page_text(client.get(f"/consultation/topics/{topic.id}"))
    assert "关于提升基层社会治理水平的建议案" in page and "建议案" in page


@pytest.mark.parametrize("role, state, status", [
    ("member", TopicState.scheduled, 403),
    ("leader", TopicState.scheduled, 403),
    ("secretariat", TopicState.declined, 409),
    ("secretariat", TopicState.suggested, 409),
])
def test_recording_a_result_is_refused(auth, make, role, state, status):
    client, _user = auth.as_role(role)
    topic = make.topic(state=state)
    db.session.commit()
    response = client.post(f"/consultation/topics/{topic.id}/results/new", data={
        "kind": "opinion", "title": "意见", "meeting_id": "0"})
    assert response.status_code == status
    assert _count(ConsultationResult) == 0


def test_result_for_a_meeting_of_another_topic_is_refused(auth, make):
    client, _staff = auth.as_role("secretariat")
    topic = make.topic(state=TopicState.scheduled)
    other = make.topic(state=TopicState.scheduled, title="另一议题")
    meeting = make.meeting(topic=other)
    db.session.commit()
    response = client.post(f"/consultation/topics/{topic.id}/results/new", data={
        "kind": "opinion", "title": "意见", "meeting_id": str(meeting.id)})
    assert response.status_code == 422
    assert "不属于" in page_text(response)
    assert _count(ConsultationResult) == 0


def test_result_kind_and_title_are_checked(auth, make):
    client, _staff = auth.as_role("secretariat")
    topic = make.topic(state=TopicState.accepted)
    db.session.commit()
    response = client.post(f"/consultation/topics/{topic.id}/results/new", data={
        "kind": "bogus", "title": "", "meeting_id": "0"})
    assert response.status_code == 400
    assert _count(ConsultationResult) == 0


def test_members_see_the_catalogue_and_their_own_suggestions(auth, make, factory):
    client, member = auth.as_role("member")
    other = factory.user(role="member")
    mine = make.topic(proposer=member, title="我的建议议题")
    theirs = make.topic(proposer=other, title="别人的建议议题")
    declined = make.topic(state=TopicState.declined, title="不予采纳的议题")
    catalogue = make.topic(state=TopicState.accepted, title="目录中的议题")
    db.session.commit()
    page = page_text(client.get("/consultation/topics"))
    assert "我的建议议题" in page and "目录中的议题" in page
    assert "别人的建议议题" not in page and "不予采纳的议题" not in page
    assert client.get(f"/consultation/topics/{theirs.id}").status_code == 404
    assert client.get(f"/consultation/topics/{declined.id}").status_code == 404
    assert client.get(f"/consultation/topics/{mine.id}").status_code == 200
    assert client.get(f"/consultation/topics/{catalogue.id}").status_code == 200


def test_member_edits_own_suggestion_only_while_suggested(auth, make):
    client, member = auth.as_role("member")
    topic = make.topic(proposer=member, channel=TopicChannel.members)
    accepted = make.topic(proposer=member, state=TopicState.accepted)
    db.session.commit()
    response = client.post(f"/consultation/topics/{topic.id}/edit", data={
        "title": "改过的题目", "channel": "party_government", "background": "新背景"})
    assert response.status_code == 302
    db.session.expire_all()
    assert topic.title == "改过的题目" and topic.channel == TopicChannel.members
    response = client.post(f"/consultation/topics/{accepted.id}/edit", data={
        "title": "改", "channel": "members", "background": "x"})
    assert response.status_code == 403


def test_topic_page_shows_its_chain(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    topic = make.topic(state=TopicState.scheduled)
    member = factory.user(role="member", display_name="李明")
    meeting = make.meeting(topic=topic, title="专题议政性常委会议", invite=[member])
    from deliberate.consultation.models import SpeechState

    make.speech(meeting, member, state=SpeechState.adopted, title="发挥网格化作用")
    db.session.add(ConsultationResult(topic=topic, kind=ResultKind.special_report,
                                      title="协商专报第3期", recorded_by_id=make.staff.id))
    db.session.commit()
    page = page_text(client.get(f"/consultation/topics/{topic.id}"))
    for text in ("专题议政性常委会议", "发挥网格化作用", "李明", "协商专报第3期", "timeline"):
        assert text in page


def test_topic_list_query_count_is_constant(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    for n in range(3):
        make.topic(proposer=factory.user(role="member"), title=f"议题{n}")
    db.session.commit()
    with count_queries() as few:
        client.get("/consultation/topics")
    for n in range(12):
        make.topic(proposer=factory.user(role="member"), title=f"更多议题{n}")
    db.session.commit()
    with count_queries() as many:
        assert client.get("/consultation/topics").status_code == 200
    assert many["n"] == few["n"]
