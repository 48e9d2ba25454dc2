"""Writes of the annual consultation plan; flush, never commit."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from deliberate.auth.models import User
from deliberate.consultation.documents import PLAN_KIND
from deliberate.consultation.models import STAFF, MeetingForm, Topic, TopicState
from deliberate.consultation.models_plan import ConsultationPlan, PlanItem, PlanVersion
from deliberate.consultation.workflows import PLAN
from deliberate.core.events import record_event
from deliberate.core.notify import notify
from deliberate.core.permissions import Role
from deliberate.core.workflow import ActionNotAllowed, InvalidData, PermissionDenied
from deliberate.directory.models import Committee
from deliberate.documents.operations import issue_document
from deliberate.extensions import db


def create_plan(user: Any, year: int, title: str, notes: str = "") -> ConsultationPlan:  # noqa: ANN401
    if user.role not in STAFF:
        raise PermissionDenied(_("Only the secretariat drafts the annual plan."))
    if db.session.scalar(select(ConsultationPlan.id).where(ConsultationPlan.year == year)):
        raise InvalidData(_("There is already a consultation plan for %(year)d.", year=year),
                          {"year": [_("Open the existing plan of this year instead.")]})
    plan = ConsultationPlan(year=year, title=title, notes=notes, created_by_id=user.id)
    db.session.add(plan)
    db.session.flush()
    record_event("plan", plan.id, "create", user, to_state=plan.state.value)
    return plan


def check_plan_editable(plan: ConsultationPlan, user: Any) -> None:  # noqa: ANN401
    if user.role not in STAFF:
        raise PermissionDenied(_("Only the secretariat edits the annual plan."))
    if not plan.can_edit_items(user):
        raise ActionNotAllowed(_("The plan can be changed only while it is a draft. To "
                                 "change a published plan, revise it with a reason."))


def add_plan_item(plan: ConsultationPlan, user: Any, data: dict[str, Any]) -> PlanItem:  # noqa: ANN401
    check_plan_editable(plan, user)
    topic = db.session.get(Topic, data["topic_id"])
    if topic is None or topic.state not in (TopicState.accepted, TopicState.scheduled):
        raise InvalidData(_("Only topics in the catalogue can be planned."),
                          {"topic_id": [_("Choose a topic from the catalogue.")]})
    if any(item.topic_id == topic.id for item in plan.items):
        raise InvalidData(_("This topic is already in the plan."),
                          {"topic_id": [_("Each topic appears once in a plan.")]})
    committee_id = data.get("lead_committee_id") or None
    if committee_id is not None and db.session.get(Committee, committee_id) is None:
        raise InvalidData(_("The committee chosen does not exist."),
                          {"lead_committee_id": [_("Choose a special committee.")]})
    item = PlanItem(plan=plan, topic=topic, quarter=data["quarter"],
                    form=MeetingForm(data["form"]), lead_committee_id=committee_id,
                    notes=data.get("notes", ""))
    db.session.add(item)
    db.session.flush()
    record_event("plan", plan.id, "add_item", user,
                 data={"topic_id": topic.id, "topic": topic.title, "quarter": item.quarter})
    return item


def remove_plan_item(plan: ConsultationPlan, user: Any, item_id: int) -> None:  # noqa: ANN401
    check_plan_editable(plan, user)
    item = next((i for i in plan.items if i.id == item_id), None)
    if item is None:
        raise InvalidData(_("This item does not belong to this plan."))
    plan.items.remove(item)
    db.session.flush()
    record_event("plan", plan.id, "remove_item", user,
                 data={"topic_id": item.topic_id, "quarter": item.quarter})


def act_on_plan(plan: ConsultationPlan, action: str, user: Any, reason: str = "") -> None:  # noqa: ANN401
    def effect(obj: ConsultationPlan, data: dict[str, Any]) -> dict[str, Any] | None:
        if action == "revise":
            obj.revision_reason = data["reason"]
        elif action == "publish":
            number = len(obj.versions) + 1
            obj.versions.append(PlanVersion(
                number=number, title=obj.title, reason=obj.revision_reason,
                items=[i.snapshot() for i in obj.items], published_by_id=user.id))
            obj.revision_reason = ""
            db.session.flush()
            # Each published version keeps its exact PDF, its SHA-256 in the event log.
            doc = issue_document(PLAN_KIND, obj, user)
            return {"version": number, "sha256": doc.sha256, "document_id": doc.id}
        return None

    PLAN.perform(plan, action, user, data={"reason": reason} if reason else {}, note=reason,
                 effect=effect)
    link = url_for("consultation.show_plan", plan_id=plan.id)
    if action == "submit":
        leaders = db.session.scalars(select(User).where(User.role == Role.leader,
                                                        User.is_active.is_(True)))
        notify(leaders, _l("Annual consultation plan for approval: %(title)s"),
               params={"title": plan.title}, url=link)
    elif action == "publish":
        readers = db.session.scalars(select(User).where(
            User.role.in_((Role.member, Role.leader)), User.is_active.is_(True)))
        notify(readers, _l("Annual consultation plan published: %(title)s"),
               params={"title": plan.title}, url=link)
