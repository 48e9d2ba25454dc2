"""The statistics page's reads: a handful of grouped queries (GROUP BY in SQL, a constant
number of statements whatever the number of proposals), rolled up in Python over the
groups, never over the rows.

Every table is a roll-up of the same grouped counts through the measures and figures of
:mod:`deliberate.reports.definitions`, which is why the per-session table's row for a
session and the totals of the breakdowns of that session are the same numbers.

The groups' counts are plain dicts of ints, summed with :func:`add_counts`; only the rows
shown carry a ``Counter``. A session's page merges some 2,500 groups at 150,000 proposals
(a term's reply letters per session and unit, the proposals per category, proposer type
and sector), which as ``Counter()`` and ``Counter.update`` calls (9,500 of them, with their
isinstance checks) were the largest part of the page's Python time after the template.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import String, and_, func, literal, null, select, text, union_all

from deliberate.core.workflow import InvalidData
from deliberate.directory.models import PlenarySession, Sector, Unit
from deliberate.extensions import db
from deliberate.proposals.enums import Category, ProposerType
from deliberate.reports import definitions as d

MIN_YEAR, MAX_YEAR = 1949, 2100

# One group's (or row's) counts: measure key → number.
Counts = dict[str, int]


class BadFilter(InvalidData):
    status = 400
    code = "bad_request"


@dataclass(frozen=True)
class SessionInfo:
    id: int
    name: str
    year: int
    term_id: int
    is_current: bool
    # The session's lowest and highest proposal id (None without proposals): proposals are
    # filed session after session, so a scope's proposals lie in a range of ids that
    # PostgreSQL can read other tables by (id_range).
    first_proposal: int | None = None
    last_proposal: int | None = None


@dataclass
class Scope:
    """What the figures cover: one session, the sessions of a year, or everything.
    ``table_sessions`` are the sessions the per-session table compares (the whole term of
    the chosen session, so the comparison stays a term's five rows)."""

    sessions: list[SessionInfo]
    chosen: SessionInfo | None = None
    year: int | None = None
    table_sessions: list[SessionInfo] = field(default_factory=list)

    @property
    def session_ids(self) -> set[int]:
        if self.chosen is not None:
            return {self.chosen.id}
        if self.year is not None:
            return {s.id for s in self.sessions if s.year == self.year}
        return {s.id for s in self.sessions}

    @property
    def consultation_year(self) -> int | None:
        """Consultation work is planned per calendar year: a session stands for its year."""
        return self.chosen.year if self.chosen is not None else self.year

    @property
    def label(self) -> str:
        if self.chosen is not None:
            return self.chosen.name
        if self.year is not None:
            return _("%(year)d", year=self.year)
        return _("All sessions")

    def args(self) -> dict[str, Any]:
        if self.chosen is not None:
            return {"session": self.chosen.id}
        if self.year is not None:
            return {"year": self.year}
        return {"session": "all"}


def all_sessions() -> list[SessionInfo]:
    """Every session, with its lowest and highest proposal id (one probe each of
    ix_proposals_session_ids)."""
    def proposal_id(extreme: Callable[[Any], Any]) -> Any:  # noqa: ANN401
        return (select(extreme(d.P.id)).where(d.P.session_id == PlenarySession.id)
                .scalar_subquery())

    rows = db.session.execute(
        select(PlenarySession.id, PlenarySession.name, PlenarySession.year,
               PlenarySession.term_id, PlenarySession.is_current,
               proposal_id(func.min), proposal_id(func.max))
        .order_by(PlenarySession.year, PlenarySession.number, PlenarySession.id))
    return [SessionInfo(*row) for row in rows]


def id_range(sessions: list[SessionInfo], ids: Iterable[int]) -> tuple[int, int] | None:
    """The lowest and highest proposal id of the sessions ``ids``, by which PostgreSQL
    reads a scope's letters and assignments (d.within_scope_ids); None where it does not
    help: on SQLite (12 ms slower a page) and for all sessions (the range is everything)."""
    ids = set(ids)
    if ids >= {s.id for s in sessions} or db.session.get_bind().dialect.name != "postgresql":
        return None
    chosen = [s for s in sessions if s.id in ids and s.first_proposal is not None]
    if not chosen:
        return (0, -1)  # no proposal: an empty range
    return (min(s.first_proposal for s in chosen), max(s.last_proposal for s in chosen))


def parse_scope(args: Any) -> Scope:  # noqa: ANN401
    """The filters of the query string; a bad value is a 400 with a clear message."""
    sessions = all_sessions()
    raw_session = (args.get("session") or "").strip()
    raw_year = (args.get("year") or "").strip()
    scope = Scope(sessions)
    if raw_year:
        if not raw_year.isdigit() or not MIN_YEAR <= int(raw_year) <= MAX_YEAR:
            raise BadFilter(_("The year must be a number between %(low)d and %(high)d.",
                              low=MIN_YEAR, high=MAX_YEAR), {"year": [raw_year[:20]]})
        scope.year = int(raw_year)
    if raw_session and raw_session != "all":
        by_id = {str(s.id): s for s in sessions}
        if raw_session not in by_id:
            raise BadFilter(_("There is no such session."), {"session": [raw_session[:20]]})
        scope.chosen = by_id[raw_session]
        scope.year = None
    elif not raw_session and not raw_year:
        scope.chosen = next((s for s in sessions if s.is_current), None)
    if scope.chosen is not None:
        scope.table_sessions = [s for s in sessions if s.term_id == scope.chosen.term_id]
    elif scope.year is not None:
        terms = {s.term_id for s in sessions if s.year == scope.year}
        scope.table_sessions = [s for s in sessions if s.term_id in terms]
    else:
        scope.table_sessions = list(sessions)
    return scope


# -- the grouped queries ---------------------------------------------------------------

_SUMS: dict[tuple, list[Any]] = {}


def _sums(measures: Iterable[d.Measure], today: date) -> list[Any]:
    """One count per measure: ``count(*) FILTER (WHERE condition)``, which SQLite evaluates
    about a fifth faster than ``sum(CASE …)`` (the same numbers; 0, never NULL, for none).
    Built once a day per list of measures (SQL expressions are immutable, so statements
    share them): building the conditions cost about 5 ms a page."""
    measures = tuple(measures)
    key = (tuple(m.key for m in measures), today)
    columns = _SUMS.get(key)
    if columns is None:
        if len(_SUMS) > 64:  # yesterday's
            _SUMS.clear()
        columns = _SUMS[key] = [func.count().filter(m.condition(today)).label(m.key)
                                for m in measures]
    return columns


def _profile_join() -> Any:  # noqa: ANN401
    return and_(d.PROFILE.user_id == d.P.proposer_id, d.P.proposer_type != "collective")


@contextmanager
def serial_on_postgresql() -> Iterator[None]:
    """The block's statements without parallel workers on PostgreSQL (for this transaction
    only, then back to the server's setting; the proposal and unit statements share one
    block, so the page pays two SET statements). For the unit table and a term's
    proposals per session PostgreSQL plans one worker, whose start and partial aggregates,
    merged again, cost more than they save on the machine's two cores at 150,000
    proposals: a session's unit table 75 ms → 55 ms, "all sessions" 800 ms → 690 ms; a
    term's proposals per session 28 ms → 21 ms (the same for "all sessions", which reads
    every proposal). The reply letters' statements gain nothing either way and are left
    to the server's setting."""
    if db.session.get_bind().dialect.name != "postgresql":
        yield
        return
    db.session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    try:
        yield
    finally:
        db.session.execute(text("SET LOCAL max_parallel_workers_per_gather TO DEFAULT"))


# Group keys: per session (the per-session and per-year tables, the headline) and per
# proposal attribute (the breakdowns of the chosen scope).
SESSION_KEYS = (d.P.session_id,)
ATTRIBUTE_KEYS = (d.P.category, d.P.proposer_type, d.SECTOR)
SESSION_ATTRIBUTE_KEYS = (*SESSION_KEYS, *ATTRIBUTE_KEYS)
SESSION_UNIT_KEYS = (d.P.session_id, d.LETTER.unit_id)


def _by_sector(keys: tuple[Any, ...]) -> bool:
    """Whether the groups need the proposer's profile joined (for the sector)."""
    return any(k is d.SECTOR for k in keys)


PROPOSAL_KEYS = tuple(m.key for m in d.PROPOSAL_MEASURES)
ASSIGNMENT_KEYS = tuple(m.key for m in d.ASSIGNMENT_MEASURES)


def _key(row: Any, n: int) -> tuple:  # noqa: ANN401
    return tuple([_value(v) for v in row[:n]])


def _counts(keys: tuple[str, ...], row: Any, start: int) -> Counts:  # noqa: ANN401
    """The measures ``keys`` from the row's columns at ``start`` on. Never NULL (a count,
    or a sum of a group's counts), but PostgreSQL's sum() is a Decimal."""
    return dict(zip(keys, map(int, row[start:start + len(keys)]), strict=True))


def _rows(stmt: Any, params: dict[str, Any] | None = None) -> list[Any]:  # noqa: ANN401
    """The statement's rows through the session's connection: Core rows, without the ORM's
    per-row wrapping (the statement and its text are the same), fetched at once rather
    than one by one."""
    return db.session.connection().execute(stmt, params).all()


def _proposal_statement(ids: list[int], today: date, keys: tuple[Any, ...]) -> Any:  # noqa: ANN401
    stmt = select(*keys, *_sums(d.PROPOSAL_MEASURES, today)).select_from(d.P)
    if _by_sector(keys):
        stmt = stmt.outerjoin(d.PROFILE, _profile_join())
    return stmt.where(d.P.state != "draft", d.P.session_id.in_(ids)).group_by(*keys)


def proposal_groups(session_ids: Iterable[int], today: date,
                    keys: tuple[Any, ...]) -> dict[tuple, Counts]:
    """Counts of every proposal measure per group of ``keys``."""
    ids = sorted(session_ids)
    if not ids:
        return {}
    n = len(keys)
    return {_key(row, n): _counts(PROPOSAL_KEYS, row, n)
            for row in _rows(_proposal_statement(ids, today, keys))}


def _letter_statement(ids: list[int], keys: tuple[Any, ...],
                      ids_between: tuple[int, int] | None) -> Any:  # noqa: ANN401
    """The counted letters per group of ``keys`` and result class (the class last)."""
    # count(*), not count(letter.id) (the same number: the letter is joined, never NULL):
    # PostgreSQL's ix_proposal_replies_counted then answers alone instead of the replies'
    # rows, which are mostly letter text (a session's page at 150,000 proposals: the two
    # letter statements 140 ms → 65 ms).
    stmt = (select(*keys, d.LETTER.result_class, func.count())
            .select_from(d.LETTER).join(d.P, d.P.id == d.LETTER.proposal_id))
    if _by_sector(keys):
        stmt = stmt.outerjoin(d.PROFILE, _profile_join())
    stmt = stmt.where(d.P.session_id.in_(ids), d.latest_letter())
    if ids_between is not None:
        stmt = stmt.where(d.within_scope_ids(d.LETTER.proposal_id, ids_between))
    return stmt.group_by(*keys, d.LETTER.result_class)


def _add_letters(counts: Counts, result_class: str, number: int) -> None:
    counts[d.LETTERS.key] = counts.get(d.LETTERS.key, 0) + number
    measure = f"class_{result_class}"
    counts[measure] = counts.get(measure, 0) + number


def letter_groups(session_ids: Iterable[int], keys: tuple[Any, ...], *,
                  ids_between: tuple[int, int] | None = None) -> dict[tuple, Counts]:
    """Counted reply letters per group of ``keys``, by result class. ``ids_between``: the
    sessions' range of proposal ids (id_range), to read their letters by."""
    ids = sorted(session_ids)
    if not ids:
        return {}
    n = len(keys)
    # Grouped by the columns as read, their enum values taken once per group (a group has
    # a row per result class).
    by_columns: dict[tuple, Counts] = {}
    for row in _rows(_letter_statement(ids, keys, ids_between)):
        columns = row[:n]
        counts = by_columns.get(columns)
        if counts is None:
            counts = by_columns[columns] = {}
        _add_letters(counts, row[n], int(row[n + 1]))
    return {_key(columns, n): counts for columns, counts in by_columns.items()}


def _kind_and_sector(stmt: Any, extra: int = 0) -> Any:  # noqa: ANN401
    """``stmt``'s groups (session, category, proposer type, sector, ``extra`` more keys,
    then counts) summed two ways in SQL: per (session, category, proposer type) and per
    (session, sector), each row led by "kind" or "sector" (NULL in the other's columns)."""
    g = list(stmt.cte("attribute_groups").c)
    session, category, proposer_type, sector = g[:4]
    extras = g[4:4 + extra]
    sums = [func.sum(c) for c in g[4 + extra:]]
    return union_all(
        select(literal("kind"), session, category, proposer_type, null(), *extras, *sums)
        .group_by(session, category, proposer_type, *extras),
        select(literal("sector"), session, null(), null(), sector, *extras, *sums)
        .group_by(session, sector, *extras))


def attribute_groups(session_ids: Iterable[int], today: date, *,
                     ids_between: tuple[int, int] | None = None) \
        -> tuple[dict[tuple, Counts], dict[tuple, Counts]]:
    """Every proposal measure and letter class per (session, category, proposer type) and
    per (session, sector): two statements (proposals, letters), each reading its rows once
    and grouping them by all three attributes, then summing those groups both ways in SQL,
    so that Python adds up a session's few dozen rows rather than its thousand groups of
    all three (most of a page's Python time at 150,000 proposals)."""
    ids = sorted(session_ids)
    if not ids:
        return {}, {}
    kinds: dict[tuple, Counts] = {}
    sectors: dict[tuple, Counts] = {}

    def key(row: Any) -> tuple[dict[tuple, Counts], tuple]:  # noqa: ANN401
        if row[0] == "kind":
            return kinds, (row[1], _value(row[2]), _value(row[3]))
        return sectors, (row[1], row[4])

    proposals = _proposal_statement(ids, today, SESSION_ATTRIBUTE_KEYS)
    for row in _rows(_kind_and_sector(proposals)):
        into, k = key(row)
        into[k] = _counts(PROPOSAL_KEYS, row, 5)
    letters = _letter_statement(ids, SESSION_ATTRIBUTE_KEYS, ids_between)
    for row in _rows(_kind_and_sector(letters, extra=1)):
        into, k = key(row)
        _add_letters(into.setdefault(k, {}), row[5], int(row[6]))
    return kinds, sectors


def assignment_groups(session_ids: Iterable[int], today: date, *,
                      ids_between: tuple[int, int] | None = None) -> dict[tuple, Counts]:
    """Counts of every unit measure per session and unit. ``ids_between``: the sessions'
    range of proposal ids (id_range), to read their assignments by: a session's 6,000 of
    164,000 active assignments at 150,000 proposals on PostgreSQL, its unit table 65 →
    40 ms, instead of every assignment hashed."""
    ids = sorted(session_ids)
    if not ids:
        return {}
    stmt = (select(d.U.session_id, d.U.unit_id, *_sums(d.ASSIGNMENT_MEASURES, today))
            .select_from(d.UNIT_ROW).group_by(d.U.session_id, d.U.unit_id))
    if ids_between is not None:
        stmt = stmt.where(d.within_scope_ids(d.U.proposal_id, ids_between))
    return {(row[0], row[1]): _counts(ASSIGNMENT_KEYS, row, 2)
            for row in _rows(stmt, {"session_ids": ids})}


def next_changes(session_ids: Iterable[int], today: date) -> dict[int, date]:
    """Per session, the earliest day on or after ``today`` from which its day measures'
    counts may differ from today's (definitions.day_boundaries); absent: never, until
    something of the session is written. One statement."""
    ids = sorted(session_ids)
    if not ids:
        return {}
    out: dict[int, date] = {}
    for sid, due_on in _rows(d.day_boundaries(ids, today)):
        if due_on is not None and (sid not in out or due_on < out[sid]):
            out[sid] = due_on
    return out


def _value(v: Any) -> str:  # noqa: ANN401
    return getattr(v, "value", v)


# -- tables ------------------------------------------------------------------------------

@dataclass
class Row:
    label: str
    counts: Counter
    key: Any = None  # noqa: ANN401

    def value(self, figure: d.Figure) -> float | int | None:
        return figure.value(self.counts)


@dataclass
class Table:
    """A table of the page. ``labels``: the figures' labels, translated when the table is
    made (tables of the same figures share one list: a translation costs 18 µs, and the
    page's five proposal tables have 18 columns each)."""

    key: str
    title: str
    row_header: str
    figures: list[d.Figure]
    rows: list[Row]
    total: Row | None = None
    labels: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.labels:
            self.labels = [str(f.label) for f in self.figures]
        # Per column: the figure, whether it is a rate, and its cells' opening tags, plain
        # and muted ("—"), escaped once.
        self._columns = [
            (f.value, f.is_rate, Markup('<td class="num" data-figure="%s">') % f.key,
             Markup('<td class="num text-muted" data-figure="%s">') % f.key)
            for f in self.figures]

    def column(self, figure_key: str) -> list[float | int | None]:
        figure = next(f for f in self.figures if f.key == figure_key)
        return [r.value(figure) for r in self.rows]

    def headers(self) -> list[tuple[str, str]]:
        """(figure key, label) of the columns."""
        return list(zip([f.key for f in self.figures], self.labels, strict=True))

    def cells_html(self, row: Row, *, total: bool = False) -> Markup:
        """The row's ``<td>`` cells, as the page shows them: counts as numbers, rates as
        "63.6%", a rate without a denominator as a muted "—" (never 0 %; not muted in
        the total row). Built here in one piece rather than cell by cell in the
        template: a session's page has some 3,200 cells, and each template cell cost
        three escapes. The texts need no escaping: format_text writes digits, ".", "%"
        and "—"."""
        counts = row.counts
        parts = []
        for value_of, is_rate, plain, muted in self._columns:
            value = value_of(counts)
            opening = muted if value is None and not total else plain
            parts.append(f"{opening}{format_text(value, is_rate)}</td>")
        return Markup("".join(parts))  # noqa: S704  (tags escaped above, texts are numbers)


def format_text(value: float | None, is_rate: bool) -> str:
    """A figure's value as the page shows it."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%" if is_rate else str(value)


def add_counts(into: Counts, counts: Mapping[str, int]) -> Counts:
    """``into`` plus ``counts``, key by key (``into`` is changed and returned)."""
    get = into.get
    for key, number in counts.items():
        into[key] = get(key, 0) + number
    return into


DROP = object()


def roll_up(groups: Mapping[Any, Mapping[str, int]], key_of: Callable[[Any], Hashable]) \
        -> dict[Hashable, Counts]:
    """Sum the group counts by ``key_of(group key)``; ``DROP`` leaves a group out (None
    is a key like any other: the collective proposers' missing sector)."""
    out: dict[Hashable, Counts] = {}
    for key, counts in groups.items():
        k = key_of(key)
        if k is DROP:
            continue
        into = out.get(k)
        if into is None:
            out[k] = dict(counts)
        else:
            add_counts(into, counts)
    return out


def _total(rows: list[Row]) -> Row:
    total: Counts = {}
    for r in rows:
        add_counts(total, r.counts)
    return Row(str(_l("Total")), Counter(total))


@dataclass
class Statistics:
    scope: Scope
    headline: Row
    tables: list[Table]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def proposal_statistics(scope: Scope, today: date) -> Statistics:
    """The figures of every session of the tables, from the kept ones where nothing of
    the session changed (reports/summary.py), plus the sessions' stamps, the sessions (in
    parse_scope) and the names of sectors and units: three statements when every session
    is kept, up to nine when none is (a row needs two, a session's breakdowns four)."""
    from deliberate.reports import summary  # it counts with this module's statements

    in_scope = scope.session_ids
    table_ids = {s.id for s in scope.table_sessions} | in_scope
    sessions = summary.session_figures(scope.sessions, table_ids, in_scope, today)
    per_session = {(sid,): f.row for sid, f in sessions.items()}
    # Summed into new dicts: the kept figures are shared with later pages.
    by_kind: dict[tuple, Counts] = {}
    by_sector: dict[Any, Counts] = {}
    units: dict[int, Counts] = {}
    for sid in sorted(in_scope):
        figures = sessions[sid]
        for into, groups in ((by_kind, figures.kinds), (by_sector, figures.sectors),
                             (units, figures.units)):
            for key, counts in groups.items():
                add_counts(into.setdefault(key, {}), counts)
    names = _names()

    figures = d.proposal_figures()
    figure_labels = [str(f.label) for f in figures]
    session_rows = [Row(s.name, Counter(per_session.get((s.id,), {})), s.id)
                    for s in scope.table_sessions]
    years = sorted({s.year for s in scope.table_sessions})
    by_year = roll_up(per_session, lambda k: _year_of(scope, k[0]))
    year_rows = [Row(str(y), Counter(by_year.get(y, {})), y) for y in years]

    def breakdown(groups: dict[Any, Counts], index: int | None,
                  labels: list[tuple[Any, str]]) -> list[Row]:
        rolled = groups if index is None else roll_up(groups, lambda k: k[index])
        return [Row(label, Counter(rolled.get(value, {})), value) for value, label in labels]

    categories = [(c.value, c.label) for c in Category]
    types = [(t.value, t.label) for t in ProposerType]
    sector_rows = breakdown(by_sector, None,
                            [*names["sectors"], (None, str(_l("Collective proposers")))])
    sector_rows = [r for r in sector_rows if r.counts.get(d.RECEIVED.key)]
    unit_figures = d.unit_figures()
    unit_rows = [Row(name, Counter(units[uid]), uid)
                 for uid, name in names["units"] if uid in units]
    unit_rows.sort(key=lambda r: (-r.counts.get(d.U_ASSIGNED.key, 0), r.label))

    tables = [
        Table("sessions", str(_l("By session")), str(_l("Session")), figures, session_rows,
              labels=figure_labels),
        Table("years", str(_l("By year")), str(_l("Year")), figures, year_rows,
              labels=figure_labels),
        Table("categories", str(_l("By category")), str(_l("Category")), figures,
              breakdown(by_kind, 0, categories), labels=figure_labels),
        Table("proposer_types", str(_l("By proposer type")), str(_l("Proposer type")),
              figures, breakdown(by_kind, 1, types), labels=figure_labels),
        Table("sectors", str(_l("By sector")), str(_l("Sector")), figures, sector_rows,
              labels=figure_labels),
        Table("units", str(_l("Handling units")), str(_l("Unit")), unit_figures, unit_rows),
    ]
    for t in tables[2:]:
        t.total = _total(t.rows)
    headline: Counts = {}
    for (sid,), counts in per_session.items():
        if sid in in_scope:
            add_counts(headline, counts)
    return Statistics(scope, Row(scope.label, Counter(headline)), tables)


def _year_of(scope: Scope, session_id: int) -> int | None:
    for s in scope.sessions:
        if s.id == session_id:
            return s.year
    return None


def _names() -> dict[str, list[tuple[Any, str]]]:
    """Sector and unit names in their display order, in one statement."""
    sectors = select(literal("sector", String).label("kind"), Sector.id, Sector.name,
                     Sector.sort_order)
    units = select(literal("unit", String).label("kind"), Unit.id, Unit.name, Unit.sort_order)
    out: dict[str, list[tuple[Any, str]]] = {"sectors": [], "units": []}
    rows = db.session.execute(sectors.union_all(units))
    for kind, id_, name, _order in sorted(rows, key=lambda r: (r[3], r[2])):
        out[f"{kind}s"].append((id_, name))
    return out
