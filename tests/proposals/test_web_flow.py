"""The happy path and the re-handling path through the web screens."""

from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select

from deliberate.extensions import db
from deliberate.proposals.models import Proposal, ProposalState
from deliberate.proposals.workflow import today
from tests.proposals.conftest import BODY, PDF


def _post_ok(client, url, data=None, **kw):
    r = client.post(url, data=data or {}, **kw)
    assert r.status_code == 302, (url, r.status_code, r.get_data(as_text=True)[-1500:])
    return r


def _draft_form(**over):
    data = {k: v for k, v in BODY.items() if k not in ("is_plenary", "may_publish")}
    data.update({"is_plenary": "y", "may_publish": "y"})
    data.update(over)
    return data


def walk_to_reply(auth, w, lead_client=None):
    member = auth.client_for(w.member)
    r = _post_ok(member, "/proposals/new", _draft_form(unit_ids=[w.lead_unit.id]))
    pid = int(r.headers["Location"].rsplit("/", 1)[1])
    url = f"/proposals/{pid}"
    # Search co-signers by pinyin initials and invite.
    page = member.get(f"{url}?q=wf").get_data(as_text=True)
    assert "王芳" in page
    _post_ok(member, f"{url}/invite", {"user_id": [w.cosigner.id]})
    cos = auth.client_for(w.cosigner)
    assert "邀请您联名" in cos.get(url).get_data(as_text=True)
    _post_ok(cos, f"{url}/cosign/confirm")
    p = db.session.get(Proposal, pid)
    _post_ok(member, f"{url}/submit", {"version": p.version})
    sec = auth.client_for(w.secretariat)
    assert "关于加强六盘山地区生态保护的建议" in sec.get("/proposals/review").get_data(as_text=True)
    db.session.expire_all()
    _post_ok(sec, f"{url}/register", {"version": db.session.get(Proposal, pid).version})
    due = (today() + timedelta(days=90)).isoformat()
    db.session.expire_all()
    _post_ok(sec, f"{url}/assign", {"assign-lead_units": [w.lead_unit.id],
                                    "assign-co_units": [w.co_unit.id],
                                    "assign-due_on": due,
                                    "assign-version": db.session.get(Proposal, pid).version})
    lead = lead_client or auth.client_for(w.lead_staff)
    assert "第0001号" in lead.get("/proposals/inbox").get_data(as_text=True)
    _post_ok(lead, f"{url}/consult", {"consult-held_on": today().isoformat(),
                                      "consult-form": "in_person",
                                      "consult-summary": "与提案人面商。"})
    co = auth.client_for(w.co_staff)
    _post_ok(co, f"{url}/co-opinion", {"co-body": "同意主办意见。"})
    reply(lead, url)
    return pid, member, sec, lead


def reply(lead, url, doc="环函〔2026〕12号"):
    _post_ok(lead, f"{url}/reply", {
        "reply-doc_number": doc, "reply-result_class": "A",
        "reply-body": "已纳入计划。", "reply-signatory": "王局长",
        "reply-contact_person": "李科长", "reply-contact_phone": "0954-1234567",
        "reply-may_publish": "y",
        "reply-file": (io.BytesIO(PDF), "reply.pdf", "application/pdf"),
    }, content_type="multipart/form-data")


def feedback(member, url, verdict):
    return member.post(f"{url}/feedback", data={
        "feedback-contact_made": "visited", "feedback-attitude": "satisfied",
        "feedback-relevance": "relevant", "feedback-verdict": verdict,
        "feedback-comment": "谢谢"})


def test_happy_path_through_the_web(auth, world):
    pid, member, _sec, _lead = walk_to_reply(auth, world)
    url = f"/proposals/{pid}"
    page = member.get(url).get_data(as_text=True)
    assert "环函〔2026〕12号" in page and "已答复" in page
    reply_id = db.session.get(Proposal, pid).replies[0].id
    r = member.get(f"/proposals/replies/{reply_id}/file")
    assert r.status_code == 200 and r.data.startswith(b"%PDF-")
    assert feedback(member, url, "satisfied").status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, pid).state == ProposalState.closed
    timeline = member.get(url).get_data(as_text=True)
    for label in ("提交", "立案", "交办", "办复"):
        assert label in timeline


def test_rehandling_path_through_the_web(auth, world):
    pid, member, sec, lead = walk_to_reply(auth, world)
    url = f"/proposals/{pid}"
    assert feedback(member, url, "dissatisfied").status_code == 302
    db.session.expire_all()
    p = db.session.get(Proposal, pid)
    assert p.state == ProposalState.rehandling and p.round == 2
    assert "重新办理" in lead.get("/proposals/inbox").get_data(as_text=True)
    reply(lead, url, doc="环函〔2026〕30号")
    assert feedback(member, url, "basically").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Proposal.state).where(Proposal.id == pid)) == \
        ProposalState.closed
