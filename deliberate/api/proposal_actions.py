"""The proposal actions of the API in one table: each API verb, its JSON body, the workflow
actions it performs and the operation it calls.

Every action runs the same operation as the web page (deliberate.proposals.operations),
hence the same workflow engine, permission checks, guards, events and notifications. This
module only translates: API codes to the internal enums, usernames and ids to records, and
the operations' field names back to the API's in error messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from deliberate.api.bodies import MAX_ID, VERSION, Field
from deliberate.api.errors import ApiError
from deliberate.api.tokens import DEFAULT_MAX_BODY
from deliberate.auth.models import User
from deliberate.core.permissions import Role
from deliberate.core.workflow import ActionNotAllowed
from deliberate.directory.models import Unit
from deliberate.extensions import db
from deliberate.proposals import operations as ops
from deliberate.proposals.config import decline_grounds, result_classes
from deliberate.proposals.enums import (
    Attitude,
    ConsultationForm,
    ContactMade,
    Relevance,
    RequestStatus,
    SupervisionForm,
    Verdict,
)
from deliberate.proposals.forms import NOTE_MAX, TEXT_MAX
from deliberate.proposals.models import BODY_MAX, Proposal

# API codes that differ from the stored enum values (the vocabulary); every other
# code is the enum's own value.
CONSULT_FORMS = {
    "face_to_face": ConsultationForm.in_person,
    "phone": ConsultationForm.phone,
    "meeting": ConsultationForm.symposium,
    "visit": ConsultationForm.visit,
    "written": ConsultationForm.written,
}
VERDICTS = {
    "satisfied": Verdict.satisfied,
    "basically_satisfied": Verdict.basically,
    "unsatisfied": Verdict.dissatisfied,
}
CONSULT_FORM_CODES = {v: k for k, v in CONSULT_FORMS.items()}
VERDICT_CODES = {v: k for k, v in VERDICTS.items()}

Runner = Callable[[Proposal, User, dict[str, Any], "int | None"], Any]


@dataclass(frozen=True)
class ApiAction:
    name: str
    summary: str
    # The workflow actions this verb may perform; the first decides who may try it (the
    # others share its roles and states: reply/reply_part, the three verdicts).
    internal: tuple[str, ...]
    fields: tuple[Field, ...]
    run: Runner
    # Operation field name -> API field name, for the operations' InvalidData messages.
    renames: dict[str, str] = field(default_factory=dict)

    @property
    def body_fields(self) -> tuple[Field, ...]:
        return (*self.fields, VERSION)


def _invalid(name: str, message: str) -> ApiError:
    return ApiError(422, _("Some fields are not valid."), code="invalid",
                    fields={name: [message]})


def active_units(ids: list[int], name: str) -> list[int]:
    """The ids, when every one is an active handling unit (the web form offers only
    those), else 422 naming the field."""
    if not ids:
        return []
    found = set(db.session.scalars(select(Unit.id).where(Unit.id.in_(ids),
                                                         Unit.is_active.is_(True))))
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        raise _invalid(name, _("No active handling unit with id %(ids)s.",
                               ids=", ".join(unknown)))
    return ids


def users_by_username(names: list[str], field_name: str, role: Role) -> list[User]:
    if not names:
        return []
    found = {u.username: u for u in db.session.scalars(
        select(User).where(User.username.in_(names), User.role == role,
                           User.is_active.is_(True)))}
    unknown = [n for n in names if n not in found]
    if unknown:
        message = (_("No active member with the username %(names)s.", names=", ".join(unknown))
                   if role == Role.member else
                   _("No active leader with the username %(names)s.",
                     names=", ".join(unknown)))
        raise _invalid(field_name, message)
    return [found[n] for n in names]


# -- runners (proposal, user, checked body, version) --------------------------------------

def _assign(p: Proposal, user: User, v: dict[str, Any], version: int | None) -> None:
    pairs = ([(u, "lead") for u in active_units(v["lead_units"] or [], "lead_units")]
             + [(u, "co") for u in active_units(v["co_units"] or [], "co_units")]
             + [(u, "separate") for u in active_units(v["separate_units"] or [],
                                                      "separate_units")])
    if not pairs:
        raise _invalid("lead_units", _("Choose at least one unit."))
    ops.assign_proposal(p, user, pairs, v["due_date"], expected_version=version)


def _convert(p: Proposal, user: User, v: dict[str, Any], version: int | None) -> None:
    active_units([v["unit"]], "unit")
    ops.convert_proposal(p, user, db.session.get(Unit, v["unit"]), note=v["note"] or "",
                         expected_version=version)


def _merge(p: Proposal, user: User, v: dict[str, Any], version: int | None) -> None:
    target = db.session.get(Proposal, v["into"])
    if target is None or not target.can_view(user):
        raise _invalid("into", _("There is no such proposal."))
    ops.merge_proposal(p, user, target, expected_version=version)


def _extend(p: Proposal, user: User, v: dict[str, Any], version: int | None) -> None:
    pending = [r for r in p.extension_requests if r.status == RequestStatus.pending]
    if v["request_id"] is not None:
        pending = [r for r in pending if r.id == v["request_id"]]
    if not pending:
        raise ActionNotAllowed(_("There is no pending extension request to grant."))
    ops.extend_deadline(p, user, pending[0], v["until"], expected_version=version)


def _pending(requests: list[Any], wanted: int | None, message: str) -> Any:  # noqa: ANN401
    pending = [r for r in requests if r.status == RequestStatus.pending
               and (wanted is None or r.id == wanted)]
    if not pending:
        raise ActionNotAllowed(message)
    return pending[0]


def _refuse_extension(p: Proposal, user: User, v: dict[str, Any], _version: int | None) -> None:
    request = _pending(p.extension_requests, v["request_id"],
                       _("There is no pending extension request to decide."))
    ops.refuse_extension(p, user, request, v["reason"])


def _resolve_dispute(p: Proposal, user: User, v: dict[str, Any], _version: int | None) -> None:
    dispute = _pending(p.disputes, v["dispute_id"],
                       _("There is no pending request to change the assignment."))
    pairs = ([(u, "lead") for u in active_units(v["lead_units"] or [], "lead_units")]
             + [(u, "co") for u in active_units(v["co_units"] or [], "co_units")]
             + [(u, "separate") for u in active_units(v["separate_units"] or [],
                                                      "separate_units")])
    if v["decision"] == "accept" and not pairs:
        raise _invalid("lead_units", _("Choose at least one unit."))
    ops.resolve_dispute(p, user, dispute, v["decision"], units=pairs, due_on=v["due_date"],
                        note=v["note"] or "")


def _reply(p: Proposal, user: User, v: dict[str, Any], version: int | None) -> None:
    reply_with_file(p, user, v, v["signed_pdf"], "reply.pdf", version)


def reply_with_file(p: Proposal, user: User, v: dict[str, Any], pdf: bytes, filename: str,
                    version: int | None) -> None:
    """The reply, from the JSON body (base64) or the multipart upload."""
    fields = {"doc_number": v["document_number"], "result_class": v["result_class"],
              "body": v["text"], "signatory": v["signatory"],
              "contact_person": v["contact_person"], "contact_phone": v["contact_phone"],
              "may_publish": True if v["may_publish"] is None else v["may_publish"]}
    ops.reply_proposal(p, user, fields, pdf, filename, expected_version=version)


def _feedback(p: Proposal, user: User, v: dict[str, Any], version: int | None) -> None:
    fields = {"verdict": VERDICTS[v["verdict"]].value, "comment": v["comment"] or "",
              "contact_made": v["contact_made"], "attitude": v["attitude"],
              "relevance": v["relevance"]}
    ops.give_feedback(p, user, fields, expected_version=version)


def _mark_key(p: Proposal, user: User, v: dict[str, Any], version: int | None) -> None:
    leader = users_by_username([v["leader"]], "leader", Role.leader)[0]
    ops.mark_key(p, user, leader, note=v["note"] or "", expected_version=version)


def _invite(p: Proposal, user: User, v: dict[str, Any], _version: int | None) -> None:
    ops.invite_cosigners(p, user, users_by_username(v["co_signers"], "co_signers",
                                                    Role.member))


def _text(name: str, *, required: bool = True, max_length: int = NOTE_MAX,
          description: str = "") -> Field:
    return Field.string(name, required=required, max_length=max_length,
                        description=description)


def _codes(enum_type: type) -> tuple[str, ...]:
    return tuple(m.value for m in enum_type)


NOTE = _text("note", required=False)
REPLY_FIELDS = (
    _text("document_number", max_length=64, description="发文字号"),
    Field.choice("result_class", lambda: list(result_classes()), required=True,
                 description="One of the configured result classes (A/B/C by default)."),
    _text("text", max_length=BODY_MAX, description="The reply, in Markdown."),
    _text("signatory", max_length=64, description="签发人"),
    _text("contact_person", max_length=64),
    _text("contact_phone", max_length=32),
    Field.boolean("may_publish", description="Default true."),
)
REPLY_RENAMES = {"doc_number": "document_number", "body": "text", "file": "signed_pdf"}

ACTIONS: dict[str, ApiAction] = {a.name: a for a in (
    ApiAction("invite", "Invite co-signers to a draft (the proposer)", ("invite",),
              (Field.string_list("co_signers", required=True, max_items=50, max_length=150,
                                 description="Members' usernames."),),
              _invite, {"user_ids": "co_signers"}),
    ApiAction("confirm_cosign", "Confirm an invitation to co-sign (the invited member)",
              ("confirm_cosign",), (),
              lambda p, u, _v, _ver: ops.confirm_cosign(p, u)),
    ApiAction("decline_cosign", "Decline an invitation to co-sign (the invited member)",
              ("decline_cosign",), (),
              lambda p, u, _v, _ver: ops.decline_cosign(p, u)),
    ApiAction("submit", "Submit the draft (the proposer); its text is then locked",
              ("submit",), (),
              lambda p, u, _v, ver: ops.submit_proposal(p, u, expected_version=ver)),
    ApiAction("withdraw", "Withdraw before review (the proposer)", ("withdraw",), (),
              lambda p, u, _v, ver: ops.withdraw_proposal(p, u, expected_version=ver)),
    ApiAction("return", "Return for revision (secretariat)", ("return",), (_text("reason"),),
              lambda p, u, v, ver: ops.return_proposal(p, u, v["reason"],
                                                       expected_version=ver)),
    ApiAction("register", "Register (立案) and number (secretariat)", ("register",), (),
              lambda p, u, _v, ver: ops.register_proposal(p, u, expected_version=ver)),
    ApiAction("decline", "Not register (不予立案) on a standard ground (secretariat)",
              ("decline",),
              (Field.choice("ground", lambda: list(decline_grounds()), required=True),
               _text("note")),
              lambda p, u, v, ver: ops.decline_proposal(p, u, v["ground"], v["note"],
                                                        expected_version=ver)),
    ApiAction("convert", "Convert to an opinion letter referred to a unit (secretariat)",
              ("convert",),
              (Field.integer("unit", required=True, minimum=1, maximum=MAX_ID,
                             description="The unit's id."), NOTE),
              _convert, {"unit_id": "unit"}),
    ApiAction("merge", "Merge into a registered proposal of the session (secretariat)",
              ("merge",),
              (Field.integer("into", required=True, minimum=1, maximum=MAX_ID,
                             description="The id of the proposal to merge into."),),
              _merge, {"target_id": "into"}),
    ApiAction("assign", "Assign to lead and co-handling units, or separate handling "
              "(secretariat)", ("assign",),
              (Field.integer_list("lead_units", description="Unit ids."),
               Field.integer_list("co_units", description="Unit ids."),
               Field.integer_list("separate_units", description="Unit ids (分办)."),
               Field.date("due_date", description="Default: the configured period "
                          "(3 months) from today.")),
              _assign, {"units": "lead_units", "due_on": "due_date"}),
    ApiAction("dispute", "Ask to change the assignment, within its window (assigned unit)",
              ("dispute",), (_text("reason"),),
              lambda p, u, v, ver: ops.dispute_assignment(p, u, v["reason"],
                                                          expected_version=ver)),
    ApiAction("consult", "Record a consultation with the proposer (assigned unit)",
              ("consult",),
              (Field.date("date", required=True, description="When it took place."),
               Field.choice("form", tuple(CONSULT_FORMS), required=True),
               _text("summary", max_length=TEXT_MAX)),
              lambda p, u, v, ver: ops.record_consultation(
                  p, u, v["date"], CONSULT_FORMS[v["form"]].value, v["summary"],
                  expected_version=ver),
              {"held_on": "date"}),
    ApiAction("co_opinion", "Send the co-handling opinion (会办意见) to the lead unit "
              "(co-handling unit)", ("co_opinion",), (_text("text", max_length=TEXT_MAX),),
              lambda p, u, v, ver: ops.post_co_opinion(p, u, v["text"], expected_version=ver),
              {"body": "text"}),
    ApiAction("request_extension", "Ask for a later due date (replying unit)",
              ("request_extension",),
              (Field.date("until", required=True), _text("reason")),
              lambda p, u, v, ver: ops.request_extension(p, u, v["until"], v["reason"],
                                                         expected_version=ver)),
    ApiAction("extend", "Grant a unit's pending extension request (secretariat)",
              ("extend",),
              (Field.date("until", description="Default: the date the unit asked for."),
               Field.integer("request_id", minimum=1, maximum=MAX_ID, description=(
                   "Which pending request; default the oldest."))),
              _extend),
    ApiAction("refuse_extension", "Refuse a unit's pending extension request (secretariat)",
              ("refuse_extension",),
              (_text("reason"),
               Field.integer("request_id", minimum=1, maximum=MAX_ID, description=(
                   "Which pending request; default the oldest."))),
              _refuse_extension, {"note": "reason"}),
    ApiAction("resolve_dispute", "Decide a unit's request to change the assignment: "
              "re-assign (accept) or reject (secretariat)", ("resolve_dispute",),
              (Field.choice("decision", ("accept", "reject"), required=True),
               Field.integer_list("lead_units", description="Unit ids (accept)."),
               Field.integer_list("co_units", description="Unit ids (accept)."),
               Field.integer_list("separate_units", description="Unit ids (accept, 分办)."),
               Field.date("due_date", description="Default: the current due date."),
               NOTE,
               Field.integer("dispute_id", minimum=1, maximum=MAX_ID, description=(
                   "Which pending request; default the oldest."))),
              _resolve_dispute, {"units": "lead_units", "due_on": "due_date"}),
    ApiAction("reply", "Post the formal reply with its signed PDF (lead or 分办 unit)",
              ("reply", "reply_part"),
              (*REPLY_FIELDS, Field.base64("signed_pdf", required=True,
                                           max_bytes=DEFAULT_MAX_BODY,
                                           description="The signed PDF, base64-encoded "
                                           "(a PDF by its bytes, at most 10 MB).")),
              _reply, REPLY_RENAMES),
    ApiAction("feedback", "The proposer's verdict on the reply",
              ("feedback", "feedback_dissatisfied", "feedback_unresolved"),
              (Field.choice("verdict", tuple(VERDICTS), required=True),
               _text("comment", required=False),
               Field.choice("contact_made", _codes(ContactMade),
                            description="Did the unit consult you? (optional)"),
               Field.choice("attitude", _codes(Attitude),
                            description="The staff's attitude (optional)."),
               Field.choice("relevance", _codes(Relevance),
                            description="Does the reply address the proposal? (optional)")),
              _feedback),
    ApiAction("mark_key", "Mark as a key proposal with its supervising leader (secretariat)",
              ("mark_key",),
              (Field.string("leader", required=True, max_length=150,
                            description="The leader's username."), NOTE),
              _mark_key, {"leader_id": "leader"}),
    ApiAction("supervise", "Record supervision of a key proposal (its leader, secretariat)",
              ("supervise",),
              (Field.choice("form", _codes(SupervisionForm), required=True),
               Field.date("date", required=True),
               _text("notes", required=False, max_length=TEXT_MAX),
               _text("participants", required=False)),
              lambda p, u, v, ver: ops.record_supervision(
                  p, u, v["form"], v["date"], participants=v["participants"] or "",
                  notes=v["notes"] or "", expected_version=ver),
              {"held_on": "date"}),
    ApiAction("close", "Close after the verdict window, or after a second dissatisfied "
              "verdict with a note (secretariat)", ("close",), (NOTE,),
              lambda p, u, v, ver: ops.close_proposal(p, u, note=v["note"] or "",
                                                      expected_version=ver)),
)}
