"""Daily deadline reminders (``flask --app deliberate remind``): units about replies due
within the warning period or overdue, proposers about verdicts still to give. Idempotent
per day: a second run on the same day finds every reminder already recorded."""

from __future__ import annotations

from datetime import date, timedelta

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
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
from deliberate.proposals.workflow import today

SUBJECTS = {
    "due_soon": _l("Reminder: the reply to %(number)s “%(title)s” is due on %(due)s"),
    "overdue": _l("Overdue: the reply to %(number)s “%(title)s” was due on %(due)s"),
    "verdict": _l("Reminder: please give your verdict on the reply to %(number)s by %(due)s"),
}


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


def due_reminders(on: date) -> list[tuple[Proposal, User, str]]:
    horizon = on + timedelta(days=setting("PROPOSAL_DUE_SOON_DAYS"))
    handling = list(db.session.scalars(
        select(Proposal).where(Proposal.state.in_(HANDLING_STATES),
                               Proposal.due_on <= horizon)
        .options(selectinload(Proposal.assignments), selectinload(Proposal.replies),
                 selectinload(Proposal.co_opinions))))
    unit_ids = {u for p in handling for u in _owing_units(p)}
    staff: dict[int, list[User]] = {}
    if unit_ids:
        for user in db.session.scalars(select(User).where(User.unit_id.in_(unit_ids),
                                                          User.is_active.is_(True))):
            staff.setdefault(user.unit_id, []).append(user)
    out: list[tuple[Proposal, User, str]] = []
    for p in handling:
        kind = "overdue" if p.due_on < on else "due_soon"
        for unit_id in sorted(_owing_units(p)):
            out.extend((p, user, kind) for user in staff.get(unit_id, []))
    waiting = db.session.scalars(
        select(Proposal).where(Proposal.state == ProposalState.replied)
        .options(selectinload(Proposal.feedbacks), selectinload(Proposal.proposer),
                 selectinload(Proposal.created_by)))
    for p in waiting:
        if any(f.round == p.round for f in p.feedbacks):
            continue
        giver = p.proposer or p.created_by
        if giver is not None and giver.is_active:
            out.append((p, giver, "verdict"))
    return out


def send_reminders(on: date | None = None) -> int:
    on = on or today()
    sent = set(db.session.execute(
        select(ProposalReminder.proposal_id, ProposalReminder.user_id, ProposalReminder.kind)
        .where(ProposalReminder.sent_on == on)).all())
    count = 0
    for p, user, kind in due_reminders(on):
        if (p.id, user.id, kind) in sent:
            continue
        sent.add((p.id, user.id, kind))
        due = p.feedback_due_on if kind == "verdict" else p.due_on
        db.session.add(ProposalReminder(proposal_id=p.id, user_id=user.id, kind=kind,
                                        sent_on=on))
        notify(user, SUBJECTS[kind], url=proposal_url(p), kind=f"proposal_{kind}",
               params={"number": p.number_label, "title": p.title,
                       "due": due.isoformat() if due else ""})
        count += 1
    db.session.flush()
    return count


@click.command("remind")
@click.option("--on", "on", default=None, help="Run as if today were this date (YYYY-MM-DD).")
@with_appcontext
def remind_command(on: str | None) -> None:
    """Send today's deadline reminders (run daily from cron; idempotent per day)."""
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        raise click.BadParameter("use the form YYYY-MM-DD", param_hint="--on") from None
    with force_locale("zh"):
        n = send_reminders(day)
        db.session.commit()
    click.echo(f"{n} reminder(s) sent")
