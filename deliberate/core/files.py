"""Uploaded files kept in the database, so several app servers share them."""

from __future__ import annotations

import hashlib
from datetime import datetime
from urllib.parse import quote

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from deliberate.core.types import UTCDateTime, utcnow
from deliberate.extensions import db


class StoredFile(db.Model):
    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Deferred: lists of files never drag their bytes along.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


def store_file(
    data: bytes, filename: str, content_type: str, created_by_id: int | None = None
) -> StoredFile:
    f = StoredFile(
        filename=filename[:255],
        content_type=content_type[:100],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        created_by_id=created_by_id,
    )
    db.session.add(f)
    db.session.flush()
    return f


def attachment_disposition(filename: str) -> str:
    """A Content-Disposition header downloading ``filename`` (Chinese included: RFC 5987,
    with an ASCII fallback for old clients)."""
    filename = "".join(ch for ch in filename if ch.isprintable()) or "attachment"
    ascii_name = filename.encode("ascii", "ignore").decode() or "attachment"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
