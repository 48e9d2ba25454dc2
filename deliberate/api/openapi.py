"""The OpenAPI 3.1 document of the API, built from plain dicts.

Query parameters come from the endpoints' own :class:`~deliberate.api.params.Param`
declarations; tests check that every /api/v1 route is described here and every path
described exists, so adding an endpoint means adding it to :func:`paths` too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from deliberate.api import URL_PREFIX
from deliberate.api.params import Param
from deliberate.core.permissions import Role

VERSION = "1.0.0"
JSON = "application/json"
MULTIPART = "multipart/form-data"
MAX_ID = 2**31 - 1


def ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def page_of(item_schema: str) -> dict[str, Any]:
    """A list's schema: the shared envelope with its items' schema filled in."""
    return {"allOf": [ref("schemas", "Page"),
                      {"type": "object", "properties": {
                          "items": {"type": "array", "items": ref("schemas", item_schema)}}}]}


def _error_response(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"description": description,
                           "content": {JSON: {"schema": ref("schemas", "Error")}}}
    if headers:
        out["headers"] = headers
    return out


ERROR_RESPONSES = {
    "400": ("BadRequest", _error_response("The body is not valid JSON (code malformed_json).")),
    "401": ("Unauthorized", _error_response(
        "No token, or a token that is unknown, revoked or whose account is deactivated.",
        {"WWW-Authenticate": {"schema": {"type": "string"}}})),
    "403": ("Forbidden", _error_response("The token's user may not do this.")),
    "404": ("NotFound", _error_response(
        "Not found, or not visible to the token's user (the two are not told apart).")),
    "409": ("Conflict", _error_response(
        "Not possible in the object's current state (wrong_state), or the version sent is "
        "stale (stale).")),
    "413": ("TooLarge", _error_response("The request body is larger than allowed.")),
    "422": ("Invalid", _error_response(
        "Invalid fields or query parameters; error.fields names each with its reasons.")),
    "429": ("RateLimited", _error_response(
        "Too many requests with this token; retry after the seconds given.",
        {"Retry-After": {"description": "Seconds to wait.",
                         "schema": {"type": "integer", "minimum": 1}}})),
}


def operation(operation_id: str, summary: str, *, ok: dict[str, Any],
              params: Sequence[Param] = (), errors: Sequence[str] = (),
              body: dict[str, Any] | None = None, ok_status: str = "200",
              public: bool = False, description: str = "",
              path_params: Sequence[str] = (), body_required: bool = True,
              body_type: str = JSON) -> dict[str, Any]:
    """One operation; the errors every authenticated call can meet are added here."""
    codes = set(errors)
    if not public:
        codes |= {"401", "429"}
    if params:
        codes.add("422")
    if path_params:
        codes.add("404")
    if body is not None:
        codes |= {"400", "413", "422"}
    responses: dict[str, Any] = {ok_status: ok}
    for code in sorted(codes):
        responses[code] = ref("responses", ERROR_RESPONSES[code][0])
    out: dict[str, Any] = {"operationId": operation_id, "summary": summary,
                           "responses": responses}
    if description:
        out["description"] = description
    parameters = [path_param(name) for name in path_params] + [p.openapi() for p in params]
    if parameters:
        out["parameters"] = parameters
    if body is not None:
        content: dict[str, Any] = {"schema": body}
        if body_type == MULTIPART:
            content["encoding"] = {"signed_pdf": {"contentType": "application/pdf"}}
        out["requestBody"] = {"required": body_required, "content": {body_type: content}}
    if public:
        out["security"] = []
    return out


def path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}


def json_ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def paths() -> dict[str, Any]:
    from deliberate.api.openapi_domains import domain_paths
    from deliberate.api.views import UNIT_PARAMS

    return {
        "/openapi.json": {"get": operation(
            "getOpenApi", "This document", public=True,
            ok=json_ok("The OpenAPI 3.1 document.", {"type": "object"}))},
        "/me": {"get": operation(
            "getMe", "The token's user",
            ok=json_ok("Who the token acts as.", ref("schemas", "Me")))},
        "/units": {"get": operation(
            "listUnits", "Handling units", params=UNIT_PARAMS,
            description="Ordered as the secretariat sorted them, then by name.",
            ok=json_ok("A page of units.", page_of("Unit")))},
        **domain_paths(),
    }


def schemas() -> dict[str, Any]:
    from deliberate.api.openapi_domains import domain_schemas

    text = {"type": "string"}
    return {
        "Error": {
            "type": "object", "required": ["error"],
            "properties": {"error": {
                "type": "object", "required": ["code", "message", "fields"],
                "properties": {
                    "code": {**text, "description": "Stable, English snake_case."},
                    "message": {**text, "description": "Localized: Chinese unless "
                                "Accept-Language or the user's setting asks for English."},
                    "fields": {"type": "object",
                               "additionalProperties": {"type": "array", "items": text}},
                }}},
        },
        "Page": {
            "type": "object", "required": ["items", "total", "page", "per_page"],
            "properties": {
                "items": {"type": "array"},
                "total": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
            },
        },
        "UnitRef": {
            "type": "object", "required": ["id", "name"],
            "properties": {"id": {"type": "integer"}, "name": text},
        },
        "Unit": {
            "type": "object", "required": ["id", "name", "short_name", "is_active"],
            "properties": {"id": {"type": "integer"}, "name": text, "short_name": text,
                           "is_active": {"type": "boolean"}},
        },
        **domain_schemas(),
        "Me": {
            "type": "object",
            "required": ["username", "display_name", "role", "role_label", "unit", "locale"],
            "properties": {
                "username": text, "display_name": text,
                "role": {"type": "string", "enum": [r.value for r in Role]},
                "role_label": {**text, "description": "The role's localized name."},
                "unit": {"anyOf": [ref("schemas", "UnitRef"), {"type": "null"}],
                         "description": "The handling unit of unit staff, else null."},
                "locale": text,
            },
        },
    }


def build_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "deliberate integration API",
            "version": VERSION,
            "description": (
                "JSON API for handling units' office systems and other government systems. "
                "Authenticate with `Authorization: Bearer <token>` (tokens come from the "
                "account page or `flask --app deliberate create-token USERNAME`); the token "
                "acts as its user, with the same role, unit and visibility as on the web. "
                "Errors are `{\"error\": {\"code\", \"message\", \"fields\"}}`; timestamps "
                "are ISO 8601 with their offset."),
        },
        "servers": [{"url": URL_PREFIX}],
        "security": [{"bearerAuth": []}],
        "paths": paths(),
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "An API token (dlb_…)."}},
            "schemas": schemas(),
            "responses": {name: body for name, body in ERROR_RESPONSES.values()},
        },
    }
