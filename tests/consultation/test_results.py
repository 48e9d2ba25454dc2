from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from deliberate.consultation.models import (
    Adoption,
    ConsultationResult,
    ResultKind,
    TopicState,
)
from deliberate.consultation.models_results import FollowUpEntry, LeaderInstruction
from deliberate.consultation.queries import results_board
from deliberate.core.dates import today
from deliberate.extensions import db
from tests.consultation.conftest import page_text


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _result(make, topic=None, **kw) -> ConsultationResult:
    topic = topic or make.topic(state=TopicState.scheduled)
    result = ConsultationResult(topic=topic, kind=kw.pop("kind", ResultKind.recommendation),
                                title=kw.pop("title", "关于提升基层治理水平的建议案"),
                                recorded_by_id=make.staff.id, **kw)
    db.session.add(result)
    db.session.flush()
    return result


def test_result_follow_up_until_closed(auth, make):
    client, _staff = auth.as_role("secretariat")
    result = _result(make)
    db.session.commit()
    url = f"/consultation/results/{result.id}"
    assert client.post(f"{url}/instructions", data={
        "leader": "区委书记", "given_on": "2026-10-20", "text": "请区政府认真研究吸纳"}
    ).status_code == 302
    # Closing before the adoption is known is refused.
    response = client.post(f"{url}/follow-ups", data={
        "entry_on": "2026-11-01", "progress": "已落实", "close": "y"})
    assert response.status_code == 422
    assert "采纳情况" in page_text(response)
    assert _count(FollowUpEntry) == 0
    assert client.post(f"{url}/adoption", data={"adoption": "partly",
                                                "note": "三条建议采纳两条"}).status_code == 302
    assert client.post(f"{url}/follow-ups", data={
        "entry_on": "2026-11-01", "progress": "区民政局制定实施方案"}).status_code == 302
    assert client.post(f"{url}/follow-ups", data={
        "entry_on": "2026-11-20", "progress": "方案已实施", "close": "y"}).status_code == 302
    db.session.expire_all()
    assert result.is_closed and result.adoption == Adoption.partly
    page = page_text(client.get(url))
    assert "区委书记" in page and "部分采纳" in page and "方案已实施" in page
    # A closed result takes no more entries.
    response = client.post(f"{url}/follow-ups", data={"entry_on": "2026-12-01",
                                                      "progress": "补记"})
    assert response.status_code == 409
    assert _count(FollowUpEntry) == 2


@pytest.mark.parametrize("path, data", [
    ("instructions", {"leader": "", "given_on": "2026-10-20", "text": "x"}),
    ("instructions", {"leader": "区长", "given_on": "yesterday", "text": "x"}),
    ("adoption", {"adoption": "maybe"}),
    ("follow-ups", {"entry_on": "", "progress": "x"}),
    ("follow-ups", {"entry_on": "2026-11-01", "progress": ""}),
])
def test_bad_follow_up_input(auth, make, path, data):
    client, _staff = auth.as_role("secretariat")
    result = _result(make)
    db.session.commit()
    response = client.post(f"/consultation/results/{result.id}/{path}", data=data)
    assert response.status_code == 422
    db.session.expire_all()
    assert _count(LeaderInstruction) == 0 and _count(FollowUpEntry) == 0
    assert result.adoption == Adoption.pending


@pytest.mark.parametrize("role", ["leader", "admin", "member"])
def test_only_the_secretariat_records_follow_up(auth, make, role):
    client, _user = auth.as_role(role)
    result = _result(make)
    db.session.commit()
    response = client.post(f"/consultation/results/{result.id}/adoption",
                           data={"adoption": "adopted"})
    assert response.status_code == 403
    db.session.expire_all()
    assert result.adoption == Adoption.pending


def test_results_board(auth, make):
    client, _staff = auth.as_role("secretariat")
    topic = make.topic(state=TopicState.scheduled)
    overdue = _result(make, topic, title="逾期成果", follow_up_due=today() - timedelta(days=3))
    _result(make, topic, title="未到期成果", follow_up_due=today() + timedelta(days=30))
    _result(make, topic, title="已采纳", adoption=Adoption.adopted, sent_on=date(2025, 5, 1))
    _result(make, topic, title="未采纳", adoption=Adoption.not_adopted,
            sent_on=date(2025, 6, 1))
    _result(make, topic, title="部分采纳", adoption=Adoption.partly, sent_on=date(2025, 7, 1),
            closed_at=make.staff.created_at)
    _result(make, topic, title="待反馈", sent_on=date(2025, 8, 1))
    db.session.commit()
    board = results_board()
    assert [r.title for r in board["overdue"]] == ["逾期成果"]
    assert "部分采纳" not in [r.title for r in board["open"]]
    rate_2025 = next(y for y in board["rates"] if y.year == 2025)
    assert (rate_2025.results, rate_2025.decided, rate_2025.adopted) == (4, 3, 2)
    page = page_text(client.get("/consultation/results"))
    assert "逾期成果" in page and "67%" in page
    assert overdue.title in page


@pytest.mark.parametrize("role, status", [("leader", 200), ("admin", 200), ("member", 403),
                                          ("unit_staff", 403)])
def test_results_board_roles(auth, role, status):
    client, _user = auth.as_role(role)
    assert client.get("/consultation/results").status_code == status


def test_members_see_results_of_visible_topics_only(auth, make):
    client, _member = auth.as_role("member")
    visible = _result(make, make.topic(state=TopicState.closed))
    hidden = _result(make, make.topic(state=TopicState.suggested, title="候选"))
    db.session.commit()
    assert client.get(f"/consultation/results/{visible.id}").status_code == 200
    assert client.get(f"/consultation/results/{hidden.id}").status_code == 404
