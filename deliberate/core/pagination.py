"""Pagination for list pages: one COUNT and one page query, whatever the page size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request
from sqlalchemy import Select, func, select

from deliberate.extensions import db

MAX_PER_PAGE = 100


@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def iter_pages(self, edge: int = 2, around: int = 2) -> list[int | None]:
        """Page numbers to show, None where a gap is elided."""
        out: list[int | None] = []
        last = 0
        for n in range(1, self.pages + 1):
            if n <= edge or n > self.pages - edge or abs(n - self.page) <= around:
                if last and n - last > 1:
                    out.append(None)
                out.append(n)
                last = n
        return out


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


def paginate(stmt: Select, *, per_page: int = 20, scalars: bool = True) -> Page:
    """Paginate ``stmt`` using ?page= and ?per_page=; a page past the end shows the last."""
    per_page = min(_int_arg("per_page", per_page), MAX_PER_PAGE)
    total = db.session.scalar(
        select(func.count()).select_from(stmt.order_by(None).subquery())
    ) or 0
    pages = max(1, -(-total // per_page))
    page = min(_int_arg("page", 1), pages)
    query = stmt.limit(per_page).offset((page - 1) * per_page)
    result = db.session.execute(query)
    items = list(result.scalars().unique()) if scalars else list(result)
    return Page(items=items, page=page, per_page=per_page, total=total)
