"""Writes of research visits (调研 / 视察); flush, never commit."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from deliberate.auth.models import User
from deliberate.consultation.models import STAFF, Topic, TopicState
from deliberate.consultation.models_visits import (
    ParticipantRole,
    ParticipantStatus,
    ResearchVisit,
    VisitKind,
    VisitParticipant,
    VisitSite,
    VisitState,
)
from deliberate.consultation.workflows import VISIT
from deliberate.core.events import record_event
from deliberate.core.notify import notify
from deliberate.core.permissions import Role
from deliberate.core.workflow import ActionNotAllowed, InvalidData, PermissionDenied
from deliberate.extensions import db

VISIT_FIELDS = ("title", "kind", "topic_id", "starts_on", "ends_on", "leader_id")


def _check_values(data: dict[str, Any]) -> None:
    if data["ends_on"] < data["starts_on"]:
        raise InvalidData(_("The visit must end on or after the day it starts."),
                          {"ends_on": [_("The end must not be before the start.")]})
    leader = db.session.get(User, data["leader_id"])
    if leader is None or not leader.is_active:
        raise InvalidData(_("The group leader chosen does not exist."),
                          {"leader_id": [_("Choose an active person.")]})
    if data.get("topic_id"):
        topic = db.session.get(Topic, data["topic_id"])
        if topic is None or topic.state in (TopicState.declined, TopicState.closed):
            raise InvalidData(_("Research is done for candidate or catalogue topics only."),
                              {"topic_id": [_("Choose an open topic.")]})


def create_visit(user: Any, data: dict[str, Any]) -> ResearchVisit:  # noqa: ANN401
    if user.role not in STAFF:
        raise PermissionDenied(_("Only the secretariat organises research visits."))
    _check_values(data)
    visit = ResearchVisit(title=data["title"], kind=VisitKind(data["kind"]),
                          topic_id=data.get("topic_id") or None, starts_on=data["starts_on"],
                          ends_on=data["ends_on"], leader_id=data["leader_id"],
                          created_by_id=user.id)
    db.session.add(visit)
    db.session.flush()
    record_event("visit", visit.id, "create", user, to_state=visit.state.value)
    return visit


def update_visit(visit: ResearchVisit, user: Any, data: dict[str, Any]) -> None:  # noqa: ANN401
    if not visit.can_edit(user):
        raise PermissionDenied(_("This visit cannot be edited now."))
    _check_values(data)
    changed = [k for k in VISIT_FIELDS if getattr(visit, k) != data.get(k)]
    for k in changed:
        setattr(visit, k, data.get(k) if k != "topic_id" else data.get(k) or None)
    db.session.flush()
    if changed:
        record_event("visit", visit.id, "update", user, data={"fields": changed})


def write_report(visit: ResearchVisit, user: Any, findings: str, report: str) -> None:  # noqa: ANN401
    if user.role not in STAFF:
        raise PermissionDenied(_("Only the secretariat records findings and reports."))
    if not visit.can_write_report(user):
        raise ActionNotAllowed(_("A cancelled visit has no report."))
    visit.findings, visit.report = findings, report
    db.session.flush()
    record_event("visit", visit.id, "write_report", user)


def check_group_editable(visit: ResearchVisit, user: Any) -> None:  # noqa: ANN401
    """The permission part of the group writes; views call it before reading the form."""
    if not visit.can_edit(user):
        raise PermissionDenied(_("The group of this visit cannot be changed now."))


def check_in_group(visit: ResearchVisit, user: Any) -> None:  # noqa: ANN401
    p = visit.participant_for(user)
    if p is None or p.status == ParticipantStatus.requested:
        raise PermissionDenied(_("You are not in the group of this visit."))


def check_may_record_sites(visit: ResearchVisit, user: Any) -> None:  # noqa: ANN401
    if not visit.can_write_report(user):
        if user.role not in STAFF:
            raise PermissionDenied(_("Only the secretariat records the sites visited."))
        raise ActionNotAllowed(_("A cancelled visit has no sites."))


def add_participants(visit: ResearchVisit, user: Any, people: list[Any],  # noqa: ANN401
                     role: ParticipantRole) -> int:
    check_group_editable(visit, user)
    present = {p.user_id for p in visit.participants}
    added = []
    for person in people:
        if person.id in present or not person.is_active:
            continue
        if role == ParticipantRole.member and person.role != Role.member:
            raise InvalidData(_("%(name)s is not a member.", name=person.display_name))
        visit.participants.append(VisitParticipant(user=person, role=role))
        present.add(person.id)
        added.append(person)
    db.session.flush()
    if added:
        record_event("visit", visit.id, "add_participants", user,
                     data={"users": [p.id for p in added], "role": role.value})
        notify(added, _l("You are in the research group: %(title)s"),
               params={"title": visit.title},
               url=url_for("consultation.show_visit", visit_id=visit.id))
    return len(added)


def add_expert(visit: ResearchVisit, user: Any, data: dict[str, Any]) -> VisitParticipant:  # noqa: ANN401
    check_group_editable(visit, user)
    expert = VisitParticipant(role=ParticipantRole.expert, name=data["name"],
                              organisation=data.get("organisation", ""),
                              title=data.get("title", ""), status=ParticipantStatus.confirmed)
    visit.participants.append(expert)
    db.session.flush()
    record_event("visit", visit.id, "add_expert", user, data={"name": expert.name})
    return expert


def participant_of(visit: ResearchVisit, participant_id: int) -> VisitParticipant:
    for p in visit.participants:
        if p.id == participant_id:
            return p
    raise InvalidData(_("This person is not in the group of this visit."))


def remove_participant(visit: ResearchVisit, user: Any, participant_id: int) -> None:  # noqa: ANN401
    if not visit.can_edit(user):
        raise PermissionDenied(_("The group of this visit cannot be changed now."))
    p = participant_of(visit, participant_id)
    visit.participants.remove(p)
    db.session.flush()
    record_event("visit", visit.id, "remove_participant", user, data={"name": p.display_name})


def accept_request(visit: ResearchVisit, user: Any, participant_id: int) -> None:  # noqa: ANN401
    if not visit.can_edit(user):
        raise PermissionDenied(_("The group of this visit cannot be changed now."))
    p = participant_of(visit, participant_id)
    if p.status != ParticipantStatus.requested:
        raise ActionNotAllowed(_("This person did not ask to join."))
    p.status = ParticipantStatus.confirmed
    db.session.flush()
    record_event("visit", visit.id, "accept_request", user, data={"user": p.user_id})
    notify(p.user, _l("You have joined the research group: %(title)s"),
           params={"title": visit.title},
           url=url_for("consultation.show_visit", visit_id=visit.id))


def _open_for_members(visit: ResearchVisit) -> None:
    if visit.state != VisitState.planned:
        raise ActionNotAllowed(_("This visit is no longer being planned."))


def ask_to_join(visit: ResearchVisit, user: Any) -> VisitParticipant:  # noqa: ANN401
    if user.role != Role.member:
        raise PermissionDenied(_("Members ask to join research visits."))
    _open_for_members(visit)
    if visit.participant_for(user) is not None:
        raise ActionNotAllowed(_("You are already in this research group."))
    p = VisitParticipant(user=user, role=ParticipantRole.member,
                         status=ParticipantStatus.requested)
    visit.participants.append(p)
    db.session.flush()
    record_event("visit", visit.id, "ask_to_join", user)
    staff = db.session.scalars(select(User).where(User.role.in_(STAFF),
                                                  User.is_active.is_(True)))
    notify(list(staff), _l("%(name)s asks to join the research visit %(title)s"),
           params={"name": user.display_name, "title": visit.title},
           url=url_for("consultation.show_visit", visit_id=visit.id))
    return p


def respond_to_visit(visit: ResearchVisit, user: Any, confirm: bool, reason: str = "") -> None:  # noqa: ANN401
    check_in_group(visit, user)
    p = visit.participant_for(user)
    _open_for_members(visit)
    if not confirm and not reason.strip():
        raise InvalidData(_("Give a reason when excusing yourself."),
                          {"reason": [_("This field is required.")]})
    p.status = ParticipantStatus.confirmed if confirm else ParticipantStatus.excused
    p.reason = "" if confirm else reason.strip()
    db.session.flush()
    record_event("visit", visit.id, "confirm" if confirm else "excuse", user, note=p.reason)


def add_site(visit: ResearchVisit, user: Any, data: dict[str, Any]) -> VisitSite:  # noqa: ANN401
    check_may_record_sites(visit, user)
    if not visit.starts_on <= data["visited_on"] <= visit.ends_on:
        raise InvalidData(_("The site visit must fall within the dates of the visit."),
                          {"visited_on": [_("Choose a day of the visit.")]})
    site = VisitSite(visit=visit, visited_on=data["visited_on"], place=data["place"],
                     unit=data.get("unit", ""), met=data.get("met", ""),
                     notes=data.get("notes", ""))
    db.session.add(site)
    db.session.flush()
    record_event("visit", visit.id, "add_site", user, data={"place": site.place})
    return site


def act_on_visit(visit: ResearchVisit, action: str, user: Any, reason: str = "") -> None:  # noqa: ANN401
    VISIT.perform(visit, action, user, data={"reason": reason} if reason else {}, note=reason)
