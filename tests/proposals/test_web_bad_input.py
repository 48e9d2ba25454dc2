"""Bad input on every proposal form: a clear Chinese message, a 4xx, nothing written."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from deliberate.core.events import Event
from deliberate.extensions import db
from deliberate.proposals.models import Proposal, ProposalState, Reply
from deliberate.proposals.workflow import today
from tests.proposals.conftest import PDF, to_state
from tests.proposals.test_web_flow import _draft_form, feedback


def events():
    return db.session.scalar(select(func.count(Event.id)))


def assert_refused(r, status, *texts):
    body = r.get_data(as_text=True)
    assert r.status_code == status, (r.status_code, body[-800:])
    for t in texts:
        assert t in body, (t, body[-1500:])


def test_new_draft_bad_input(auth, world):
    c = auth.client_for(world.member)
    before = events()
    assert_refused(c.post("/proposals/new", data=_draft_form(title="")), 422, "此项为必填项")
    assert_refused(c.post("/proposals/new", data=_draft_form(title="长" * 201)), 422)
    assert_refused(c.post("/proposals/new", data=_draft_form(category="sports")), 422)
    assert_refused(c.post("/proposals/new", data=_draft_form(situation="x" * 20001)), 422)
    assert_refused(c.post("/proposals/new", data=_draft_form(unit_ids=["999999"])), 422)
    no_pub = _draft_form()
    no_pub.pop("may_publish")
    assert_refused(c.post("/proposals/new", data=no_pub), 422, "不宜公开的理由")
    assert events() == before and not db.session.scalar(select(func.count(Proposal.id)))
    # Units may not file proposals.
    assert auth.client_for(world.lead_staff).post(
        "/proposals/new", data=_draft_form()).status_code == 403
    # The secretariat files for a collective and must name it.
    sec = auth.client_for(world.secretariat)
    assert_refused(sec.post("/proposals/new", data=_draft_form()), 422, "集体提案者")


def test_submit_incomplete_and_locked_afterwards(auth, world):
    w = world
    p = to_state(w, "draft", with_cosigner=False)
    p.suggestions = ""
    db.session.commit()
    c = auth.client_for(w.member)
    assert_refused(c.post(f"/proposals/{p.id}/submit", data={"version": p.version}), 409,
                   "具体建议")
    p.suggestions = "建议"
    db.session.commit()
    assert c.post(f"/proposals/{p.id}/submit", data={"version": p.version}).status_code == 302
    # The text is locked now.
    assert_refused(c.get(f"/proposals/{p.id}/edit"), 409, "不能")
    assert_refused(c.post(f"/proposals/{p.id}/edit", data=_draft_form()), 409)


def test_stale_edit_is_refused_with_a_clear_message(auth, world):
    w = world
    p = to_state(w, "draft", with_cosigner=False)
    c = auth.client_for(w.member)
    seen = p.version
    assert c.post(f"/proposals/{p.id}/edit",
                  data=_draft_form(title="第一次", version=seen)).status_code == 302
    r = c.post(f"/proposals/{p.id}/edit", data=_draft_form(title="第二次", version=seen))
    assert_refused(r, 409, "他人修改")
    db.session.expire_all()
    assert db.session.get(Proposal, p.id).title == "第一次"


def test_wrong_user_and_wrong_state(auth, world):
    w = world
    p = to_state(w, "submitted")
    other = auth.client_for(w.other_member)
    # Another member cannot even see it: 404, not 403.
    assert other.post(f"/proposals/{p.id}/withdraw").status_code == 404
    # A co-signer sees it but may not withdraw: 403.
    assert_refused(auth.client_for(w.cosigner).post(f"/proposals/{p.id}/withdraw"), 403,
                   "无权")
    sec = auth.client_for(w.secretariat)
    assert_refused(sec.post(f"/proposals/{p.id}/assign", data={
        "assign-lead_units": [w.lead_unit.id]}), 409, "不能")
    assert_refused(auth.client_for(w.member).post(f"/proposals/{p.id}/register"), 403)
    assert auth.client_for(w.member).post(f"/proposals/{p.id}/cosign/maybe").status_code == 404
    assert sec.post("/proposals/999999/register").status_code == 404


@pytest.mark.parametrize("url,data,text", [
    ("return", {}, "此项为必填项"),
    ("return", {"return-reason": "x" * 2001}, ""),
    ("decline", {"decline-ground": "nonsense", "decline-note": "n"}, ""),
    ("decline", {"decline-ground": "personal"}, "此项为必填项"),
    ("convert", {"convert-unit_id": "999999"}, ""),
    ("merge", {"merge-target_number": "abc"}, ""),
])
def test_review_forms_bad_input(auth, world, url, data, text):
    p = to_state(world, "submitted")
    sec = auth.client_for(world.secretariat)
    before = events()
    r = sec.post(f"/proposals/{p.id}/{url}", data=data)
    assert_refused(r, 422, text)
    assert events() == before
    db.session.expire_all()
    assert db.session.get(Proposal, p.id).state == ProposalState.submitted


def test_merge_into_unknown_number(auth, world):
    p = to_state(world, "submitted")
    r = auth.client_for(world.secretariat).post(f"/proposals/{p.id}/merge",
                                                data={"merge-target_number": "77"})
    assert_refused(r, 409, "没有该案号")


def test_assign_bad_input(auth, world):
    w = world
    p = to_state(w, "registered")
    sec = auth.client_for(w.secretariat)
    url = f"/proposals/{p.id}/assign"
    assert_refused(sec.post(url, data={}), 422, "请至少选择一个单位")
    assert_refused(sec.post(url, data={"assign-co_units": [w.co_unit.id]}), 409,
                   "主办单位")
    past = (today() - timedelta(days=1)).isoformat()
    assert_refused(sec.post(url, data={"assign-lead_units": [w.lead_unit.id],
                                       "assign-due_on": past}), 409, "办理期限必须晚于今天")
    assert_refused(sec.post(url, data={"assign-lead_units": [w.lead_unit.id],
                                       "assign-due_on": "2026-02-30"}), 422)
    assert_refused(auth.client_for(w.lead_staff).post(url, data={
        "assign-lead_units": [w.lead_unit.id]}), 404)


def _reply_data(**over):
    data = {"reply-doc_number": "环函〔2026〕1号", "reply-result_class": "A",
            "reply-body": "答复", "reply-signatory": "王局长",
            "reply-contact_person": "李科长", "reply-contact_phone": "0954-1",
            "reply-file": (io.BytesIO(PDF), "r.pdf", "application/pdf")}
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("over,status,text", [
    ({"reply-file": (io.BytesIO(b"GIF89a not a pdf"), "r.pdf")}, 422, "不是PDF"),
    ({"reply-file": (io.BytesIO(b""), "r.pdf")}, 422, ""),
    ({"reply-file": None}, 422, "请上传签发后的PDF答复件"),
    ({"reply-result_class": "Z"}, 422, ""),
    ({"reply-signatory": ""}, 422, "此项为必填项"),
    ({"reply-doc_number": "号" * 65}, 422, ""),
])
def test_reply_bad_input(auth, world, over, status, text):
    p = to_state(world, "assigned")
    c = auth.client_for(world.lead_staff)
    r = c.post(f"/proposals/{p.id}/reply", data=_reply_data(**over),
               content_type="multipart/form-data")
    assert_refused(r, status, text)
    assert not db.session.scalar(select(func.count(Reply.id)))


def test_reply_file_over_the_limit(auth, world, app):
    app.config["PROPOSAL_REPLY_MAX_BYTES"] = 1024
    p = to_state(world, "assigned")
    big = PDF + b"0" * 2048
    r = auth.client_for(world.lead_staff).post(
        f"/proposals/{p.id}/reply", data=_reply_data(**{"reply-file": (io.BytesIO(big),
                                                                       "big.pdf")}),
        content_type="multipart/form-data")
    assert_refused(r, 422, "文件超过")
    assert not db.session.scalar(select(func.count(Reply.id)))


def test_reply_by_the_wrong_unit(auth, world):
    p = to_state(world, "assigned")
    # The co unit may see the proposal but not reply; a stranger unit cannot see it.
    assert_refused(auth.client_for(world.co_staff).post(
        f"/proposals/{p.id}/reply", data=_reply_data(), content_type="multipart/form-data"),
        403, "无权")
    assert auth.client_for(world.third_staff).post(
        f"/proposals/{p.id}/reply", data=_reply_data(),
        content_type="multipart/form-data").status_code == 404


def test_unit_forms_bad_input(auth, world, monkeypatch):
    w = world
    p = to_state(w, "assigned")
    lead = auth.client_for(w.lead_staff)
    base = f"/proposals/{p.id}"
    assert_refused(lead.post(f"{base}/dispute", data={}), 422, "此项为必填项")
    assert_refused(lead.post(f"{base}/consult", data={"consult-held_on": "x",
                                                      "consult-form": "phone",
                                                      "consult-summary": "s"}), 422)
    future = (today() + timedelta(days=3)).isoformat()
    assert_refused(lead.post(f"{base}/consult", data={"consult-held_on": future,
                                                      "consult-form": "phone",
                                                      "consult-summary": "s"}), 422,
                   "日期不能晚于今天")
    # Only a co unit sends a co-opinion.
    assert_refused(lead.post(f"{base}/co-opinion", data={"co-body": "x"}), 403)
    far = (p.assigned_on + timedelta(days=200)).isoformat()
    assert_refused(lead.post(f"{base}/extension", data={"ext-until": far,
                                                        "ext-reason": "r"}), 409,
                   "最迟只能延期至")
    assert_refused(lead.post(f"{base}/extension", data={"ext-reason": "r"}), 422)
    # A dispute after its window.
    from deliberate.core import dates
    from deliberate.proposals import workflow as wf

    later = dates.add_working_days(today(), 12)
    monkeypatch.setattr(wf, "today", lambda: later)
    assert_refused(lead.post(f"{base}/dispute", data={"dispute-reason": "晚了"}), 409,
                   "申请调整的期限已过")


def test_decision_forms_bad_input(auth, world):
    from deliberate.proposals import operations as ops

    w = world
    p = to_state(w, "assigned")
    d = ops.dispute_assignment(p, w.co_staff, "理由")
    r = ops.request_extension(p, w.lead_staff, p.due_on + timedelta(days=10), "理由")
    db.session.commit()
    sec = auth.client_for(w.secretariat)
    base = f"/proposals/{p.id}"
    assert_refused(sec.post(f"{base}/dispute-decision", data={
        "dispute_decision-dispute_id": d.id, "dispute_decision-decision": "accept"}), 422,
        "请至少选择一个单位")
    assert_refused(sec.post(f"{base}/dispute-decision", data={
        "dispute_decision-dispute_id": 99999, "dispute_decision-decision": "reject"}), 404)
    assert_refused(sec.post(f"{base}/extension-decision", data={
        "ext_decision-request_id": r.id, "ext_decision-decision": "refuse"}), 422,
        "请填写不同意的理由")
    assert_refused(sec.post(f"{base}/extension-decision", data={
        "ext_decision-request_id": r.id, "ext_decision-decision": "maybe"}), 422)
    assert sec.post(f"{base}/extension-decision", data={
        "ext_decision-request_id": r.id, "ext_decision-decision": "grant"}).status_code == 302
    assert_refused(sec.post(f"{base}/extension-decision", data={
        "ext_decision-request_id": r.id, "ext_decision-decision": "grant"}), 409,
        "此申请已处理")


def test_feedback_bad_input(auth, world):
    w = world
    p = to_state(w, "replied")
    base = f"/proposals/{p.id}"
    assert_refused(auth.client_for(w.cosigner).post(f"{base}/feedback", data={
        "feedback-verdict": "satisfied"}), 403)
    member = auth.client_for(w.member)
    assert_refused(member.post(f"{base}/feedback", data={"feedback-verdict": "satisfied"}),
                   422)
    assert_refused(feedback(member, base, "wonderful"), 422)
    assert feedback(member, base, "satisfied").status_code == 302
    assert_refused(feedback(member, base, "satisfied"), 409)


def test_bulk_assignment_keeps_filters_and_is_all_or_nothing(auth, world):
    w = world
    a = to_state(w, "registered", with_cosigner=False)
    b = to_state(w, "registered", with_cosigner=False)
    c = to_state(w, "assigned", with_cosigner=False)
    sec = auth.client_for(w.secretariat)
    back = "/proposals/?state=registered&category=ecology"
    due = (today() + timedelta(days=60)).isoformat()
    # One proposal is already assigned: nothing is assigned, the list comes back.
    r = sec.post("/proposals/bulk-assign", data={
        "bulk-ids": [a.id, c.id], "bulk-lead_units": [w.lead_unit.id],
        "bulk-due_on": due, "bulk-next": back})
    assert r.status_code == 303 and r.headers["Location"].endswith(back)
    db.session.expire_all()
    assert db.session.get(Proposal, a.id).state == ProposalState.registered
    page = sec.get(back).get_data(as_text=True)
    assert "未交办任何提案" in page
    r = sec.post("/proposals/bulk-assign", data={
        "bulk-ids": [a.id, b.id], "bulk-lead_units": [w.lead_unit.id],
        "bulk-co_units": [w.co_unit.id], "bulk-due_on": due, "bulk-next": back})
    assert r.status_code == 302 and r.headers["Location"].endswith(back)
    db.session.expire_all()
    for pid in (a.id, b.id):
        p = db.session.get(Proposal, pid)
        assert p.state == ProposalState.assigned and len(p.active_assignments) == 2
        assert p.due_on.isoformat() == due
    assert "已交办2件提案" in sec.get(back).get_data(as_text=True)
    # No units, no proposals, a foreign redirect target, another role.
    r = sec.post("/proposals/bulk-assign", data={"bulk-ids": [a.id],
                                                 "bulk-next": "https://evil.example/"})
    assert r.status_code == 303 and "evil" not in r.headers["Location"]
    assert auth.client_for(w.member).post("/proposals/bulk-assign", data={
        "bulk-ids": [a.id], "bulk-lead_units": [w.lead_unit.id]}).status_code == 403


def test_preview_renders_sanitised_markdown(auth, world):
    c = auth.client_for(world.member)
    r = c.post("/proposals/preview", data={"text": "**要点**<script>alert(1)</script>"})
    assert r.status_code == 200
    assert "<strong>要点</strong>" in r.json["html"] and "<script>" not in r.json["html"]
    assert auth.client_for(world.lead_staff).post("/proposals/preview",
                                                  data={"text": "x"}).status_code == 403


def test_invite_bad_input(auth, world):
    w = world
    p = to_state(w, "draft", with_cosigner=False)
    c = auth.client_for(w.member)
    assert_refused(c.post(f"/proposals/{p.id}/invite", data={}), 422, "请选择要邀请的委员")
    assert_refused(c.post(f"/proposals/{p.id}/invite", data={"user_id": [w.lead_staff.id]}),
                   422, "只能邀请其他在任委员联名")
    assert c.post(f"/proposals/{p.id}/invite", data={"user_id": [w.cosigner.id]}).status_code \
        == 302
    assert_refused(c.post(f"/proposals/{p.id}/invite", data={"user_id": [w.cosigner.id]}),
                   422, "已被邀请")
    # Someone not invited cannot answer.
    assert auth.client_for(w.other_member).post(
        f"/proposals/{p.id}/cosign/confirm").status_code == 404
