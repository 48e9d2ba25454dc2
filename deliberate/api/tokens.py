"""Bearer-token authentication, body size cap and rate limit for every API request.

The token acts as its user: for the length of the request flask_login's ``current_user``
is the token's user (same role, unit and visibility as on the web), set in ``g`` without
touching the session, so no cookie is ever sent back.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, g, request, session
from flask_babel import gettext as _
from sqlalchemy import select, update
from werkzeug.wrappers import Response

from deliberate.api import bp
from deliberate.api.errors import ApiError
from deliberate.api.ratelimit import count_request, parse_limit
from deliberate.auth.models import ApiToken, User
from deliberate.core.types import utcnow
from deliberate.extensions import db

DEFAULT_MAX_BODY = 12 * 1024 * 1024
# Recording every use would be a write per request; once a minute tells an administrator
# as much.
LAST_USED_PRECISION = timedelta(minutes=1)


@bp.url_value_preprocessor
def _mark_api_request(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
    # URL value preprocessors run before every before_request function, the app's sign-in
    # requirement included, which must see an API request (no redirect to the login page)
    # and leave authentication to us.
    g.api_request = True
    g.via = "api"
    # An explicit Accept-Language chooses the language of messages; otherwise the token's
    # user's own setting does (core.i18n.select_locale).
    if request.headers.get("Accept-Language"):
        best = request.accept_languages.best_match(list(current_app.config["LANGUAGES"]))
        if best:
            g.request_locale = best


def max_body() -> int:
    return int(current_app.config.get("API_MAX_BODY", DEFAULT_MAX_BODY))


def bearer_token() -> str | None:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value or len(value) > 200:
        return None
    return value


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, message, code="unauthorized")


@bp.before_request
def _authenticate() -> None:
    limit_bytes = max_body()
    request.max_content_length = limit_bytes
    if request.content_length is not None and request.content_length > limit_bytes:
        raise ApiError(413, _("The request body is larger than %(n)d MB.",
                              n=limit_bytes // (1024 * 1024)), code="too_large")
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "is_public", False):
        return
    plain = bearer_token()
    if plain is None:
        raise _unauthorized(_("A valid API token is required: send it as "
                              "“Authorization: Bearer <token>”."))
    row = db.session.execute(
        select(ApiToken.id, ApiToken.user_id, ApiToken.last_used_at, ApiToken.revoked_at,
               User.is_active)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == ApiToken.hash(plain))
    ).first()
    if row is None:
        raise _unauthorized(_("The API token is not valid."))
    if row.revoked_at is not None:
        raise _unauthorized(_("The API token has been revoked."))
    if not row.is_active:
        raise _unauthorized(_("The account of this API token has been deactivated."))
    g.api_token_id = row.id
    _count_and_touch(row.id, row.last_used_at)
    user = db.session.get(User, row.user_id)
    # flask_login reads the request's user from g; login_user() would write the session.
    g._login_user = user


def _count_and_touch(token_id: int, last_used_at: Any) -> None:  # noqa: ANN401
    """Count the request against the rate limit and note the token's use, in a short
    transaction of their own: read-only requests never commit, and the count must stick
    even when the request is refused."""
    limit = parse_limit(current_app.config.get("API_RATE_LIMIT"))
    now = utcnow()
    stale = last_used_at is None or now - last_used_at >= LAST_USED_PRECISION
    if limit is None and not stale:
        return
    # End the read above first: on SQLite a read transaction that turns into a write fails
    # at once when another worker wrote meanwhile, while a write-first one waits its turn.
    db.session.commit()
    hit = count_request(token_id, limit) if limit is not None else None
    if stale:
        db.session.execute(update(ApiToken).where(ApiToken.id == token_id)
                           .values(last_used_at=now))
    db.session.commit()
    if hit is not None and not hit.allowed:
        raise ApiError(429, _("Too many requests with this token: %(n)d allowed per "
                              "%(s)d seconds. Retry after %(wait)d seconds.",
                              n=limit.requests, s=limit.seconds, wait=hit.retry_after),
                       code="rate_limited", headers={"Retry-After": str(hit.retry_after)})


@bp.after_request
def _stateless(response: Response) -> Response:
    # Whatever a shared helper may have put in the session (a flash message), the API
    # sends no cookie: its clients authenticate with the token on every request.
    session.modified = False
    response.headers.setdefault("Cache-Control", "no-store")
    return response
