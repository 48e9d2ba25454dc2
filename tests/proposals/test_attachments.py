"""Attachments (附件) to a draft: the proposer adds and removes them while it is a draft;
everyone who sees the proposal downloads them; bad files are refused."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.models import ProposalAttachment
from tests.proposals.conftest import to_state


def attach(client, pid, data, name):
    return client.post(f"/proposals/{pid}/attachments",
                       data={"attach-file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def count():
    return db.session.scalar(select(func.count(ProposalAttachment.id)))


def test_attach_download_remove(auth, world):
    w = world
    p = to_state(w, "draft")
    member = auth.client_for(w.member)
    assert attach(member, p.id, b"col1,col2\n1,2\n", "调研数据.csv").status_code == 302
    db.session.expire_all()
    att = p.attachments[0]
    page = member.get(f"/proposals/{p.id}").get_data(as_text=True)
    assert "调研数据.csv" in page
    r = auth.client_for(w.cosigner).get(f"/proposals/{p.id}/attachments/{att.id}")
    assert r.status_code == 200 and r.data == b"col1,col2\n1,2\n"
    assert r.headers["Content-Type"] == "application/octet-stream"
    assert "attachment;" in r.headers["Content-Disposition"]
    assert auth.client_for(w.other_member).get(
        f"/proposals/{p.id}/attachments/{att.id}").status_code == 404
    assert member.post(f"/proposals/{p.id}/attachments/{att.id}/remove").status_code == 302
    assert count() == 0
    assert member.post(f"/proposals/{p.id}/attachments/999/remove").status_code == 404


def test_bad_attachments_are_refused(auth, world, app):
    w = world
    p = to_state(w, "draft")
    member = auth.client_for(w.member)
    r = attach(member, p.id, b"", "empty.pdf")
    assert r.status_code == 422 and "文件为空" in r.get_data(as_text=True)
    r = attach(member, p.id, b"MZ\x90\x00", "tool.exe")
    assert r.status_code == 422 and "不能作为附件" in r.get_data(as_text=True)
    app.config["PROPOSAL_ATTACHMENT_MAX_BYTES"] = 10
    r = attach(member, p.id, b"x" * 11, "big.txt")
    assert r.status_code == 422 and "文件超过" in r.get_data(as_text=True)
    r = member.post(f"/proposals/{p.id}/attachments", data={})
    assert r.status_code == 422
    assert count() == 0
    # Only the proposer, only while a draft.
    assert attach(auth.client_for(w.cosigner), p.id, b"a", "a.txt").status_code == 403
    q = to_state(w, "submitted")
    assert attach(member, q.id, b"a", "a.txt").status_code == 409
    assert count() == 0


def test_attachment_count_limit_and_odd_names(world, app):
    w = world
    app.config["PROPOSAL_ATTACHMENT_MAX_COUNT"] = 1
    p = to_state(w, "draft")
    a = ops.add_attachment(p, w.member, b"data", "C:\\docs\\re\nport.txt")
    assert a.file.filename == "report.txt"
    db.session.commit()
    from deliberate.core.workflow import InvalidData

    try:
        ops.add_attachment(p, w.member, b"data", "second.txt")
    except InvalidData as e:
        assert "最多" in e.message
    else:
        raise AssertionError("a second attachment was accepted")
