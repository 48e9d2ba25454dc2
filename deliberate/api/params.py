"""Query parameters and JSON bodies of API requests.

Each endpoint declares its query parameters as :class:`Param` values; the same declaration
validates the request (a value that does not fit is a 422 naming the field) and describes
the parameter in the OpenAPI document, so the two cannot drift apart.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import request
from flask_babel import gettext as _

from deliberate.api.errors import ApiError

INTEGER_RE = re.compile(r"-?[0-9]{1,18}")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TRUE_VALUES = frozenset({"true", "1"})
FALSE_VALUES = frozenset({"false", "0"})


@dataclass(frozen=True)
class Param:
    """One query parameter: ``kind`` is integer, string, boolean, date or choice."""

    name: str
    kind: str
    description: str = ""
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    # A tuple, or a callable for lists that come from configuration or the database.
    choices: Sequence[str] | Callable[[], Sequence[str]] = field(default=())

    @classmethod
    def integer(cls, name: str, description: str = "", *, default: int | None = None,
                minimum: int | None = None, maximum: int | None = None) -> Param:
        return cls(name, "integer", description, default, minimum, maximum)

    @classmethod
    def string(cls, name: str, description: str = "", *, max_length: int = 200) -> Param:
        return cls(name, "string", description, max_length=max_length)

    @classmethod
    def boolean(cls, name: str, description: str = "", *, default: bool | None = None) -> Param:
        return cls(name, "boolean", description, default)

    @classmethod
    def date(cls, name: str, description: str = "") -> Param:
        return cls(name, "date", description)

    @classmethod
    def choice(cls, name: str, choices: Sequence[str] | Callable[[], Sequence[str]],
               description: str = "") -> Param:
        return cls(name, "choice", description, choices=choices)

    def allowed(self) -> list[str]:
        return list(self.choices() if callable(self.choices) else self.choices)

    def parse(self, raw: str) -> Any:  # noqa: ANN401
        """The typed value, or ValueError with the localized reason."""
        if self.kind == "integer":
            if not INTEGER_RE.fullmatch(raw):
                raise ValueError(_("Must be a whole number."))
            value = int(raw)
            if self.minimum is not None and value < self.minimum:
                raise ValueError(_("Must be at least %(n)d.", n=self.minimum))
            if self.maximum is not None and value > self.maximum:
                raise ValueError(_("Must be at most %(n)d.", n=self.maximum))
            return value
        if self.kind == "boolean":
            lowered = raw.lower()
            if lowered in TRUE_VALUES:
                return True
            if lowered in FALSE_VALUES:
                return False
            raise ValueError(_("Must be true or false."))
        if self.kind == "date":
            try:
                if not DATE_RE.fullmatch(raw):
                    raise ValueError(raw)
                return date.fromisoformat(raw)
            except ValueError:
                raise ValueError(_("Must be a date written YYYY-MM-DD.")) from None
        if self.kind == "choice":
            allowed = self.allowed()
            if raw not in allowed:
                raise ValueError(_("Must be one of: %(values)s.", values=", ".join(allowed)))
            return raw
        if "\x00" in raw:
            raise ValueError(_("Contains a character that is not allowed."))
        if self.max_length is not None and len(raw) > self.max_length:
            raise ValueError(_("At most %(n)d characters.", n=self.max_length))
        return raw

    def openapi(self) -> dict[str, Any]:
        schema: dict[str, Any]
        if self.kind == "integer":
            schema = {"type": "integer"}
            if self.minimum is not None:
                schema["minimum"] = self.minimum
            if self.maximum is not None:
                schema["maximum"] = self.maximum
        elif self.kind == "boolean":
            schema = {"type": "boolean"}
        elif self.kind == "date":
            schema = {"type": "string", "format": "date"}
        elif self.kind == "choice":
            schema = {"type": "string", "enum": self.allowed()}
        else:
            schema = {"type": "string"}
            if self.max_length is not None:
                schema["maxLength"] = self.max_length
        if self.default is not None:
            schema["default"] = self.default
        out: dict[str, Any] = {"name": self.name, "in": "query", "required": False,
                               "schema": schema}
        if self.description:
            out["description"] = self.description
        return out


PAGE = Param.integer("page", "Page number, from 1; a page past the end is empty.",
                     default=1, minimum=1, maximum=100_000)
PER_PAGE = Param.integer("per_page", "Items per page.", default=20, minimum=1, maximum=100)
PAGINATION = (PAGE, PER_PAGE)


def parse_query(params: Sequence[Param]) -> dict[str, Any]:
    """The declared query parameters, typed, with defaults for those not given; any value
    that does not fit (or a parameter given twice) is one 422 listing every bad field."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for param in params:
        raw = request.args.getlist(param.name)
        if not raw:
            values[param.name] = param.default
            continue
        if len(raw) > 1:
            errors[param.name] = [_("Give this parameter once.")]
            continue
        try:
            values[param.name] = param.parse(raw[0])
        except ValueError as e:
            errors[param.name] = [str(e)]
    if errors:
        raise ApiError(422, _("Some query parameters are not valid."), code="invalid",
                       fields=errors)
    return values


def _reject_constant(name: str) -> None:
    raise ValueError(name)


def json_body() -> dict[str, Any]:
    """The request's JSON object (an empty body is an empty object). Not JSON: 400; JSON
    that is not an object: 422. The body size limit applies while reading (413)."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        # NaN and Infinity are not JSON, whatever Python's parser would accept.
        data = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(400, _("The request body is not valid JSON."),
                       code="malformed_json") from None
    if not isinstance(data, dict):
        raise ApiError(422, _("The request body must be a JSON object."), code="invalid")
    return data
