"""How records look in API responses (one function per kind, reused by every endpoint)."""

from __future__ import annotations

from typing import Any

from deliberate.auth.models import User
from deliberate.directory.models import Unit


def unit_ref(unit: Unit | None) -> dict[str, Any] | None:
    return None if unit is None else {"id": unit.id, "name": unit.name}


def unit_json(unit: Unit) -> dict[str, Any]:
    return {"id": unit.id, "name": unit.name, "short_name": unit.short_name,
            "is_active": unit.is_active}


def me_json(user: User) -> dict[str, Any]:
    return {"username": user.username, "display_name": user.display_name,
            "role": user.role.value, "role_label": user.role_label,
            "unit": unit_ref(user.unit), "locale": user.locale}
