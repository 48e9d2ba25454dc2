"""The kinds of documents deliberate can render, registered by the domains that own them.

A kind names how to load its record from an id, who may see it, which print template it
uses and how to build that template's context, so the documents package can render,
issue, preview and export any of them without knowing the domain's models::

    register_kind(DocumentKind(
        name="minutes",
        label=_l("Minutes"),
        template="pdf/documents/minutes.html",
        load=lambda id: db.session.get(Minutes, id),
        context=minutes_context,          # (record) -> dict for the template
        filename=lambda m: f"纪要-{m.number}.pdf",
    ))
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from deliberate.core.files import safe_filename
from deliberate.core.workflow import WorkflowError


class DocumentUnavailable(WorkflowError):
    """The record exists and may be seen, but its document cannot be produced now
    (minutes of a meeting not yet held, a reply still being drafted)."""

    status = 409
    code = "document_unavailable"


def _model_can_view(obj: Any, user: Any) -> bool:  # noqa: ANN401
    return bool(obj.can_view(user))


def _no_reason(obj: Any) -> str | None:  # noqa: ANN401
    return None


@dataclass(frozen=True)
class DocumentKind:
    name: str
    label: Any
    template: str
    # Record by id, or None when there is no such record (404).
    load: Callable[[int], Any]
    # Template context for the record (plain data; the template never queries).
    context: Callable[[Any], dict[str, Any]]
    # File name for downloads and ZIP entries.
    filename: Callable[[Any], str]
    # Permission: may this user see the record (and so its document)? Default: the
    # record's own can_view(user).
    can_view: Callable[[Any, Any], bool] = _model_can_view
    # Why the document cannot be produced now (a localized message, 409), or None.
    unavailable: Callable[[Any], str | None] = _no_reason
    # The object id stored with issued documents (default: the record's ``id``).
    object_id: Callable[[Any], int] = lambda obj: obj.id  # noqa: E731
    # Documents that are issued (minutes, notices, plans) carry the "征求意见稿" watermark
    # until they are; others (a proposal as filed, a ledger) are always rendered fresh.
    issuable: bool = True
    # The audit log's object type for this record (default: the kind's name).
    object_type: str = ""

    @property
    def event_object_type(self) -> str:
        return self.object_type or self.name

    def check_available(self, obj: Any) -> None:  # noqa: ANN401
        reason = self.unavailable(obj)
        if reason:
            raise DocumentUnavailable(str(reason))


_KINDS: dict[str, DocumentKind] = {}


def register_kind(kind: DocumentKind) -> DocumentKind:
    """Add (or replace, on reload) a document kind; call at import time of its domain."""
    if not kind.name.replace("_", "").replace("-", "").isalnum() or len(kind.name) > 40:
        raise ValueError(f"document kind names are short identifiers, not {kind.name!r}")
    # File names are made from titles, which are user text: keep them one clean line.
    named = kind.filename
    kind = dataclasses.replace(kind, filename=lambda obj: safe_filename(named(obj)))
    _KINDS[kind.name] = kind
    return kind


def unregister_kind(name: str) -> None:
    _KINDS.pop(name, None)


def get_kind(name: str) -> DocumentKind | None:
    return _KINDS.get(name)


def all_kinds() -> list[DocumentKind]:
    return sorted(_KINDS.values(), key=lambda k: k.name)
