"""Defaults of the proposal rules (DOMAIN.md); an installation overrides any of them with
the same name in instance/config.py or a DELIBERATE_PROPOSAL_* variable."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

DEFAULTS: dict[str, Any] = {
    # Reply due this many calendar months after assignment (交办), and after 不满意.
    "PROPOSAL_HANDLING_MONTHS": 3,
    "PROPOSAL_REHANDLING_MONTHS": 3,
    # An extension never reaches past this many months after assignment.
    "PROPOSAL_MAX_EXTENSION_MONTHS": 6,
    # Working days a unit has to dispute its assignment (申请调整), and the calendar days
    # before that window closes when ``flask remind`` tells a unit once that it is closing.
    "PROPOSAL_DISPUTE_WORKING_DAYS": 10,
    "PROPOSAL_DISPUTE_REMINDER_DAYS": 3,
    # Working days to consult the proposer (办理协商) and months for the co-opinion.
    "PROPOSAL_CONSULTATION_WORKING_DAYS": 15,
    "PROPOSAL_CO_OPINION_MONTHS": 1,
    # Working days the proposer has for the verdict before the secretariat may close.
    "PROPOSAL_FEEDBACK_WORKING_DAYS": 15,
    # Lists show "due soon", and ``flask remind`` warns, this many days ahead.
    "PROPOSAL_DUE_SOON_DAYS": 7,
    # The signed reply letter (PDF).
    "PROPOSAL_REPLY_MAX_BYTES": 10 * 1024 * 1024,
    # Attachments to a draft (附件): size, number and the kinds of file accepted.
    "PROPOSAL_ATTACHMENT_MAX_BYTES": 10 * 1024 * 1024,
    "PROPOSAL_ATTACHMENT_MAX_COUNT": 10,
    "PROPOSAL_ATTACHMENT_EXTENSIONS": ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx",
                                       "jpg", "jpeg", "png", "txt", "csv", "zip"),
    # Reply result classes: code -> label (configurable; A/B/C by default).
    "PROPOSAL_RESULT_CLASSES": {
        "A": _l("A: solved or basically solved"),
        "B": _l("B: being solved or included in plans"),
        "C": _l("C: cannot be solved for now, reason explained"),
    },
    # Standard grounds for 不予立案.
    "PROPOSAL_DECLINE_GROUNDS": {
        "state_secret": _l("Involves state secrets"),
        "personal": _l("A personal matter"),
        "litigation": _l("A case in litigation or under judicial process"),
        "no_suggestion": _l("No concrete suggestion"),
        "outside_remit": _l("Outside the body's remit"),
        "several_matters": _l("More than one matter in one proposal"),
        "other": _l("Other"),
    },
}


def setting(name: str) -> Any:  # noqa: ANN401
    return current_app.config.get(name, DEFAULTS[name])


def result_classes() -> dict[str, str]:
    return {str(k): str(v) for k, v in setting("PROPOSAL_RESULT_CLASSES").items()}


def decline_grounds() -> dict[str, str]:
    return {str(k): str(v) for k, v in setting("PROPOSAL_DECLINE_GROUNDS").items()}
