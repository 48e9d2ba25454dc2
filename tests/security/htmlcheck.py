"""Is anything in an HTML page able to run? A checker on the standard library's HTML
tokenizer (html5lib and lxml are not installed), strict where browsers are lenient: any
inline script, any script not served by the app, any on* attribute, any javascript:,
vbscript: or data: URL in an attribute that loads or navigates, frames, objects, <base>,
meta refresh, and style that can run or fetch (expression(), url(javascript:), @import)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

# The app's own scripts only (CSP allows 'self'; this is stricter: these two places).
APP_SCRIPT = re.compile(r"^/(static|bootstrap/static)/[\w./-]+\.js(\?[\w=.&-]*)?$")
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                       "background", "lowsrc", "dynsrc", "ping", "srcset", "cite",
                       "longdesc", "usemap", "manifest", "codebase", "archive", "content"})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
FORBIDDEN_TAGS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet",
                            "base", "portal"})
BAD_STYLE = re.compile(r"expression\s*\(|javascript:|vbscript:|@import|behavior\s*:|"
                       r"-moz-binding", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
# Raw-text backstops, for what a browser parses differently from html.parser (mXSS:
# <math><style><img onerror> is an image in a browser, style text here). Escaped user
# text never contains a literal "<", so these only match real markup.
_RAW_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*((?:\s+[^\s=>/]+"""
                      r"""(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?|\s*/)*)""")
_RAW_ATTR = re.compile(r"""([^\s=>/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
_RAW_SCRIPT = re.compile(r"<script\b[^>]*>", re.I)
# Elements whose content browsers parse in another mode than html.parser does; the app's
# templates use none of them, so any is markup that came from input.
_RAW_CONTEXT = re.compile(r"<(noscript|math|xmp|plaintext|template|noembed|noframes)\b", re.I)
_RAW_SRC = re.compile(r"""\ssrc=["']?([^"'\s>]+)""", re.I)


def _scheme_of(value: str) -> str:
    # Browsers drop control characters and whitespace inside the scheme.
    return _INVISIBLE.sub("", html.unescape(value)).lower()


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False
        self._in_style = False

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "script":
            src = values.get("src", "")
            if not APP_SCRIPT.match(src):
                self.problems.append(f"<script src={src!r}>")
            self._in_script = True
        if tag == "style":
            self._in_style = True
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "link" and values.get("rel", "").lower() in ("import", "preload") \
                and _scheme_of(values.get("href", "")).startswith(BAD_SCHEMES):
            self.problems.append(f"<link href={values.get('href')!r}>")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            elif name in URL_ATTRS:
                candidates = value.split(",") if name == "srcset" else [value]
                if any(_scheme_of(c).startswith(BAD_SCHEMES) for c in candidates):
                    self.problems.append(f"<{tag} {name}={value[:60]!r}>")
            elif name == "style" and BAD_STYLE.search(html.unescape(value)):
                self.problems.append(f"<{tag} style={value[:60]!r}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)
        self._in_script = self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        if tag.lower() == "script":
            self._in_script = False
        if tag.lower() == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline script {data.strip()[:60]!r}")
        if self._in_style and BAD_STYLE.search(data):
            self.problems.append(f"style element {data.strip()[:60]!r}")


def executable(page: str) -> list[str]:
    """What in ``page`` could run or navigate to script; empty when nothing can."""
    checker = _Checker()
    checker.feed(page)
    checker.close()
    problems = checker.problems
    for m in _RAW_TAG.finditer(page):
        if any(a.lower().startswith("on") for a in _RAW_ATTR.findall(m.group(1))):
            problems.append(f"raw handler {m.group(0)[:60]!r}")
    problems += [f"raw <{m.group(1)}>" for m in _RAW_CONTEXT.finditer(page)]
    for m in _RAW_SCRIPT.finditer(page):
        src = _RAW_SRC.search(m.group(0))
        if not (src and APP_SCRIPT.match(src.group(1))):
            problems.append(f"raw {m.group(0)[:60]!r}")
    return problems
