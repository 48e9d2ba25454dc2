"""Routes: the statistics page and its .xlsx exports, the proposal ledger, the meeting
lists. All read-only (GET)."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from deliberate.consultation.queries import load_meeting
from deliberate.consultation.web_helpers import visible_or_404
from deliberate.core.pagecache import cached_page
from deliberate.core.permissions import roles_required
from deliberate.core.xlsx import PERCENT_FORMAT, Column, Sheet, workbook_bytes, xlsx_response
from deliberate.proposals import queries as pq
from deliberate.proposals import workflow
from deliberate.proposals.views.common import READERS as LIST_READERS
from deliberate.proposals.workflow import today
from deliberate.reports import READERS, bp, charts, ledger, meetings
from deliberate.reports.consultation import consultation_tables
from deliberate.reports.queries import (
    BadFilter,
    Statistics,
    Table,
    parse_scope,
    proposal_statistics,
)


def _compute() -> tuple[Statistics, list[Table]]:
    scope = parse_scope(request.args)
    return proposal_statistics(scope, today()), consultation_tables(scope)


def footnotes(tables: list[Table]) -> list[tuple[str, str, str]]:
    """(figure key, label, definition) of every figure of ``tables``, each once (and
    translated once: the proposal tables repeat the same 18 figures)."""
    seen: dict[str, tuple[str, str, str]] = {}
    for t in tables:
        for f, label in zip(t.figures, t.labels, strict=True):
            if f.key not in seen:
                seen[f.key] = (f.key, label, f.note)
    return list(seen.values())


def grouped_footnotes(stats: Statistics, ctables: list[Table]) \
        -> tuple[list[tuple[str, list[tuple[str, str, str, int]]]], dict[str, int]]:
    """The page's definitions in three groups (proposals, units, consultation), numbered
    through, and the number of each figure for the table headers."""
    groups = [(_("Proposals"), [t for t in stats.tables if t.key != "units"]),
              (_("Handling units"), [stats.table("units")]),
              (_("Consultation"), ctables)]
    out, numbers, n = [], {}, 0
    for heading, tables in groups:
        items = []
        for key, label, text in footnotes(tables):
            n += 1
            numbers[key] = n
            items.append((key, label, text, n))
        out.append((heading, items))
    return out, numbers


@bp.get("/")
@roles_required(*READERS)
@cached_page(vary=workflow.day_key)
def statistics() -> str:
    stats, ctables = _compute()
    notes, numbers = grouped_footnotes(stats, ctables)
    return render_template(
        "reports/statistics.html", stats=stats, scope=stats.scope, ctables=ctables,
        charts=charts.statistics_charts(stats, ctables), notes=notes, note_numbers=numbers,
        years=sorted({s.year for s in stats.scope.sessions}, reverse=True),
        today_label=today().isoformat(),
        title=_("Statistics"))


def _sheet(table: Table) -> Sheet:
    columns = [Column(table.row_header)] + [
        Column(label, PERCENT_FORMAT if f.is_rate else None)
        for f, label in zip(table.figures, table.labels, strict=True)]
    rows: list[list[Any]] = [[r.label, *[r.value(f) for f in table.figures]]
                             for r in table.rows]
    if table.total is not None:
        rows.append([table.total.label, *[table.total.value(f) for f in table.figures]])
    return Sheet(table.title, columns, rows)


@bp.get("/statistics.xlsx")
@roles_required(*READERS)
def export_statistics() -> Any:  # noqa: ANN401
    """One table (``table=<key>``) or, without it, every table, one sheet each; the last
    sheet gives the definition of every figure."""
    with force_locale("zh"):
        stats, ctables = _compute()
        tables = stats.tables + ctables
        wanted = request.args.get("table", "")
        if wanted:
            chosen = [t for t in tables if t.key == wanted]
            if not chosen:
                raise BadFilter(_("There is no such table."), {"table": [wanted[:30]]})
        else:
            chosen = tables
        sheets = [_sheet(t) for t in chosen]
        sheets.append(Sheet(_("Definitions"), [_("Figure"), _("Definition")],
                            [[label, note] for _k, label, note in footnotes(chosen)]))
        name = f"{_('Statistics')}-{stats.scope.label}"
        if wanted:
            name += f"-{chosen[0].title}"
    return xlsx_response(workbook_bytes(sheets), f"{name}.xlsx", "statistics.xlsx")


@bp.get("/ledger")
@roles_required(*LIST_READERS)
def ledger_form() -> Any:  # noqa: ANN401
    """The column picker; it keeps the working list's filters in hidden fields."""
    filters = request.args.to_dict(flat=True)
    filters.pop("col", None)
    filters.pop("page", None)
    return render_template("reports/ledger.html", columns=ledger.COLUMNS,
                           chosen=set(ledger.DEFAULT_KEYS), filters=filters, error="",
                           title=_("Proposal ledger"))


@bp.get("/ledger.xlsx")
@roles_required(*LIST_READERS)
def export_ledger() -> Any:  # noqa: ANN401
    keys = request.args.getlist("col")
    try:
        columns = ledger.chosen_columns(keys)
    except BadFilter as e:
        filters = {k: v for k, v in request.args.items() if k not in ("col", "page")}
        known = {k for k in keys if k in ledger.BY_KEY}
        return render_template("reports/ledger.html", columns=ledger.COLUMNS,
                               chosen=known, filters=filters, error=e.message,
                               title=_("Proposal ledger")), 400
    data = ledger.ledger_xlsx(pq.Filters.from_args(request.args), columns)
    return xlsx_response(data, f"{_('Proposal ledger')}-{today().isoformat()}.xlsx",
                         f"ledger-{today().isoformat()}.xlsx")


@bp.get("/meetings/<int:meeting_id>/attendance.xlsx")
def export_attendance(meeting_id: int) -> Any:  # noqa: ANN401
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    if not meetings.may_export_attendance(meeting, current_user):
        abort(403)
    return xlsx_response(meetings.attendance_xlsx(meeting),
                         f"{meeting.title}-{_('Attendance')}.xlsx",
                         f"meeting-{meeting.id}-attendance.xlsx")


@bp.get("/meetings/<int:meeting_id>/speeches.xlsx")
def export_speeches(meeting_id: int) -> Any:  # noqa: ANN401
    meeting = visible_or_404(load_meeting(meeting_id), current_user)
    if not meetings.may_export_speeches(meeting, current_user):
        abort(403)
    return xlsx_response(meetings.speeches_xlsx(meeting, current_user),
                         f"{meeting.title}-{_('Speeches')}.xlsx",
                         f"meeting-{meeting.id}-speeches.xlsx")


@bp.app_template_global()
def reports_meeting_exports(meeting: Any) -> dict[str, bool]:  # noqa: ANN401
    """Which export buttons the meeting page shows to the current user."""
    return {"attendance": meetings.may_export_attendance(meeting, current_user),
            "speeches": meetings.may_export_speeches(meeting, current_user)}
