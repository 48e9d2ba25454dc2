"""The state machines of consultation work, on the one engine (core.workflow)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from deliberate.core.permissions import Role
from deliberate.core.types import utcnow
from deliberate.core.workflow import Transition, Workflow

STAFF = (Role.secretariat,)

TOPIC_STATE_LABELS = {
    "suggested": _l("Suggested"),
    "under_study": _l("Under study"),
    "accepted": _l("In the catalogue"),
    "declined": _l("Not accepted"),
    "scheduled": _l("Scheduled"),
    "closed": _l("Closed"),
}


def _topic_has_result(topic: Any, _user: Any, _data: dict[str, Any]) -> str | None:  # noqa: ANN401
    # "一议一成": a consultation is done only when its result is on record.
    if not topic.results:
        return _("A topic cannot be closed before at least one result (recommendation, "
                 "report or minutes) is recorded: every consultation must end in a result.")
    return None


TOPIC = Workflow(
    object_type="topic",
    state_labels=TOPIC_STATE_LABELS,
    transitions=[
        Transition("study", ("suggested",), "under_study", STAFF, _l("Start selection research")),
        Transition("accept", ("suggested", "under_study"), "accepted", STAFF,
                   _l("Accept into the catalogue")),
        Transition("decline", ("suggested", "under_study"), "declined", STAFF, _l("Decline"),
                   required=("reason",)),
        Transition("schedule", ("accepted",), "scheduled", STAFF, _l("Schedule")),
        Transition("close", ("accepted", "scheduled"), "closed", STAFF, _l("Close the topic"),
                   guard=_topic_has_result),
    ],
)

MEETING_STATE_LABELS = {
    "draft": _l("Draft"),
    "scheduled": _l("Notice issued"),
    "held": _l("Held"),
    "cancelled": _l("Cancelled"),
}


def _meeting_in_future(meeting: Any, _user: Any, _data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if meeting.starts_at <= utcnow():
        return _("The meeting's start time has passed: a meeting in the past cannot be "
                 "scheduled. Change its time first.")
    return None


def _meeting_started(meeting: Any, _user: Any, _data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if meeting.starts_at > utcnow():
        return _("The meeting has not started yet, so it cannot be marked as held.")
    return None


MEETING = Workflow(
    object_type="meeting",
    state_labels=MEETING_STATE_LABELS,
    transitions=[
        Transition("schedule", ("draft",), "scheduled", STAFF,
                   _l("Issue the notice and invitations"), guard=_meeting_in_future),
        Transition("mark_held", ("scheduled",), "held", STAFF, _l("Mark as held"),
                   guard=_meeting_started),
        Transition("cancel", ("draft", "scheduled"), "cancelled", STAFF, _l("Cancel the meeting"),
                   required=("reason",)),
    ],
)

SPEECH_STATE_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "adopted": _l("Adopted"),
    "returned": _l("Returned for revision"),
    "redirected": _l("Redirected"),
    "withdrawn": _l("Withdrawn"),
}


def _is_author(speech: Any, user: Any) -> bool:  # noqa: ANN401
    return speech.author_id == user.id


def _meeting_open_for_speeches(speech: Any, _user: Any, _data: dict[str, Any]) -> str | None:  # noqa: ANN401
    from deliberate.consultation.operations import speech_refusal

    return speech_refusal(speech.meeting)


SPEECH = Workflow(
    object_type="speech",
    state_labels=SPEECH_STATE_LABELS,
    transitions=[
        Transition("submit", ("draft", "returned"), "submitted", (Role.member,), _l("Submit"),
                   allow=_is_author, guard=_meeting_open_for_speeches),
        Transition("withdraw", ("draft", "submitted", "returned"), "withdrawn", (Role.member,),
                   _l("Withdraw"), allow=_is_author),
        Transition("adopt", ("submitted",), "adopted", STAFF, _l("Adopt")),
        Transition("return", ("submitted",), "returned", STAFF, _l("Return for revision"),
                   required=("opinion",)),
        Transition("redirect", ("submitted",), "redirected", STAFF, _l("Redirect"),
                   required=("opinion",)),
    ],
)

PLAN_STATE_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted for approval"),
    "approved": _l("Approved"),
    "published": _l("Published"),
}


def _plan_has_items(plan: Any, _user: Any, _data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if not plan.items:
        return _("The plan has no topics yet: add the topics of the year first.")
    return None


# Leaders approve (or send back) the plan the secretariat submits; a revision of a published
# plan goes through the same approval again (see models_plan).
PLAN = Workflow(
    object_type="plan",
    state_labels=PLAN_STATE_LABELS,
    transitions=[
        Transition("submit", ("draft",), "submitted", STAFF, _l("Submit for approval"),
                   guard=_plan_has_items),
        Transition("send_back", ("submitted",), "draft", (Role.leader,), _l("Send back"),
                   required=("reason",)),
        Transition("approve", ("submitted",), "approved", (Role.leader,), _l("Approve")),
        Transition("publish", ("approved",), "published", STAFF, _l("Publish")),
        Transition("revise", ("published",), "draft", STAFF, _l("Revise the plan"),
                   required=("reason",)),
    ],
)

MINUTES_STATE_LABELS = {
    "draft": _l("Draft"),
    "under_review": _l("Under review"),
    "approved": _l("Approved"),
    "issued": _l("Issued"),
}


def _staff_or_chair(minutes: Any, user: Any) -> bool:  # noqa: ANN401
    return user.role in STAFF or minutes.meeting.chair_id == user.id


MINUTES = Workflow(
    object_type="minutes",
    state_labels=MINUTES_STATE_LABELS,
    transitions=[
        Transition("submit_review", ("draft",), "under_review", STAFF,
                   _l("Send to the attendees for comments")),
        Transition("approve", ("under_review",), "approved", STAFF + (Role.leader,),
                   _l("Approve"), allow=_staff_or_chair),
        Transition("back_to_draft", ("under_review", "approved"), "draft",
                   STAFF + (Role.leader,), _l("Back to draft"), allow=_staff_or_chair,
                   required=("reason",)),
        Transition("issue", ("approved",), "issued", STAFF, _l("Issue")),
        Transition("correct", ("issued",), "issued", STAFF, _l("Correct and re-issue"),
                   required=("reason",)),
    ],
)

VISIT_STATE_LABELS = {
    "planned": _l("Planned"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
}


def _visit_has_report(visit: Any, _user: Any, _data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if not visit.report.strip():
        return _("Write the research report before marking the visit completed.")
    return None


VISIT = Workflow(
    object_type="visit",
    state_labels=VISIT_STATE_LABELS,
    transitions=[
        Transition("complete", ("planned",), "completed", STAFF, _l("Mark as completed"),
                   guard=_visit_has_report),
        Transition("cancel", ("planned",), "cancelled", STAFF, _l("Cancel the visit"),
                   required=("reason",)),
    ],
)
