"""Roles and the server-side permission checks every view goes through."""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user


class Role(enum.StrEnum):
    admin = "admin"
    secretariat = "secretariat"
    leader = "leader"
    member = "member"
    unit_staff = "unit_staff"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.admin: _l("Administrator"),
    Role.secretariat: _l("Secretariat"),
    Role.leader: _l("Leader"),
    Role.member: _l("Member"),
    Role.unit_staff: _l("Handling unit staff"),
}

# Who keeps the directory (people, units, terms): the secretariat, and the administrator
# who sets the installation up.
DIRECTORY_KEEPERS = (Role.secretariat, Role.admin)


def has_role(user: Any, *roles: Role) -> bool:  # noqa: ANN401
    return bool(user and user.is_authenticated and user.is_active and user.role in roles)


def roles_required(*roles: Role) -> Callable:
    """View decorator: 403 unless the signed-in user holds one of ``roles``."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            if not has_role(current_user, *roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def public(view: Callable) -> Callable:
    """Mark a view as reachable without signing in (checked in core.web)."""
    view.is_public = True  # type: ignore[attr-defined]
    return view
