"""`tracker search reindex`: rebuild the full-text index from the records."""

from __future__ import annotations

import click

from tracker.cli.framework import Context, emit_json, format_option, one_line_errors, pass_ctx


@click.group("search")
def search_group() -> None:
    """The full-text search index (kept in step by database triggers)."""


@search_group.command("reindex")
@format_option("text", "json")
@pass_ctx
@one_line_errors
def reindex(ctx: Context, fmt: str) -> None:
    """Rebuild the search index from every record."""
    from tracker.services.search import rebuild_search_index

    with ctx.transaction() as session:
        count = rebuild_search_index(session, actor=None)
    if fmt == "json":
        emit_json({"documents": count})
    else:
        click.echo(f"search index rebuilt: {count} documents")
