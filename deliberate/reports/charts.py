"""Charts as inline SVG, drawn on the server from the statistics tables (no JavaScript, no
library, nothing fetched): the page works printed, offline and under the strict CSP.

Colours come from CSS classes (static/css/reports.css, with a print stylesheet); every bar
carries its value as text, so a black-and-white print still reads, and ``data-key`` /
``data-value`` attributes that the tests compare with the tables. Each chart is an
``<svg role="img">`` with a ``<title>`` and a ``<desc>`` naming what it shows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

FONT = 12
ROW = 26
BAR = 16


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    key: str = ""


@dataclass(frozen=True)
class Segment:
    label: str
    share: float  # 0..1 of the row
    text: str
    css: str
    key: str = ""


def text_width(text: str, size: float = FONT) -> float:
    """Rendered width estimate: CJK glyphs are square, Latin ones about 0.6 em."""
    return sum(size if unicodedata.east_asian_width(c) in ("W", "F") else size * 0.6
               for c in text)


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _frame(chart_id: str, title: str, desc: str, width: float, height: float,
           body: list[str]) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
            f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" width="{_fmt(width)}" '
            f'height="{_fmt(height)}" role="img" '
            f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
            f'font-size="{FONT}">'
            f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
            f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704  (every piece escaped)


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar], *, desc: str = "",
              css: str = "series-1", scale_max: float | None = None,
              width: float = 560) -> Markup:
    """Horizontal bars, one per row, labelled on the left, value at the bar's end."""
    label_w = max([text_width(b.label) for b in bars] + [40]) + 12
    value_w = max([text_width(b.text) for b in bars] + [30]) + 10
    plot_w = max(80.0, width - label_w - value_w)
    top = max([b.value for b in bars] + [0.0])
    scale = scale_max or top or 1.0
    height = max(1, len(bars)) * ROW + 8
    body = [f'<line class="axis" x1="{_fmt(label_w)}" y1="4" x2="{_fmt(label_w)}" '
            f'y2="{_fmt(height - 4)}"/>']
    for i, b in enumerate(bars):
        y = 4 + i * ROW
        w = plot_w * (b.value / scale) if scale else 0
        body.append(
            f'<g class="bar" data-key="{escape(b.key or b.label)}" '
            f'data-value="{_fmt(b.value)}">'
            f'<title>{escape(b.label)}：{escape(b.text)}</title>'
            f'<text class="label" x="{_fmt(label_w - 8)}" y="{_fmt(y + BAR - 3)}" '
            f'text-anchor="end">{escape(b.label)}</text>'
            f'<rect class="{escape(css)}" x="{_fmt(label_w)}" y="{_fmt(y + 2)}" '
            f'width="{_fmt(max(w, 0.0))}" height="{BAR}" rx="2"/>'
            f'<text class="value" x="{_fmt(label_w + w + 5)}" y="{_fmt(y + BAR - 3)}">'
            f'{escape(b.text)}</text></g>')
    return _frame(chart_id, title, desc, width, height, body)


def grouped_columns(chart_id: str, title: str, categories: Sequence[str],
                    series: Sequence[tuple[str, Sequence[float], str]], *,
                    desc: str = "", width: float = 560, height: float = 220) -> Markup:
    """Vertical columns grouped per category (e.g. received / registered / replied per
    session), a legend above, values above the columns."""
    legend_h, axis_h, left = 24, 34, 8
    plot_h = height - legend_h - axis_h
    top = max([v for _n, values, _c in series for v in values] + [1.0])
    group_w = (width - 2 * left) / max(1, len(categories))
    col_w = min(28.0, (group_w - 12) / max(1, len(series)))
    body: list[str] = []
    x = left
    for name, _values, css in series:
        body.append(f'<rect class="{escape(css)}" x="{_fmt(x)}" y="6" width="12" '
                    f'height="12" rx="2"/><text class="legend" x="{_fmt(x + 16)}" y="16">'
                    f'{escape(name)}</text>')
        x += 16 + text_width(name) + 16
    base = legend_h + plot_h
    body.append(f'<line class="axis" x1="{left}" y1="{_fmt(base)}" x2="{_fmt(width - left)}" '
                f'y2="{_fmt(base)}"/>')
    for ci, category in enumerate(categories):
        gx = left + ci * group_w + (group_w - col_w * len(series)) / 2
        for si, (name, values, css) in enumerate(series):
            value = values[ci]
            h = (plot_h - 14) * value / top
            cx = gx + si * col_w
            body.append(
                f'<g class="bar" data-key="{escape(category)}|{escape(name)}" '
                f'data-value="{_fmt(value)}"><title>{escape(category)} · {escape(name)}：'
                f'{_fmt(value)}</title>'
                f'<rect class="{escape(css)}" x="{_fmt(cx + 1)}" y="{_fmt(base - h)}" '
                f'width="{_fmt(col_w - 2)}" height="{_fmt(h)}" rx="1"/>'
                f'<text class="value" x="{_fmt(cx + col_w / 2)}" y="{_fmt(base - h - 3)}" '
                f'text-anchor="middle">{_fmt(value)}</text></g>')
        body.append(f'<text class="label" x="{_fmt(left + ci * group_w + group_w / 2)}" '
                    f'y="{_fmt(base + 16)}" text-anchor="middle">{escape(category)}</text>')
    return _frame(chart_id, title, desc, width, height, body)


def stacked_shares(chart_id: str, title: str, rows: Sequence[tuple[str, Sequence[Segment]]],
                   *, desc: str = "", width: float = 560) -> Markup:
    """100 % bars: each row split into its segments (A/B/C, 满意/基本满意/不满意), with a
    legend; a row without data shows "—"."""
    label_w = max([text_width(label) for label, _s in rows] + [40]) + 12
    plot_w = width - label_w - 8
    legend: list[tuple[str, str]] = []
    for _label, segments in rows:
        for s in segments:
            if (s.label, s.css) not in legend:
                legend.append((s.label, s.css))
    body: list[str] = []
    x = label_w
    for name, css in legend:
        body.append(f'<rect class="{escape(css)}" x="{_fmt(x)}" y="4" width="12" height="12" '
                    f'rx="2"/><text class="legend" x="{_fmt(x + 16)}" y="14">'
                    f'{escape(name)}</text>')
        x += 16 + text_width(name) + 14
    for i, (label, segments) in enumerate(rows):
        y = 24 + i * ROW
        body.append(f'<text class="label" x="{_fmt(label_w - 8)}" y="{_fmt(y + BAR - 3)}" '
                    f'text-anchor="end">{escape(label)}</text>')
        if not any(s.share for s in segments):
            body.append(f'<text class="value" x="{_fmt(label_w + 4)}" y="{_fmt(y + BAR - 3)}">'
                        '—</text>')
            continue
        sx = label_w
        for s in segments:
            w = plot_w * s.share
            body.append(
                f'<g class="bar" data-key="{escape(label)}|{escape(s.key or s.label)}" '
                f'data-value="{s.share:.4f}"><title>{escape(label)} · {escape(s.label)}：'
                f'{escape(s.text)}</title><rect class="{escape(css_or(s))}" x="{_fmt(sx)}" '
                f'y="{_fmt(y + 2)}" width="{_fmt(w)}" height="{BAR}"/>')
            if w > text_width(s.text, 11) + 6:
                body.append(f'<text class="inside" x="{_fmt(sx + w / 2)}" '
                            f'y="{_fmt(y + BAR - 3)}" text-anchor="middle">'
                            f'{escape(s.text)}</text>')
            body.append("</g>")
            sx += w
    height = 24 + max(1, len(rows)) * ROW + 4
    return _frame(chart_id, title, desc, width, height, body)


def css_or(s: Segment) -> str:
    return s.css or "series-1"


# -- the statistics page's charts, all drawn from its tables ---------------------------

def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@dataclass(frozen=True)
class Chart:
    """A chart and its visible caption (the SVG's <title> is for assistive technology)."""

    title: str
    svg: Markup

    def __html__(self) -> str:
        return self.svg


def statistics_charts(stats: Any, ctables: Sequence[Any]) -> dict[str, Chart]:  # noqa: ANN401
    """Every chart of the page from the same Row/Figure objects as its tables."""
    from flask_babel import gettext as _

    from deliberate.reports import definitions as d

    head = stats.headline
    out: dict[str, Markup] = {}
    titles = {
        "disposition": _("Received proposals by outcome of review"),
        "handling": _("Handling of registered proposals"),
        "sessions": _("Proposals by session"),
        "categories": _("Received proposals by category"),
        "classes": _("Result classes of the replies"),
        "verdicts": _("Proposers' verdicts"),
        "units": _("Reply rate of the handling units"),
        "meeting_forms": _("Consultation meetings held, by form"),
    }
    disposition = [d.REGISTERED, d.MERGED, d.CONVERTED, d.NOT_REGISTERED, d.PENDING]
    out["disposition"] = bar_chart(
        "chart-disposition", titles["disposition"],
        [Bar(str(m.label), head.counts.get(m.key, 0), str(head.counts.get(m.key, 0)), m.key)
         for m in disposition],
        desc=_("%(n)d proposals received in %(scope)s.", n=head.counts.get(d.RECEIVED.key, 0),
               scope=stats.scope.label), css="series-1")
    handling = [d.ASSIGNED, d.REPLIED, d.ON_TIME, d.OVERDUE]
    out["handling"] = bar_chart(
        "chart-handling", titles["handling"],
        [Bar(str(m.label), head.counts.get(m.key, 0), str(head.counts.get(m.key, 0)), m.key)
         for m in handling],
        desc=_("Assigned, replied, replied on time and overdue proposals."), css="series-2")

    sessions = stats.table("sessions")
    series = [(str(m.label), [r.counts.get(m.key, 0) for r in sessions.rows], css)
              for m, css in ((d.RECEIVED, "series-1"), (d.REGISTERED, "series-2"),
                             (d.REPLIED, "series-3"))]
    out["sessions"] = grouped_columns(
        "chart-sessions", titles["sessions"], [r.label for r in sessions.rows], series,
        desc=_("Received, registered and replied proposals in each session."),
        width=max(560, 130 * len(sessions.rows)))

    categories = stats.table("categories")
    out["categories"] = bar_chart(
        "chart-categories", titles["categories"],
        [Bar(r.label, r.counts.get(d.RECEIVED.key, 0), str(r.counts.get(d.RECEIVED.key, 0)),
             str(r.key)) for r in categories.rows],
        desc=_("Number of received proposals in each category."), css="series-1")

    classes = d.class_measures()
    class_css = ["class-a", "class-b", "class-c", "class-d"]
    # Labels translated once, not once per bar.
    verdicts = [(m, str(m.label), css) for m, css in ((d.SATISFIED, "verdict-1"),
                                                      (d.BASICALLY, "verdict-2"),
                                                      (d.DISSATISFIED, "verdict-3"))]

    def shares(row: Any) -> tuple[list[Segment], list[Segment]]:  # noqa: ANN401
        letters = row.counts.get(d.LETTERS.key, 0)
        judged = row.counts.get(d.JUDGED.key, 0)
        cls = [Segment(m.key.removeprefix("class_"), row.counts.get(m.key, 0) / letters
                       if letters else 0.0,
                       _pct(row.counts.get(m.key, 0) / letters if letters else None),
                       class_css[i % len(class_css)], m.key)
               for i, m in enumerate(classes)]
        ver = [Segment(label, row.counts.get(m.key, 0) / judged if judged else 0.0,
                       _pct(row.counts.get(m.key, 0) / judged if judged else None), css, m.key)
               for m, label, css in verdicts]
        return cls, ver

    # One bar per session compared; a year or "all" scope adds its own total first.
    rows = [r for r in sessions.rows if r.counts.get(d.RECEIVED.key)]
    if stats.scope.chosen is None:
        rows = [head, *rows]
    out["classes"] = stacked_shares(
        "chart-classes", titles["classes"],
        [(r.label, shares(r)[0]) for r in rows],
        desc=_("Share of reply letters in each result class."))
    out["verdicts"] = stacked_shares(
        "chart-verdicts", titles["verdicts"], [(r.label, shares(r)[1]) for r in rows],
        desc=_("Share of proposals with a verdict that were judged satisfied, basically "
               "satisfied or dissatisfied."))

    units = stats.table("units")
    top = units.rows[:15]
    rate = next(f for f in units.figures if f.key == "u_rate_replied")
    out["units"] = bar_chart(
        "chart-units", titles["units"],
        [Bar(r.label, (r.value(rate) or 0.0) * 100, _pct(r.value(rate)), str(r.key))
         for r in top],
        desc=_("Replied assignments as a share of assignments owing a reply, for the units "
               "with the most assignments."), css="series-3", scale_max=100)

    forms = next(t for t in ctables if t.key == "meeting_forms")
    out["meeting_forms"] = bar_chart(
        "chart-meeting-forms", titles["meeting_forms"],
        [Bar(r.label, r.counts.get("meetings_held", 0), str(r.counts.get("meetings_held", 0)),
             str(r.key)) for r in forms.rows],
        desc=_("Number of consultation meetings held in each form."), css="series-2")
    return {key: Chart(titles[key], svg) for key, svg in out.items()}
