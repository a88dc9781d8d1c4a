"""Run inside a venv that holds tracker's runtime dependencies only (see test_bare_install.py):
every command and subcommand with --help, then a few real commands on a new SQLite database.
Prints one JSON list of {"args", "exit_code", "output", "traceback"}; never imports `tests`."""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import click
from click.testing import CliRunner

from tracker.cli import main


def command_paths(group: click.Group, path: list[str]) -> Iterator[list[str]]:
    for name, command in sorted(group.commands.items()):
        yield [*path, name]
        if isinstance(command, click.Group):
            yield from command_paths(command, [*path, name])


def run(args: list[str]) -> dict[str, object]:
    result = CliRunner().invoke(main, args, prog_name="tracker")
    trace = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
    return {
        "args": args,
        "exit_code": result.exit_code,
        "output": result.output,
        "traceback": trace,
    }


def real_commands(workdir: Path, sample: str) -> list[list[str]]:
    """Commands that need nothing but the runtime dependencies, run for real."""
    database = ["--database", f"sqlite:///{workdir / 'bare.db'}"]
    archive = str(workdir / "bare.zip")
    return [
        [*database, "db", "upgrade"],
        [*database, "demo", "--no-serve"],
        ["parse", sample, "--format", "json"],
        [*database, "demands", "list", "--format", "csv"],
        [*database, "demands", "show", "1", "--format", "json"],
        [*database, "export", "report", "--resolution", "1", "--format", "md", "-o", "-"],
        [*database, "briefing", "--country", "KH", "--format", "json", "-o", "-"],
        [*database, "search", "reindex"],
        [*database, "backup", "-o", archive],
        [*database, "restore", archive, "--check"],
    ]


if __name__ == "__main__":
    workdir, sample = Path(sys.argv[1]), sys.argv[2]
    results = [run([*path, "--help"]) for path in [[], *command_paths(main, [])]]
    results += [run(args) for args in real_commands(workdir, sample)]
    print(json.dumps(results))
