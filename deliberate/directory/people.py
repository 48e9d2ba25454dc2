"""Directory screens for people: members, leaders, unit staff and every account."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from deliberate.auth.models import User
from deliberate.auth.reauth import reauth_required
from deliberate.core.pagination import paginate
from deliberate.core.permissions import ROLE_LABELS, Role
from deliberate.core.workflow import InvalidData
from deliberate.directory import bp, operations, queries
from deliberate.directory.forms import AccountForm, LeaderForm, MemberForm, StaffForm
from deliberate.directory.models import Committee, Sector, Unit
from deliberate.directory.viewutils import form_page, get_or_404, show_errors, timeline
from deliberate.directory.workflows import ACCOUNT_WORKFLOW, ActiveState, may_manage_account
from deliberate.extensions import db

CONTACT = ("display_name", "title", "phone", "email")


def _fields(form: Any, names: tuple[str, ...]) -> dict[str, Any]:  # noqa: ANN401
    return {n: getattr(form, n).data for n in names if n in form._fields}


def _password_flash(user: User, password: str | None) -> None:
    if password:
        flash(_("Temporary password for %(name)s (%(username)s): %(password)s — it is shown "
                "only now. Pass it on; it must be changed at the first sign-in.",
                name=user.display_name, username=user.username, password=password), "warning")


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() else None


# -- members ------------------------------------------------------------------------------
@bp.get("/members")
def list_members() -> str:
    status = queries.status_arg(request.args.get("status"))
    q = request.args.get("q", "")[:64]
    sector_id, committee_id = _int_arg("sector"), _int_arg("committee")
    page = paginate(queries.members_stmt(q, sector_id, committee_id, status), per_page=50)
    return render_template(
        "directory/members.html", page=page, status=status, q=q, sector_id=sector_id,
        committee_id=committee_id, sectors=queries.choices(Sector),
        committees=queries.choices(Committee))


def _member_choices(form: MemberForm, user: User | None) -> None:
    profile = user.profile if user else None
    form.sector_id.choices = queries.choices(
        Sector, blank="—", keep=profile.sector_id if profile else None)
    form.committee_id.choices = queries.choices(
        Committee, blank="—", keep=profile.committee_id if profile else None)


@bp.route("/members/new", methods=["GET", "POST"])
@reauth_required
def new_member() -> Any:  # noqa: ANN401
    form = MemberForm()
    _member_choices(form, None)
    if form.validate_on_submit():
        fields = _fields(form, (*CONTACT, *operations.PROFILE_FIELDS))
        try:
            user, password = operations.create_account(form.username.data, Role.member.value,
                                                       fields, current_user)
        except InvalidData as exc:
            show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("The member %(name)s has been added.", name=user.display_name), "success")
            _password_flash(user, password)
            return redirect(url_for("directory.show_account", ident=user.id))
    return form_page("directory/form.html", form, title=_("New member"),
                     back=url_for("directory.list_members"))


@bp.route("/members/<int:ident>/edit", methods=["GET", "POST"])
@reauth_required
def edit_member(ident: int) -> Any:  # noqa: ANN401
    user = get_or_404(User, ident)
    if user.role != Role.member:
        return redirect(url_for("directory.edit_account", ident=user.id))
    form = MemberForm(obj=user.profile) if request.method == "GET" else MemberForm()
    if request.method == "GET":
        for name in CONTACT:
            if name in form._fields:
                form[name].data = getattr(user, name)
    del form.username
    _member_choices(form, user)
    if form.validate_on_submit():
        fields = _fields(form, (*CONTACT, *operations.PROFILE_FIELDS))
        try:
            operations.update_account(user, fields, current_user)
        except InvalidData as exc:
            show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("The member %(name)s has been saved.", name=user.display_name), "success")
            return redirect(url_for("directory.show_account", ident=user.id))
    return form_page("directory/form.html", form, record=user,
                     title=_("Edit member %(name)s", name=user.display_name),
                     back=url_for("directory.show_account", ident=user.id))


# -- leaders ------------------------------------------------------------------------------
@bp.get("/leaders")
def list_leaders() -> str:
    status = queries.status_arg(request.args.get("status"))
    q = request.args.get("q", "")[:64]
    page = paginate(queries.leaders_stmt(q, status), per_page=50)
    return render_template("directory/leaders.html", page=page, status=status, q=q)


@bp.route("/leaders/new", methods=["GET", "POST"], defaults={"ident": None})
@bp.route("/leaders/<int:ident>/edit", methods=["GET", "POST"])
@reauth_required
def edit_leader(ident: int | None) -> Any:  # noqa: ANN401
    user = get_or_404(User, ident) if ident else None
    if user is not None and user.role != Role.leader:
        return redirect(url_for("directory.edit_account", ident=user.id))
    form = LeaderForm(obj=user)
    if user is not None:
        del form.username
    if form.validate_on_submit():
        fields = _fields(form, CONTACT)
        try:
            if user is None:
                user, password = operations.create_account(
                    form.username.data, Role.leader.value, fields, current_user)
            else:
                password = None
                operations.update_account(user, fields, current_user)
        except InvalidData as exc:
            show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("The leader %(name)s has been saved.", name=user.display_name), "success")
            _password_flash(user, password)
            return redirect(url_for("directory.list_leaders"))
    return form_page("directory/form.html", form, record=user,
                     title=_("Edit leader") if user else _("New leader"),
                     back=url_for("directory.list_leaders"))


# -- unit staff ---------------------------------------------------------------------------
@bp.route("/units/<int:ident>/staff/new", methods=["GET", "POST"])
@reauth_required
def new_staff(ident: int) -> Any:  # noqa: ANN401
    unit = get_or_404(Unit, ident)
    form = StaffForm()
    if form.validate_on_submit():
        try:
            user, password = operations.create_account(
                form.username.data, Role.unit_staff.value, _fields(form, CONTACT),
                current_user, unit=unit)
        except InvalidData as exc:
            show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("The staff account %(name)s has been added to %(unit)s.",
                    name=user.display_name, unit=unit.name), "success")
            _password_flash(user, password)
            return redirect(url_for("directory.show_unit", ident=unit.id))
    return form_page("directory/form.html", form,
                     title=_("New staff account for %(unit)s", unit=unit.name),
                     back=url_for("directory.show_unit", ident=unit.id))


# -- every account ------------------------------------------------------------------------
@bp.get("/accounts")
def list_accounts() -> str:
    status = queries.status_arg(request.args.get("status"))
    q = request.args.get("q", "")[:64]
    role = request.args.get("role", "")
    role = role if role in Role.__members__ else ""
    page = paginate(queries.accounts_stmt(role, q, status), per_page=50)
    return render_template("directory/accounts.html", page=page, status=status, q=q,
                           role=role, roles=ROLE_LABELS)


@bp.get("/accounts/<int:ident>")
def show_account(ident: int) -> str:
    user = get_or_404(User, ident)
    state = ActiveState(user)
    return render_template(
        "directory/account.html", user=user, events=timeline("user", user.id),
        actions=ACCOUNT_WORKFLOW.available_actions(state, current_user),
        can_manage=may_manage_account(user, current_user))


def _account_choices(form: AccountForm, user: User | None) -> None:
    if current_user.role != Role.admin:
        form.role.choices = [c for c in form.role.choices if c.value != Role.admin.value]
    form.unit_id.choices = queries.choices(Unit, blank="—",
                                           keep=user.unit_id if user else None)
    profile = user.profile if user else None
    form.sector_id.choices = queries.choices(Sector, blank="—",
                                             keep=profile.sector_id if profile else None)


@bp.route("/accounts/new", methods=["GET", "POST"])
@reauth_required
def new_account() -> Any:  # noqa: ANN401
    form = AccountForm()
    _account_choices(form, None)
    if form.validate_on_submit():
        unit = db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None
        fields = _fields(form, (*CONTACT, "sector_id"))
        try:
            user, password = operations.create_account(
                form.username.data, form.role.data, fields, current_user, unit=unit)
        except InvalidData as exc:
            show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("The account %(username)s has been created.", username=user.username),
                  "success")
            _password_flash(user, password)
            return redirect(url_for("directory.show_account", ident=user.id))
    return form_page("directory/form.html", form, title=_("New account"),
                     back=url_for("directory.list_accounts"))


@bp.route("/accounts/<int:ident>/edit", methods=["GET", "POST"])
@reauth_required
def edit_account(ident: int) -> Any:  # noqa: ANN401
    user = get_or_404(User, ident)
    form = AccountForm(obj=user)
    del form.username
    _account_choices(form, user)
    if request.method == "GET":
        form.role.data = user.role.value
        form.unit_id.data = user.unit_id or 0
        form.sector_id.data = user.profile.sector_id if user.profile else 0
    if form.validate_on_submit():
        unit = db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None
        fields = _fields(form, CONTACT)
        if form.sector_id.data:
            fields["sector_id"] = form.sector_id.data
            if user.profile is not None:
                # Keep the rest of the profile as it is; this form only moves the sector.
                for name in ("committee_id", "gender", "work_unit"):
                    fields[name] = getattr(user.profile, name)
        try:
            operations.update_account(user, fields, current_user, role=form.role.data,
                                      unit=unit)
        except InvalidData as exc:
            show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("The account %(username)s has been saved.", username=user.username),
                  "success")
            return redirect(url_for("directory.show_account", ident=user.id))
    return form_page("directory/form.html", form, record=user,
                     title=_("Edit account %(username)s", username=user.username),
                     back=url_for("directory.show_account", ident=user.id))


@bp.post("/accounts/<int:ident>/reset-password")
@reauth_required
def reset_password(ident: int) -> Response:
    user = get_or_404(User, ident)
    password = operations.reset_password(user, current_user)
    db.session.commit()
    _password_flash(user, password)
    return redirect(url_for("directory.show_account", ident=user.id))
