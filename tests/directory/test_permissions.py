"""Only the secretariat and the administrator reach the directory; others get 403."""

from __future__ import annotations

import re

import pytest

SAMPLE_ARGS = {"ident": "1", "file_id": "1"}


def _directory_urls(app) -> list[tuple[str, str]]:
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("directory."):
            continue
        url = rule.rule
        # Fill every converter with a value it accepts.
        url = re.sub(r"<any\(([^)]*)\):\w+>", lambda m: m.group(1).split(",")[0].strip(), url)
        url = re.sub(r"<(?:int:)?(\w+)>", lambda m: SAMPLE_ARGS.get(m.group(1), "1"), url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((method, url))
    return out


def test_every_route_is_covered(app):
    urls = _directory_urls(app)
    assert len(urls) >= 30
    assert ("POST", "/directory/import/1/confirm") in urls


@pytest.mark.parametrize("role", ["member", "leader", "unit_staff"])
def test_other_roles_are_refused(app, auth, role):
    client, _user = auth.as_role(role)
    for method, url in _directory_urls(app):
        response = client.open(url, method=method)
        assert response.status_code == 403, (method, url, response.status_code)


def test_anonymous_is_sent_to_login(app, client):
    for method, url in _directory_urls(app):
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["secretariat", "admin"])
def test_keepers_see_the_directory(auth, role):
    client, _user = auth.as_role(role)
    page = client.get("/directory/")
    assert page.status_code == 200
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "/directory/" in home


def test_directory_not_in_nav_for_members(auth):
    client, _user = auth.as_role("member")
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "/directory/" not in home


def test_deactivated_keeper_is_refused(app, auth, factory):
    from deliberate.extensions import db

    client, user = auth.as_role("secretariat")
    user.is_active = False
    db.session.commit()
    response = client.get("/directory/")
    assert response.status_code in (302, 403)


def test_every_page_renders_in_both_languages(auth, factory):
    from deliberate.extensions import db

    client, keeper = auth.as_role("secretariat")
    unit = factory.unit()
    member = factory.user("member")
    factory.session()
    db.session.commit()
    pages = ["/directory/", "/directory/terms", "/directory/terms/new", "/directory/sessions",
             "/directory/sessions/new", "/directory/sectors", "/directory/committees/new",
             "/directory/units", f"/directory/units/{unit.id}", f"/directory/units/{unit.id}/edit",
             f"/directory/units/{unit.id}/staff/new", "/directory/members",
             "/directory/members/new", f"/directory/members/{member.id}/edit",
             "/directory/leaders", "/directory/leaders/new", "/directory/accounts",
             "/directory/accounts/new", f"/directory/accounts/{member.id}",
             f"/directory/accounts/{member.id}/edit", "/directory/import"]
    for lang, word in (("zh", "名录"), ("en", "Directory")):
        keeper.locale = lang
        db.session.commit()
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (lang, url)
            assert word in response.get_data(as_text=True), (lang, url)
