"""Topics, meetings and the minutes' PDF through the API, with the consultation domain's
visibility: a member sees the catalogue and the meetings they are invited to; issued minutes
are served as their stored bytes, other states only to the secretariat."""

from __future__ import annotations

from datetime import timedelta

import pytest

from deliberate.consultation.models import MeetingState, TopicState
from deliberate.consultation.models_minutes import Minutes, MinutesRevision, MinutesState
from deliberate.core.files import store_file
from deliberate.core.types import utcnow
from deliberate.documents.models import IssuedDocument
from deliberate.documents.registry import get_kind
from deliberate.extensions import db
from tests.api.test_proposal_lifecycle import conforms
from tests.consultation.conftest import make  # noqa: F401  (the fixture)

ISSUED_BYTES = b"%PDF-1.7\n% issued minutes, kept byte for byte\n%%EOF\n"


@pytest.fixture
def minutes_kind():
    """Registered by the consultation domain (issued per revision)."""
    kind = get_kind("minutes")
    assert kind is not None
    return kind


@pytest.fixture
def body(make, api):  # noqa: F811
    member, member_h = api.as_role("member")
    stranger, stranger_h = api.as_role("member")
    _staff, staff_h = api.as_role("secretariat")
    catalogue = make.topic(TopicState.accepted, title="基层社会治理")
    suggested = make.topic(TopicState.suggested, title="别人的建议")
    own = make.topic(TopicState.suggested, proposer=member, title="我的建议")
    held = make.meeting(MeetingState.held, start_in=-timedelta(days=3),
                        invite=[member], topic=catalogue)
    draft = make.meeting(MeetingState.draft)
    db.session.commit()
    return {"member": member_h, "stranger": stranger_h, "staff": staff_h,
            "catalogue": catalogue, "suggested": suggested, "own": own, "held": held,
            "draft": draft}


def _minutes(meeting, state) -> Minutes:
    m = Minutes(meeting=meeting, title="专题协商会纪要", body="会议纪要正文", state=state,
                created_by_id=meeting.created_by_id,
                issued_at=utcnow() if state == MinutesState.issued else None)
    m.revisions.append(MinutesRevision(number=1, title=m.title, body=m.body,
                                       author_id=meeting.created_by_id))
    db.session.add(m)
    db.session.flush()
    return m


def test_topics_as_members_and_secretariat_see_them(client, body):
    ids = {t["id"] for t in client.get("/api/v1/topics", headers=body["member"])
           .get_json()["items"]}
    assert ids == {body["catalogue"].id, body["own"].id}
    staff = client.get("/api/v1/topics?state=suggested", headers=body["staff"]).get_json()
    assert {t["id"] for t in staff["items"]} == {body["suggested"].id, body["own"].id}
    assert client.get(f"/api/v1/topics/{body['suggested'].id}",
                      headers=body["member"]).status_code == 404
    detail = client.get(f"/api/v1/topics/{body['catalogue'].id}",
                        headers=body["member"]).get_json()
    assert detail["state"] == "accepted" and detail["state_label"]
    assert [m["id"] for m in detail["meetings"]] == [body["held"].id]
    conforms("TopicDetail", detail)
    for item in staff["items"]:
        conforms("Topic", item)
    assert client.get("/api/v1/topics?channel=moon", headers=body["member"]).status_code == 422


def test_meetings_as_invited_members_and_secretariat_see_them(client, body):
    mine = client.get("/api/v1/meetings", headers=body["member"]).get_json()
    assert [m["id"] for m in mine["items"]] == [body["held"].id]
    assert client.get("/api/v1/meetings", headers=body["stranger"]).get_json()["total"] == 0
    assert client.get(f"/api/v1/meetings/{body['held'].id}",
                      headers=body["stranger"]).status_code == 404
    assert client.get(f"/api/v1/meetings/{body['draft'].id}",
                      headers=body["member"]).status_code == 404
    staff = client.get("/api/v1/meetings?state=draft", headers=body["staff"]).get_json()
    assert [m["id"] for m in staff["items"]] == [body["draft"].id]
    detail = client.get(f"/api/v1/meetings/{body['held'].id}",
                        headers=body["member"]).get_json()
    assert detail["topic"]["id"] == body["catalogue"].id and detail["minutes"] is None
    assert detail["starts_at"].endswith("+00:00")
    assert "checkin_code" not in detail


def test_issued_minutes_are_their_stored_bytes(client, body, minutes_kind):
    minutes = _minutes(body["held"], MinutesState.issued)
    stored = store_file(ISSUED_BYTES, "纪要.pdf", "application/pdf")
    db.session.add(IssuedDocument(kind="minutes", object_id=minutes_kind.object_id(minutes),
                                  file=stored, sha256=stored.sha256))
    db.session.commit()
    url = f"/api/v1/meetings/{body['held'].id}/minutes.pdf"
    r = client.get(url, headers=body["member"])
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.data == ISSUED_BYTES
    assert r.headers["X-Content-SHA256"] == stored.sha256
    detail = client.get(f"/api/v1/meetings/{body['held'].id}",
                        headers=body["member"]).get_json()
    assert detail["minutes"]["state"] == "issued" and detail["minutes"]["pdf_url"].endswith(url)
    conforms("MeetingDetail", detail)
    for item in client.get("/api/v1/meetings", headers=body["staff"]).get_json()["items"]:
        conforms("Meeting", item)
    # Someone who may not see the meeting learns nothing.
    assert client.get(url, headers=body["stranger"]).status_code == 404


def test_unissued_minutes_only_for_the_secretariat(client, body, minutes_kind):
    _minutes(body["held"], MinutesState.under_review)
    db.session.commit()
    url = f"/api/v1/meetings/{body['held'].id}/minutes.pdf"
    r = client.get(url, headers=body["member"])
    assert r.status_code == 404 and r.mimetype == "application/json"
    detail = client.get(f"/api/v1/meetings/{body['held'].id}",
                        headers=body["member"]).get_json()
    assert detail["minutes"]["state"] == "under_review" and detail["minutes"]["pdf_url"] is None
    r = client.get(url, headers=body["staff"])
    assert r.status_code == 200 and r.data.startswith(b"%PDF-")


def test_no_minutes_is_404(client, body, minutes_kind):
    r = client.get(f"/api/v1/meetings/{body['held'].id}/minutes.pdf", headers=body["staff"])
    assert r.status_code == 404
