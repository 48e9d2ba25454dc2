"""Several documents as one ZIP, streamed: each PDF is rendered (or read, once issued)
only when its turn comes, and its bytes leave before the next one is made."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from deliberate.documents.operations import document_pdf
from deliberate.documents.registry import DocumentKind, DocumentUnavailable

Entry = tuple[str, bytes | Callable[[], bytes]]


class _Sink(io.RawIOBase):
    """A write-only, non-seekable stream: zipfile then writes sizes after each member
    (data descriptors) and never seeks back, so the archive can be sent as it grows."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []
        self._pos = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:  # noqa: ANN401
        chunk = bytes(data)
        self._chunks.append(chunk)
        self._pos += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._pos

    def drain(self) -> bytes:
        out = b"".join(self._chunks)
        self._chunks.clear()
        return out


def _unique(name: str, seen: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    candidate, n = name, 1
    while candidate in seen:
        n += 1
        candidate = f"{stem}({n}).{ext}" if dot else f"{stem}({n})"
    seen.add(candidate)
    return candidate


def stream_zip(entries: Iterable[Entry],
               progress: Callable[[str], None] | None = None) -> Iterator[bytes]:
    """Yield a ZIP archive of ``entries`` ((file name, bytes or a function making them))
    chunk by chunk. ``progress`` is called with each name once its file is written."""
    sink = _Sink()
    seen: set[str] = set()
    stamp = datetime.now().timetuple()[:6]
    # PDFs are compressed already: storing them is as small and much faster.
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in entries:
            data = content() if callable(content) else content
            info = zipfile.ZipInfo(_unique(name.replace("/", "_").replace("\\", "_"), seen),
                                   date_time=stamp)
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
            if progress is not None:
                progress(info.filename)
            yield sink.drain()
    yield sink.drain()


def document_entries(kind: DocumentKind, objects: Iterable[Any],
                     skipped: list[Any] | None = None) -> Iterator[Entry]:
    """ZIP entries for records of one kind; records whose document cannot be produced
    now (DocumentUnavailable) are left out and appended to ``skipped``."""
    for obj in objects:
        try:
            kind.check_available(obj)
        except DocumentUnavailable:
            if skipped is not None:
                skipped.append(obj)
            continue
        yield kind.filename(obj), lambda obj=obj: document_pdf(kind, obj)[0]
