from flask_babel import lazy_gettext as _l

from deliberate.core.permissions import Role
from deliberate.core.web import _NAV, _NAV_GROUPS, nav_items, register_nav, register_nav_group


def test_a_blueprints_links_become_one_dropdown(factory, monkeypatch):
    monkeypatch.setattr("deliberate.core.web._NAV", list(_NAV))
    monkeypatch.setattr("deliberate.core.web._NAV_GROUPS", dict(_NAV_GROUPS))
    register_nav(_l("Home"), "zz.first", (Role.secretariat,), order=500)
    register_nav(_l("Inbox"), "zz.second", (Role.secretariat, Role.member), order=501)
    register_nav_group("zz", _l("Search"))
    sec = factory.user("secretariat")
    member = factory.user("member")
    entry = next(e for e in nav_items(sec) if e.blueprint == "zz")
    assert entry.is_group and str(entry.label) == "搜索"
    assert [i.endpoint for i in entry.items] == ["zz.first", "zz.second"]
    single = next(e for e in nav_items(member) if e.blueprint == "zz")
    assert not single.is_group and single.endpoint == "zz.second"


def test_header_shows_only_the_roles_links(auth):
    client, _user = auth.as_role("member")
    page = client.get("/inbox").get_data(as_text=True)
    assert 'data-testid="nav-dashboard"' in page
    assert 'data-testid="nav-directory"' not in page
    client, _user = auth.as_role("secretariat")
    assert 'data-testid="nav-directory"' in client.get("/inbox").get_data(as_text=True)
