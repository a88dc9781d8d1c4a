"""`tracker backup` and `tracker restore`: one archive of everything, and back again."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import click

from tracker.cli.framework import (
    Context,
    emit_json,
    format_option,
    one_line_errors,
    output_option,
    pass_ctx,
)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    value = n / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


@click.command("backup")
@output_option("Archive to write ('-' for standard output).")
@format_option("text", "json")
@pass_ctx
@one_line_errors
def backup(ctx: Context, output: Path, fmt: str) -> None:
    """Write every table, history and audit included, to one archive (taken in one read
    transaction, so it is consistent while the app keeps serving)."""
    from tracker.ops.backup import backup_database, backup_to_file

    started = time.monotonic()
    if str(output) == "-":
        with tempfile.TemporaryFile() as tmp:
            manifest = backup_database(ctx.engine, tmp)
            size = tmp.tell()
            tmp.seek(0)
            shutil.copyfileobj(tmp, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        return
    manifest = backup_to_file(ctx.engine, output)
    size = output.stat().st_size
    summary = {
        "file": str(output),
        "bytes": size,
        "schema_revision": manifest.schema_revision,
        "created_at": manifest.created_at,
        "rows": manifest.counts(),
        "seconds": round(time.monotonic() - started, 2),
    }
    if fmt == "json":
        emit_json(summary)
    else:
        click.echo(
            f"wrote {output}: {manifest.total_rows} rows in {len(manifest.tables)} tables, "
            f"schema {manifest.schema_revision}, {_size(size)}"
        )


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Verify the archive only; write nothing.")
@click.option(
    "--force", is_flag=True, help="Replace everything in a database that already holds data."
)
@format_option("text", "json")
@pass_ctx
@one_line_errors
def restore(ctx: Context, file: Path, check: bool, force: bool, fmt: str) -> None:
    """Restore FILE into an empty database (SQLite or PostgreSQL), in one transaction."""
    from tracker.migrate import head_revision
    from tracker.ops.backup import check_backup, restore_backup

    if check:
        manifest = check_backup(file)
        result = "checked"
    else:

        def progress(table: str, rows: int) -> None:
            if fmt == "text":
                click.echo(f"  {table}: {rows} rows", err=True)

        manifest = restore_backup(ctx.engine, file, force=force, progress=progress)
        result = "restored"
    if fmt == "json":
        emit_json(
            {
                "file": str(file),
                "result": result,
                "schema_revision": manifest.schema_revision,
                "created_at": manifest.created_at,
                "rows": manifest.counts(),
            }
        )
        return
    migrated = (
        f", migrated to {head_revision()}"
        if result == "restored" and manifest.schema_revision != head_revision()
        else ""
    )
    verb = "is a sound backup" if check else "restored"
    click.echo(
        f"{file} {verb}: {manifest.total_rows} rows in {len(manifest.tables)} tables, "
        f"schema {manifest.schema_revision}{migrated}, taken {manifest.created_at}"
    )
