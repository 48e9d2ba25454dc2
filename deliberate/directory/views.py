"""Directory screens for the secretariat and the administrator: the body's structure
(terms, sessions, sectors, committees, handling units). People and the roster import are
in ``people.py`` and ``imports.py``."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from deliberate.auth.models import User
from deliberate.auth.reauth import reauth_required
from deliberate.core.pagination import paginate
from deliberate.core.permissions import Role
from deliberate.core.urls import safe_next
from deliberate.core.workflow import InvalidData
from deliberate.directory import bp, operations, queries
from deliberate.directory.forms import (
    NamedItemForm,
    SessionForm,
    TermForm,
    UnitForm,
)
from deliberate.directory.models import Committee, PlenarySession, Sector, Term, Unit
from deliberate.directory.viewutils import form_page, get_or_404, show_errors, timeline
from deliberate.extensions import db


@bp.before_request
def _keepers_only() -> None:
    # Sign-in is required by core.web before this runs; here only the role counts.
    if current_user.is_authenticated and not current_user.can_manage_directory():
        abort(403)


@bp.get("/")
def index() -> str:
    counts = dict(db.session.execute(
        select(User.role, func.count(User.id)).where(User.is_active.is_(True))
        .group_by(User.role)).all())
    current = db.session.scalar(select(PlenarySession).where(
        PlenarySession.is_current.is_(True)))
    units = db.session.scalar(select(func.count(Unit.id)).where(Unit.is_active.is_(True)))
    return render_template("directory/index.html", counts=counts, current_session=current,
                           unit_count=units or 0, Role=Role)


# -- activation, for every kind of record -----------------------------------------------
KINDS: dict[str, tuple[type, str]] = {
    "terms": (Term, "directory.list_terms"),
    "sessions": (PlenarySession, "directory.list_sessions"),
    "sectors": (Sector, "directory.list_named"),
    "committees": (Committee, "directory.list_named"),
    "units": (Unit, "directory.list_units"),
    "accounts": (User, "directory.list_accounts"),
}


@bp.post("/<any(terms, sessions, sectors, committees, units, accounts):kind>/<int:ident>/"
         "<any(deactivate, reactivate):action>")
@reauth_required
def set_active(kind: str, ident: int, action: str) -> Response:
    model, list_endpoint = KINDS[kind]
    record = get_or_404(model, ident)
    operations.set_active(record, action == "reactivate", current_user,
                          note=request.form.get("note", "")[:500])
    db.session.commit()
    if action == "reactivate":
        flash(_("“%(name)s” is active again.", name=_record_name(record)), "success")
    else:
        flash(_("“%(name)s” has been deactivated.", name=_record_name(record)), "success")
    fallback = url_for(list_endpoint, kind=kind) if kind in NAMED else url_for(list_endpoint)
    return redirect(safe_next(request.form.get("next")) or fallback)


def _record_name(record: Any) -> str:  # noqa: ANN401
    return getattr(record, "display_name", None) or record.name


# -- terms and sessions -----------------------------------------------------------------
@bp.get("/terms")
def list_terms() -> str:
    return render_template("directory/terms.html", terms=queries.terms())


@bp.route("/terms/new", methods=["GET", "POST"], defaults={"ident": None})
@bp.route("/terms/<int:ident>/edit", methods=["GET", "POST"])
def edit_term(ident: int | None) -> Any:  # noqa: ANN401
    term = get_or_404(Term, ident) if ident else None
    form = TermForm(obj=term)
    if form.validate_on_submit():
        fields = {k: getattr(form, k).data for k in ("number", "name", "start_year", "end_year")}
        try:
            operations.save_term(term, fields, current_user)
        except InvalidData as exc:
            show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("The term has been saved."), "success")
            return redirect(url_for("directory.list_terms"))
    return form_page("directory/form.html", form, record=term,
                     title=_("Edit term") if term else _("New term"),
                     back=url_for("directory.list_terms"))


@bp.get("/sessions")
def list_sessions() -> str:
    return render_template("directory/sessions.html", sessions=queries.sessions())


@bp.route("/sessions/new", methods=["GET", "POST"], defaults={"ident": None})
@bp.route("/sessions/<int:ident>/edit", methods=["GET", "POST"])
def edit_session(ident: int | None) -> Any:  # noqa: ANN401
    session = get_or_404(PlenarySession, ident) if ident else None
    form = SessionForm(obj=session)
    form.term_id.choices = queries.choices(Term, keep=session.term_id if session else None)
    if not form.term_id.choices:
        flash(_("Create a term first."), "warning")
        return redirect(url_for("directory.edit_term"))
    if form.validate_on_submit():
        names = ("term_id", "number", "name", "year", "opens_on", "filing_deadline")
        try:
            operations.save_session(session, {k: getattr(form, k).data for k in names},
                                    current_user)
        except InvalidData as exc:
            show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("The session has been saved."), "success")
            return redirect(url_for("directory.list_sessions"))
    return form_page("directory/form.html", form, record=session,
                     title=_("Edit session") if session else _("New session"),
                     back=url_for("directory.list_sessions"))


@bp.post("/sessions/<int:ident>/make-current")
def make_current(ident: int) -> Response:
    session = get_or_404(PlenarySession, ident)
    operations.make_session_current(session, current_user)
    db.session.commit()
    flash(_("“%(name)s” is now the current session.", name=session.name), "success")
    return redirect(url_for("directory.list_sessions"))


# -- sectors and special committees ------------------------------------------------------
NAMED: dict[str, tuple[type, Any, Any, Any]] = {
    "sectors": (Sector, operations.save_sector, _l("Sectors"), _l("Sector")),
    "committees": (Committee, operations.save_committee, _l("Special committees"),
                   _l("Special committee")),
}


@bp.get("/<any(sectors, committees):kind>")
def list_named(kind: str) -> str:
    model, _save, title, _one = NAMED[kind]
    status = queries.status_arg(request.args.get("status"))
    return render_template("directory/named.html", kind=kind, title=title, status=status,
                           items=queries.named_items(model, status))


@bp.route("/<any(sectors, committees):kind>/new", methods=["GET", "POST"],
          defaults={"ident": None})
@bp.route("/<any(sectors, committees):kind>/<int:ident>/edit", methods=["GET", "POST"])
def edit_named(kind: str, ident: int | None) -> Any:  # noqa: ANN401
    model, save, _title, one = NAMED[kind]
    item = get_or_404(model, ident) if ident else None
    form = NamedItemForm(obj=item)
    if form.validate_on_submit():
        try:
            save(item, {"name": form.name.data, "sort_order": form.sort_order.data or 0},
                 current_user)
        except InvalidData as exc:
            show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("“%(name)s” has been saved.", name=form.name.data), "success")
            return redirect(url_for("directory.list_named", kind=kind))
    title = _("Edit %(what)s", what=one) if item else _("New %(what)s", what=one)
    return form_page("directory/form.html", form, record=item, title=title,
                     back=url_for("directory.list_named", kind=kind))


# -- handling units -----------------------------------------------------------------------
@bp.get("/units")
def list_units() -> str:
    status = queries.status_arg(request.args.get("status"))
    q = request.args.get("q", "")[:64]
    page = paginate(queries.units_stmt(q, status), per_page=50, scalars=False)
    return render_template("directory/units.html", page=page, status=status, q=q)


@bp.get("/units/<int:ident>")
def show_unit(ident: int) -> str:
    unit = get_or_404(Unit, ident)
    return render_template("directory/unit.html", unit=unit, staff=queries.unit_staff(unit),
                           events=timeline("unit", unit.id))


@bp.route("/units/new", methods=["GET", "POST"], defaults={"ident": None})
@bp.route("/units/<int:ident>/edit", methods=["GET", "POST"])
def edit_unit(ident: int | None) -> Any:  # noqa: ANN401
    unit = get_or_404(Unit, ident) if ident else None
    form = UnitForm(obj=unit)
    if form.validate_on_submit():
        names = ("name", "short_name", "contact_person", "phone")
        fields = {k: getattr(form, k).data or "" for k in names}
        fields["sort_order"] = form.sort_order.data or 0
        try:
            unit = operations.save_unit(unit, fields, current_user)
        except InvalidData as exc:
            show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("The handling unit has been saved."), "success")
            return redirect(url_for("directory.show_unit", ident=unit.id))
    return form_page("directory/form.html", form, record=unit,
                     title=_("Edit handling unit") if unit else _("New handling unit"),
                     back=url_for("directory.list_units"))


from deliberate.directory import calendar_views, imports, people  # noqa: E402,F401
