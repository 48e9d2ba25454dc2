"""A member turns one of their registered proposals into a topic suggestion."""

from __future__ import annotations

from sqlalchemy import select

from deliberate.consultation.models import Topic, TopicChannel, TopicState
from deliberate.core.events import Event
from deliberate.extensions import db
from tests.consultation.conftest import page_text
from tests.proposals.conftest import to_state, world  # noqa: F401  (fixture)


def test_member_suggests_a_topic_from_a_registered_proposal(auth, world):  # noqa: F811
    proposal = to_state(world, "registered", with_cosigner=False)
    draft = to_state(world, "submitted", with_cosigner=False)
    client = auth.client_for(world.member)
    page = page_text(client.get("/consultation/topics/new"))
    assert proposal.title in page and f"proposal={proposal.id}" in page
    assert f"proposal={draft.id}" not in page  # only registered proposals qualify
    page = page_text(client.get(f"/consultation/topics/new?proposal={proposal.id}"))
    assert "六盘山地区水源涵养功能下降" in page
    response = client.post("/consultation/topics/new", data={
        "proposal": str(proposal.id), "title": proposal.title, "channel": "members",
        "background": "六盘山地区水源涵养功能下降。"})
    assert response.status_code == 302
    topic = db.session.scalar(select(Topic))
    assert topic.channel == TopicChannel.proposals and topic.proposer_id == world.member.id
    assert topic.state == TopicState.suggested
    assert proposal.number_label in topic.proposer_label
    ev = db.session.scalar(select(Event).where(Event.object_type == "topic"))
    assert ev.data == {"proposal_id": proposal.id}


def test_someone_elses_or_unregistered_proposal_is_refused(auth, world):  # noqa: F811
    registered = to_state(world, "registered", with_cosigner=False)
    submitted = to_state(world, "submitted", with_cosigner=False)
    other = auth.client_for(world.other_member)
    assert other.get(f"/consultation/topics/new?proposal={registered.id}").status_code == 404
    assert other.post("/consultation/topics/new", data={
        "proposal": str(registered.id), "title": "x", "channel": "members",
        "background": "x"}).status_code == 404
    mine = auth.client_for(world.member)
    assert mine.get(f"/consultation/topics/new?proposal={submitted.id}").status_code == 404
    assert mine.get("/consultation/topics/new?proposal=abc").status_code == 404
    assert db.session.scalar(select(Topic)) is None
