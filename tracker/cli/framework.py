"""What every `tracker` command shares: the database context, one-line errors, the common
options (--format, -o/--output, the confidential pair), JSON output, dates, users, extras."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from tracker.parsing import ParseError

if TYPE_CHECKING:
    from tracker.models import User

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
    def dialect(self) -> str:
        """`sqlite` or `postgresql`, read from the URL: nothing is opened to learn it."""
        if self._sessionmaker is not None:
            return self.engine.dialect.name
        from sqlalchemy.engine import make_url

        return make_url(self.database_url).get_backend_name()

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


pass_ctx = click.make_pass_decorator(Context)


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


# --- shared options -----------------------------------------------------------------------


def format_option(
    *choices: str, default: str | None = "text", show_default: bool = True
) -> Callable[[F], F]:
    """`--format` (the value reaches the command as `fmt`); no default makes it required."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        required=default is None,
        show_default=show_default and default is not None,
    )


def output_option(help: str, *, required: bool = True) -> Callable[[F], F]:
    """`-o/--output FILE` (the value reaches the command as `output`, a Path)."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        required=required,
        help=help,
    )


def confidential_options(who: str) -> Callable[[F], F]:
    """`--include-confidential` and `--as EMAIL` (as `include_confidential` and `as_email`)."""

    def decorate(command: F) -> F:
        command = click.option("--as", "as_email", metavar="EMAIL", help=who)(command)
        return click.option(
            "--include-confidential",
            is_flag=True,
            help="Include confidential sources (admins only; written to the audit log).",
        )(command)

    return decorate


# --- helpers of the commands --------------------------------------------------------------


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def parse_date(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{what} must be a date as YYYY-MM-DD, not {value!r}") from None


def active_user(session: Session, email: str) -> User:
    """The active user with this email, else a one-line refusal."""
    from tracker.services.accounts import get_user_by_email
    from tracker.services.errors import NotFound

    user = get_user_by_email(session, email)
    if user is None or not user.is_active:
        raise NotFound(f"no active user with the email {email}")
    return user


# Developer tools come with an extra of the package: the modules that show it is installed
# (the same as `[project.optional-dependencies]` in pyproject.toml; a test holds them equal).
EXTRAS: dict[str, tuple[str, ...]] = {"bench": ("requests",)}


def require_extra(extra: str, command: str) -> None:
    """Refuse in one line, saying how to install it, when the extra is not installed."""
    missing = [m for m in EXTRAS[extra] if importlib.util.find_spec(m) is None]
    if missing:
        raise click.ClickException(
            f"tracker {command} is a developer tool: install it with pip install -e '.[{extra}]' "
            f"({', '.join(missing)} missing)"
        )
