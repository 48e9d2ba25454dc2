"""The proposer's operations: drafts, attachments, co-signers, submitting, withdrawing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from deliberate.auth.models import User
from deliberate.core.events import record_event
from deliberate.core.files import content_matches, store_file
from deliberate.core.notify import notify
from deliberate.core.permissions import Role
from deliberate.core.types import utcnow
from deliberate.core.workflow import InvalidData, PermissionDenied
from deliberate.directory.models import PlenarySession
from deliberate.extensions import db
from deliberate.proposals.config import setting
from deliberate.proposals.models import (
    Category,
    CoSigner,
    CoSignerStatus,
    Proposal,
    ProposalAttachment,
    ProposalState,
    ProposerType,
    SuggestedUnit,
)
from deliberate.proposals.operations.common import (
    notify_params,
    proposal_url,
    secretariat_users,
)
from deliberate.proposals.workflow import WORKFLOW

EDITABLE_FIELDS = ("title", "category", "situation", "analysis", "suggestions", "contact",
                   "is_plenary", "may_publish", "no_publish_reason")


def _apply_fields(p: Proposal, fields: dict[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(p, name, fields[name])
    if p.may_publish:
        p.no_publish_reason = ""


def _set_suggested_units(p: Proposal, unit_ids: Sequence[int]) -> None:
    wanted = list(dict.fromkeys(unit_ids))
    p.suggested_units = [s for s in p.suggested_units if s.unit_id in wanted]
    have = {s.unit_id for s in p.suggested_units}
    for uid in wanted:
        if uid not in have:
            p.suggested_units.append(SuggestedUnit(unit_id=uid))


def create_proposal(user: User, session: PlenarySession, fields: dict[str, Any], *,
                    unit_ids: Sequence[int] = (), collective_name: str = "") -> Proposal:
    """A new draft. Members file in their own name; the secretariat files for a
    collective proposer (党派, 人民团体, 专门委员会, 界别, 委员小组)."""
    if user.role == Role.member:
        proposer_type, proposer_id, collective_name = ProposerType.member, user.id, ""
    elif user.role == Role.secretariat:
        if not collective_name.strip():
            raise InvalidData(_("Give the name of the collective proposer."),
                              {"collective_name": [_("This field is required.")]})
        proposer_type, proposer_id = ProposerType.collective, None
    else:
        raise PermissionDenied(_("Only members and the secretariat file proposals."))
    p = Proposal(session=session, title="", category=Category.other,
                 proposer_type=proposer_type, proposer_id=proposer_id,
                 collective_name=collective_name.strip(), created_by_id=user.id,
                 state=ProposalState.draft)
    _apply_fields(p, fields)
    db.session.add(p)
    _set_suggested_units(p, unit_ids)
    db.session.flush()
    record_event("proposal", p.id, "create", user, to_state="draft")
    return p


def update_proposal(p: Proposal, user: User, fields: dict[str, Any], *,
                    unit_ids: Sequence[int] | None = None,
                    expected_version: int | None = None) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        _apply_fields(obj, fields)
        if unit_ids is not None:
            _set_suggested_units(obj, unit_ids)

    WORKFLOW.perform(p, "edit", user, effect=effect, expected_version=expected_version)


def add_attachment(p: Proposal, user: User, data: bytes, filename: str) -> ProposalAttachment:
    """Attach a file to a draft; checked for size, number and kind after the permission."""
    made: list[ProposalAttachment] = []
    name = "".join(ch for ch in filename if ch.isprintable())
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()[:255] or "attachment"

    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        limit = setting("PROPOSAL_ATTACHMENT_MAX_BYTES")
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        problem = None
        if not data:
            problem = _("The file is empty.")
        elif len(data) > limit:
            problem = _("The file is larger than %(mb)d MB.", mb=limit // (1024 * 1024))
        elif ext not in setting("PROPOSAL_ATTACHMENT_EXTENSIONS"):
            problem = _("Files of this kind cannot be attached (allowed: %(kinds)s).",
                        kinds=", ".join(setting("PROPOSAL_ATTACHMENT_EXTENSIONS")))
        elif not content_matches(ext, data):
            problem = _("The file's content is not what its name says (.%(ext)s). Save it "
                        "again in that format, or give it the right extension.", ext=ext)
        elif len(obj.attachments) >= setting("PROPOSAL_ATTACHMENT_MAX_COUNT"):
            problem = _("A proposal has at most %(n)d attachments.",
                        n=setting("PROPOSAL_ATTACHMENT_MAX_COUNT"))
        if problem:
            raise InvalidData(problem, {"file": [problem]})
        stored = store_file(data, name, "application/octet-stream", user.id)
        att = ProposalAttachment(file_id=stored.id, created_by_id=user.id)
        obj.attachments.append(att)
        made.append(att)
        return {"attached": name}

    WORKFLOW.perform(p, "edit", user, effect=effect)
    return made[0]


def remove_attachment(p: Proposal, user: User, attachment: ProposalAttachment) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        obj.attachments.remove(attachment)
        return {"removed": attachment.file.filename}

    WORKFLOW.perform(p, "edit", user, effect=effect)


def invite_cosigners(p: Proposal, user: User, invitees: Sequence[User]) -> list[CoSigner]:
    existing = {c.user_id for c in p.cosigners}
    fresh = [u for u in invitees if u.id not in existing]
    for u in fresh:
        if u.role != Role.member or not u.is_active or u.id == p.proposer_id:
            raise InvalidData(_("Only other active members can be invited to co-sign."),
                              {"user_ids": [_("Choose members.")]})
    if not fresh:
        raise InvalidData(_("These members have already been invited."),
                          {"user_ids": [_("Choose members.")]})
    created: list[CoSigner] = []

    def effect(obj: Proposal, _data: dict[str, Any]) -> dict[str, Any]:
        for u in fresh:
            c = CoSigner(user_id=u.id, status=CoSignerStatus.invited)
            obj.cosigners.append(c)
            created.append(c)
        return {"names": [u.display_name for u in fresh]}

    WORKFLOW.perform(p, "invite", user, data={"user_ids": [u.id for u in fresh]},
                     effect=effect)
    notify(fresh, _l("%(name)s invites you to co-sign the proposal “%(title)s”"),
           body=_l("Open the proposal to confirm or decline."), url=proposal_url(p),
           kind="proposal_cosign", params=notify_params(p, name=p.proposer_name))
    return created


def _answer_invitation(p: Proposal, user: User, action: str, status: CoSignerStatus) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        c = obj.pending_invitation(user)
        c.status = status
        c.responded_at = utcnow()

    WORKFLOW.perform(p, action, user, effect=effect)
    subject = (_l("%(name)s agreed to co-sign “%(title)s”") if status == CoSignerStatus.confirmed
               else _l("%(name)s declined to co-sign “%(title)s”"))
    notify(p.proposer or p.created_by, subject, url=proposal_url(p), kind="proposal_cosign",
           params=notify_params(p, name=user.display_name))


def confirm_cosign(p: Proposal, user: User) -> None:
    _answer_invitation(p, user, "confirm_cosign", CoSignerStatus.confirmed)


def decline_cosign(p: Proposal, user: User) -> None:
    _answer_invitation(p, user, "decline_cosign", CoSignerStatus.declined)


def submit_proposal(p: Proposal, user: User, *, expected_version: int | None = None) -> None:
    def effect(obj: Proposal, _data: dict[str, Any]) -> None:
        obj.submitted_at = utcnow()
        if obj.proposer_type != ProposerType.collective:
            obj.proposer_type = (ProposerType.joint if obj.confirmed_cosigners
                                 else ProposerType.member)

    WORKFLOW.perform(p, "submit", user, effect=effect, expected_version=expected_version)
    notify(secretariat_users(), _l("New proposal submitted: “%(title)s”"), url=proposal_url(p),
           kind="proposal_submitted", params=notify_params(p))


def withdraw_proposal(p: Proposal, user: User, *, note: str = "",
                      expected_version: int | None = None) -> None:
    WORKFLOW.perform(p, "withdraw", user, note=note, expected_version=expected_version)
    notify(secretariat_users(), _l("Proposal withdrawn: “%(title)s”"), url=proposal_url(p),
           kind="proposal_withdrawn", params=notify_params(p))
