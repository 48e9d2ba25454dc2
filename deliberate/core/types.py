"""Column types shared by every model."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Enum
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC: SQLite keeps no offset, PostgreSQL would convert
    to the server's zone, and comparisons must behave the same on both."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> datetime | None:  # noqa: ANN401
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:  # noqa: ANN401
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def enum_column(cls: type[enum.Enum], name: str, length: int = 30) -> Enum:
    """An enum stored as its lowercase value in a string column, with a CHECK constraint:
    the same on SQLite and PostgreSQL, and readable in the database."""
    return Enum(cls, native_enum=False, length=length, create_constraint=True,
                validate_strings=True, name=name,
                values_callable=lambda e: [m.value for m in e])


class LabelledEnum(enum.StrEnum):
    """Enums whose members carry a translated label: subclasses define ``labels()``."""

    @property
    def label(self) -> str:
        return str(type(self).labels()[self])

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        raise NotImplementedError

    @classmethod
    def choices(cls, members: list[Any] | None = None) -> list[Any]:  # noqa: ANN401
        """Choices for a select field, in declaration order (WTForms' SelectChoice: plain
        tuples are deprecated there)."""
        from wtforms.fields.choices import SelectChoice

        return [SelectChoice(m.value, m.label) for m in (members or list(cls))]
