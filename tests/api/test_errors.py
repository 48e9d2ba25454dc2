"""Every /api/ error is JSON in one shape, localized, never HTML, never a bare 500."""

import pytest
from sqlalchemy import select

from deliberate import create_app
from deliberate.core.events import Event
from deliberate.extensions import db


def _error(response, status, code):
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["code"] == code
    return error


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/me/extra", "/api/v2/me",
                                  "/api/"])
def test_unknown_api_paths_are_404_json(client, path):
    error = _error(client.get(path), 404, "not_found")
    assert error["message"] == "未找到，或您无权查看。"


def test_pages_outside_the_api_still_answer_html(client, auth):
    browser, _user = auth.as_role("member")
    response = browser.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_wrong_method_is_405_json_with_allow(client, api):
    _user, headers = api.as_role("member")
    response = client.delete("/api/v1/me", headers=headers)
    _error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_messages_are_chinese_by_default_and_english_on_request(client, api):
    assert _error(client.get("/api/v1/me"), 401, "unauthorized")["message"].startswith("需要")
    english = client.get("/api/v1/me", headers={"Accept-Language": "en"})
    assert _error(english, 401, "unauthorized")["message"].startswith("A valid API token")
    assert _error(client.get("/api/v1/x", headers={"Accept-Language": "en-GB,en;q=0.9"}),
                  404, "not_found")["message"] == "Not found, or not visible to you."
    # A language the body does not offer falls back to Chinese.
    assert _error(client.get("/api/v1/me", headers={"Accept-Language": "fr"}),
                  401, "unauthorized")["message"].startswith("需要")


def test_users_own_language_applies_without_accept_language(client, api):
    _user, headers = api.as_role("member", locale="en")
    response = client.get("/api/v1/units?per_page=abc", headers=headers)
    assert _error(response, 422, "invalid")["fields"]["per_page"] == ["Must be a whole number."]
    chinese = client.get("/api/v1/units?per_page=abc",
                         headers={**headers, "Accept-Language": "zh-CN"})
    assert _error(chinese, 422, "invalid")["fields"]["per_page"] == ["必须是整数。"]


def test_malformed_json_is_400(api_test_routes, client, api):
    _user, headers = api.as_role("member")
    for body in (b"{not json", b'{"a": 1,}', b"\xff\xfe\x00", b'{"a": NaN}', b"[" * 100000):
        response = client.post("/api/v1/_test/echo", data=body, headers=headers,
                               content_type="application/json")
        error = _error(response, 400, "malformed_json")
        assert error["message"] == "请求内容不是有效的 JSON。"
    assert db.session.scalar(select(Event).where(Event.action == "api_test")) is None


def test_json_that_is_not_an_object_is_422(api_test_routes, client, api):
    _user, headers = api.as_role("member")
    response = client.post("/api/v1/_test/echo", json=[1, 2], headers=headers)
    _error(response, 422, "invalid")


def test_api_write_is_logged_as_coming_from_the_api_and_its_token(api_test_routes, client,
                                                                   api, factory):
    user = factory.user("member")
    token, plain = api.token_for(user)
    response = client.post("/api/v1/_test/echo", json={"标题": "关于加强社区养老服务的建议"},
                           headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 201
    assert response.get_json()["body"] == {"标题": "关于加强社区养老服务的建议"}
    event = db.session.get(Event, response.get_json()["event"])
    assert (event.via, event.token_id, event.actor_id) == ("api", token.id, user.id)


def test_web_writes_stay_marked_as_web(auth):
    _browser, user = auth.as_role("member")
    login = db.session.scalar(select(Event).where(Event.action == "login",
                                                  Event.actor_id == user.id))
    assert (login.via, login.token_id) == ("web", None)


@pytest.mark.parametrize("kind, status, code, message", [
    ("state", 409, "wrong_state", "这项操作在当前状态下不能进行。"),
    ("stale", 409, "stale", "数据已被他人修改。"),
    ("race", 409, "stale", "其他人同时修改了这条记录，请重新获取后再试。"),
    ("invalid", 422, "invalid", "填写有误。"),
    ("forbidden", 403, "forbidden", "只有政协办公室可以立案。"),
    ("denied", 403, "forbidden", "您无权进行此操作。"),
    ("missing", 404, "not_found", "未找到，或您无权查看。"),
])
def test_refusals_become_json(api_test_routes, client, api, kind, status, code, message):
    _user, headers = api.as_role("member")
    error = _error(client.get(f"/api/v1/_test/refuse/{kind}", headers=headers), status, code)
    assert error["message"] == message
    if kind == "invalid":
        assert error["fields"] == {"title": ["必填。"]}


class TestBodySize:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "API_MAX_BODY": 2048}

    def test_oversized_body_is_413(self, api_test_routes, client, api):
        _user, headers = api.as_role("member")
        response = client.post("/api/v1/_test/echo", headers=headers,
                               json={"text": "议" * 2000})
        error = _error(response, 413, "too_large")
        assert "MB" in error["message"] or "大" in error["message"]
        assert db.session.scalar(select(Event).where(Event.action == "api_test")) is None

    def test_oversized_body_without_length_is_413(self, api_test_routes, client, api):
        # A chunked body announces no length; the cap still applies while reading.
        _user, headers = api.as_role("member")
        import io

        response = client.post("/api/v1/_test/echo", headers=headers,
                               input_stream=io.BytesIO(b'{"a": "' + b"x" * 5000 + b'"}'),
                               environ_overrides={"wsgi.input_terminated": True})
        _error(response, 413, "too_large")

    def test_body_below_the_cap_passes(self, api_test_routes, client, api):
        _user, headers = api.as_role("member")
        response = client.post("/api/v1/_test/echo", headers=headers, json={"text": "议" * 100})
        assert response.status_code == 201


def test_default_api_cap_is_below_the_apps_upload_limit(app):
    assert app.config["API_MAX_BODY"] < app.config["MAX_CONTENT_LENGTH"]


def test_unexpected_error_is_a_logged_json_500(app_config, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("DELIBERATE_INSTANCE_PATH", str(tmp_path))
    application = create_app({**app_config, "TESTING": False})

    def boom():
        raise RuntimeError("boom")

    application.add_url_rule("/api/v1/_test/boom", "api._test_boom", boom)
    with application.app_context():
        from deliberate.auth.operations import issue_token
        from tests.factories import Factory

        user = Factory("secret-pass-1").user("member")
        _token, plain = issue_token(user)
        db.session.commit()
        response = application.test_client().get(
            "/api/v1/_test/boom", headers={"Authorization": f"Bearer {plain}"})
        _error(response, 500, "server_error")
        assert "boom" not in response.get_data(as_text=True)
        assert any("unhandled error" in r.getMessage() for r in caplog.records)
        db.session.remove()
        db.engine.dispose()
