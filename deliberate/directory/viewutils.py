"""Small helpers shared by the directory's view modules."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, render_template, request
from flask_wtf import FlaskForm

from deliberate.core.events import Event, events_for
from deliberate.core.workflow import InvalidData
from deliberate.extensions import db

# Operations name some fields after the model; the forms after the select they show.
FIELD_ALIASES = {"unit": "unit_id"}


def get_or_404(model: type, ident: int) -> Any:  # noqa: ANN401
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def show_errors(form: FlaskForm, exc: InvalidData) -> None:
    """Put an operation's refusal next to the fields it concerns."""
    db.session.rollback()
    for name, messages in exc.fields.items():
        field = form._fields.get(FIELD_ALIASES.get(name, name))
        if field is not None:
            field.errors = [*field.errors, *messages]
        else:
            for message in messages:
                flash(message, "danger")
    flash(exc.message, "danger")


def form_page(template: str, form: FlaskForm, status: int | None = None,
              **context: Any) -> tuple[str, int]:  # noqa: ANN401
    """Render a form page; a POST that got here failed validation (422)."""
    if status is None:
        status = 422 if request.method == "POST" else 200
    return render_template(template, form=form, **context), status


def timeline(object_type: str, object_id: int) -> list[Event]:
    # Sign-ins are counted on the page (last sign-in); listing each would bury the changes.
    return [ev for ev in events_for(object_type, object_id) if ev.action != "login"]
