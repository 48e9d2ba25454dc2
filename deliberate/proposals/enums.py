"""The proposal vocabulary: states, categories, roles and the choices of the forms, each
member carrying its Chinese label."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from deliberate.core.types import LabelledEnum


class ProposalState(LabelledEnum):
    draft = "draft"
    submitted = "submitted"
    withdrawn = "withdrawn"
    registered = "registered"
    not_registered = "not_registered"
    converted = "converted"
    merged = "merged"
    assigned = "assigned"
    replied = "replied"
    rehandling = "rehandling"
    closed = "closed"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        from deliberate.proposals.workflow import STATE_LABELS

        return {cls(k): v for k, v in STATE_LABELS.items()}


class Category(LabelledEnum):
    economy = "economy"
    politics = "politics"
    culture = "culture"
    society = "society"
    ecology = "ecology"
    other = "other"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.economy: _l("Economic development"),
            cls.politics: _l("Political development"),
            cls.culture: _l("Cultural development"),
            cls.society: _l("Social development"),
            cls.ecology: _l("Ecological civilisation"),
            cls.other: _l("Other"),
        }


class ProposerType(LabelledEnum):
    member = "member"
    joint = "joint"
    collective = "collective"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.member: _l("Member alone"),
            cls.joint: _l("Members jointly"),
            cls.collective: _l("Collective"),
        }


class CoSignerStatus(LabelledEnum):
    invited = "invited"
    confirmed = "confirmed"
    declined = "declined"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.invited: _l("Invited"),
            cls.confirmed: _l("Confirmed"),
            cls.declined: _l("Declined"),
        }


class AssignmentRole(LabelledEnum):
    lead = "lead"
    co = "co"
    separate = "separate"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.lead: _l("Lead unit"),
            cls.co: _l("Co-handling unit"),
            cls.separate: _l("Separate handling"),
        }


class RequestStatus(LabelledEnum):
    pending = "pending"
    granted = "granted"
    refused = "refused"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.pending: _l("Pending"),
            cls.granted: _l("Granted"),
            cls.refused: _l("Refused"),
        }


class ConsultationForm(LabelledEnum):
    in_person = "in_person"
    phone = "phone"
    symposium = "symposium"
    visit = "visit"
    written = "written"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.in_person: _l("Face to face"),
            cls.phone: _l("By telephone"),
            cls.symposium: _l("Symposium"),
            cls.visit: _l("Visit"),
            cls.written: _l("In writing"),
        }


class Verdict(LabelledEnum):
    satisfied = "satisfied"
    basically = "basically"
    dissatisfied = "dissatisfied"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.satisfied: _l("Satisfied"),
            cls.basically: _l("Basically satisfied"),
            cls.dissatisfied: _l("Dissatisfied"),
        }


class ContactMade(LabelledEnum):
    visited = "visited"
    phone = "phone"
    none = "none"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.visited: _l("Visited"),
            cls.phone: _l("By telephone"),
            cls.none: _l("Not contacted"),
        }


class Attitude(LabelledEnum):
    satisfied = "satisfied"
    understanding = "understanding"
    dissatisfied = "dissatisfied"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.satisfied: _l("Satisfied"),
            cls.understanding: _l("Understanding"),
            cls.dissatisfied: _l("Dissatisfied"),
        }


class Relevance(LabelledEnum):
    relevant = "relevant"
    partly = "partly"
    not_relevant = "not_relevant"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.relevant: _l("Addresses the proposal"),
            cls.partly: _l("Partly addresses it"),
            cls.not_relevant: _l("Does not address it"),
        }


class SupervisionForm(LabelledEnum):
    symposium = "symposium"
    site_visit = "site_visit"
    research = "research"
    visit = "visit"

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        return {
            cls.symposium: _l("Consultation symposium"),
            cls.site_visit: _l("Site inspection"),
            cls.research: _l("Thematic research"),
            cls.visit: _l("Visit"),
        }
