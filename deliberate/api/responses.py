"""JSON responses of the API: UTF-8 without escaping Chinese, ISO 8601 timestamps with
their offset, and the pagination envelope every list shares."""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select
from werkzeug.wrappers import Response

from deliberate.extensions import db


def _default(value: Any) -> Any:  # noqa: ANN401
    if isinstance(value, datetime):
        # Stored times are UTC; a naive one would lose its meaning without the offset.
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    # Lazy translated strings and anything else printable.
    return str(value)


def dumps(data: Any) -> str:  # noqa: ANN401
    return json.dumps(data, ensure_ascii=False, default=_default)


def json_response(data: Any, status: int = 200,  # noqa: ANN401
                  headers: Mapping[str, str] | None = None) -> Response:
    """Build the response ourselves rather than through app.json, whose ensure_ascii
    setting is the whole app's: only the API's answers change."""
    return current_app.response_class(dumps(data), status=status, headers=dict(headers or {}),
                                      mimetype="application/json")


@dataclass
class ApiPage:
    items: list[Any]
    total: int
    page: int
    per_page: int


def paginate_query(stmt: Select, page: int, per_page: int) -> ApiPage:
    """One COUNT and one page query. Unlike the web's paginate(), a page past the end is
    empty rather than the last one, so a client looping until no items are left stops."""
    total = db.session.scalar(
        select(func.count()).select_from(stmt.order_by(None).subquery())
    ) or 0
    items: list[Any] = []
    if (page - 1) * per_page < total:
        result = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page))
        items = list(result.scalars().unique())
    return ApiPage(items=items, total=total, page=page, per_page=per_page)


def page_envelope(page: ApiPage, serialize: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """{"items", "total", "page", "per_page"}: the shape of every API list."""
    return {"items": [serialize(item) for item in page.items], "total": page.total,
            "page": page.page, "per_page": page.per_page}
