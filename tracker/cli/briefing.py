"""`tracker briefing`: what changed since a date, for a country, actor, resolution or thread."""

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
    parse_date,
    pass_ctx,
)
from tracker.models import Role


@click.command("briefing")
@click.option("--country", metavar="CC", help="ISO 3166-1 alpha-2 code, e.g. KH.")
@click.option("--actor", "actor_id", type=int, metavar="ID")
@click.option("--resolution", "resolution_id", type=int, metavar="ID")
@click.option("--thread", "thread_id", type=int, metavar="ID")
@click.option("--addressee", "addressee_id", type=int, metavar="ID")
@click.option(
    "--since",
    metavar="DATE",
    help="YYYY-MM-DD (default: the date of the latest resolution in scope).",
)
@format_option("md", "pdf", "docx", "json", default=None)
@output_option("File to write ('-' for standard output, text formats only).")
@confidential_options("Who asks (needed for confidential).")
@pass_ctx
@one_line_errors
def briefing_command(
    ctx: Context,
    country: str | None,
    actor_id: int | None,
    resolution_id: int | None,
    thread_id: int | None,
    addressee_id: int | None,
    since: str | None,
    fmt: str,
    output: Path,
    include_confidential: bool,
    as_email: str | None,
) -> None:
    """Write a briefing: changes since a date, open demands by addressee, draft wording."""
    from tracker.reports.briefing_build import build_briefing_for
    from tracker.reports.briefing_render import render_briefing
    from tracker.services.audit import record_audit
    from tracker.services.errors import PermissionDenied, ValidationError

    scopes = {
        "country": country,
        "actor_id": actor_id,
        "resolution_id": resolution_id,
        "thread_id": thread_id,
        "addressee_id": addressee_id,
    }
    chosen = {k: v for k, v in scopes.items() if v is not None}
    if len(chosen) != 1:
        raise ValidationError(
            "give exactly one of --country, --actor, --resolution, --thread or --addressee"
        )
    when = parse_date(since, "--since") if since else None
    if str(output) == "-" and fmt in ("pdf", "docx"):
        raise ValidationError(f"{fmt} cannot go to standard output: give -o FILE")
    with ctx.transaction() as session:
        if include_confidential:
            user = active_user(session, as_email) if as_email else None
            if user is None or not user.can(Role.ADMIN):
                raise PermissionDenied("--include-confidential needs --as an admin")
            record_audit(
                session,
                actor=user,
                action="export.confidential",
                entity_type="reports",
                entity_id=None,
                summary=f"confidential {fmt} briefing",
                after=dict(chosen),
            )
        with click.progressbar(length=2, label="Building the briefing", file=sys.stderr) as bar:
            ((scope, value),) = chosen.items()
            briefing = build_briefing_for(
                session,
                scope.removesuffix("_id"),
                value,
                since=when,
                include_confidential=include_confidential,
            )
            bar.update(1)
            content = render_briefing(briefing, fmt)
            bar.update(1)
    if str(output) == "-":
        click.echo(content.decode())
    else:
        output.write_bytes(content)
        click.echo(
            f"wrote {output} ({len(briefing.changes)} changes since {briefing.since.isoformat()})"
        )
