"""Co-signing through the web: the invitation arrives in the inbox, leads to the proposal,
is confirmed or declined there; only confirmed co-signers count or print, the first proposer
signs first, and an invitation still open at submission lapses."""

from __future__ import annotations

from sqlalchemy import select

from deliberate.core.notify import Notification
from deliberate.extensions import db
from deliberate.proposals.models import CoSignerStatus, Proposal, ProposerType
from tests.proposals.conftest import make_draft


def _open_invitation(client, user, proposal_id):
    """From the inbox to the proposal page, as the invitee would."""
    inbox = client.get("/inbox").get_data(as_text=True)
    note = db.session.scalar(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "proposal_cosign"))
    assert note is not None and f"/inbox/{note.id}" in inbox
    r = client.get(f"/inbox/{note.id}")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/proposals/{proposal_id}")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="invitation"' in page
    return page


def test_invitations_answered_from_the_inbox(auth, world, factory):
    w = world
    late = factory.user("member", display_name="赵迟复")
    db.session.commit()
    p = make_draft(w)
    url = f"/proposals/{p.id}"
    member = auth.client_for(w.member)
    r = member.post(f"{url}/invite", data={"user_id": [w.cosigner.id, w.other_member.id,
                                                       late.id]})
    assert r.status_code == 302
    # One declines, one confirms, one never answers.
    declining = auth.client_for(w.cosigner)
    _open_invitation(declining, w.cosigner, p.id)
    assert declining.post(f"{url}/cosign/decline").status_code == 302
    # Declined: the draft is private again, and the answer cannot be changed.
    assert declining.get(url).status_code == 404
    assert declining.post(f"{url}/cosign/confirm").status_code == 404
    confirming = auth.client_for(w.other_member)
    _open_invitation(confirming, w.other_member, p.id)
    assert confirming.post(f"{url}/cosign/confirm").status_code == 302
    assert confirming.post(f"{url}/cosign/maybe").status_code == 404
    # The proposer hears both answers.
    answers = set(db.session.scalars(select(Notification.subject).where(
        Notification.user_id == w.member.id, Notification.kind == "proposal_cosign")))
    assert answers == {"王芳谢绝联名提案“关于加强六盘山地区生态保护的建议”",
                       "李明已同意联名提案“关于加强六盘山地区生态保护的建议”"}
    page = member.get(url).get_data(as_text=True)
    signers = page[page.index('data-testid="signers"'):]
    signers = signers[:signers.index("</")]
    assert "张雅文" in signers and "李明" in signers and "王芳" not in signers
    assert signers.index("张雅文") < signers.index("李明")  # the first proposer first
    db.session.expire_all()
    p = db.session.get(Proposal, p.id)
    r = member.post(f"{url}/submit", data={"version": p.version})
    assert r.status_code == 302
    db.session.expire_all()
    p = db.session.get(Proposal, p.id)
    assert p.proposer_type == ProposerType.joint
    assert p.signers_line == "张雅文、李明"
    # The invitation left open lapses with the draft: it can no longer be answered.
    lagging = auth.client_for(late)
    assert lagging.post(f"{url}/cosign/confirm").status_code == 409
    db.session.expire_all()
    p = db.session.get(Proposal, p.id)
    statuses = {c.user_id: c.status for c in p.cosigners}
    assert statuses == {w.cosigner.id: CoSignerStatus.declined,
                        w.other_member.id: CoSignerStatus.confirmed,
                        late.id: CoSignerStatus.invited}
    assert p.signers_line == "张雅文、李明"
