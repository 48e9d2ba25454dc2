"""The client side of the reliability tests: a small browser that signs in through /login
and posts the app's own forms with the CSRF token read from the page, and latency figures
per kind of request.

Our own (threads and http.client) rather than locust: locust's gevent monkey-patching of
the whole process does not mix with pytest, the checks afterwards need to know exactly
which writes were acknowledged, and the few actors here fit in a page.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from tests.reliability.server import PASSWORD

REQUEST_TIMEOUT = 30.0


# -- the client --------------------------------------------------------------------------

class TransportError(Exception):
    """No HTTP answer at all (refused, reset, timed out)."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path


class Stats:
    """Latency and status of every request, by kind."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.started = time.monotonic()
        self.finished: float | None = None

    def reset(self) -> None:
        """Forget the warm-up: figures count from now."""
        with self._lock:
            self.samples.clear()
            self.statuses.clear()
            self.started = time.monotonic()

    def add(self, kind: str, seconds: float, status: int | str) -> None:
        with self._lock:
            self.samples[kind].append(seconds)
            self.statuses[kind][status] += 1

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.samples.values())

    def count(self, predicate: Callable[[int | str], bool]) -> int:
        return sum(n for c in self.statuses.values() for s, n in c.items() if predicate(s))

    @property
    def server_errors(self) -> int:
        return self.count(lambda s: isinstance(s, int) and s >= 500)

    @property
    def transport_errors(self) -> int:
        return self.count(lambda s: not isinstance(s, int))

    def table(self) -> str:
        head = "".join(f"{h:>9}" for h in ("p50 ms", "p95 ms", "p99 ms", "max ms"))
        rows = [f"{'kind':<14}{'n':>7}{head}  statuses"]
        for kind in sorted(self.samples):
            xs = sorted(self.samples[kind])
            statuses = " ".join(f"{s}×{n}" for s, n in sorted(self.statuses[kind].items(),
                                                               key=lambda i: str(i[0])))
            rows.append(f"{kind:<14}{len(xs):>7}{_pct(xs, 50):>9.0f}{_pct(xs, 95):>9.0f}"
                        f"{_pct(xs, 99):>9.0f}{xs[-1] * 1000:>9.0f}  {statuses}")
        every = sorted(x for xs in self.samples.values() for x in xs)
        if every:
            rows.append(f"{'all':<14}{len(every):>7}{_pct(every, 50):>9.0f}"
                        f"{_pct(every, 95):>9.0f}{_pct(every, 99):>9.0f}{every[-1] * 1000:>9.0f}")
        return "\n".join(rows)

    def percentile(self, q: float, kinds: tuple[str, ...] | None = None) -> float:
        xs = sorted(x for k, v in self.samples.items() if kinds is None or k in kinds
                    for x in v)
        return _pct(xs, q)


def _pct(sorted_seconds: list[float], q: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    if not sorted_seconds:
        return 0.0
    rank = max(0, min(len(sorted_seconds) - 1, int(round(q / 100 * len(sorted_seconds))) - 1))
    return sorted_seconds[rank] * 1000


CSRF = re.compile(r'<input[^>]*name="(?:[\w-]+-)?csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """One person's browser: a cookie jar, the CSRF token of the last page, no redirects
    followed (a redirect after a POST is the acknowledgement)."""

    def __init__(self, base: str, stats: Stats | None = None) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.stats = stats
        self.cookies: dict[str, str] = {}

    def request(self, kind: str, method: str, path: str, *,
                fields: list[tuple[str, str]] | None = None,
                files: list[tuple[str, str, bytes]] | None = None) -> Response:
        headers = {"Accept-Language": "zh"}
        body = None
        if files:
            body, headers["Content-Type"] = _multipart(fields or [], files)
        elif fields is not None:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.monotonic()
        conn = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()},
                                raw.read())
            self._keep_cookies(raw.msg.get_all("Set-Cookie") or [])
        except (OSError, http.client.HTTPException) as e:
            if self.stats is not None:
                self.stats.add(kind, time.monotonic() - start, type(e).__name__)
            raise TransportError(f"{method} {path}: {type(e).__name__}: {e}") from e
        finally:
            conn.close()
        if self.stats is not None:
            self.stats.add(kind, time.monotonic() - start, response.status)
        return response

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            pair, _, attrs = header.partition(";")
            name, _, value = pair.strip().partition("=")
            expired = re.search(r"max-age=0|expires=thu, 01 jan 1970", attrs.lower())
            if expired or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, kind: str, path: str) -> Response:
        return self.request(kind, "GET", path)

    def post(self, kind: str, path: str, fields: list[tuple[str, str]],
             files: list[tuple[str, str, bytes]] | None = None) -> Response:
        return self.request(kind, "POST", path, fields=fields, files=files)

    def login(self, username: str, password: str = PASSWORD) -> Response:
        page = self.get("login-form", "/login")
        r = self.post("login", "/login", [("csrf_token", csrf(page)), ("username", username),
                                          ("password", password), ("next", "")])
        if r.status != 302:
            raise AssertionError(f"sign-in of {username} answered {r.status}: "
                                 f"{flashes(r)}")
        return r


def csrf(page: Response) -> str:
    found = CSRF.search(page.text)
    if not found:
        raise AssertionError(f"no CSRF token on the page ({page.status}): {page.text[:300]}")
    return found.group(1)


def version(page: Response, name: str = "version") -> str:
    found = re.search(rf'name="{re.escape(name)}" value="(\d+)"', page.text)
    return found.group(1) if found else ""


def flashes(page: Response) -> str:
    """The messages and field errors a refused form shows, for failure reports."""
    found = re.findall(r'class="(?:alert[^"]*|invalid-feedback[^"]*)"[^>]*>\s*([^<]{1,200})',
                       page.text)
    return " | ".join(m.strip() for m in found if m.strip()) or page.text[:200]


def _multipart(fields: list[tuple[str, str]],
               files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = bytearray()
    for name, value in fields:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                f"{value}\r\n").encode()
    for name, filename, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                f"filename=\"{filename}\"\r\nContent-Type: application/pdf\r\n\r\n").encode()
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def signed_pdf(label: str) -> bytes:
    """A small valid one-page PDF standing in for a scanned, signed reply; ``label`` makes
    each one's bytes (and SHA-256) its own."""
    stream = f"BT /F1 12 Tf 72 760 Td (Signed reply {label}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1,
                                                                           xref)
    return bytes(out)
