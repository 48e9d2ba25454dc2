"""Issued documents: the exact bytes that were sent, kept with their SHA-256."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from deliberate.core.files import StoredFile
from deliberate.core.types import UTCDateTime, utcnow
from deliberate.extensions import db


class IssuedDocument(db.Model):
    """Once a document is issued, every download serves these bytes, never a new render:
    what was sent is what is archived."""

    __tablename__ = "issued_documents"
    __table_args__ = (
        UniqueConstraint("kind", "object_id", name="uq_issued_documents_kind_object"),
        CheckConstraint("length(sha256) = 64", name="sha256_is_hex_digest"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    file: Mapped[StoredFile] = relationship()
    issued_by = relationship("User")

    def __repr__(self) -> str:
        return f"<IssuedDocument {self.kind}#{self.object_id} {self.sha256[:12]}>"
