"""The workflow engine: refusals are typed, localized and write nothing; actions log events."""

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from deliberate.core.events import Event, ImmutableEventError, events_for
from deliberate.core.permissions import Role
from deliberate.core.workflow import (
    ActionNotAllowed,
    InvalidData,
    PermissionDenied,
    StaleObject,
    Transition,
    Workflow,
)
from deliberate.extensions import db


@dataclass
class Thing:
    id: int
    state: str = "draft"
    version: int = 1
    owner_id: int | None = None
    touched: bool = False


def _owner(obj, user):
    return obj.owner_id == user.id


def _guard_not_empty(obj, user, data):
    return "片段不能为空" if data.get("text") == "empty" else None


WF = Workflow(
    "test_thing",
    [
        Transition("submit", ("draft",), "submitted", (Role.member,), label="提交",
                   allow=_owner, guard=_guard_not_empty),
        Transition("approve", ("submitted",), "approved", (Role.secretariat,), label="批准",
                   required=("reason",)),
        Transition("comment", ("draft", "submitted"), None, (Role.member, Role.secretariat),
                   label="评论"),
    ],
    state_labels={"draft": "草稿", "submitted": "已提交", "approved": "已批准"},
)


def count_events():
    return db.session.scalar(select(func.count(Event.id)))


@pytest.fixture
def people(factory):
    member = factory.user("member")
    other = factory.user("member")
    sec = factory.user("secretariat")
    db.session.commit()
    return member, other, sec


def test_perform_changes_state_and_logs_event(people):
    member, _other, _sec = people
    thing = Thing(id=7, owner_id=member.id)
    ev = WF.perform(thing, "submit", member, data={"text": "ok"}, note="请审阅")
    db.session.commit()
    assert thing.state == "submitted"
    assert (ev.object_type, ev.object_id, ev.action) == ("test_thing", 7, "submit")
    assert (ev.from_state, ev.to_state, ev.actor_id) == ("draft", "submitted", member.id)
    assert ev.data == {"text": "ok"} and ev.note == "请审阅" and ev.via == "cli"
    assert [e.action for e in events_for("test_thing", 7)] == ["submit"]
    assert ev.action_label == "提交" and ev.to_state_label == "已提交"


def test_wrong_state_is_409_and_writes_nothing(people):
    _member, _other, sec = people
    thing = Thing(id=1, state="draft")
    before = count_events()
    with pytest.raises(ActionNotAllowed) as info:
        WF.perform(thing, "approve", sec, data={"reason": "x"})
    assert info.value.status == 409
    assert "草稿" in info.value.message and "批准" in info.value.message
    assert thing.state == "draft" and count_events() == before


def test_wrong_role_is_403(people):
    member, _other, _sec = people
    thing = Thing(id=1, state="submitted")
    with pytest.raises(PermissionDenied) as info:
        WF.perform(thing, "approve", member, data={"reason": "x"})
    assert info.value.status == 403
    assert thing.state == "submitted" and count_events() == 0


def test_per_object_permission_is_403(people):
    member, other, _sec = people
    thing = Thing(id=1, owner_id=member.id)
    with pytest.raises(PermissionDenied):
        WF.perform(thing, "submit", other)
    assert not WF.can(thing, "submit", other) and WF.can(thing, "submit", member)


def test_anonymous_and_inactive_users_are_refused(people):
    member, _other, _sec = people
    thing = Thing(id=1, owner_id=member.id)
    with pytest.raises(PermissionDenied):
        WF.perform(thing, "submit", None)
    member.is_active = False
    with pytest.raises(PermissionDenied):
        WF.perform(thing, "submit", member)


def test_missing_data_is_422_with_fields(people):
    _member, _other, sec = people
    thing = Thing(id=1, state="submitted")
    with pytest.raises(InvalidData) as info:
        WF.perform(thing, "approve", sec, data={"reason": "  "[:0]})
    assert info.value.status == 422 and "reason" in info.value.fields
    assert thing.state == "submitted" and count_events() == 0


def test_guard_refusal_writes_nothing(people):
    member, _other, _sec = people
    thing = Thing(id=1, owner_id=member.id)
    with pytest.raises(ActionNotAllowed, match="片段不能为空"):
        WF.perform(thing, "submit", member, data={"text": "empty"})
    assert thing.state == "draft" and count_events() == 0


def test_stale_version_is_refused(people):
    member, _other, _sec = people
    thing = Thing(id=1, owner_id=member.id, version=3)
    with pytest.raises(StaleObject):
        WF.perform(thing, "submit", member, expected_version=2)
    assert count_events() == 0
    WF.perform(thing, "submit", member, expected_version=3)
    assert thing.state == "submitted"


def test_failing_effect_rolls_back_its_writes(people):
    member, _other, _sec = people
    thing = Thing(id=1, owner_id=member.id)

    def effect(obj, data):
        member.title = "被改动"
        db.session.flush()
        raise ActionNotAllowed("副作用失败")

    with pytest.raises(ActionNotAllowed):
        WF.perform(thing, "submit", member, effect=effect)
    db.session.rollback()
    assert count_events() == 0
    assert db.session.get(type(member), member.id).title == ""


def test_effect_data_is_logged(people):
    member, _other, _sec = people
    thing = Thing(id=1, owner_id=member.id)
    ev = WF.perform(thing, "submit", member, effect=lambda obj, data: {"number": 12})
    assert ev.data["number"] == 12


def test_non_state_action_keeps_state(people):
    member, _other, _sec = people
    thing = Thing(id=1, owner_id=member.id)
    ev = WF.perform(thing, "comment", member)
    assert thing.state == "draft" and ev.from_state == ev.to_state == "draft"


def test_unknown_action(people):
    member, _other, _sec = people
    with pytest.raises(ActionNotAllowed):
        WF.perform(Thing(id=1), "explode", member)


def test_available_actions_follow_state_and_role(people):
    member, _other, sec = people
    thing = Thing(id=1, owner_id=member.id, state="submitted")
    assert [t.action for t in WF.available_actions(thing, sec)] == ["approve", "comment"]
    assert [t.action for t in WF.available_actions(thing, member)] == ["comment"]


def test_events_are_append_only(people):
    member, _other, _sec = people
    ev = WF.perform(Thing(id=1, owner_id=member.id), "submit", member)
    db.session.commit()
    ev.note = "篡改"
    with pytest.raises(ImmutableEventError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(Event, ev.id))
    with pytest.raises(ImmutableEventError):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(Event, ev.id).note == ""


def test_refusal_renders_localized_409_page(app, auth):
    """A WorkflowError raised in a view becomes a Chinese error page with its status."""
    from flask import Blueprint

    bp = Blueprint("wf_test", __name__)

    @bp.post("/wf-test")
    def act():
        WF.perform(Thing(id=1, state="approved"), "comment", __import__(
            "flask_login").current_user)
        return "done"

    app.register_blueprint(bp)
    client, _user = auth.as_role("member")
    response = client.post("/wf-test")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "当前无法执行此操作" in page and "已批准" in page
