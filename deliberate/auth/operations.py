"""Account writes shared by the CLI, the directory screens and the roster import."""

from __future__ import annotations

import re
import secrets

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from deliberate.auth.models import ApiToken, User
from deliberate.core.events import record_event
from deliberate.core.permissions import Role
from deliberate.core.types import utcnow
from deliberate.core.workflow import EXTRA_ACTION_LABELS, ActionNotAllowed, InvalidData
from deliberate.directory.models import Unit
from deliberate.extensions import db

EXTRA_ACTION_LABELS.update({
    "create_token": _l("API token created"),
    "revoke_token": _l("API token revoked"),
})

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")


def find_unit(ref: str | int | None) -> Unit | None:
    """A unit by id or exact name (as the CLI's --unit takes it)."""
    if ref is None or ref == "":
        return None
    if isinstance(ref, int) or str(ref).isdigit():
        unit = db.session.get(Unit, int(ref))
        if unit is not None:
            return unit
    return db.session.scalar(select(Unit).where(Unit.name == str(ref).strip()))


def validate_account(username: str, role: str, unit: Unit | None,
                     *, existing: User | None = None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not USERNAME_RE.match(username or ""):
        errors["username"] = [_("2 to 64 letters, digits, dots, dashes or underscores, "
                                "starting with a letter or digit.")]
    else:
        clash = db.session.scalar(
            select(User.id).where(func.lower(User.username) == username.lower())
        )
        if clash is not None and (existing is None or clash != existing.id):
            errors["username"] = [_("The username “%(name)s” is already taken.", name=username)]
    if role not in Role.__members__:
        errors["role"] = [_("Unknown role.")]
    elif role == Role.unit_staff and unit is None:
        errors["unit"] = [_("Handling unit staff must belong to a handling unit.")]
    elif role != Role.unit_staff and unit is not None:
        errors["unit"] = [_("Only handling unit staff belong to a unit.")]
    return errors


def create_user(
    username: str,
    display_name: str,
    role: str,
    *,
    password: str | None = None,
    unit: Unit | None = None,
    actor: User | None = None,
    event_action: str = "create",
    event_data: dict[str, object] | None = None,
    **fields: object,
) -> User:
    """Create an account; raises InvalidData (nothing written) on a bad combination.
    ``event_action``/``event_data`` let callers such as the roster import say how the
    account came to be in its audit event."""
    username = (username or "").strip()
    errors = validate_account(username, role, unit)
    if not (display_name or "").strip():
        errors["display_name"] = [_("This field is required.")]
    if errors:
        raise InvalidData(_("The account could not be created."), errors)
    user = User(username=username, display_name=display_name.strip(), role=Role(role),
                unit=unit, **fields)
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_event("user", user.id, event_action, actor, to_state="active",
                 data={"username": username, "role": role,
                       "unit": unit.name if unit else None, **(event_data or {})})
    return user


def issue_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create an API token; the plain token is returned once and only its hash is kept."""
    plain = "dlb_" + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name[:100], token_hash=ApiToken.hash(plain),
                     prefix=plain[:12])
    db.session.add(token)
    db.session.flush()
    record_event("user", user.id, "create_token", user, data={"token": token.prefix})
    return token, plain


def revoke_token(token: ApiToken, actor: User) -> None:
    """Revoke a token for good; requests with it are refused from now on."""
    if token.revoked_at is not None:
        raise ActionNotAllowed(_("This API token has already been revoked."))
    token.revoked_at = utcnow()
    db.session.flush()
    record_event("user", token.user_id, "revoke_token", actor, data={"token": token.prefix})


def temporary_password() -> str:
    # Letters and digits both, so it passes the policy; the user must change it.
    return secrets.token_urlsafe(9) + "7a"
