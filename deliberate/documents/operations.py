"""Rendering and issuing documents. Writes flush, never commit."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from deliberate.core.events import record_event
from deliberate.core.files import store_file
from deliberate.core.pdf import render_pdf, render_preview_html
from deliberate.core.workflow import EXTRA_ACTION_LABELS, ActionNotAllowed
from deliberate.documents.models import IssuedDocument
from deliberate.documents.registry import DocumentKind, get_kind
from deliberate.extensions import db

PDF_TYPE = "application/pdf"
# The timeline of a record shows its issue like any other action.
EXTRA_ACTION_LABELS.setdefault("issue_document", _l("Document issued"))


def _kind(kind: DocumentKind | str) -> DocumentKind:
    if isinstance(kind, DocumentKind):
        return kind
    found = get_kind(kind)
    if found is None:
        raise LookupError(f"no document kind {kind!r}")
    return found


def issued_document(kind: DocumentKind | str, object_id: int) -> IssuedDocument | None:
    name = _kind(kind).name
    return db.session.scalar(
        select(IssuedDocument).where(IssuedDocument.kind == name,
                                     IssuedDocument.object_id == object_id))


def render_document(kind: DocumentKind | str, obj: Any, *, draft: bool) -> bytes:  # noqa: ANN401
    """A fresh PDF of ``obj``; ``draft`` adds the "征求意见稿" watermark."""
    k = _kind(kind)
    k.check_available(obj)
    return render_pdf(k.template, **k.context(obj), draft=draft and k.issuable)


def preview_document(kind: DocumentKind | str, obj: Any) -> str:  # noqa: ANN401
    k = _kind(kind)
    k.check_available(obj)
    issued = k.issuable and issued_document(k, k.object_id(obj)) is not None
    return render_preview_html(k.template, **k.context(obj), draft=k.issuable and not issued)


def document_pdf(kind: DocumentKind | str, obj: Any) -> tuple[bytes, IssuedDocument | None]:  # noqa: ANN401
    """What a download serves: the stored bytes once issued, else a fresh render
    (watermarked when the kind is one that gets issued)."""
    k = _kind(kind)
    issued = issued_document(k, k.object_id(obj)) if k.issuable else None
    if issued is not None:
        return issued.file.data, issued
    return render_document(k, obj, draft=True), None


def issue_document(kind: DocumentKind | str, obj: Any, user: Any) -> IssuedDocument:  # noqa: ANN401
    """Render the final document once, keep its exact bytes and log their SHA-256.

    Called by the owning domain's "issue" operation, in the same transaction as its state
    change; a second call for the same record is refused (issued means fixed)."""
    k = _kind(kind)
    if not k.issuable:
        raise ActionNotAllowed(_("This kind of document is not issued."))
    object_id = k.object_id(obj)
    if issued_document(k, object_id) is not None:
        raise ActionNotAllowed(_("This document has already been issued."))
    data = render_document(k, obj, draft=False)
    stored = store_file(data, k.filename(obj), PDF_TYPE,
                        created_by_id=getattr(user, "id", None))
    doc = IssuedDocument(kind=k.name, object_id=object_id, file=stored,
                         sha256=stored.sha256, issued_by_id=getattr(user, "id", None))
    db.session.add(doc)
    db.session.flush()
    record_event(k.event_object_type, object_id, "issue_document", user,
                 data={"kind": k.name, "sha256": stored.sha256, "size": stored.size,
                       "file_id": stored.id, "filename": stored.filename})
    return doc
