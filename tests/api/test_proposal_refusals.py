"""Every refusal of the proposal endpoints: visibility (404), role (403), state and stale
version (409), invalid fields and unknown codes (422), malformed JSON (400), oversized
body (413); nothing changes when refused."""

from __future__ import annotations

import base64
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from deliberate.core.events import Event
from deliberate.extensions import db
from deliberate.proposals.models import Proposal
from tests.api.test_proposal_lifecycle import Client, reply_body
from tests.proposals.conftest import PDF, make_draft, to_state, world  # noqa: F401


@pytest.fixture
def people(client, world):  # noqa: F811
    return {name: Client(client, user) for name, user in (
        ("member", world.member), ("cosigner", world.cosigner),
        ("other", world.other_member), ("secretariat", world.secretariat),
        ("leader", world.leader), ("lead", world.lead_staff), ("co", world.co_staff),
        ("third", world.third_staff))}


def error(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, (r.status_code, r.get_json())
    assert r.mimetype == "application/json"
    body = r.get_json()["error"]
    if code:
        assert body["code"] == code, body
    assert body["message"]
    return body


def events_count() -> int:
    return db.session.scalar(select(func.count(Event.id)))


def test_another_members_draft_is_404(people, world):  # noqa: F811
    p = make_draft(world)
    error(people["other"].get(f"/proposals/{p.id}"), 404, "not_found")
    error(people["other"].post(f"/proposals/{p.id}/actions/submit", json={}), 404)
    error(people["other"].get(f"/proposals/{p.id}/events"), 404)
    assert people["other"].get("/proposals").get_json()["total"] == 0
    # The proposer sees it, and so does an invited co-signer.
    assert people["member"].get(f"/proposals/{p.id}").status_code == 200
    assert people["member"].get("/proposals").get_json()["total"] == 1
    # Not even the secretariat sees a member's draft.
    error(people["secretariat"].get(f"/proposals/{p.id}"), 404)


def test_a_unit_reading_an_unassigned_proposal_is_404(people, world):  # noqa: F811
    p = to_state(world, "assigned")
    error(people["third"].get(f"/proposals/{p.id}"), 404)
    error(people["third"].post(f"/proposals/{p.id}/actions/dispute",
                               json={"reason": "不属于我单位职责。"}), 404)
    assert people["third"].get("/proposals").get_json()["items"] == []
    assert [i["id"] for i in people["lead"].get("/proposals").get_json()["items"]] == [p.id]
    # The unit filter on a unit's own list (which already joins its assignments).
    assert people["lead"].get(f"/proposals?unit={world.co_unit.id}").get_json()["total"] == 1
    assert people["lead"].get(f"/proposals?unit={world.third_unit.id}").get_json()["total"] == 0


def test_a_member_registering_is_403(people, world):  # noqa: F811
    p = to_state(world, "submitted")
    before = events_count()
    body = error(people["member"].post(f"/proposals/{p.id}/actions/register", json={}),
                 403, "forbidden")
    assert "立案" in body["message"]
    assert events_count() == before and db.session.get(Proposal, p.id).number is None
    error(people["lead"].post("/proposals", json={"title": "x", "category": "other"}), 403)


def test_registering_a_closed_proposal_is_409(people, world):  # noqa: F811
    p = to_state(world, "closed")
    error(people["secretariat"].post(f"/proposals/{p.id}/actions/register", json={}),
          409, "wrong_state")


def test_a_stale_version_is_409(people, world):  # noqa: F811
    p = to_state(world, "submitted")
    stale = p.version - 1
    before = events_count()
    error(people["secretariat"].post(f"/proposals/{p.id}/actions/register",
                                     json={"version": stale}), 409, "stale")
    assert events_count() == before
    current = p.version
    doc = people["secretariat"].act(p.id, "register", {"version": current})
    assert doc["state"] == "registered" and doc["version"] > current


def test_a_reply_with_an_unknown_result_class_is_422(people, world):  # noqa: F811
    p = to_state(world, "assigned")
    body = error(people["lead"].post(f"/proposals/{p.id}/actions/reply",
                                     json=reply_body(result_class="Z")), 422, "invalid")
    assert "A, B, C" in body["fields"]["result_class"][0]
    assert db.session.get(Proposal, p.id).state.value == "assigned"


def test_malformed_json_is_400(people, world):  # noqa: F811
    p = to_state(world, "submitted")
    r = people["secretariat"].client.post(
        f"/api/v1/proposals/{p.id}/actions/register", data=b'{"version": ',
        headers={**people["secretariat"].headers, "Content-Type": "application/json"})
    error(r, 400, "malformed_json")
    r = people["member"].client.post(
        "/api/v1/proposals", data=b"{title", content_type="application/json",
        headers=people["member"].headers)
    error(r, 400, "malformed_json")


def test_an_oversized_body_is_413(people, world, app):  # noqa: F811
    p = to_state(world, "assigned")
    app.config["API_MAX_BODY"] = 2048
    big = reply_body(signed_pdf=base64.b64encode(PDF + b"0" * 4096).decode())
    error(people["lead"].post(f"/proposals/{p.id}/actions/reply", json=big), 413, "too_large")
    assert db.session.get(Proposal, p.id).state.value == "assigned"


def test_unknown_action_is_404(people, world):  # noqa: F811
    p = to_state(world, "submitted")
    error(people["secretariat"].post(f"/proposals/{p.id}/actions/approve", json={}), 404)
    error(people["secretariat"].post(f"/proposals/{p.id}/actions/", json={}), 404)
    error(people["secretariat"].get(f"/proposals/{p.id}/actions/register"), 405)
    error(people["secretariat"].get("/proposals/99999999999"), 404)


@pytest.mark.parametrize(("state", "who", "action", "body", "field"), [
    ("submitted", "secretariat", "return", {}, "reason"),
    ("submitted", "secretariat", "return", {"reason": 3}, "reason"),
    ("submitted", "secretariat", "return", {"reason": "x" * 2001}, "reason"),
    ("submitted", "secretariat", "decline", {"ground": "boring", "note": "x"}, "ground"),
    ("submitted", "secretariat", "decline", {"ground": "personal"}, "note"),
    ("submitted", "secretariat", "convert", {"unit": "3"}, "unit"),
    ("submitted", "secretariat", "convert", {"unit": 987654}, "unit"),
    ("submitted", "secretariat", "merge", {"into": 987654}, "into"),
    ("submitted", "secretariat", "register", {"version": "1"}, "version"),
    ("submitted", "secretariat", "register", {"colour": "red"}, "colour"),
    ("registered", "secretariat", "assign", {"lead_units": "1"}, "lead_units"),
    ("registered", "secretariat", "assign", {"lead_units": [987654]}, "lead_units"),
    ("registered", "secretariat", "assign", {}, "lead_units"),
    ("registered", "secretariat", "assign", {"lead_units": [1], "due_date": "2026-13-01"},
     "due_date"),
    ("registered", "secretariat", "mark_key", {"leader": "nobody"}, "leader"),
    ("assigned", "lead", "consult", {"date": "2026-11-01", "form": "skype", "summary": "x"},
     "form"),
    ("assigned", "lead", "consult", {"form": "phone", "summary": "x"}, "date"),
    ("assigned", "lead", "consult", {"date": (date.today() + timedelta(days=3)).isoformat(),
                                     "form": "phone", "summary": "x"}, "date"),
    ("assigned", "lead", "request_extension", {"until": "soon", "reason": "x"}, "until"),
    ("assigned", "lead", "reply", {**reply_body(), "signed_pdf": "not base64!"},
     "signed_pdf"),
    ("assigned", "lead", "reply", {**reply_body(),
                                   "signed_pdf": base64.b64encode(b"GIF89a").decode()},
     "signed_pdf"),
    ("assigned", "lead", "reply", {**reply_body(), "signatory": "  "}, "signatory"),
    ("assigned", "lead", "reply", {**reply_body(), "may_publish": "yes"}, "may_publish"),
    ("assigned", "co", "co_opinion", {"text": ["x"]}, "text"),
    ("assigned", "secretariat", "resolve_dispute", {"decision": "maybe"}, "decision"),
    ("assigned", "secretariat", "refuse_extension", {}, "reason"),
    ("replied", "member", "feedback", {"verdict": "meh"}, "verdict"),
    ("replied", "member", "feedback", {"verdict": "satisfied", "attitude": "rude"},
     "attitude"),
])
def test_invalid_bodies_are_422_and_change_nothing(people, world, state, who, action,  # noqa: F811
                                                   body, field):
    p = to_state(world, state)
    before = (events_count(), p.version)
    r = people[who].post(f"/proposals/{p.id}/actions/{action}", json=body)
    err = error(r, 422, "invalid")
    assert field in err["fields"], err
    db.session.expire_all()
    assert (events_count(), db.session.get(Proposal, p.id).version) == before


@pytest.mark.parametrize("body", [[1, 2], "text", 3])
def test_a_body_that_is_not_an_object_is_422(people, world, body):  # noqa: F811
    p = to_state(world, "submitted")
    error(people["secretariat"].post(f"/proposals/{p.id}/actions/return", json=body), 422)


@pytest.mark.parametrize(("state", "who", "action", "body", "status"), [
    ("assigned", "co", "reply", None, 403),
    ("assigned", "member", "assign", {"lead_units": [1]}, 403),
    ("submitted", "lead", "register", {}, 404),
    ("assigned", "leader", "register", {}, 403),
    ("replied", "secretariat", "feedback", {"verdict": "satisfied"}, 403),
    ("submitted", "secretariat", "assign", {"lead_units": [1]}, 409),
    ("assigned", "secretariat", "extend", {"until": "2027-01-01"}, 409),
    ("registered", "secretariat", "supervise", {"form": "visit", "date": "2026-11-01"}, 409),
    ("draft", "member", "withdraw", {}, 409),
])
def test_wrong_role_or_state(people, world, state, who, action, body, status):  # noqa: F811
    p = to_state(world, state)
    if body is None:
        body = reply_body()
    before = events_count()
    error(people[who].post(f"/proposals/{p.id}/actions/{action}", json=body), status)
    assert events_count() == before


def test_create_refusals(people, world):  # noqa: F811
    m = people["member"]
    err = error(m.post("/proposals", json={"category": "ecology"}), 422)
    assert "title" in err["fields"]
    err = error(m.post("/proposals", json={"title": "t", "category": "sport"}), 422)
    assert "category" in err["fields"]
    err = error(m.post("/proposals", json={"title": "t", "category": "other",
                                           "co_signers": ["ghost"]}), 422)
    assert "co_signers" in err["fields"]
    err = error(m.post("/proposals", json={"title": "t", "category": "other",
                                           "co_signers": [world.member.username]}), 422)
    assert "co_signers" in err["fields"]
    err = error(m.post("/proposals", json={"title": "t", "category": "other",
                                           "may_publish": False}), 422)
    assert "no_publish_reason" in err["fields"]
    err = error(people["secretariat"].post("/proposals", json={"title": "t",
                                                               "category": "other"}), 422)
    assert "collective_name" in err["fields"]
    assert db.session.scalar(select(func.count(Proposal.id))) == 0


def test_list_filters_and_pagination(people, world):  # noqa: F811
    a = to_state(world, "assigned")
    b = to_state(world, "submitted")
    s = people["secretariat"]
    assert {i["id"] for i in s.get("/proposals").get_json()["items"]} == {a.id, b.id}
    assert [i["id"] for i in s.get("/proposals?state=submitted").get_json()["items"]] == [b.id]
    assert [i["id"] for i in s.get(f"/proposals?unit={world.lead_unit.id}")
            .get_json()["items"]] == [a.id]
    assert s.get("/proposals?category=economy").get_json()["total"] == 0
    assert s.get(f"/proposals?session={world.session.id}").get_json()["total"] == 2
    assert s.get("/proposals?q=六盘山").get_json()["total"] == 2
    assert s.get("/proposals?q=不存在的词语").get_json()["total"] == 0
    page = s.get("/proposals?per_page=1&page=2").get_json()
    assert (page["total"], page["page"], page["per_page"], len(page["items"])) == (2, 2, 1, 1)
    for bad in ("per_page=101", "state=lost", "page=0", "unit=x", "category=art"):
        error(s.get(f"/proposals?{bad}"), 422, "invalid")
    item = s.get(f"/proposals/{a.id}").get_json()
    assert item["url"].endswith(f"/proposals/{a.id}")
    assert item["category_label"] and item["state_label"] == "已交办" or item["state_label"]
    assert item["created_at"].endswith("+00:00")


def test_unpublished_reply_and_co_opinions_stay_hidden(people, world):  # noqa: F811
    from deliberate.proposals import operations as ops
    from tests.proposals.conftest import REPLY

    p = to_state(world, "assigned")
    ops.post_co_opinion(p, world.co_staff, "会办意见。")
    ops.reply_proposal(p, world.lead_staff, {**REPLY, "may_publish": False}, PDF, "r.pdf")
    db.session.commit()
    assert people["leader"].get(f"/proposals/{p.id}").get_json()["replies"] == []
    assert len(people["member"].get(f"/proposals/{p.id}").get_json()["replies"]) == 1
    assert people["member"].get(f"/proposals/{p.id}").get_json()["co_opinions"] == []
    assert len(people["lead"].get(f"/proposals/{p.id}").get_json()["co_opinions"]) == 1


def test_json_is_utf8_without_escapes(people, world):  # noqa: F811
    p = to_state(world, "submitted")
    r = people["member"].get(f"/proposals/{p.id}")
    assert "六盘山".encode() in r.data and b"\\u" not in r.data


def test_messages_in_english_on_request(people, world):  # noqa: F811
    p = to_state(world, "submitted")
    r = people["member"].client.post(
        f"/api/v1/proposals/{p.id}/actions/register", json={},
        headers={**people["member"].headers, "Accept-Language": "en"})
    assert r.status_code == 403 and "not allowed" in r.get_json()["error"]["message"]


def test_lists_and_detail_take_a_constant_number_of_statements(people, world, app):  # noqa: F811
    from tests.consultation.conftest import count_queries

    # The rate limit's window rollover adds a statement once a minute: not what is counted.
    app.config["API_RATE_LIMIT"] = 0

    def statements(path: str) -> int:
        # The test shares the app's session: start each request as a fresh one would.
        db.session.commit()
        db.session.expire_all()
        with count_queries() as counter:
            assert people["secretariat"].get(path).status_code == 200
        return counter["n"]

    first = to_state(world, "closed")
    people["secretariat"].get("/me")  # the token's first use also notes when it was used
    small = (statements("/proposals"), statements(f"/proposals/{first.id}"),
             statements(f"/proposals/{first.id}/events"))
    for state in ("assigned", "replied", "rehandling", "closed", "submitted"):
        to_state(world, state)
    assert (statements("/proposals"), statements(f"/proposals/{first.id}"),
            statements(f"/proposals/{first.id}/events")) == small


def test_returning_a_proposal_takes_it_out_of_the_secretariats_sight(people, world):  # noqa: F811
    p = to_state(world, "submitted")
    doc = people["secretariat"].act(p.id, "return", {"reason": "请补充现状分析。"})
    assert doc == {"id": p.id, "visible": False, "state": "draft", "state_label": "草稿"}
    error(people["secretariat"].get(f"/proposals/{p.id}"), 404)
    doc = people["member"].get(f"/proposals/{p.id}").get_json()
    assert doc["state"] == "draft" and doc["version"] > 1
