from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from deliberate.consultation.models import (
    MeetingState,
    Speech,
    SpeechMode,
    SpeechResponse,
    SpeechState,
)
from deliberate.core.notify import Notification
from deliberate.extensions import db
from tests.consultation.conftest import count_queries, page_text

ROLES = ["admin", "secretariat", "leader", "member", "unit_staff"]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _speech_form(**kw) -> dict:
    data = {"title": "推进网格化治理的几点建议", "body": "## 情况\n\n正文", "mode": "oral",
            "kind": "theme", "minutes": "6", "on_behalf_of": "", "reader": "",
            "submit": "1"}
    data.update(kw)
    return data


def test_member_submits_a_speech(auth, make, factory):
    staff = factory.user(role="secretariat")
    client, member = auth.as_role("member")
    meeting = make.meeting(invite=[member])
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/speeches/new",
                           data=_speech_form())
    assert response.status_code == 302
    speech = db.session.scalar(select(Speech))
    assert speech.state == SpeechState.submitted and speech.author_id == member.id
    assert speech.minutes == 6 and speech.mode == SpeechMode.oral
    note = db.session.scalar(select(Notification).where(Notification.user_id == staff.id))
    assert "推进网格化治理的几点建议" in note.subject
    page = page_text(client.get(response.headers["Location"]))
    assert "推进网格化治理的几点建议" in page and "<h2>情况</h2>" in page


def test_member_saves_a_draft_then_submits(auth, make):
    client, member = auth.as_role("member")
    meeting = make.meeting(invite=[member])
    db.session.commit()
    data = _speech_form(mode="written", minutes="")
    data.pop("submit")
    data["save"] = "1"
    response = client.post(f"/consultation/meetings/{meeting.id}/speeches/new", data=data)
    assert response.status_code == 302
    speech = db.session.scalar(select(Speech))
    assert speech.state == SpeechState.draft and speech.minutes is None
    response = client.post(f"/consultation/speeches/{speech.id}/act/submit")
    assert response.status_code == 302
    db.session.expire_all()
    assert speech.state == SpeechState.submitted


def test_party_speech_needs_a_reader(auth, make):
    client, member = auth.as_role("member")
    meeting = make.meeting(invite=[member])
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/speeches/new",
                           data=_speech_form(on_behalf_of="民盟区委会"))
    assert response.status_code == 422
    assert "宣读人" in page_text(response)
    assert _count(Speech) == 0
    response = client.post(f"/consultation/meetings/{meeting.id}/speeches/new",
                           data=_speech_form(on_behalf_of="民盟区委会", reader="陈丽"))
    assert response.status_code == 302
    assert db.session.scalar(select(Speech)).speaker_label == "民盟区委会（陈丽）"


@pytest.mark.parametrize("change, status, message", [
    ({"minutes": "9"}, 422, "不得超过8分钟"),
    ({"minutes": ""}, 422, "预计时长"),
    ({"minutes": "abc"}, 400, ""),
    ({"title": ""}, 400, "必填"),
    ({"title": "题" * 201}, 400, "200"),
    ({"body": ""}, 400, "必填"),
    ({"body": "字" * 20001}, 400, "20000"),
    ({"mode": "sung"}, 400, ""),
    ({"kind": "toast"}, 400, ""),
])
def test_bad_speech_input_writes_nothing(auth, make, change, status, message):
    client, member = auth.as_role("member")
    meeting = make.meeting(invite=[member])
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/speeches/new",
                           data=_speech_form(**change))
    assert response.status_code == status
    assert message in page_text(response)
    assert _count(Speech) == 0


def test_oral_limit_is_configurable(auth, make, app):
    app.config["CONSULTATION_MAX_ORAL_MINUTES"] = 10
    client, member = auth.as_role("member")
    meeting = make.meeting(invite=[member])
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/speeches/new",
                           data=_speech_form(minutes="9"))
    assert response.status_code == 302


@pytest.mark.parametrize("state, start_in", [
    (MeetingState.held, -timedelta(days=3)),
    (MeetingState.scheduled, -timedelta(hours=1)),
])
def test_speech_for_a_meeting_already_held_is_refused(auth, make, state, start_in):
    client, member = auth.as_role("member")
    meeting = make.meeting(state=state, start_in=start_in, invite=[member])
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/speeches/new",
                           data=_speech_form())
    assert response.status_code == 409
    assert "会议已经召开" in page_text(response)
    assert _count(Speech) == 0


def test_resubmitting_after_the_meeting_is_refused(auth, make):
    client, member = auth.as_role("member")
    meeting = make.meeting(state=MeetingState.held, start_in=-timedelta(days=1),
                           invite=[member])
    speech = make.speech(meeting, member, state=SpeechState.returned)
    db.session.commit()
    response = client.post(f"/consultation/speeches/{speech.id}/act/submit")
    assert response.status_code == 409
    db.session.expire_all()
    assert speech.state == SpeechState.returned


def test_uninvited_member_cannot_submit(auth, make, factory):
    client, _member = auth.as_role("member")
    meeting = make.meeting(invite=[factory.user(role="member")])
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/speeches/new",
                           data=_speech_form())
    assert response.status_code == 404
    assert _count(Speech) == 0


@pytest.mark.parametrize("role", ["secretariat", "leader", "admin"])
def test_only_members_submit_speeches(auth, make, role):
    client, user = auth.as_role(role)
    meeting = make.meeting()
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/speeches/new",
                           data=_speech_form())
    assert response.status_code == 403
    assert _count(Speech) == 0


REVIEW = [
    ("adopt", SpeechState.submitted, SpeechState.adopted),
    ("return", SpeechState.submitted, SpeechState.returned),
    ("redirect", SpeechState.submitted, SpeechState.redirected),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action, source, target", REVIEW)
def test_review_transitions_per_role(auth, make, factory, role, action, source, target):
    client, user = auth.as_role(role)
    author = factory.user(role="member")
    meeting = make.meeting(invite=[author])
    speech = make.speech(meeting, author, state=source)
    db.session.commit()
    response = client.post(f"/consultation/speeches/{speech.id}/act/{action}",
                           data={"opinion": "请压缩篇幅"})
    db.session.expire_all()
    if role == "secretariat":
        assert response.status_code == 302
        assert speech.state == target
        note = db.session.scalar(select(Notification).where(
            Notification.user_id == author.id))
        assert speech.title in note.subject
    elif role in ("member", "unit_staff"):
        assert response.status_code == 404  # others' speeches are not theirs to see
        assert speech.state == source
    else:
        assert response.status_code == 403
        assert speech.state == source


AUTHOR = [
    ("submit", SpeechState.draft, SpeechState.submitted),
    ("submit", SpeechState.returned, SpeechState.submitted),
    ("withdraw", SpeechState.submitted, SpeechState.withdrawn),
    ("withdraw", SpeechState.draft, SpeechState.withdrawn),
]


@pytest.mark.parametrize("who", ["author", "other_member", "secretariat"])
@pytest.mark.parametrize("action, source, target", AUTHOR)
def test_author_transitions(auth, make, factory, who, action, source, target):
    author = factory.user(role="member")
    meeting = make.meeting(invite=[author])
    speech = make.speech(meeting, author, state=source)
    db.session.commit()
    if who == "author":
        client = auth.client_for(author)
    else:
        client, _user = auth.as_role("member" if who == "other_member" else "secretariat")
    response = client.post(f"/consultation/speeches/{speech.id}/act/{action}")
    db.session.expire_all()
    if who == "author":
        assert response.status_code == 302
        assert speech.state == target
    elif who == "other_member" or source == SpeechState.draft:
        assert response.status_code == 404
        assert speech.state == source
    else:
        assert response.status_code == 403
        assert speech.state == source


@pytest.mark.parametrize("action, source", [
    ("adopt", SpeechState.adopted), ("adopt", SpeechState.draft),
    ("return", SpeechState.withdrawn), ("redirect", SpeechState.returned),
])
def test_review_in_the_wrong_state_is_refused(auth, make, factory, action, source):
    client, _staff = auth.as_role("secretariat")
    author = factory.user(role="member")
    speech = make.speech(make.meeting(invite=[author]), author, state=source)
    db.session.commit()
    response = client.post(f"/consultation/speeches/{speech.id}/act/{action}",
                           data={"opinion": "意见"})
    assert response.status_code in (404, 409)
    db.session.expire_all()
    assert speech.state == source


@pytest.mark.parametrize("action", ["return", "redirect"])
def test_return_and_redirect_need_an_opinion(auth, make, factory, action):
    client, _staff = auth.as_role("secretariat")
    author = factory.user(role="member")
    speech = make.speech(make.meeting(invite=[author]), author)
    db.session.commit()
    response = client.post(f"/consultation/speeches/{speech.id}/act/{action}",
                           data={"opinion": ""})
    assert response.status_code == 422
    db.session.expire_all()
    assert speech.state == SpeechState.submitted


def test_returned_speech_is_revised_and_resubmitted(auth, make):
    client, member = auth.as_role("member")
    meeting = make.meeting(invite=[member])
    speech = make.speech(meeting, member, state=SpeechState.returned)
    db.session.commit()
    page = page_text(client.get(f"/consultation/speeches/{speech.id}/edit"))
    assert "请修改" in page
    response = client.post(f"/consultation/speeches/{speech.id}/edit",
                           data=_speech_form(title="修改后的发言"))
    assert response.status_code == 302
    db.session.expire_all()
    assert speech.title == "修改后的发言" and speech.state == SpeechState.submitted
    response = client.post(f"/consultation/speeches/{speech.id}/edit", data=_speech_form())
    assert response.status_code == 403


def test_adopted_oral_speeches_are_ordered(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    authors = [factory.user(role="member", display_name=n) for n in ("甲", "乙", "丙")]
    meeting = make.meeting(invite=authors)
    speeches = [make.speech(meeting, a, title=f"{a.display_name}的发言") for a in authors]
    written = make.speech(meeting, authors[0], mode=SpeechMode.written, title="书面发言")
    db.session.commit()
    for s in speeches + [written]:
        assert client.post(f"/consultation/speeches/{s.id}/act/adopt").status_code == 302
    db.session.expire_all()
    assert [s.position for s in speeches] == [1, 2, 3] and written.position is None
    order = [speeches[2].id, speeches[0].id, speeches[1].id]
    response = client.post(f"/consultation/meetings/{meeting.id}/speeches/order",
                           data={"order": ",".join(map(str, order))})
    assert response.status_code == 302
    db.session.expire_all()
    assert [s.position for s in speeches] == [2, 3, 1]
    page = page_text(client.get(f"/consultation/meetings/{meeting.id}"))
    assert page.index("丙的发言") < page.index("甲的发言") < page.index("乙的发言")
    # A written speech, or one of another meeting, is not part of the oral order.
    other = make.speech(make.meeting(title="另一场会"), authors[1],
                        state=SpeechState.adopted)
    db.session.commit()
    for bad in (order + [written.id], order[:2] + [other.id], order[:2], "x,y"):
        response = client.post(f"/consultation/meetings/{meeting.id}/speeches/order",
                               data={"order": bad if isinstance(bad, str)
                                     else ",".join(map(str, bad))})
        assert response.status_code == 422
    db.session.expire_all()
    assert [s.position for s in speeches] == [2, 3, 1]


def test_member_cannot_order_speeches(auth, make):
    client, member = auth.as_role("member")
    meeting = make.meeting(invite=[member])
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/speeches/order",
                           data={"order": "1"})
    assert response.status_code == 403


def test_responses_are_recorded_against_adopted_speeches(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    author = factory.user(role="member")
    meeting = make.meeting(invite=[author])
    adopted = make.speech(meeting, author, state=SpeechState.adopted)
    submitted = make.speech(meeting, author, title="待审发言")
    db.session.commit()
    response = client.post(f"/consultation/speeches/{adopted.id}/responses", data={
        "responder": "李局长", "responder_title": "区民政局", "text": "将纳入明年计划"})
    assert response.status_code == 302
    assert db.session.scalar(select(SpeechResponse)).responder == "李局长"
    assert db.session.scalar(select(Notification).where(Notification.user_id == author.id))
    response = client.post(f"/consultation/speeches/{submitted.id}/responses", data={
        "responder": "李局长", "text": "回应"})
    assert response.status_code == 409
    response = client.post(f"/consultation/speeches/{adopted.id}/responses", data={
        "responder": "", "text": ""})
    assert response.status_code == 422
    author_client = auth.client_for(author)
    response = author_client.post(f"/consultation/speeches/{adopted.id}/responses", data={
        "responder": "我", "text": "自答"})
    assert response.status_code == 403
    assert _count(SpeechResponse) == 1
    page = page_text(author_client.get(f"/consultation/speeches/{adopted.id}"))
    assert "将纳入明年计划" in page


def test_speech_visibility(auth, make, factory):
    client, member = auth.as_role("member")
    other = factory.user(role="member")
    meeting = make.meeting(invite=[member, other])
    mine = make.speech(meeting, member, title="我的发言")
    theirs = make.speech(meeting, other, title="他人的发言")
    draft = make.speech(meeting, other, state=SpeechState.draft, title="他人的草稿")
    db.session.commit()
    assert client.get(f"/consultation/speeches/{mine.id}").status_code == 200
    assert client.get(f"/consultation/speeches/{theirs.id}").status_code == 404
    page = page_text(client.get("/consultation/speeches"))
    assert "我的发言" in page and "他人的发言" not in page
    page = page_text(client.get(f"/consultation/meetings/{meeting.id}"))
    assert "我的发言" in page and "他人的发言" not in page
    staff_client, _staff = auth.as_role("secretariat")
    assert staff_client.get(f"/consultation/speeches/{draft.id}").status_code == 404
    page = page_text(staff_client.get("/consultation/speeches"))
    assert "他人的发言" in page and "他人的草稿" not in page


def test_speech_list_query_count_is_constant(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    meeting = make.meeting()
    for n in range(2):
        make.speech(meeting, factory.user(role="member"), title=f"发言{n}")
    db.session.commit()
    with count_queries() as few:
        client.get("/consultation/speeches")
    for n in range(10):
        make.speech(make.meeting(title=f"会{n}"), factory.user(role="member"),
                    title=f"更多发言{n}")
    db.session.commit()
    with count_queries() as many:
        assert client.get("/consultation/speeches").status_code == 200
    assert many["n"] == few["n"]
