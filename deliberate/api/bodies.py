"""JSON request bodies: declared fields, validated in one pass, described in OpenAPI.

Endpoints that take a body (creating a proposal, a workflow action) declare its fields as
:class:`Field` values; :func:`parse_body` checks the body against them (every bad, missing
or unknown field is named in one 422) and :func:`body_schema` is the same declaration as the
OpenAPI request body schema.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _

from deliberate.api.errors import ApiError
from deliberate.api.params import DATE_RE, json_body

# Ids in lists are database ids: 32-bit, positive.
MAX_ID = 2**31 - 1
KINDS = ("string", "integer", "boolean", "date", "choice", "integer_list", "string_list",
         "base64")


def _is_int(value: Any) -> bool:  # noqa: ANN401
    # JSON true/false arrive as Python bools, which are ints too.
    return isinstance(value, int) and not isinstance(value, bool)


def storable(value: str) -> bool:
    """No NUL and no lone surrogate ("\\ud800" is valid JSON but not UTF-8): neither can be
    stored, and the database would fail on them."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool = False
    description: str = ""
    # Characters for strings (each item's for string lists); decoded bytes for base64.
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_items: int | None = None
    choices: Sequence[str] | Callable[[], Sequence[str]] = field(default=())

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind!r}")

    @classmethod
    def string(cls, name: str, *, required: bool = False, max_length: int = 200,
               description: str = "") -> Field:
        return cls(name, "string", required, description, max_length=max_length)

    @classmethod
    def integer(cls, name: str, *, required: bool = False, minimum: int | None = None,
                maximum: int | None = None, description: str = "") -> Field:
        return cls(name, "integer", required, description, minimum=minimum, maximum=maximum)

    @classmethod
    def boolean(cls, name: str, *, required: bool = False, description: str = "") -> Field:
        return cls(name, "boolean", required, description)

    @classmethod
    def date(cls, name: str, *, required: bool = False, description: str = "") -> Field:
        return cls(name, "date", required, description)

    @classmethod
    def choice(cls, name: str, choices: Sequence[str] | Callable[[], Sequence[str]], *,
               required: bool = False, description: str = "") -> Field:
        return cls(name, "choice", required, description, choices=choices)

    @classmethod
    def integer_list(cls, name: str, *, required: bool = False, max_items: int = 100,
                     description: str = "") -> Field:
        return cls(name, "integer_list", required, description, max_items=max_items)

    @classmethod
    def string_list(cls, name: str, *, required: bool = False, max_items: int = 100,
                    max_length: int = 200, description: str = "") -> Field:
        return cls(name, "string_list", required, description, max_length=max_length,
                   max_items=max_items)

    @classmethod
    def base64(cls, name: str, *, required: bool = False, max_bytes: int,
               description: str = "") -> Field:
        return cls(name, "base64", required, description, max_length=max_bytes)

    def allowed(self) -> list[str]:
        return list(self.choices() if callable(self.choices) else self.choices)

    def is_blank(self, value: Any) -> bool:  # noqa: ANN401
        return value is None or (isinstance(value, str) and not value.strip()) or (
            isinstance(value, list) and not value and self.required)

    def parse(self, value: Any) -> Any:  # noqa: ANN401
        """The value checked (and decoded for dates and base64), or ValueError."""
        parser = getattr(self, f"_parse_{self.kind}")
        return parser(value)

    def _parse_string(self, value: Any) -> str:  # noqa: ANN401
        if not isinstance(value, str):
            raise ValueError(_("Must be text."))
        if not storable(value):
            raise ValueError(_("Contains a character that is not allowed."))
        if self.max_length is not None and len(value) > self.max_length:
            raise ValueError(_("At most %(n)d characters.", n=self.max_length))
        return value

    def _parse_integer(self, value: Any) -> int:  # noqa: ANN401
        if not _is_int(value):
            raise ValueError(_("Must be a whole number."))
        if self.minimum is not None and value < self.minimum:
            raise ValueError(_("Must be at least %(n)d.", n=self.minimum))
        if self.maximum is not None and value > self.maximum:
            raise ValueError(_("Must be at most %(n)d.", n=self.maximum))
        return value

    def _parse_boolean(self, value: Any) -> bool:  # noqa: ANN401
        if not isinstance(value, bool):
            raise ValueError(_("Must be true or false."))
        return value

    def _parse_date(self, value: Any) -> date:  # noqa: ANN401
        try:
            if not isinstance(value, str) or not DATE_RE.fullmatch(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(_("Must be a date written YYYY-MM-DD.")) from None

    def _parse_choice(self, value: Any) -> str:  # noqa: ANN401
        allowed = self.allowed()
        if not isinstance(value, str) or value not in allowed:
            raise ValueError(_("Must be one of: %(values)s.", values=", ".join(allowed)))
        return value

    def _check_list(self, value: Any) -> list[Any]:  # noqa: ANN401
        if not isinstance(value, list):
            raise ValueError(_("Must be a list."))
        if self.max_items is not None and len(value) > self.max_items:
            raise ValueError(_("At most %(n)d items.", n=self.max_items))
        return value

    def _parse_integer_list(self, value: Any) -> list[int]:  # noqa: ANN401
        items = self._check_list(value)
        if not all(_is_int(v) and 0 < v <= MAX_ID for v in items):
            raise ValueError(_("Must be a list of ids (whole numbers from 1)."))
        return list(dict.fromkeys(items))

    def _parse_string_list(self, value: Any) -> list[str]:  # noqa: ANN401
        items = self._check_list(value)
        if not all(isinstance(v, str) and storable(v) for v in items):
            raise ValueError(_("Must be a list of texts."))
        if self.max_length is not None and any(len(v) > self.max_length for v in items):
            raise ValueError(_("Each at most %(n)d characters.", n=self.max_length))
        return list(dict.fromkeys(items))

    def _parse_base64(self, value: Any) -> bytes:  # noqa: ANN401
        if not isinstance(value, str):
            raise ValueError(_("Must be base64-encoded text."))
        # Decoded size is about 3/4 of the text: refuse early, before decoding.
        if self.max_length is not None and len(value) > (self.max_length + 2) * 4 // 3 + 4:
            raise ValueError(_("At most %(n)d bytes.", n=self.max_length))
        try:
            data = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(_("Must be base64-encoded text.")) from None
        if self.max_length is not None and len(data) > self.max_length:
            raise ValueError(_("At most %(n)d bytes.", n=self.max_length))
        return data

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any]
        if self.kind == "string":
            out = {"type": "string"}
            if self.max_length is not None:
                out["maxLength"] = self.max_length
            if self.required:
                # Blank text counts as missing.
                out["minLength"] = 1
                out["pattern"] = r"\S"
        elif self.kind == "integer":
            out = {"type": "integer"}
            if self.minimum is not None:
                out["minimum"] = self.minimum
            if self.maximum is not None:
                out["maximum"] = self.maximum
        elif self.kind == "boolean":
            out = {"type": "boolean"}
        elif self.kind == "date":
            out = {"type": "string", "format": "date"}
        elif self.kind == "choice":
            out = {"type": "string", "enum": self.allowed()}
        elif self.kind in {"integer_list", "string_list"}:
            item: dict[str, Any] = ({"type": "integer", "minimum": 1, "maximum": MAX_ID}
                                    if self.kind == "integer_list" else {"type": "string"})
            if self.kind == "string_list" and self.max_length is not None:
                item["maxLength"] = self.max_length
            out = {"type": "array", "items": item}
            if self.max_items is not None:
                out["maxItems"] = self.max_items
            if self.required:
                out["minItems"] = 1
        else:
            out = {"type": "string", "contentEncoding": "base64"}
        if self.description:
            out["description"] = self.description
        return out


VERSION = Field.integer("version", minimum=1, description=(
    "The version you last read; if the object changed since, the request is refused "
    "with 409 stale."))


def parse_body(fields: Sequence[Field], body: dict[str, Any] | None = None) -> dict[str, Any]:
    """The request body (or ``body``) checked against ``fields``: a dict with every
    declared name (None where an optional field was left out). Missing required fields,
    bad values and unknown fields are all reported in one 422."""
    data = json_body() if body is None else body
    known = {f.name for f in fields}
    errors: dict[str, list[str]] = {
        key: [_("Unknown field.")] for key in data if key not in known
    }
    values: dict[str, Any] = {}
    for f in fields:
        raw = data.get(f.name)
        if f.is_blank(raw):
            if f.required:
                errors[f.name] = [_("This field is required.")]
            values[f.name] = None
            continue
        try:
            values[f.name] = f.parse(raw)
        except ValueError as e:
            errors[f.name] = [str(e)]
    if errors:
        raise ApiError(422, _("Some fields are not valid."), code="invalid", fields=errors)
    return values


def body_schema(fields: Sequence[Field]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: f.schema() for f in fields},
        "additionalProperties": False,
    }
    required = [f.name for f in fields if f.required]
    if required:
        out["required"] = required
    return out
