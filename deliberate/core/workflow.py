"""One declarative state-machine engine for every aggregate (proposals, topics, meetings,
speeches, minutes, accounts).

Each aggregate declares a :class:`Workflow`: a table of :class:`Transition` rows (from
states, action verb, to state, roles allowed, an optional per-object permission, an
optional guard, required data). :meth:`Workflow.perform` is the single entry point used by
the web views, the API and the CLI. Refusals raise typed errors and write nothing; a
performed action appends an Event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from deliberate.core.events import Event, record_event
from deliberate.core.permissions import Role
from deliberate.extensions import db


class WorkflowError(Exception):
    """Base of every refusal; ``status`` is the HTTP status the web and API answer with."""

    status = 409
    code = "conflict"

    def __init__(self, message: str, fields: Mapping[str, list[str]] | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.fields = dict(fields or {})


class ActionNotAllowed(WorkflowError):
    """The action does not apply in the object's current state."""

    status = 409
    code = "wrong_state"


class PermissionDenied(WorkflowError):
    status = 403
    code = "forbidden"


class InvalidData(WorkflowError):
    status = 422
    code = "invalid"


class StaleObject(WorkflowError):
    status = 409
    code = "stale"


Guard = Callable[[Any, Any, dict[str, Any]], str | None]
Allow = Callable[[Any, Any], bool]
Effect = Callable[[Any, dict[str, Any]], dict[str, Any] | None]


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str | None
    roles: tuple[Role, ...]
    label: Any = ""
    allow: Allow | None = None
    guard: Guard | None = None
    required: tuple[str, ...] = ()


@dataclass
class Workflow:
    object_type: str
    transitions: list[Transition]
    state_labels: Mapping[str, Any] = field(default_factory=dict)
    state_attr: str = "state"

    def __post_init__(self) -> None:
        self._by_action: dict[str, list[Transition]] = {}
        for t in self.transitions:
            self._by_action.setdefault(t.action, []).append(t)
        _REGISTRY[self.object_type] = self

    # -- reading ---------------------------------------------------------------------
    def state_of(self, obj: Any) -> str:  # noqa: ANN401
        value = getattr(obj, self.state_attr)
        return getattr(value, "value", value)

    def _candidates(self, action: str) -> list[Transition]:
        return self._by_action.get(action, [])

    def _permitted(self, t: Transition, obj: Any, user: Any) -> bool:  # noqa: ANN401
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        if not getattr(user, "is_active", False) or user.role not in t.roles:
            return False
        return t.allow is None or bool(t.allow(obj, user))

    def _match(self, obj: Any, action: str) -> Transition | None:  # noqa: ANN401
        state = self.state_of(obj)
        for t in self._candidates(action):
            if state in t.sources:
                return t
        return None

    def can(self, obj: Any, action: str, user: Any) -> bool:  # noqa: ANN401
        """True when ``user`` may perform ``action`` on ``obj`` in its current state.
        Guards that need the action's data are not evaluated here."""
        t = self._match(obj, action)
        return t is not None and self._permitted(t, obj, user)

    def available_actions(self, obj: Any, user: Any) -> list[Transition]:  # noqa: ANN401
        state = self.state_of(obj)
        return [
            t for t in self.transitions
            if state in t.sources and self._permitted(t, obj, user)
        ]

    def action_label(self, action: str) -> str:
        for t in self._candidates(action):
            if t.label:
                return str(t.label)
        return action

    def state_label(self, state: str) -> str:
        return str(self.state_labels.get(state, state))

    # -- writing ---------------------------------------------------------------------
    def perform(
        self,
        obj: Any,  # noqa: ANN401
        action: str,
        user: Any,  # noqa: ANN401
        *,
        data: dict[str, Any] | None = None,
        note: str = "",
        effect: Effect | None = None,
        expected_version: int | None = None,
    ) -> Event:
        """Check, apply and log one action. Raises a WorkflowError and writes nothing when
        refused; the caller commits (views once per request)."""
        data = dict(data or {})
        candidates = self._candidates(action)
        if not candidates:
            raise ActionNotAllowed(_("Unknown action “%(action)s”.", action=action))
        state = self.state_of(obj)
        matched = self._match(obj, action)
        # Permission first: a user who may never do this learns nothing about the state.
        if not any(self._permitted(t, obj, user) for t in candidates):
            raise PermissionDenied(_("You are not allowed to “%(action)s”.",
                                     action=self.action_label(action)))
        if expected_version is not None and getattr(obj, "version", None) != expected_version:
            raise StaleObject(_("Someone else changed this record after you opened it. "
                                "Reload the page and try again."))
        if matched is None:
            raise ActionNotAllowed(_(
                "“%(action)s” is not possible while the record is “%(state)s”.",
                action=self.action_label(action), state=self.state_label(state)))
        if not self._permitted(matched, obj, user):
            raise PermissionDenied(_("You are not allowed to “%(action)s”.",
                                     action=self.action_label(action)))
        missing = {
            name: [_("This field is required.")]
            for name in matched.required
            if data.get(name) in (None, "", [], {})
        }
        if missing:
            raise InvalidData(_("Some required information is missing."), missing)
        if matched.guard is not None:
            refusal = matched.guard(obj, user, data)
            if refusal:
                raise ActionNotAllowed(refusal)

        # A savepoint makes the effect, the state change and the event one unit even when a
        # caller forgets to roll back after an error.
        with db.session.begin_nested():
            extra = effect(obj, data) if effect is not None else None
            if extra:
                data.update(extra)
            if matched.target is not None:
                setattr(obj, self.state_attr, self._coerce_state(obj, matched.target))
            db.session.flush()
            ev = record_event(
                self.object_type, obj.id, action, user,
                from_state=state, to_state=matched.target or state, data=data, note=note,
            )
        return ev

    def _coerce_state(self, obj: Any, target: str) -> Any:  # noqa: ANN401
        current = getattr(obj, self.state_attr)
        enum_type = type(current) if hasattr(current, "value") else None
        return enum_type(target) if enum_type else target


_REGISTRY: dict[str, Workflow] = {}


def get_workflow(object_type: str) -> Workflow | None:
    return _REGISTRY.get(object_type)


def action_label(object_type: str, action: str) -> str:
    wf = _REGISTRY.get(object_type)
    if wf is not None:
        label = wf.action_label(action)
        if label != action:
            return label
    return str(EXTRA_ACTION_LABELS.get(action, action))


def state_label(object_type: str, state: str) -> str:
    wf = _REGISTRY.get(object_type)
    return wf.state_label(state) if wf else state


# Events recorded outside a workflow (creating or editing a record) share these labels.
EXTRA_ACTION_LABELS = {
    "create": _l("Created"),
    "update": _l("Edited"),
    "import": _l("Imported"),
    "reset_password": _l("Password reset"),
}


def states_from(transitions: Iterable[Transition]) -> set[str]:
    out: set[str] = set()
    for t in transitions:
        out.update(t.sources)
        if t.target:
            out.add(t.target)
    return out
