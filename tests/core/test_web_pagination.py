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
