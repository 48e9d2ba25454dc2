"""The soft windows of handling (DOMAIN.md): a unit consults the proposer within 15 working
days of its assignment (and before replying), a co-handling unit sends its opinion within a
month. The detail page shows them; ``flask remind`` reminds the units that still owe them."""

from __future__ import annotations

from datetime import date

from deliberate.core.dates import add_months, add_working_days
from deliberate.proposals.config import setting
from deliberate.proposals.models import Assignment, AssignmentRole, Proposal


class Windows:
    """Window ends for many assignments, computing each distinct start date once (a
    working-day count reads the calendar corrections)."""

    def __init__(self) -> None:
        self._consult: dict[date, date] = {}

    def consultation_due(self, a: Assignment) -> date:
        if a.assigned_on not in self._consult:
            self._consult[a.assigned_on] = add_working_days(
                a.assigned_on, setting("PROPOSAL_CONSULTATION_WORKING_DAYS"))
        return self._consult[a.assigned_on]

    @staticmethod
    def co_opinion_due(a: Assignment) -> date:
        return add_months(a.assigned_on, setting("PROPOSAL_CO_OPINION_MONTHS"))

    def due(self, a: Assignment) -> date:
        """The window that matters for ``a``: the co-opinion for a co-handling unit, the
        consultation with the proposer for the others."""
        if a.role == AssignmentRole.co:
            return self.co_opinion_due(a)
        return self.consultation_due(a)


def soft_deadlines(p: Proposal, windows: Windows | None = None) -> dict[int, date]:
    """{assignment id: end of its window} for the proposal's active assignments."""
    w = windows or Windows()
    return {a.id: w.due(a) for a in p.active_assignments}
