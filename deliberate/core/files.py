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


def safe_filename(name: str, fallback: str = "document") -> str:
    """A download or archive entry name made from user text (a title): one line, no
    control characters or path separators, at most ~150 characters, extension kept. A line
    break in a title would otherwise reach the Content-Disposition header (a 500)."""
    text = "".join(ch if ch.isprintable() else " " for ch in name or "")
    text = " ".join(text.replace("/", "／").replace("\\", "＼").split())
    stem, dot, ext = text.rpartition(".")
    if not dot or len(ext) > 8 or " " in ext:
        stem, ext = text, ""
    stem = stem[:150].rstrip() or fallback
    return f"{stem}.{ext}" if ext else stem


def attachment_disposition(filename: str) -> str:
    """A Content-Disposition header downloading ``filename`` (Chinese included: RFC 5987,
    with an ASCII fallback for old clients)."""
    filename = "".join(ch for ch in filename if ch.isprintable()) or "attachment"
    ascii_name = filename.encode("ascii", "ignore").decode() or "attachment"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


# What the first bytes of each accepted kind of file look like. A file whose bytes do not
# match its extension (an HTML page named report.pdf, a PDF named photo.png) is refused:
# whoever downloads it trusts the extension.
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "docx": _ZIP, "xlsx": _ZIP, "pptx": _ZIP, "zip": _ZIP, "odt": _ZIP, "ods": _ZIP,
    "doc": _OLE, "xls": _OLE, "ppt": _OLE,
}
# Plain text: no NUL byte (binaries have them; UTF-8 and GB18030 text never does).
TEXT_KINDS = frozenset({"txt", "csv"})


def content_matches(extension: str, data: bytes) -> bool:
    """Whether ``data`` looks like a file of ``extension`` (lower case, no dot). Kinds with
    no known signature pass."""
    extension = extension.lower()
    if extension in TEXT_KINDS:
        return b"\x00" not in data[:65536]
    signatures = MAGIC.get(extension)
    return signatures is None or data.startswith(signatures)
