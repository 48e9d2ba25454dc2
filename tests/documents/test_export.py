"""The streamed ZIP writer."""

from __future__ import annotations

import io
import zipfile

from deliberate.documents.export import stream_zip


def test_stream_zip_makes_members_lazily_and_streams():
    made: list[str] = []

    def maker(name: str):
        def make() -> bytes:
            made.append(name)
            return f"%PDF {name}".encode()
        return make

    seen: list[str] = []
    chunks = stream_zip([("甲.pdf", maker("甲")), ("甲.pdf", maker("乙")), ("a/b.pdf", b"raw")],
                        progress=seen.append)
    first = next(chunks)
    assert made == ["甲"] and first  # the first member leaves before the second is made
    data = first + b"".join(chunks)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == ["甲.pdf", "甲(2).pdf", "a_b.pdf"]
    assert archive.read("甲(2).pdf") == "%PDF 乙".encode()
    assert seen == ["甲.pdf", "甲(2).pdf", "a_b.pdf"]
    assert archive.testzip() is None


def test_stream_zip_of_nothing_is_an_empty_archive():
    data = b"".join(stream_zip([]))
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == []
