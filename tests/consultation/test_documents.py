"""The consultation domain's official documents: minutes, meeting notice, research report,
annual plan (layout, names, watermark, issued bytes, permissions, hostile text), the
buttons on the record pages and the year's minutes as one ZIP."""

from __future__ import annotations

import hashlib
import io
import re
import socket
import time
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from deliberate.consultation.models import (
    AgendaItem,
    Attendance,
    Invitation,
    InviteeKind,
    MeetingState,
    TopicState,
)
from deliberate.consultation.models_minutes import Minutes, MinutesRevision, MinutesState
from deliberate.consultation.models_plan import ConsultationPlan, PlanItem, PlanState
from deliberate.consultation.models_visits import (
    ParticipantRole,
    ParticipantStatus,
    ResearchVisit,
    VisitKind,
    VisitParticipant,
    VisitSite,
    VisitState,
)
from deliberate.consultation.operations import MEETING_FIELDS, update_meeting
from deliberate.core.events import events_for
from deliberate.core.names import sort_by_strokes
from deliberate.documents.models import IssuedDocument
from deliberate.extensions import db
from tests.consultation.conftest import page_text
from tests.pdfcheck import all_text, font_report, pages_lines, upright_text

RARE = ["张堃", "王喆", "李婳", "陈旻"]
# Page numbers: 14 pt, "— N —", 7 mm below the text block, outer side, one character in.
ODD_NUMBER_X1 = 28 + 156 - 4.94
EVEN_NUMBER_X0 = 26 + 4.94
CHAR = 156 / 28  # mm: 28 characters a line


def hanzi(n: int = 2400) -> str:
    level1 = bytes(b for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF)
                   for b in (hi, lo)).decode("gb2312", errors="ignore")
    return "".join(ch for ch in level1 if "\u4e00" <= ch <= "\u9fff")[:n]


def body_lines(lines):
    return [ln for ln in lines if ln.size > 14.5]


def check_layout(data: bytes, *, mark_page: bool = False) -> list:
    """A4 pages; the first line of text 37 mm from the top (the minutes' first page: its
    red mark 35 mm lower), 28 mm from the left on odd pages and 26 mm on even ones; page
    numbers "— N —" on the outer side. Returns pages_lines."""
    pages = pages_lines(data)
    for n, (width, height, lines) in enumerate(pages, start=1):
        assert abs(width - 210) < 0.5 and abs(height - 297) < 0.5
        text = body_lines(lines)
        top = 72 if (mark_page and n == 1) else 37
        assert abs(text[0].top - top) <= 1, (n, text[0])
        left = 28 if n % 2 else 26
        # The text block's left edge; a page holding only indented lines (a signature,
        # an attendance list) starts whole characters in from it.
        edge = min(ln.x0 for ln in text)
        chars = (edge - left) / CHAR
        assert chars > -0.2 and abs(chars - round(chars)) * CHAR < 1, (n, edge)
        if sum(len(ln.text) >= 26 for ln in text) >= 2:  # full lines of a paragraph
            assert abs(edge - left) <= 1, (n, edge)
        numbers = [ln for ln in lines if abs(ln.size - 14) < 0.5]
        assert [ln.text.replace(" ", "") for ln in numbers] == [f"—{n}—"]
        if n % 2:
            assert abs(numbers[0].x1 - ODD_NUMBER_X1) < 1
        else:
            assert abs(numbers[0].x0 - EVEN_NUMBER_X0) < 1
    return pages


def check_fonts(data: bytes) -> None:
    fonts = font_report(data)
    assert fonts and all(embedded for _name, embedded in fonts), fonts


def flat(data: bytes) -> str:
    return "".join(upright_text(data).split())


def watermarked(data: bytes) -> bool:
    return "征求意见稿" in all_text(data).replace(" ", "")


# -- minutes ------------------------------------------------------------------------------

@pytest.fixture
def held(make, factory):
    """A held meeting: rare-character names present, on leave and in attendance."""
    chair = factory.user(role="leader", display_name="聂主席")
    present = {n: factory.user(role="member", display_name=n, title="委员")
               for n in ("王喆", "张堃", "丁伟", "龚建国")}
    leave = factory.user(role="member", display_name="李婳")
    meeting = make.meeting(state=MeetingState.held, start_in=-timedelta(days=1), chair=chair,
                           invite=[*present.values(), leave], title="城乡融合发展专题协商会")
    for inv in meeting.invitations:
        inv.attendance = Attendance.on_leave if inv.user is leave else Attendance.present
    meeting.invitations.append(Invitation(kind=InviteeKind.official, name="陈旻",
                                          organisation="区发展改革局",
                                          attendance=Attendance.nonvoting))
    db.session.commit()
    return meeting


def draft_minutes(client, meeting, body: str | None = None) -> Minutes:
    assert client.post(f"/consultation/meetings/{meeting.id}/minutes").status_code == 302
    minutes = db.session.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))
    if body is not None:
        response = client.post(f"/consultation/minutes/{minutes.id}/edit",
                               data={"title": "城乡融合发展专题协商会纪要", "body": body})
        assert response.status_code == 302, page_text(response)
    return minutes


def issue(client, minutes: Minutes) -> None:
    for action in ("submit_review", "approve", "issue"):
        response = client.post(f"/consultation/minutes/{minutes.id}/act/{action}")
        assert response.status_code == 302, (action, page_text(response))
    db.session.expire_all()


def test_minutes_draft_then_issued_bytes_fixed(auth, held):
    client, _staff = auth.as_role("secretariat")
    minutes = draft_minutes(client, held, "一、会议议定事项\n\n会议听取了有关情况汇报。")
    url = f"/documents/minutes/{minutes.id}.pdf"

    draft = client.get(url)
    assert draft.status_code == 200 and draft.mimetype == "application/pdf"
    data = draft.get_data()
    assert data.startswith(b"%PDF") and watermarked(data)
    text = flat(data)
    assert "专题协商会纪要" in text and "第期" in text
    check_fonts(data)

    issue(client, minutes)
    minutes = db.session.get(Minutes, minutes.id)
    assert minutes.state == MinutesState.issued and minutes.issue_number == 1
    stored = db.session.scalar(select(IssuedDocument).where(IssuedDocument.kind == "minutes"))
    revision = db.session.scalar(select(MinutesRevision).where(
        MinutesRevision.minutes_id == minutes.id,
        MinutesRevision.number == minutes.revision_number))
    assert stored.object_id == revision.id

    first = client.get(url).get_data()
    assert first == stored.file.data
    assert hashlib.sha256(first).hexdigest() == stored.sha256
    # The SHA-256 is in the event log: on the revision, and on the minutes' issue event.
    (logged,) = [e for e in events_for("minutes_revision", revision.id)
                 if e.action == "issue_document"]
    assert logged.data["sha256"] == stored.sha256
    (issued_event,) = [e for e in events_for("minutes", minutes.id) if e.action == "issue"]
    assert issued_event.data["sha256"] == stored.sha256
    assert not watermarked(first)
    text = flat(first)
    year = held.starts_at.year
    assert f"{year}年第1期" in text and "城乡融合发展专题协商会纪要" in text
    # Later downloads serve the same bytes even when the records change.
    held.invitations[0].attendance = Attendance.on_leave
    db.session.commit()
    assert client.get(url).get_data() == first


def test_minutes_layout_names_in_stroke_order_and_rare_glyphs(auth, held):
    client, _staff = auth.as_role("secretariat")
    text = hanzi()
    assert len(set(text + "".join(RARE))) > 2000
    body = "\n\n".join(text[i:i + 260] for i in range(0, len(text), 260))
    minutes = draft_minutes(client, held, body)
    data = client.get(f"/documents/minutes/{minutes.id}.pdf").get_data()
    pages = check_layout(data, mark_page=True)
    assert len(pages) >= 5
    check_fonts(data)
    extracted = flat(data)
    for ch in set(text):
        assert ch in extracted
    assert len(data) < 1_000_000
    # 出席 / 请假 / 列席 after the body, names in surname-stroke order.
    lines = [ln for _w, _h, page in pages for ln in page]
    present = next(i for i, ln in enumerate(lines) if ln.text.startswith("出席"))
    roll = "".join(ln.text for ln in lines[present:] if ln.size > 14.5)
    names = re.findall(r"(王喆|张堃|丁伟|龚建国)", roll.split("请假")[0])
    assert names == sort_by_strokes(["王喆", "张堃", "丁伟", "龚建国"])
    assert names[0] == "丁伟"
    assert "请假：李婳（委员）" in roll.replace(" ", "") or "请假：李婳" in roll
    assert "列席：陈旻（区发展改革局）" in roll
    label = lines[present]
    assert abs(label.x0 - (28 if pages.index(next(
        p for p in pages if label in p[2])) % 2 == 0 else 26) - 2 * 5.57) < 0.6


def test_correction_is_a_new_issued_revision_with_its_own_pdf(auth, held):
    client, _staff = auth.as_role("secretariat")
    minutes = draft_minutes(client, held, "第一稿正文。")
    issue(client, minutes)
    first = client.get(f"/documents/minutes/{minutes.id}.pdf").get_data()
    response = client.post(f"/consultation/minutes/{minutes.id}/correct",
                           data={"title": "城乡融合发展专题协商会纪要", "body": "更正后的正文。",
                                 "reason": "更正笔误"})
    assert response.status_code == 302
    db.session.expire_all()
    second = client.get(f"/documents/minutes/{minutes.id}.pdf").get_data()
    assert second != first and "更正后的正文。" in flat(second) and not watermarked(second)
    stored = db.session.scalars(select(IssuedDocument).where(IssuedDocument.kind == "minutes")
                                .order_by(IssuedDocument.id)).all()
    assert [d.file.data for d in stored] == [first, second]
    # 期号 is kept through corrections; the earlier revision is still served as issued.
    assert "年第1期" in flat(second)
    assert client.get(f"/consultation/minutes/{minutes.id}/revisions/2.pdf").get_data() == first
    assert client.get(f"/consultation/minutes/{minutes.id}/revisions/3.pdf").get_data() == second
    assert client.get(f"/consultation/minutes/{minutes.id}/revisions/1.pdf").status_code == 404
    assert client.get(f"/consultation/minutes/{minutes.id}/revisions/9.pdf").status_code == 404
    page = page_text(client.get(f"/consultation/minutes/{minutes.id}/revisions"))
    assert page.count('data-testid="revision-pdf"') == 2


def test_issue_numbers_run_per_series_and_year(auth, make, held):
    client, _staff = auth.as_role("secretariat")
    issue(client, draft_minutes(client, held))
    other = make.meeting(state=MeetingState.held, start_in=-timedelta(days=2),
                         title="第二次专题协商会")
    db.session.commit()
    second = draft_minutes(client, other)
    issue(client, second)
    assert db.session.get(Minutes, second.id).issue_number == 2


def test_minutes_of_a_meeting_not_held_is_a_clear_409(auth, make):
    client, staff = auth.as_role("secretariat")
    meeting = make.meeting(state=MeetingState.scheduled)
    minutes = Minutes(meeting=meeting, title="纪要", body="正文", created_by_id=staff.id)
    minutes.revisions.append(MinutesRevision(number=1, title="纪要", body="正文",
                                             author_id=staff.id))
    db.session.add(minutes)
    db.session.commit()
    for url in (f"/documents/minutes/{minutes.id}.pdf", f"/documents/minutes/{minutes.id}/preview"):
        response = client.get(url)
        assert response.status_code == 409
        assert "会议尚未召开" in page_text(response)


def test_minutes_permissions_and_buttons(auth, factory, held):
    client, _staff = auth.as_role("secretariat")
    minutes = draft_minutes(client, held)
    url = f"/documents/minutes/{minutes.id}.pdf"
    assert 'data-testid="pdf-minutes"' in page_text(
        client.get(f"/consultation/minutes/{minutes.id}"))
    # A draft: attendees, leaders and outsiders may not have it.
    attendee = auth.client_for(held.invitations[0].user)
    assert attendee.get(url).status_code == 403
    assert attendee.get(f"/documents/minutes/{minutes.id}/preview").status_code == 403
    meeting_page = page_text(attendee.get(f"/consultation/meetings/{held.id}"))
    assert 'data-testid="pdf-minutes"' not in meeting_page
    outsider, _u = auth.as_role("member")
    assert outsider.get(url).status_code == 403
    assert client.get("/documents/minutes/999999.pdf").status_code == 404
    # Under review: the attendees may read it, with the watermark.
    client.post(f"/consultation/minutes/{minutes.id}/act/submit_review")
    response = attendee.get(url)
    assert response.status_code == 200 and watermarked(response.get_data())
    assert 'data-testid="pdf-minutes"' in page_text(
        attendee.get(f"/consultation/meetings/{held.id}"))
    assert outsider.get(url).status_code == 403


def test_hostile_markdown_gives_a_correct_pdf_without_fetching(auth, held, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the PDF renderer opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    client, _staff = auth.as_role("secretariat")
    body = ('<script>alert(1)</script><iframe src="http://127.0.0.1:1/"></iframe>\n\n'
            '<img src="http://127.0.0.1:1/x.png" onerror="x()">\n\n'
            '![外部](https://example.com/y.png)\n\n<b style="color:red">加粗</b>\n\n'
            + "a" * 10_000 + "\n\n结束语。")
    minutes = draft_minutes(client, held, body)
    started = time.monotonic()
    response = client.get(f"/documents/minutes/{minutes.id}.pdf")
    assert time.monotonic() - started < 30
    assert response.status_code == 200
    data = response.get_data()
    text = flat(data)
    assert "结束语。" in text and "加粗" in text and "alert(1)" not in text
    assert text.count("a") >= 10_000
    check_layout(data, mark_page=True)
    response = client.get(f"/documents/minutes/{minutes.id}/preview")
    preview = response.get_data(as_text=True)
    assert "<script>alert" not in preview and "onerror" not in preview
    # What the sanitiser keeps of an outside image the preview's policy never loads.
    assert "img-src 'self' data:" in response.headers["Content-Security-Policy"]


# -- meeting notice -----------------------------------------------------------------------

@pytest.fixture
def draft_meeting(make, factory):
    members = [factory.user(role="member", display_name=n, title="委员") for n in RARE]
    meeting = make.meeting(state=MeetingState.draft, start_in=timedelta(days=40),
                           invite=members, title="“十四五”规划编制专题协商会")
    meeting.agenda_items.append(AgendaItem(position=1, title="通报规划编制情况",
                                           presenter="区发展改革局"))
    meeting.agenda_items.append(AgendaItem(position=2, title="委员协商发言"))
    meeting.description = "请参会委员提前做好调研准备。"
    db.session.commit()
    return meeting


def test_notice_draft_then_issued_when_the_notice_is_sent(app, auth, draft_meeting):
    client, staff = auth.as_role("secretariat")
    url = f"/documents/notice/{draft_meeting.id}.pdf"
    page = page_text(client.get(f"/consultation/meetings/{draft_meeting.id}"))
    assert 'data-testid="pdf-notice"' in page and 'data-testid="preview-notice"' in page
    draft = client.get(url).get_data()
    assert watermarked(draft)
    check_layout(draft)
    check_fonts(draft)
    text = flat(draft)
    for expected in ("关于召开“十四五”规划编制专题协商会的通知", "时间：", "地点：政协三楼会议室",
                     "1.通报规划编制情况（区发展改革局）", "参会人员：", "发言：", "会议材料："):
        assert expected in text, expected
    attendees = text.split("参会人员：")[1].split("议程")[0]
    found = re.findall("|".join(RARE), attendees)
    assert found == sort_by_strokes(RARE)

    assert client.post(f"/consultation/meetings/{draft_meeting.id}/act/schedule").status_code \
        == 302
    db.session.expire_all()
    stored = db.session.scalar(select(IssuedDocument).where(IssuedDocument.kind == "notice"))
    assert stored.object_id == draft_meeting.id
    issued = client.get(url).get_data()
    assert issued == stored.file.data and not watermarked(issued)
    (event,) = [e for e in events_for("meeting", draft_meeting.id) if e.action == "schedule"]
    assert event.data["sha256"] == stored.sha256 == hashlib.sha256(issued).hexdigest()
    # An invitee can download the notice as sent.
    invitee = auth.client_for(draft_meeting.invitations[0].user)
    assert invitee.get(url).get_data() == issued
    page = f"/consultation/meetings/{draft_meeting.id}"
    assert 'data-testid="notice-changed"' not in page_text(invitee.get(page))
    # A change after issue: the notice stays as sent, and the page says so.
    with app.test_request_context():
        update_meeting(draft_meeting, staff, {
            **{k: getattr(draft_meeting, k) for k in MEETING_FIELDS}, "venue": "二楼会议室"})
    db.session.commit()
    assert invitee.get(url).get_data() == issued
    assert 'data-testid="notice-changed"' in page_text(invitee.get(page))


def test_notice_permissions_and_cancelled_meeting(auth, draft_meeting):
    member = auth.client_for(draft_meeting.invitations[0].user)
    assert member.get(f"/documents/notice/{draft_meeting.id}.pdf").status_code == 403
    assert member.get(f"/documents/notice/{draft_meeting.id}/preview").status_code == 403
    client, _staff = auth.as_role("secretariat")
    client.post(f"/consultation/meetings/{draft_meeting.id}/act/cancel",
                data={"reason": "时间冲突"})
    response = client.get(f"/documents/notice/{draft_meeting.id}.pdf")
    assert response.status_code == 409 and "取消" in page_text(response)
    page = page_text(client.get(f"/consultation/meetings/{draft_meeting.id}"))
    assert 'data-testid="pdf-notice"' not in page


# -- research report ----------------------------------------------------------------------

@pytest.fixture
def visit(make, factory):
    leader = factory.user(role="leader", display_name="喻组长")
    v = ResearchVisit(title="江堤街“协商在基层”选题调研", kind=VisitKind.research,
                      starts_on=date(2026, 9, 14), ends_on=date(2026, 9, 15), leader=leader,
                      created_by_id=make.staff.id, state=VisitState.completed,
                      findings="选题群众关注度高，具有协商性。",
                      report="## 调研情况\n\n调研组走访农贸市场和社区。\n\n## 建议\n\n"
                             "列入议题目录。<script>x</script>")
    for name in reversed(RARE):
        v.participants.append(VisitParticipant(
            user=factory.user(role="member", display_name=name), role=ParticipantRole.member,
            status=ParticipantStatus.confirmed))
    v.sites.append(VisitSite(visited_on=date(2026, 9, 14), place="江堤街新农贸市场",
                             unit="市场管理方", met="商户代表"))
    db.session.add(v)
    db.session.commit()
    return v


def test_research_report(auth, visit):
    client, _staff = auth.as_role("secretariat")
    page = page_text(client.get(f"/consultation/visits/{visit.id}"))
    assert 'data-testid="pdf-research_report"' in page
    data = client.get(f"/documents/research_report/{visit.id}.pdf").get_data()
    assert data.startswith(b"%PDF") and not watermarked(data)
    check_layout(data)
    check_fonts(data)
    text = flat(data)
    for expected in ("江堤街“协商在基层”选题调研", "调研报告", "组长：喻组长",
                     "2026年9月14日至2026年9月15日", "江堤街新农贸市场（市场管理方）",
                     "主要发现", "调研情况", "列入议题目录。"):
        assert expected in text, expected
    assert "<script>" not in text
    group = text.split("调研组成员：")[1]
    assert re.findall("|".join(RARE), group)[:4] == sort_by_strokes(RARE)


def test_research_report_refusals(auth, factory, visit):
    outsider, _u = auth.as_role("member")
    assert outsider.get(f"/documents/research_report/{visit.id}.pdf").status_code == 403
    unit, _u = auth.as_role("unit_staff")
    assert unit.get(f"/documents/research_report/{visit.id}.pdf").status_code == 403
    member = auth.client_for(visit.participants[0].user)
    assert member.get(f"/documents/research_report/{visit.id}.pdf").status_code == 200
    # A planned visit members may see (to ask to join) offers no report to outsiders.
    visit.state = VisitState.planned
    db.session.commit()
    assert outsider.get(f"/documents/research_report/{visit.id}.pdf").status_code == 403
    assert 'data-testid="pdf-research_report"' not in page_text(
        outsider.get(f"/consultation/visits/{visit.id}"))
    visit.report = " "
    db.session.commit()
    client, _staff = auth.as_role("secretariat")
    response = client.get(f"/documents/research_report/{visit.id}.pdf")
    assert response.status_code == 409 and "尚未撰写" in page_text(response)
    assert 'data-testid="pdf-research_report"' not in page_text(
        client.get(f"/consultation/visits/{visit.id}"))


# -- annual plan --------------------------------------------------------------------------

@pytest.fixture
def plan(make, factory):
    plan = ConsultationPlan(year=2027, title="2027年度协商计划", created_by_id=make.staff.id,
                            notes="围绕中心工作安排协商议题。")
    for quarter, title in ((3, "老旧小区改造"), (1, "提升基层社会治理水平"),
                           (2, "“十四五”规划编制"), (1, "优化营商环境")):
        topic = make.topic(state=TopicState.accepted, title=title)
        plan.items.append(PlanItem(topic=topic, quarter=quarter,
                                   form="topic_consultation"))
    db.session.add(plan)
    db.session.commit()
    return plan


def test_plan_working_copy_then_published_versions(auth, plan):
    client, _staff = auth.as_role("secretariat")
    url = f"/documents/plan/{plan.id}.pdf"
    draft = client.get(url).get_data()
    assert watermarked(draft)
    check_layout(draft)
    check_fonts(draft)
    text = flat(draft)
    assert "2027年度协商计划" in text and "第一季度" in text and "协商议题" in text
    # Rows by quarter.
    order = [text.index(t) for t in ("提升基层社会治理水平", "“十四五”规划编制", "老旧小区改造")]
    assert order == sorted(order)

    leader_client, _leader = auth.as_role("leader")
    assert leader_client.get(url).status_code == 403  # a draft: the secretariat's own
    client.post(f"/consultation/plans/{plan.id}/act/submit")
    assert leader_client.post(f"/consultation/plans/{plan.id}/act/approve").status_code == 302
    assert client.post(f"/consultation/plans/{plan.id}/act/publish").status_code == 302
    db.session.expire_all()
    plan = db.session.get(ConsultationPlan, plan.id)
    assert plan.state == PlanState.published
    (stored,) = db.session.scalars(select(IssuedDocument).where(IssuedDocument.kind == "plan"))
    assert stored.object_id == plan.versions[0].id
    member, _m = auth.as_role("member")
    published = member.get(url).get_data()
    assert published == stored.file.data and not watermarked(published)
    (event,) = [e for e in events_for("plan", plan.id) if e.action == "publish"]
    assert event.data["sha256"] == stored.sha256
    page = page_text(member.get(f"/consultation/plans/{plan.id}", follow_redirects=True))
    assert 'data-testid="version-pdf"' in page
    assert 'data-testid="pdf-plan"' in page_text(client.get(f"/consultation/plans/{plan.id}"))

    # A revision: everybody keeps reading version 1 until version 2 is published.
    client.post(f"/consultation/plans/{plan.id}/act/revise", data={"reason": "调整议题"})
    assert member.get(url).get_data() == published
    client.post(f"/consultation/plans/{plan.id}/act/submit")
    leader_client.post(f"/consultation/plans/{plan.id}/act/approve")
    client.post(f"/consultation/plans/{plan.id}/act/publish")
    db.session.expire_all()
    second = member.get(url).get_data()
    assert second != published and "调整议题" in flat(second)
    assert member.get(f"/consultation/plans/{plan.id}/versions/1.pdf").get_data() == published
    assert member.get(f"/consultation/plans/{plan.id}/versions/2.pdf").get_data() == second
    assert member.get(f"/consultation/plans/{plan.id}/versions/3.pdf").status_code == 404


def test_draft_plan_is_hidden_from_members(auth, plan):
    member, _m = auth.as_role("member")
    assert member.get(f"/documents/plan/{plan.id}.pdf").status_code == 403
    assert member.get(f"/documents/plan/{plan.id}/preview").status_code == 403


# -- a year's minutes ---------------------------------------------------------------------

def test_year_minutes_batch(auth, make, held):
    client, _staff = auth.as_role("secretariat")
    minutes = draft_minutes(client, held)
    issue(client, minutes)
    unissued = make.meeting(state=MeetingState.held, start_in=-timedelta(days=3))
    db.session.commit()
    draft_minutes(client, unissued)
    year = held.starts_at.year
    page = page_text(client.get(f"/consultation/minutes/{minutes.id}"))
    assert 'data-testid="year-minutes"' in page
    response = client.get(f"/documents/batches/year-minutes.zip?year={year}")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    (name,) = archive.namelist()
    stored = db.session.scalar(select(IssuedDocument).where(IssuedDocument.kind == "minutes"))
    assert archive.read(name) == stored.file.data
    assert client.get("/documents/batches/year-minutes.zip?year=1999").status_code == 422
    assert client.get("/documents/batches/year-minutes.zip?year=abc").status_code == 422
    member, _m = auth.as_role("member")
    assert member.get(f"/documents/batches/year-minutes.zip?year={year}").status_code == 403
    assert 'data-testid="year-minutes"' not in page_text(
        member.get(f"/consultation/minutes/{minutes.id}"))


def test_render_command(runner, auth, held, tmp_path):
    client, _staff = auth.as_role("secretariat")
    minutes = draft_minutes(client, held)
    issue(client, minutes)
    out = tmp_path / "m.pdf"
    result = runner.invoke(args=["render", "minutes", str(minutes.id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    stored = db.session.scalar(select(IssuedDocument).where(IssuedDocument.kind == "minutes"))
    assert out.read_bytes() == stored.file.data


def test_long_titles_are_shaped_in_even_lines(app):
    from deliberate.consultation.documents import title_lines

    assert title_lines("2027年度协商计划") == ["2027年度协商计划"]
    assert title_lines("关于召开“十四五”规划编制专题协商会的通知") == [
        "关于召开“十四五”", "规划编制专题协商会的通知"]
    assert title_lines("“提升基层社会治理水平”专题议政性常委会议纪要") == [
        "“提升基层社会治理水平”", "专题议政性常委会议纪要"]
    lines = title_lines("关于" + "加强协商议政" * 12 + "的意见")
    assert len(lines) == 4 and all(len(line) <= 20 for line in lines)
    assert max(map(len, lines)) - min(map(len, lines)) <= 2
    assert not any(line.startswith(("，", "”")) or line.endswith("“") for line in lines)


def test_documents_are_in_chinese_for_an_english_reader(auth, factory, visit):
    reader = factory.user(role="leader", locale="en")
    db.session.commit()
    client = auth.client_for(reader)
    text = flat(client.get(f"/documents/research_report/{visit.id}.pdf").get_data())
    assert "调研报告" in text and "一、调研基本情况" in text and "Report" not in text
    assert "Report (PDF)" in page_text(client.get(f"/consultation/visits/{visit.id}"))
