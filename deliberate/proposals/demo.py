"""Demo proposals (called by ``flask seed-demo``): the proposals of the demo content walked
through the real operations to every state, so a new user sees a living system. Idempotent:
a proposal already present (same session and 案由) is left alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from deliberate.auth.models import User
from deliberate.demo import content as c
from deliberate.directory.models import PlenarySession, Unit
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.models import Proposal
from deliberate.proposals.workflow import today

# A small, valid one-page PDF standing in for a scanned, signed reply letter.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# Where each demo proposal ends up (by its content key); the rest stay submitted.
PLAN = {
    "p01": "closed", "p02": "replied", "p03": "assigned", "p04": "rehandling",
    "p05": "closed", "p06": "overdue", "p07": "registered", "p08": "submitted",
    "p09": "draft", "p10": "withdrawn", "p11": "not_registered", "p12": "assigned",
    "p13": "converted", "p14": "merged", "p15": "extension", "p16": "dispute",
    "p17": "submitted", "p18": "registered", "p19": "closed_second", "p20": "separate",
    "p21": "replied", "p22": "invited",
}

# Invented heads of the handling units, who sign their replies (签发人).
SIGNATORIES = ("王建华", "李振国", "陈志刚", "刘晓明", "张国平", "杨立新", "周文斌", "吴海涛")


def unit_signatory(unit_id: int) -> str:
    return SIGNATORIES[unit_id % len(SIGNATORIES)]


REPLY_TEXT = (
    "收到提案后，我单位高度重视，及时与提案人沟通办理思路。\n\n"
    "1. 提案所提问题已纳入年度重点工作，明确分管领导和责任科室。\n"
    "2. 已会同相关部门开展专题调研，制定了分步实施方案。\n\n"
    "感谢对我单位工作的关心和支持，欢迎继续提出宝贵意见。"
)


def _users(usernames: list[str]) -> dict[str, User]:
    return {u.username: u for u in db.session.scalars(
        select(User).where(User.username.in_(usernames)))}


def _staff_of(unit: Unit, people: dict[str, User]) -> User | None:
    for s in c.UNIT_STAFF:
        if s["unit"] == unit.name and s["username"] in people:
            return people[s["username"]]
    return None


def seed_demo() -> int:
    session = db.session.scalar(select(PlenarySession).where(
        PlenarySession.is_current.is_(True)))
    if session is None:
        return 0
    from deliberate.proposals.demo_history import seed_history

    # The earlier sessions first: their proposals get the lower ids.
    history = seed_history()
    people = _users([p["username"] for group in (c.MEMBERS, c.SECRETARIAT, c.LEADERS,
                                                 c.UNIT_STAFF) for p in group])
    units = {u.name: u for u in db.session.scalars(select(Unit))}
    sec = people.get(c.SECRETARIAT[0]["username"])
    leader = people.get(c.LEADERS[0]["username"])
    if sec is None or leader is None:
        return 0
    existing = set(db.session.scalars(select(Proposal.title).where(
        Proposal.session_id == session.id)))
    created = 0
    made: dict[str, Proposal] = {}
    for item in c.PROPOSALS:
        if item["title"] in existing:
            continue
        p = _walk(item, PLAN.get(item["key"], "submitted"), session, people, units, sec,
                  leader, made)
        if p is not None:
            made[item["key"]] = p
            created += 1
    db.session.flush()
    return history + created


def _walk(item: dict[str, Any], plan: str, session: PlenarySession,
          people: dict[str, User], units: dict[str, Unit], sec: User, leader: User,
          made: dict[str, Proposal]) -> Proposal | None:
    fields = {k: item.get(k, "") for k in ("title", "category", "situation", "analysis",
                                           "suggestions")}
    fields.update(is_plenary=bool(item.get("is_plenary")), may_publish=True)
    suggested = [units[n] for n in item.get("suggested_units", []) if n in units]
    if item.get("collective"):
        author = sec
        p = ops.create_proposal(sec, session, fields, unit_ids=[u.id for u in suggested],
                                collective_name=item.get("proposer_org") or "")
    else:
        author = people.get(item.get("proposer") or "")
        if author is None:
            return None
        p = ops.create_proposal(author, session, fields, unit_ids=[u.id for u in suggested])
        cosigners = [people[u] for u in item.get("co_signers", []) if u in people]
        if cosigners:
            ops.invite_cosigners(p, author, cosigners)
            if plan != "invited":
                for i, u in enumerate(cosigners):
                    # One co-signer declines now and then: unconfirmed names never print.
                    (ops.decline_cosign if plan == "closed" and i == 1
                     else ops.confirm_cosign)(p, u)
    if plan in ("draft", "invited"):
        return p
    ops.submit_proposal(p, author)
    if plan == "withdrawn":
        ops.withdraw_proposal(p, author, note="拟补充调研后作为平时提案提出。")
    elif plan == "not_registered":
        ops.decline_proposal(p, sec, "no_suggestion", "建议内容较为原则，缺少可操作的具体措施。")
    elif plan == "converted":
        ops.convert_proposal(p, sec, suggested[0] if suggested else next(iter(units.values())),
                             note="转有关单位参阅。")
    elif plan == "merged" and made.get("p02") is not None:
        ops.merge_proposal(p, sec, made["p02"], note="与第二号提案反映同一事项，并案办理。")
    if plan in ("submitted", "withdrawn", "not_registered", "converted", "merged"):
        return p
    ops.register_proposal(p, sec)
    if plan == "registered":
        return p
    lead = suggested[0] if suggested else units.get("区发展和改革局")
    others = [u for u in suggested[1:] if u != lead]
    if plan == "separate" and others:
        ops.assign_proposal(p, sec, [(lead.id, "separate")] +
                            [(u.id, "separate") for u in others])
    else:
        ops.assign_proposal(p, sec, [(lead.id, "lead")] + [(u.id, "co") for u in others])
    if item.get("is_key"):
        ops.mark_key(p, sec, leader, note="经主席会议研究确定为重点提案。")
        ops.record_supervision(p, leader, "site_visit", today(),
                               participants=f"{leader.display_name}、{lead.name}",
                               notes="实地查看项目推进情况，听取承办单位汇报。")
    lead_staff = _staff_of(lead, people)
    if lead_staff is None:
        return p
    ops.record_consultation(p, lead_staff, today(), "in_person",
                            "与提案人当面交流办理思路和时间安排。")
    for u in others:
        staff = _staff_of(u, people)
        if staff is not None and plan != "separate":
            ops.post_co_opinion(p, staff, "同意主办单位的办理意见，我单位将在职责范围内积极配合。")
    if plan == "overdue":
        past = today() - timedelta(days=5)
        for a in p.assignments:
            a.due_on = past
        p.due_on = past
        return p
    if plan == "extension":
        ops.request_extension(p, lead_staff, p.due_on + timedelta(days=30),
                              "涉及跨部门协调，需进一步调研论证。")
        return p
    if plan == "dispute":
        target = _staff_of(others[0], people) if others else lead_staff
        ops.dispute_assignment(p, target, "该事项主要职责不在我单位，建议调整承办单位。")
        return p
    if plan in ("assigned",):
        return p
    repliers = [lead_staff] + ([s for s in (_staff_of(u, people) for u in others) if s]
                               if plan == "separate" else [])
    for staff in repliers:
        _reply(p, staff)
    if plan in ("replied", "separate"):
        return p
    giver = p.proposer or sec
    if plan == "rehandling":
        _feedback(p, giver, "dissatisfied", "答复与建议不够对应，希望进一步研究。")
        return p
    if plan == "closed_second":
        _feedback(p, giver, "dissatisfied", "措施不够具体。")
        _reply(p, lead_staff)
        _feedback(p, giver, "basically", "第二次答复更有针对性。")
        return p
    _feedback(p, giver, "satisfied", "办理认真，答复具体。")
    return p


def _reply(p: Proposal, staff: User) -> None:
    ops.reply_proposal(p, staff, {
        "doc_number": f"阳{staff.unit.short_name or staff.unit.name[:2]}函〔{today().year}〕"
                      f"{p.number or 0}号",
        "result_class": "A" if (p.number or 0) % 3 else "B",
        "body": REPLY_TEXT, "signatory": unit_signatory(staff.unit_id),
        "contact_person": staff.display_name,
        # Every fourth reply is not for publication, so the demo shows one too.
        "contact_phone": "027-84000000", "may_publish": (p.number or 0) % 4 != 0,
    }, DEMO_PDF, "reply.pdf")


def _feedback(p: Proposal, giver: User, verdict: str, comment: str) -> None:
    ops.give_feedback(p, giver, {"contact_made": "visited", "attitude": "satisfied",
                                 "relevance": "relevant" if verdict != "dissatisfied"
                                 else "partly", "verdict": verdict, "comment": comment})
