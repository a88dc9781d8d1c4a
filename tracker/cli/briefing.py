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


@click.command("briefing")
@click.option("--country", metavar="CC", help="ISO code (KH) or name (Cambodia).")
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
    from tracker.services.errors import ValidationError
    from tracker.services.exports import export_briefing
    from tracker.services.scopes import BRIEFING_SCOPES, parse_scope

    when = parse_date(since, "--since") if since else None
    if str(output) == "-" and fmt in ("pdf", "docx"):
        raise ValidationError(f"{fmt} cannot go to standard output: give -o FILE")
    given = {
        "country": country,
        "actor": actor_id,
        "resolution": resolution_id,
        "thread": thread_id,
        "addressee": addressee_id,
    }
    with (
        ctx.transaction(write=include_confidential) as session,
        click.progressbar(length=1, label="Building the briefing", file=sys.stderr) as bar,
    ):
        document = export_briefing(
            session,
            parse_scope(session, given, kinds=BRIEFING_SCOPES, what="the briefing"),
            fmt,
            since=when,
            include_confidential=include_confidential,
            actor=active_user(session, as_email) if as_email else None,
        )
        bar.update(1)
    briefing = document.briefing
    if str(output) == "-":
        click.echo(document.content.decode())
    else:
        output.write_bytes(document.content)
        click.echo(
            f"wrote {output} ({len(briefing.changes)} changes since {briefing.since.isoformat()})"
        )
