"""An unpublished reply reaches only the secretariat, the proposers (those of merged
proposals included) and its unit, on every way out; the second-round rule and the feedback
window through the web; the "2 of 3 units replied" column; every working-list filter."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from deliberate.core import search as engine
from deliberate.core.events import Event
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals import workflow as wf
from deliberate.proposals.models import Proposal, ProposalState
from tests.proposals.conftest import FEEDBACK, PDF, REPLY, to_state
from tests.proposals.test_web_flow import feedback, reply

SECRET = "内部答复正文QWZ"


def _merged_world(w, factory):
    """A registered proposal (with a co-signer) into which another member's proposal was
    merged, assigned to the lead unit and the co unit, replied with may_publish off."""
    target = to_state(w, "registered")
    merged = ops.create_proposal(w.other_member, w.session, {
        "title": "同题提案", "category": "ecology", "situation": "情况", "analysis": "分析",
        "suggestions": "建议"})
    ops.submit_proposal(merged, w.other_member)
    ops.merge_proposal(merged, w.secretariat, target)
    ops.assign_proposal(target, w.secretariat, [(w.lead_unit.id, "lead"),
                                                (w.co_unit.id, "co")])
    r = ops.reply_proposal(target, w.lead_staff, dict(REPLY, may_publish=False, body=SECRET),
                           PDF, "r.pdf")
    db.session.commit()
    return target, merged, r


def test_unpublished_reply_reaches_only_those_inside(auth, world, factory):
    w = world
    target, merged, r = _merged_world(w, factory)
    stranger = factory.user("member", display_name="路人")
    db.session.commit()
    inside = {"proposer": True, "cosigner": True, "other_member": True,  # merged proposer
              "secretariat": True, "lead_unit": True,
              "co_unit": False, "leader": False, "admin": False, "other_unit": False,
              "stranger": False}
    people = {**w.users(), "stranger": stranger}
    for role, sees in inside.items():
        user = people[role]
        c = auth.client_for(user)
        page = c.get(f"/proposals/{target.id}")
        text = page.get_data(as_text=True)
        assert (SECRET in text) == sees, role
        assert c.get(f"/proposals/replies/{r.id}/file").status_code == \
            (200 if sees else 404), role
        # The reply letter (official PDF) and its HTML preview.
        if not sees:
            # (the documents domain refuses with 403 rather than 404; either way nothing)
            assert c.get(f"/documents/reply/{r.id}.pdf").status_code in (403, 404), role
            assert c.get(f"/documents/reply/{r.id}/preview").status_code in (403, 404), \
                role
        # Search: neither the text nor the hit.
        assert (engine.search(user, "QWZ").total > 0) == sees, role
        # The timeline never carries the text.
        assert SECRET not in text.split('data-testid="timeline"')[-1]
    # The merged proposal's own page points to where the reply is.
    other = auth.client_for(w.other_member).get(f"/proposals/{merged.id}")
    assert other.status_code == 200 and target.number_label in other.get_data(as_text=True)
    # The event log keeps the letter's particulars, not its text.
    events = db.session.scalars(select(Event).where(Event.object_type == "proposal",
                                                    Event.action == "reply"))
    assert all(SECRET not in str(e.data) and SECRET not in e.note for e in events)


def test_second_round_rule_through_the_web(auth, world):
    """Still 不满意 after re-handling: recorded; the secretariat closes only with the
    record of a face-to-face meeting or formal explanation."""
    w = world
    p = to_state(w, "rehandling")
    url = f"/proposals/{p.id}"
    lead, member = auth.client_for(w.lead_staff), auth.client_for(w.member)
    sec = auth.client_for(w.secretariat)
    reply(lead, url, doc="环函〔2026〕31号")
    assert feedback(member, url, "dissatisfied").status_code == 302
    db.session.expire_all()
    p = db.session.get(Proposal, p.id)
    assert p.state == ProposalState.replied and [f.verdict.value for f in p.feedbacks] == \
        ["dissatisfied", "dissatisfied"]
    # A third verdict is refused; so is closing without the record.
    assert feedback(member, url, "satisfied").status_code == 409
    r = sec.post(f"{url}/close", data={"close-note": "  "})
    assert r.status_code == 409 and "办结前请记录当面沟通或正式说明情况" in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Proposal, p.id).state == ProposalState.replied
    # Nobody else may close.
    assert member.post(f"{url}/close", data={"close-note": "我来办结"}).status_code == 403
    r = sec.post(f"{url}/close", data={"close-note": "已与提案人当面沟通，作出正式说明。"})
    assert r.status_code == 302
    db.session.expire_all()
    p = db.session.get(Proposal, p.id)
    assert p.state == ProposalState.closed
    timeline = member.get(url).get_data(as_text=True)
    assert "已与提案人当面沟通，作出正式说明。" in timeline


def test_feedback_window_then_the_secretariat_may_close(auth, world, monkeypatch):
    w = world
    p = to_state(w, "replied")
    url = f"/proposals/{p.id}"
    sec = auth.client_for(w.secretariat)
    page = sec.get(url).get_data(as_text=True)
    assert 'data-testid="action-close"' not in page
    assert sec.post(f"{url}/close", data={}).status_code == 409
    db.session.expire_all()
    assert db.session.get(Proposal, p.id).state == ProposalState.replied
    monkeypatch.setattr(wf, "today", lambda: p.feedback_due_on + timedelta(days=1))
    assert 'data-testid="action-close"' in sec.get(url).get_data(as_text=True)
    assert sec.post(f"{url}/close", data={"close-note": "征询期满未反馈"}).status_code == 302
    db.session.expire_all()
    p = db.session.get(Proposal, p.id)
    assert p.state == ProposalState.closed and not p.feedbacks


def test_replied_count_column(auth, world):
    w = world
    p = to_state(w, "registered", with_cosigner=False)
    ops.assign_proposal(p, w.secretariat, [(w.lead_unit.id, "separate"),
                                           (w.co_unit.id, "separate"),
                                           (w.third_unit.id, "separate")])
    ops.reply_proposal(p, w.lead_staff, dict(REPLY), PDF, "a.pdf")
    ops.reply_proposal(p, w.third_staff, dict(REPLY), PDF, "c.pdf")
    db.session.commit()
    sec = auth.client_for(w.secretariat)
    page = sec.get("/proposals/?state=assigned").get_data(as_text=True)
    assert p.number_label in page and "3个单位中2个已答复" in page
    ops.reply_proposal(p, w.co_staff, dict(REPLY), PDF, "b.pdf")
    db.session.commit()
    page = sec.get("/proposals/?state=replied").get_data(as_text=True)
    assert "3个单位中3个已答复" in page


def test_every_working_list_filter(auth, world, factory):
    from deliberate.directory.models import MemberProfile

    w = world
    sector = factory.sector("经济界")
    a = to_state(w, "assigned", with_cosigner=False)
    b = to_state(w, "registered")
    late = to_state(w, "replied", with_cosigner=False)
    late.is_replied_late = True
    soon = to_state(w, "assigned", with_cosigner=False)
    soon.due_on = wf.today() + timedelta(days=3)
    overdue = to_state(w, "assigned", with_cosigner=False)
    overdue.due_on = wf.today() - timedelta(days=3)
    ops.mark_key(a, w.secretariat, w.leader)
    b.category = "economy"
    if sector is not None:
        profile = db.session.scalar(select(MemberProfile).where(
            MemberProfile.user_id == w.member.id))
        if profile is None:
            profile = MemberProfile(user_id=w.member.id)
            db.session.add(profile)
        profile.sector_id = sector.id
    db.session.commit()
    c = auth.client_for(w.secretariat)

    def shown(query):
        page = c.get("/proposals/?" + query).get_data(as_text=True)
        return {x.id for x in (a, b, late, soon, overdue)
                if f'href="/proposals/{x.id}"' in page}

    everything = {a.id, b.id, late.id, soon.id, overdue.id}
    assert shown("") == everything
    assert shown("state=registered") == {b.id}
    assert shown("category=economy") == {b.id}
    assert shown(f"session={w.session.id}") == everything
    assert shown(f"unit={w.lead_unit.id}") == {a.id, late.id, soon.id, overdue.id}
    assert shown("proposer_type=joint") == {b.id}
    assert shown("proposer_type=member") == {a.id, late.id, soon.id, overdue.id}
    assert shown("key=1") == {a.id}
    assert shown("due=soon") == {soon.id}
    assert shown("due=overdue") == {overdue.id}
    assert shown("due=late") == {late.id}
    assert shown("q=六盘山") == everything
    if sector is not None:
        assert shown(f"sector={sector.id}") == everything
    for sort in ("number", "due", "newest"):
        assert shown(f"sort={sort}") == everything
    page = c.get("/proposals/?sort=number").get_data(as_text=True)
    order = [page.index(f'href="/proposals/{x.id}"') for x in sorted(
        (a, b, late, soon, overdue), key=lambda x: x.number)]
    assert order == sorted(order)
    # Each row: number, 案由, proposer, units, state, due date.
    row = page[page.index(soon.number_label):]
    row = row[:row.index("</tr>")]
    for part in (soon.title, "张雅文", "生态环境局", "已交办", soon.due_on.isoformat()[:4]):
        assert part in row, part


def test_feedback_keeps_rich_answers(auth, world):
    """The feedback form's richer questions are recorded with the verdict."""
    w = world
    p = to_state(w, "replied")
    member = auth.client_for(w.member)
    r = member.post(f"/proposals/{p.id}/feedback", data={
        "feedback-contact_made": "phone", "feedback-attitude": "understanding",
        "feedback-relevance": "partly", "feedback-verdict": "basically",
        "feedback-comment": "基本满意"})
    assert r.status_code == 302
    db.session.expire_all()
    f = db.session.get(Proposal, p.id).feedbacks[0]
    assert (f.contact_made.value, f.attitude.value, f.relevance.value, f.verdict.value) == \
        ("phone", "understanding", "partly", "basically")
    assert FEEDBACK  # the shared answers stay importable for other tests


def test_reply_form_warns_until_the_unit_has_consulted(auth, world):
    w = world
    p = to_state(w, "assigned")
    lead = auth.client_for(w.lead_staff)
    assert 'data-testid="no-consultation"' in lead.get(f"/proposals/{p.id}").get_data(
        as_text=True)
    ops.record_consultation(p, w.lead_staff, wf.today(), "in_person", "面商")
    db.session.commit()
    page = lead.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert 'data-testid="no-consultation"' not in page and 'data-testid="action-reply"' in page
