"""The `tracker` command (click): thin shells over the services, one commit per command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property, wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from tracker.models import Role, Status
from tracker.parsing import ParseError

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """What commands share: the database, opened on first use. Tests hand in their own."""

    def __init__(
        self, database_url: str | None = None, sessionmaker_: sessionmaker[Session] | None = None
    ) -> None:
        self._url = database_url
        self._sessionmaker = sessionmaker_

    @cached_property
    def database_url(self) -> str:
        from tracker.config import Settings

        return self._url or Settings.from_env().database_url

    @cached_property
    def engine(self) -> Engine:
        if self._sessionmaker is not None:
            return self._sessionmaker.kw["bind"]
        from tracker.db import make_engine

        return make_engine(self.database_url)

    @property
    def sessionmaker(self) -> sessionmaker[Session]:
        if self._sessionmaker is None:
            from tracker.db import make_sessionmaker

            self._sessionmaker = make_sessionmaker(self.engine)
        return self._sessionmaker

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction for the whole command: committed at the end, rolled back on error.
        `write=True` takes SQLite's write lock up front, so concurrent writers wait in turn."""
        session = self.sessionmaker()
        try:
            if write:
                from tracker.db import begin_write

                begin_write(session)
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


def one_line_errors(command: F) -> F:
    """Refusals and bad input end the command with one line on stderr, never a traceback."""
    from tracker.services.errors import ServiceError

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (ServiceError, ParseError) as exc:
            raise click.ClickException(str(exc)) from None
        except OperationalError as exc:
            first = str(exc.orig or exc).strip().splitlines()[0]
            raise click.ClickException(f"database error: {first}") from None
        except SQLAlchemyError as exc:
            first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise click.ClickException(f"database refused the change: {first}") from None
        except OSError as exc:
            raise click.ClickException(
                f"{exc.strerror or exc}: {exc.filename or ''}".strip(": ")
            ) from None

    return wrapper  # type: ignore[return-value]


pass_ctx = click.make_pass_decorator(Context)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def parse_date(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{what} must be a date as YYYY-MM-DD, not {value!r}") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database",
    "database_url",
    metavar="URL",
    envvar="TRACKER_DATABASE_URL",
    help="Database URL (default: TRACKER_DATABASE_URL, else instance/tracker.db).",
)
@click.version_option(package_name="tracker")
@click.pass_context
def main(ctx: click.Context, database_url: str | None) -> None:
    """tracker: turn resolutions into demands and follow them up."""
    if ctx.obj is None:
        ctx.obj = Context(database_url)


# --- database -----------------------------------------------------------------------------


@main.group()
def db() -> None:
    """Create or migrate the database."""


@db.command("upgrade")
@pass_ctx
@one_line_errors
def db_upgrade(ctx: Context) -> None:
    """Create the database or migrate it to the latest schema."""
    from tracker.migrate import current_revision, upgrade

    upgrade(ctx.engine)
    click.echo(f"database at revision {current_revision(ctx.engine)}")


# --- demo ---------------------------------------------------------------------------------


@main.command()
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


# --- parsing and import -------------------------------------------------------------------


def read_input(path: Path) -> str:
    from tracker.parsing import MAX_BYTES, read_document

    if path.stat().st_size > MAX_BYTES:
        raise ParseError(f"file too large: the limit is {MAX_BYTES // (1024 * 1024)} MB")
    return read_document(path.read_bytes(), path.name)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@one_line_errors
def parse(file: Path, fmt: str) -> None:
    """Parse FILE and print its structure; nothing is stored."""
    from tracker.parsing import parse_resolution

    parsed = parse_resolution(read_input(file))
    if fmt == "json":
        emit_json(parsed.to_dict())
        return
    click.echo(f"{parsed.title or '(no title)'}")
    click.echo(
        f"body: {parsed.body}  kind: {parsed.kind}  procedure: {parsed.procedure}  "
        f"reference: {parsed.document_reference}  date: {parsed.date}"
    )
    click.echo(
        f"{len(parsed.citations)} citations, {len(parsed.recitals)} recitals, "
        f"{len(parsed.paragraphs)} operative paragraphs"
        + ("" if parsed.complete else "  (INCOMPLETE: the text stops mid-document)")
    )
    for p in parsed.paragraphs:
        click.echo(
            f"  {p.label or '-':>6}  {p.kind:<10} {p.verb or '':<22} {len(p.demands)} demand(s)"
        )
    for warning in parsed.warnings:
        click.echo(f"warning: {warning}", err=True)


@main.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Parse and check, store nothing.")
@click.option("--as", "as_email", metavar="EMAIL", help="Record the import as this user.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_ctx
@one_line_errors
def import_(ctx: Context, path: Path, dry_run: bool, as_email: str | None, fmt: str) -> None:
    """Import a resolution FILE, or every file in a DIR; prints {"id": …} per resolution."""
    from tracker.services.errors import DuplicateResolution, ServiceError
    from tracker.services.resolutions import find_duplicate, import_resolution, known_actors

    files = (
        sorted(
            p
            for p in path.iterdir()
            if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".expected.json")
        )
        if path.is_dir()
        else [path]
    )
    results: list[dict[str, Any]] = []
    # A directory is imported in ONE transaction: all its files or none, so an import killed
    # midway leaves the database as it was. A refused or duplicate file only rolls back its own
    # SAVEPOINT and is reported; the others are still imported.
    with (
        ctx.transaction(write=not dry_run) as session,
        click.progressbar(files, label="Importing", file=sys.stderr, show_pos=True)
        if len(files) > 1
        else _nullbar(files) as bar,
    ):
        user = _user(session, as_email) if as_email else None
        for file in bar:
            savepoint = session.begin_nested()
            try:
                from tracker.parsing import parse_resolution

                parsed = parse_resolution(read_input(file), known_actors=known_actors(session))
                duplicate = find_duplicate(session, parsed)
                if duplicate is not None:
                    raise DuplicateResolution(
                        f"already imported as resolution {duplicate.id}", duplicate.id
                    )
                if dry_run:
                    results.append(
                        {
                            "file": str(file),
                            "result": "would import",
                            "title": parsed.title,
                            "paragraphs": len(parsed.paragraphs),
                        }
                    )
                    savepoint.rollback()
                    continue
                resolution = import_resolution(session, parsed, actor=user)
                session.flush()
                savepoint.commit()
                results.append(
                    {
                        "file": str(file),
                        "result": "imported",
                        "id": resolution.id,
                        "title": resolution.title,
                    }
                )
            except DuplicateResolution as exc:
                savepoint.rollback()
                results.append(
                    {
                        "file": str(file),
                        "result": "duplicate",
                        "id": exc.existing_id,
                        "reason": str(exc),
                    }
                )
            except (ParseError, ServiceError, OSError) as exc:
                savepoint.rollback()
                if len(files) == 1:
                    raise
                results.append({"file": str(file), "result": "refused", "reason": str(exc)})
        if dry_run:
            session.rollback()
    if fmt == "json":
        emit_json(results if len(files) > 1 else results[0])
    else:
        for r in results:
            line = f"{r['result']}: {r['file']}"
            if "id" in r:
                line += f" → resolution {r['id']}"
            if "reason" in r:
                line += f" ({r['reason']})"
            click.echo(line)
        if len(files) > 1:
            summary = {
                k: sum(1 for r in results if r["result"] == k)
                for k in ("imported", "would import", "duplicate", "refused")
            }
            click.echo(", ".join(f"{v} {k}" for k, v in summary.items() if v) or "nothing")
    if len(files) == 1 and results[0]["result"] == "duplicate":
        raise click.ClickException(results[0]["reason"])


@contextmanager
def _nullbar(items: list[Path]) -> Iterator[list[Path]]:
    yield items


def _user(session: Session, email: str):
    from tracker.services.accounts import get_user_by_email
    from tracker.services.errors import NotFound

    user = get_user_by_email(session, email)
    if user is None or not user.is_active:
        raise NotFound(f"no active user with the email {email}")
    return user


# --- demands ------------------------------------------------------------------------------


@main.group()
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@pass_ctx
@one_line_errors
def demands_list(
    ctx: Context, country: str | None, status: str | None, resolution_id: int | None, fmt: str
) -> None:
    """List demands with their current status."""
    from tracker.services.demands import DemandFilters, list_demands

    filters = DemandFilters(
        country=country, status=Status(status) if status else None, resolution_id=resolution_id
    )
    with ctx.transaction() as session:
        rows, _total = list_demands(session, filters, per_page=1_000_000)
        data = [demand_summary(d) for d in rows]
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            ["id", "title", "status", "last_assessed_on", "resolution", "paragraph", "addressees"]
        )
        for r in data:
            writer.writerow(
                [
                    r["id"],
                    _csv_safe(r["title"]),
                    r["status"],
                    r["last_assessed_on"],
                    r["resolution"],
                    r["paragraph"],
                    "; ".join(r["addressees"]),
                ]
            )
        click.echo(buffer.getvalue(), nl=False)
    else:
        if not data:
            click.echo("no demand matches")
        for r in data:
            click.echo(
                f"{r['id']:>6}  {r['status']:<22} {r['resolution']:<16} "
                f"¶{r['paragraph']:<5} {r['title']}"
            )


def _csv_safe(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@demands.command("show")
@click.argument("demand_id", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_ctx
@one_line_errors
def demands_show(ctx: Context, demand_id: int, fmt: str) -> None:
    """Show a demand, its paragraph, links and history."""
    from tracker.services.demands import get_demand

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
                    "note": u.note if not u.is_note_confidential else "(confidential)",
                    "response": u.response.value if u.response else None,
                    "sources": [
                        {"url": s.url, "title": s.label} for s in u.sources if not s.is_confidential
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


# --- follow-up ----------------------------------------------------------------------------


@main.group()
def status() -> None:
    """Record status updates."""


@status.command("record")
@click.argument("demand_id", type=int)
@click.option(
    "--status", "status_value", required=True, type=click.Choice([s.value for s in Status])
)
@click.option("--assessed-on", required=True, metavar="DATE", help="YYYY-MM-DD, not in the future.")
@click.option(
    "--source",
    "source_urls",
    multiple=True,
    metavar="URL",
    help="Evidence (repeatable); required unless the status is no_information.",
)
@click.option("--note", default="", help="Note (Markdown).")
@click.option("--response", type=click.Choice(["none", "acknowledged", "committed", "rejected"]))
@click.option(
    "--corrects",
    "corrects_id",
    type=int,
    metavar="UPDATE_ID",
    help="The earlier update this one corrects.",
)
@click.option("--as", "as_email", required=True, metavar="EMAIL", help="The analyst recording it.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
@one_line_errors
def status_record(
    ctx: Context,
    demand_id: int,
    status_value: str,
    assessed_on: str,
    source_urls: tuple[str, ...],
    note: str,
    response: str | None,
    corrects_id: int | None,
    as_email: str,
    fmt: str,
) -> None:
    """Record a dated, sourced status update for DEMAND_ID."""
    from tracker.models import Demand, Response, StatusUpdate
    from tracker.services.errors import NotFound, PermissionDenied, ValidationError
    from tracker.services.followup import record_status_update
    from tracker.services.sources import get_or_create_source

    when = parse_date(assessed_on, "--assessed-on")
    if not source_urls and status_value != Status.NO_INFORMATION:
        raise ValidationError(f"--source is required for the status {status_value!r}")
    with ctx.transaction(write=True) as session:
        user = _user(session, as_email)
        if not user.can(Role.ANALYST):
            raise PermissionDenied(
                f"{as_email} is a {user.role.value}: only analysts and admins record updates"
            )
        demand = session.get(Demand, demand_id)
        if demand is None:
            raise NotFound(f"no demand with id {demand_id}")
        corrects = session.get(StatusUpdate, corrects_id) if corrects_id else None
        if corrects_id and corrects is None:
            raise NotFound(f"no status update with id {corrects_id}")
        sources = [get_or_create_source(session, url=u, actor=user) for u in source_urls]
        update = record_status_update(
            session,
            demand,
            status=Status(status_value),
            assessed_on=when,
            sources=sources,
            note=note,
            response=Response(response) if response else None,
            corrects=corrects,
            actor=user,
        )
        update_id = update.id
    if fmt == "json":
        emit_json({"id": update_id, "demand_id": demand_id, "status": status_value})
    else:
        click.echo(
            f"recorded update {update_id}: demand {demand_id} is {status_value} "
            f"as of {when.isoformat()}"
        )


# --- users --------------------------------------------------------------------------------


@main.group()
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


# --- reports ------------------------------------------------------------------------------


@main.group()
def export() -> None:
    """Export follow-up reports."""


REPORT_FORMATS = ["pdf", "docx", "md", "csv", "xlsx", "json", "html"]


@export.command("report")
@click.option("--resolution", "resolution_id", type=int, metavar="ID")
@click.option("--country", metavar="CC")
@click.option("--actor", "actor_id", type=int, metavar="ID")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write ('-' for standard output).",
)
@click.option(
    "--include-confidential",
    is_flag=True,
    help="Include confidential sources (admins only; written to the audit log).",
)
@click.option("--as", "as_email", metavar="EMAIL", help="Who exports (needed for confidential).")
@pass_ctx
@one_line_errors
def export_report(
    ctx: Context,
    resolution_id: int | None,
    country: str | None,
    actor_id: int | None,
    fmt: str,
    output: Path,
    include_confidential: bool,
    as_email: str | None,
) -> None:
    """Write a follow-up report for a resolution, a country or an actor."""
    from tracker.reports.build import build_snapshot
    from tracker.reports.render import render
    from tracker.services.audit import record_audit
    from tracker.services.errors import PermissionDenied, ValidationError

    scopes = [s for s in (resolution_id, country, actor_id) if s is not None]
    if len(scopes) != 1:
        raise ValidationError("give exactly one of --resolution, --country or --actor")
    with ctx.transaction(write=include_confidential) as session:
        user = _user(session, as_email) if as_email else None
        if include_confidential:
            if user is None or not user.can(Role.ADMIN):
                raise PermissionDenied("--include-confidential needs --as an admin")
            record_audit(
                session,
                actor=user,
                action="export.confidential",
                entity_type="reports",
                entity_id=None,
                summary=f"confidential {fmt} report exported",
                after={"resolution": resolution_id, "country": country, "actor": actor_id},
            )
        snapshot = build_snapshot(
            session,
            resolution_id=resolution_id,
            country=country,
            actor_id=actor_id,
            include_confidential=include_confidential,
        )
    if str(output) == "-" and fmt in ("pdf", "docx", "xlsx"):
        raise ValidationError(f"{fmt} cannot go to standard output: give -o FILE")
    # Rendering a large report takes seconds (charts, PDF layout): show that it is moving.
    with click.progressbar(length=1, label=f"Rendering {fmt.upper()}", file=sys.stderr) as bar:
        content = render(snapshot, fmt)
        bar.update(1)
    if str(output) == "-":
        click.echo(content.decode("utf-8"))
    else:
        output.write_bytes(content)
        click.echo(f"wrote {output} ({len(snapshot.demands)} demands)")


from tracker.commands import backup as _backup  # noqa: E402,F401  (adds backup, restore)
from tracker.commands import bench as _bench  # noqa: E402,F401  (adds bench)
from tracker.commands import briefing as _briefing  # noqa: E402,F401  (adds briefing)
from tracker.commands import clocks as _clocks  # noqa: E402,F401  (adds clocks, replies, watch, digest)
from tracker.commands import search as _search  # noqa: E402,F401  (adds search reindex)
from tracker.commands import synth as _synth  # noqa: E402,F401  (adds synth)

if __name__ == "__main__":
    main()
