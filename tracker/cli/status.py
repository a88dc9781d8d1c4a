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
from tracker.models import Role, Status


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
    from tracker.models import Demand, Response, StatusUpdate
    from tracker.services.errors import NotFound, PermissionDenied, ValidationError
    from tracker.services.followup import record_status_update
    from tracker.services.sources import get_or_create_source

    when = parse_date(assessed_on, "--assessed-on")
    if not source_urls and status_value != Status.NO_INFORMATION:
        raise ValidationError(f"--source is required for the status {status_value!r}")
    with ctx.transaction(write=True) as session:
        user = active_user(session, as_email)
        if not user.can(Role.ANALYST):
            raise PermissionDenied(
                f"{as_email} is a {user.role.value}: only analysts and admins record updates"
            )
        demand = session.get(Demand, demand_id)
        if demand is None:
            raise NotFound(f"no demand with id {demand_id}")
        corrects = session.get(StatusUpdate, corrects_id) if corrects_id else None
        if corrects_id and corrects is None:
            raise NotFound(f"no status update with id {corrects_id}")
        sources = [get_or_create_source(session, url=u, actor=user) for u in source_urls]
        update = record_status_update(
            session,
            demand,
            status=Status(status_value),
            assessed_on=when,
            sources=sources,
            note=note,
            response=Response(response) if response else None,
            corrects=corrects,
            actor=user,
        )
        update_id = update.id
    if fmt == "json":
        emit_json({"id": update_id, "demand_id": demand_id, "status": status_value})
    else:
        click.echo(
            f"recorded update {update_id}: demand {demand_id} is {status_value} "
            f"as of {when.isoformat()}"
        )
