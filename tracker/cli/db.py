"""`tracker db upgrade`: create or migrate the database."""

from __future__ import annotations

import click

from tracker.cli.framework import Context, one_line_errors, pass_ctx


@click.group()
def db() -> None:
    """Create or migrate the database."""


@db.command("upgrade")
@pass_ctx
@one_line_errors
def db_upgrade(ctx: Context) -> None:
    """Create the database or migrate it to the latest schema."""
    from tracker.migrate import current_revision, upgrade

    upgrade(ctx.engine)
    click.echo(f"database at revision {current_revision(ctx.engine)}")
