"""Rate limit per token, counted in the database so every worker and server shares it."""

import pytest
from sqlalchemy import func, select

from deliberate.api.models import ApiRateWindow
from deliberate.api.ratelimit import Limit, count_request, parse_limit
from deliberate.extensions import db


class TestLimited:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "API_RATE_LIMIT": "3/minute"}

    def test_429_with_retry_after_past_the_limit(self, client, api):
        _user, headers = api.as_role("member")
        for _ in range(3):
            assert client.get("/api/v1/me", headers=headers).status_code == 200
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 429
        error = response.get_json()["error"]
        assert error["code"] == "rate_limited"
        assert "3" in error["message"]
        retry = int(response.headers["Retry-After"])
        assert 1 <= retry <= 60
        assert "Set-Cookie" not in response.headers

    def test_the_limit_is_per_token(self, client, api):
        _user, first = api.as_role("member")
        _other, second = api.as_role("member")
        for _ in range(4):
            client.get("/api/v1/me", headers=first)
        assert client.get("/api/v1/me", headers=first).status_code == 429
        assert client.get("/api/v1/me", headers=second).status_code == 200

    def test_counter_lives_in_the_database(self, client, api):
        # Another worker (or server) sees the same count: simulate it with the table.
        _user, headers = api.as_role("member")
        assert client.get("/api/v1/me", headers=headers).status_code == 200
        window = db.session.scalar(select(ApiRateWindow))
        window.hits = 3
        db.session.commit()
        assert client.get("/api/v1/me", headers=headers).status_code == 429

    def test_refused_requests_without_a_valid_token_are_not_counted(self, client):
        for _ in range(5):
            assert client.get("/api/v1/me").status_code == 401
        assert db.session.scalar(select(func.count()).select_from(ApiRateWindow)) == 0

    def test_the_public_document_is_not_limited(self, client):
        for _ in range(5):
            assert client.get("/api/v1/openapi.json").status_code == 200


class TestUnlimited:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "API_RATE_LIMIT": 0}

    def test_zero_turns_the_limit_off(self, client, api):
        _user, headers = api.as_role("member")
        for _ in range(5):
            assert client.get("/api/v1/me", headers=headers).status_code == 200
        assert db.session.scalar(select(func.count()).select_from(ApiRateWindow)) == 0


def test_default_limit(app):
    assert parse_limit(app.config["API_RATE_LIMIT"]) == Limit(600, 60)


@pytest.mark.parametrize("spec, expected", [
    ("600/minute", Limit(600, 60)), ("10/second", Limit(10, 1)), ("5000/hour", Limit(5000, 3600)),
    ("100000/day", Limit(100000, 86400)), (" 20/Minute ", Limit(20, 60)),
    ("0", None), (0, None), ("", None), (None, None), ("off", None), ("0/minute", None),
])
def test_parse_limit(spec, expected):
    assert parse_limit(spec) == expected


@pytest.mark.parametrize("spec", ["600", "600/fortnight", "many/minute", "-5/minute", "6/0"])
def test_malformed_limit_is_an_error(spec):
    with pytest.raises(ValueError, match="API_RATE_LIMIT"):
        parse_limit(spec)


def test_windows_roll_over_and_old_ones_are_removed(api, factory):
    user = factory.user("member")
    token, _plain = api.token_for(user)
    limit = Limit(2, 60)
    start = 1_800_000_000 - 1_800_000_000 % 60
    assert [count_request(token.id, limit, start + s).allowed for s in (0, 10, 20)] == [
        True, True, False]
    hit = count_request(token.id, limit, start + 20)
    assert hit.retry_after == 40
    # The next window starts afresh and the finished one is deleted.
    assert count_request(token.id, limit, start + 61).count == 1
    db.session.commit()
    rows = db.session.scalars(select(ApiRateWindow)).all()
    assert len(rows) == 1 and rows[0].hits == 1


def test_concurrent_workers_lose_no_count(app, api, factory, tmp_path):
    """Two threads (as two workers) each count 25 requests; the window holds all 50."""
    import threading

    user = factory.user("member")
    token, _plain = api.token_for(user)
    token_id = token.id
    # Outside a request SQLite begins IMMEDIATE: this session must not hold the lock.
    db.session.commit()
    limit = Limit(1000, 3600)
    now = 1_800_000_000.0
    errors = []

    def work():
        try:
            with app.app_context():
                for _ in range(25):
                    count_request(token_id, limit, now)
                    db.session.commit()
                db.session.remove()
        except Exception as e:  # pragma: no cover - reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db.session.expire_all()
    assert db.session.scalar(select(ApiRateWindow.hits)) == 50
