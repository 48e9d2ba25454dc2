"""Every error under /api/ answers JSON in one shape:

    {"error": {"code": "...", "message": "<localized>", "fields": {"<field>": ["..."]}}}

core.web's error handlers (HTTP errors, workflow refusals, the catch-all) call the renderer
registered here for any /api/ path, so the API never answers with an HTML page.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from deliberate.api import bp
from deliberate.api.responses import json_response
from deliberate.core import web
from deliberate.core.workflow import WorkflowError
from deliberate.extensions import db

# The API's own wording for a bare status: the web's texts talk about pages.
API_MESSAGES = {
    400: _l("The request is malformed."),
    401: _l("A valid API token is required: send it as “Authorization: Bearer <token>”."),
    403: _l("You are not allowed to do this."),
    404: _l("Not found, or not visible to you."),
    405: _l("This method is not allowed for this address."),
    409: _l("This is not possible in the current state."),
    413: _l("The request body is larger than allowed."),
    415: _l("The request body has an unsupported media type."),
    422: _l("Some fields are not valid."),
    429: _l("Too many requests: wait for the time given in Retry-After."),
    500: _l("The server could not finish the request. Nothing was saved."),
}


class ApiError(WorkflowError):
    """A refusal raised by the API's own plumbing (token, body, parameters). It is a
    WorkflowError so that core.web renders it like any other typed refusal; inside the
    blueprint our handler also sends its headers (Retry-After, WWW-Authenticate)."""

    def __init__(self, status: int, message: str = "", *, code: str | None = None,
                 fields: Mapping[str, list[str]] | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message or str(API_MESSAGES.get(status, "")), fields)
        self.status = status
        self.code = code or web.ERROR_CODES.get(status, "error")
        self.headers = dict(headers or {})


def error_response(status: int, code: str, message: str,
                   fields: Mapping[str, list[str]] | None = None,
                   headers: Mapping[str, str] | None = None) -> Response:
    body = {"error": {"code": code, "message": message,
                      "fields": {k: [str(m) for m in v] for k, v in (fields or {}).items()}}}
    response = json_response(body, status=status, headers=dict(headers or {}))
    if status == 401:
        response.headers.setdefault("WWW-Authenticate", 'Bearer realm="deliberate"')
    if status == 405:
        allowed = getattr(request.routing_exception, "valid_methods", None)
        if allowed:
            response.headers["Allow"] = ", ".join(sorted(allowed))
    return response


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def render_error(status: int, code: str, title: str, message: str,
                 fields: dict[str, list[str]]) -> Response:
    """core.web's renderer for /api/ paths; ``title`` is for pages and not sent."""
    page_texts = {str(m) for m in web.ERROR_MESSAGES.values()}
    if not message or message in page_texts:
        message = str(API_MESSAGES.get(status, title))
    return error_response(status, code, message, fields)


@bp.errorhandler(ApiError)
def _handle_api_error(e: ApiError) -> Response:
    db.session.rollback()
    return error_response(e.status, e.code, e.message, e.fields, e.headers)


@bp.errorhandler(StaleDataError)
def _handle_stale_row(_e: StaleDataError) -> Response:
    # Two clients saved the same versioned row at once (version_id_col): the loser is told
    # to reload, as the workflow's own version check would have told it.
    db.session.rollback()
    return error_response(409, "stale", _("Someone else changed this record at the same "
                                          "time. Fetch it again and retry."))


web.register_error_renderer(is_api_request, render_error)
