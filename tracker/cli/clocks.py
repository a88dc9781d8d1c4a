"""`tracker clocks rules` and `tracker clocks list`: the rules that start reply clocks, and
the clocks by due date with their state."""

from __future__ import annotations

import datetime as dt

import click

from tracker.cli.framework import Context, emit_json, format_option, one_line_errors, pass_ctx


@click.group("clocks")
def clocks_group() -> None:
    """Reply clocks: what addressees owe by rule, and when."""


@clocks_group.command("rules")
@format_option("text", "json")
@pass_ctx
@one_line_errors
def clocks_rules(ctx: Context, fmt: str) -> None:
    """The rules that start clocks, each with its source."""
    from tracker.services.clocks import list_rules

    with ctx.transaction() as session:
        data = [
            {
                "id": r.id,
                "name": r.name,
                "body": r.body,
                "addressee": r.addressee,
                "period": r.period,
                "period_unit": r.period_unit.value if r.period_unit else None,
                "starts": r.starts.value,
                "period_from_text": r.period_from_text,
                "grades": r.grades,
                "source": r.source,
                "source_url": r.source_url,
                "is_active": r.is_active,
            }
            for r in list_rules(session)
        ]
    if fmt == "json":
        emit_json(data)
        return
    for r in data:
        active = "" if r["is_active"] else " (inactive)"
        click.echo(f"{r['id']:>3}  {r['name']}{active}")
        click.echo(f"     {r['body'] or 'any body'} → {r['addressee'] or 'any addressee'}")


@clocks_group.command("list")
@click.option("--overdue", is_flag=True, help="Only unanswered clocks past their due date.")
@click.option(
    "--due-within",
    type=click.IntRange(0, 3650),
    metavar="DAYS",
    help="Only unanswered clocks due within DAYS days (with --overdue: either).",
)
@format_option("text", "json")
@pass_ctx
@one_line_errors
def clocks_list(ctx: Context, overdue: bool, due_within: int | None, fmt: str) -> None:
    """Clocks by due date, with their state (open, answered, overdue)."""
    from tracker.services.clocks import clock_record, list_clocks

    today = dt.date.today()
    with ctx.transaction() as session:
        data = [
            clock_record(c, today)
            for c in list_clocks(session, today=today, overdue=overdue, due_within=due_within)
        ]
    if fmt == "json":
        emit_json(data)
        return
    if not data:
        click.echo("no clock matches")
    for r in data:
        click.echo(
            f"{r['clock_id']:>5}  due {r['due_on']}  {r['state']:<8}  "
            f"{r['addressee'] or 'no addressee named'} · resolution {r['resolution_id']} · "
            f"{r['rule']}"
        )
