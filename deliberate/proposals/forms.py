"""Forms of the proposal screens (Flask-WTF, CSRF on)."""

from __future__ import annotations

import html
from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from markupsafe import Markup, escape
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput, Select, html_params

from deliberate.proposals.models import (
    BODY_MAX,
    TITLE_MAX,
    Attitude,
    Category,
    ConsultationForm,
    ContactMade,
    Relevance,
    SupervisionForm,
    Verdict,
)

NOTE_MAX = 2000
TEXT_MAX = 10000


def _required() -> DataRequired:
    return DataRequired(message=_l("This field is required."))


class VersionedForm(FlaskForm):
    # The version the user saw: a save over someone else's change is refused.
    version = IntegerField(validators=[Optional()], widget=HiddenInput())


class ProposalForm(VersionedForm):
    title = StringField(_l("Subject (案由)"), validators=[_required(), Length(max=TITLE_MAX)])
    category = SelectField(_l("Category"), choices=[], validators=[_required()])
    situation = TextAreaField(_l("Situation"), validators=[Length(max=BODY_MAX)])
    analysis = TextAreaField(_l("Analysis"), validators=[Length(max=BODY_MAX)])
    suggestions = TextAreaField(_l("Concrete suggestions"), validators=[Length(max=BODY_MAX)])
    contact = StringField(_l("Contact"), validators=[Length(max=100)])
    unit_ids = SelectMultipleField(_l("Suggested handling units"), coerce=int, choices=[],
                                   validate_choice=True)
    is_plenary = BooleanField(_l("Filed for the plenary session (大会提案)"))
    may_publish = BooleanField(_l("May be published"), default=True)
    no_publish_reason = StringField(_l("Why it may not be published"),
                                    validators=[Length(max=300)])
    collective_name = StringField(_l("Collective proposer"), validators=[Length(max=100)])

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.category.choices = Category.choices()

    def validate(self, extra_validators: dict | None = None) -> bool:
        ok = super().validate(extra_validators)
        if not self.may_publish.data and not (self.no_publish_reason.data or "").strip():
            self.no_publish_reason.errors.append(
                _l("Give the reason why the proposal may not be published."))
            ok = False
        return ok


class ReasonForm(VersionedForm):
    reason = TextAreaField(_l("Reason"), validators=[_required(), Length(max=NOTE_MAX)])


class NoteForm(VersionedForm):
    note = TextAreaField(_l("Note"), validators=[Length(max=NOTE_MAX)])


class DeclineForm(VersionedForm):
    ground = SelectField(_l("Ground"), choices=[], validators=[_required()])
    note = TextAreaField(_l("Note"), validators=[_required(), Length(max=NOTE_MAX)])


class ConvertForm(VersionedForm):
    unit_id = SelectField(_l("Refer to unit"), coerce=int, choices=[],
                          validators=[InputRequired()])
    note = TextAreaField(_l("Note"), validators=[Length(max=NOTE_MAX)])


class MergeForm(VersionedForm):
    target_number = IntegerField(_l("Merge into proposal number"),
                                 validators=[InputRequired(), NumberRange(min=1)])
    note = TextAreaField(_l("Note"), validators=[Length(max=NOTE_MAX)])


class UnitSelect(Select):
    """WTForms' multiple select with plain options written in one f-string each: the
    stock widget's attribute handling cost about 30 ms a page for three lists of 200
    units (the working list's bulk assignment)."""

    def __init__(self) -> None:
        super().__init__(multiple=True)

    def __call__(self, field: Any, **kwargs: Any) -> Markup:  # noqa: ANN401
        if field.data or field.has_groups():
            return super().__call__(field, **kwargs)
        # Nothing chosen yet (a form shown for the first time): the three lists of one form
        # share their choices, so their options are written once per request.
        kept = g.setdefault("unit_select_options", {})
        options = kept.get(id(field.choices))
        if options is None:
            options = kept[id(field.choices)] = "".join(
                self.render_option(choice) for choice in field._iter_choices_normalized())
        kwargs.setdefault("id", field.id)
        return Markup(f"<select {html_params(name=field.name, multiple=True, **kwargs)}>"  # noqa: S704
                      f"{options}</select>")

    @classmethod
    def render_option(cls, choice: Any, **kwargs: Any) -> Markup:  # noqa: ANN401
        if choice.render_kw or kwargs or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        value = html.escape(str(choice.value))
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{value}">{label}</option>')  # noqa: S704


class UnitsForm(FlaskForm):
    lead_units = SelectMultipleField(_l("Lead units (主办)"), coerce=int, choices=[],
                                     widget=UnitSelect())
    co_units = SelectMultipleField(_l("Co-handling units (会办)"), coerce=int, choices=[],
                                   widget=UnitSelect())
    separate_units = SelectMultipleField(_l("Separate handling (分办)"), coerce=int,
                                         choices=[], widget=UnitSelect())
    due_on = DateField(_l("Due date"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Length(max=NOTE_MAX)])

    def set_units(self, choices: list[tuple[int, str]]) -> None:
        for field in (self.lead_units, self.co_units, self.separate_units):
            field.choices = choices

    def pairs(self) -> list[tuple[int, str]]:
        return ([(u, "lead") for u in self.lead_units.data or []]
                + [(u, "co") for u in self.co_units.data or []]
                + [(u, "separate") for u in self.separate_units.data or []])

    def validate(self, extra_validators: dict | None = None) -> bool:
        ok = super().validate(extra_validators)
        if ok and not self.pairs():
            self.lead_units.errors.append(_l("Choose at least one unit."))
            ok = False
        return ok


class AssignForm(UnitsForm):
    version = IntegerField(validators=[Optional()], widget=HiddenInput())


class BulkAssignForm(UnitsForm):
    ids = SelectMultipleField(coerce=int, choices=[], validate_choice=False)
    next = HiddenField()


class ResolveDisputeForm(UnitsForm):
    dispute_id = IntegerField(validators=[InputRequired()], widget=HiddenInput())
    decision = RadioField(_l("Decision"), choices=[], validators=[InputRequired()])

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.decision.choices = [("accept", _l("Re-assign")), ("reject", _l("Reject the request"))]

    def validate(self, extra_validators: dict | None = None) -> bool:
        ok = FlaskForm.validate(self, extra_validators)
        if ok and self.decision.data == "accept" and not self.pairs():
            self.lead_units.errors.append(_l("Choose at least one unit."))
            ok = False
        return ok


class DisputeForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[_required(), Length(max=NOTE_MAX)])


class ConsultForm(FlaskForm):
    held_on = DateField(_l("Date"), validators=[InputRequired()])
    form = SelectField(_l("Form"), choices=[], validators=[_required()])
    summary = TextAreaField(_l("Summary"), validators=[_required(), Length(max=TEXT_MAX)])

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.form.choices = ConsultationForm.choices()


class CoOpinionForm(FlaskForm):
    body = TextAreaField(_l("Opinion"), validators=[_required(), Length(max=TEXT_MAX)])


class ExtensionRequestForm(FlaskForm):
    until = DateField(_l("New due date"), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[_required(), Length(max=NOTE_MAX)])


class ExtensionDecisionForm(FlaskForm):
    request_id = IntegerField(validators=[InputRequired()], widget=HiddenInput())
    decision = RadioField(_l("Decision"), choices=[], validators=[InputRequired()])
    until = DateField(_l("New due date"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Length(max=NOTE_MAX)])

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.decision.choices = [("grant", _l("Extend")), ("refuse", _l("Refuse"))]

    def validate(self, extra_validators: dict | None = None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.decision.data == "refuse" and not (self.note.data or "").strip():
            self.note.errors.append(_l("Give the reason for refusing."))
            ok = False
        return ok


class ReplyForm(FlaskForm):
    doc_number = StringField(_l("Document number (发文字号)"),
                             validators=[_required(), Length(max=64)])
    result_class = SelectField(_l("Result class"), choices=[], validators=[_required()])
    body = TextAreaField(_l("Reply text"), validators=[_required(), Length(max=BODY_MAX)])
    signatory = StringField(_l("Signed off by (签发人)"), validators=[_required(),
                                                                    Length(max=64)])
    contact_person = StringField(_l("Contact person"), validators=[_required(),
                                                                   Length(max=64)])
    contact_phone = StringField(_l("Contact phone"), validators=[_required(), Length(max=32)])
    may_publish = BooleanField(_l("May be published"), default=True)
    file = FileField(_l("Signed reply (PDF)"),
                     validators=[FileRequired(message=_l("Attach the signed PDF."))])


class FeedbackForm(FlaskForm):
    contact_made = RadioField(_l("Did the unit consult you?"), choices=[],
                              validators=[InputRequired()])
    attitude = RadioField(_l("The staff's attitude"), choices=[], validators=[InputRequired()])
    relevance = RadioField(_l("Does the reply address the proposal?"), choices=[],
                           validators=[InputRequired()])
    verdict = RadioField(_l("Your verdict on the result"), choices=[],
                         validators=[InputRequired()])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=NOTE_MAX)])

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.contact_made.choices = ContactMade.choices()
        self.attitude.choices = Attitude.choices()
        self.relevance.choices = Relevance.choices()
        self.verdict.choices = Verdict.choices()


class ExcellentForm(NoteForm):
    excellent = RadioField(_l("Excellent proposal"), choices=[], validators=[InputRequired()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.excellent.choices = [("yes", _l("Chosen as an excellent proposal")),
                                  ("no", _l("Not (or no longer) excellent"))]


class KeyForm(FlaskForm):
    leader_id = SelectField(_l("Supervising leader"), coerce=int, choices=[],
                            validators=[InputRequired()])
    note = TextAreaField(_l("Note"), validators=[Length(max=NOTE_MAX)])


class SupervisionRecordForm(FlaskForm):
    form = SelectField(_l("Form"), choices=[], validators=[_required()])
    held_on = DateField(_l("Date"), validators=[InputRequired()])
    participants = TextAreaField(_l("Participants"), validators=[Length(max=NOTE_MAX)])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=TEXT_MAX)])

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.form.choices = SupervisionForm.choices()


class AttachmentForm(FlaskForm):
    file = FileField(_l("Attachment"), validators=[FileRequired(message=_l("Choose a file."))])
