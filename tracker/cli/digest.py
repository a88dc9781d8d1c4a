"""`tracker digest send` (cron or a systemd timer) and `tracker digest settings`: the digest
mail of what changed on what each user watches."""

from __future__ import annotations

import json

import click

from tracker.cli.framework import Context, active_user, format_option, one_line_errors, pass_ctx


@click.group("digest")
def digest_group() -> None:
    """The digest mail: what changed on what each user watches."""


@digest_group.command("send")
@click.option("--dry-run", is_flag=True, help="Say what would be sent; send and record nothing.")
@format_option("text", "json")
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
        user = active_user(session, email)
        set_digest_settings(
            session,
            user,
            frequency=DigestFrequency(frequency),
            links_only=links_only,
            actor=None,
        )
    click.echo(f"{email}: digest {frequency}" + (", links only" if links_only else ""))
