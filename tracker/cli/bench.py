"""`tracker bench`: timings and statement counts of the main pages on synthetic databases.

A developer tool (the `[bench]` extra). The harness lives in `tracker.ops.bench` and imports no
web code: this door builds the apps it measures and hands them in."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.framework import (
    emit_json,
    format_option,
    one_line_errors,
    output_option,
    require_extra,
)

if TYPE_CHECKING:
    from flask import Flask

    from tracker.ops.bench import Apps


def hello_app() -> Flask:
    """The baseline: the smallest Flask app, served the same way (gunicorn loads it by name)."""
    from flask import Flask

    app = Flask("hello")

    @app.route("/")
    def hello() -> str:
        return "Hello, world!"

    return app


def web_apps() -> Apps:
    """What the harness measures: the tracker app, and the hello-world baseline."""
    from tracker import create_app
    from tracker.ops.bench import Apps

    def factory(config: dict[str, Any]) -> Any:
        return create_app(config)

    return Apps(factory=factory, baseline_spec=f"{__name__}:hello_app()")


@click.command("bench")
@click.option("--sizes", default="1000,10000,100000", show_default=True, metavar="N,N,…")
@click.option("--runs", type=click.IntRange(3, 1000), default=30, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--throughput-seconds",
    type=click.FloatRange(0, 120),
    default=10.0,
    show_default=True,
    help="Duration of the gunicorn throughput comparison (0: skip it).",
)
@format_option("text", "json")
@output_option("File to write the JSON result to.", required=False)
@one_line_errors
def bench_command(
    sizes: str, runs: int, seed: int, throughput_seconds: float, fmt: str, output: Path | None
) -> None:
    """Build a fresh SQLite database per size with synth and time the pages on it."""
    require_extra("bench", "bench")
    from tracker.ops.bench import bench
    from tracker.ops.synth import iter_sizes

    try:
        counts = list(iter_sizes(sizes))
    except ValueError:
        raise click.BadParameter(
            f"--sizes must be numbers separated by commas, not {sizes!r}"
        ) from None
    if not counts or min(counts) < 10:
        raise click.BadParameter("--sizes needs at least one size of 10 demands or more")
    result = bench(
        counts,
        apps=web_apps(),
        seed=seed,
        runs=runs,
        throughput_seconds=throughput_seconds,
        log=lambda line: click.echo(line, err=True),
    )
    if output:
        output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    if fmt == "json":
        emit_json(result)
    elif not output:
        json.dump(result, sys.stdout, indent=2)
        click.echo()
