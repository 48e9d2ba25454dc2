"""Forms of consultation work (Flask-WTF; CSRF on outside tests)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from deliberate.consultation.models import (
    Adoption,
    InviteeKind,
    MeetingForm,
    Reply,
    ResultKind,
    SpeechKind,
    SpeechMode,
    TopicChannel,
)
from deliberate.consultation.models_visits import ParticipantRole, VisitKind
from deliberate.core.dates import LOCAL_TZ

LONG_TEXT = 20000
REQUIRED = _l("This field is required.")


def _required() -> DataRequired:
    return DataRequired(message=REQUIRED)


def _long(max_chars: int = LONG_TEXT) -> Length:
    return Length(max=max_chars, message=_l("At most %(max)d characters.", max=max_chars))


def to_utc(value: datetime) -> datetime:
    """A datetime typed in the body's local time (Beijing), as stored (UTC)."""
    return value.replace(tzinfo=LOCAL_TZ).astimezone(UTC)


def to_local(value: datetime) -> datetime:
    return value.astimezone(LOCAL_TZ).replace(tzinfo=None)


class TopicEditForm(FlaskForm):
    title = StringField(_l("Heading"), validators=[_required(), _long(200)])
    channel = SelectField(_l("Source"), choices=TopicChannel.choices(),
                          validators=[_required()])
    proposer_name = StringField(_l("Proposed by"), validators=[Optional(), _long(100)])
    background = TextAreaField(_l("Background"), validators=[_required(), _long()])
    feasibility_note = TextAreaField(_l("Feasibility note"), validators=[Optional(), _long()])
    research_notes = TextAreaField(_l("Selection research notes"),
                                   validators=[Optional(), _long()])
    submit = SubmitField(_l("Save"))


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), _long(2000)])


class ResultRecordForm(FlaskForm):
    kind = SelectField(_l("Kind of result"), choices=ResultKind.choices(),
                       validators=[_required()])
    title = StringField(_l("Heading"), validators=[_required(), _long(200)])
    recipients = StringField(_l("Sent to"), validators=[Optional(), _long(300)])
    sent_on = DateField(_l("Sent on"), validators=[Optional()])
    meeting_id = SelectField(_l("Meeting"), coerce=int, choices=[], validate_choice=False)
    summary = TextAreaField(_l("Summary of the result"), validators=[Optional(), _long()])
    follow_up_due = DateField(_l("Follow up by"), validators=[Optional()])
    submit = SubmitField(_l("Record the result"))


class MeetingEditForm(FlaskForm):
    title = StringField(_l("Heading"), validators=[_required(), _long(200)])
    form = SelectField(_l("Form of consultation"), choices=MeetingForm.choices(),
                       validators=[_required()])
    topic_id = SelectField(_l("Topic"), coerce=int, choices=[], validate_choice=False)
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M",
                                   validators=[_required()])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[_required()])
    venue = StringField(_l("Venue"), validators=[_required(), _long(200)])
    chair_id = SelectField(_l("Chair"), coerce=int, choices=[], validate_choice=False,
                           validators=[_required()])
    description = TextAreaField(_l("Remarks"), validators=[Optional(), _long()])
    submit = SubmitField(_l("Save"))

    def validate_ends_at(self, field: DateTimeLocalField) -> None:
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must be after the start."))

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.data.strip(), "form": MeetingForm(self.form.data),
            "topic_id": self.topic_id.data or None,
            "starts_at": to_utc(self.starts_at.data), "ends_at": to_utc(self.ends_at.data),
            "venue": self.venue.data.strip(), "chair_id": self.chair_id.data,
            "description": self.description.data or "",
        }


class AgendaItemAddForm(FlaskForm):
    title = StringField(_l("Agenda item"), validators=[_required(), _long(200)])
    presenter = StringField(_l("Presenter"), validators=[Optional(), _long(100)])
    minutes = IntegerField(_l("Minutes"), validators=[
        Optional(), NumberRange(min=1, max=600, message=_l("Between 1 and 600 minutes."))])


class OrderForm(FlaskForm):
    order = StringField(validators=[_required(), _long(2000)])

    def ids(self) -> list[int] | None:
        parts = [p.strip() for p in (self.order.data or "").split(",") if p.strip()]
        if not parts or not all(p.isdigit() for p in parts):
            return None
        return [int(p) for p in parts]


class InviteForm(FlaskForm):
    kind = SelectField(_l("Invited as"), choices=InviteeKind.choices([InviteeKind.member,
                                                            InviteeKind.official]),
                       validators=[_required()])
    user_ids = SelectMultipleField(_l("People"), coerce=int, choices=[],
                                   validate_choice=False, validators=[_required()])


class GuestInviteForm(FlaskForm):
    kind = SelectField(_l("Invited as"), choices=InviteeKind.choices([InviteeKind.official,
                                                            InviteeKind.expert]),
                       validators=[_required()])
    name = StringField(_l("Name"), validators=[_required(), _long(64)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), _long(200)])
    title = StringField(_l("Position or title"), validators=[Optional(), _long(100)])


class InvitationReplyForm(FlaskForm):
    reply = RadioField(_l("Invitation reply"),
                       choices=Reply.choices([Reply.attending, Reply.leave]),
                       validators=[_required()])
    reason = TextAreaField(_l("Reason for leave"), validators=[Optional(), _long(1000)])


class CheckInForm(FlaskForm):
    code = StringField(_l("Check-in code"), validators=[_required(), _long(12)])


class SpeechEditForm(FlaskForm):
    title = StringField(_l("Heading"), validators=[_required(), _long(200)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[_required(), _long()])
    mode = RadioField(_l("Oral or written"), choices=SpeechMode.choices(),
                      default=SpeechMode.oral.value, validators=[_required()])
    kind = SelectField(_l("Kind of speech"), choices=SpeechKind.choices(),
                       validators=[_required()])
    minutes = IntegerField(_l("Estimated minutes"), validators=[
        Optional(), NumberRange(min=1, max=600, message=_l("Between 1 and 600 minutes."))])
    on_behalf_of = StringField(_l("In the name of (party or group)"),
                               validators=[Optional(), _long(100)])
    reader = StringField(_l("Read by"), validators=[Optional(), _long(64)])
    save = SubmitField(_l("Save as draft"))
    submit = SubmitField(_l("Submit"))

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.data.strip(), "body": self.body.data,
            "mode": self.mode.data, "kind": SpeechKind(self.kind.data),
            "minutes": self.minutes.data if self.mode.data == SpeechMode.oral.value else None,
            "on_behalf_of": (self.on_behalf_of.data or "").strip(),
            "reader": (self.reader.data or "").strip(),
        }


class OpinionForm(FlaskForm):
    opinion = TextAreaField(_l("Opinion"), validators=[Optional(), _long(2000)])


class ResponseRecordForm(FlaskForm):
    responder = StringField(_l("Responded by"), validators=[_required(), _long(64)])
    responder_title = StringField(_l("Position or unit"), validators=[Optional(), _long(200)])
    text = TextAreaField(_l("Response"), validators=[_required(), _long()])


class PlanCreateForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[
        _required(), NumberRange(min=2000, max=2100, message=_l("A year between 2000 and 2100."))])
    title = StringField(_l("Heading"), validators=[_required(), _long(200)])
    notes = TextAreaField(_l("Remarks"), validators=[Optional(), _long()])
    submit = SubmitField(_l("Create the plan"))


class PlanItemAddForm(FlaskForm):
    topic_id = SelectField(_l("Topic"), coerce=int, choices=[], validate_choice=False,
                           validators=[_required()])
    quarter = SelectField(_l("Quarter"), coerce=int, validators=[_required()],
                          choices=[SelectChoice(1, _l("First quarter")),
                                   SelectChoice(2, _l("Second quarter")),
                                   SelectChoice(3, _l("Third quarter")),
                                   SelectChoice(4, _l("Fourth quarter"))])
    form = SelectField(_l("Form of consultation"), choices=MeetingForm.choices(),
                       validators=[_required()])
    lead_committee_id = SelectField(_l("Lead committee"), coerce=int, choices=[],
                                    validate_choice=False)
    notes = StringField(_l("Remarks"), validators=[Optional(), _long(300)])


class MinutesEditForm(FlaskForm):
    title = StringField(_l("Heading"), validators=[_required(), _long(200)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[_required(), _long(100000)])
    submit = SubmitField(_l("Save"))


class MinutesCorrectForm(MinutesEditForm):
    reason = TextAreaField(_l("Reason for the correction"),
                           validators=[_required(), _long(2000)])
    submit = SubmitField(_l("Correct and re-issue"))


class CommentForm(FlaskForm):
    text = TextAreaField(_l("Comment"), validators=[_required(), _long(5000)])


class InstructionRecordForm(FlaskForm):
    leader = StringField(_l("Leader"), validators=[_required(), _long(100)])
    given_on = DateField(_l("Date"), validators=[_required()])
    text = TextAreaField(_l("Instruction"), validators=[_required(), _long(5000)])


class AdoptionRecordForm(FlaskForm):
    adoption = SelectField(_l("Adoption"), choices=Adoption.choices(),
                           validators=[_required()])
    note = TextAreaField(_l("Remarks"), validators=[Optional(), _long(5000)])


class FollowUpAddForm(FlaskForm):
    entry_on = DateField(_l("Date"), validators=[_required()])
    progress = TextAreaField(_l("Progress"), validators=[_required(), _long(5000)])
    close = BooleanField(_l("The follow-up is complete: close the result"))


class VisitEditForm(FlaskForm):
    title = StringField(_l("Heading"), validators=[_required(), _long(200)])
    kind = SelectField(_l("Kind of visit"), choices=VisitKind.choices(),
                       validators=[_required()])
    topic_id = SelectField(_l("Topic"), coerce=int, choices=[], validate_choice=False)
    starts_on = DateField(_l("From"), validators=[_required()])
    ends_on = DateField(_l("Until"), validators=[_required()])
    leader_id = SelectField(_l("Group leader"), coerce=int, choices=[], validate_choice=False,
                            validators=[_required()])
    submit = SubmitField(_l("Save"))

    def values(self) -> dict[str, Any]:
        return {"title": self.title.data.strip(), "kind": VisitKind(self.kind.data),
                "topic_id": self.topic_id.data or None, "starts_on": self.starts_on.data,
                "ends_on": self.ends_on.data, "leader_id": self.leader_id.data}


class VisitReportForm(FlaskForm):
    findings = TextAreaField(_l("Findings"), validators=[Optional(), _long()])
    report = TextAreaField(_l("Research report (Markdown)"), validators=[Optional(), _long()])


class VisitSiteAddForm(FlaskForm):
    visited_on = DateField(_l("Date"), validators=[_required()])
    place = StringField(_l("Place"), validators=[_required(), _long(200)])
    unit = StringField(_l("Unit visited"), validators=[Optional(), _long(200)])
    met = StringField(_l("Who was met"), validators=[Optional(), _long(500)])
    notes = TextAreaField(_l("Remarks"), validators=[Optional(), _long(5000)])


class VisitParticipantsForm(FlaskForm):
    role = SelectField(_l("In the group as"),
                       choices=ParticipantRole.choices([ParticipantRole.member,
                                                        ParticipantRole.staff]),
                       validators=[_required()])
    user_ids = SelectMultipleField(_l("People"), coerce=int, choices=[],
                                   validate_choice=False, validators=[_required()])


class VisitRespondForm(FlaskForm):
    answer = RadioField(_l("Invitation reply"),
                        choices=[SelectChoice("confirm", _l("I will take part")),
                                              SelectChoice("excuse", _l("Excuse me"))],
                        validators=[_required()])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), _long(1000)])
