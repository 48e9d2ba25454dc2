"""API test helpers: a token per user and requests that carry it."""

from __future__ import annotations

import pytest

from deliberate.auth.operations import issue_token
from deliberate.extensions import db


class ApiActions:
    def __init__(self, app, factory) -> None:
        self.app = app
        self.factory = factory

    def token_for(self, user, name: str = "test") -> tuple[object, str]:
        token, plain = issue_token(user, name)
        db.session.commit()
        return token, plain

    def as_role(self, role: str, **kwargs) -> tuple[object, dict[str, str]]:
        """(user, headers) for a new user of ``role`` with a fresh token."""
        user = self.factory.user(role=role, **kwargs)
        db.session.commit()
        _token, plain = self.token_for(user)
        return user, {"Authorization": f"Bearer {plain}"}


@pytest.fixture
def api(app, factory) -> ApiActions:
    return ApiActions(app, factory)


@pytest.fixture
def api_test_routes(app):
    """Test-only API endpoints (a real write, a JSON body, refusals, a crash), registered
    under the api blueprint's name so its authentication and error handling apply. Must be
    requested before the app serves its first request."""
    from flask import abort
    from flask_login import current_user
    from sqlalchemy.orm.exc import StaleDataError

    from deliberate.api.params import json_body
    from deliberate.api.responses import json_response
    from deliberate.core.events import record_event
    from deliberate.core.workflow import (
        ActionNotAllowed,
        InvalidData,
        PermissionDenied,
        StaleObject,
    )

    def echo():
        body = json_body()
        event = record_event("user", current_user.id, "api_test", current_user,
                             data={"body": body})
        db.session.commit()
        return json_response({"body": body, "event": event.id}, status=201)

    def refuse(kind):
        if kind == "missing":
            abort(404)
        if kind == "denied":
            abort(403)
        if kind == "race":
            raise StaleDataError("UPDATE statement on table 'proposals' expected 1 row")
        errors = {
            "forbidden": PermissionDenied("只有政协办公室可以立案。"),
            "state": ActionNotAllowed("这项操作在当前状态下不能进行。"),
            "stale": StaleObject("数据已被他人修改。"),
            "invalid": InvalidData("填写有误。", {"title": ["必填。"]}),
        }
        raise errors[kind]

    def fields():
        from deliberate.api.bodies import VERSION, Field, parse_body

        values = parse_body((
            Field.string("title", required=True, max_length=10),
            Field.integer_list("lead_units"),
            Field.date("due_date"),
            Field.choice("result_class", ("A", "B", "C")),
            Field.boolean("may_publish"),
            VERSION,
        ))
        return json_response(values)

    def boom():
        raise RuntimeError("boom")

    app.add_url_rule("/api/v1/_test/echo", "api._test_echo", echo, methods=["POST"])
    app.add_url_rule("/api/v1/_test/refuse/<kind>", "api._test_refuse", refuse)
    app.add_url_rule("/api/v1/_test/fields", "api._test_fields", fields, methods=["POST"])
    app.add_url_rule("/api/v1/_test/boom", "api._test_boom", boom)
    return app
