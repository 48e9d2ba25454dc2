"""The PDF renderer: fetcher, fonts, the GB/T 9704 grid, line breaking, hostile input."""

from __future__ import annotations

import base64
import logging
import socket
import time

import jinja2
import pytest

from deliberate.core import pdf
from tests.pdfcheck import all_text, font_report, pages_lines, upright_text

TEMPLATES = {
    "pdf/test_doc.html": (
        '{% extends "pdf/_base.html" %}{% block content %}'
        '{% if title %}<h1 class="doc-title">{{ title }}</h1>{% endif %}'
        '<div class="body">{{ official_body(body) }}</div>{{ extra|default("")|safe }}'
        '{% endblock %}'),
}
PARAGRAPH = "政协委员围绕经济社会发展中的重大问题和涉及群众切身利益的实际问题开展协商议政，" \
            "提出意见建议，推动各项决策部署落地见效。"


@pytest.fixture
def render(app):
    app.jinja_env.loader = jinja2.ChoiceLoader(
        [jinja2.DictLoader(TEMPLATES), app.jinja_env.loader])

    def _render(body: str = "", **context) -> bytes:
        return pdf.render_pdf("pdf/test_doc.html", body=body, **context)

    return _render


def body_lines(data: bytes):
    """Lines in the text block (page numbers, 14 pt, left out) per page."""
    return [(w, h, [ln for ln in lines if ln.size > 14.5]) for w, h, lines in pages_lines(data)]


def page_number_lines(data: bytes):
    return [[ln for ln in lines if abs(ln.size - 14) < 0.5] for _w, _h, lines in pages_lines(data)]


# -- fetcher ---------------------------------------------------------------------------
@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://127.0.0.1:1/x.png",
    "https://example.com/logo.png",
    "ftp://example.com/x",
    "https://deliberate.invalid/static/../../../etc/passwd",
    "https://deliberate.invalid/static/%2e%2e/%2e%2e/pyproject.toml",
    "https://deliberate.invalid/documents/x/1.pdf",
    "https://other.example/static/css/pdf/gbt9704.css",
    "data:image/svg+xml;base64,PHN2Zy8+",
    "data:text/html,<script>",
    "data:image/png;base64," + "A" * 100_000,
    "data:image/png;base64,@@@",
])
def test_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(pdf.FetchRefused):
        pdf.fetch_static(url)


def test_fetcher_serves_static_files_and_small_images():
    found = pdf.fetch_static(pdf.BASE_URL + "static/css/pdf/gbt9704.css")
    assert found["mime_type"] == "text/css" and b"@page" in found["string"]
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 32).decode()
    assert pdf.fetch_static(f"data:image/png;base64,{png}")["mime_type"] == "image/png"


def test_fetcher_object_never_opens_a_connection(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the PDF renderer opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    fetcher = pdf.url_fetcher()
    for url in ("http://127.0.0.1:1/x.png", "file:///etc/hostname"):
        with pytest.raises(pdf.FetchRefused):
            fetcher(url)


def test_external_images_are_left_out_without_a_connection(render, monkeypatch, caplog):
    def no_network(*args, **kwargs):
        raise AssertionError("the PDF renderer opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    body = ('正文<img src="http://127.0.0.1:1/x.png">\n\n![图](http://127.0.0.1:1/y.png)'
            '\n\n<img src="file:///etc/passwd">')
    extra = '<img src="http://127.0.0.1:1/z.png"><img src="file:///etc/hostname">'
    data = render(body, title="外部图片", extra=extra)
    assert data.startswith(b"%PDF")
    assert "外部图片" in upright_text(data)
    refused = [r for r in caplog.records if "127.0.0.1:1" in r.getMessage()]
    assert refused, "the refusal is logged"


# -- the document ----------------------------------------------------------------------
def test_pdf_is_a4_with_embedded_fonts_and_extractable_text(render):
    data = render(PARAGRAPH, title="关于加强协商议政工作的意见")
    assert data.startswith(b"%PDF-")
    (width, height, lines), = pages_lines(data)
    assert abs(width - 210) < 0.5 and abs(height - 297) < 0.5
    text = upright_text(data)
    assert "关于加强协商议政工作的意见" in text
    assert PARAGRAPH in text
    fonts = font_report(data)
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    # Subsets (ABCDEF+Name), never whole CJK fonts.
    assert all("+" in name for name, _embedded in fonts)
    assert len(data) < 200_000


def test_every_glyph_of_2000_hanzi_and_rare_names_is_embedded(render):
    level1 = bytes(b for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF)
                   for b in (hi, lo)).decode("gb2312", errors="ignore")
    hanzi = "".join(ch for ch in level1 if "\u4e00" <= ch <= "\u9fff")[:2400]
    names = "张堃、王喆、李婳、陈旻"
    text = names + hanzi
    assert len(set(text)) > 2000
    body = "\n\n".join(text[i:i + 200] for i in range(0, len(text), 200))
    data = render(body)
    extracted = "".join(upright_text(data).split())
    page_numbers = {"—", *"0123456789"}
    extracted = "".join(ch for ch in extracted if ch not in page_numbers)
    assert extracted == text
    fonts = font_report(data)
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    assert len(data) < 1_000_000


def test_grid_margins_on_odd_and_even_pages(render):
    data = render("\n\n".join([PARAGRAPH * 2] * 20))
    pages = body_lines(data)
    assert len(pages) >= 2
    for number, (_w, _h, lines) in enumerate(pages[:2], start=1):
        full = [ln for ln in lines[:-1]]
        assert abs(lines[0].top - 37) <= 1, lines[0]
        left = 28 if number % 2 else 26
        assert abs(min(ln.x0 for ln in full) - left) <= 1
        # Full lines fill the 156 mm text block with 28 characters.
        widest = max(full, key=lambda ln: ln.x1 - ln.x0)
        assert abs(widest.x1 - (left + 156)) <= 1
        assert len(widest.text) == 28
        # Twenty-two lines, 28.99 pt apart (widow control may leave one empty).
        assert len(lines) == 22 if number == 1 else 21 <= len(lines) <= 22
        pitch = (lines[-1].top - lines[0].top) / (len(lines) - 1)
        assert abs(pitch - 28.99 * 25.4 / 72) < 0.05


def test_page_numbers_outside_the_text_block_on_the_outer_side(render):
    data = render("\n\n".join([PARAGRAPH * 2] * 30))
    numbers = page_number_lines(data)
    assert len(numbers) >= 3
    for n, lines in enumerate(numbers, start=1):
        (line,) = lines
        assert line.text.replace(" ", "") == f"—{n}—"
        # 7 mm below the text block (37 + 225 mm) to the dashes' line.
        assert 266 <= line.top <= 269.5
        if n % 2:
            assert abs(line.x1 - (28 + 156 - 4.94)) < 1  # right, one 14 pt character in
        else:
            assert abs(line.x0 - (26 + 4.94)) < 1       # left, one character in


def test_chinese_line_breaking_rules(render):
    # Punctuation at every position of the line: some must fall at a line edge.
    openers, closers = "（《「", "，。、；：？！）》」"
    parts = []
    for i in range(1, 60):
        parts.append("议" * (i % 29) + closers[i % len(closers)] + "政" * 3
                     + openers[i % len(openers)] + "协商" + closers[(i + 3) % len(closers)])
    data = render("".join(parts))
    seen = 0
    for _w, _h, lines in body_lines(data):
        for line in lines:
            seen += 1
            assert line.text[0] not in closers, line.text
            assert line.text[-1] not in openers, line.text
    assert seen > 40


def test_headings_in_their_fonts_and_never_alone_at_a_page_foot(render):
    filler = "\n\n".join([PARAGRAPH] * 6) + "\n\n" + "议" * 26 * 4
    body = filler + "\n\n一、总体要求\n\n" + PARAGRAPH + "\n\n## 二、主要任务\n\n" + PARAGRAPH
    data = render(body)
    pages = body_lines(data)
    heading = [ln for _w, _h, lines in pages for ln in lines if ln.text.startswith("一、")]
    assert heading and all("Sans" in f for f in heading[0].fonts)
    for _w, _h, lines in pages:
        assert not lines[-1].text.startswith(("一、", "二、"))


def test_table_header_repeats_on_every_page(render):
    rows = "".join(f"<tr><td>{i}</td><td>{'协商' * 10}</td></tr>" for i in range(80))
    extra = ("<table><thead><tr><th>序号</th><th>事项</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>")
    data = render("", extra=extra)
    pages = pages_lines(data)
    assert len(pages) >= 2
    for _w, _h, lines in pages:
        assert any(ln.text.replace(" ", "") == "序号事项" for ln in lines)


def test_draft_watermark_only_on_drafts(render):
    draft = render(PARAGRAPH, title="纪要", draft=True)
    final = render(PARAGRAPH, title="纪要", draft=False)
    assert "征求意见稿" in all_text(draft).replace(" ", "")
    assert "征求意见稿" not in all_text(final)


def test_long_runs_get_break_opportunities_but_chinese_text_does_not():
    html = pdf.breakable('<head><style>x{a:"' + "b" * 60 + '"}</style></head>'
                         '<body><p title="' + "t" * 50 + '">' + "a" * 45 + "政" * 45 + "</p>")
    assert '"' + "b" * 60 + '"' in html and 't' * 50 in html  # markup untouched
    assert "a" * 10 + "\u200b" + "a" * 10 in html and "\u200b" not in html.split("a")[-1]


def test_ten_thousand_characters_without_a_space_wrap_quickly(render):
    for run in ("a" * 10_000, "政" * 10_000, "https://x.example/" + "9" * 10_000):
        start = time.process_time()
        data = render(run)
        # Several seconds of CPU before break opportunities were added; well under one now.
        assert time.process_time() - start < 5
        for number, (_w, _h, lines) in enumerate(body_lines(data), start=1):
            right = (28 if number % 2 else 26) + 156
            assert all(ln.x1 <= right + 0.2 for ln in lines), (run[:5], number, lines[0])


@pytest.mark.parametrize("body", [
    ">" * 300 + " 深层引用",
    "\n".join("    " * i + "- 项" for i in range(150)),
    "<div>" * 400 + "深层" + "</div>" * 400,
])
def test_deep_nesting_renders_in_bounded_time(render, body):
    start = time.process_time()
    data = render(body)
    assert time.process_time() - start < 5
    assert upright_text(data).count("项") in (0, 150) and data.startswith(b"%PDF")


def test_limit_nesting_keeps_text_and_balance():
    html = "<div>" * 30 + '<img src="/static/x.png" alt="a>b">文字<br>' + "</div>" * 30
    out = pdf.limit_nesting(html, max_depth=3)
    assert out == "<div><div><div>" + '<img src="/static/x.png" alt="a>b">文字<br>' \
        + "</div></div></div>"


def test_recursion_in_layout_is_a_clear_error(render, monkeypatch):
    def too_deep(*args, **kwargs):
        raise RecursionError

    monkeypatch.setattr(pdf._weasyprint().HTML, "write_pdf", too_deep)
    with pytest.raises(pdf.DocumentTooComplex) as e:
        render("正文")
    assert e.value.status == 422


def test_raw_html_in_markdown_is_sanitised(render):
    body = ('<script>alert("x")</script><style>body{display:none}</style>'
            '<iframe src="http://127.0.0.1:1/"></iframe>**重点**内容')
    data = render(body)
    text = upright_text(data)
    assert "重点内容" in text and "alert" not in text and "display" not in text


def test_heading_paragraphs_are_recognised():
    html = str(pdf.official_body("一、总体要求\n\n（二）工作措施\n\n一、这不是标题。因为它很长。"))
    assert '<p class="level-1">一、总体要求</p>' in html
    assert '<p class="level-2">（二）工作措施</p>' in html
    assert "<p>一、这不是标题。因为它很长。</p>" in html


def test_official_date():
    from datetime import date

    assert pdf.official_date(date(2026, 1, 5)) == "2026年1月5日"
    assert pdf.official_date(None) == "" and pdf.official_date("二〇二六年") == "二〇二六年"


# -- configuration ---------------------------------------------------------------------
def test_font_stacks_are_configurable_and_validated(app, caplog):
    app.config["PDF_FONT_FANGSONG"] = '"Not Installed FangSong", "Noto Serif CJK SC"'
    app.config["PDF_FONT_HEI"] = 'x; } body { display: none'
    stacks = pdf.font_stacks()
    assert stacks["fangsong"].startswith('"Not Installed FangSong"')
    assert stacks["hei"] == pdf.FONT_DEFAULTS["PDF_FONT_HEI"]
    assert "PDF_FONT_HEI" in caplog.text
    assert "--font-fangsong: \"Not Installed FangSong\"" in str(pdf.font_style())


def test_defaults_name_official_fonts_before_the_free_stand_ins():
    for key, official in (("PDF_FONT_FANGSONG", "仿宋_GB2312"), ("PDF_FONT_TITLE", "小标宋"),
                          ("PDF_FONT_HEI", "黑体"), ("PDF_FONT_KAI", "楷体")):
        stack = pdf.FONT_DEFAULTS[key]
        stand_in = "Noto Sans CJK SC" if key == "PDF_FONT_HEI" else "Noto Serif CJK SC"
        assert stack.index(official) < stack.index(stand_in)


def test_missing_family_falls_back_to_the_stand_in_not_tofu(app, render):
    app.config["PDF_FONT_FANGSONG"] = '"No Such Font Anywhere", "Noto Serif CJK SC", serif'
    data = render("张堃王喆")
    assert "张堃王喆" in upright_text(data)


def test_missing_harfbuzz_subset_is_logged_once(monkeypatch, caplog):
    monkeypatch.setattr(pdf.ctypes.util, "find_library", lambda name: None)
    monkeypatch.setattr(pdf, "_warned", False)
    with caplog.at_level(logging.WARNING, logger="deliberate.core.pdf"):
        assert pdf.warn_if_slow_fonts() is False
        assert pdf.warn_if_slow_fonts() is False
    assert caplog.text.count("libharfbuzz-subset is not installed") == 1


def test_harfbuzz_subset_is_installed_here():
    assert pdf.harfbuzz_subset_available()


def test_preview_uses_the_same_template(render, app):
    html = pdf.render_preview_html("pdf/test_doc.html", body=PARAGRAPH, title="预览标题",
                                   draft=True)
    assert "预览标题" in html and "/static/css/pdf/gbt9704.css" in html
    assert "--font-fangsong" in html and "征求意见稿" in html


def test_font_configuration_is_reused():
    assert pdf.font_config() is pdf.font_config()
