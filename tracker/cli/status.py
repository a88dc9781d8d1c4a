"""`tracker status record`: a dated, sourced status update for a demand."""

from __future__ import annotations

import click

from tracker.cli.framework import (
    Context,
    active_user,
    emit_json,
    format_option,
    one_line_errors,
    parse_date,
    pass_ctx,
)
from tracker.models import Status


@click.group()
def status() -> None:
    """Record status updates."""


@status.command("record")
@click.argument("demand_id", type=int)
@click.option(
    "--status", "status_value", required=True, type=click.Choice([s.value for s in Status])
)
@click.option("--assessed-on", required=True, metavar="DATE", help="YYYY-MM-DD, not in the future.")
@click.option(
    "--source",
    "source_urls",
    multiple=True,
    metavar="URL",
    help="Evidence (repeatable); required unless the status is no_information.",
)
@click.option("--note", default="", help="Note (Markdown).")
@click.option("--response", type=click.Choice(["none", "acknowledged", "committed", "rejected"]))
@click.option(
    "--corrects",
    "corrects_id",
    type=int,
    metavar="UPDATE_ID",
    help="The earlier update this one corrects.",
)
@click.option("--as", "as_email", required=True, metavar="EMAIL", help="The analyst recording it.")
@format_option("text", "json", show_default=False)
@pass_ctx
@one_line_errors
def status_record(
    ctx: Context,
    demand_id: int,
    status_value: str,
    assessed_on: str,
    source_urls: tuple[str, ...],
    note: str,
    response: str | None,
    corrects_id: int | None,
    as_email: str,
    fmt: str,
) -> None:
    """Record a dated, sourced status update for DEMAND_ID."""
    from tracker.models import Response
    from tracker.services.followup import record_status_update_by_ids
    from tracker.services.sources import SourceSpec

    when = parse_date(assessed_on, "--assessed-on")
    with ctx.transaction(write=True) as session:
        update = record_status_update_by_ids(
            session,
            demand_id,
            status=Status(status_value),
            assessed_on=when,
            sources=[SourceSpec(url=url) for url in source_urls],
            note=note,
            response=Response(response) if response else None,
            corrects_id=corrects_id,
            actor=active_user(session, as_email),
        )
        update_id = update.id
    if fmt == "json":
        emit_json({"id": update_id, "demand_id": demand_id, "status": status_value})
    else:
        click.echo(
            f"recorded update {update_id}: demand {demand_id} is {status_value} "
            f"as of {when.isoformat()}"
        )
