"""The proposal ledger (提案台账): any filtered working list of the secretariat as .xlsx,
with the columns the user picks. Headers are Chinese in every locale: the ledger is a
document of the body, like the roster templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from deliberate.auth.models import User
from deliberate.core.xlsx import Sheet, workbook_bytes
from deliberate.directory.models import MemberProfile
from deliberate.extensions import db
from deliberate.proposals import queries as pq
from deliberate.proposals.models import Proposal
from deliberate.proposals.workflow import STATE_LABELS
from deliberate.reports.definitions import counted_letters
from deliberate.reports.queries import BadFilter

DEFAULT_MAX_ROWS = 10000


def _units(p: Proposal) -> str:
    parts = []
    for a in p.active_assignments:
        parts.append(f"{a.unit.name}（{a.role.label}）" if a.role.value != "lead"
                     else a.unit.name)
    return "、".join(parts)


def _sector(p: Proposal) -> str:
    if p.proposer_type.value == "collective" or p.proposer is None:
        return ""
    profile = p.proposer.profile
    return profile.sector.name if profile is not None else ""


@dataclass(frozen=True)
class LedgerColumn:
    key: str
    label: Any
    value: Callable[[Proposal], Any]
    default: bool = False


COLUMNS: tuple[LedgerColumn, ...] = (
    LedgerColumn("number", _l("Number"), lambda p: p.number_label, True),
    LedgerColumn("session", _l("Session"), lambda p: p.session.name),
    LedgerColumn("title", _l("Subject"), lambda p: p.title, True),
    LedgerColumn("proposer", _l("Proposer"), lambda p: p.signers_line, True),
    LedgerColumn("proposer_type", _l("Proposer type"), lambda p: p.proposer_type.label),
    LedgerColumn("sector", _l("Sector"), _sector),
    LedgerColumn("category", _l("Category"), lambda p: p.category.label, True),
    LedgerColumn("plenary", _l("Plenary proposal"), lambda p: p.is_plenary),
    LedgerColumn("units", _l("Handling units"), _units, True),
    LedgerColumn("state", _l("State"), lambda p: str(STATE_LABELS[p.state.value]), True),
    LedgerColumn("submitted_at", _l("Submitted"), lambda p: p.submitted_at),
    LedgerColumn("registered_at", _l("Registered on"), lambda p: p.registered_at),
    LedgerColumn("assigned_on", _l("Assigned on"), lambda p: p.assigned_on),
    LedgerColumn("due_on", _l("Due date"), lambda p: p.due_on, True),
    LedgerColumn("replied_on", _l("Replied on"), lambda p: p.replied_on),
    LedgerColumn("late", _l("Replied late"), lambda p: p.is_replied_late),
    LedgerColumn("result_class", _l("Result class"),
                 lambda p: "、".join(r.result_class for r in counted_letters(p)), True),
    LedgerColumn("verdict", _l("Proposer's verdict"),
                 lambda p: p.verdict.label if p.verdict else "", True),
    LedgerColumn("key", _l("Key proposal"), lambda p: p.is_key),
    LedgerColumn("leader", _l("Supervising leader"),
                 lambda p: p.supervising_leader.display_name if p.supervising_leader else ""),
    LedgerColumn("excellent", _l("Excellent proposal"), lambda p: p.is_excellent),
    LedgerColumn("publish", _l("May be published"), lambda p: p.may_publish),
)
BY_KEY = {c.key: c for c in COLUMNS}
DEFAULT_KEYS = [c.key for c in COLUMNS if c.default]


def chosen_columns(keys: list[str]) -> list[LedgerColumn]:
    """The columns asked for, in the ledger's order; unknown or no columns: 400."""
    unknown = [k for k in keys if k not in BY_KEY]
    if unknown:
        shown = ", ".join(k[:30] for k in unknown[:5])
        raise BadFilter(_("Unknown column: %(names)s.", names=shown), {"col": [shown]})
    if not keys:
        raise BadFilter(_("Choose at least one column for the ledger."),
                        {"col": [_("Choose at least one column for the ledger.")]})
    wanted = set(keys)
    return [c for c in COLUMNS if c.key in wanted]


def ledger_rows(filters: pq.Filters) -> list[Proposal]:
    stmt = pq.working_list(filters).options(
        selectinload(Proposal.supervising_leader),
        # The list joins the proposer already (proposals.queries.LIST_LOADS).
        joinedload(Proposal.proposer).selectinload(User.profile)
        .selectinload(MemberProfile.sector))
    limit = int(current_app.config.get("REPORTS_LEDGER_MAX_ROWS", DEFAULT_MAX_ROWS))
    total = db.session.scalar(select(func.count()).select_from(
        stmt.order_by(None).subquery())) or 0
    if total > limit:
        raise BadFilter(_("The ledger would have %(n)d rows, more than %(limit)d: narrow the "
                          "filters (a session, a state, a unit).", n=total, limit=limit))
    return list(db.session.scalars(stmt).unique())


def ledger_xlsx(filters: pq.Filters, columns: list[LedgerColumn]) -> bytes:
    proposals = ledger_rows(filters)
    with force_locale("zh"):
        headers = [str(c.label) for c in columns]
        rows = [[c.value(p) for c in columns] for p in proposals]
        title = _("Proposal ledger")
    return workbook_bytes([Sheet(title, headers, rows)])
