"""Consultation figures (协商): the annual plan's topics from plan to result, meetings by
form, speeches adopted. Same shape as the proposal figures: measures (SQL conditions) and
figures (counts and rates) defined once, four grouped statements for the whole section.

Consultation work is planned per calendar year, so a session filter stands for its year.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from deliberate.consultation.models import (
    ConsultationResult,
    Meeting,
    MeetingForm,
    Speech,
    SpeechKind,
)
from deliberate.consultation.models_plan import ConsultationPlan, PlanItem
from deliberate.core.dates import LOCAL_TZ
from deliberate.reports.definitions import Figure, Measure
from deliberate.reports.queries import (
    Counts,
    Row,
    Scope,
    Table,
    _counts,
    _rows,
    _sums,
    _total,
    _value,
    add_counts,
    roll_up,
)

APPROVED_PLANS = ("approved", "published")
SUBMITTED_SPEECHES = ("submitted", "adopted", "returned", "redirected")

IN_PLAN = Measure("in_plan", _l("Topics in the plan"), "plan_items",
                  lambda _t: ConsultationPlan.state.in_(APPROVED_PLANS),
                  _l("Topics of the year's annual consultation plan, once the plan is "
                     "approved or published."))
HELD = Measure("held", _l("Consulted"), "plan_items",
               lambda _t: exists().where(Meeting.topic_id == PlanItem.topic_id,
                                         Meeting.state == "held"),
               _l("Planned topics with at least one consultation meeting held."))
WITH_RESULTS = Measure("with_results", _l("With results"), "plan_items",
                       lambda _t: exists().where(
                           ConsultationResult.topic_id == PlanItem.topic_id),
                       _l("Planned topics with at least one recorded result (成果), minutes "
                          "included: “一议一成”."))
PLAN_MEASURES = (IN_PLAN, HELD, WITH_RESULTS)

RECOMMENDATIONS = Measure("recommendations", _l("Recommendations sent"), "results",
                          lambda _t: ConsultationResult.kind != "minutes",
                          _l("Results of planned topics other than minutes: 建议案, 协商专报 "
                             "and other written opinions."))
DECIDED = Measure("decided", _l("With adoption feedback"), "results",
                  lambda _t: (ConsultationResult.kind != "minutes")
                  & (ConsultationResult.adoption != "pending"),
                  _l("Recommendations whose recipient has said whether it adopted them."))
ADOPTED = Measure("adopted", _l("Adopted"), "results",
                  lambda _t: (ConsultationResult.kind != "minutes")
                  & ConsultationResult.adoption.in_(("adopted", "partly")),
                  _l("Recommendations adopted in full or in part."))
RESULT_MEASURES = (RECOMMENDATIONS, DECIDED, ADOPTED)

MEETINGS_HELD = Measure("meetings_held", _l("Meetings held"), "meetings",
                        lambda _t: Meeting.state == "held",
                        _l("Consultation meetings held in the year (by their start, "
                           "Beijing time)."))
MEETINGS_SCHEDULED = Measure("meetings_scheduled", _l("Announced, not yet held"), "meetings",
                             lambda _t: Meeting.state == "scheduled",
                             _l("Meetings announced for the year and not yet held."))
MEETING_MEASURES = (MEETINGS_HELD, MEETINGS_SCHEDULED)
PLANNED_BY_FORM = Measure("planned", _l("Topics planned in this form"), "plan_items",
                          IN_PLAN.condition,
                          _l("Planned topics by the form the plan gives them."))

SPEECHES_SUBMITTED = Measure("speeches_submitted", _l("Speeches submitted"), "speeches",
                             lambda _t: Speech.state.in_(SUBMITTED_SPEECHES),
                             _l("Speeches submitted for meetings of the year, not withdrawn."))
SPEECHES_ADOPTED = Measure("speeches_adopted", _l("Speeches adopted"), "speeches",
                           lambda _t: Speech.state == "adopted",
                           _l("Submitted speeches the secretariat adopted."))
SPEECH_MEASURES = (SPEECHES_SUBMITTED, SPEECHES_ADOPTED)

PLAN_FIGURES = [
    Figure("in_plan", IN_PLAN.label, IN_PLAN),
    Figure("held", HELD.label, HELD),
    Figure("rate_held", _l("Share consulted"), HELD, IN_PLAN),
    Figure("with_results", WITH_RESULTS.label, WITH_RESULTS),
    Figure("rate_results", _l("Share with results"), WITH_RESULTS, IN_PLAN),
    Figure("recommendations", RECOMMENDATIONS.label, RECOMMENDATIONS),
    Figure("adopted", ADOPTED.label, ADOPTED),
    Figure("rate_adopted", _l("Adoption rate"), ADOPTED, DECIDED),
]
FORM_FIGURES = [
    Figure("planned", PLANNED_BY_FORM.label, PLANNED_BY_FORM),
    Figure("meetings_held", MEETINGS_HELD.label, MEETINGS_HELD),
    Figure("meetings_scheduled", MEETINGS_SCHEDULED.label, MEETINGS_SCHEDULED),
]
SPEECH_FIGURES = [
    Figure("speeches_submitted", SPEECHES_SUBMITTED.label, SPEECHES_SUBMITTED),
    Figure("speeches_adopted", SPEECHES_ADOPTED.label, SPEECHES_ADOPTED),
    Figure("rate_speeches", _l("Speech adoption rate"), SPEECHES_ADOPTED, SPEECHES_SUBMITTED),
]


# The measures' keys in their statements' column order (queries._counts).
PLAN_KEYS = tuple(m.key for m in PLAN_MEASURES)
RESULT_KEYS = tuple(m.key for m in RESULT_MEASURES)
MEETING_KEYS = tuple(m.key for m in MEETING_MEASURES)
SPEECH_KEYS = tuple(m.key for m in SPEECH_MEASURES)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    start = datetime.combine(datetime(year, 1, 1).date(), time(), LOCAL_TZ)
    end = datetime.combine(datetime(year + 1, 1, 1).date(), time(), LOCAL_TZ)
    return start, end


def consultation_tables(scope: Scope) -> list[Table]:
    """Four statements: plan items, results, meetings and speeches, each grouped."""
    year = scope.consultation_year
    today = datetime.now(LOCAL_TZ).date()

    items = (select(ConsultationPlan.year, PlanItem.form, *_sums(PLAN_MEASURES, today))
             .select_from(PlanItem).join(ConsultationPlan,
                                         ConsultationPlan.id == PlanItem.plan_id)
             .group_by(ConsultationPlan.year, PlanItem.form))
    results = (select(ConsultationPlan.year, *_sums(RESULT_MEASURES, today))
               .select_from(ConsultationResult)
               .join(PlanItem, PlanItem.topic_id == ConsultationResult.topic_id)
               .join(ConsultationPlan, ConsultationPlan.id == PlanItem.plan_id)
               .where(ConsultationPlan.state.in_(APPROVED_PLANS))
               .group_by(ConsultationPlan.year))
    meetings = (select(Meeting.form, *_sums(MEETING_MEASURES, today))
                .group_by(Meeting.form))
    speeches = (select(Speech.kind, *_sums(SPEECH_MEASURES, today))
                .join(Meeting, Meeting.id == Speech.meeting_id).group_by(Speech.kind))
    if year is not None:
        items = items.where(ConsultationPlan.year == year)
        results = results.where(ConsultationPlan.year == year)
        start, end = _year_bounds(year)
        meetings = meetings.where(Meeting.starts_at >= start, Meeting.starts_at < end)
        speeches = speeches.where(Meeting.starts_at >= start, Meeting.starts_at < end)

    item_groups: dict[tuple[int, str], Counts] = {}
    for row in _rows(items):
        item_groups[(row[0], _value(row[1]))] = _counts(PLAN_KEYS, row, 2)
    by_year = roll_up(item_groups, lambda k: k[0])
    for row in _rows(results):
        add_counts(by_year.setdefault(row[0], {}), _counts(RESULT_KEYS, row, 1))
    plan_rows = [Row(str(y), Counter(by_year[y]), y) for y in sorted(by_year)]

    planned = roll_up(item_groups, lambda k: k[1])
    form_counts: dict[str, Counter] = {}
    for row in _rows(meetings):
        form_counts[_value(row[0])] = Counter(_counts(MEETING_KEYS, row, 1))
    form_rows = []
    for form in MeetingForm:
        counts = Counter(form_counts.get(form.value, Counter()))
        counts["planned"] = planned.get(form.value, Counter()).get(IN_PLAN.key, 0)
        form_rows.append(Row(form.label, counts, form.value))

    speech_counts = {_value(row[0]): Counter(_counts(SPEECH_KEYS, row, 1))
                     for row in _rows(speeches)}
    speech_rows = [Row(k.label, speech_counts.get(k.value, Counter()), k.value)
                   for k in SpeechKind]

    tables = [
        Table("plan", str(_l("Annual plan: from topic to result")), str(_l("Plan year")),
              PLAN_FIGURES, plan_rows),
        Table("meeting_forms", str(_l("Meetings by form")), str(_l("Form")), FORM_FIGURES,
              form_rows),
        Table("speeches", str(_l("Speeches")), str(_l("Kind")), SPEECH_FIGURES, speech_rows),
    ]
    for t in tables:
        t.total = _total(t.rows)
    return tables


def headline(tables: list[Table]) -> Counter:
    out: Counter = Counter()
    for t in tables:
        if t.total is not None:
            out.update(t.total.counts)
    return out



