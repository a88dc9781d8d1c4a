"""`tracker parse` and `tracker import`: read resolution files; parse only, or store them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from tracker.cli.framework import (
    Context,
    active_user,
    emit_json,
    format_option,
    one_line_errors,
    pass_ctx,
)
from tracker.parsing import ParseError


def read_input(path: Path) -> str:
    from tracker.parsing import MAX_BYTES, read_document

    if path.stat().st_size > MAX_BYTES:
        raise ParseError(f"file too large: the limit is {MAX_BYTES // (1024 * 1024)} MB")
    return read_document(path.read_bytes(), path.name)


@click.command()
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--evaluate",
    "corpus",
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Score the parser per field over the texts in DIR that have golden files.",
)
@format_option("text", "json")
@one_line_errors
def parse(file: Path | None, corpus: Path | None, fmt: str) -> None:
    """Parse FILE and print its structure; nothing is stored."""
    from tracker.parsing import parse_resolution

    if (file is None) == (corpus is None):
        raise click.UsageError("give a FILE to parse, or --evaluate DIR")
    if corpus is not None:
        _evaluate(corpus, fmt)
        return
    assert file is not None
    parsed = parse_resolution(read_input(file))
    if fmt == "json":
        emit_json(parsed.to_dict())
        return
    click.echo(f"{parsed.title or '(no title)'}")
    click.echo(
        f"body: {parsed.body}  kind: {parsed.kind}  procedure: {parsed.procedure}  "
        f"reference: {parsed.document_reference}  date: {parsed.date}"
    )
    click.echo(
        f"{len(parsed.citations)} citations, {len(parsed.recitals)} recitals, "
        f"{len(parsed.paragraphs)} operative paragraphs"
        + ("" if parsed.complete else "  (INCOMPLETE: the text stops mid-document)")
    )
    for p in parsed.paragraphs:
        click.echo(
            f"  {p.label or '-':>6}  {p.kind:<10} {p.verb or '':<22} {len(p.demands)} demand(s)"
        )
    for warning in parsed.warnings:
        click.echo(f"warning: {warning}", err=True)


def _evaluate(corpus: Path, fmt: str) -> None:
    """Per-field accuracy over DIR's texts against their X.expected.json golden files."""
    import json

    from tracker.parsing import parse_resolution
    from tracker.parsing.evaluate import GOLDEN_SUFFIX, corpus_files, format_report, score

    results = []
    for path in corpus_files(corpus):
        try:
            got = parse_resolution(read_input(path)).to_dict()
        except ParseError as exc:
            got = {"error": str(exc)}
        want = json.loads((corpus / f"{path.name}{GOLDEN_SUFFIX}").read_text(encoding="utf-8"))
        results.append((path.name, got, want))
    if not results:
        raise click.ClickException(f"no texts with golden files in {corpus}")
    evaluation = score(results)
    if fmt == "json":
        emit_json(evaluation.to_dict())
    else:
        click.echo(format_report(evaluation))


@click.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Parse and check, store nothing.")
@click.option("--as", "as_email", metavar="EMAIL", help="Record the import as this user.")
@format_option("text", "json")
@pass_ctx
@one_line_errors
def import_(ctx: Context, path: Path, dry_run: bool, as_email: str | None, fmt: str) -> None:
    """Import a resolution FILE, or every file in a DIR; prints {"id": …} per resolution."""
    from tracker.services.errors import DuplicateResolution, ServiceError
    from tracker.services.resolutions import (
        check_importable,
        find_duplicate,
        import_resolution,
        known_actors,
    )

    files = (
        sorted(
            p
            for p in path.iterdir()
            if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".expected.json")
        )
        if path.is_dir()
        else [path]
    )
    results: list[dict[str, Any]] = []
    # A directory is imported in ONE transaction: all its files or none, so an import killed
    # midway leaves the database as it was. A refused or duplicate file only rolls back its own
    # SAVEPOINT and is reported; the others are still imported.
    with (
        ctx.transaction(write=not dry_run) as session,
        click.progressbar(files, label="Importing", file=sys.stderr, show_pos=True)
        if len(files) > 1
        else _nullbar(files) as bar,
    ):
        user = active_user(session, as_email) if as_email else None
        for file in bar:
            savepoint = session.begin_nested()
            try:
                from tracker.parsing import parse_resolution

                parsed = parse_resolution(read_input(file), known_actors=known_actors(session))
                duplicate = find_duplicate(session, parsed)
                if duplicate is not None:
                    raise DuplicateResolution(
                        f"already imported as resolution {duplicate.id}", duplicate.id
                    )
                if dry_run:
                    check_importable(parsed)  # a text cut off before its operative part
                    results.append(
                        {
                            "file": str(file),
                            "result": "would import",
                            "title": parsed.title,
                            "paragraphs": len(parsed.paragraphs),
                        }
                    )
                    savepoint.rollback()
                    continue
                resolution = import_resolution(session, parsed, actor=user)
                session.flush()
                savepoint.commit()
                results.append(
                    {
                        "file": str(file),
                        "result": "imported",
                        "id": resolution.id,
                        "title": resolution.title,
                    }
                )
            except DuplicateResolution as exc:
                savepoint.rollback()
                results.append(
                    {
                        "file": str(file),
                        "result": "duplicate",
                        "id": exc.existing_id,
                        "reason": str(exc),
                    }
                )
            except (ParseError, ServiceError, OSError) as exc:
                savepoint.rollback()
                if len(files) == 1:
                    raise
                results.append({"file": str(file), "result": "refused", "reason": str(exc)})
        if dry_run:
            session.rollback()
    if fmt == "json":
        emit_json(results if len(files) > 1 else results[0])
    else:
        for r in results:
            line = f"{r['result']}: {r['file']}"
            if "id" in r:
                line += f" → resolution {r['id']}"
            if "reason" in r:
                line += f" ({r['reason']})"
            click.echo(line)
        if len(files) > 1:
            summary = {
                k: sum(1 for r in results if r["result"] == k)
                for k in ("imported", "would import", "duplicate", "refused")
            }
            click.echo(", ".join(f"{v} {k}" for k, v in summary.items() if v) or "nothing")
    if len(files) == 1 and results[0]["result"] == "duplicate":
        raise click.ClickException(results[0]["reason"])


@contextmanager
def _nullbar(items: list[Path]) -> Iterator[list[Path]]:
    yield items
