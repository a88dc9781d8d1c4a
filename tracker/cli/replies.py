"""`tracker replies record`: a reply received from an addressee answers its clock."""

from __future__ import annotations

import click

from tracker.cli.framework import (
    Context,
    active_user,
    one_line_errors,
    parse_date,
    pass_ctx,
)
from tracker.models import Role


@click.group("replies")
def replies_group() -> None:
    """Replies received from addressees."""


@replies_group.command("record")
@click.argument("clock_id", type=int)
@click.option("--received-on", required=True, metavar="DATE", help="YYYY-MM-DD, not in the future.")
@click.option("--reference", metavar="REF", help="As the body numbers it, e.g. SP(2023)123.")
@click.option("--url", metavar="URL", help="Where the reply is published.")
@click.option("--summary", metavar="TEXT", default="", help="What it says.")
@click.option(
    "--grade", metavar="GRADE", help="The body's official grade (e.g. B), if it gives one."
)
@click.option("--as", "as_email", required=True, metavar="EMAIL", help="The analyst recording it.")
@pass_ctx
@one_line_errors
def replies_record(
    ctx: Context,
    clock_id: int,
    received_on: str,
    reference: str | None,
    url: str | None,
    summary: str,
    grade: str | None,
    as_email: str,
) -> None:
    """Record a reply to a clock; the clock is answered from then on."""
    from tracker.services.clocks import get_clock, record_reply
    from tracker.services.errors import PermissionDenied

    when = parse_date(received_on, "--received-on")
    with ctx.transaction(write=True) as session:
        user = active_user(session, as_email)
        if not user.can(Role.ANALYST):
            raise PermissionDenied(
                f"{as_email} is a {user.role.value}: only analysts and admins record replies"
            )
        clock = get_clock(session, clock_id)
        reply = record_reply(
            session,
            clock,
            received_on=when,
            reference=reference,
            url=url,
            summary=summary,
            grade=grade,
            actor=user,
        )
        reply_id = reply.id
    click.echo(f"recorded reply {reply_id} to clock {clock_id}")
