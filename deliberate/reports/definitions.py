"""Every figure the secretariat reports, defined once (DOMAIN.md, "Figures … each with one
definition").

A :class:`Measure` is something counted: a SQL condition over one kind of row. A
:class:`Figure` is what a table shows: a measure (a count), or a measure divided by another
(a rate). Every table, chart and .xlsx export of the statistics page is computed from these
objects, through the grouped queries of :mod:`deliberate.reports.queries`, so two tables
can never disagree about what "办复率" means; the footnotes on the page are the same
objects' ``footnote`` texts.

Rows counted:

- ``proposals``: one row per proposal that has left its proposer's desk (not a draft),
  with the proposer's verdict on the latest judged reply (``VERDICT``).
- ``letters``: one row per reply letter (答复函) that counts: each replying unit's latest
  letter on a proposal.
- ``assignments``: one row per active assignment (交办) of a proposal to a unit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    bindparam,
    case,
    exists,
    func,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import aliased

from deliberate.directory.models import MemberProfile
from deliberate.proposals.config import result_classes
from deliberate.proposals.models import (
    HANDLING_STATES,
    NUMBERED_STATES,
    Assignment,
    Feedback,
    Proposal,
    Reply,
)

# The aliases the conditions below are written against; the queries join exactly these.
P = Proposal
PROFILE = aliased(MemberProfile, name="proposer_profile")
LETTER = aliased(Reply, name="letter")
LETTER_2 = aliased(Reply, name="later_letter")
ASSIGNMENT = aliased(Assignment, name="assignment")


def within_scope_ids(column: Any, ids_between: tuple[int, int]) -> ColumnElement[bool]:  # noqa: ANN401
    """``column`` (a proposal id on another table) within a scope's range of proposal ids
    (queries.id_range). Implied by the join to the scope's proposals, so it changes no
    count; it lets PostgreSQL read the other table for that range of ids through an index
    that starts with the proposal id, instead of whole (proposals are filed session after
    session, so a session's ids lie close together): a term's letters at 150,000
    proposals read 26,500 of 138,000 replies, 41 → 32 ms, a session's 18 → 11 ms; a
    session's active assignments 6,000 of 164,000 (where it is used: queries.id_range).
    The bounds are written into the
    statement: known when it is planned, they let PostgreSQL size the join (as subqueries
    it guessed 700 of the term's 26,500 letters and sorted them to group)."""
    low, high = (bindparam(None, int(v), type_=Integer, literal_execute=True)
                 for v in ids_between)
    return column.between(low, high)


# The proposer's latest verdict (the highest round's), kept on the proposal whenever
# feedback is written (proposals.models._proposal_keeps_its_latest_verdict), so the
# statements read it from ix_proposals_figures instead of joining the feedback.
VERDICT = P.verdict


# The sector of the (first) proposer: the queries join PROFILE only for proposals filed by
# members, so a collective proposal has none.
SECTOR = PROFILE.sector_id

RECEIVED_STATES = ("submitted", "registered", "not_registered", "converted", "merged",
                   "assigned", "replied", "rehandling", "closed")
ASSIGNED_STATES = ("assigned", "replied", "rehandling", "closed")
REPLIED_STATES = ("replied", "rehandling", "closed")


def _state_in(states: tuple[str, ...]) -> ColumnElement[bool]:
    return P.state.in_(states)


@dataclass(frozen=True)
class Measure:
    key: str
    label: Any
    source: str  # proposals | letters | assignments
    condition: Callable[[date], ColumnElement[bool]]
    footnote: Any


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    numerator: Measure
    denominator: Measure | None = None
    footnote: Any = ""

    @property
    def is_rate(self) -> bool:
        return self.denominator is not None

    def value(self, counts: dict[str, int]) -> float | int | None:
        """The figure from a row of counts: a count, or a rate in [0, 1] (None when the
        denominator is zero: "—", never 0 %)."""
        top = counts.get(self.numerator.key, 0)
        if self.denominator is None:
            return top
        bottom = counts.get(self.denominator.key, 0)
        return top / bottom if bottom else None

    @property
    def note(self) -> str:
        if self.footnote:
            return str(self.footnote)
        if self.denominator is None:
            return str(self.numerator.footnote)
        return str(_l("%(numerator)s ÷ %(denominator)s.", numerator=self.numerator.label,
                      denominator=self.denominator.label))


def _m(key: str, label: Any, source: str,  # noqa: ANN401
       condition: Callable[[date], ColumnElement[bool]], footnote: Any) -> Measure:  # noqa: ANN401
    return Measure(key, label, source, condition, footnote)


# -- proposals --------------------------------------------------------------------------
RECEIVED = _m("received", _l("Received"), "proposals",
              lambda _t: _state_in(RECEIVED_STATES),
              _l("Proposals submitted to the secretariat, whatever happened to them after, "
                 "except those the proposer withdrew before review; drafts (including "
                 "proposals returned for revision and not yet resubmitted) are not counted."))
PENDING = _m("pending", _l("Awaiting review"), "proposals",
             lambda _t: P.state == "submitted",
             _l("Received proposals the secretariat has not yet registered, declined, "
                "converted or merged."))
REGISTERED = _m("registered", _l("Registered"), "proposals",
                lambda _t: _state_in(NUMBERED_STATES),
                _l("Proposals registered (立案) and numbered in their session, in any later "
                   "state. Proposals merged into another are counted under Merged, not "
                   "here."))
NOT_REGISTERED = _m("not_registered", _l("Not registered"), "proposals",
                    lambda _t: P.state == "not_registered",
                    _l("Proposals the secretariat declined to register (不予立案) on one "
                       "of the standard grounds."))
CONVERTED = _m("converted", _l("Converted"), "proposals",
               lambda _t: P.state == "converted",
               _l("Proposals converted to an opinion letter (转为意见建议) and referred to "
                  "a unit for reference; no reply is due."))
MERGED = _m("merged", _l("Merged"), "proposals",
            lambda _t: P.state == "merged",
            _l("Proposals merged (并案) into a registered proposal on the same matter."))
ASSIGNED = _m("assigned", _l("Assigned"), "proposals",
              lambda _t: _state_in(ASSIGNED_STATES),
              _l("Registered proposals assigned (交办) to handling units."))
REPLIED = _m("replied", _l("Replied"), "proposals",
             lambda _t: _state_in(REPLIED_STATES),
             _l("Assigned proposals whose units have sent the formal reply (办复), "
                "including proposals re-handled after a dissatisfied verdict. Under "
                "separate handling (分办) a proposal is replied when every unit has "
                "replied."))
ON_TIME = _m("on_time", _l("Replied on time"), "proposals",
             lambda _t: and_(_state_in(REPLIED_STATES), P.is_replied_late.is_(False)),
             _l("Replied proposals none of whose replies, in any round, came after the "
                "due date then in force (extensions granted count)."))
OVERDUE = _m("overdue", _l("Overdue now"), "proposals",
             lambda today: and_(_state_in(HANDLING_STATES), P.due_on < today),
             _l("Proposals being handled or re-handled whose reply is past its due date "
                "today."))
JUDGED = _m("judged", _l("With a verdict"), "proposals",
            lambda _t: VERDICT.is_not(None),
            _l("Proposals whose proposer has given a verdict on a reply; the latest "
               "verdict counts (after re-handling, the verdict on the second reply)."))
SATISFIED = _m("satisfied", _l("Satisfied"), "proposals",
               lambda _t: VERDICT == "satisfied", _l("Latest verdict 满意."))
BASICALLY = _m("basically", _l("Basically satisfied"), "proposals",
               lambda _t: VERDICT == "basically", _l("Latest verdict 基本满意."))
DISSATISFIED = _m("dissatisfied", _l("Dissatisfied"), "proposals",
                  lambda _t: VERDICT == "dissatisfied", _l("Latest verdict 不满意."))

PROPOSAL_MEASURES = (RECEIVED, PENDING, REGISTERED, NOT_REGISTERED, CONVERTED, MERGED,
                     ASSIGNED, REPLIED, ON_TIME, OVERDUE, JUDGED, SATISFIED, BASICALLY,
                     DISSATISFIED)


# -- reply letters ------------------------------------------------------------------------
def latest_letter() -> ColumnElement[bool]:
    """Each replying unit's latest letter on a proposal: letters of the proposal's current
    round, and while it is being re-handled, the first-round letters of units that have
    not replied again yet."""
    later = exists(select(LETTER_2.id).where(LETTER_2.proposal_id == LETTER.proposal_id,
                                             LETTER_2.unit_id == LETTER.unit_id,
                                             LETTER_2.round > LETTER.round))
    return or_(LETTER.round == P.round, and_(P.state == "rehandling", not_(later)))


LETTERS = _m("letters", _l("Reply letters"), "letters", lambda _t: LETTER.id.is_not(None),
             _l("Reply letters (答复函) counted for the result classes: each replying unit's "
                "latest letter on a proposal counts once; co-handling units send opinions, "
                "not letters."))


def class_measure(code: str, label: str) -> Measure:
    return _m(f"class_{code}", _l("Class %(code)s letters", code=code), "letters",
              lambda _t: LETTER.result_class == code,
              _l("Reply letters of class %(code)s (%(label)s).", code=code, label=label))


def class_measures() -> list[Measure]:
    """One measure per configured result class (A/B/C by default)."""
    return [class_measure(code, label) for code, label in result_classes().items()]


# -- assignments (the unit performance table) ---------------------------------------------
# One row per active assignment of the chosen sessions (bound as ``session_ids`` when the
# query runs), with its reply letters counted once, in one join: the unit measures are
# conditions on these columns.
UNIT_ROW = (
    select(ASSIGNMENT.id.label("id"), ASSIGNMENT.unit_id.label("unit_id"),
           ASSIGNMENT.proposal_id.label("proposal_id"), P.session_id.label("session_id"),
           ASSIGNMENT.role.label("role"), ASSIGNMENT.due_on.label("due_on"),
           P.state.label("state"), VERDICT.label("verdict"),
           # The letter's assignment, not its id (the same count: NULL exactly when
           # there is no letter), so that PostgreSQL reads letters from
           # ix_proposal_replies_assignment_late alone.
           func.count(LETTER.assignment_id).label("letters"),
           func.sum(case((LETTER.is_late.is_(True), 1), else_=0)).label("late_letters"),
           func.sum(case((LETTER.round == P.round, 1), else_=0)).label("current_letters"))
    .select_from(ASSIGNMENT).join(P, P.id == ASSIGNMENT.proposal_id)
    .outerjoin(LETTER, LETTER.assignment_id == ASSIGNMENT.id)
    .where(ASSIGNMENT.is_active.is_(True),
           P.session_id.in_(bindparam("session_ids", expanding=True)))
    # By the assignment's and proposal's primary keys: the selected columns depend on them
    # (PostgreSQL accepts that), and integers sort faster than the columns themselves. The
    # assignment's proposal too, though it follows from its id: a condition on a grouped
    # column is pushed down to the assignments' scan (queries.assignment_groups' range).
    .group_by(ASSIGNMENT.id, ASSIGNMENT.proposal_id, P.id)
    .subquery("unit_rows"))
U = UNIT_ROW.c


def _owes_reply() -> ColumnElement[bool]:
    return U.role.in_(("lead", "separate"))


def _replied() -> ColumnElement[bool]:
    return and_(_owes_reply(), U.letters > 0)


U_ASSIGNED = _m("u_assigned", _l("Assigned"), "assignments",
                lambda _t: U.id.is_not(None),
                _l("Proposals assigned to the unit, as lead, co-handling or separate "
                   "handling unit (active assignments; a re-assigned proposal counts for "
                   "its new unit)."))
U_OWING = _m("u_owing", _l("To reply"), "assignments", lambda _t: _owes_reply(),
             _l("Assignments as lead unit (主办) or separate handling (分办): those that owe a "
                "formal reply."))
U_REPLIED = _m("u_replied", _l("Replied"), "assignments", lambda _t: _replied(),
               _l("Assignments owing a reply for which the unit has sent at least one reply "
                  "letter."))
U_ON_TIME = _m("u_on_time", _l("Replied on time"), "assignments",
               lambda _t: and_(_replied(), U.late_letters == 0),
               _l("Replied assignments none of whose letters came after the due date."))
U_OVERDUE = _m("u_overdue", _l("Overdue now"), "assignments",
               lambda today: and_(_owes_reply(), U.state.in_(HANDLING_STATES),
                                  U.due_on < today, U.current_letters == 0),
               _l("Assignments owing a reply in the current round, past their due date "
                  "today."))
U_JUDGED = _m("u_judged", _l("With a verdict"), "assignments",
              lambda _t: and_(_replied(), U.verdict.is_not(None)),
              _l("Replied assignments whose proposal has a verdict (the latest verdict)."))
U_SATISFIED = _m("u_satisfied", _l("Satisfied"), "assignments",
                 lambda _t: and_(_replied(), U.verdict == "satisfied"),
                 _l("Of those, latest verdict 满意."))
U_BASICALLY = _m("u_basically", _l("Basically satisfied"), "assignments",
                 lambda _t: and_(_replied(), U.verdict == "basically"),
                 _l("Of those, latest verdict 基本满意."))

ASSIGNMENT_MEASURES = (U_ASSIGNED, U_OWING, U_REPLIED, U_ON_TIME, U_OVERDUE, U_JUDGED,
                       U_SATISFIED, U_BASICALLY)


# -- the measures that count days ---------------------------------------------------------
# "Overdue now" is the only kind of measure whose count moves with the date alone: a
# proposal or assignment being handled becomes overdue the day after its due date. Counts
# made on one day therefore hold on every later day up to the earliest due date, on that
# day or after, of what is being handled (reports/summary.py keeps a session's figures that
# long). A test checks that no other measure reads the date.
DAY_MEASURES = (OVERDUE, U_OVERDUE)


def day_boundaries(session_ids: list[int], today: date) -> Any:  # noqa: ANN401
    """Per session, the earliest due date on or after ``today`` of a proposal being handled
    (OVERDUE) or of an active assignment of one (U_OVERDUE; every such assignment, replied
    or not: an earlier date only means counting again sooner): (session id, date) rows."""
    handled = and_(P.session_id.in_(session_ids), _state_in(HANDLING_STATES))
    proposals = (select(P.session_id, func.min(P.due_on).label("due_on"))
                 .where(handled, P.due_on >= today).group_by(P.session_id))
    assignments = (select(P.session_id, func.min(ASSIGNMENT.due_on).label("due_on"))
                   .select_from(ASSIGNMENT).join(P, P.id == ASSIGNMENT.proposal_id)
                   .where(handled, ASSIGNMENT.is_active.is_(True), ASSIGNMENT.due_on >= today)
                   .group_by(P.session_id))
    return proposals.union_all(assignments)


# -- the figures ------------------------------------------------------------------------
def _count(m: Measure, label: Any = None) -> Figure:  # noqa: ANN401
    return Figure(m.key, label or m.label, m)


def _rate(key: str, label: Any, top: Measure, bottom: Measure) -> Figure:  # noqa: ANN401
    return Figure(key, label, top, bottom)


RATE_REGISTERED = _rate("rate_registered", _l("Registration rate"), REGISTERED, RECEIVED)
RATE_REPLIED = _rate("rate_replied", _l("Reply rate"), REPLIED, ASSIGNED)
RATE_ON_TIME = _rate("rate_on_time", _l("On-time reply rate"), ON_TIME, REPLIED)
RATE_SATISFIED = _rate("rate_satisfied", _l("Satisfaction rate"), SATISFIED, JUDGED)
RATE_BASICALLY = _rate("rate_basically", _l("Basic satisfaction rate"), BASICALLY, JUDGED)


def class_share(m: Measure) -> Figure:
    code = m.key.removeprefix("class_")
    return Figure(f"share_{code}", _l("Class %(code)s share", code=code), m, LETTERS)


def proposal_figures() -> list[Figure]:
    """The columns of the per-session, per-year and breakdown tables, in order."""
    return [
        _count(RECEIVED), _count(REGISTERED), RATE_REGISTERED, _count(MERGED),
        _count(CONVERTED), _count(NOT_REGISTERED), _count(PENDING), _count(ASSIGNED),
        _count(REPLIED), RATE_REPLIED, _count(ON_TIME), RATE_ON_TIME,
        *[class_share(m) for m in class_measures()],
        _count(JUDGED), RATE_SATISFIED, RATE_BASICALLY,
    ]


def unit_figures() -> list[Figure]:
    return [
        _count(U_ASSIGNED), _count(U_OWING), _count(U_REPLIED),
        _rate("u_rate_replied", _l("Reply rate"), U_REPLIED, U_OWING),
        _count(U_ON_TIME),
        _rate("u_rate_on_time", _l("On-time reply rate"), U_ON_TIME, U_REPLIED),
        _count(U_OVERDUE),
        *[class_share(m) for m in class_measures()],
        _count(U_JUDGED),
        _rate("u_rate_satisfied", _l("Satisfaction rate"), U_SATISFIED, U_JUDGED),
        _rate("u_rate_basically", _l("Basic satisfaction rate"), U_BASICALLY, U_JUDGED),
    ]


# -- the same definitions for one loaded proposal (the ledger's columns) -------------------
def counted_letters(p: Proposal) -> list[Reply]:
    """:func:`latest_letter` for a proposal whose replies are loaded."""
    if p.state.value != "rehandling":
        return [r for r in p.replies if r.round == p.round]
    latest: dict[int, Reply] = {}
    for r in p.replies:
        if r.unit_id not in latest or r.round > latest[r.unit_id].round:
            latest[r.unit_id] = r
    return sorted(latest.values(), key=lambda r: r.id)


def latest_verdict(p: Proposal) -> Feedback | None:
    """The feedback whose verdict is ``VERDICT`` (``p.verdict``), for a proposal whose
    feedbacks are loaded: its comment and answers beside the verdict."""
    return max(p.feedbacks, key=lambda f: f.round, default=None)
