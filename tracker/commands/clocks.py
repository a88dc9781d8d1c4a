"""`tracker clocks`, `tracker replies`, `tracker watch` and `tracker digest`: reply clocks, the
replies that answer them, watchlists and the digest mail."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click
from sqlalchemy.orm import Session

from tracker.cli import Context, emit_json, main, one_line_errors, parse_date, pass_ctx
from tracker.models import Role, User

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def _active_user(session: Session, email: str) -> User:
    from tracker.services.accounts import get_user_by_email
    from tracker.services.errors import NotFound

    user = get_user_by_email(session, email)
    if user is None or not user.is_active:
        raise NotFound(f"no active user with the email {email}")
    return user


# --- clocks -------------------------------------------------------------------------------


@main.group("clocks")
def clocks_group() -> None:
    """Reply clocks: what addressees owe by rule, and when."""


@clocks_group.command("rules")
@FORMAT
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
@FORMAT
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


# --- replies ------------------------------------------------------------------------------


@main.group("replies")
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
        user = _active_user(session, as_email)
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


# --- watch --------------------------------------------------------------------------------


@main.group("watch")
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
        user = _active_user(session, email)
        watch = add_watch(session, user, target, value, actor=None)
        watch_id, shown = watch.id, watch.target
    click.echo(f"{email} watches {target} {shown} (watch {watch_id})")


@watch_group.command("list")
@click.argument("email")
@FORMAT
@pass_ctx
@one_line_errors
def watch_list(ctx: Context, email: str, fmt: str) -> None:
    """What EMAIL watches."""
    from tracker.services.watches import list_watches

    with ctx.transaction() as session:
        user = _active_user(session, email)
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


# --- digest -------------------------------------------------------------------------------


@main.group("digest")
def digest_group() -> None:
    """The digest mail: what changed on what each user watches."""


@digest_group.command("send")
@click.option("--dry-run", is_flag=True, help="Say what would be sent; send and record nothing.")
@FORMAT
@pass_ctx
@one_line_errors
def digest_send(ctx: Context, dry_run: bool, fmt: str) -> None:
    """Mail each user whose daily or weekly digest is due (SMTP at TRACKER_SMTP_URL)."""
    from tracker.config import Settings
    from tracker.mail.run import MailConfig, send_digests
    from tracker.mail.smtp import SmtpSettings
    from tracker.services.errors import ValidationError

    settings = Settings.from_env()
    smtp = None
    if not dry_run:
        if not settings.smtp_url:
            raise ValidationError("TRACKER_SMTP_URL is not set: say where to send mail")
        try:
            smtp = SmtpSettings.from_url(settings.smtp_url)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
    config = MailConfig(
        sender=settings.mail_from, base_url=settings.base_url, secret_key=settings.secret_key
    )
    try:
        run = send_digests(ctx.sessionmaker, smtp=smtp, config=config, dry_run=dry_run)
    except OSError as exc:
        raise ValidationError(f"cannot reach the mail server: {exc}") from None
    if fmt == "json":
        click.echo(json.dumps(run.as_dict(), ensure_ascii=False))
        return
    verb = "would send" if dry_run else "sent"
    click.echo(f"{verb} {run.sent} digest(s) with {run.items} item(s)")
    for failure in run.failed:
        click.echo(f"not sent: {failure}", err=True)


@digest_group.command("settings")
@click.argument("email")
@click.option(
    "--frequency", type=click.Choice(["off", "daily", "weekly"]), required=True, help="How often."
)
@click.option("--links-only/--with-names", default=False, help="Mail links only, no names.")
@pass_ctx
@one_line_errors
def digest_settings(ctx: Context, email: str, frequency: str, links_only: bool) -> None:
    """Turn EMAIL's digest on (daily, weekly) or off."""
    from tracker.models import DigestFrequency
    from tracker.services.watches import set_digest_settings

    with ctx.transaction(write=True) as session:
        user = _active_user(session, email)
        set_digest_settings(
            session,
            user,
            frequency=DigestFrequency(frequency),
            links_only=links_only,
            actor=None,
        )
    click.echo(f"{email}: digest {frequency}" + (", links only" if links_only else ""))
