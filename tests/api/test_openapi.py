"""The OpenAPI document stays true: every API route is in it, everything in it exists,
and it is a valid OpenAPI 3.1 document."""

import re

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from deliberate.api import URL_PREFIX
from deliberate.api.openapi import build_document

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule[len(URL_PREFIX):])


def _routes(app) -> dict[str, set[str]]:
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") or rule.rule.startswith(URL_PREFIX + "/"):
            routes.setdefault(_openapi_path(rule.rule), set()).update(
                m for m in rule.methods if m not in IGNORED_METHODS)
    return routes


def _documented(document) -> dict[str, set[str]]:
    return {path: {m.upper() for m in ops} for path, ops in document["paths"].items()}


def test_every_api_route_is_documented_and_nothing_else(app):
    assert _routes(app) == _documented(build_document())


def test_every_route_is_under_the_api_prefix(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            assert rule.rule.startswith(URL_PREFIX + "/"), rule.rule


def test_document_is_served_publicly_and_validates(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_the_validator_catches_a_broken_document(app):
    document = build_document()
    document["paths"]["/units"]["get"]["parameters"][0]["in"] = "body"
    with pytest.raises(OpenAPIValidationError):
        validate(document)


def test_authenticated_operations_use_the_bearer_scheme_and_document_401_429(app):
    document = build_document()
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for path, ops in document["paths"].items():
        for method, op in ops.items():
            if op.get("security") == []:
                continue
            assert {"401", "429"} <= set(op["responses"]), (path, method)


def test_operations_with_parameters_document_422_and_their_parameters(app):
    document = build_document()
    units = document["paths"]["/units"]["get"]
    assert "422" in units["responses"]
    names = [p["name"] for p in units["parameters"]]
    assert names == ["page", "per_page", "active"]
    per_page = units["parameters"][1]["schema"]
    assert per_page["maximum"] == 100


def test_error_and_page_components_are_shared(app):
    components = build_document()["components"]
    assert set(components["responses"]) >= {"BadRequest", "Unauthorized", "Forbidden",
                                             "NotFound", "Conflict", "TooLarge", "Invalid",
                                             "RateLimited"}
    assert "Retry-After" in components["responses"]["RateLimited"]["headers"]
    assert components["schemas"]["Error"]["properties"]["error"]["required"] == [
        "code", "message", "fields"]
    assert components["schemas"]["Page"]["required"] == ["items", "total", "page", "per_page"]


def test_responses_match_the_documented_schemas(client, api, factory):
    """The real answers of each endpoint validate against the document's schemas."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    document = build_document()
    registry = Registry().with_resource("urn:doc", Resource.from_contents(
        {**document, "$schema": "https://json-schema.org/draft/2020-12/schema"}))

    def check(schema, instance):
        Draft202012Validator({"$ref": f"urn:doc#/components/schemas/{schema}"},
                             registry=registry).validate(instance)

    factory.unit("市民政局")
    _user, headers = api.as_role("unit_staff")
    check("Me", client.get("/api/v1/me", headers=headers).get_json())
    check("Page", client.get("/api/v1/units", headers=headers).get_json())
    for item in client.get("/api/v1/units", headers=headers).get_json()["items"]:
        check("Unit", item)
    check("Error", client.get("/api/v1/units?page=0", headers=headers).get_json())
    check("Error", client.get("/api/v1/me").get_json())
