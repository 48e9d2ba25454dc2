"""Reads for the proposal screens (and later the API): eager-loaded, filtered, paginated,
a constant number of statements whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    bindparam,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.orm import aliased, contains_eager, joinedload, load_only, selectinload

from deliberate.auth.models import User
from deliberate.core.permissions import Role
from deliberate.directory.models import MemberProfile, PlenarySession, Sector, Unit
from deliberate.extensions import db
from deliberate.proposals.config import setting
from deliberate.proposals.enums import Category, ProposerType
from deliberate.proposals.models import (
    HANDLING_STATES,
    Assignment,
    CoOpinion,
    CoSigner,
    CoSignerStatus,
    Dispute,
    ExtensionRequest,
    Feedback,
    Proposal,
    ProposalAttachment,
    ProposalConsultation,
    ProposalState,
    Reply,
    RequestStatus,
    SuggestedUnit,
    SupervisionRecord,
)
from deliberate.proposals.workflow import today

# What a list row shows: proposer, co-signers, units and replies (for "2 of 3 replied").
# Joined, not select-in: the page is one statement whatever it shows (a row per co-signer x
# assignment x reply of the page's proposals, a few dozen; lists need .unique()).
LIST_LOADS = (
    joinedload(Proposal.proposer),
    joinedload(Proposal.session),
    joinedload(Proposal.cosigners).joinedload(CoSigner.user),
    joinedload(Proposal.assignments).joinedload(Assignment.unit),
    joinedload(Proposal.replies),
)

# The detail page: the list's joins and the many-to-one references in the main statement.
DETAIL_LOADS = (
    joinedload(Proposal.proposer),
    joinedload(Proposal.session),
    joinedload(Proposal.created_by),
    joinedload(Proposal.supervising_leader),
    joinedload(Proposal.converted_unit),
    joinedload(Proposal.merged_into),
    joinedload(Proposal.cosigners).joinedload(CoSigner.user),
    joinedload(Proposal.assignments).joinedload(Assignment.unit),
    joinedload(Proposal.replies).joinedload(Reply.unit),
    joinedload(Proposal.replies).joinedload(Reply.file),
)

# The other collections, each with its unit (or file), in one second statement.
CHILDREN: tuple[tuple[Any, Any, Any], ...] = (
    (Proposal.suggested_units, SuggestedUnit, SuggestedUnit.unit),
    (Proposal.feedbacks, Feedback, None),
    (Proposal.consultations, ProposalConsultation, ProposalConsultation.unit),
    (Proposal.co_opinions, CoOpinion, CoOpinion.unit),
    (Proposal.extension_requests, ExtensionRequest, ExtensionRequest.unit),
    (Proposal.disputes, Dispute, Dispute.unit),
    (Proposal.supervision_records, SupervisionRecord, None),
    (Proposal.attachments, ProposalAttachment, ProposalAttachment.file),
)


def load_proposal(proposal_id: int) -> Proposal | None:
    stmt = select(Proposal).where(Proposal.id == proposal_id).options(*DETAIL_LOADS)
    p = db.session.scalars(stmt).unique().first()
    if p is not None:
        db.session.execute(_children_statement(), {"proposal_id": proposal_id}).unique().all()
    return p


def _numbered(entity: Any, where: Any) -> tuple[Any, Any]:  # noqa: ANN401
    """The rows of one child table numbered 1, 2, ... in the relationship's order (id)."""
    sub = (select(entity, func.row_number().over(order_by=entity.id).label("rn"))
           .where(where).cte())
    return aliased(entity, sub), sub


@cache
def _children_statement() -> Select:
    """Fill the proposal's other collections with one statement, zipped, not multiplied:
    row n carries the n-th row of every collection (NULLs once one runs out), so the
    statement returns as many rows as the longest collection, not their product. Joined
    eager loading appends each distinct child once, in row order. The proposal's own
    columns are already loaded (only its id is selected again); the files' bytes stay
    deferred. Built once (building it costs more than running it), for any proposal."""
    proposal_id = bindparam("proposal_id")
    parts = [(rel, sub_rel, *_numbered(target, target.proposal_id == proposal_id))
             for rel, target, sub_rel in CHILDREN]
    merged, merged_sub = _numbered(Proposal, Proposal.merged_into_id == proposal_id)
    subs = [sub for *_x, sub in parts] + [merged_sub]
    # rn 1 always exists, so empty collections are loaded (as empty), never lazily later.
    index = union(select(literal(1).label("rn")),
                  *(select(sub.c.rn) for sub in subs)).subquery()
    stmt = (select(Proposal).where(Proposal.id == proposal_id)
            .join(index, true()).order_by(index.c.rn))
    options: list[Any] = [load_only(Proposal.id)]
    for rel, sub_rel, alias, sub in parts:
        stmt = stmt.outerjoin(alias, sub.c.rn == index.c.rn)
        opt = contains_eager(rel.of_type(alias))
        if sub_rel is not None:
            other = aliased(sub_rel.property.mapper.class_)
            stmt = stmt.outerjoin(other, getattr(alias, sub_rel.key).of_type(other))
            opt = opt.contains_eager(getattr(alias, sub_rel.key).of_type(other))
        options.append(opt)
    # Proposals merged into this one, with what their signers line needs.
    m_proposer, m_cosigner, m_user = aliased(User), aliased(CoSigner), aliased(User)
    stmt = (stmt.outerjoin(merged, merged_sub.c.rn == index.c.rn)
            .outerjoin(m_proposer, merged.proposer.of_type(m_proposer))
            .outerjoin(m_cosigner, merged.cosigners.of_type(m_cosigner))
            .outerjoin(m_user, m_cosigner.user.of_type(m_user)))
    merged_opt = contains_eager(Proposal.merged.of_type(merged))
    options += [merged_opt.contains_eager(merged.proposer.of_type(m_proposer)),
                merged_opt.contains_eager(merged.cosigners.of_type(m_cosigner))
                .contains_eager(m_cosigner.user.of_type(m_user))]
    return stmt.options(*options)


def unit_choices() -> list[tuple[int, str]]:
    return choice_lists("unit")["unit"]


def unit_names() -> dict[int, str]:
    return dict(unit_choices())


def leader_choices() -> list[tuple[int, str]]:
    return choice_lists("leader")["leader"]


def sector_choices() -> list[tuple[int, str]]:
    return choice_lists("sector")["sector"]


def current_session() -> PlenarySession | None:
    return db.session.scalar(select(PlenarySession).where(PlenarySession.is_current.is_(True)))


def session_choices() -> list[tuple[int, str]]:
    return choice_lists("session")["session"]


def _choice_part(kind: str, entity: Any, name: Any, o1: Any, o2: Any, *where: Any) -> Select:  # noqa: ANN401
    return select(literal(kind).label("kind"), entity.id.label("id"), name.label("name"),
                  o1.label("o1"), o2.label("o2")).where(*where)


_CHOICE_PARTS: dict[str, Any] = {
    "session": lambda: _choice_part(
        "session", PlenarySession, PlenarySession.name,
        PlenarySession.year * -1000 - PlenarySession.number, literal("")),
    "unit": lambda: _choice_part("unit", Unit, Unit.name, Unit.sort_order, Unit.name,
                                 Unit.is_active.is_(True)),
    "sector": lambda: _choice_part("sector", Sector, Sector.name, Sector.sort_order,
                                   Sector.name, Sector.is_active.is_(True)),
    "leader": lambda: _choice_part("leader", User, User.display_name, literal(0),
                                   User.name_pinyin, User.role == Role.leader,
                                   User.is_active.is_(True)),
}


def choice_lists(*kinds: str) -> dict[str, list[tuple[int, str]]]:
    """Choice lists in one statement: sessions newest first, active units and sectors in
    their sort order then by name, active leaders by pinyin. A page with three lists still
    spends one statement on them; the single-list functions above read one."""
    out: dict[str, list[tuple[int, str]]] = {kind: [] for kind in kinds}
    if not kinds:
        return out
    parts = [_CHOICE_PARTS[kind]() for kind in kinds]
    stmt = union_all(*parts) if len(parts) > 1 else parts[0]
    rows = db.session.execute(stmt.order_by("kind", "o1", "o2")).all()
    for kind, id_, name, _o1, _o2 in rows:
        out[kind].append((id_, name))
    return out


def filter_choices() -> dict[str, list[tuple[int, str]]]:
    """The working list's filter choices (sessions, active units, active sectors)."""
    return choice_lists("session", "unit", "sector")


def search_members(q: str, exclude: set[int], limit: int = 20) -> list[User]:
    """Members by name, full pinyin or initials ("zyw" finds 张雅文)."""
    q = (q or "").strip()
    if not q:
        return []
    low = q.lower()
    stmt = (select(User).where(
        User.role == Role.member, User.is_active.is_(True),
        or_(User.display_name.contains(q, autoescape=True),
            User.name_initials.startswith(low, autoescape=True),
            User.name_pinyin.startswith(low, autoescape=True)))
        .order_by(User.name_pinyin).limit(limit + len(exclude)))
    return [u for u in db.session.scalars(stmt) if u.id not in exclude][:limit]


def my_proposals(user: User) -> Select:
    mine = or_(
        Proposal.proposer_id == user.id,
        exists().where(CoSigner.proposal_id == Proposal.id, CoSigner.user_id == user.id,
                       CoSigner.status != CoSignerStatus.declined),
    )
    return select(Proposal).where(mine).options(*LIST_LOADS).order_by(Proposal.id.desc())


def review_queue() -> Select:
    return (select(Proposal).where(Proposal.state == ProposalState.submitted)
            .options(*LIST_LOADS).order_by(Proposal.submitted_at, Proposal.id))


@dataclass
class Filters:
    state: str = ""
    category: str = ""
    session: int | None = None
    unit: int | None = None
    sector: int | None = None
    proposer_type: str = ""
    key: bool = False
    due: str = ""  # soon | overdue | late
    q: str = ""
    sort: str = ""

    @classmethod
    def from_args(cls, args: Any) -> Filters:  # noqa: ANN401
        def as_int(name: str) -> int | None:
            raw = args.get(name, "")
            return int(raw) if raw.isdigit() else None

        return cls(
            state=args.get("state", "") if args.get("state", "") in ProposalState.__members__
            else "",
            # Unknown codes are ignored like unknown states: compared with an enum column,
            # they would fail inside the database driver (a 500).
            category=_member(Category, args.get("category", "")),
            session=as_int("session"),
            unit=as_int("unit"),
            sector=as_int("sector"),
            proposer_type=_member(ProposerType, args.get("proposer_type", "")),
            key=args.get("key") == "1",
            due=args.get("due", "") if args.get("due") in ("soon", "overdue", "late") else "",
            q=(args.get("q", "") or "")[:100],
            sort=args.get("sort", ""),
        )


def _member(enum: Any, value: str) -> str:  # noqa: ANN401
    return value if value in enum.__members__ else ""


SORTS = {
    "number": (Proposal.number, Proposal.id),
    "due": (Proposal.due_on, Proposal.id),
    "newest": (Proposal.id.desc(),),
}


def working_list(f: Filters) -> Select:
    """The secretariat's list: every proposal that has left its proposer's desk."""
    stmt = select(Proposal).where(Proposal.state != ProposalState.draft)
    if f.state:
        stmt = stmt.where(Proposal.state == f.state)
    if f.category:
        stmt = stmt.where(Proposal.category == f.category)
    if f.session:
        stmt = stmt.where(Proposal.session_id == f.session)
    if f.proposer_type:
        stmt = stmt.where(Proposal.proposer_type == f.proposer_type)
    if f.key:
        stmt = stmt.where(Proposal.is_key.is_(True))
    if f.unit:
        stmt = stmt.where(exists().where(Assignment.proposal_id == Proposal.id,
                                         Assignment.unit_id == f.unit,
                                         Assignment.is_active.is_(True)))
    if f.sector:
        stmt = stmt.where(exists().where(MemberProfile.user_id == Proposal.proposer_id,
                                         MemberProfile.sector_id == f.sector))
    if f.q:
        stmt = stmt.where(Proposal.title.contains(f.q, autoescape=True))
    now = today()
    handling = Proposal.state.in_(HANDLING_STATES)
    if f.due == "soon":
        soon = now + timedelta(days=setting("PROPOSAL_DUE_SOON_DAYS"))
        stmt = stmt.where(handling, Proposal.due_on >= now, Proposal.due_on <= soon)
    elif f.due == "overdue":
        stmt = stmt.where(handling, Proposal.due_on < now)
    elif f.due == "late":
        stmt = stmt.where(Proposal.is_replied_late.is_(True))
    order = SORTS.get(f.sort, (Proposal.id.desc(),))
    return stmt.options(*LIST_LOADS).order_by(*order)


def unit_inbox(user: User, show: str = "open") -> Select:
    """A unit's assignments only (active ones), with the proposal."""
    stmt = (select(Proposal).join(Assignment, and_(Assignment.proposal_id == Proposal.id,
                                                   Assignment.unit_id == user.unit_id,
                                                   Assignment.is_active.is_(True))))
    if show == "open":
        stmt = stmt.where(Proposal.state.in_(HANDLING_STATES))
    return stmt.options(*LIST_LOADS).order_by(Proposal.due_on, Proposal.id)


def pending_requests_count() -> tuple[int, int]:
    disputes = db.session.scalar(select(db.func.count(Dispute.id)).where(
        Dispute.status == RequestStatus.pending)) or 0
    extensions = db.session.scalar(select(db.func.count(ExtensionRequest.id)).where(
        ExtensionRequest.status == RequestStatus.pending)) or 0
    return disputes, extensions


def days_left(due: date | None) -> int | None:
    return (due - today()).days if due else None


BOARD_LIMIT = 50


def deadline_board() -> dict[str, list[Proposal]]:
    """The secretariat's daily view: due soon, overdue, awaiting the verdict, requests."""
    now = today()
    soon = now + timedelta(days=setting("PROPOSAL_DUE_SOON_DAYS"))
    handling = Proposal.state.in_(HANDLING_STATES)

    def rows(*where: Any, order: Any = Proposal.due_on) -> list[Proposal]:  # noqa: ANN401
        stmt = (select(Proposal).where(*where).options(*LIST_LOADS)
                .order_by(order, Proposal.id).limit(BOARD_LIMIT))
        return list(db.session.scalars(stmt).unique())

    # From the few pending requests (indexed by status) to their proposals, not an EXISTS
    # tried on every proposal.
    pending = Proposal.id.in_(
        select(Dispute.proposal_id).where(Dispute.status == RequestStatus.pending)
        .union(select(ExtensionRequest.proposal_id)
               .where(ExtensionRequest.status == RequestStatus.pending)))
    requests = list(db.session.scalars(
        select(Proposal).where(pending).options(
            *LIST_LOADS,
            selectinload(Proposal.disputes).selectinload(Dispute.unit),
            selectinload(Proposal.extension_requests).selectinload(ExtensionRequest.unit))
        .order_by(Proposal.due_on, Proposal.id).limit(BOARD_LIMIT)).unique())
    return {
        "overdue": rows(handling, Proposal.due_on < now),
        "due_soon": rows(handling, Proposal.due_on >= now, Proposal.due_on <= soon),
        "verdict": rows(Proposal.state == ProposalState.replied,
                        order=Proposal.feedback_due_on),
        "requests": requests,
    }


def key_proposals(user: User) -> Select:
    stmt = select(Proposal).where(Proposal.is_key.is_(True))
    if user.role == Role.leader:
        stmt = stmt.where(Proposal.supervising_leader_id == user.id)
    return stmt.options(*LIST_LOADS, selectinload(Proposal.supervision_records),
                        joinedload(Proposal.supervising_leader)).order_by(Proposal.number)
