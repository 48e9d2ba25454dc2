"""Downloads and previews of any registered document kind, with permission checks."""

from __future__ import annotations

import io
from typing import Any

from flask import (
    Response,
    abort,
    flash,
    render_template,
    request,
    send_file,
    stream_with_context,
)
from flask_babel import gettext as _
from flask_login import current_user

from deliberate.core.files import attachment_disposition
from deliberate.documents import bp
from deliberate.documents.batches import (
    BatchParamError,
    DocumentBatch,
    all_batches,
    get_batch,
)
from deliberate.documents.export import document_entries, stream_zip
from deliberate.documents.operations import PDF_TYPE, document_pdf, preview_document
from deliberate.documents.registry import DocumentKind, get_kind

# A batch export is one request: keep it to what a session's replies or a year's
# minutes come to.
MAX_EXPORT = 1000
# A print preview runs no script at all; its <style> element carries the installation's
# font stacks, so inline styles are allowed here and nowhere else.
PREVIEW_CSP = ("default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")


def _kind_or_404(kind_name: str) -> DocumentKind:
    kind = get_kind(kind_name)
    if kind is None:
        abort(404)
    return kind


def _visible(kind: DocumentKind, object_id: int) -> Any:  # noqa: ANN401
    obj = kind.load(object_id)
    if obj is None:
        abort(404)
    if not kind.can_view(obj, current_user):
        abort(403)
    return obj


@bp.get("/<kind_name>/<int:object_id>.pdf")
def download_document(kind_name: str, object_id: int) -> Response:
    kind = _kind_or_404(kind_name)
    obj = _visible(kind, object_id)
    data, issued = document_pdf(kind, obj)
    response = send_file(io.BytesIO(data), mimetype=PDF_TYPE, as_attachment=True,
                         download_name=kind.filename(obj),
                         etag=issued.sha256 if issued else False,
                         conditional=issued is not None, max_age=0)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/<kind_name>/<int:object_id>/preview")
def preview(kind_name: str, object_id: int) -> Response:
    kind = _kind_or_404(kind_name)
    obj = _visible(kind, object_id)
    response = Response(preview_document(kind, obj), mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    return response


def _export_ids() -> list[int]:
    raw = [part for value in request.args.getlist("ids") for part in value.split(",")]
    raw += request.args.getlist("id")
    ids: list[int] = []
    for value in raw:
        value = value.strip()
        if not value:
            continue
        if not value.isdigit() or len(value) > 12:
            abort(400, _("Document numbers must be whole numbers."))
        if int(value) not in ids:
            ids.append(int(value))
    if not ids:
        abort(400, _("Choose at least one document to export."))
    if len(ids) > MAX_EXPORT:
        abort(400, _("At most %(n)d documents can be exported at once.", n=MAX_EXPORT))
    return ids


@bp.get("/<kind_name>/export.zip")
def export_documents(kind_name: str) -> Response:
    """Several documents of one kind as a ZIP, streamed while it is made; every record
    is checked before the first byte is sent."""
    kind = _kind_or_404(kind_name)
    objects = [_visible(kind, object_id) for object_id in _export_ids()]
    stream = stream_zip(document_entries(kind, objects))
    response = Response(stream_with_context(stream), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{kind.name}.zip"'
    return response


# -- batches: "all X of Y as one ZIP" --------------------------------------------------------
def _batches_for(user: Any) -> list[DocumentBatch]:  # noqa: ANN401
    return [b for b in all_batches() if b.may_download(user)]


@bp.get("/batches/")
def list_batches() -> Any:  # noqa: ANN401
    batches = _batches_for(current_user)
    if not batches:
        abort(403)
    return render_template("documents/batches.html", batches=batches,
                           title=_("Batch export"))


@bp.get("/batches/<name>.zip")
def export_batch(name: str) -> Any:  # noqa: ANN401
    """A registered batch as a ZIP, streamed while it is made. Parameters are checked
    and the records chosen (and filtered to what the user may see) before the first byte;
    each PDF is rendered only when its turn comes."""
    batch = get_batch(name)
    if batch is None:
        abort(404)
    if not batch.may_download(current_user):
        abort(403)
    try:
        values = batch.parse(request.args)
    except BatchParamError as e:
        flash(e.message, "danger")
        return render_template("documents/batches.html", batches=_batches_for(current_user),
                               failed=batch.name, title=_("Batch export")), 422
    kind = batch.document_kind
    records = [r for r in batch.records(values) if kind.can_view(r, current_user)]
    if len(records) > MAX_EXPORT:
        abort(400, _("At most %(n)d documents can be exported at once.", n=MAX_EXPORT))
    stream = stream_zip(document_entries(kind, records))
    response = Response(stream_with_context(stream), mimetype="application/zip")
    response.headers["Content-Disposition"] = attachment_disposition(batch.zip_name(values))
    response.headers["Cache-Control"] = "private, no-store"
    # Tell proxies not to buffer: the archive is sent as it is made.
    response.headers["X-Accel-Buffering"] = "no"
    return response

