"""Forms of the directory screens."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp

from deliberate.core.permissions import ROLE_LABELS
from deliberate.directory.roster import PHONE_RE, ROSTER_KINDS

PHONE = Regexp(PHONE_RE, message=_l("Not a phone number."))


def _strip(value: Any) -> Any:  # noqa: ANN401
    return value.strip() if isinstance(value, str) else value


STRIP = [_strip]


class TermForm(FlaskForm):
    number = IntegerField(_l("Term number"), validators=[DataRequired(), NumberRange(1, 99)])
    name = StringField(_l("Official name"), filters=STRIP,
                       validators=[DataRequired(), Length(max=32)],
                       description=_l("For example 第十二届"))
    start_year = IntegerField(_l("First year"), validators=[DataRequired(),
                                                           NumberRange(1949, 2200)])
    end_year = IntegerField(_l("Last year"), validators=[DataRequired(),
                                                        NumberRange(1949, 2200)])
    submit = SubmitField(_l("Save"))


class SessionForm(FlaskForm):
    term_id = SelectField(_l("Term"), coerce=int, validators=[DataRequired()])
    number = IntegerField(_l("Session number"), validators=[DataRequired(), NumberRange(1, 20)])
    name = StringField(_l("Official name"), filters=STRIP,
                       validators=[DataRequired(), Length(max=64)],
                       description=_l("For example 第十二届第四次会议"))
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(1949, 2200)])
    opens_on = DateField(_l("Opening day"), validators=[Optional()])
    filing_deadline = DateField(_l("Filing deadline for plenary proposals"),
                                validators=[Optional()])
    submit = SubmitField(_l("Save"))


class NamedItemForm(FlaskForm):
    """Sectors and special committees: a name and a place in lists."""

    name = StringField(_l("Official name"), filters=STRIP,
                       validators=[DataRequired(), Length(max=64)])
    sort_order = IntegerField(_l("Order in lists"), default=0,
                              validators=[Optional(), NumberRange(0, 9999)])
    submit = SubmitField(_l("Save"))


class UnitForm(FlaskForm):
    name = StringField(_l("Official name"), filters=STRIP,
                       validators=[DataRequired(), Length(max=128)])
    short_name = StringField(_l("Short name"), validators=[Optional(), Length(max=64)],
                             filters=STRIP)
    contact_person = StringField(_l("Contact person"), validators=[Optional(), Length(max=64)],
                                 filters=STRIP)
    phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=32), PHONE],
                        filters=STRIP)
    sort_order = IntegerField(_l("Order in lists"), default=0,
                              validators=[Optional(), NumberRange(0, 9999)])
    submit = SubmitField(_l("Save"))


class _PersonForm(FlaskForm):
    display_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=64)],
                               filters=STRIP)
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)],
                           filters=STRIP, description=_l("Used to sign in; cannot be changed."))


def _phone() -> StringField:
    return StringField(_l("Phone"), validators=[Optional(), Length(max=32), PHONE],
                       filters=STRIP)


def _email() -> StringField:
    return StringField(_l("E-mail"), validators=[Optional(), Length(max=120), Email()],
                       filters=STRIP)


class MemberForm(_PersonForm):
    gender = SelectField(_l("Gender"), validators=[Optional()], choices=[
        SelectChoice("", "—"), SelectChoice("男", _l("Male")), SelectChoice("女", _l("Female"))])
    sector_id = SelectField(_l("Sector"), coerce=int, validators=[DataRequired()])
    committee_id = SelectField(_l("Special committee"), coerce=int, validators=[Optional()])
    work_unit = StringField(_l("Work unit and position"), validators=[Optional(),
                                                                     Length(max=200)],
                            filters=STRIP)
    phone = _phone()
    email = _email()
    submit = SubmitField(_l("Save"))


class LeaderForm(_PersonForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=100)],
                        filters=STRIP, description=_l("For example 主席 or 副主席"))
    phone = _phone()
    email = _email()
    submit = SubmitField(_l("Save"))


class StaffForm(_PersonForm):
    title = StringField(_l("Position"), validators=[Optional(), Length(max=100)],
                        filters=STRIP)
    phone = _phone()
    email = _email()
    submit = SubmitField(_l("Save"))


class AccountForm(_PersonForm):
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value, label)
                                         for r, label in ROLE_LABELS.items()],
                       validators=[DataRequired()])
    unit_id = SelectField(_l("Handling unit"), coerce=int, validators=[Optional()],
                          description=_l("Only for handling unit staff."))
    sector_id = SelectField(_l("Sector"), coerce=int, validators=[Optional()],
                            description=_l("Only for members."))
    title = StringField(_l("Title or position"), validators=[Optional(), Length(max=100)],
                        filters=STRIP)
    phone = _phone()
    email = _email()
    submit = SubmitField(_l("Save"))


class RosterUploadForm(FlaskForm):
    kind = SelectField(_l("Roster of"), choices=[SelectChoice(k, label)
                                               for k, label in ROSTER_KINDS.items()],
                       validators=[DataRequired()])
    file = FileField(_l("Excel workbook (.xlsx)"),
                     validators=[FileRequired(_l("Choose a file."))])
    submit = SubmitField(_l("Check the roster"))


class CalendarDayForm(FlaskForm):
    """A working-day correction: the date, whether it is worked, and why."""

    day = DateField(_l("Date"), validators=[DataRequired(message=_l("Give a valid date."))])
    kind = SelectField(_l("The date is"), choices=[
        SelectChoice("holiday", _l("a day off")),
        SelectChoice("workday", _l("a working day")),
    ], validators=[DataRequired()])
    note = StringField(_l("Reason"), filters=STRIP, validators=[Length(max=100)],
                       description=_l("For example 本市地方性假日 or 国务院通知调休"))
    submit = SubmitField(_l("Add the correction"))
