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
from tracker.models import Role


@click.group()
def export() -> None:
    """Export follow-up reports."""


REPORT_FORMATS = ["pdf", "docx", "md", "csv", "xlsx", "json", "html"]


@export.command("report")
@click.option("--resolution", "resolution_id", type=int, metavar="ID")
@click.option("--country", metavar="CC")
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
    """Write a follow-up report for a resolution, a country or an actor."""
    from tracker.reports.build import build_snapshot
    from tracker.reports.render import render
    from tracker.services.audit import record_audit
    from tracker.services.errors import PermissionDenied, ValidationError

    scopes = [s for s in (resolution_id, country, actor_id) if s is not None]
    if len(scopes) != 1:
        raise ValidationError("give exactly one of --resolution, --country or --actor")
    with ctx.transaction(write=include_confidential) as session:
        user = active_user(session, as_email) if as_email else None
        if include_confidential:
            if user is None or not user.can(Role.ADMIN):
                raise PermissionDenied("--include-confidential needs --as an admin")
            record_audit(
                session,
                actor=user,
                action="export.confidential",
                entity_type="reports",
                entity_id=None,
                summary=f"confidential {fmt} report exported",
                after={"resolution": resolution_id, "country": country, "actor": actor_id},
            )
        snapshot = build_snapshot(
            session,
            resolution_id=resolution_id,
            country=country,
            actor_id=actor_id,
            include_confidential=include_confidential,
        )
    if str(output) == "-" and fmt in ("pdf", "docx", "xlsx"):
        raise ValidationError(f"{fmt} cannot go to standard output: give -o FILE")
    # Rendering a large report takes seconds (charts, PDF layout): show that it is moving.
    with click.progressbar(length=1, label=f"Rendering {fmt.upper()}", file=sys.stderr) as bar:
        content = render(snapshot, fmt)
        bar.update(1)
    if str(output) == "-":
        click.echo(content.decode("utf-8"))
    else:
        output.write_bytes(content)
        click.echo(f"wrote {output} ({len(snapshot.demands)} demands)")
