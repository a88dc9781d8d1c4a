"""`tracker demands list` and `tracker demands show`: demands with their status and history."""

from __future__ import annotations

from typing import Any

import click

from tracker.cli.framework import Context, emit_json, format_option, one_line_errors, pass_ctx
from tracker.models import Status


@click.group()
def demands() -> None:
    """List and show demands."""


def demand_summary(d: Any) -> dict[str, Any]:
    resolution = d.paragraph.resolution
    return {
        "id": d.id,
        "title": d.title,
        "status": d.status.value,
        "last_assessed_on": d.current_update.assessed_on.isoformat() if d.current_update else None,
        "resolution_id": resolution.id,
        "resolution": resolution.reference,
        "country": resolution.country,
        "paragraph": d.paragraph.label,
        "addressees": [a.name for a in d.addressees],
        "subjects": [a.name for a in d.subjects],
        "deadline": d.deadline.isoformat() if d.deadline else None,
    }


@demands.command("list")
@click.option("--country", metavar="CC", help="ISO 3166-1 alpha-2 code, e.g. KH.")
@click.option("--status", type=click.Choice([s.value for s in Status]))
@click.option("--resolution", "resolution_id", type=int, metavar="ID")
@format_option("table", "json", "csv", default="table")
@pass_ctx
@one_line_errors
def demands_list(
    ctx: Context, country: str | None, status: str | None, resolution_id: int | None, fmt: str
) -> None:
    """List demands with their current status."""
    from tracker.reports.tabular import write_csv
    from tracker.services.demands import (
        DEMAND_TABLE_HEADERS,
        DemandFilters,
        demand_table_rows,
        list_demands,
    )

    filters = DemandFilters(
        country=country, status=Status(status) if status else None, resolution_id=resolution_id
    )
    with ctx.transaction() as session:
        rows, _total = list_demands(session, filters, per_page=1_000_000)
        data = [demand_summary(d) for d in rows]
        table = demand_table_rows(rows)
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        click.echo(write_csv(DEMAND_TABLE_HEADERS, table), nl=False)
    else:
        if not data:
            click.echo("no demand matches")
        for r in data:
            click.echo(
                f"{r['id']:>6}  {r['status']:<22} {r['resolution']:<16} "
                f"¶{r['paragraph']:<5} {r['title']}"
            )


@demands.command("show")
@click.argument("demand_id", type=int)
@format_option("text", "json")
@pass_ctx
@one_line_errors
def demands_show(ctx: Context, demand_id: int, fmt: str) -> None:
    """Show a demand, its paragraph, links and history."""
    from tracker.services.demands import get_demand
    from tracker.services.visibility import shown_note, shown_sources

    with ctx.transaction() as session:
        d = get_demand(session, demand_id)
        data = demand_summary(d) | {
            "text": d.text,
            "verb": d.verb,
            "condition": d.condition,
            "paragraph_text": d.paragraph.text,
            "thread_id": d.thread_id,
            "themes": [t.name for t in d.themes],
            "events": [
                {"id": e.id, "title": e.title, "occurred_on": e.occurred_on.isoformat()}
                for e in d.events
            ],
            "history": [
                {
                    "id": u.id,
                    "status": u.status.value,
                    "assessed_on": u.assessed_on.isoformat(),
                    # The command line reads as a viewer: withheld notes are null, as in the API.
                    "note": shown_note(u, confidential=False),
                    "is_note_confidential": u.is_note_confidential,
                    "response": u.response.value if u.response else None,
                    "sources": [
                        {"url": s.url, "title": s.label}
                        for s in shown_sources(u.sources, confidential=False)
                    ],
                    "corrects_id": u.corrects_id,
                    "author": u.author.email if u.author else None,
                    "recorded_at": u.recorded_at.isoformat(),
                }
                for u in d.updates
            ],
        }
    if fmt == "json":
        emit_json(data)
        return
    click.echo(f"#{data['id']} {data['title']}")
    click.echo(f"status: {data['status']}  resolution: {data['resolution']} ¶{data['paragraph']}")
    click.echo(f"asked of: {', '.join(data['addressees']) or '—'}")
    click.echo(f"about: {', '.join(data['subjects']) or '—'}")
    click.echo(f"paragraph: {data['paragraph_text']}")
    click.echo("history:" if data["history"] else "history: none")
    for u in data["history"]:
        sources = ", ".join(s["url"] or s["title"] for s in u["sources"]) or "no source"
        click.echo(f"  {u['assessed_on']}  {u['status']:<22} {sources}")
