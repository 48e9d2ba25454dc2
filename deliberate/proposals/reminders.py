"""Daily deadline reminders (``flask --app deliberate remind``).

Kinds, each to the people who owe something and to nobody else:

- ``due_soon`` / ``overdue``: staff of the units that still owe this round's reply (or, for a
  co-handling unit, its opinion) when the reply is due within the warning period or late;
- ``verdict``: the first proposer (the filing secretariat for a collective) while the reply
  waits for the verdict;
- ``consultation``: staff of a lead or separately handling unit that has not recorded a
  consultation with the proposer (办理协商) nor replied, when the consultation window (15
  working days from assignment by default) ends within the warning period or has passed;
- ``co_opinion``: staff of a co-handling unit that has not sent its opinion (会办意见), when
  the one-month window ends within the warning period or has passed;
- ``dispute``: once per assignment, staff of a unit that has not asked for a change of
  assignment, in the last days of that window (申请调整, 10 working days by default):
  afterwards the assignment can no longer be disputed.

Idempotent per day: every reminder sent is recorded (ProposalReminder), and a second run on
the same day finds it and sends nothing again."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import click
from flask.cli import with_appcontext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from deliberate.auth.models import User
from deliberate.core.notify import notify
from deliberate.extensions import db
from deliberate.proposals.config import setting
from deliberate.proposals.models import (
    HANDLING_STATES,
    AssignmentRole,
    Proposal,
    ProposalReminder,
    ProposalState,
)
from deliberate.proposals.operations import proposal_url
from deliberate.proposals.windows import Windows
from deliberate.proposals.workflow import today

# Order of the summary; the label is for the CLI's output (an operator's log, in English).
KINDS = {
    "due_soon": "reply due soon",
    "overdue": "reply overdue",
    "verdict": "verdict awaited",
    "consultation": "consultation with the proposer",
    "co_opinion": "co-handling opinion",
    "dispute": "assignment-change window closing",
}
SUBJECTS = {
    "due_soon": _l("Reminder: the reply to %(number)s “%(title)s” is due on %(due)s"),
    "overdue": _l("Overdue: the reply to %(number)s “%(title)s” was due on %(due)s"),
    "verdict": _l("Reminder: please give your verdict on the reply to %(number)s by %(due)s"),
    "consultation": _l("Reminder: consult the proposer of %(number)s “%(title)s” by %(due)s"),
    "co_opinion": _l("Reminder: send your co-handling opinion on %(number)s “%(title)s” by "
                     "%(due)s"),
    "dispute": _l("Last days to ask for a change of the assignment of %(number)s “%(title)s” "
                  "(until %(due)s)"),
}
LATE_SUBJECTS = {
    "consultation": _l("Overdue: the consultation with the proposer of %(number)s “%(title)s” "
                       "was due by %(due)s"),
    "co_opinion": _l("Overdue: your co-handling opinion on %(number)s “%(title)s” was due by "
                     "%(due)s"),
}
BODIES = {
    "consultation": _l("Record the consultation (date, form, summary) on the proposal's page "
                       "before replying."),
    "co_opinion": _l("The lead unit needs your opinion before it replies."),
    "dispute": _l("If the proposal is not within your unit's remit, ask the secretariat to "
                  "change the assignment by then; afterwards it can no longer be disputed."),
}
NOTIFICATION_KINDS = {
    "due_soon": "proposal_due_soon", "overdue": "proposal_overdue",
    "verdict": "proposal_verdict", "consultation": "proposal_consultation_due",
    "co_opinion": "proposal_co_opinion_due", "dispute": "proposal_dispute_window",
}
# Kinds sent once per assignment instead of once a day.
ONCE = {"dispute"}


@dataclass(frozen=True)
class Reminder:
    proposal: Proposal
    user: User
    kind: str
    due: date | None


@dataclass
class RunSummary:
    sent: Counter[str] = field(default_factory=Counter)
    skipped: int = 0

    @property
    def total(self) -> int:
        return sum(self.sent.values())

    def lines(self) -> list[str]:
        out = [f"{kind:<13} {self.sent[kind]:>4}  {label}" for kind, label in KINDS.items()]
        out.append(f"{self.total} reminder(s) sent, {self.skipped} already sent before")
        return out


def _owing_units(p: Proposal) -> set[int]:
    """Units that still owe something this round: a reply, or a co-handling opinion."""
    replied = {r.assignment_id for r in p.replies_in_round()}
    opined = {c.assignment_id for c in p.co_opinions}
    owing = set()
    for a in p.active_assignments:
        done = opined if a.role == AssignmentRole.co else replied
        if a.id not in done:
            owing.add(a.unit_id)
    return owing


def _staff(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    ids = set(unit_ids)
    staff: dict[int, list[User]] = {}
    if ids:
        for user in db.session.scalars(select(User).where(User.unit_id.in_(ids),
                                                          User.is_active.is_(True))
                                       .order_by(User.id)):
            staff.setdefault(user.unit_id, []).append(user)
    return staff


def _window_reminders(handling: list[Proposal], on: date, horizon: date,
                      staff: dict[int, list[User]]) -> list[Reminder]:
    """Consultation, co-opinion and dispute windows of the active assignments."""
    windows = Windows()
    last_days = on + timedelta(days=setting("PROPOSAL_DISPUTE_REMINDER_DAYS"))
    out: list[Reminder] = []
    for p in handling:
        replied = {r.assignment_id for r in p.replies_in_round()}
        consulted = {c.unit_id for c in p.consultations}
        opined = {c.assignment_id for c in p.co_opinions}
        disputed = {d.unit_id for d in p.disputes}
        for a in p.active_assignments:
            people = staff.get(a.unit_id, [])
            if a.role == AssignmentRole.co:
                due = windows.co_opinion_due(a)
                if a.id not in opined and due <= horizon:
                    out.extend(Reminder(p, u, "co_opinion", due) for u in people)
            elif a.id not in replied and a.unit_id not in consulted:
                due = windows.consultation_due(a)
                if due <= horizon:
                    out.extend(Reminder(p, u, "consultation", due) for u in people)
            if (p.state == ProposalState.assigned and a.unit_id not in disputed
                    and on <= a.dispute_until <= last_days):
                out.extend(Reminder(p, u, "dispute", a.dispute_until) for u in people)
    return out


def due_reminders(on: date) -> list[Reminder]:
    """Every reminder that is due on ``on``, before removing those already sent."""
    horizon = on + timedelta(days=setting("PROPOSAL_DUE_SOON_DAYS"))
    handling = list(db.session.scalars(
        select(Proposal).where(Proposal.state.in_(HANDLING_STATES))
        .options(selectinload(Proposal.assignments), selectinload(Proposal.replies),
                 selectinload(Proposal.co_opinions), selectinload(Proposal.consultations),
                 selectinload(Proposal.disputes))
        .order_by(Proposal.id)))
    staff = _staff(a.unit_id for p in handling for a in p.active_assignments)
    out: list[Reminder] = []
    for p in handling:
        if p.due_on is None or p.due_on > horizon:
            continue
        kind = "overdue" if p.due_on < on else "due_soon"
        for unit_id in sorted(_owing_units(p)):
            out.extend(Reminder(p, user, kind, p.due_on) for user in staff.get(unit_id, []))
    out.extend(_window_reminders(handling, on, horizon, staff))
    waiting = db.session.scalars(
        select(Proposal).where(Proposal.state == ProposalState.replied)
        .options(selectinload(Proposal.feedbacks), selectinload(Proposal.proposer),
                 selectinload(Proposal.created_by))
        .order_by(Proposal.id))
    for p in waiting:
        if any(f.round == p.round for f in p.feedbacks):
            continue
        giver = p.proposer or p.created_by
        if giver is not None and giver.is_active:
            out.append(Reminder(p, giver, "verdict", p.feedback_due_on))
    return out


def run_reminders(on: date | None = None) -> RunSummary:
    """Send what is due on ``on`` (today by default) and has not been sent yet; flush."""
    on = on or today()
    sent = set(db.session.execute(
        select(ProposalReminder.proposal_id, ProposalReminder.user_id, ProposalReminder.kind)
        .where(ProposalReminder.sent_on == on)).all())
    sent |= set(db.session.execute(
        select(ProposalReminder.proposal_id, ProposalReminder.user_id, ProposalReminder.kind)
        .where(ProposalReminder.kind.in_(ONCE))).all())
    summary = RunSummary()
    for r in due_reminders(on):
        key = (r.proposal.id, r.user.id, r.kind)
        if key in sent:
            summary.skipped += 1
            continue
        sent.add(key)
        late = r.kind in LATE_SUBJECTS and r.due is not None and r.due < on
        subject = LATE_SUBJECTS[r.kind] if late else SUBJECTS[r.kind]
        db.session.add(ProposalReminder(proposal_id=r.proposal.id, user_id=r.user.id,
                                        kind=r.kind, sent_on=on))
        notify(r.user, subject, body=BODIES.get(r.kind, ""), url=proposal_url(r.proposal),
               kind=NOTIFICATION_KINDS[r.kind],
               params={"number": r.proposal.number_label, "title": r.proposal.title,
                       "due": r.due.isoformat() if r.due else ""})
        summary.sent[r.kind] += 1
    db.session.flush()
    return summary


def send_reminders(on: date | None = None) -> int:
    return run_reminders(on).total


@click.command("remind")
@click.option("--on", "on", default=None, help="Run as if today were this date (YYYY-MM-DD).")
@with_appcontext
def remind_command(on: str | None) -> None:
    """Send today's deadline reminders (run daily from cron; idempotent per day)."""
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        raise click.BadParameter("use the form YYYY-MM-DD", param_hint="--on") from None
    summary = run_reminders(day)
    db.session.commit()
    click.echo(f"reminders for {(day or today()).isoformat()}:")
    for line in summary.lines():
        click.echo(line)
