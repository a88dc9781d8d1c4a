"""`tracker users create`: user accounts from the command line."""

from __future__ import annotations

import sys

import click

from tracker.cli.framework import Context, one_line_errors, pass_ctx
from tracker.models import Role


@click.group()
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--name", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_ctx
@one_line_errors
def users_create(ctx: Context, email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create a user; without --password-stdin a password is generated and printed once."""
    import secrets

    from tracker.services.accounts import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        generated = False
    else:
        password = secrets.token_urlsafe(15)
        generated = True
    with ctx.transaction(write=True) as session:
        user = create_user(
            session, email, role=Role(role), password=password, name=name, actor=None
        )
        user_id = user.id
    click.echo(f"created user {user_id}: {email.strip().lower()} ({role})")
    if generated:
        click.echo(f"password: {password}")
