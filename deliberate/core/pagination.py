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
        return page_count(self.total, self.per_page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def iter_pages(self, edge: int = 2, around: int = 2) -> list[int | None]:
        """Page numbers to show, None where a gap is elided. Built from the few numbers
        shown, not by walking every page: a list of 150,000 rows has 3,000 pages."""
        shown = sorted({n for n in (*range(1, edge + 1),
                                    *range(self.pages - edge + 1, self.pages + 1),
                                    *range(self.page - around, self.page + around + 1))
                        if 1 <= n <= self.pages})
        out: list[int | None] = []
        for i, n in enumerate(shown):
            if i and n - shown[i - 1] > 1:
                out.append(None)
            out.append(n)
        return out


def page_count(total: int, per_page: int) -> int:
    """Pages ``total`` rows fill, at least one (an empty list shows one empty page)."""
    return max(1, -(-total // per_page))


def page_within(total: int, page: int, per_page: int) -> tuple[int, int]:
    """``page`` kept between the first and the last page, and its offset: a page past the
    end shows the last."""
    page = max(1, min(page, page_count(total, per_page)))
    return page, (page - 1) * per_page


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


def paginate(stmt: Select, *, per_page: int = 20, scalars: bool = True) -> Page:
    """Paginate ``stmt`` using ?page= and ?per_page=; a page past the end shows the last."""
    per_page = min(_int_arg("per_page", per_page), MAX_PER_PAGE)
    total = db.session.scalar(
        select(func.count()).select_from(stmt.order_by(None).subquery())
    ) or 0
    page, offset = page_within(total, _int_arg("page", 1), per_page)
    query = stmt.limit(per_page).offset(offset)
    result = db.session.execute(query)
    items = list(result.scalars().unique()) if scalars else list(result)
    return Page(items=items, page=page, per_page=per_page, total=total)
