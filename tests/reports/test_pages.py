"""The statistics page: who may see it, its charts agreeing with its tables, footnotes, a
constant number of statements as the data grows, bad filters."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from deliberate.extensions import db
from tests.proposals.test_query_counts import count_queries
from tests.reports.conftest import build


class Cells(HTMLParser):
    """Collects table cells by (table, row, figure) and chart bars by (chart, key)."""

    def __init__(self) -> None:
        super().__init__()
        self.table = self.row = self.figure = None
        self.chart = None
        self.cells: dict[tuple[str, str, str], str] = {}
        self.bars: dict[tuple[str, str], float] = {}
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and a.get("data-testid", "").startswith("table-"):
            self.table = a["data-testid"].removeprefix("table-")
        elif tag == "tr" and "data-row" in a:
            self.row = a["data-row"]
        elif tag == "td" and "data-figure" in a and self.row is not None:
            self.figure, self._text = a["data-figure"], []
        elif tag == "svg":
            self.chart = a.get("id")
        elif tag == "g" and a.get("class") == "bar":
            self.bars[(self.chart, a["data-key"])] = float(a["data-value"])

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "td" and self._text is not None:
            self.cells[(self.table, self.row, self.figure)] = "".join(self._text).strip()
            self._text = None
        elif tag == "tr":
            self.row = None


def parse(html: str) -> Cells:
    p = Cells()
    p.feed(html)
    return p


@pytest.fixture
def sec_client(auth, stats_world):
    return auth.client_for(stats_world.sec)


def test_page_shows_every_section(sec_client, stats_world):
    r = sec_client.get(f"/reports/?session={stats_world.s2.id}")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    for key in ("sessions", "years", "categories", "proposer_types", "sectors", "units",
                "plan", "meeting_forms", "speeches"):
        assert f'data-testid="table-{key}"' in html
    cells = parse(html).cells
    s2 = str(stats_world.s2.id)
    assert cells[("sessions", s2, "received")] == "11"
    assert cells[("sessions", s2, "rate_registered")] == "63.6%"
    assert cells[("sessions", s2, "rate_on_time")] == "75.0%"
    assert cells[("categories", "total", "received")] == "11"
    # A rate without a denominator shows "—", never 0 %.
    assert "—" in cells[("categories", "politics", "rate_registered")]


def test_every_figure_has_its_footnote(sec_client, stats_world):
    html = sec_client.get(f"/reports/?session={stats_world.s2.id}").get_data(as_text=True)
    headers = set(re.findall(r'<th scope="col" class="num" data-figure="([a-z_A-Z]+)"', html))
    notes = set(re.findall(r'<li id="note-([a-z_A-Z]+)"', html))
    assert headers and headers <= notes
    assert "撤回" in html  # the definition of 收到 says withdrawn proposals are left out


def test_charts_are_inline_svg_consistent_with_the_tables(sec_client, stats_world):
    w = stats_world
    html = sec_client.get(f"/reports/?session={w.s2.id}").get_data(as_text=True)
    page = parse(html)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 8
    assert 'role="img"' in html and "<title id=\"chart-categories-title\">" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    assert not re.search(r"\sstyle\s*=", html)
    for key in ("economy", "society", "culture", "ecology"):
        assert page.bars[("chart-categories", key)] == float(
            page.cells[("categories", key, "received")])
    assert page.bars[("chart-disposition", "registered")] == 7
    assert page.bars[("chart-handling", "overdue")] == 1
    session_label = "第12届第5次会议"
    assert page.bars[("chart-sessions", f"{session_label}|收到")] == 11
    assert page.bars[("chart-classes", f"{session_label}|class_A")] == pytest.approx(0.6)
    assert page.bars[("chart-verdicts", f"{session_label}|satisfied")] == pytest.approx(1 / 3,
                                                                                       abs=1e-3)
    assert page.bars[("chart-units", str(w.u1.id))] == pytest.approx(80.0)
    assert page.bars[("chart-meeting-forms", "topic_consultation")] == 1


def test_print_stylesheet(sec_client, stats_world):
    html = sec_client.get("/reports/").get_data(as_text=True)
    assert "css/reports.css" in html
    css = sec_client.get("/static/css/reports.css").get_data(as_text=True)
    assert "@media print" in css and "print-color-adjust" in css


@pytest.mark.parametrize("role", ["secretariat", "leader", "admin"])
def test_readers_may_see_the_statistics(auth, stats_world, role):
    client, _u = auth.as_role(role)
    assert client.get("/reports/").status_code == 200
    assert client.get("/reports/statistics.xlsx").status_code == 200


@pytest.mark.parametrize("role", ["member", "unit_staff"])
def test_members_and_units_are_refused(auth, stats_world, role):
    client, _u = auth.as_role(role)
    for url in ("/reports/", "/reports/statistics.xlsx", "/reports/ledger",
                "/reports/ledger.xlsx?col=number"):
        assert client.get(url).status_code == 403, url
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert 'href="/reports/"' not in home  # no menu entry


def test_anonymous_is_sent_to_sign_in(client, stats_world):
    for url in ("/reports/", "/reports/statistics.xlsx", "/reports/ledger.xlsx?col=number",
                f"/reports/meetings/{stats_world.meeting.id}/attendance.xlsx"):
        r = client.get(url)
        assert r.status_code == 302 and "/login" in r.headers["Location"], url


def test_menu_entry_for_the_secretariat(sec_client):
    assert 'href="/reports/"' in sec_client.get("/", follow_redirects=True).get_data(as_text=True)


@pytest.mark.parametrize("query,message", [
    ("year=abc", "年份"), ("year=3000", "年份"), ("session=999999", "会议"),
    ("session=abc", "会议"),
])
def test_bad_filters_get_a_clear_400(sec_client, query, message):
    for path in ("/reports/", "/reports/statistics.xlsx"):
        r = sec_client.get(f"{path}?{query}")
        assert r.status_code == 400, (path, query)
        assert message in r.get_data(as_text=True)


def test_unknown_table_export(sec_client):
    r = sec_client.get("/reports/statistics.xlsx?table=nope")
    assert r.status_code == 400


def test_statement_count_is_constant_as_data_grows(app, auth, stats_world, factory):
    app.extensions.pop("page_cache", None)  # what a render costs, not a kept page
    client = auth.client_for(stats_world.sec)
    urls = ["/reports/", "/reports/?session=all", "/reports/?session=all&year=2025"]

    def counts():
        out = {}
        for url in urls:
            client.get(url)
            with count_queries() as c:
                assert client.get(url).status_code == 200
            out[url] = c["n"]
        return out

    few = counts()
    # A second body: more sessions, sectors, units, proposals in every state.
    build(factory, again=True)
    db.session.commit()
    assert counts() == few
    assert max(few.values()) <= 16
