"""The daily reminder (idempotent per day), the deadlines board and the key-proposal list."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from deliberate.core.notify import Notification
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.models import ProposalReminder
from deliberate.proposals.workflow import today
from tests.proposals.conftest import PDF, REPLY, to_state
from tests.proposals.test_query_counts import statements


def kinds(user):
    return sorted(db.session.scalars(select(Notification.kind).where(
        Notification.user_id == user.id, Notification.kind.like("proposal_%due%")
        | Notification.kind.in_(["proposal_overdue", "proposal_verdict"]))))


def test_remind_is_idempotent_per_day(runner, world):
    w = world
    soon = to_state(w, "assigned")
    soon.due_on = today() + timedelta(days=3)
    for a in soon.assignments:
        a.due_on = soon.due_on
    late = to_state(w, "assigned", with_cosigner=False)
    late.due_on = today() - timedelta(days=2)
    ops.post_co_opinion(late, w.co_staff, "已提交会办意见")
    far = to_state(w, "assigned", with_cosigner=False)
    assert far.due_on > today() + timedelta(days=30)
    waiting = to_state(w, "replied", with_cosigner=False)
    db.session.commit()
    first = runner.invoke(args=["remind"])
    assert first.exit_code == 0, first.output
    # soon: lead + co units; late: lead only (the co unit has sent its opinion); waiting:
    # the proposer.
    assert "4 reminder(s) sent" in first.output
    assert kinds(w.lead_staff) == ["proposal_due_soon", "proposal_overdue"]
    assert kinds(w.co_staff) == ["proposal_due_soon"]
    assert kinds(w.member) == ["proposal_verdict"]
    assert kinds(w.third_staff) == []
    second = runner.invoke(args=["remind"])
    assert "0 reminder(s) sent" in second.output
    assert db.session.scalar(select(func.count(ProposalReminder.id))) == 4
    # The next day, reminders go out again.
    tomorrow = (today() + timedelta(days=1)).isoformat()
    third = runner.invoke(args=["remind", "--on", tomorrow])
    assert "4 reminder(s) sent" in third.output
    assert waiting.id and far.id
    bad = runner.invoke(args=["remind", "--on", "tomorrow"])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output


def test_remind_subject_is_chinese(runner, world):
    p = to_state(world, "replied", with_cosigner=False)
    runner.invoke(args=["remind"])
    subject = db.session.scalar(select(Notification.subject).where(
        Notification.user_id == world.member.id, Notification.kind == "proposal_verdict"))
    assert "请" in subject and p.number_label in subject


def test_deadline_board(auth, world):
    w = world
    late = to_state(w, "assigned")
    late.due_on = today() - timedelta(days=1)
    soon = to_state(w, "assigned", with_cosigner=False)
    soon.due_on = today() + timedelta(days=2)
    asking = to_state(w, "assigned", with_cosigner=False)
    ops.request_extension(asking, w.lead_staff, asking.due_on + timedelta(days=5), "需要")
    ops.dispute_assignment(asking, w.co_staff, "不属于我单位")
    waiting = to_state(w, "replied", with_cosigner=False)
    db.session.commit()
    c = auth.client_for(w.secretariat)
    page = c.get("/proposals/deadlines").get_data(as_text=True)

    def section(key):
        start = page.index(f'data-testid="board-{key}"')
        return page[start:page.index("</section>", start)]

    assert late.number_label in section("overdue") and soon.number_label not in section("overdue")
    assert soon.number_label in section("due_soon")
    assert asking.number_label in section("requests") and "延期申请" in section("requests")
    assert waiting.number_label in section("verdict")
    n = statements(c, "/proposals/deadlines")
    for _ in range(3):
        extra = to_state(w, "assigned", with_cosigner=False)
        extra.due_on = today() - timedelta(days=3)
        ops.dispute_assignment(extra, w.co_staff, "调整")
    db.session.commit()
    assert statements(c, "/proposals/deadlines") == n
    assert auth.client_for(w.leader).get("/proposals/deadlines").status_code == 403


def test_key_proposals_for_leaders(auth, world, factory):
    w = world
    mine = to_state(w, "assigned")
    ops.mark_key(mine, w.secretariat, w.leader)
    ops.record_supervision(mine, w.leader, "symposium", today(), participants="陈主席",
                           notes="召开协商座谈会")
    other_leader = factory.user("leader")
    theirs = to_state(w, "assigned", with_cosigner=False)
    ops.mark_key(theirs, w.secretariat, other_leader)
    ops.reply_proposal(theirs, w.lead_staff, dict(REPLY), PDF, "r.pdf")
    db.session.commit()
    page = auth.client_for(w.leader).get("/proposals/key").get_data(as_text=True)
    assert mine.title in page and "协商座谈" in page and theirs.number_label not in page
    sec = auth.client_for(w.secretariat).get("/proposals/key").get_data(as_text=True)
    assert mine.number_label in sec and theirs.number_label in sec
    assert auth.client_for(w.member).get("/proposals/key").status_code == 403
    # The supervising leader records supervision from the detail page.
    leader = auth.client_for(w.leader)
    r = leader.post(f"/proposals/{mine.id}/supervise", data={
        "supervise-form": "site_visit", "supervise-held_on": today().isoformat(),
        "supervise-participants": "陈主席、生态环境局", "supervise-notes": "实地查看"})
    assert r.status_code == 302
    assert leader.post(f"/proposals/{theirs.id}/supervise", data={
        "supervise-form": "visit", "supervise-held_on": today().isoformat()}).status_code == 403
    r = leader.post(f"/proposals/{mine.id}/supervise", data={"supervise-form": "party"})
    assert r.status_code == 422
    # Marking key from the web.
    p = to_state(w, "registered", with_cosigner=False)
    sec_client = auth.client_for(w.secretariat)
    assert sec_client.post(f"/proposals/{p.id}/key", data={
        "key-leader_id": w.leader.id}).status_code == 302
    assert sec_client.post(f"/proposals/{p.id}/key", data={
        "key-leader_id": w.member.id}).status_code == 422
