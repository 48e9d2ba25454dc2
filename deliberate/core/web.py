"""Request plumbing shared by every blueprint: sign-in requirement, error pages, template
helpers, and the navigation and dashboard registries that domains extend."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from flask import (
    Flask,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from deliberate.core.markdown import render_markdown
from deliberate.core.permissions import Role
from deliberate.core.workflow import WorkflowError
from deliberate.extensions import db

ALWAYS_PUBLIC = {"static", "bootstrap.static"}


@dataclass(frozen=True)
class NavItem:
    label: Any
    endpoint: str
    roles: tuple[Role, ...]
    order: int = 100

    @property
    def blueprint(self) -> str:
        return self.endpoint.split(".", 1)[0]


@dataclass
class NavEntry:
    """What the header shows: one link, or a dropdown of one blueprint's links."""

    label: Any
    items: list[NavItem]

    @property
    def is_group(self) -> bool:
        return len(self.items) > 1

    @property
    def endpoint(self) -> str:
        return self.items[0].endpoint

    @property
    def blueprint(self) -> str:
        return self.items[0].blueprint


_NAV: list[NavItem] = []
_NAV_GROUPS: dict[str, Any] = {}


def register_nav(label: Any, endpoint: str, roles: tuple[Role, ...], order: int = 100) -> None:  # noqa: ANN401
    """Add a navigation link shown to ``roles`` (call at import time). A blueprint's links
    are shown together, as a dropdown when a user sees more than one of them."""
    if not any(item.endpoint == endpoint for item in _NAV):
        _NAV.append(NavItem(label, endpoint, roles, order))
        _NAV.sort(key=lambda i: i.order)


def register_nav_group(blueprint: str, label: Any) -> None:  # noqa: ANN401
    """The dropdown title for a blueprint's links (default: its first link's label)."""
    _NAV_GROUPS[blueprint] = label


def nav_items(user: Any) -> list[NavEntry]:  # noqa: ANN401
    if not user or not user.is_authenticated:
        return []
    entries: dict[str, NavEntry] = {}
    for item in _NAV:
        if user.role not in item.roles:
            continue
        entry = entries.get(item.blueprint)
        if entry is None:
            entries[item.blueprint] = NavEntry(item.label, [item])
        else:
            entry.items.append(item)
    for blueprint, entry in entries.items():
        if entry.is_group and blueprint in _NAV_GROUPS:
            entry.label = _NAV_GROUPS[blueprint]
    return list(entries.values())


def _require_login() -> Any:  # noqa: ANN401
    endpoint = request.endpoint
    if endpoint is None or endpoint in ALWAYS_PUBLIC:
        return None
    view = current_app.view_functions.get(endpoint)
    if view is not None and getattr(view, "is_public", False):
        return None
    if getattr(g, "api_request", False):
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if current_user.must_change_password and endpoint not in {
        "auth.change_password", "auth.logout", "core.set_language",
    }:
        flash(_("Please choose a new password before you continue."), "warning")
        return redirect(url_for("auth.change_password"))
    return None


ErrorRenderer = Callable[[int, str, str, str, dict[str, list[str]]], Any]
_ERROR_RENDERERS: list[tuple[Callable[[], bool], ErrorRenderer]] = []


def register_error_renderer(applies: Callable[[], bool], render: ErrorRenderer) -> None:
    """Let a blueprint answer errors in its own format (the API answers JSON): ``render``
    gets (status, code, title, message, fields) when ``applies()`` is true for the request."""
    _ERROR_RENDERERS.append((applies, render))


def _error_page(status: int, title: str, message: str = "", *, code: str = "",
                fields: dict[str, list[str]] | None = None) -> Any:  # noqa: ANN401
    for applies, render in _ERROR_RENDERERS:
        if applies():
            return render(status, code or ERROR_CODES.get(status, "error"), title, message,
                          fields or {})
    return render_template("errors/error.html", status=status, title=title,
                           message=message, fields=fields or {}), status


ERROR_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
    429: "rate_limited", 500: "server_error",
}


ERROR_TITLES = {
    400: _l("Bad request"),
    403: _l("Access denied"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("This action is not possible now"),
    413: _l("The upload is too large"),
    422: _l("The information given is not valid"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
}

ERROR_MESSAGES = {
    403: _l("You do not have permission to see this page or perform this action."),
    404: _l("The page you asked for does not exist or is not visible to you."),
    413: _l("The file or form you sent is larger than allowed."),
    500: _l("The server could not finish your request. Nothing was saved. "
            "Please try again; if it keeps happening, tell the secretariat."),
}


def _handle_http(e: HTTPException) -> Any:  # noqa: ANN401
    status = e.code or 500
    if status >= 500:
        db.session.rollback()
    title = str(ERROR_TITLES.get(status, e.name))
    return _error_page(status, title, str(ERROR_MESSAGES.get(status, "")))


def _handle_workflow(e: WorkflowError) -> Any:  # noqa: ANN401
    db.session.rollback()
    return _error_page(e.status, str(ERROR_TITLES.get(e.status, "")), e.message,
                       code=e.code, fields=e.fields)


def _handle_csrf(e: CSRFError) -> Any:  # noqa: ANN401
    db.session.rollback()
    return _error_page(400, str(ERROR_TITLES[400]),
                       _("The form has expired or was not sent from this site. "
                         "Reload the page and try again."))


def _handle_unexpected(e: Exception) -> Any:  # noqa: ANN401
    if isinstance(e, HTTPException):
        return _handle_http(e)
    current_app.logger.exception("unhandled error")
    db.session.rollback()
    return _error_page(500, str(ERROR_TITLES[500]), str(ERROR_MESSAGES[500]))


def _fmt_datetime(value: datetime | None, fmt: str = "yyyy-MM-dd HH:mm") -> str:
    return format_datetime(value, fmt) if value else ""


def _fmt_date(value: date | None, fmt: str = "yyyy-MM-dd") -> str:
    return format_date(value, fmt) if value else ""


def url_with(**changes: Any) -> str:  # noqa: ANN401
    """The current URL with some query arguments replaced (filters kept across pages)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    query = urlencode(args, doseq=True)
    return f"{request.path}?{query}" if query else request.path


def _context() -> dict[str, Any]:
    from deliberate.core.notify import unread_count

    unread = 0
    if current_user.is_authenticated:
        unread = unread_count(current_user)
    return {
        "nav_items": nav_items(current_user),
        "unread_notifications": unread,
        "languages": current_app.config["LANGUAGES"],
        "url_with": url_with,
        "Role": Role,
        "current_locale": str(get_locale() or "zh"),
    }


def init_app(app: Flask) -> None:
    app.before_request(_require_login)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(WorkflowError, _handle_workflow)
    app.register_error_handler(CSRFError, _handle_csrf)
    if not app.testing:
        app.register_error_handler(Exception, _handle_unexpected)
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["datetime"] = _fmt_datetime
    app.jinja_env.filters["date"] = _fmt_date
    # A global, not only context: macros imported without context (pagination) need it.
    app.jinja_env.globals["url_with"] = url_with
    app.context_processor(_context)


# Kept here so later domains add dashboard panels without touching the dashboard package.
@dataclass(frozen=True)
class Panel:
    template: str
    roles: tuple[Role, ...]
    context: Callable[[Any], dict[str, Any]] | None = None
    order: int = 100


_PANELS: list[Panel] = []


def register_panel(template: str, roles: tuple[Role, ...],
                   context: Callable[[Any], dict[str, Any]] | None = None,
                   order: int = 100) -> None:
    if not any(p.template == template for p in _PANELS):
        _PANELS.append(Panel(template, roles, context, order))
        _PANELS.sort(key=lambda p: p.order)


def panels_for(user: Any) -> list[tuple[str, dict[str, Any]]]:  # noqa: ANN401
    return [
        (p.template, p.context(user) if p.context else {})
        for p in _PANELS
        if user.role in p.roles
    ]
