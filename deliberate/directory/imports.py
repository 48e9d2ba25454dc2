"""Importing members and handling units from an .xlsx roster: upload, preview, confirm.

The uploaded workbook is kept in the database between preview and confirm (several app
servers may answer the two requests); confirm re-checks every row before writing.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from deliberate.auth.reauth import reauth_required
from deliberate.core.files import StoredFile, store_file
from deliberate.directory import bp, operations
from deliberate.directory.forms import RosterUploadForm
from deliberate.directory.roster import (
    MAX_BYTES,
    MAX_ROWS,
    MEMBER_ROSTER,
    ROSTER_KINDS,
    RosterError,
    RosterResult,
    blank_template,
)
from deliberate.extensions import db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAMES = {"members": "member-roster.xlsx", "units": "unit-roster.xlsx"}


def _upload_page(form: RosterUploadForm, status: int) -> tuple[str, int]:
    return render_template("directory/import.html", form=form, kinds=ROSTER_KINDS,
                           max_mb=MAX_BYTES // 1024 // 1024, max_rows=MAX_ROWS), status


def _preview_page(kind: str, result: RosterResult, file_id: int | None,
                  status: int) -> tuple[str, int]:
    return render_template("directory/import_preview.html", kind=kind,
                           kind_label=ROSTER_KINDS[kind], result=result,
                           file_id=file_id), status


@bp.route("/import", methods=["GET", "POST"])
def import_roster() -> Any:  # noqa: ANN401
    form = RosterUploadForm()
    if not form.validate_on_submit():
        return _upload_page(form, 400 if request.method == "POST" else 200)
    upload = form.file.data
    filename = upload.filename or ""
    if not filename.lower().endswith(".xlsx"):
        form.file.errors.append(_("Only Excel workbooks (.xlsx) can be imported. Open the "
                                  "file in Excel or WPS and save it as .xlsx."))
        return _upload_page(form, 400)
    data = upload.read(MAX_BYTES + 1)
    try:
        result = operations.preview_roster(form.kind.data, data)
    except RosterError as exc:
        form.file.errors.append(exc.message)
        return _upload_page(form, 400)
    if result.has_errors:
        # Nothing kept: the secretariat corrects the workbook and uploads it again.
        return _preview_page(form.kind.data, result, None, 422)
    stored = store_file(data, filename, XLSX_TYPE, created_by_id=current_user.id)
    db.session.commit()
    return _preview_page(form.kind.data, result, stored.id, 200)


@bp.post("/import/<int:file_id>/confirm")
@reauth_required
def confirm_import(file_id: int) -> Any:  # noqa: ANN401
    stored = db.session.get(StoredFile, file_id)
    # Another user's upload is as good as absent (checked before anything else is read).
    if stored is None or stored.created_by_id != current_user.id:
        abort(404)
    kind = request.form.get("kind", "")
    if kind not in ROSTER_KINDS:
        abort(400)
    try:
        count = operations.import_roster(kind, stored.data, current_user, file_id=stored.id)
    except operations.RosterRejected as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return _preview_page(kind, exc.result, None, 422)
    except RosterError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return redirect(url_for("directory.import_roster"))
    db.session.commit()
    if kind == MEMBER_ROSTER:
        flash(_("%(n)d members have been imported. They have no password yet: reset a "
                "member's password to let them sign in.", n=count), "success")
        return redirect(url_for("directory.list_members"))
    flash(_("%(n)d handling units have been imported.", n=count), "success")
    return redirect(url_for("directory.list_units"))


@bp.get("/import/template/<any(members, units):kind>.xlsx")
def roster_template(kind: str) -> Response:
    return Response(blank_template(kind), mimetype=XLSX_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{TEMPLATE_NAMES[kind]}"'})
