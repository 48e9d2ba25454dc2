"""Small helpers the consultation views share."""

from __future__ import annotations

from typing import Any

from flask import abort, flash
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from deliberate.core.workflow import InvalidData
from deliberate.extensions import db


def attach_errors(form: FlaskForm, exc: InvalidData) -> None:
    """Show an operation's refusal beside the fields it names (and nothing is written)."""
    db.session.rollback()
    for name, messages in exc.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(field.errors or []) + list(messages)
    flash(exc.message, "danger")


def form_status(form: FlaskForm, method: str) -> int:
    """200 for a first display, 400 when a submitted form did not validate."""
    if method == "POST":
        flash(_("Please correct the marked fields."), "danger")
        return 400
    return 200


def invalid_form(form: FlaskForm) -> InvalidData:
    """A form that did not validate, as the engine's 422 with its errors per field."""
    return InvalidData(_("Please correct the marked fields."),
                       {k: [str(m) for m in v] for k, v in form.errors.items()})


def visible_or_404(obj: Any, user: Any) -> Any:  # noqa: ANN401
    if obj is None or not obj.can_view(user):
        abort(404)
    return obj
