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


class _BatchGroup(click.Group):
    """One subcommand per registered batch, made from its parameters when asked for, so
    ``export-batch NAME --help`` shows that batch's own options."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from deliberate.documents.batches import all_batches

        return [b.name for b in all_batches()]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from deliberate.documents.batches import get_batch

        batch = get_batch(cmd_name)
        if batch is None:
            return None
        options = [click.Option([f"--{p.name.replace('_', '-')}", p.name], type=str,
                                required=p.required and p.default is None,
                                help=str(p.help or p.label))
                   for p in batch.params]
        options.append(click.Option(["-o", "--output"], required=True,
                                    type=click.Path(dir_okay=False, path_type=Path),
                                    help="The .zip file to write."))

        def run(output: Path, **raw: str | None) -> None:
            _export_batch(batch.name, raw, output)

        return click.Command(batch.name, callback=run, params=options,
                             help=str(batch.description or batch.label),
                             short_help=str(batch.label))


@click.group("export-batch", cls=_BatchGroup, invoke_without_command=False)
def export_batch_command() -> None:
    """Several documents as one ZIP (a session's replies, a year's minutes, …):
    export-batch NAME --PARAM VALUE -o FILE.zip. Run without NAME to list the batches."""


def _export_batch(name: str, raw: dict[str, str | None], output: Path) -> None:
    from deliberate.documents.batches import BatchParamError, get_batch
    from deliberate.documents.export import document_entries, stream_zip

    batch = get_batch(name)
    if batch is None:  # unregistered between lookup and call
        raise click.ClickException(f"no batch {name!r}")
    if output.suffix.lower() != ".zip":
        raise click.ClickException("the output of a batch is a .zip file")
    with force_locale("zh"):
        try:
            values = batch.parse(raw)
        except BatchParamError as e:
            raise click.BadParameter(e.message, param_hint=f"--{e.param}") from e
        kind = batch.document_kind
        records = batch.records(values)
        skipped: list[Any] = []
        done = 0
        tmp = output.with_name(output.name + ".part")
        try:
            with click.progressbar(length=len(records), label=f"{batch.name}",
                                   show_pos=True) as bar, tmp.open("wb") as fh:
                def step(_name: str) -> None:
                    nonlocal done
                    done += 1
                    bar.update(1)

                for chunk in stream_zip(document_entries(kind, records, skipped),
                                        progress=step):
                    fh.write(chunk)
                bar.update(len(skipped))
            tmp.replace(output)
        finally:
            tmp.unlink(missing_ok=True)
    for obj in skipped:
        click.echo(f"skipped {kind.name} {kind.object_id(obj)}: {kind.unavailable(obj)}",
                   err=True)
    click.echo(f"wrote {output}: {done} documents ({output.stat().st_size:,} bytes)")
