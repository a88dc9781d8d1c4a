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
@click.option(
    "--postgresql",
    metavar="URL",
    help="A PostgreSQL server (postgresql+psycopg://…) where the bench may create and drop "
    "databases of its own: every measure runs there as well as on SQLite.",
)
@click.option("--runs", type=click.IntRange(3, 1000), default=30, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--throughput-seconds",
    type=click.FloatRange(0, 120),
    default=10.0,
    show_default=True,
    help="Duration of the gunicorn throughput comparison (0: skip it).",
)
@click.option(
    "--load",
    is_flag=True,
    help="Run the load test instead: gunicorn on loopback, readers and writers at once, on a "
    "fresh database of the largest size (PostgreSQL if given, SQLite otherwise).",
)
@click.option("--load-seconds", type=click.FloatRange(1, 600), default=60.0, show_default=True)
@click.option(
    "--load-requests", type=click.IntRange(1), default=100_000, show_default=True,
    help="At most this many requests in all.",
)  # fmt: skip
@click.option("--workers", type=click.IntRange(1, 32), default=4, show_default=True)
@click.option("--readers", type=click.IntRange(0, 200), default=20, show_default=True)
@click.option("--writers", type=click.IntRange(0, 200), default=5, show_default=True)
@format_option("text", "json")
@output_option("File to write the JSON result to.", required=False)
@one_line_errors
def bench_command(
    sizes: str,
    postgresql: str | None,
    runs: int,
    seed: int,
    throughput_seconds: float,
    load: bool,
    load_seconds: float,
    load_requests: int,
    workers: int,
    readers: int,
    writers: int,
    fmt: str,
    output: Path | None,
) -> None:
    """Build a fresh database per size with synth and time the pages on it (or, with --load,
    drive it with many clients at once)."""
    require_extra("bench", "bench")
    from tracker.ops.bench import bench, database_for
    from tracker.ops.synth import iter_sizes

    try:
        counts = list(iter_sizes(sizes))
    except ValueError:
        raise click.BadParameter(
            f"--sizes must be numbers separated by commas, not {sizes!r}"
        ) from None
    if not counts or min(counts) < 10:
        raise click.BadParameter("--sizes needs at least one size of 10 demands or more")
    if postgresql is not None:
        _check_server(postgresql)
    log = lambda line: click.echo(line, err=True)  # noqa: E731
    if load:
        import tempfile

        from tracker.ops.load import LoadPlan, load_test

        if readers + writers == 0:
            raise click.BadParameter("--load needs at least one reader or writer")
        plan = LoadPlan(load_seconds, load_requests, readers, writers, workers)
        kind = "postgresql" if postgresql else "sqlite"
        with (
            tempfile.TemporaryDirectory(prefix="tracker-load-") as tmp,
            database_for(kind, max(counts), Path(tmp), postgresql) as url,
        ):
            result = {
                "load": load_test(url, apps=web_apps(), plan=plan, demands=max(counts), log=log)
            }
        failed = bool(result["load"]["errors"] or result["load"]["updates_missing"])
    else:
        result = bench(
            counts,
            apps=web_apps(),
            postgresql=postgresql,
            seed=seed,
            runs=runs,
            throughput_seconds=throughput_seconds,
            log=log,
        )
        failed = False
    if output:
        output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    if fmt == "json":
        emit_json(result)
    elif not output:
        json.dump(result, sys.stdout, indent=2)
        click.echo()
    if failed:
        raise click.ClickException("the load test saw errors or lost acknowledged updates")


def _check_server(url: str) -> None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise click.BadParameter(
            f"not a database URL: {url!r}", param_hint="--postgresql"
        ) from None
    if parsed.get_backend_name() != "postgresql":
        raise click.BadParameter("must be a postgresql+psycopg:// URL", param_hint="--postgresql")
