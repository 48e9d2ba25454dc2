"""Who sees what: drafts stay with their proposer, units see their assignments only,
unpublished replies stay with the secretariat, the proposers and the unit; every page
answers every role without a 500."""

from __future__ import annotations

import pytest

from deliberate.extensions import db
from deliberate.proposals import operations as ops
from tests.proposals.conftest import PDF, REPLY, to_state

STATES = ("draft", "submitted", "withdrawn", "registered", "not_registered", "converted",
          "merged", "assigned", "replied", "rehandling", "closed")

# Who may open a proposal's page in each state (world roles).
VISIBLE = {
    "draft": {"proposer", "cosigner"},
    "submitted": {"proposer", "cosigner", "secretariat", "leader", "admin"},
    "withdrawn": {"proposer", "cosigner", "secretariat", "leader", "admin"},
    "not_registered": {"proposer", "cosigner", "secretariat", "leader", "admin"},
    "merged": {"proposer", "cosigner", "secretariat", "leader", "admin"},
    "converted": {"proposer", "cosigner", "secretariat", "leader", "admin", "other_unit"},
    "registered": {"proposer", "cosigner", "secretariat", "leader", "admin"},
}
for _s in ("assigned", "replied", "rehandling", "closed"):
    VISIBLE[_s] = {"proposer", "cosigner", "secretariat", "leader", "admin", "lead_unit",
                   "co_unit"}


@pytest.mark.parametrize("state", STATES)
def test_detail_visibility(auth, world, state):
    p = to_state(world, state)
    for role, user in world.users().items():
        r = auth.client_for(user).get(f"/proposals/{p.id}")
        expected = 200 if role in VISIBLE[state] else 404
        assert r.status_code == expected, (state, role, r.status_code)


def test_unpublished_reply_stays_inside(auth, world):
    w = world
    p = to_state(w, "assigned")
    ops.reply_proposal(p, w.lead_staff, dict(REPLY, may_publish=False,
                                              body="内部答复正文ZXY"), PDF, "r.pdf")
    db.session.commit()
    reply_id = p.replies[0].id
    inside = {"proposer": True, "cosigner": True, "secretariat": True, "lead_unit": True,
              "leader": False, "admin": False, "co_unit": False}
    for role, sees in inside.items():
        c = auth.client_for(w.users()[role])
        page = c.get(f"/proposals/{p.id}").get_data(as_text=True)
        assert ("内部答复正文ZXY" in page) == sees, role
        assert c.get(f"/proposals/replies/{reply_id}/file").status_code == \
            (200 if sees else 404), role
    outsider = auth.client_for(w.other_member)
    assert outsider.get(f"/proposals/replies/{reply_id}/file").status_code == 404
    assert outsider.get("/proposals/replies/99999/file").status_code == 404


def test_lists_show_only_what_is_yours(auth, world):
    w = world
    mine = to_state(w, "draft", with_cosigner=False)
    other = ops.create_proposal(w.other_member, w.session,
                                {"title": "别人的草稿", "category": "other"})
    assigned = to_state(w, "assigned", with_cosigner=False)
    db.session.commit()
    page = auth.client_for(w.member).get("/proposals/mine").get_data(as_text=True)
    assert mine.title in page and "别人的草稿" not in page
    assert auth.client_for(w.other_member).get(f"/proposals/{mine.id}").status_code == 404
    assert auth.client_for(w.member).get(f"/proposals/{other.id}").status_code == 404
    unit_page = auth.client_for(w.lead_staff).get("/proposals/inbox").get_data(as_text=True)
    assert assigned.number_label in unit_page
    third = auth.client_for(w.third_staff).get("/proposals/inbox").get_data(as_text=True)
    assert assigned.number_label not in third
    # The working list never shows drafts.
    sec = auth.client_for(w.secretariat).get("/proposals/").get_data(as_text=True)
    assert "别人的草稿" not in sec and assigned.title in sec


PAGES = {
    "/proposals/": {"secretariat", "leader", "admin"},
    "/proposals/review": {"secretariat"},
    "/proposals/mine": {"proposer", "cosigner", "other_member"},
    "/proposals/inbox": {"lead_unit", "co_unit", "other_unit"},
    "/proposals/new": {"proposer", "cosigner", "other_member", "secretariat"},
    "/proposals/deadlines": {"secretariat"},
    "/proposals/key": {"secretariat", "leader", "admin"},
}


def test_every_page_answers_every_role(auth, world):
    for state in ("submitted", "assigned", "replied"):
        to_state(world, state)
    for role, user in world.users().items():
        c = auth.client_for(user)
        for url, allowed in PAGES.items():
            r = c.get(url)
            assert r.status_code == (200 if role in allowed else 403), (url, role)
        r = c.get("/")
        r = c.get(r.headers["Location"])
        assert r.status_code == 200, role


def test_dashboard_panels(auth, world):
    to_state(world, "replied")
    c = auth.client_for(world.member)
    page = c.get("/desk/member").get_data(as_text=True)
    assert 'data-testid="panel-verdicts">1<' in page
    page = auth.client_for(world.lead_staff).get("/desk/unit").get_data(as_text=True)
    assert "proposals-panel" in page
    page = auth.client_for(world.secretariat).get("/desk/secretariat").get_data(as_text=True)
    assert "panel-to_review" in page


def test_filters(auth, world):
    w = world
    a = to_state(w, "assigned", with_cosigner=False)
    b = to_state(w, "registered", with_cosigner=False)
    c = auth.client_for(w.secretariat)

    def titles(query):
        page = c.get("/proposals/?" + query).get_data(as_text=True)
        return a.number_label in page, b.number_label in page

    assert titles("state=assigned") == (True, False)
    assert titles(f"unit={w.lead_unit.id}") == (True, False)
    assert titles("state=registered") == (False, True)
    assert titles("due=overdue") == (False, False)
    assert titles("category=economy") == (False, False)
    assert titles("state=nonsense&page=x&per_page=-1&unit=abc") == (True, True)
