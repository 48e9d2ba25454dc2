"""Proposals (提案) from filing to the proposer's verdict: the proposal, its co-signers and
suggested units, assignments to handling units, the units' consultations, co-opinions,
disputes, extension requests and replies, the proposer's feedback, supervision of key
proposals, and the per-session numbering counter."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    select,
)
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, relationship

from deliberate.core.permissions import Role
from deliberate.core.types import UTCDateTime, enum_column, utcnow
from deliberate.extensions import db
from deliberate.proposals.enums import (
    AssignmentRole,
    Attitude,
    Category,
    ConsultationForm,
    ContactMade,
    CoSignerStatus,
    ProposalState,
    ProposerType,
    Relevance,
    RequestStatus,
    SupervisionForm,
    Verdict,
)

if TYPE_CHECKING:
    from deliberate.auth.models import User
    from deliberate.core.files import StoredFile
    from deliberate.directory.models import PlenarySession, Unit

# Who reads every proposal once it has left its proposer's desk.
READERS = (Role.secretariat, Role.admin, Role.leader)
TITLE_MAX = 200
BODY_MAX = 20000


# States that carry a registration number (and only they do).
NUMBERED_STATES = ("registered", "assigned", "replied", "rehandling", "closed")
UNNUMBERED_STATES = ("draft", "submitted", "withdrawn", "not_registered", "converted", "merged")
# 办理中: the states in which a proposal is still being worked on ("any open").
OPEN_STATES = ("registered", "assigned", "replied", "rehandling")
HANDLING_STATES = ("assigned", "rehandling")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


_TITLE_WRAPPER = re.compile(r"^关于(.+?)(?:的(?:建议|提案|提议|意见))?$")


class Proposal(db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("session_id", "number"),
        # A number exactly when registered or later (DESIGN.md: the database enforces it).
        CheckConstraint(
            f"({_in('state', NUMBERED_STATES)} AND number IS NOT NULL AND number > 0) OR "
            f"({_in('state', UNNUMBERED_STATES)} AND number IS NULL)",
            name="number_iff_registered",
        ),
        CheckConstraint(
            "(proposer_type = 'collective' AND collective_name <> '') OR "
            "(proposer_type <> 'collective' AND proposer_id IS NOT NULL)",
            name="has_proposer",
        ),
        CheckConstraint("(state = 'merged') = (merged_into_id IS NOT NULL)",
                        name="merged_has_target"),
        CheckConstraint("(state = 'not_registered') = (decline_ground IS NOT NULL)",
                        name="declined_has_ground"),
        CheckConstraint("(state = 'converted') = (converted_unit_id IS NOT NULL)",
                        name="converted_has_unit"),
        CheckConstraint("may_publish OR no_publish_reason <> ''", name="unpublished_has_reason"),
        CheckConstraint("round IN (1, 2)", name="round_one_or_two"),
        CheckConstraint("NOT is_key OR supervising_leader_id IS NOT NULL",
                        name="key_has_leader"),
        Index("ix_proposals_session_state", "session_id", "state"),
        # A session's lowest and highest proposal id in one probe each (the statistics'
        # ranges of ids, reports.queries.all_sessions).
        Index("ix_proposals_session_ids", "session_id", "id"),
        Index("ix_proposals_state_due", "state", "due_on"),
        # Covers the statistics page's grouped counts (reports.queries): a session's
        # proposals are counted from this index without reading their large rows, or
        # their feedback (the verdict is here). The statements join on the id too, which
        # SQLite's indexes hold anyway (the rowid); PostgreSQL keeps it beside them for
        # index-only scans.
        Index("ix_proposals_figures", "session_id", "state", "round", "is_replied_late",
              "due_on", "category", "proposer_type", "proposer_id", "verdict",
              postgresql_include=["id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The old session is loaded when it changes: the statistics of both sessions are kept
    # until they change (reports/summary.py).
    session_id: Mapped[int] = mapped_column(ForeignKey("plenary_sessions.id"),
                                            active_history=True)
    number: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    category: Mapped[Category] = mapped_column(enum_column(Category, "proposal_category"),
                                               index=True)
    situation: Mapped[str] = mapped_column(Text, default="")
    analysis: Mapped[str] = mapped_column(Text, default="")
    suggestions: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(100), default="")
    proposer_type: Mapped[ProposerType] = mapped_column(
        enum_column(ProposerType, "proposer_type"), default=ProposerType.member, index=True)
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    collective_name: Mapped[str] = mapped_column(String(100), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    is_plenary: Mapped[bool] = mapped_column(Boolean, default=False)
    is_key: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # 优秀提案: chosen at year end among numbered proposals.
    is_excellent: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    supervising_leader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"),
                                                              index=True)
    may_publish: Mapped[bool] = mapped_column(Boolean, default=True)
    no_publish_reason: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[ProposalState] = mapped_column(
        enum_column(ProposalState, "proposal_state"), default=ProposalState.draft)
    # 1 for the first handling, 2 after 不满意 sent it back (重新办理).
    round: Mapped[int] = mapped_column(default=1)
    decline_ground: Mapped[str | None] = mapped_column(String(40))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    converted_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    assigned_on: Mapped[date | None] = mapped_column(Date)
    # When the current round of handling began: the assignment, or the start of
    # re-handling after a dissatisfied verdict (extensions are capped from it).
    handling_started_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    replied_on: Mapped[date | None] = mapped_column(Date)
    feedback_due_on: Mapped[date | None] = mapped_column(Date)
    is_replied_late: Mapped[bool] = mapped_column(Boolean, default=False)
    # The proposer's latest verdict (the highest round's feedback), kept by
    # _proposal_keeps_its_latest_verdict whenever feedback is flushed, so the statistics
    # count verdicts from ix_proposals_figures instead of joining every feedback.
    verdict: Mapped[Verdict | None] = mapped_column(enum_column(Verdict, "proposal_verdict"))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    session: Mapped[PlenarySession] = relationship()
    proposer: Mapped[User | None] = relationship(foreign_keys=[proposer_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    supervising_leader: Mapped[User | None] = relationship(
        foreign_keys=[supervising_leader_id])
    merged_into: Mapped[Proposal | None] = relationship(remote_side=[id],
                                                        back_populates="merged")
    merged: Mapped[list[Proposal]] = relationship(back_populates="merged_into")
    converted_unit: Mapped[Unit | None] = relationship()
    cosigners: Mapped[list[CoSigner]] = relationship(
        back_populates="proposal", order_by="CoSigner.id", cascade="all, delete-orphan")
    suggested_units: Mapped[list[SuggestedUnit]] = relationship(
        back_populates="proposal", order_by="SuggestedUnit.id", cascade="all, delete-orphan")
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="proposal", order_by="Assignment.id")
    replies: Mapped[list[Reply]] = relationship(back_populates="proposal", order_by="Reply.id")
    feedbacks: Mapped[list[Feedback]] = relationship(back_populates="proposal",
                                                     order_by="Feedback.id")
    consultations: Mapped[list[ProposalConsultation]] = relationship(
        back_populates="proposal", order_by="ProposalConsultation.id")
    co_opinions: Mapped[list[CoOpinion]] = relationship(back_populates="proposal",
                                                        order_by="CoOpinion.id")
    extension_requests: Mapped[list[ExtensionRequest]] = relationship(
        back_populates="proposal", order_by="ExtensionRequest.id")
    disputes: Mapped[list[Dispute]] = relationship(back_populates="proposal",
                                                   order_by="Dispute.id")
    supervision_records: Mapped[list[SupervisionRecord]] = relationship(
        back_populates="proposal", order_by="SupervisionRecord.id")
    attachments: Mapped[list[ProposalAttachment]] = relationship(
        back_populates="proposal", order_by="ProposalAttachment.id",
        cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.state} {self.number}>"

    # -- presentation ----------------------------------------------------------------
    @property
    def number_label(self) -> str:
        return f"第{self.number:04d}号" if self.number else ""

    @property
    def subject(self) -> str:
        """The matter without the title's own 关于…的建议 wrapper, for phrases that wrap it
        again (a reply's 关于…第0001号提案的答复)."""
        m = _TITLE_WRAPPER.match(self.title.strip())
        return m.group(1) if m else self.title.strip()

    @property
    def proposer_name(self) -> str:
        if self.proposer_type == ProposerType.collective:
            return self.collective_name
        return self.proposer.display_name if self.proposer else ""

    @property
    def confirmed_cosigners(self) -> list[CoSigner]:
        return [c for c in self.cosigners if c.status == CoSignerStatus.confirmed]

    @property
    def signers_line(self) -> str:
        """The first proposer signs first; only confirmed co-signers print."""
        names = [self.proposer_name] + [c.user.display_name for c in self.confirmed_cosigners]
        return "、".join(n for n in names if n)

    @property
    def active_assignments(self) -> list[Assignment]:
        return [a for a in self.assignments if a.is_active]

    @property
    def replying_assignments(self) -> list[Assignment]:
        """Assignments that owe a formal reply: the lead units, or each unit in 分办."""
        return [a for a in self.active_assignments
                if a.role in (AssignmentRole.lead, AssignmentRole.separate)]

    def replies_in_round(self, round_: int | None = None) -> list[Reply]:
        r = self.round if round_ is None else round_
        return [x for x in self.replies if x.round == r]

    @property
    def replied_count(self) -> int:
        done = {x.assignment_id for x in self.replies_in_round()}
        return sum(1 for a in self.replying_assignments if a.id in done)

    @property
    def is_open(self) -> bool:
        return self.state.value in OPEN_STATES

    # -- who is who ------------------------------------------------------------------
    def is_proposer(self, user: Any) -> bool:  # noqa: ANN401
        """The first proposer; for a collective proposal, the secretariat that filed it."""
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        if self.proposer_type == ProposerType.collective:
            return user.role == Role.secretariat
        return self.proposer_id == user.id

    def is_cosigner(self, user: Any, *, confirmed_only: bool = False) -> bool:  # noqa: ANN401
        wanted = (CoSignerStatus.confirmed,) if confirmed_only else (
            CoSignerStatus.invited, CoSignerStatus.confirmed)
        return any(c.user_id == user.id and c.status in wanted for c in self.cosigners)

    def pending_invitation(self, user: Any) -> CoSigner | None:  # noqa: ANN401
        for c in self.cosigners:
            if c.user_id == user.id and c.status == CoSignerStatus.invited:
                return c
        return None

    def is_among_proposers(self, user: Any) -> bool:  # noqa: ANN401
        """Proposer, confirmed co-signer, or proposer of a proposal merged into this one."""
        if self.is_proposer(user) or self.is_cosigner(user, confirmed_only=True):
            return True
        return any(m.is_proposer(user) or m.is_cosigner(user, confirmed_only=True)
                   for m in self.merged)

    def unit_assignments(self, user: Any) -> list[Assignment]:  # noqa: ANN401
        if user is None or getattr(user, "role", None) != Role.unit_staff:
            return []
        return [a for a in self.active_assignments if a.unit_id == user.unit_id]

    # -- permissions -----------------------------------------------------------------
    def can_view(self, user: Any) -> bool:  # noqa: ANN401
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if self.state == ProposalState.draft:
            # Drafts belong to their proposer (and the co-signers it invited).
            return self.is_proposer(user) or self.is_cosigner(user)
        if user.role in READERS:
            return True
        if user.role == Role.member:
            return self.is_among_proposers(user) or self.is_cosigner(user)
        if user.role == Role.unit_staff:
            if self.state == ProposalState.converted:
                return self.converted_unit_id == user.unit_id
            return bool(self.unit_assignments(user))
        return False

    def can_edit(self, user: Any) -> bool:  # noqa: ANN401
        return self.state == ProposalState.draft and self.is_proposer(user)

    def can_view_reply(self, reply: Reply, user: Any) -> bool:  # noqa: ANN401
        if not self.can_view(user):
            return False
        if reply.may_publish:
            return True
        # An unpublished reply stays with the secretariat, the proposers and its unit.
        return (user.role == Role.secretariat or self.is_among_proposers(user)
                or (user.role == Role.unit_staff and user.unit_id == reply.unit_id))


class ProposalCounter(db.Model):
    """The last number given in a session: one row, incremented inside the registering
    transaction, so numbers are sequential, gapless and never reused."""

    __tablename__ = "proposal_counters"
    __table_args__ = (CheckConstraint("last_number >= 0", name="not_negative"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("plenary_sessions.id"),
                                            primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class CoSigner(db.Model):
    """联名/附议: a member invited to sign; only confirmed ones count or print."""

    __tablename__ = "proposal_cosigners"
    __table_args__ = (
        UniqueConstraint("proposal_id", "user_id"),
        CheckConstraint("(status = 'invited') = (responded_at IS NULL)",
                        name="responded_iff_answered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[CoSignerStatus] = mapped_column(enum_column(CoSignerStatus, "cosigner_status"),
                                                   default=CoSignerStatus.invited)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposal: Mapped[Proposal] = relationship(back_populates="cosigners")
    user: Mapped[User] = relationship()


class SuggestedUnit(db.Model):
    __tablename__ = "proposal_suggested_units"
    __table_args__ = (UniqueConstraint("proposal_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))

    proposal: Mapped[Proposal] = relationship(back_populates="suggested_units")
    unit: Mapped[Unit] = relationship()


class Assignment(db.Model):
    """交办: one unit's part in handling a proposal. A re-assignment after a dispute ends
    the old row (is_active false) instead of deleting it."""

    __tablename__ = "proposal_assignments"
    __table_args__ = (
        Index("ix_proposal_assignments_unit_active", "unit_id", "is_active"),
        # Covers the statistics page's per-unit rows (reports.definitions.UNIT_ROW): the
        # assignments of a session's proposals are read from the index alone.
        Index("ix_proposal_assignments_rows", "proposal_id", "is_active", "unit_id", "role",
              "due_on"),
        CheckConstraint("is_active OR ended_at IS NOT NULL", name="ended_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[AssignmentRole] = mapped_column(enum_column(AssignmentRole, "assignment_role"))
    assigned_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    dispute_until: Mapped[date] = mapped_column(Date)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposal: Mapped[Proposal] = relationship(back_populates="assignments")
    unit: Mapped[Unit] = relationship()


class Reply(db.Model):
    """办复: the formal letter 关于…第×××号提案的答复, one per replying unit and round."""

    __tablename__ = "proposal_replies"
    __table_args__ = (
        UniqueConstraint("assignment_id", "round"),
        # Covering indexes for the statistics page: the counted letters (latest letter per
        # unit, reports.definitions.latest_letter) and the per-assignment letter counts are
        # read without touching the rows, whose bodies make them large.
        Index("ix_proposal_replies_counted", "proposal_id", "unit_id", "round",
              "result_class"),
        Index("ix_proposal_replies_assignment_late", "assignment_id", "round", "is_late"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("proposal_assignments.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    round: Mapped[int] = mapped_column(default=1)
    doc_number: Mapped[str] = mapped_column(String(64))
    result_class: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(Text)
    signatory: Mapped[str] = mapped_column(String(64))
    contact_person: Mapped[str] = mapped_column(String(64))
    contact_phone: Mapped[str] = mapped_column(String(32))
    may_publish: Mapped[bool] = mapped_column(Boolean, default=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    is_late: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="replies")
    unit: Mapped[Unit] = relationship()
    file: Mapped[StoredFile] = relationship()


class Feedback(db.Model):
    """征询意见: the proposer's verdict on a round's reply."""

    __tablename__ = "proposal_feedbacks"
    __table_args__ = (
        UniqueConstraint("proposal_id", "round"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    round: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The richer form's answers (DOMAIN.md); the verdict alone is enough (API clients may
    # send only verdict and comment), so these are null when not given.
    contact_made: Mapped[ContactMade | None] = mapped_column(
        enum_column(ContactMade, "feedback_contact"))
    attitude: Mapped[Attitude | None] = mapped_column(enum_column(Attitude, "feedback_attitude"))
    relevance: Mapped[Relevance | None] = mapped_column(
        enum_column(Relevance, "feedback_relevance"))
    verdict: Mapped[Verdict] = mapped_column(enum_column(Verdict, "feedback_verdict"), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="feedbacks")
    user: Mapped[User] = relationship()


@event.listens_for(Session, "before_flush")
def _proposal_keeps_its_latest_verdict(session: Session, _ctx: Any,  # noqa: ANN401
                                       _instances: Any) -> None:  # noqa: ANN401
    """Proposal.verdict follows the feedback written in this flush, whoever writes it (the
    verdict operation appends to ``feedbacks``, the demo history adds rows by
    ``proposal_id``): the verdict of the proposal's highest round, stored or flushed now."""
    touched: list[tuple[Feedback, Proposal]] = []
    for f in (*session.new, *session.dirty, *session.deleted):
        if isinstance(f, Feedback):
            p = f.proposal if f.proposal is not None else session.get(Proposal, f.proposal_id)
            if p is not None and p not in session.deleted:
                touched.append((f, p))
    if not touched:
        return
    rounds: dict[Proposal, dict[int, Any]] = {p: {} for _f, p in touched}
    stored = {p.id: p for p in rounds if p.id is not None}
    if stored:
        # The rows already in the database (autoflush is off inside a flush); this
        # flush's feedback then overrides them.
        for pid, round_, verdict in session.execute(
                select(Feedback.proposal_id, Feedback.round, Feedback.verdict)
                .where(Feedback.proposal_id.in_(stored))):
            rounds[stored[pid]][round_] = verdict
    for f, p in touched:
        if f in session.deleted:
            rounds[p].pop(f.round, None)
        else:
            rounds[p][f.round] = f.verdict
    for p, verdicts in rounds.items():
        latest = Verdict(verdicts[max(verdicts)]) if verdicts else None
        if p.verdict != latest:
            p.verdict = latest


class ProposalConsultation(db.Model):
    """办理协商: a unit's contact with the proposer before replying."""

    __tablename__ = "proposal_consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    held_on: Mapped[date] = mapped_column(Date)
    form: Mapped[ConsultationForm] = mapped_column(enum_column(ConsultationForm,
                                                         "consultation_form"))
    summary: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="consultations")
    unit: Mapped[Unit] = relationship()


class CoOpinion(db.Model):
    """会办意见: a co-handling unit's opinion sent to the lead unit."""

    __tablename__ = "proposal_co_opinions"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("proposal_assignments.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    body: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="co_opinions")
    unit: Mapped[Unit] = relationship()


class _UnitRequest:
    """What a unit's request to the secretariat records (申请延期, 申请调整): who asked, for
    which assignment and why, and the decision. The database checks that a request carries
    its decision time exactly when it is no longer pending."""

    _status_type: str  # the name of the status column's CHECK (kept from the first schema)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:  # noqa: N805
        return (
            CheckConstraint("(status = 'pending') = (decided_at IS NULL)",
                            name="decided_iff_not_pending"),
            Index(f"ix_{cls.__tablename__}_status", "status"),
        )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("proposal_assignments.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    reason: Mapped[str] = mapped_column(Text)

    @declared_attr
    def status(cls) -> Mapped[RequestStatus]:  # noqa: N805
        return mapped_column(enum_column(RequestStatus, cls._status_type),
                             default=RequestStatus.pending)

    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(Text, default="")

    @declared_attr
    def unit(cls) -> Mapped[Unit]:  # noqa: N805
        return relationship("Unit")

    def decide(self, status: RequestStatus, user: User, note: str) -> None:
        self.status = status
        self.decided_by_id = user.id
        self.decided_at = utcnow()
        self.decision_note = note


class ExtensionRequest(_UnitRequest, db.Model):
    """申请延期: asked before the due date; never beyond six months (by default) after the
    start of the current handling round (``Proposal.handling_started_on``: the assignment,
    or the start of re-handling)."""

    __tablename__ = "proposal_extension_requests"
    _status_type = "extension_status"

    requested_until: Mapped[date] = mapped_column(Date)
    granted_until: Mapped[date | None] = mapped_column(Date)

    proposal: Mapped[Proposal] = relationship(back_populates="extension_requests")


class Dispute(_UnitRequest, db.Model):
    """申请调整: a unit asks the secretariat to change an assignment."""

    __tablename__ = "proposal_disputes"
    _status_type = "dispute_status"

    proposal: Mapped[Proposal] = relationship(back_populates="disputes")
    assignment: Mapped[Assignment] = relationship()


class SupervisionRecord(db.Model):
    """督办: a supervising leader's work on a key proposal."""

    __tablename__ = "proposal_supervision_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    form: Mapped[SupervisionForm] = mapped_column(enum_column(SupervisionForm, "supervision_form"))
    held_on: Mapped[date] = mapped_column(Date)
    participants: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="supervision_records")


class ProposalReminder(db.Model):
    """One reminder sent by ``flask remind``: the unique key makes a second run on the same
    day send nothing again."""

    __tablename__ = "proposal_reminders"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id", "kind", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    sent_on: Mapped[date] = mapped_column(Date, index=True)


class ProposalAttachment(db.Model):
    """附件: a file the proposer adds to the draft (data, photos, surveys)."""

    __tablename__ = "proposal_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="attachments")
    file: Mapped[StoredFile] = relationship()
