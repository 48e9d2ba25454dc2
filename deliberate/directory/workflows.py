"""Deactivation and reactivation of directory records through the one workflow engine.

Directory records keep a plain ``is_active`` flag; :class:`ActiveState` presents it to the
engine as the states ``active``/``inactive`` so every deactivation is checked, logged and
labelled like any other workflow action.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from deliberate.core.permissions import DIRECTORY_KEEPERS, Role
from deliberate.core.workflow import EXTRA_ACTION_LABELS, Transition, Workflow

ACTIVE_LABELS = {"active": _l("Active"), "inactive": _l("Deactivated")}


class ActiveState:
    """The engine's view of a record with ``is_active``: ``state`` reads and writes it."""

    def __init__(self, record: Any) -> None:  # noqa: ANN401
        self.record = record

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def state(self) -> str:
        return "active" if self.record.is_active else "inactive"

    @state.setter
    def state(self, value: str) -> None:
        self.record.is_active = value == "active"


def _not_yourself(obj: ActiveState, user: Any, _data: dict[str, Any]) -> str | None:  # noqa: ANN401
    # Locking oneself out leaves nobody to undo it when one keeper runs the directory.
    if obj.record.id == user.id:
        return _("You cannot deactivate your own account.")
    return None


def _not_current(obj: ActiveState, _user: Any, _data: dict[str, Any]) -> str | None:  # noqa: ANN401
    if obj.record.is_current:
        return _("The current session cannot be deactivated; make another session current "
                 "first.")
    return None


def may_manage_account(target: Any, user: Any) -> bool:  # noqa: ANN401
    """Administrator accounts are managed by administrators only: otherwise the
    secretariat could take one over by resetting its password."""
    return target.role != Role.admin or user.role == Role.admin


def _toggles(deactivate_guard: Any = None, allow: Any = None) -> list[Transition]:  # noqa: ANN401
    return [
        Transition("deactivate", ("active",), "inactive", DIRECTORY_KEEPERS,
                   label=_l("Deactivated"), guard=deactivate_guard, allow=allow),
        Transition("reactivate", ("inactive",), "active", DIRECTORY_KEEPERS,
                   label=_l("Reactivated"), allow=allow),
    ]


ACCOUNT_WORKFLOW = Workflow(
    "user", _toggles(_not_yourself, lambda obj, user: may_manage_account(obj.record, user)),
    ACTIVE_LABELS)
UNIT_WORKFLOW = Workflow("unit", _toggles(), ACTIVE_LABELS)
SECTOR_WORKFLOW = Workflow("sector", _toggles(), ACTIVE_LABELS)
COMMITTEE_WORKFLOW = Workflow("committee", _toggles(), ACTIVE_LABELS)
TERM_WORKFLOW = Workflow("term", _toggles(), ACTIVE_LABELS)
SESSION_WORKFLOW = Workflow(
    "session",
    [
        *_toggles(_not_current),
        # No state change: the effect moves the "current" mark (see make_session_current).
        Transition("make_current", ("active",), None, DIRECTORY_KEEPERS,
                   label=_l("Made current")),
    ],
    ACTIVE_LABELS,
)

WORKFLOWS = {
    wf.object_type: wf
    for wf in (ACCOUNT_WORKFLOW, UNIT_WORKFLOW, SECTOR_WORKFLOW, COMMITTEE_WORKFLOW,
               TERM_WORKFLOW, SESSION_WORKFLOW)
}

# Account events recorded by auth outside any workflow appear on the directory's timelines;
# core keeps the shared label table, so name them there (setdefault: auth may do it too).
for _action, _label in (("change_password", _l("Password changed")),
                        ("create_token", _l("API token created")),
                        ("confirm_password", _l("Password confirmed")),
                        ("login", _l("Signed in"))):
    EXTRA_ACTION_LABELS.setdefault(_action, _label)
