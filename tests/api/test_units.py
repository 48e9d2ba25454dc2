"""GET /api/v1/units: the shared pagination envelope and strict query parameters."""

import pytest

from deliberate.extensions import db


@pytest.fixture
def units(factory):
    made = [factory.unit(f"单位{n:02d}", short_name=f"单{n}", sort_order=n) for n in range(1, 26)]
    made[3].is_active = False
    db.session.commit()
    return made


def test_units_first_page(client, api, units):
    _user, headers = api.as_role("unit_staff")
    body = client.get("/api/v1/units", headers=headers).get_json()
    # The unit_staff fixture made one more unit (sort order 0, so first).
    assert body["total"] == 26 and body["page"] == 1 and body["per_page"] == 20
    assert len(body["items"]) == 20
    first = body["items"][1]
    assert first == {"id": units[0].id, "name": "单位01", "short_name": "单1", "is_active": True}
    assert all(isinstance(item["id"], int) for item in body["items"])


def test_units_pages_cover_everything_once(client, api, units):
    _user, headers = api.as_role("member")
    seen = []
    page = 1
    while True:
        body = client.get(f"/api/v1/units?page={page}&per_page=7", headers=headers).get_json()
        if not body["items"]:
            break
        assert body["per_page"] == 7 and body["total"] == 25
        seen += [item["name"] for item in body["items"]]
        page += 1
    assert seen == [f"单位{n:02d}" for n in range(1, 26)]
    assert page == 5


def test_page_past_the_end_is_empty(client, api, units):
    _user, headers = api.as_role("member")
    body = client.get("/api/v1/units?page=99", headers=headers).get_json()
    assert body == {"items": [], "total": 25, "page": 99, "per_page": 20}


def test_per_page_100_is_allowed(client, api, units):
    _user, headers = api.as_role("member")
    body = client.get("/api/v1/units?per_page=100", headers=headers).get_json()
    assert len(body["items"]) == 25 and body["per_page"] == 100


def test_active_filter(client, api, units):
    _user, headers = api.as_role("secretariat")
    inactive = client.get("/api/v1/units?active=false", headers=headers).get_json()
    assert [u["name"] for u in inactive["items"]] == ["单位04"]
    active = client.get("/api/v1/units?active=true&per_page=100", headers=headers).get_json()
    assert active["total"] == 24 and all(u["is_active"] for u in active["items"])


@pytest.mark.parametrize("query, field", [
    ("per_page=101", "per_page"), ("per_page=0", "per_page"), ("per_page=-1", "per_page"),
    ("per_page=ten", "per_page"), ("per_page=1.5", "per_page"), ("per_page=", "per_page"),
    ("per_page=5%0A", "per_page"), ("page=0", "page"), ("page=100001", "page"),
    ("page=99999999999999999999", "page"), ("page=1&page=2", "page"),
    ("active=maybe", "active"),
])
def test_bad_query_values_are_422_with_the_field(client, api, units, query, field):
    _user, headers = api.as_role("member")
    response = client.get(f"/api/v1/units?{query}", headers=headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]
    assert error["message"] == "部分查询参数有误。"


def test_every_bad_field_is_reported_at_once(client, api):
    _user, headers = api.as_role("member")
    error = client.get("/api/v1/units?page=x&per_page=1000", headers=headers,
                       ).get_json()["error"]
    assert error["fields"] == {"page": ["必须是整数。"], "per_page": ["不能大于 100。"]}


def test_unknown_parameters_are_ignored(client, api, units):
    _user, headers = api.as_role("member")
    assert client.get("/api/v1/units?sort=name", headers=headers).status_code == 200
