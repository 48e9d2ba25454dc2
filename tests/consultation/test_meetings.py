from __future__ import annotations

import re
from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import func, select

from deliberate.consultation.models import (
    AgendaItem,
    Attendance,
    CalendarToken,
    Invitation,
    InviteeKind,
    Meeting,
    MeetingState,
    Reply,
    TopicState,
)
from deliberate.consultation.queries import booking_conflicts
from deliberate.core.dates import LOCAL_TZ, add_working_days
from deliberate.core.events import Event
from deliberate.core.notify import Notification
from deliberate.core.types import utcnow
from deliberate.extensions import db
from tests.consultation.conftest import count_queries, page_text

ROLES = ["admin", "secretariat", "leader", "member", "unit_staff"]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _local(dt) -> str:
    return dt.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")


def _meeting_form(chair, start=None, hours=3, **kw) -> dict:
    start = start or utcnow() + timedelta(days=40)
    data = {"title": "“十四五”规划编制专题协商会", "form": "topic_consultation",
            "topic_id": "0", "starts_at": _local(start),
            "ends_at": _local(start + timedelta(hours=hours)), "venue": "区政协常委会议室",
            "chair_id": str(chair.id), "description": ""}
    data.update(kw)
    return data


def test_secretariat_arranges_a_meeting_as_draft(auth, factory, make):
    client, _staff = auth.as_role("secretariat")
    chair = factory.user(role="leader")
    topic = make.topic(state=TopicState.accepted)
    db.session.commit()
    response = client.post("/consultation/meetings/new",
                           data=_meeting_form(chair, topic_id=str(topic.id)))
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert meeting.state == MeetingState.draft and meeting.topic_id == topic.id
    assert len(meeting.checkin_code) == 6


def test_meeting_ending_before_it_starts_is_refused(auth, factory):
    client, _staff = auth.as_role("secretariat")
    chair = factory.user(role="leader")
    db.session.commit()
    data = _meeting_form(chair, hours=-2)
    response = client.post("/consultation/meetings/new", data=data)
    assert response.status_code == 400
    assert "结束时间必须晚于开始时间" in page_text(response)
    assert _count(Meeting) == 0


def test_meeting_in_the_past_is_refused(auth, factory):
    client, _staff = auth.as_role("secretariat")
    chair = factory.user(role="leader")
    db.session.commit()
    response = client.post("/consultation/meetings/new",
                           data=_meeting_form(chair, start=utcnow() - timedelta(days=1)))
    assert response.status_code == 422
    assert "过去" in page_text(response)
    assert _count(Meeting) == 0


@pytest.mark.parametrize("change, status", [
    ({"title": ""}, 400), ({"title": "会" * 201}, 400), ({"form": "party"}, 400),
    ({"starts_at": "tomorrow"}, 400), ({"venue": ""}, 400), ({"chair_id": "999999"}, 422),
    ({"topic_id": "999999"}, 422),
])
def test_bad_meeting_input_writes_nothing(auth, factory, change, status):
    client, _staff = auth.as_role("secretariat")
    chair = factory.user(role="leader")
    db.session.commit()
    response = client.post("/consultation/meetings/new", data=_meeting_form(chair, **change))
    assert response.status_code == status
    assert _count(Meeting) == 0


def test_meeting_on_a_topic_outside_the_catalogue_is_refused(auth, factory, make):
    client, _staff = auth.as_role("secretariat")
    chair = factory.user(role="leader")
    topic = make.topic(state=TopicState.suggested)
    db.session.commit()
    response = client.post("/consultation/meetings/new",
                           data=_meeting_form(chair, topic_id=str(topic.id)))
    assert response.status_code == 422
    assert "议题目录" in page_text(response)


@pytest.mark.parametrize("role", ["member", "leader", "unit_staff", "admin"])
def test_only_the_secretariat_arranges_meetings(auth, factory, role):
    client, _user = auth.as_role(role)
    chair = factory.user(role="leader")
    db.session.commit()
    response = client.post("/consultation/meetings/new", data=_meeting_form(chair))
    assert response.status_code == 403
    assert _count(Meeting) == 0


MEETING_TRANSITIONS = [
    ("schedule", MeetingState.draft, MeetingState.scheduled, timedelta(days=20)),
    ("mark_held", MeetingState.scheduled, MeetingState.held, -timedelta(hours=1)),
    ("cancel", MeetingState.draft, MeetingState.cancelled, timedelta(days=20)),
    ("cancel", MeetingState.scheduled, MeetingState.cancelled, timedelta(days=20)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action, source, target, start_in", MEETING_TRANSITIONS)
def test_meeting_transitions_per_role(auth, make, role, action, source, target, start_in):
    client, user = auth.as_role(role)
    meeting = make.meeting(state=source, start_in=start_in,
                           invite=[user] if role == "member" else [])
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/act/{action}",
                           data={"reason": "因故取消"})
    db.session.expire_all()
    if role in ("secretariat",):
        assert response.status_code == 302
        assert meeting.state == target
    elif source == MeetingState.draft and role in ("member", "unit_staff", "leader"):
        assert response.status_code == 404  # drafts stay inside the secretariat
        assert meeting.state == source
    elif role == "unit_staff":
        assert response.status_code == 404
    else:
        assert response.status_code == 403
        assert meeting.state == source


def test_scheduling_a_meeting_in_the_past_is_refused(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    member = factory.user(role="member")
    meeting = make.meeting(state=MeetingState.draft, start_in=-timedelta(hours=5),
                           invite=[member])
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/act/schedule")
    assert response.status_code == 409
    assert "过去" in page_text(response)
    db.session.expire_all()
    assert meeting.state == MeetingState.draft
    assert _count(Notification) == 0


def test_marking_a_future_meeting_held_is_refused(auth, make):
    client, _staff = auth.as_role("secretariat")
    meeting = make.meeting(state=MeetingState.scheduled)
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/act/mark_held")
    assert response.status_code == 409
    assert "尚未开始" in page_text(response)


def test_cancel_needs_a_reason(auth, make):
    client, _staff = auth.as_role("secretariat")
    meeting = make.meeting(state=MeetingState.scheduled)
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/act/cancel",
                           data={"reason": ""})
    assert response.status_code == 422
    db.session.expire_all()
    assert meeting.state == MeetingState.scheduled


def test_scheduling_sends_invitations_and_schedules_the_topic(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    members = [factory.user(role="member") for _ in range(3)]
    topic = make.topic(state=TopicState.accepted)
    meeting = make.meeting(state=MeetingState.draft, topic=topic, invite=members)
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/act/schedule")
    assert response.status_code == 302
    db.session.expire_all()
    notes = list(db.session.scalars(select(Notification)))
    assert sorted(n.user_id for n in notes) == sorted(m.id for m in members)
    assert all(n.subject.startswith("会议邀请") and n.kind == "invitation" for n in notes)
    assert topic.state == TopicState.scheduled


def test_meeting_page_shows_notice_and_material_deadlines(auth, make):
    client, _staff = auth.as_role("secretariat")
    meeting = make.meeting(start_in=timedelta(days=60))
    db.session.commit()
    day = meeting.starts_at.astimezone(LOCAL_TZ).date()
    page = page_text(client.get(f"/consultation/meetings/{meeting.id}"))
    assert add_working_days(day, -15).isoformat() in page
    assert add_working_days(day, -10).isoformat() in page
    assert "通知发出截止" in page and "材料报送截止" in page


# -- agenda ---------------------------------------------------------------------------

def test_agenda_items_are_added_reordered_and_removed(auth, make):
    client, _staff = auth.as_role("secretariat")
    meeting = make.meeting(state=MeetingState.draft)
    db.session.commit()
    for title in ("通报情况", "委员发言", "部门回应"):
        assert client.post(f"/consultation/meetings/{meeting.id}/agenda",
                           data={"title": title}).status_code == 302
    ids = [i.id for i in db.session.scalars(select(AgendaItem).order_by(AgendaItem.position))]
    new_order = [ids[2], ids[0], ids[1]]
    response = client.post(f"/consultation/meetings/{meeting.id}/agenda/order",
                           data={"order": ",".join(map(str, new_order))})
    assert response.status_code == 302
    db.session.expire_all()
    assert [i.title for i in db.session.get(Meeting, meeting.id).agenda_items] == [
        "部门回应", "通报情况", "委员发言"]
    response = client.post(f"/consultation/meetings/{meeting.id}/agenda/{ids[0]}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    items = db.session.get(Meeting, meeting.id).agenda_items
    assert [(i.title, i.position) for i in items] == [("部门回应", 1), ("委员发言", 2)]


def test_agenda_item_of_another_meeting_is_refused(auth, make):
    client, _staff = auth.as_role("secretariat")
    meeting = make.meeting(state=MeetingState.draft)
    other = make.meeting(state=MeetingState.draft, title="另一场会")
    mine = AgendaItem(meeting=meeting, position=1, title="本会议程")
    theirs = AgendaItem(meeting=other, position=1, title="他会议程")
    db.session.add_all([mine, theirs])
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/agenda/order",
                           data={"order": f"{theirs.id},{mine.id}"})
    assert response.status_code == 422
    assert "其他会议" in page_text(response)
    response = client.post(f"/consultation/meetings/{meeting.id}/agenda/{theirs.id}/delete")
    assert response.status_code == 422
    assert "不属于本次会议" in page_text(response)
    db.session.expire_all()
    assert db.session.get(AgendaItem, theirs.id).meeting_id == other.id
    assert _count(AgendaItem) == 2


@pytest.mark.parametrize("order", ["", "a,b", "1,1"])
def test_bad_agenda_order_is_refused(auth, make, order):
    client, _staff = auth.as_role("secretariat")
    meeting = make.meeting(state=MeetingState.draft)
    db.session.add(AgendaItem(meeting=meeting, position=1, title="议程"))
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/agenda/order",
                           data={"order": order})
    assert response.status_code == 422


def test_agenda_is_fixed_once_the_meeting_is_held(auth, make):
    client, _staff = auth.as_role("secretariat")
    meeting = make.meeting(state=MeetingState.held, start_in=-timedelta(days=2))
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/agenda", data={"title": "x"})
    assert response.status_code == 403
    assert _count(AgendaItem) == 0


def test_agenda_item_title_is_required(auth, make):
    client, _staff = auth.as_role("secretariat")
    meeting = make.meeting(state=MeetingState.draft)
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/agenda",
                           data={"title": "", "minutes": "abc"})
    assert response.status_code == 422
    assert _count(AgendaItem) == 0


# -- invitations, replies, attendance ------------------------------------------------

def test_inviting_members_and_guests(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    members = [factory.user(role="member") for _ in range(2)]
    meeting = make.meeting(state=MeetingState.scheduled)
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/invitations", data={
        "kind": "member", "user_ids": [str(m.id) for m in members]})
    assert response.status_code == 302
    # Invited after the notice went out: they are told at once.
    assert _count(Notification) == 2
    response = client.post(f"/consultation/meetings/{meeting.id}/guests", data={
        "kind": "expert", "name": "王教授", "organisation": "宁波大学", "title": "教授"})
    assert response.status_code == 302
    assert _count(Invitation) == 3
    # Inviting the same people again adds nobody.
    client.post(f"/consultation/meetings/{meeting.id}/invitations", data={
        "kind": "member", "user_ids": [str(m.id) for m in members]})
    assert _count(Invitation) == 3


def test_inviting_a_non_member_as_member_is_refused(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    official = factory.user(role="unit_staff")
    meeting = make.meeting(state=MeetingState.draft)
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/invitations", data={
        "kind": "member", "user_ids": [str(official.id)]})
    assert response.status_code == 422
    assert "不是委员" in page_text(response)
    assert _count(Invitation) == 0
    response = client.post(f"/consultation/meetings/{meeting.id}/invitations", data={
        "kind": "member", "user_ids": ["987654"]})
    assert response.status_code == 422


def test_member_attends_or_asks_for_leave(auth, make, factory):
    staff = factory.user(role="secretariat")
    client, member = auth.as_role("member")
    meeting = make.meeting(invite=[member])
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/reply",
                           data={"reply": "leave", "reason": ""})
    assert response.status_code == 422
    assert "请假须说明理由" in page_text(response)
    response = client.post(f"/consultation/meetings/{meeting.id}/reply",
                           data={"reply": "leave", "reason": "出差在外"})
    assert response.status_code == 302
    inv = db.session.scalar(select(Invitation))
    assert inv.reply == Reply.leave and inv.leave_reason == "出差在外"
    assert db.session.scalar(select(Notification).where(Notification.user_id == staff.id))
    client.post(f"/consultation/meetings/{meeting.id}/reply", data={"reply": "attending"})
    db.session.expire_all()
    assert inv.reply == Reply.attending and inv.leave_reason == ""


def test_reply_refused_for_uninvited_and_after_the_start(auth, make, factory):
    client, member = auth.as_role("member")
    other = factory.user(role="member")
    meeting = make.meeting(invite=[other])
    started = make.meeting(start_in=-timedelta(minutes=30), invite=[member])
    db.session.commit()
    assert client.post(f"/consultation/meetings/{meeting.id}/reply",
                       data={"reply": "attending"}).status_code == 404
    response = client.post(f"/consultation/meetings/{started.id}/reply",
                           data={"reply": "attending"})
    assert response.status_code == 409
    assert "会议开始前" in page_text(response)
    response = client.post(f"/consultation/meetings/{started.id}/reply",
                           data={"reply": "maybe"})
    assert response.status_code == 422


def test_secretariat_marks_attendance(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    a, b = factory.user(role="member"), factory.user(role="member")
    meeting = make.meeting(start_in=-timedelta(hours=1), invite=[a, b])
    db.session.commit()
    inv_a, inv_b = meeting.invitations
    response = client.post(f"/consultation/meetings/{meeting.id}/attendance", data={
        f"attendance-{inv_a.id}": "present", f"attendance-{inv_b.id}": "on_leave"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (inv_a.attendance, inv_b.attendance) == (Attendance.present, Attendance.on_leave)
    page = page_text(client.get(f"/consultation/meetings/{meeting.id}/attendance"))
    assert "出席" in page and "请假" in page and "列席" in page and "缺席" in page


def test_attendance_bad_values_and_roles(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    a = factory.user(role="member")
    meeting = make.meeting(invite=[a])
    other = make.meeting(title="另一场会", invite=[factory.user(role="member")])
    draft = make.meeting(state=MeetingState.draft, invite=[factory.user(role="member")])
    db.session.commit()
    inv = meeting.invitations[0]
    assert client.post(f"/consultation/meetings/{meeting.id}/attendance",
                       data={f"attendance-{inv.id}": "sleeping"}).status_code == 422
    other_inv = other.invitations[0]
    response = client.post(f"/consultation/meetings/{meeting.id}/attendance",
                           data={f"attendance-{other_inv.id}": "present"})
    assert response.status_code == 422
    assert client.post(f"/consultation/meetings/{draft.id}/attendance",
                       data={f"attendance-{draft.invitations[0].id}": "present"}
                       ).status_code == 409
    db.session.expire_all()
    assert all(i.attendance is None for i in db.session.scalars(select(Invitation)))
    member_client = auth.client_for(a)
    assert member_client.post(f"/consultation/meetings/{meeting.id}/attendance",
                              data={f"attendance-{inv.id}": "present"}).status_code == 403


# -- check-in -------------------------------------------------------------------------

def test_check_in_with_the_code_once(auth, make):
    client, member = auth.as_role("member")
    meeting = make.meeting(start_in=timedelta(minutes=30), invite=[member])
    db.session.commit()
    response = client.post(f"/consultation/meetings/{meeting.id}/checkin", data={"code": "000000"})
    assert response.status_code == 422
    assert "签到码不正确" in page_text(response)
    response = client.post(f"/consultation/meetings/{meeting.id}/checkin", data={"code": "123456"})
    assert response.status_code == 302
    inv = db.session.scalar(select(Invitation))
    assert inv.checked_in_at is not None and inv.attendance == Attendance.present
    events = _count(Event)
    response = client.post(f"/consultation/meetings/{meeting.id}/checkin", data={"code": "123456"})
    assert response.status_code == 409
    assert "不能重复签到" in page_text(response)
    assert _count(Event) == events


def test_check_in_window_and_invitation(auth, make, factory):
    client, member = auth.as_role("member")
    early = make.meeting(start_in=timedelta(days=2), invite=[member])
    not_mine = make.meeting(start_in=timedelta(minutes=10),
                            invite=[factory.user(role="member")])
    db.session.commit()
    response = client.post(f"/consultation/meetings/{early.id}/checkin", data={"code": "123456"})
    assert response.status_code == 409
    assert "签到时间" in page_text(response)
    assert client.post(f"/consultation/meetings/{not_mine.id}/checkin",
                       data={"code": "123456"}).status_code == 404
    assert client.post(f"/consultation/meetings/{early.id}/checkin",
                       data={"code": ""}).status_code == 422


def test_staff_sees_the_check_in_code(auth, make):
    client, _staff = auth.as_role("secretariat")
    meeting = make.meeting()
    db.session.commit()
    page = page_text(client.get(f"/consultation/meetings/{meeting.id}/checkin"))
    assert "123456" in page


# -- double booking -------------------------------------------------------------------

def test_double_booking_warnings(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    chair = factory.user(role="leader", display_name="张主席")
    member = factory.user(role="member", display_name="王委员")
    first = make.meeting(chair=chair, venue="一号会议室", invite=[member], title="第一场")
    second = make.meeting(chair=chair, venue="一号会议室", invite=[member], title="第二场",
                          start_in=timedelta(days=30, hours=1))
    elsewhere = make.meeting(venue="二号会议室", title="第三场",
                             start_in=timedelta(days=30, hours=1))
    later = make.meeting(chair=chair, venue="一号会议室", invite=[member], title="次日",
                         start_in=timedelta(days=31))
    cancelled = make.meeting(chair=chair, venue="一号会议室", state=MeetingState.cancelled,
                             title="已取消", start_in=timedelta(days=30))
    db.session.commit()
    kinds = {(c.kind, c.other.title) for c in booking_conflicts(second)}
    assert kinds == {("venue", "第一场"), ("chair", "第一场"), ("person", "第一场")}
    assert booking_conflicts(elsewhere) == []
    assert booking_conflicts(later) == []
    assert cancelled.id not in {c.other.id for c in booking_conflicts(first)}
    page = page_text(client.get(f"/consultation/meetings/{second.id}"))
    assert "同一时间已安排“第一场”" in page
    assert "主持人张主席同一时间还要参加“第一场”" in page
    assert "王委员 同一时间还受邀参加“第一场”" in page
    # Warnings, not refusals: inviting into a clash works and says so.
    other_member = factory.user(role="member", display_name="赵委员")
    first.invitations.append(Invitation(user=other_member, kind=InviteeKind.member))
    db.session.commit()
    response = client.post(f"/consultation/meetings/{second.id}/invitations",
                           data={"kind": "member", "user_ids": [str(other_member.id)]},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "赵委员 同一时间还受邀参加“第一场”" in page_text(response)


# -- calendars ------------------------------------------------------------------------

def test_meeting_ics_download(auth, make):
    client, member = auth.as_role("member")
    meeting = make.meeting(invite=[member])
    db.session.commit()
    response = client.get(f"/consultation/meetings/{meeting.id}/meeting.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(response.data)
    (event,) = cal.walk("VEVENT")
    assert str(event["summary"]) == meeting.title
    assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
    assert str(event["location"]) == meeting.venue


def test_personal_ical_feed(auth, make, factory, app):
    client, member = auth.as_role("member")
    mine = make.meeting(invite=[member], title="我受邀的会")
    make.meeting(invite=[factory.user(role="member")], title="别人的会")
    make.meeting(state=MeetingState.draft, invite=[member], title="草稿会")
    db.session.commit()
    response = client.post("/consultation/calendar/renew")
    assert response.status_code == 200
    row = db.session.scalar(select(CalendarToken))
    assert row.user_id == member.id
    page = page_text(response)
    token = re.search(r"/consultation/calendar/([\w-]+)\.ics", page).group(1)
    url = f"/consultation/calendar/{token}.ics"
    assert row.token_hash != token  # only a hash is kept
    anonymous = app.test_client()
    feed = anonymous.get(url)
    assert feed.status_code == 200
    cal = icalendar.Calendar.from_ical(feed.data)
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["我受邀的会"]
    assert str(cal.walk("VEVENT")[0]["uid"]) == f"meeting-{mine.id}@deliberate"
    assert anonymous.get("/consultation/calendar/wrong-token.ics").status_code == 404
    # Renewing ends the old address; revoking ends the new one.
    client.post("/consultation/calendar/renew")
    assert anonymous.get(url).status_code == 404
    assert client.post("/consultation/calendar/revoke").status_code == 302
    assert _count(CalendarToken) == 0


# -- visibility and lists -------------------------------------------------------------

def test_members_see_only_meetings_they_are_invited_to(auth, make, factory):
    client, member = auth.as_role("member")
    mine = make.meeting(invite=[member], title="我受邀的会")
    theirs = make.meeting(invite=[factory.user(role="member")], title="别人的会")
    draft = make.meeting(state=MeetingState.draft, invite=[member], title="草稿会")
    db.session.commit()
    page = page_text(client.get("/consultation/meetings"))
    assert "我受邀的会" in page and "别人的会" not in page and "草稿会" not in page
    assert client.get(f"/consultation/meetings/{mine.id}").status_code == 200
    assert client.get(f"/consultation/meetings/{theirs.id}").status_code == 404
    assert client.get(f"/consultation/meetings/{draft.id}").status_code == 404
    assert client.get(f"/consultation/meetings/{theirs.id}/meeting.ics").status_code == 404


def test_member_dashboard_lists_upcoming_invitations(auth, make):
    client, member = auth.as_role("member")
    make.meeting(invite=[member], title="下周的协商会")
    db.session.commit()
    page = page_text(client.get("/desk/member"))
    assert "下周的协商会" in page


def test_meeting_list_query_count_is_constant(auth, make, factory):
    client, _staff = auth.as_role("secretariat")
    for n in range(2):
        make.meeting(title=f"会{n}", start_in=timedelta(days=n + 1))
    db.session.commit()
    with count_queries() as few:
        client.get("/consultation/meetings")
    for n in range(10):
        make.meeting(title=f"更多会{n}", start_in=timedelta(days=n + 5),
                     invite=[factory.user(role="member")])
    db.session.commit()
    with count_queries() as many:
        assert client.get("/consultation/meetings").status_code == 200
    assert many["n"] == few["n"]


def test_meeting_page_renders_for_every_role(auth, make, factory):
    meeting = make.meeting()
    db.session.commit()
    for role in ROLES:
        client, user = auth.as_role(role)
        if role == "member":
            meeting.invitations.append(Invitation(user=user, kind=InviteeKind.member))
            db.session.commit()
        status = client.get(f"/consultation/meetings/{meeting.id}").status_code
        assert status == (404 if role == "unit_staff" else 200)
