"""The proposals' official documents: the proposal as filed (提案), the reply letter
(关于…第×××号提案的答复), the ledger (提案台账) of a session or of a filtered list, and the
batch "a session's replies as one ZIP". Registered with the documents package at import.

None of them is issued: each renders fresh from the records (the signed reply that was
actually sent is the unit's uploaded PDF, kept beside the letter).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from deliberate.core.dates import LOCAL_TZ
from deliberate.core.names import sort_by_strokes
from deliberate.core.pdf import document_locale
from deliberate.core.permissions import Role
from deliberate.directory.models import PlenarySession
from deliberate.documents.batches import BatchParam, register_batch
from deliberate.documents.registry import DocumentKind, register_kind
from deliberate.extensions import db
from deliberate.proposals.config import result_classes
from deliberate.proposals.enums import AssignmentRole, ProposerType
from deliberate.proposals.models import NUMBERED_STATES, Proposal, Reply
from deliberate.proposals.queries import LIST_LOADS, load_proposal
from deliberate.proposals.workflow import STATE_LABELS, today

PROPOSAL_TEMPLATE = "pdf/documents/proposal.html"
REPLY_TEMPLATE = "pdf/documents/reply.html"
LEDGER_TEMPLATE = "pdf/documents/ledger.html"
# Who may draw a ledger: those who read every proposal.
LEDGER_ROLES = (Role.secretariat, Role.leader, Role.admin)

def signers(p: Proposal) -> list[str]:
    """Names as the proposal prints them: the first proposer first, then the confirmed
    co-signers in surname stroke order (按姓氏笔画为序); invited or declined ones never."""
    cosigners = sort_by_strokes([c.user.display_name for c in p.confirmed_cosigners])
    return [n for n in [p.proposer_name, *cosigners] if n]


def _local_date(value: Any) -> date | None:  # noqa: ANN401
    if value is None:
        return None
    return value.astimezone(LOCAL_TZ).date() if hasattr(value, "astimezone") else value


# -- the proposal as filed -------------------------------------------------------------------
def proposal_context(p: Proposal) -> dict[str, Any]:
    with force_locale(document_locale()):
        names = signers(p)
        collective = p.proposer_type == ProposerType.collective
        return {
            "title": p.title,
            "number": p.number_label,
            "session": p.session.name,
            "category": str(p.category.label),
            "kind": _("Plenary proposal") if p.is_plenary else _("Regular proposal"),
            "proposer_type": str(p.proposer_type.label),
            "proposers": names,
            "collective": p.collective_name if collective else "",
            "situation": p.situation,
            "analysis": p.analysis,
            "suggestions": p.suggestions,
            "units": [s.unit.name for s in p.suggested_units],
            "filed_on": _local_date(p.submitted_at or p.created_at),
            "state": str(STATE_LABELS[p.state.value]),
        }


def proposal_filename(p: Proposal) -> str:
    return f"提案-{p.number_label or f'草稿{p.id}'}.pdf"


# -- the reply letter ------------------------------------------------------------------------
def reply_subject(p: Proposal) -> str:
    """The subject of a proposal without its own 关于…的建议 wrapper."""
    return p.subject


def reply_title(p: Proposal) -> str:
    """关于…第×××号提案的答复: the proposal's subject and its number."""
    return f"关于{reply_subject(p)}的{p.number_label}提案的答复"


def load_reply(reply_id: int) -> Reply | None:
    stmt = select(Reply).where(Reply.id == reply_id).options(
        selectinload(Reply.unit), selectinload(Reply.proposal).options(*LIST_LOADS),
        selectinload(Reply.proposal).selectinload(Proposal.merged))
    return db.session.scalars(stmt).first()


def reply_can_view(reply: Reply, user: Any) -> bool:  # noqa: ANN401
    # Exactly the reply's own rule: unpublished ones reach only the secretariat, the
    # proposers and the unit.
    return reply.proposal.can_view_reply(reply, user)


def reply_unavailable(reply: Reply) -> str | None:
    # A reply row exists once posted; a letter still without its text or signatory (a row
    # made some other way, half imported) is not one to send.
    if not (reply.body or "").strip() or not reply.signatory.strip() \
            or reply.proposal.number is None:
        return _("This reply has not been posted yet, so its letter cannot be produced.")
    return None


def reply_context(reply: Reply) -> dict[str, Any]:
    p = reply.proposal
    with force_locale(document_locale()):
        names = signers(p)
        if p.proposer_type == ProposerType.collective:
            addressee = p.collective_name
        else:
            addressee = _("%(names)s, members", names="、".join(names))
        return {
            "title": reply_title(p),
            "subject": reply_subject(p),
            "number": p.number_label,
            "result_class": reply.result_class,
            "result_label": result_classes().get(reply.result_class, ""),
            "doc_number": reply.doc_number,
            "signatory": reply.signatory,
            "addressee": addressee,
            "body": reply.body,
            "unit": reply.unit.name,
            "date": _local_date(reply.created_at),
            "contact_person": reply.contact_person,
            "contact_phone": reply.contact_phone,
            "may_publish": reply.may_publish,
            "second_round": reply.round == 2,
        }


def reply_filename(reply: Reply) -> str:
    return f"答复-{reply.proposal.number_label}-{reply.unit.name}.pdf"


# -- the ledger ------------------------------------------------------------------------------
def ledger_rows(proposals: Iterable[Proposal]) -> list[dict[str, Any]]:
    """One row a proposal, for the ledger template (plain strings and dates)."""
    role_label = {AssignmentRole.lead: _("lead"), AssignmentRole.co: _("co-handling"),
                  AssignmentRole.separate: _("separate")}
    rows = []
    for p in proposals:
        names = signers(p)
        proposer = names[0] if len(names) == 1 else \
            _("%(name)s and others (%(n)d in all)", name=names[0], n=len(names)) \
            if names else ""
        replies = p.replies_in_round()
        feedback = next((fb for fb in p.feedbacks if fb.round == p.round), None)
        rows.append({
            "number": f"{p.number:04d}" if p.number else "—",
            "title": p.title,
            "proposer": proposer,
            "units": "、".join(f"{a.unit.name}（{role_label[a.role]}）"
                              for a in p.active_assignments),
            "state": str(STATE_LABELS[p.state.value]),
            "due_date": p.due_on,
            "result": "、".join(r.result_class for r in replies),
            "verdict": str(feedback.verdict.label) if feedback else "",
        })
    return rows


LEDGER_LOADS = (*LIST_LOADS, selectinload(Proposal.feedbacks))


def ledger_context(proposals: Iterable[Proposal], title: str,
                   subtitle: str = "") -> dict[str, Any]:
    with force_locale(document_locale()):
        return {"title": title, "subtitle": subtitle, "date": today(),
                "rows": ledger_rows(proposals)}


def session_ledger_proposals(session: PlenarySession) -> list[Proposal]:
    stmt = (select(Proposal)
            .where(Proposal.session_id == session.id, Proposal.state.in_(NUMBERED_STATES))
            .options(*LEDGER_LOADS).order_by(Proposal.number))
    return list(db.session.scalars(stmt).unique())


def session_ledger_context(session: PlenarySession) -> dict[str, Any]:
    with force_locale(document_locale()):
        title = _("Proposal ledger of %(session)s", session=session.name)
    return ledger_context(session_ledger_proposals(session), title)


def ledger_can_view(_session: PlenarySession, user: Any) -> bool:  # noqa: ANN401
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and user.role in LEDGER_ROLES)


# -- a session's replies as one ZIP ----------------------------------------------------------
def session_choices() -> list[tuple[int, str]]:
    return [(row[0], row[1]) for row in db.session.execute(
        select(PlenarySession.id, PlenarySession.name)
        .order_by(PlenarySession.year.desc(), PlenarySession.number.desc()))]


def session_replies(session: int) -> list[Reply]:
    stmt = (select(Reply).join(Proposal, Reply.proposal_id == Proposal.id)
            .where(Proposal.session_id == session)
            .options(selectinload(Reply.unit),
                     selectinload(Reply.proposal).options(*LIST_LOADS),
                     selectinload(Reply.proposal).selectinload(Proposal.merged))
            .order_by(Proposal.number, Reply.round, Reply.id))
    return list(db.session.scalars(stmt))


def _session_zip_name(session: int) -> str:
    found = db.session.get(PlenarySession, session)
    return f"答复-{found.name if found else session}.zip"


register_kind(DocumentKind(
    name="proposal",
    label=_l("Proposal"),
    template=PROPOSAL_TEMPLATE,
    load=load_proposal,
    context=proposal_context,
    filename=proposal_filename,
    issuable=False,
))
register_kind(DocumentKind(
    name="reply",
    label=_l("Reply letter"),
    template=REPLY_TEMPLATE,
    load=load_reply,
    context=reply_context,
    filename=reply_filename,
    can_view=reply_can_view,
    unavailable=reply_unavailable,
    issuable=False,
    object_type="proposal_reply",
))
register_kind(DocumentKind(
    name="ledger",
    label=_l("Proposal ledger"),
    template=LEDGER_TEMPLATE,
    load=lambda session_id: db.session.get(PlenarySession, session_id),
    context=session_ledger_context,
    filename=lambda s: f"提案台账-{s.name}.pdf",
    can_view=ledger_can_view,
    issuable=False,
    object_type="plenary_session",
))
register_batch(
    "session-replies", _l("A session's replies"),
    kind="reply",
    params=[BatchParam("session", _l("Session"), int, choices=session_choices)],
    select=session_replies,
    filename=_session_zip_name,
    description=_l("Every reply letter of the session's proposals, one PDF each."),
)
