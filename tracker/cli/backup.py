"""`tracker backup` and `tracker restore`: one archive of everything, and back again."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from tracker.cli.framework import (
    Context,
    emit_json,
    format_option,
    one_line_errors,
    output_option,
    pass_ctx,
)

if TYPE_CHECKING:
    from tracker.ops.backup import NulText


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
@click.option(
    "--replace-nul",
    is_flag=True,
    help="Replace each NUL character in text with U+FFFD (PostgreSQL cannot store one) and "
    "list every value changed; without it such a backup is refused by PostgreSQL.",
)
@format_option("text", "json")
@pass_ctx
@one_line_errors
def restore(
    ctx: Context, file: Path, check: bool, force: bool, replace_nul: bool, fmt: str
) -> None:
    """Restore FILE into an empty database (SQLite or PostgreSQL), in one transaction."""
    from tracker.migrate import head_revision
    from tracker.ops.backup import NulTextRefused, inspect_backup, restore_backup

    if check:
        checked = inspect_backup(file)
        if checked.nul_text and not replace_nul and ctx.dialect == "postgresql":
            _refuse_nul(file, checked.nul_text, fmt, "add --replace-nul to restore them as U+FFFD")
        result = "checked"
    else:

        def progress(table: str, rows: int) -> None:
            if fmt == "text":
                click.echo(f"  {table}: {rows} rows", err=True)

        try:
            checked = restore_backup(
                ctx.engine, file, force=force, progress=progress, replace_nul=replace_nul
            )
        except NulTextRefused as exc:
            _refuse_nul(
                file,
                exc.rows,
                fmt,
                "nothing was restored; add --replace-nul to restore them as U+FFFD",
            )
        result = "restored"
    manifest = checked.manifest
    if fmt == "json":
        data = {
            "file": str(file),
            "result": result,
            "schema_revision": manifest.schema_revision,
            "created_at": manifest.created_at,
            "rows": manifest.counts(),
            "nul_text": [row.to_dict() for row in checked.nul_text],
        }
        if not check:
            data["replaced_nul"] = data["nul_text"] if replace_nul else []
        emit_json(data)
        return
    for row in checked.nul_text:
        if replace_nul:
            click.echo(f"{'would replace' if check else 'replaced'} a NUL character in {row}")
        else:
            click.echo(
                f"warning: {row}: holds a NUL character, which PostgreSQL cannot store", err=True
            )
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


def _refuse_nul(file: Path, rows: list[NulText], fmt: str, advice: str) -> NoReturn:
    """The values PostgreSQL cannot store, one a line, then a one-line refusal."""
    if fmt == "json":
        emit_json({"file": str(file), "result": "refused", "nul_text": [r.to_dict() for r in rows]})
    for row in rows:
        click.echo(f"{row}: holds a NUL character", err=True)
    count = f"{len(rows)} text value{'s' if len(rows) != 1 else ''}"
    raise click.ClickException(
        f"{file.name} holds {count} PostgreSQL cannot store (NUL characters, listed above): "
        f"{advice}"
    )
