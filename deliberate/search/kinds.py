"""What each domain puts in the search index, and who may find it.

Each ``visible_ids(user)`` is the SQL form of the model's ``can_view(user)``; a test checks
that the two agree for every record and role, so search never shows or counts what the
record's own page would refuse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, CompoundSelect, Select, and_, exists, or_, select, true, union
from sqlalchemy.orm import aliased

from deliberate.consultation.models import (
    PUBLISHED_TOPIC_STATES,
    Invitation,
    Meeting,
    MeetingState,
    Speech,
    SpeechState,
    Topic,
)
from deliberate.consultation.models import (
    READERS as CONSULTATION_READERS,
)
from deliberate.consultation.models import (
    STAFF as CONSULTATION_STAFF,
)
from deliberate.consultation.models_minutes import Minutes, MinutesState
from deliberate.core.permissions import Role
from deliberate.core.search import Doc, Kind, SearchDocument, register_kind
from deliberate.proposals.models import (
    READERS as PROPOSAL_READERS,
)
from deliberate.proposals.models import (
    Assignment,
    CoSigner,
    CoSignerStatus,
    Proposal,
    ProposalState,
    ProposerType,
    Reply,
)


def _active(user: Any) -> bool:  # noqa: ANN401
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and user.is_active)


def _v(value: Any) -> str:  # noqa: ANN401
    """An enum's value, or the string a new object still holds before it is reloaded."""
    return str(getattr(value, "value", value) or "")


# -- proposals ----------------------------------------------------------------------------

def _is_proposer(user: Any, p: Any = Proposal) -> Any:  # noqa: ANN401
    if user.role == Role.secretariat:
        return or_(p.proposer_type == ProposerType.collective, p.proposer_id == user.id)
    return and_(p.proposer_type != ProposerType.collective, p.proposer_id == user.id)


def _cosigner(user: Any, p: Any = Proposal, *, confirmed_only: bool = False) -> Any:  # noqa: ANN401
    statuses = [CoSignerStatus.confirmed] if confirmed_only else [
        CoSignerStatus.invited, CoSignerStatus.confirmed]
    return exists().where(CoSigner.proposal_id == p.id, CoSigner.user_id == user.id,
                          CoSigner.status.in_(statuses))


# One alias for every query: a new one each time costs SQLAlchemy a fresh column adaptation
# (about 5 ms a search).
_MERGED = aliased(Proposal, name="merged_proposal")


def _among_proposers(user: Any) -> Any:  # noqa: ANN401
    merged = _MERGED
    return or_(
        _is_proposer(user), _cosigner(user, confirmed_only=True),
        exists().where(merged.merged_into_id == Proposal.id,
                       or_(_is_proposer(user, merged),
                           _cosigner(user, merged, confirmed_only=True))),
    )


def proposal_visibility(user: Any) -> Any:  # noqa: ANN401
    """SQL condition on Proposal mirroring Proposal.can_view(user)."""
    draft = Proposal.state == ProposalState.draft
    own_draft = and_(draft, or_(_is_proposer(user), _cosigner(user)))
    if user.role in PROPOSAL_READERS:
        return or_(~draft, own_draft)
    if user.role == Role.member:
        return or_(own_draft, and_(~draft, or_(_among_proposers(user), _cosigner(user))))
    if user.role == Role.unit_staff:
        assigned = exists().where(Assignment.proposal_id == Proposal.id,
                                  Assignment.unit_id == user.unit_id,
                                  Assignment.is_active.is_(True))
        return or_(own_draft, and_(
            ~draft,
            or_(and_(Proposal.state == ProposalState.converted,
                     Proposal.converted_unit_id == user.unit_id),
                and_(Proposal.state != ProposalState.converted, assigned))))
    return own_draft


def visible_proposals(user: Any) -> Select | None:  # noqa: ANN401
    if not _active(user):
        return None
    return select(Proposal.id).where(proposal_visibility(user))


def proposal_candidates(user: Any) -> CompoundSelect | None:  # noqa: ANN401
    """Every proposal ``user`` may see and a few more (the rule is applied after), listed
    through indexes, for search to start from; None for the roles that read nearly all.
    Each branch of proposal_visibility has its own: the proposer's and co-signer's rows,
    the proposals merged by them, the unit's active assignments and conversions."""
    if not _active(user) or user.role in PROPOSAL_READERS:
        return None
    cosigned = select(CoSigner.proposal_id).where(CoSigner.user_id == user.id)
    parts = [select(Proposal.id).where(Proposal.proposer_id == user.id), cosigned]
    if user.role == Role.member:
        # Two branches, each on its own index: one OR of both makes PostgreSQL expect
        # thousands of rows, and then scan every reply for the replies to them.
        merged = Proposal.merged_into_id
        parts += [select(merged).where(Proposal.proposer_id == user.id, merged.is_not(None)),
                  select(merged).join(CoSigner, CoSigner.proposal_id == Proposal.id)
                  .where(CoSigner.user_id == user.id, merged.is_not(None))]
    if user.role == Role.unit_staff:
        parts += [select(Assignment.proposal_id).where(Assignment.unit_id == user.unit_id,
                                                       Assignment.is_active.is_(True)),
                  select(Proposal.id).where(Proposal.converted_unit_id == user.unit_id)]
    return union(*parts)


def _proposal_doc(p: Proposal) -> Doc:
    number = f"第{p.number:04d}号 " if p.number else ""
    return Doc(
        title=f"{number}{p.title}",
        body="\n".join(x for x in (p.situation, p.analysis, p.suggestions) if x),
        session_id=p.session_id, state=_v(p.state), category=_v(p.category),
        units=[a.unit_id for a in p.assignments if a.is_active],
    )


def visible_replies(user: Any) -> Select | None:  # noqa: ANN401
    """Reply visible when its proposal is, and it may be published or the reader is the
    secretariat, a proposer, or staff of the replying unit (Proposal.can_view_reply)."""
    if not _active(user):
        return None
    allowed = [Reply.may_publish.is_(True)]
    if user.role == Role.secretariat:
        allowed.append(true())
    if user.role == Role.unit_staff:
        allowed.append(Reply.unit_id == user.unit_id)
    allowed.append(_among_proposers(user))
    return (select(Reply.id).join(Proposal, Proposal.id == Reply.proposal_id)
            .where(proposal_visibility(user), or_(*allowed)))


def reply_candidates(user: Any) -> Select | None:  # noqa: ANN401
    """The replies to the candidate proposals (a reply is seen only with its proposal)."""
    proposals = proposal_candidates(user)
    if proposals is None:
        return None
    return select(Reply.id).where(Reply.proposal_id.in_(proposals))


def _reply_doc(r: Reply) -> Doc:
    p = r.proposal
    number = f"第{p.number:04d}号" if p.number else ""
    return Doc(title=f"关于{number}提案的答复（{r.unit.name}）{p.title}", body=r.body,
               session_id=p.session_id, state=_v(p.state), category=_v(p.category),
               units=[r.unit_id])


# -- consultation -------------------------------------------------------------------------

def visible_topics(user: Any) -> Select | None:  # noqa: ANN401
    if not _active(user):
        return None
    if user.role in CONSULTATION_READERS:
        return select(Topic.id)
    return select(Topic.id).where(or_(Topic.proposer_id == user.id,
                                      Topic.state.in_(PUBLISHED_TOPIC_STATES)))


def _topic_doc(t: Topic) -> Doc:
    return Doc(title=t.title, body="\n".join(x for x in (t.background, t.feasibility_note) if x),
               state=_v(t.state))


def _invited(user: Any) -> Any:  # noqa: ANN401
    return exists().where(Invitation.meeting_id == Meeting.id, Invitation.user_id == user.id)


def meeting_visibility(user: Any) -> Any:  # noqa: ANN401
    if user.role in CONSULTATION_STAFF or user.role == Role.admin:
        return true()
    if user.role == Role.leader:
        return Meeting.state != MeetingState.draft
    return and_(Meeting.state != MeetingState.draft,
                or_(Meeting.chair_id == user.id, _invited(user)))


def visible_meetings(user: Any) -> Select | None:  # noqa: ANN401
    if not _active(user):
        return None
    return select(Meeting.id).where(meeting_visibility(user))


def _meeting_doc(m: Meeting) -> Doc:
    return Doc(title=m.title, body="\n".join(x for x in (m.venue, m.description) if x),
               state=_v(m.state))


def visible_speeches(user: Any) -> Select | None:  # noqa: ANN401
    if not _active(user):
        return None
    if user.role in CONSULTATION_READERS:
        return select(Speech.id).where(or_(Speech.author_id == user.id,
                                           Speech.state != SpeechState.draft))
    return select(Speech.id).where(Speech.author_id == user.id)


def _speech_doc(s: Speech) -> Doc:
    return Doc(title=s.title, body=s.body, state=_v(s.state))


def visible_minutes(user: Any) -> Select | None:  # noqa: ANN401
    if not _active(user):
        return None
    if user.role in CONSULTATION_STAFF or user.role == Role.admin:
        return select(Minutes.id)
    attendee = or_(Meeting.chair_id == user.id, _invited(user))
    reader = true() if user.role == Role.leader else attendee
    return (select(Minutes.id).join(Meeting, Meeting.id == Minutes.meeting_id)
            .where(or_(Minutes.state == MinutesState.issued,
                       and_(Minutes.state != MinutesState.draft, reader))))


def _minutes_doc(m: Minutes) -> Doc:
    return Doc(title=m.title, body=m.body, state=_v(m.state))


# -- what the index row alone shows --------------------------------------------------------
# Kind.plainly_visible: for the readers, who see every record of a kind but a few (others'
# drafts), the index row's state (the record's own, a reply's being its proposal's, written
# in the record's transaction) tells that most matches are visible without looking the
# record up; only the drafts go through visible_ids. A test checks each condition against
# visible_ids for every user.

_NOT_DRAFT = SearchDocument.state != "draft"


def _for_roles(roles: tuple, condition: ColumnElement[bool]) \
        -> Callable[[Any], ColumnElement[bool] | None]:
    """``condition`` for the users of ``roles``, nothing plainly visible to the others."""
    def plainly_visible(user: Any) -> ColumnElement[bool] | None:  # noqa: ANN401
        return condition if user.role in roles else None
    return plainly_visible


def _staff_see_all_leaders_all_but_drafts(user: Any) -> ColumnElement[bool] | None:  # noqa: ANN401
    if user.role in CONSULTATION_STAFF or user.role == Role.admin:
        return true()
    return _NOT_DRAFT if user.role == Role.leader else None


# Consultation records number in the hundreds a year (a few thousand speeches): what a user
# may see of them is listed whole as the search's starting set (candidate_ids).
register_kind(Kind("proposal", _l("Proposal"), Proposal, _proposal_doc, visible_proposals,
                   lambda i: url_for("proposals.show_proposal", proposal_id=i),
                   owner_of={Assignment: lambda a: a.proposal_id}, order=10,
                   candidate_ids=proposal_candidates,
                   plainly_visible=_for_roles(PROPOSAL_READERS, _NOT_DRAFT)))
register_kind(Kind("reply", _l("Reply"), Reply, _reply_doc, visible_replies,
                   lambda i: url_for("search.open_reply", reply_id=i), order=20,
                   candidate_ids=reply_candidates,
                   plainly_visible=_for_roles((Role.secretariat,), _NOT_DRAFT)))
register_kind(Kind("topic", _l("Topic"), Topic, _topic_doc, visible_topics,
                   lambda i: url_for("consultation.show_topic", topic_id=i), order=30,
                   candidate_ids=visible_topics,
                   plainly_visible=_for_roles(CONSULTATION_READERS, true())))
register_kind(Kind("meeting", _l("Meeting"), Meeting, _meeting_doc, visible_meetings,
                   lambda i: url_for("consultation.show_meeting", meeting_id=i), order=40,
                   candidate_ids=visible_meetings,
                   plainly_visible=_staff_see_all_leaders_all_but_drafts))
register_kind(Kind("speech", _l("Speech"), Speech, _speech_doc, visible_speeches,
                   lambda i: url_for("consultation.show_speech", speech_id=i), order=50,
                   candidate_ids=visible_speeches,
                   plainly_visible=_for_roles(CONSULTATION_READERS, _NOT_DRAFT)))
register_kind(Kind("minutes", _l("Minutes"), Minutes, _minutes_doc, visible_minutes,
                   lambda i: url_for("consultation.show_minutes", minutes_id=i), order=60,
                   candidate_ids=visible_minutes,
                   plainly_visible=_staff_see_all_leaders_all_but_drafts))
