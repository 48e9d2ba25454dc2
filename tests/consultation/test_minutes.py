from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from deliberate.consultation.models import (
    Attendance,
    Invitation,
    InviteeKind,
    MeetingState,
    SpeechResponse,
    SpeechState,
)
from deliberate.consultation.models_minutes import (
    Minutes,
    MinutesComment,
    MinutesRevision,
    MinutesState,
)
from deliberate.consultation.queries import minutes_context, minutes_due
from deliberate.core.dates import LOCAL_TZ, add_working_days
from deliberate.core.events import Event
from deliberate.core.names import sort_by_strokes, stroke_count
from deliberate.core.notify import Notification
from deliberate.core.types import utcnow
from deliberate.extensions import db
from tests.consultation.conftest import page_text

ROLES = ["admin", "secretariat", "leader", "member", "unit_staff"]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# -- stroke order ---------------------------------------------------------------------

def test_stroke_counts_of_common_surnames(app):
    assert [stroke_count(c) for c in "丁马王方卢叶白冯龚"] == [2, 3, 4, 4, 5, 5, 5, 5, 11]


def test_names_come_out_in_official_surname_stroke_order(app):
    names = ["白雪", "方明", "王芳", "叶青", "丁伟", "卢刚", "马丽", "王小红", "龚建国"]
    # 丁(2) 马(3) 王(4, 横起) 方(4, 点起) 卢(5, 竖横…) 叶(5, 竖折…) 白(5, 撇起) 龚(11);
    # the same surname goes by the next character: 小(3) before 芳(7).
    assert sort_by_strokes(names) == ["丁伟", "马丽", "王小红", "王芳", "方明", "卢刚",
                                      "叶青", "白雪", "龚建国"]


def test_unknown_characters_sort_last(app):
    assert sort_by_strokes(["Smith", "王芳", "丁伟"]) == ["丁伟", "王芳", "Smith"]
    assert sort_by_strokes([("王芳", 1), ("丁伟", 2)], lambda p: p[0]) == [("丁伟", 2),
                                                                          ("王芳", 1)]


# -- drafting -------------------------------------------------------------------------

@pytest.fixture
def held(make, factory):
    """A held meeting with attendance, an adopted speech and a response."""
    chair = factory.user(role="leader", display_name="张主席")
    people = {n: factory.user(role="member", display_name=n)
              for n in ("王芳", "丁伟", "方明", "叶青", "白雪")}
    meeting = make.meeting(state=MeetingState.held, start_in=-timedelta(days=1), chair=chair,
                           invite=people.values(), title="提升基层社会治理水平专题议政性常委会议")
    marks = {"王芳": Attendance.present, "丁伟": Attendance.present,
             "方明": Attendance.present, "叶青": Attendance.on_leave,
             "白雪": Attendance.nonvoting}
    for inv in meeting.invitations:
        inv.attendance = marks[inv.user.display_name]
    meeting.invitations.append(Invitation(kind=InviteeKind.official, name="李局长",
                                          organisation="区民政局",
                                          attendance=Attendance.nonvoting))
    speech = make.speech(meeting, people["王芳"], state=SpeechState.adopted,
                         title="发挥网格员作用")
    db.session.add(SpeechResponse(speech=speech, responder="李局长", text="将研究落实",
                                  recorded_by_id=make.staff.id))
    db.session.flush()
    return meeting


def test_minutes_draft_is_generated_from_the_meeting(auth, held):
    client, _staff = auth.as_role("secretariat")
    db.session.commit()
    response = client.post(f"/consultation/meetings/{held.id}/minutes")
    assert response.status_code == 302
    minutes = db.session.scalar(select(Minutes))
    assert minutes.state == MinutesState.draft and minutes.revision_number == 1
    assert "张主席" in minutes.body and "发挥网格员作用" in minutes.body
    assert "李局长：将研究落实" in minutes.body
    ctx = minutes_context(minutes)
    assert [n for n, _u in ctx["present"]] == ["丁伟", "王芳", "方明"]
    assert [n for n, _u in ctx["on_leave"]] == ["叶青"]
    assert [n for n, _u in ctx["nonvoting"]] == ["白雪", "李局长"]
    page = page_text(client.get(f"/consultation/minutes/{minutes.id}"))
    assert "出席" in page and page.index("丁伟") < page.index("方明")
    due = add_working_days(held.starts_at.astimezone(LOCAL_TZ).date(), 7)
    assert minutes_due(held) == due and due.isoformat() in page
    board = page_text(client.get("/desk/secretariat"))
    assert held.title in board and due.isoformat() in board


@pytest.mark.parametrize("state, start_in", [(MeetingState.scheduled, timedelta(days=3)),
                                             (MeetingState.draft, timedelta(days=3))])
def test_minutes_only_for_held_meetings(auth, make, state, start_in):
    client, _staff = auth.as_role("secretariat")
    meeting = make.meeting(state=state, start_in=start_in)
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/minutes")
    assert response.status_code == 409
    assert _count(Minutes) == 0


def test_minutes_drafted_once_and_by_the_secretariat(auth, held):
    client, _staff = auth.as_role("secretariat")
    db.session.commit()
    client.post(f"/consultation/meetings/{held.id}/minutes")
    assert client.post(f"/consultation/meetings/{held.id}/minutes").status_code == 409
    leader = auth.client_for(held.chair)
    assert leader.post(f"/consultation/meetings/{held.id}/minutes").status_code == 403
    assert _count(Minutes) == 1


def _minutes(make, meeting, state=MinutesState.draft) -> Minutes:
    minutes = Minutes(meeting=meeting, title="纪要", body="第一版正文", state=state,
                      created_by_id=make.staff.id,
                      issued_at=utcnow() if state == MinutesState.issued else None)
    minutes.revisions.append(MinutesRevision(number=1, title="纪要", body="第一版正文",
                                             author_id=make.staff.id))
    db.session.add(minutes)
    db.session.flush()
    return minutes


def test_every_save_is_a_revision_with_a_diff(auth, make, held):
    client, _staff = auth.as_role("secretariat")
    minutes = _minutes(make, held)
    db.session.commit()
    for body in ("第一版正文\n新增一段", "第一版正文\n新增一段\n再加<b>一</b>段"):
        response = client.post(f"/consultation/minutes/{minutes.id}/edit",
                               data={"title": "纪要", "body": body})
        assert response.status_code == 302
    # Saving the same text again makes no new revision.
    client.post(f"/consultation/minutes/{minutes.id}/edit",
                data={"title": "纪要", "body": "第一版正文\n新增一段\n再加<b>一</b>段"})
    db.session.expire_all()
    assert [r.number for r in minutes.revisions] == [1, 2, 3]
    page = page_text(client.get(f"/consultation/minutes/{minutes.id}/revisions?a=1&b=3"))
    assert "新增一段" in page and "diff_add" in page
    assert "<b>一</b>" not in page and "&lt;b&gt;" in page  # the diff escapes the text
    assert client.get(f"/consultation/minutes/{minutes.id}/revisions?a=1&b=9"
                      ).status_code == 422


@pytest.mark.parametrize("data, status", [({"title": "", "body": "x"}, 400),
                                          ({"title": "纪要", "body": ""}, 400),
                                          ({"title": "纪" * 201, "body": "x"}, 400)])
def test_bad_minutes_input(auth, make, held, data, status):
    client, _staff = auth.as_role("secretariat")
    minutes = _minutes(make, held)
    db.session.commit()
    assert client.post(f"/consultation/minutes/{minutes.id}/edit", data=data
                       ).status_code == status
    assert _count(MinutesRevision) == 1


MINUTES_TRANSITIONS = [
    ("submit_review", MinutesState.draft, MinutesState.under_review),
    ("approve", MinutesState.under_review, MinutesState.approved),
    ("back_to_draft", MinutesState.approved, MinutesState.draft),
    ("issue", MinutesState.approved, MinutesState.issued),
]
ALLOWED = {"submit_review": {"secretariat"}, "approve": {"secretariat", "chair"},
           "back_to_draft": {"secretariat", "chair"}, "issue": {"secretariat"}}


@pytest.mark.parametrize("role", ROLES + ["chair", "attendee"])
@pytest.mark.parametrize("action, source, target", MINUTES_TRANSITIONS)
def test_minutes_transitions_per_role(auth, make, held, role, action, source, target):
    minutes = _minutes(make, held, state=source)
    db.session.commit()
    if role == "chair":
        client = auth.client_for(held.chair)
    elif role == "attendee":
        client = auth.client_for(held.invitations[0].user)
    else:
        client, _user = auth.as_role(role)
    response = client.post(f"/consultation/minutes/{minutes.id}/act/{action}",
                           data={"reason": "补充发言要点"})
    db.session.expire_all()
    if role in ALLOWED[action]:
        assert response.status_code == 302
        assert minutes.state == target
    else:
        hidden = source == MinutesState.draft and role not in ("admin", "secretariat") or \
            role in ("member", "unit_staff")
        assert response.status_code == (404 if hidden else 403)
        assert minutes.state == source


def test_review_comments_issue_and_lock(auth, make, held):
    client, _staff = auth.as_role("secretariat")
    minutes = _minutes(make, held)
    attendee = held.invitations[0].user
    db.session.commit()
    assert client.post(f"/consultation/minutes/{minutes.id}/act/submit_review"
                       ).status_code == 302
    assert db.session.scalar(select(Notification).where(Notification.user_id == attendee.id))
    attendee_client = auth.client_for(attendee)
    response = attendee_client.post(f"/consultation/minutes/{minutes.id}/comments",
                                    data={"text": "建议补充网格员待遇问题"})
    assert response.status_code == 302
    assert attendee_client.post(f"/consultation/minutes/{minutes.id}/comments",
                                data={"text": ""}).status_code == 422
    outsider, _m = auth.as_role("member")
    assert outsider.post(f"/consultation/minutes/{minutes.id}/comments",
                         data={"text": "x"}).status_code == 404
    page = page_text(client.get(f"/consultation/minutes/{minutes.id}"))
    assert "建议补充网格员待遇问题" in page
    chair = auth.client_for(held.chair)
    assert chair.post(f"/consultation/minutes/{minutes.id}/act/approve").status_code == 302
    assert client.post(f"/consultation/minutes/{minutes.id}/act/issue").status_code == 302
    db.session.expire_all()
    assert minutes.state == MinutesState.issued and minutes.issued_at is not None
    # Issued minutes never change, and comments are closed.
    response = client.post(f"/consultation/minutes/{minutes.id}/edit",
                           data={"title": "纪要", "body": "偷偷改"})
    assert response.status_code == 409
    assert "已印发的纪要不能修改" in page_text(response)
    assert client.get(f"/consultation/minutes/{minutes.id}/edit").status_code == 409
    assert attendee_client.post(f"/consultation/minutes/{minutes.id}/comments",
                                data={"text": "晚了"}).status_code == 409
    db.session.expire_all()
    assert minutes.body == "第一版正文" and _count(MinutesComment) == 1
    # Everyone signed in may read issued minutes.
    assert outsider.get(f"/consultation/minutes/{minutes.id}").status_code == 200


def test_correction_after_issue_is_a_new_revision_with_a_reason(auth, make, held):
    client, _staff = auth.as_role("secretariat")
    minutes = _minutes(make, held, state=MinutesState.issued)
    db.session.commit()
    response = client.post(f"/consultation/minutes/{minutes.id}/correct", data={
        "title": "纪要", "body": "第一版正文（更正）", "reason": ""})
    assert response.status_code == 400
    response = client.post(f"/consultation/minutes/{minutes.id}/correct", data={
        "title": "纪要", "body": "第一版正文", "reason": "无改动"})
    assert response.status_code == 422
    db.session.expire_all()
    assert minutes.revision_number == 1
    response = client.post(f"/consultation/minutes/{minutes.id}/correct", data={
        "title": "纪要", "body": "第一版正文（更正）", "reason": "更正出席人员姓名"})
    assert response.status_code == 302
    db.session.expire_all()
    assert minutes.state == MinutesState.issued and minutes.revision_number == 2
    assert minutes.revisions[-1].reason == "更正出席人员姓名"
    ev = db.session.scalar(select(Event).where(Event.object_type == "minutes",
                                               Event.action == "correct"))
    assert ev.note == "更正出席人员姓名"
    member = auth.client_for(held.invitations[0].user)
    assert member.post(f"/consultation/minutes/{minutes.id}/correct", data={
        "title": "纪要", "body": "x", "reason": "y"}).status_code == 403


def test_correct_is_only_for_issued_minutes(auth, make, held):
    client, _staff = auth.as_role("secretariat")
    minutes = _minutes(make, held)
    db.session.commit()
    response = client.post(f"/consultation/minutes/{minutes.id}/correct", data={
        "title": "纪要", "body": "改", "reason": "理由"})
    assert response.status_code == 409
    assert client.post(f"/consultation/minutes/{minutes.id}/act/correct",
                       data={"reason": "x"}).status_code == 409


def test_draft_minutes_stay_inside_the_secretariat(auth, make, held):
    minutes = _minutes(make, held)
    db.session.commit()
    for client in (auth.client_for(held.chair), auth.client_for(held.invitations[0].user)):
        assert client.get(f"/consultation/minutes/{minutes.id}").status_code == 404


def test_print_view_carries_the_content(auth, make, held):
    client, _staff = auth.as_role("secretariat")
    minutes = _minutes(make, held, state=MinutesState.issued)
    db.session.commit()
    page = page_text(client.get(f"/consultation/minutes/{minutes.id}/print"))
    assert "consultation-print.css" in page and "第一版正文" in page
    assert page.index("丁伟") < page.index("王芳") < page.index("方明")
    assert "请假" in page and "列席" in page
