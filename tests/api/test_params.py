"""The shared query-parameter declarations the proposal endpoints will reuse."""

from datetime import date

import pytest

from deliberate.api.params import Param


@pytest.mark.parametrize("param, raw, value", [
    (Param.integer("n", minimum=1, maximum=5), "5", 5),
    (Param.integer("n"), "-3", -3),
    (Param.boolean("b"), "TRUE", True),
    (Param.boolean("b"), "0", False),
    (Param.date("d"), "2026-03-05", date(2026, 3, 5)),
    (Param.choice("state", ("draft", "submitted")), "draft", "draft"),
    (Param.choice("c", lambda: ["A", "B"]), "B", "B"),
    (Param.string("q", max_length=5), "养老服务", "养老服务"),
])
def test_parse_accepts(app, param, raw, value):
    assert param.parse(raw) == value


@pytest.mark.parametrize("param, raw", [
    (Param.integer("n", minimum=1), "0"), (Param.integer("n"), "１２"), (Param.integer("n"), "1_0"),
    (Param.integer("n"), " 1"), (Param.boolean("b"), "yes"), (Param.date("d"), "2026-02-30"),
    (Param.date("d"), "2026-3-5"), (Param.date("d"), "20260305"),
    (Param.choice("state", ("draft",)), "Draft"), (Param.string("q", max_length=3), "四个字符"),
    (Param.string("q"), "a\x00b"),
])
def test_parse_refuses(app, param, raw):
    with app.test_request_context():
        with pytest.raises(ValueError):
            param.parse(raw)


def test_openapi_descriptions(app):
    assert Param.integer("per_page", minimum=1, maximum=100, default=20).openapi() == {
        "name": "per_page", "in": "query", "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}
    assert Param.choice("state", ("draft", "submitted"), "State").openapi()["schema"] == {
        "type": "string", "enum": ["draft", "submitted"]}
    assert Param.date("since").openapi()["schema"] == {"type": "string", "format": "date"}
