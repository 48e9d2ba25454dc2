from __future__ import annotations

from sqlalchemy import func, select

from deliberate.auth.models import User
from deliberate.consultation import demo
from deliberate.consultation.models import (
    ConsultationResult,
    Meeting,
    MeetingState,
    Speech,
    Topic,
    TopicState,
)
from deliberate.consultation.models_minutes import Minutes, MinutesState
from deliberate.demo.seed import seed_directory
from deliberate.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.consultation.conftest import page_text


def test_demo_carries_a_full_chain_and_is_idempotent(app, auth):
    seed_directory()
    created = demo.seed_demo()
    db.session.commit()
    assert created > 0
    assert demo.seed_demo() == 0
    topic = db.session.scalar(select(Topic).where(Topic.title == demo.GOVERNANCE))
    assert topic.state == TopicState.closed
    held = db.session.scalar(select(Meeting).where(Meeting.topic_id == topic.id))
    assert held.state == MeetingState.held
    assert db.session.scalar(select(func.count(Speech.id)).where(
        Speech.meeting_id == held.id)) == 6
    assert db.session.scalar(select(Minutes)).state == MinutesState.issued
    result = db.session.scalar(select(ConsultationResult))
    assert result.follow_ups and not result.is_closed
    member = db.session.scalar(select(User).where(User.username == "dinghuimin"))
    member.set_password(TEST_PASSWORD)
    member.must_change_password = False
    db.session.commit()
    client = auth.client_for(member)
    page = page_text(client.get(f"/consultation/topics/{topic.id}"))
    assert "把社区“第一书记”下沉制度化常态化" in page and "建议案" in page
    assert client.get(f"/consultation/meetings/{held.id}").status_code == 200
    assert client.get("/consultation/plans").status_code == 200
    page = page_text(client.get("/consultation/visits"))
    assert "江堤街“协商在基层”选题调研" in page


def test_demo_documents_are_issued_and_downloadable(app, auth):
    from deliberate.consultation.models_plan import ConsultationPlan
    from deliberate.documents.models import IssuedDocument

    seed_directory()
    demo.seed_demo()
    db.session.commit()
    issued = {d.kind: d for d in db.session.scalars(select(IssuedDocument))}
    assert {"minutes", "plan", "notice"} <= set(issued)
    member = db.session.scalar(select(User).where(User.username == "dinghuimin"))
    member.set_password(TEST_PASSWORD)
    member.must_change_password = False
    db.session.commit()
    client = auth.client_for(member)
    minutes = db.session.scalar(select(Minutes))
    plan = db.session.scalar(select(ConsultationPlan))
    for kind, obj in (("minutes", minutes), ("plan", plan)):
        response = client.get(f"/documents/{kind}/{obj.id}.pdf")
        assert response.status_code == 200
        assert response.get_data() == issued[kind].file.data
    assert 'data-testid="pdf-minutes"' in page_text(
        client.get(f"/consultation/minutes/{minutes.id}"))
