"""The pagination macro works in templates that import it without context (found by
visiting every page as every role while checking the Content-Security-Policy)."""

from deliberate.core.notify import notify
from deliberate.extensions import db


def test_inbox_with_several_pages(auth, app):
    client, user = auth.as_role("member")
    for i in range(app.config["ITEMS_PER_PAGE"] + 3):
        notify(user, f"通知{i}")
    db.session.commit()
    first = client.get("/inbox")
    assert first.status_code == 200
    assert "page=2" in first.get_data(as_text=True)
    second = client.get("/inbox?page=2")
    assert second.status_code == 200
    assert "通知0" in second.get_data(as_text=True)


def _walk_every_page(page: int, pages: int, edge: int = 2, around: int = 2) -> list:
    """The plain definition: every page number, kept near an edge or the current page."""
    out, last = [], 0
    for n in range(1, pages + 1):
        if n <= edge or n > pages - edge or abs(n - page) <= around:
            if last and n - last > 1:
                out.append(None)
            out.append(n)
            last = n
    return out


def test_page_numbers_match_the_plain_definition_at_every_position():
    from deliberate.core.pagination import Page

    for pages in (1, 2, 3, 5, 6, 7, 9, 12, 40):
        for current in range(1, pages + 1):
            page = Page(items=[], page=current, per_page=10, total=pages * 10)
            assert page.iter_pages() == _walk_every_page(current, pages), (pages, current)


def test_page_numbers_of_a_very_long_list_stay_few():
    from deliberate.core.pagination import Page

    page = Page(items=[], page=1500, per_page=50, total=150_000)
    assert page.iter_pages() == [1, 2, None, 1498, 1499, 1500, 1501, 1502, None, 2999, 3000]
