"""`tracker synth`: realistic synthetic data at scale, reproducible from a seed (a developer
tool, installed with the `[bench]` extra, so a production install cannot fill its database
with invented people by mistake)."""

from __future__ import annotations

import sys

import click

from tracker.cli.framework import (
    Context,
    emit_json,
    format_option,
    one_line_errors,
    pass_ctx,
    require_extra,
)


@click.command("synth")
@click.option("--demands", "count", type=click.IntRange(1, 5_000_000), required=True)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@format_option("text", "json")
@pass_ctx
@one_line_errors
def synth_command(ctx: Context, count: int, seed: int, fmt: str) -> None:
    """Add COUNT synthetic demands with resolutions, actors, events, threads and history."""
    require_extra("bench", "synth")
    from tracker.migrate import upgrade
    from tracker.ops.synth import synth

    upgrade(ctx.engine)
    with (
        ctx.transaction() as session,
        click.progressbar(
            length=count, label="Generating", file=sys.stderr, show_pos=True, show_eta=True
        ) as bar,
    ):
        seen = 0

        def advance(done: int) -> None:
            nonlocal seen
            bar.update(done - seen)
            seen = done

        report = synth(session, count, seed=seed, progress=advance)
    if fmt == "json":
        emit_json(report.as_dict())
    else:
        click.echo(
            f"{report.demands} demands, {report.status_updates} status updates, "
            f"{report.resolutions} resolutions, {report.actors} actors, {report.events} events, "
            f"{report.threads} threads in {report.seconds} s (seed {seed})"
        )
