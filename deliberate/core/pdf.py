"""The one PDF renderer: a Jinja print template (``templates/pdf/…``) plus print CSS,
laid out by WeasyPrint in-process.

Only the app's own static files can be loaded while rendering: the URL fetcher answers
``/static/…`` from the package folder and refuses ``file://``, every network URL and
data URLs other than small raster images, without ever opening a connection. Fonts come
from per-installation family stacks (``PDF_FONT_*``) and are always subset and embedded.
"""

from __future__ import annotations

import base64
import binascii
import ctypes.util
import logging
import mimetypes
import re
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from deliberate.core.markdown import render_markdown
from deliberate.core.workflow import InvalidData

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
# Print templates link their CSS and images as "/static/…", like the web pages do; in a
# PDF these resolve against this base, which the fetcher maps to STATIC_DIR.
BASE_URL = "https://deliberate.invalid/"
STATIC_PREFIX = "/static/"
MAX_DATA_URL_BYTES = 64 * 1024
DATA_URL_TYPES = {"image/png", "image/jpeg", "image/gif"}

# Official fonts first, as installations name them; the free Noto CJK fonts that the
# set-up installs stand in for each style, so a glyph never falls back to tofu.
FONT_DEFAULTS = {
    "PDF_FONT_SONG": ('"宋体", "SimSun", "STSong", "Songti SC", "Noto Serif CJK SC", '
                      '"Source Han Serif SC", serif'),
    "PDF_FONT_FANGSONG": ('"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", '
                          '"STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif'),
    "PDF_FONT_HEI": ('"黑体", "SimHei", "STHeiti", "Heiti SC", "Noto Sans CJK SC", '
                     '"Source Han Sans SC", sans-serif'),
    "PDF_FONT_KAI": ('"楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", '
                     '"Noto Serif CJK SC", "Source Han Serif SC", serif'),
    "PDF_FONT_TITLE": ('"方正小标宋简体", "FZXiaoBiaoSong-B05S", "小标宋", "华文中宋", '
                       '"STZhongsong", "Noto Serif CJK SC", "Source Han Serif SC", serif'),
}
# A family list is injected into a <style> element: nothing that could end the rule.
_FONT_STACK_RE = re.compile(r"^[\w\s,\"'._\-\u3400-\u9fff\uf900-\ufaff]+$")

DRAFT_LABEL = _l("Draft for comments")

# Chinese ordinals that open a heading of an official text (一、 / （一）), when the
# secretariat typed them as a short paragraph of their own rather than a Markdown heading.
_NUMERALS = "一二三四五六七八九十百零"
_HEADING_PARAGRAPHS = (
    (re.compile(rf"<p>(?=[{_NUMERALS}]+、)([^<。]{{1,40}}。?)</p>"), "level-1"),
    (re.compile(rf"<p>(?=（[{_NUMERALS}]+）)([^<。]{{1,40}}。?)</p>"), "level-2"),
)


# Runs of text with no break opportunity (a pasted URL, 10,000 letters without a space):
# WeasyPrint finds a break inside them by laying out the whole rest of the run again for
# every line it tries, which grows quadratically. A zero-width space every few characters
# gives it ordinary break opportunities. Chinese text breaks between any two characters
# already and is left untouched, so it extracts back exactly.
_UNBREAKABLE_RUN = re.compile(r"[^\s<>&\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]{40,}")
_TEXT_NODE = re.compile(r">([^<]+)")
_BREAK_EVERY = 10


# WeasyPrint lays boxes out recursively: a few hundred nested quotes, lists or <div>s
# typed into a body exhaust Python's stack (and take half a minute getting there). User
# HTML is cut to this depth; deeper tags are dropped and their text kept.
MAX_BODY_DEPTH = 16
_VOID_TAGS = {"br", "hr", "img", "col", "wbr"}
# nh3's serializer writes well-formed tags with double-quoted attributes and escapes
# "<" in text, so tags can be found without a full parser.
_TAG = re.compile(r'<(/?)([a-zA-Z][\w-]*)((?:\s+[^\s=>/"]+(?:="[^"]*")?)*)\s*(/?)>')


class DocumentTooComplex(InvalidData):
    """The document cannot be laid out (nesting beyond what the layout engine handles)."""


class FetchRefused(ValueError):
    """A URL the PDF renderer will not load (WeasyPrint logs it and leaves it out)."""


def _weasyprint() -> Any:  # noqa: ANN401
    # Imported on first use: it loads Pango and HarfBuzz, which web requests rarely need.
    import weasyprint

    return weasyprint


def static_path_for(url: str) -> Path | None:
    """The file under the package's static folder that an app URL names, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "") or parts.netloc not in (urlsplit(BASE_URL).netloc, ""):
        return None
    path = unquote(parts.path)
    if not path.startswith(STATIC_PREFIX):
        return None
    candidate = (STATIC_DIR / path[len(STATIC_PREFIX):]).resolve()
    if not candidate.is_relative_to(STATIC_DIR) or not candidate.is_file():
        return None
    return candidate


def fetch_static(url: str) -> dict[str, Any]:
    """Resolve ``url`` without any network or file-system access outside STATIC_DIR.

    Returns WeasyPrint's ``string``/``mime_type`` mapping; raises FetchRefused otherwise."""
    if url.startswith("data:"):
        return _fetch_data_url(url)
    path = static_path_for(url)
    if path is None:
        raise FetchRefused(f"the PDF renderer only loads the app's static files, not {url[:200]}")
    mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return {"string": path.read_bytes(), "mime_type": mime_type, "redirected_url": url}


def _fetch_data_url(url: str) -> dict[str, Any]:
    header, _sep, payload = url[5:].partition(",")
    mime_type, _sep, params = header.partition(";")
    if mime_type.lower() not in DATA_URL_TYPES or params.lower() != "base64":
        raise FetchRefused("only small base64 PNG, JPEG or GIF data URLs are allowed")
    if len(payload) > MAX_DATA_URL_BYTES * 4 // 3 + 4:
        raise FetchRefused("data URL too large")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as e:
        raise FetchRefused("malformed data URL") from e
    return {"string": data, "mime_type": mime_type.lower(), "redirected_url": url}


def _fetcher_class() -> type:
    weasyprint = _weasyprint()

    class StaticOnlyFetcher(weasyprint.urls.URLFetcher):
        """WeasyPrint's fetcher interface with every network and file handler cut off."""

        def fetch(self, url: str, headers: Any = None) -> Any:  # noqa: ANN401
            found = fetch_static(url)
            return weasyprint.urls.URLFetcherResponse(
                found["redirected_url"], found["string"],
                {"Content-Type": found["mime_type"]})

        def open(self, url: Any, data: Any = None, timeout: Any = None) -> Any:  # noqa: ANN401
            return self.fetch(getattr(url, "full_url", url))

    return StaticOnlyFetcher


_state = threading.local()
_fetcher_cls: type | None = None
_warned = False


def url_fetcher() -> Any:  # noqa: ANN401
    global _fetcher_cls
    if _fetcher_cls is None:
        _fetcher_cls = _fetcher_class()
    return _fetcher_cls()


def font_config() -> Any:  # noqa: ANN401
    """This thread's FontConfiguration (Pango font maps are not shared across threads);
    reusing it keeps fonts loaded between renders, which makes warm renders fast."""
    fc = getattr(_state, "font_config", None)
    if fc is None:
        fc = _weasyprint().text.fonts.FontConfiguration()
        _state.font_config = fc
    return fc


def harfbuzz_subset_available() -> bool:
    return ctypes.util.find_library("harfbuzz-subset") is not None


def warn_if_slow_fonts() -> bool:
    """Log once per process when HarfBuzz's subsetter is missing; returns True if it is."""
    global _warned
    ok = harfbuzz_subset_available()
    if not ok and not _warned:
        _warned = True
        log.warning(
            "libharfbuzz-subset is not installed: PDF fonts will be subset by fontTools, "
            "which takes seconds per Chinese document instead of a fraction of a second. "
            "Install the libharfbuzz-subset0 package.")
    return ok


def font_stacks() -> dict[str, str]:
    """The configured CSS family lists by style (song, fangsong, hei, kai, title)."""
    stacks = {}
    for key, default in FONT_DEFAULTS.items():
        value = str(current_app.config.get(key) or default)
        if not _FONT_STACK_RE.match(value):
            log.warning("%s is not a plain CSS font-family list; using the default", key)
            value = default
        stacks[key.removeprefix("PDF_FONT_").lower()] = value
    return stacks


def font_style() -> Markup:
    """CSS custom properties carrying the font stacks, for the print templates' <style>."""
    rules = "".join(f"--font-{name}: {stack};" for name, stack in font_stacks().items())
    return Markup(f":root {{ {rules} }}")  # noqa: S704  (validated by _FONT_STACK_RE)


def limit_nesting(html: str, max_depth: int = MAX_BODY_DEPTH) -> str:
    """Drop the tags of sanitised HTML nested deeper than ``max_depth`` (text is kept)."""
    out: list[str] = []
    kept: list[bool] = []
    depth = pos = 0
    for m in _TAG.finditer(html):
        out.append(html[pos:m.start()])
        pos = m.end()
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(4)
        if name in _VOID_TAGS or self_closing:
            out.append(m.group(0))
        elif not closing:
            keep = depth < max_depth
            kept.append(keep)
            if keep:
                depth += 1
                out.append(m.group(0))
        elif kept and kept.pop():
            depth -= 1
            out.append(m.group(0))
    out.append(html[pos:])
    return "".join(out)


def official_body(text: str | None) -> Markup:
    """Render Markdown (sanitised) for a print body, marking paragraphs that are headings."""
    html = limit_nesting(str(render_markdown(text)))
    for pattern, css_class in _HEADING_PARAGRAPHS:
        html = pattern.sub(rf'<p class="{css_class}">\1</p>', html)
    return Markup(html)  # noqa: S704  (render_markdown sanitised it; we only add a class)


def official_date(value: date | datetime | str | None) -> str:
    """A date as official documents write it (GB/T 9704-2012: Arabic numerals,
    no leading zeros): 2026年11月27日. Strings pass through unchanged."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return f"{value.year}年{value.month}月{value.day}日"


def _context(context: dict[str, Any], *, for_pdf: bool) -> dict[str, Any]:
    return {
        "draft": False,
        **context,
        "for_pdf": for_pdf,
        "font_style": font_style(),
        "official_body": official_body,
        "official_date": official_date,
        "draft_label": str(DRAFT_LABEL),
    }


def document_locale() -> str:
    """Official documents speak the body's language whatever the reader's UI language is;
    build a document's context (labels, dates) under ``force_locale(document_locale())``."""
    return str(current_app.config.get("PDF_LOCALE") or current_app.config["BABEL_DEFAULT_LOCALE"])


def _render_html(template_name: str, context: dict[str, Any], *, for_pdf: bool) -> str:
    locale = document_locale()
    # The app's Jinja environment (filters, gettext, url_for) without the web pages' context
    # processors: a print document depends on its context only, and renders outside
    # requests too (CLI, batch exports).
    template = current_app.jinja_env.get_or_select_template(template_name)
    with force_locale(locale):
        return template.render(**_context(context, for_pdf=for_pdf))


def render_preview_html(template_name: str, **context: Any) -> str:  # noqa: ANN401
    """The HTML preview of a document, from the same template and CSS as its PDF."""
    return _render_html(template_name, context, for_pdf=False)


def _break_run(match: re.Match[str]) -> str:
    run = match.group(0)
    return "\u200b".join(run[i:i + _BREAK_EVERY] for i in range(0, len(run), _BREAK_EVERY))


def breakable(html: str) -> str:
    """Insert break opportunities into long unbreakable runs of the body's text nodes."""
    head, sep, body = html.partition("<body")
    if not sep:
        head, body = "", html
    body = _TEXT_NODE.sub(lambda m: ">" + _UNBREAKABLE_RUN.sub(_break_run, m.group(1)), body)
    return head + sep + body


def html_to_pdf(html: str) -> bytes:
    weasyprint = _weasyprint()
    warn_if_slow_fonts()
    html = breakable(html)
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher())
    try:
        # Never full_fonts: a full CJK font makes a 58 MB PDF; subsets stay a few hundred KB.
        return document.write_pdf(font_config=font_config(), full_fonts=False)
    except RecursionError as e:
        raise DocumentTooComplex(
            _("This document is nested too deeply to be laid out. Simplify its text "
              "(fewer nested lists or quotes) and try again.")) from e


def render_pdf(template_name: str, **context: Any) -> bytes:  # noqa: ANN401
    """Render ``templates/<template_name>`` with ``context`` to PDF bytes."""
    return html_to_pdf(_render_html(template_name, context, for_pdf=True))
