"""`tracker demo`: migrate, load the demo into an empty database, print its logins, serve.

Each login's password is generated when the demo is loaded and printed then, once: only its
hash is stored, so a later start cannot show it again and says how to get new ones
(`--new-passwords`) instead. The demo keeps to SQLite unless told otherwise: loading invented
follow-up and an admin login into a shared PostgreSQL database by mistake is worse than a
refusal."""

from __future__ import annotations

import click

from tracker.cli.framework import Context, one_line_errors, pass_ctx


@click.command()
@click.option("--port", default=5000, show_default=True, help="Port to serve on (127.0.0.1).")
@click.option("--no-serve", is_flag=True, help="Prepare the database and print the login only.")
@click.option(
    "--new-passwords",
    is_flag=True,
    help="Generate new passwords for the demo logins of this database and print them once.",
)
@click.option(
    "--allow-postgresql",
    is_flag=True,
    help="Load the demo (and its admin login) into a PostgreSQL database too.",
)
@pass_ctx
@one_line_errors
def demo(
    ctx: Context, port: int, no_serve: bool, new_passwords: bool, allow_postgresql: bool
) -> None:
    """Migrate, load the demo if the database is empty, print the demo login, serve."""
    from tracker.migrate import upgrade
    from tracker.services.demo import (
        is_demo_loaded,
        is_empty,
        load_demo_with_logins,
        renew_demo_passwords,
    )

    if ctx.dialect != "sqlite" and not allow_postgresql:
        raise click.ClickException(
            f"tracker demo keeps to SQLite and this database is {ctx.dialect}: "
            "add --allow-postgresql to load the demo and its logins there"
        )
    upgrade(ctx.engine)
    lines: list[str] = []
    with ctx.transaction(write=True) as session:
        if is_empty(session):
            loaded = load_demo_with_logins(session)
            resolution = loaded.resolution
            lines.append(f"Loaded the demo: resolution {resolution.id} ({resolution.title}).")
            lines += [_login_line(login.email, login.password) for login in loaded.logins]
            lines += [
                f"Demo login: {email}  (an existing account: its password is unchanged)"
                for email in loaded.existing
            ]
        elif new_passwords:
            renewed = renew_demo_passwords(session)
            if not renewed:
                raise click.ClickException("this database has none of the demo's logins")
            lines += [_login_line(login.email, login.password) for login in renewed]
        elif is_demo_loaded(session):
            lines.append(
                "The demo is already loaded; its logins were printed when it was loaded. "
                "New passwords for them: tracker demo --new-passwords"
            )
        else:
            lines.append("The database already holds data: the demo was not loaded.")
    # Printed once the transaction is committed: a password shown is a password that works.
    for line in lines:
        click.echo(line)
    if no_serve:
        return
    from werkzeug.serving import run_simple

    from tracker import create_app

    app = create_app({"TRACKER_ENGINE": ctx.engine, "TRACKER_SESSIONMAKER": ctx.sessionmaker})
    click.echo(f"Serving on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False, use_debugger=False)


def _login_line(email: str, password: str) -> str:
    return f"Demo login: {email}  password: {password}"
