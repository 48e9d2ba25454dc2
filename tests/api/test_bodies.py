"""Declared JSON body fields: one 422 naming every bad field, and the OpenAPI schema."""

import base64
from datetime import date

import pytest

from deliberate.api.bodies import VERSION, Field, body_schema, parse_body
from deliberate.api.errors import ApiError


@pytest.mark.parametrize("field, value, parsed", [
    (Field.string("t", max_length=4), "社区养老", "社区养老"),
    (Field.integer("n", minimum=1), 3, 3),
    (Field.boolean("b"), False, False),
    (Field.date("d"), "2026-12-31", date(2026, 12, 31)),
    (Field.choice("c", lambda: ["A", "B"]), "B", "B"),
    (Field.integer_list("ids"), [3, 1, 3], [3, 1]),
    (Field.string_list("names"), ["zhang", "li"], ["zhang", "li"]),
    (Field.base64("pdf", max_bytes=10), base64.b64encode(b"%PDF-1.7").decode(), b"%PDF-1.7"),
])
def test_field_accepts(app, field, value, parsed):
    assert field.parse(value) == parsed


@pytest.mark.parametrize("field, value", [
    (Field.string("t", max_length=3), "四个字符"), (Field.string("t"), 5),
    (Field.string("t"), "a\x00"), (Field.integer("n"), True), (Field.integer("n"), 1.5),
    (Field.integer("n"), "3"), (Field.integer("n", maximum=5), 6), (Field.boolean("b"), 1),
    (Field.boolean("b"), "true"), (Field.date("d"), "2026-02-30"), (Field.date("d"), 20260101),
    (Field.choice("c", ("A",)), "a"), (Field.integer_list("ids"), [1, "2"]),
    (Field.integer_list("ids"), [True]), (Field.integer_list("ids"), 5),
    (Field.integer_list("ids", max_items=2), [1, 2, 3]),
    (Field.string_list("s", max_length=2), ["abc"]), (Field.base64("p", max_bytes=4), "!!!"),
    (Field.base64("p", max_bytes=4), base64.b64encode(b"12345").decode()),
    (Field.base64("p", max_bytes=4), "A" * 1000),
])
def test_field_refuses(app, field, value):
    with app.test_request_context(), pytest.raises(ValueError):
        field.parse(value)


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        Field("x", "money")


def test_all_problems_in_one_422(app):
    fields = (Field.string("title", required=True), Field.integer("n"), VERSION)
    with app.test_request_context(), pytest.raises(ApiError) as info:
        parse_body(fields, {"title": "  ", "n": "x", "version": 0, "titel": "typo"})
    error = info.value
    assert (error.status, error.code) == (422, "invalid")
    assert error.fields == {"title": ["此项为必填项。"], "n": ["必须是整数。"],
                            "version": ["不能小于 1。"], "titel": ["未知字段。"]}


def test_optional_fields_left_out_are_none(app):
    fields = (Field.string("title", required=True), Field.date("due"), VERSION)
    with app.test_request_context():
        assert parse_body(fields, {"title": "标题"}) == {"title": "标题", "due": None,
                                                        "version": None}


def test_body_schema():
    schema = body_schema((Field.string("title", required=True, max_length=50),
                          Field.integer_list("lead_units", max_items=5),
                          Field.choice("form", ("phone", "visit")), VERSION))
    assert schema["required"] == ["title"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["title"] == {"type": "string", "maxLength": 50,
                                             "minLength": 1, "pattern": r"\S"}
    assert schema["properties"]["lead_units"] == {
        "type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
        "maxItems": 5}
    assert schema["properties"]["form"] == {"type": "string", "enum": ["phone", "visit"]}
    assert schema["properties"]["version"]["minimum"] == 1


def test_body_through_a_request(api_test_routes, client, api):
    _user, headers = api.as_role("member")
    ok = client.post("/api/v1/_test/fields", headers=headers, json={
        "title": "关于养老", "lead_units": [2, 1], "due_date": "2027-01-15",
        "result_class": "A", "may_publish": True, "version": 3})
    assert ok.status_code == 200
    assert ok.get_json() == {"title": "关于养老", "lead_units": [2, 1],
                             "due_date": "2027-01-15", "result_class": "A",
                             "may_publish": True, "version": 3}
    bad = client.post("/api/v1/_test/fields", headers=headers,
                      json={"result_class": "D", "due_date": "明天"})
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"title", "result_class", "due_date"}
    # An empty body is an empty object: the required title is missing.
    empty = client.post("/api/v1/_test/fields", headers=headers)
    assert empty.status_code == 422 and "title" in empty.get_json()["error"]["fields"]
    malformed = client.post("/api/v1/_test/fields", headers=headers, data="{",
                            content_type="application/json")
    assert malformed.status_code == 400
