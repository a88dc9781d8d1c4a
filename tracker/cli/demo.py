"""`tracker demo`: migrate, load the demo into an empty database, print the logins, serve."""

from __future__ import annotations

import click

from tracker.cli.framework import Context, one_line_errors, pass_ctx


@click.command()
@click.option("--port", default=5000, show_default=True, help="Port to serve on (127.0.0.1).")
@click.option("--no-serve", is_flag=True, help="Prepare the database and print the login only.")
@pass_ctx
@one_line_errors
def demo(ctx: Context, port: int, no_serve: bool) -> None:
    """Migrate, load the demo if the database is empty, print the demo login, serve."""
    from tracker.migrate import upgrade
    from tracker.services.demo import demo_login, is_empty, load_demo

    upgrade(ctx.engine)
    with ctx.transaction(write=True) as session:
        if is_empty(session):
            resolution = load_demo(session)
            click.echo(f"Loaded the demo: resolution {resolution.id} ({resolution.title}).")
    email, password = demo_login()
    click.echo(f"Demo login: {email}  password: {password}")
    if no_serve:
        return
    from werkzeug.serving import run_simple

    from tracker import create_app

    app = create_app({"TRACKER_ENGINE": ctx.engine, "TRACKER_SESSIONMAKER": ctx.sessionmaker})
    click.echo(f"Serving on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False, use_debugger=False)
