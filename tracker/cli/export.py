"""`tracker export report`: follow-up reports for a resolution, a country or an actor."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tracker.cli.framework import (
    Context,
    active_user,
    confidential_options,
    format_option,
    one_line_errors,
    output_option,
    pass_ctx,
)


@click.group()
def export() -> None:
    """Export follow-up reports."""


REPORT_FORMATS = ["pdf", "docx", "md", "csv", "xlsx", "json", "html"]


@export.command("report")
@click.option("--resolution", "resolution_id", type=int, metavar="ID")
@click.option("--country", metavar="CC", help="ISO code (KH) or name (Cambodia).")
@click.option("--actor", "actor_id", type=int, metavar="ID")
@format_option(*REPORT_FORMATS, default=None)
@output_option("File to write ('-' for standard output).")
@confidential_options("Who exports (needed for confidential).")
@pass_ctx
@one_line_errors
def export_report(
    ctx: Context,
    resolution_id: int | None,
    country: str | None,
    actor_id: int | None,
    fmt: str,
    output: Path,
    include_confidential: bool,
    as_email: str | None,
) -> None:
    """Write a follow-up report for a resolution, a country (code or name) or an actor."""
    from tracker.services.errors import ValidationError
    from tracker.services.exports import export_report as export
    from tracker.services.scopes import parse_scope

    if str(output) == "-" and fmt in ("pdf", "docx", "xlsx"):
        raise ValidationError(f"{fmt} cannot go to standard output: give -o FILE")
    given = {"resolution": resolution_id, "country": country, "actor": actor_id}
    with (
        ctx.transaction(write=include_confidential) as session,
        # Rendering a large report takes seconds (charts, PDF layout): show that it is moving.
        click.progressbar(length=1, label=f"Exporting {fmt.upper()}", file=sys.stderr) as bar,
    ):
        document = export(
            session,
            parse_scope(session, given),
            fmt,
            include_confidential=include_confidential,
            actor=active_user(session, as_email) if as_email else None,
        )
        bar.update(1)
    if str(output) == "-":
        click.echo(document.content.decode("utf-8"))
    else:
        output.write_bytes(document.content)
        click.echo(f"wrote {output} ({len(document.snapshot.demands)} demands)")
