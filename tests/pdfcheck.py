"""Reading rendered PDFs back in tests: lines of characters with their positions in mm,
page sizes and the fonts' embedding."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pdfplumber
from pypdf import PdfReader

MM = 72 / 25.4


@dataclass
class Line:
    top: float      # mm from the top of the page to the top of the characters
    x0: float       # mm from the left edge
    x1: float
    text: str
    fonts: set[str]
    size: float


def pages_lines(data: bytes) -> list[tuple[float, float, list[Line]]]:
    """For each page: (width mm, height mm, lines of upright text top to bottom)."""
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            rows: dict[float, list[dict]] = {}
            for c in page.chars:
                if not c.get("upright", True):
                    continue
                rows.setdefault(round(c["top"], 0), []).append(c)
            lines = []
            for _top, chars in sorted(rows.items()):
                chars.sort(key=lambda c: c["x0"])
                lines.append(Line(
                    top=min(c["top"] for c in chars) / MM,
                    x0=chars[0]["x0"] / MM,
                    x1=chars[-1]["x1"] / MM,
                    text="".join(c["text"] for c in chars),
                    fonts={c["fontname"] for c in chars},
                    size=max(c["size"] for c in chars),
                ))
            out.append((page.width / MM, page.height / MM, lines))
    return out


def all_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(c["text"] for page in pdf.pages for c in page.chars)


def upright_text(data: bytes) -> str:
    return "".join(line.text for _w, _h, lines in pages_lines(data) for line in lines)


def font_report(data: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font used on every page."""
    report = []
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptors = []
            if "/DescendantFonts" in font:
                for d in font["/DescendantFonts"]:
                    descriptors.append(d.get_object()["/FontDescriptor"].get_object())
            elif "/FontDescriptor" in font:
                descriptors.append(font["/FontDescriptor"].get_object())
            embedded = bool(descriptors) and all(
                any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors)
            report.append((str(font.get("/BaseFont")), embedded))
    return report
