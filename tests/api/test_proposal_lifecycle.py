"""Both lifecycle paths of a proposal entirely through the API, with tokens of a member, a
co-signer, the secretariat and two units; every write lands in the event log marked as
coming from the API with its token."""

from __future__ import annotations

import base64
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from deliberate.auth.operations import issue_token
from deliberate.core.events import Event
from deliberate.extensions import db
from tests.proposals.conftest import PDF, world  # noqa: F401  (the fixture)

API = "/api/v1"


def conforms(schema: str, instance) -> None:
    """``instance`` validates against the OpenAPI document's component ``schema``."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    from deliberate.api.openapi import build_document

    registry = Registry().with_resource("urn:doc", Resource.from_contents(
        {**build_document(), "$schema": "https://json-schema.org/draft/2020-12/schema"}))
    Draft202012Validator({"$ref": f"urn:doc#/components/schemas/{schema}"},
                         registry=registry).validate(instance)


class Client:
    """One token's requests."""

    def __init__(self, client, user) -> None:
        self.client = client
        self.user = user
        self.token, plain = issue_token(user, "oa")
        db.session.commit()
        self.headers = {"Authorization": f"Bearer {plain}"}

    def get(self, path: str, **kw):
        return self.client.get(API + path, headers=self.headers, **kw)

    def post(self, path: str, json=None, **kw):
        return self.client.post(API + path, headers=self.headers, json=json, **kw)

    def act(self, pid: int, action: str, body=None, status: int = 200):
        r = self.post(f"/proposals/{pid}/actions/{action}", json=body or {})
        assert r.status_code == status, (action, r.status_code, r.get_json())
        doc = r.get_json()
        conforms("Proposal" if status == 200 and "title" in doc else
                 "ProposalOutOfSight" if status == 200 else "Error", doc)
        return doc


@pytest.fixture
def people(client, world):  # noqa: F811
    return {name: Client(client, user) for name, user in (
        ("member", world.member), ("cosigner", world.cosigner),
        ("other", world.other_member), ("secretariat", world.secretariat),
        ("lead", world.lead_staff), ("co", world.co_staff), ("third", world.third_staff))}


DRAFT = {"title": "关于加强六盘山地区生态保护的建议", "category": "ecology",
         "situation": "六盘山地区水源涵养功能下降。", "analysis": "保护投入分散。",
         "suggestions": "建立生态补偿机制。"}


def reply_body(**extra):
    return {"document_number": "环函〔2026〕12号", "result_class": "A",
            "text": "经研究，我局已将生态补偿纳入年度计划。", "signatory": "王局长",
            "contact_person": "李科长", "contact_phone": "0954-1234567", "may_publish": True,
            "signed_pdf": base64.b64encode(PDF).decode(), **extra}


def to_assigned(w, p) -> int:
    """draft → co-signed → submitted → registered → assigned to a lead and a co unit."""
    r = p["member"].post("/proposals", json={**DRAFT, "co_signers": [w.cosigner.username]})
    assert r.status_code == 201, r.get_json()
    doc = r.get_json()
    pid = doc["id"]
    assert r.headers["Location"].endswith(f"/api/v1/proposals/{pid}")
    assert doc["state"] == "draft" and doc["state_label"] == "草稿"
    assert doc["number"] is None
    assert [(c["username"], c["status"]) for c in doc["co_signers"]] == [
        (w.cosigner.username, "invited")]
    doc = p["cosigner"].act(pid, "confirm_cosign")
    assert doc["co_signers"][0]["status"] == "confirmed"
    doc = p["member"].act(pid, "submit", {"version": doc["version"]})
    assert doc["state"] == "submitted"
    doc = p["secretariat"].act(pid, "register", {"version": doc["version"]})
    assert doc["state"] == "registered" and doc["number"] == 1
    due = (date.today() + timedelta(days=90)).isoformat()
    doc = p["secretariat"].act(pid, "assign", {"lead_units": [w.lead_unit.id],
                                               "co_units": [w.co_unit.id], "due_date": due})
    assert doc["state"] == "assigned" and doc["due_date"] == due
    assert {(a["unit"]["id"], a["role"]) for a in doc["assignments"]} == {
        (w.lead_unit.id, "lead"), (w.co_unit.id, "co")}
    return pid


def handle_and_reply(w, p, pid: int, round_: int) -> dict:
    inbox = p["lead"].get("/proposals?state=" + ("assigned" if round_ == 1 else "rehandling"))
    assert [item["id"] for item in inbox.get_json()["items"]] == [pid]
    if round_ == 1:
        doc = p["lead"].act(pid, "consult", {"date": date.today().isoformat(),
                                             "form": "face_to_face",
                                             "summary": "与提案人当面沟通。"})
        assert doc["consultations"][0]["form"] == "face_to_face"
        assert doc["consultations"][0]["form_label"] == "面商"
        doc = p["co"].act(pid, "co_opinion", {"text": "财政局同意安排专项资金。"})
        assert doc["co_opinions"][0]["unit"]["id"] == w.co_unit.id
    doc = p["lead"].act(pid, "reply", reply_body(version=p["lead"].get(
        f"/proposals/{pid}").get_json()["version"]))
    assert doc["state"] == "replied"
    assert doc["replies"][-1]["result_class"] == "A"
    assert doc["replies"][-1]["round"] == round_
    return doc


def test_happy_path_through_the_api(people, world):  # noqa: F811
    w, p = world, people
    pid = to_assigned(w, p)
    handle_and_reply(w, p, pid, 1)
    doc = p["member"].act(pid, "feedback", {"verdict": "satisfied", "comment": "办理认真。"})
    assert doc["state"] == "closed"
    assert doc["feedback"][0]["verdict"] == "satisfied"
    assert doc["feedback"][0]["verdict_label"] == "满意"
    assert doc["feedback"][0]["contact_made"] is None

    # Every write was made with a token and is logged as such.
    events = list(db.session.scalars(select(Event).where(
        Event.object_type == "proposal", Event.object_id == pid).order_by(Event.id)))
    assert [e.action for e in events] == [
        "create", "invite", "confirm_cosign", "submit", "register", "assign", "consult",
        "co_opinion", "reply", "feedback"]
    tokens = {"create": "member", "invite": "member", "confirm_cosign": "cosigner",
              "submit": "member", "register": "secretariat", "assign": "secretariat",
              "consult": "lead", "co_opinion": "co", "reply": "lead", "feedback": "member"}
    for e in events:
        assert e.via == "api", e.action
        assert e.token_id == p[tokens[e.action]].token.id, e.action

    timeline = p["member"].get(f"/proposals/{pid}/events").get_json()
    assert timeline["total"] == 10
    for name, path in (("Event", f"/proposals/{pid}/events"),
                       ("ProposalSummary", "/proposals")):
        for item in p["secretariat"].get(path).get_json()["items"]:
            conforms(name, item)
    last = timeline["items"][-1]
    assert last["action"] == "feedback" and last["from"] == "replied" and last["to"] == "closed"
    assert last["actor"]["username"] == w.member.username and last["via"] == "api"
    assert last["time"].endswith("+00:00")


def test_rehandling_path_through_the_api(people, world):  # noqa: F811
    w, p = world, people
    pid = to_assigned(w, p)
    handle_and_reply(w, p, pid, 1)
    doc = p["member"].act(pid, "feedback", {
        "verdict": "unsatisfied", "comment": "未解决实际问题。", "contact_made": "phone",
        "attitude": "understanding", "relevance": "partly"})
    assert doc["state"] == "rehandling" and doc["round"] == 2
    assert doc["feedback"][0]["verdict"] == "unsatisfied"
    assert doc["feedback"][0]["relevance"] == "partly"
    handle_and_reply(w, p, pid, 2)
    # Still dissatisfied after re-handling: recorded, then the secretariat closes it with
    # the record of the explanation given.
    doc = p["member"].act(pid, "feedback", {"verdict": "unsatisfied"})
    assert doc["state"] == "replied" and len(doc["feedback"]) == 2
    p["secretariat"].act(pid, "close", {}, status=409)
    doc = p["secretariat"].act(pid, "close", {"note": "已当面说明情况。"})
    assert doc["state"] == "closed"
    events = db.session.execute(select(Event.action, Event.via).where(
        Event.object_type == "proposal", Event.object_id == pid).order_by(Event.id)).all()
    assert [a for a, _via in events][8:] == [
        "reply", "feedback_dissatisfied", "reply", "feedback_unresolved", "close"]
    assert {via for _a, via in events} == {"api"}


def test_multipart_reply_upload(people, world, client):  # noqa: F811
    w, p = world, people
    pid = to_assigned(w, p)
    form = {k: str(v).lower() if isinstance(v, bool) else v
            for k, v in reply_body().items() if k != "signed_pdf"}
    import io

    def upload(data: bytes, **extra):
        return client.post(f"{API}/proposals/{pid}/replies", headers=p["lead"].headers,
                           data={**form, **extra, "signed_pdf": (io.BytesIO(data), "复函.pdf")},
                           content_type="multipart/form-data")

    r = upload(b"not a pdf")
    assert r.status_code == 422 and "signed_pdf" in r.get_json()["error"]["fields"]
    r = upload(b"")
    assert r.status_code == 422 and "signed_pdf" in r.get_json()["error"]["fields"]
    r = upload(PDF, result_class="Z")
    assert r.status_code == 422 and "result_class" in r.get_json()["error"]["fields"]
    r = upload(PDF, version="1")
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "stale"
    r = client.post(f"{API}/proposals/{pid}/replies", headers=p["lead"].headers, data=form,
                    content_type="multipart/form-data")
    assert r.status_code == 422 and "signed_pdf" in r.get_json()["error"]["fields"]
    r = client.post(f"{API}/proposals/{pid}/replies", headers=p["co"].headers,
                    data={**form, "signed_pdf": (io.BytesIO(PDF), "x.pdf")},
                    content_type="multipart/form-data")
    assert r.status_code == 403
    r = upload(PDF, may_publish="false")
    assert r.status_code == 200, r.get_json()
    doc = r.get_json()
    assert doc["state"] == "replied" and doc["replies"][0]["may_publish"] is False
    e = db.session.scalars(select(Event).where(Event.object_id == pid,
                                               Event.action == "reply")).one()
    assert (e.via, e.token_id) == ("api", p["lead"].token.id)


def test_oversized_reply_pdf_is_refused(people, world, app):  # noqa: F811
    w, p = world, people
    pid = to_assigned(w, p)
    app.config["PROPOSAL_REPLY_MAX_BYTES"] = 100
    body = reply_body(signed_pdf=base64.b64encode(PDF + b"%" * 200).decode())
    r = p["lead"].post(f"/proposals/{pid}/actions/reply", json=body)
    assert r.status_code == 422 and "signed_pdf" in r.get_json()["error"]["fields"]


def test_disputes_and_extensions_through_the_api(people, world):  # noqa: F811
    w, p = world, people
    pid = to_assigned(w, p)
    # The co unit asks to be relieved; the secretariat first refuses, then re-assigns.
    p["co"].act(pid, "dispute", {"reason": "不属于我局职责。"})
    p["co"].act(pid, "dispute", {"reason": "再次申请。"}, status=409)
    doc = p["secretariat"].act(pid, "resolve_dispute", {"decision": "reject",
                                                        "note": "职责相关。"})
    assert doc["disputes"][0]["status"] == "refused"
    p["secretariat"].act(pid, "resolve_dispute", {"decision": "reject"}, status=409)
    p["co"].act(pid, "dispute", {"reason": "补充说明后再次申请。"})
    p["secretariat"].act(pid, "resolve_dispute", {"decision": "accept"}, status=422)
    doc = p["secretariat"].act(pid, "resolve_dispute", {
        "decision": "accept", "lead_units": [w.lead_unit.id], "co_units": [w.third_unit.id]})
    active = {(a["unit"]["id"], a["role"]) for a in doc["assignments"] if a["is_active"]}
    assert active == {(w.lead_unit.id, "lead"), (w.third_unit.id, "co")}
    assert p["co"].get(f"/proposals/{pid}").status_code == 404
    assert p["third"].get(f"/proposals/{pid}").status_code == 200

    # Extensions: refused, then asked again and granted to the date asked for.
    due = date.fromisoformat(doc["due_date"])
    later = (due + timedelta(days=20)).isoformat()
    p["secretariat"].act(pid, "extend", {}, status=409)
    p["lead"].act(pid, "request_extension", {"until": later, "reason": "需跨部门协调。"})
    doc = p["secretariat"].act(pid, "refuse_extension", {"reason": "时间充足。"})
    assert doc["extension_requests"][0]["status"] == "refused"
    doc = p["lead"].act(pid, "request_extension", {"until": later, "reason": "确需延期。"})
    doc = p["secretariat"].act(pid, "extend", {"version": doc["version"]})
    assert doc["due_date"] == later
    assert doc["extension_requests"][1]["status"] == "granted"
    assert doc["extension_requests"][1]["granted_until"] == later
