"""Security headers on every response, configured in one place.

Every page is served by the app itself (no CDN, no inline script or style), so the
Content-Security-Policy allows only this origin; Bootstrap's stylesheet embeds small SVG
images as ``data:`` URLs, hence ``img-src 'self' data:``. A deployment may replace the
whole policy (``SECURITY_CSP``, a string or a mapping of directive to sources) or switch
HSTS off (``SECURITY_HSTS_SECONDS = 0``).
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, Response, current_app, request, session

DEFAULT_CSP: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# Features the app never uses; denying them limits what injected content could ask for.
DEFAULT_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

DEFAULTS: dict[str, object] = {
    "SECURITY_CSP": DEFAULT_CSP,
    "SECURITY_HSTS_SECONDS": 365 * 24 * 3600,
    "SECURITY_HSTS_INCLUDE_SUBDOMAINS": False,
    "SECURITY_REFERRER_POLICY": "same-origin",
    "SECURITY_PERMISSIONS_POLICY": DEFAULT_PERMISSIONS_POLICY,
}

STATIC_ENDPOINTS = frozenset({"static", "bootstrap.static"})


def csp_header(policy: str | Mapping[str, str]) -> str:
    """The header value for a policy given as a string or as directive → sources."""
    if isinstance(policy, str):
        return policy.strip()
    return "; ".join(f"{name} {sources}".strip() for name, sources in policy.items())


def _hsts_value() -> str | None:
    seconds = int(current_app.config["SECURITY_HSTS_SECONDS"] or 0)
    if seconds <= 0:
        return None
    value = f"max-age={seconds}"
    if current_app.config["SECURITY_HSTS_INCLUDE_SUBDOMAINS"]:
        value += "; includeSubDomains"
    return value


def _set_headers(response: Response) -> Response:
    config = current_app.config
    headers = response.headers
    # setdefault: a view with a reason to differ (a download, the API) keeps its own value.
    policy = csp_header(config["SECURITY_CSP"])
    if policy:
        headers.setdefault("Content-Security-Policy", policy)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", config["SECURITY_REFERRER_POLICY"])
    headers.setdefault("Permissions-Policy", config["SECURITY_PERMISSIONS_POLICY"])
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    # Browsers ignore HSTS received over plain HTTP; sending it only over HTTPS keeps a
    # development server on http://127.0.0.1 from being pinned to HTTPS by mistake.
    if request.is_secure:
        hsts = _hsts_value()
        if hsts:
            headers.setdefault("Strict-Transport-Security", hsts)
    # Pages of a signed-in user hold unpublished and personal data: a shared computer's
    # cache or back button must not show them after sign-out. The session says who is
    # signed in without a database query, so even a failing request gets its headers.
    if (request.endpoint not in STATIC_ENDPOINTS and "Cache-Control" not in headers
            and "_user_id" in session):
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.after_request(_set_headers)
