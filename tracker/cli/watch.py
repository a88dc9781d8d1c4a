"""`tracker watch add` and `tracker watch list`: what a user follows."""

from __future__ import annotations

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


@click.group("watch")
def watch_group() -> None:
    """Watchlists: what a user follows."""


@watch_group.command("add")
@click.argument("email")
@click.option("--demand", "demand_id", type=int, metavar="ID")
@click.option("--actor", "actor_id", type=int, metavar="ID")
@click.option("--country", metavar="CC", help="ISO 3166-1 alpha-2 code (KH) or name.")
@click.option("--thread", "thread_id", type=int, metavar="ID")
@click.option("--resolution", "resolution_id", type=int, metavar="ID")
@pass_ctx
@one_line_errors
def watch_add(
    ctx: Context,
    email: str,
    demand_id: int | None,
    actor_id: int | None,
    country: str | None,
    thread_id: int | None,
    resolution_id: int | None,
) -> None:
    """EMAIL follows one demand, actor, country, thread or resolution."""
    from tracker.services.errors import ValidationError
    from tracker.services.watches import add_watch

    given: list[tuple[str, Any]] = [
        (target, value)
        for target, value in (
            ("demand", demand_id),
            ("actor", actor_id),
            ("country", country),
            ("thread", thread_id),
            ("resolution", resolution_id),
        )
        if value is not None
    ]
    if len(given) != 1:
        raise ValidationError(
            "give exactly one of --demand, --actor, --country, --thread or --resolution"
        )
    target, value = given[0]
    with ctx.transaction(write=True) as session:
        user = active_user(session, email)
        watch = add_watch(session, user, target, value, actor=None)
        watch_id, shown = watch.id, watch.target
    click.echo(f"{email} watches {target} {shown} (watch {watch_id})")


@watch_group.command("list")
@click.argument("email")
@format_option("text", "json")
@pass_ctx
@one_line_errors
def watch_list(ctx: Context, email: str, fmt: str) -> None:
    """What EMAIL watches."""
    from tracker.services.watches import list_watches

    with ctx.transaction() as session:
        user = active_user(session, email)
        data = [
            {
                "watch_id": row.watch.id,
                "kind": row.kind,
                "target": row.watch.target,
                "label": row.label,
                "since": row.watch.created_at.isoformat(),
            }
            for row in list_watches(session, user)
        ]
    if fmt == "json":
        emit_json(data)
        return
    if not data:
        click.echo(f"{email} watches nothing")
    for r in data:
        click.echo(f"{r['watch_id']:>5}  {r['kind']:<10} {r['target']!s:<6} {r['label']}")
