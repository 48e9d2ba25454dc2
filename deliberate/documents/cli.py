"""flask --app deliberate render KIND ID [ID …] -o FILE.pdf|FILE.zip"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from flask_babel import force_locale

from deliberate.core.workflow import WorkflowError

if TYPE_CHECKING:
    from deliberate.documents.registry import DocumentKind


@click.command("render")
@click.argument("kind_name", metavar="KIND")
@click.argument("object_ids", metavar="ID...", nargs=-1, required=True, type=int)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF to write, or a .zip for several documents.")
@click.option("--html", "as_html", is_flag=True, help="Write the HTML preview instead.")
def render_command(kind_name: str, object_ids: tuple[int, ...], output: Path,
                   as_html: bool) -> None:
    """Render documents of KIND (issued ones as issued, others as watermarked drafts)."""
    from deliberate.documents.operations import document_pdf, preview_document
    from deliberate.documents.registry import all_kinds, get_kind

    kind = get_kind(kind_name)
    if kind is None:
        names = ", ".join(k.name for k in all_kinds()) or "none"
        raise click.ClickException(f"no document kind “{kind_name}” (known: {names})")
    many = output.suffix.lower() == ".zip"
    if len(object_ids) > 1 and not many:
        raise click.ClickException("several documents go into a .zip output file")
    objects = []
    for object_id in object_ids:
        obj = kind.load(object_id)
        if obj is None:
            raise click.ClickException(f"no {kind_name} with id {object_id}")
        objects.append(obj)
    with force_locale("zh"):
        try:
            if many:
                _write_zip(kind, objects, output)
            elif as_html:
                output.write_text(preview_document(kind, objects[0]), encoding="utf-8")
            else:
                output.write_bytes(document_pdf(kind, objects[0])[0])
        except WorkflowError as e:
            raise click.ClickException(e.message) from e
    click.echo(f"wrote {output} ({output.stat().st_size:,} bytes)")


def _write_zip(kind: DocumentKind, objects: list[Any], output: Path) -> None:
    from deliberate.documents.export import document_entries, stream_zip

    skipped: list[Any] = []
    with click.progressbar(length=len(objects), label="rendering") as bar, \
            output.open("wb") as fh:
        entries = document_entries(kind, objects, skipped)
        for chunk in stream_zip(entries, progress=lambda _name: bar.update(1)):
            fh.write(chunk)
        bar.update(len(skipped))
    for obj in skipped:
        click.echo(f"skipped {kind.name} {kind.object_id(obj)}: "
                   f"{kind.unavailable(obj)}", err=True)
