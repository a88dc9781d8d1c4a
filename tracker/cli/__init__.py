"""The `tracker` command (click): the root group and its commands, one module per group.

`framework` holds what the commands share; each command module imports only from it, and this
module puts them together, so nothing imports back from here."""

from __future__ import annotations

import click

from tracker.cli import (
    backup,
    bench,
    briefing,
    clocks,
    db,
    demands,
    demo,
    digest,
    export,
    replies,
    resolutions,
    search,
    status,
    synth,
    users,
    watch,
)
from tracker.cli.framework import Context

__all__ = ["Context", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database",
    "database_url",
    metavar="URL",
    envvar="TRACKER_DATABASE_URL",
    help="Database URL (default: TRACKER_DATABASE_URL, else instance/tracker.db).",
)
@click.version_option(package_name="tracker")
@click.pass_context
def main(ctx: click.Context, database_url: str | None) -> None:
    """tracker: turn resolutions into demands and follow them up."""
    if ctx.obj is None:
        ctx.obj = Context(database_url)


for command in (
    db.db,
    demo.demo,
    resolutions.parse,
    resolutions.import_,
    demands.demands,
    status.status,
    users.users,
    export.export,
    briefing.briefing_command,
    backup.backup,
    backup.restore,
    search.search_group,
    synth.synth_command,
    bench.bench_command,
    clocks.clocks_group,
    replies.replies_group,
    watch.watch_group,
    digest.digest_group,
):
    main.add_command(command)
