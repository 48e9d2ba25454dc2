"""Demo consultation work for the demo body (called by ``flask seed-demo``): a topic carried
from selection to a result under follow-up, a topic in selection research, a coming topic
consultation meeting, and the published annual plan. Facts are adapted from the seed page
(a standing-committee deliberation on grassroots governance with six member speeches, a
county's topic-selection research in a township, a district's five-year-plan consultation);
people are the demo body's invented members. Idempotent: nothing is created twice."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from deliberate.auth.models import User
from deliberate.consultation.documents import MINUTES_KIND, NOTICE_KIND, PLAN_KIND
from deliberate.consultation.models import (
    Adoption,
    AgendaItem,
    Attendance,
    ConsultationResult,
    Invitation,
    InviteeKind,
    Meeting,
    MeetingForm,
    MeetingState,
    Reply,
    ResultKind,
    Speech,
    SpeechKind,
    SpeechMode,
    SpeechResponse,
    SpeechState,
    Topic,
    TopicChannel,
    TopicState,
)
from deliberate.consultation.models_minutes import Minutes, MinutesRevision, MinutesState
from deliberate.consultation.models_plan import (
    ConsultationPlan,
    PlanItem,
    PlanState,
    PlanVersion,
)
from deliberate.consultation.models_results import FollowUpEntry, LeaderInstruction
from deliberate.consultation.models_visits import (
    ParticipantRole,
    ParticipantStatus,
    ResearchVisit,
    VisitKind,
    VisitParticipant,
    VisitSite,
)
from deliberate.consultation.operations import new_checkin_code
from deliberate.core.dates import LOCAL_TZ
from deliberate.core.events import record_event
from deliberate.core.types import utcnow
from deliberate.directory.models import Committee
from deliberate.documents.operations import issue_document
from deliberate.extensions import db

GOVERNANCE = "提升基层社会治理水平"
GRASSROOTS = "“协商在基层”：江堤街农贸市场改造提升"
PLAN_TOPIC = "“十四五”规划编制"

SPEECHES = [
    ("dinghuimin", "把社区“第一书记”下沉制度化常态化",
     "建议总结三支队伍下沉社区的做法，明确驻点时间、工作清单和考核办法。"),
    ("wangxiaolan", "发挥商会和企业在社区治理中的作用",
     "鼓励辖区企业认领社区微项目，建立企业参与社区治理的积分和激励机制。"),
    ("gongweidong", "用好网格员队伍，提升“全周期管理”能力",
     "建议统一网格事项清单，完善网格员待遇保障，推动数据一次采集、多方共享。"),
    ("daijingyi", "推进老旧小区“微改造”中的居民协商",
     "改造方案先议后定，每个小区建立居民议事会，让居民全程参与。"),
    ("weiguoliang", "加强社区卫生服务与基层治理的衔接",
     "建议把社区卫生服务中心纳入网格联动，建立重点人群健康档案共享机制。"),
    ("qinxuemei", "让“有事好商量”协商议事室常态运转",
     "建议每个街道至少建成一个规范化协商议事室，明确议题征集、协商和反馈流程。"),
]


def _local(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LOCAL_TZ)


def _users(names: list[str]) -> dict[str, User]:
    rows = db.session.scalars(select(User).where(User.username.in_(names)))
    return {u.username: u for u in rows}


def seed_demo() -> int:
    """Records created (0 when the demo consultation work is already there)."""
    if db.session.scalar(select(Topic.id).where(Topic.title == GOVERNANCE)):
        return 0
    people = _users(["niewenhua", "yuhong", "hanbing", "guzhenyu",
                     *[s[0] for s in SPEECHES], "luzhenhua", "tiansiyuan"])
    staff, chair = people.get("hanbing"), people.get("niewenhua")
    if staff is None or chair is None or any(s[0] not in people for s in SPEECHES):
        return 0  # the directory demo is not there: nothing to hang the work on
    created = 0

    def add(obj: Any) -> Any:  # noqa: ANN401
        nonlocal created
        db.session.add(obj)
        created += 1
        return obj

    # 1. From topic to result: the standing-committee deliberation.
    topic = add(Topic(
        title=GOVERNANCE, channel=TopicChannel.party_government, proposer_name="区委办公室",
        background="区委将今年确定为“基层基础建设年”，选派三支队伍下沉全部社区。如何把"
                   "下沉力量转化为长效治理能力，需要听取委员意见。",
        feasibility_note="涉及面广、群众关注，区委区政府主要负责同志将到会听取意见，适合"
                         "以专题议政性常委会议形式协商。",
        research_notes="社会和法制委员会走访了琴台、晴川等社区，召开三次座谈会。",
        state=TopicState.closed, created_by_id=staff.id))
    held_start = _local(2026, 8, 11, 9)
    meeting = add(Meeting(
        title="“提升基层社会治理水平”专题议政性常委会议", form=MeetingForm.standing_committee,
        topic=topic, starts_at=held_start, ends_at=held_start + timedelta(hours=3),
        venue="区政协常委会议室", chair=chair, state=MeetingState.held,
        checkin_code=new_checkin_code(), created_by_id=staff.id,
        description="区委、区政府主要负责同志到会听取意见。"))
    for n, title in enumerate(["通报全区基层社会治理工作情况", "委员大会发言",
                               "区委主要负责同志讲话"], start=1):
        meeting.agenda_items.append(AgendaItem(position=n, title=title))
    for username, _title, _text in SPEECHES:
        meeting.invitations.append(Invitation(
            user=people[username], kind=InviteeKind.member, reply=Reply.attending,
            attendance=Attendance.present, checked_in_at=held_start - timedelta(minutes=20)))
    for username in ("luzhenhua", "tiansiyuan"):
        if username in people:
            meeting.invitations.append(Invitation(
                user=people[username], kind=InviteeKind.member, reply=Reply.leave,
                leave_reason="外出学习", attendance=Attendance.on_leave))
    meeting.invitations.append(Invitation(kind=InviteeKind.official, name="区民政局负责同志",
                                          organisation="区民政局", reply=Reply.attending,
                                          attendance=Attendance.nonvoting))
    db.session.flush()
    for position, (username, title, text) in enumerate(SPEECHES, start=1):
        speech = add(Speech(meeting=meeting, author=people[username], title=title,
                            body=text, mode=SpeechMode.oral,
                            kind=SpeechKind.plenary, minutes=6, state=SpeechState.adopted,
                            position=position))
        if position in (3, 6):
            speech.responses.append(SpeechResponse(
                responder="区民政局负责同志", responder_title="区民政局",
                text="建议很有针对性，将纳入明年社区治理重点工作统筹推进。",
                recorded_by_id=staff.id))
    db.session.flush()
    body = ("2026年8月11日，区政协召开专题议政性常委会议，围绕“提升基层社会治理水平”"
            "协商议政，聂文华主持。\n\n## 一、会议情况\n\n会议听取了全区基层社会治理工作"
            "情况通报，六位委员作大会发言，区有关部门负责同志现场回应。\n\n## 二、主要建议"
            "\n\n（一）推动下沉力量常态化。\n\n（二）完善网格化管理和数据共享。\n\n（三）"
            "建好用好“有事好商量”协商议事室。")
    minutes = add(Minutes(meeting=meeting, title="“提升基层社会治理水平”专题议政性常委会议纪要",
                          body=body, state=MinutesState.issued, revision_number=1,
                          issue_number=1, issued_at=utcnow(), created_by_id=staff.id))
    minutes.revisions.append(MinutesRevision(number=1, title=minutes.title, body=body,
                                             author_id=staff.id))
    result = add(ConsultationResult(
        topic=topic, meeting=meeting, kind=ResultKind.recommendation,
        title="关于提升基层社会治理水平的建议案", recipients="区委、区政府",
        sent_on=date(2026, 8, 25), summary="提出下沉力量常态化、网格化管理、协商议事室建设"
        "等三方面九条建议。", recorded_by_id=staff.id, adoption=Adoption.partly,
        adoption_note="九条建议中七条已采纳，两条列入明年计划。",
        follow_up_due=date(2026, 12, 31)))
    result.instructions.append(LeaderInstruction(
        leader="区委主要负责同志", given_on=date(2026, 8, 28),
        text="建议案很有价值，请区政府认真研究吸纳，区民政局牵头抓好落实。",
        recorded_by_id=staff.id))
    result.follow_ups.append(FollowUpEntry(
        entry_on=date(2026, 10, 15), progress="区民政局已制定社区网格事项清单，正在征求意见。",
        recorded_by_id=staff.id))
    db.session.flush()

    # 2. A topic in selection research, with its research visit.
    grassroots = add(Topic(
              title=GRASSROOTS, channel=TopicChannel.research, proposer_name="江堤街道",
              background="农贸市场周边占道经营、停车难，居民多次反映。",
              feasibility_note="事项具体、涉及面清楚，可在街道层面协商解决。",
              research_notes="调研组到新、老农贸市场和社区实地查看，召开座谈会听取街道、"
                             "社区干部和群众代表意见。需进一步摸清各方诉求，研究协商难点。",
              state=TopicState.under_study, created_by_id=staff.id))
    visit = add(ResearchVisit(
        title="江堤街“协商在基层”选题调研", kind=VisitKind.research, topic=grassroots,
        starts_on=date(2026, 9, 14), ends_on=date(2026, 9, 14),
        leader=people.get("yuhong", chair), created_by_id=staff.id,
        findings="选题群众关注度高，涉及街道、市场管理方和商户，具有协商性。",
        report="## 调研情况\n\n调研组走访新、老农贸市场和社区，召开座谈会。\n\n"
               "## 建议\n\n对议题再调研再摸底，充分征求各方意见后列入议题目录。"))
    for username in ("daijingyi", "qinxuemei"):
        visit.participants.append(VisitParticipant(
            user=people[username], role=ParticipantRole.member,
            status=ParticipantStatus.confirmed))
    visit.participants.append(VisitParticipant(role=ParticipantRole.staff, name="区政协办工作人员",
                                               status=ParticipantStatus.confirmed))
    visit.sites.append(VisitSite(visited_on=date(2026, 9, 14), place="江堤街新农贸市场",
                                 unit="市场管理方", met="商户代表、市场管理人员"))
    visit.sites.append(VisitSite(visited_on=date(2026, 9, 14), place="江堤街道办事处",
                                 unit="江堤街道", met="街道分管负责同志、社区干部和群众代表",
                                 notes="召开“协商在基层”调研座谈会"))

    # 3. A coming topic consultation meeting on the five-year plan.
    plan_topic = add(Topic(title=PLAN_TOPIC, channel=TopicChannel.party_government,
                           proposer_name="区政府办公室",
                           background="编制好“十四五”规划，需要广泛听取委员和专家意见。",
                           state=TopicState.scheduled, created_by_id=staff.id))
    start = (utcnow() + timedelta(days=20)).astimezone(LOCAL_TZ).replace(
        hour=14, minute=30, second=0, microsecond=0)
    coming = add(Meeting(
        title="“十四五”规划编制专题协商会", form=MeetingForm.topic_consultation,
        topic=plan_topic, starts_at=start, ends_at=start + timedelta(hours=3, minutes=30),
        venue="区政协三楼会议室", chair=people.get("yuhong", chair),
        state=MeetingState.scheduled, checkin_code=new_checkin_code(),
        created_by_id=staff.id))
    for username in ("wangxiaolan", "daijingyi", "weiguoliang"):
        coming.invitations.append(Invitation(user=people[username], kind=InviteeKind.member))
    coming.invitations.append(Invitation(kind=InviteeKind.expert, name="区社科联专家",
                                         organisation="区社会科学界联合会"))
    db.session.flush()

    # 3b. A forum held last week whose minutes are still to be drafted (on the board).
    forum_start = (utcnow() - timedelta(days=5)).astimezone(LOCAL_TZ).replace(
        hour=9, minute=0, second=0, microsecond=0)
    forum = add(Meeting(
        title="“老旧小区改造”双周协商座谈会", form=MeetingForm.biweekly, topic=None,
        starts_at=forum_start, ends_at=forum_start + timedelta(hours=2),
        venue="区政协二楼会议室", chair=people.get("yuhong", chair), state=MeetingState.held,
        checkin_code=new_checkin_code(), created_by_id=staff.id))
    for username in ("daijingyi", "gongweidong", "qinxuemei"):
        forum.invitations.append(Invitation(user=people[username], kind=InviteeKind.member,
                                            reply=Reply.attending,
                                            attendance=Attendance.present))
    forum.agenda_items.append(AgendaItem(position=1, title="委员座谈交流"))
    db.session.flush()

    # 4. The published annual plan.
    committee = db.session.scalar(select(Committee).where(Committee.name == "经济委员会"))
    plan = add(ConsultationPlan(year=2026, title="2026年度协商计划", state=PlanState.published,
                                created_by_id=staff.id))
    plan.items.append(PlanItem(topic=topic, quarter=3, form=MeetingForm.standing_committee))
    plan.items.append(PlanItem(topic=plan_topic, quarter=4,
                               form=MeetingForm.topic_consultation,
                               lead_committee_id=committee.id if committee else None))
    db.session.flush()
    plan.versions.append(PlanVersion(number=1, title=plan.title,
                                     items=[i.snapshot() for i in plan.items],
                                     published_by_id=staff.id))
    db.session.flush()
    for kind, obj in (("topic", topic), ("meeting", meeting), ("minutes", minutes),
                      ("plan", plan), ("meeting", coming), ("meeting", forum),
                      ("visit", visit)):
        record_event(kind, obj.id, "create", staff, to_state=obj.state.value)
    # What was issued keeps its PDF, so a new user can download the documents as sent.
    for kind, obj in ((MINUTES_KIND, minutes), (PLAN_KIND, plan), (NOTICE_KIND, coming)):
        issue_document(kind, obj, staff)
    return created
