"""`tracker demo`: logins with a password generated for each database and printed once (none in
the demo file), and SQLite unless told otherwise (issue 16, item 10)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from tests.backup.helpers import cli_context
from tests.support import fresh_engine
from tracker.cli import main
from tracker.config import PROJECT_ROOT
from tracker.db import make_sessionmaker
from tracker.models import AuditEvent, User
from tracker.services.accounts import authenticate
from tracker.services.demo import DEMO_FILE

SAMPLE = PROJECT_ROOT / "fixtures/resolutions/ep-2023-2589-cambodia-kem-sokha-motion.txt"
LOGIN = re.compile(r"^Demo login: (\S+@\S+)  password: (\S+)$")


@pytest.fixture
def empty(backend: str, tmp_path: Path) -> Iterator[Engine]:
    engine = fresh_engine(backend, "demo_cli", tmp_path)
    yield engine
    engine.dispose()


def _demo(engine: Engine, *args: str) -> Result:
    if engine.dialect.name == "postgresql":
        args = (*args, "--allow-postgresql")
    return CliRunner().invoke(main, ["demo", "--no-serve", *args], obj=cli_context(engine))


def _logins(result: Result) -> dict[str, str]:
    return dict(m.groups() for line in result.output.splitlines() if (m := LOGIN.match(line)))


def _signs_in(engine: Engine, email: str, password: str) -> bool:
    with make_sessionmaker(engine)() as session:
        return authenticate(session, email, password) is not None


def test_the_demo_file_holds_no_password() -> None:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    assert data["users"] and all(set(user) == {"email", "name", "role"} for user in data["users"])
    assert "password" not in DEMO_FILE.read_text(encoding="utf-8").replace("passwords", "")


def test_each_database_gets_its_own_password_printed_once(
    empty: Engine, backend: str, tmp_path: Path
) -> None:
    first = _demo(empty)
    assert first.exit_code == 0, first.output
    assert first.output.startswith("Loaded the demo: resolution ")
    logins = _logins(first)
    ((email, password),) = logins.items()
    assert email == "demo@example.org" and len(password) >= 16
    assert _signs_in(empty, email, password)
    assert password not in DEMO_FILE.read_text(encoding="utf-8")

    again = _demo(empty)
    assert again.exit_code == 0, again.output
    assert _logins(again) == {} and password not in again.output
    assert again.output.splitlines() == [
        "The demo is already loaded; its logins were printed when it was loaded. "
        "New passwords for them: tracker demo --new-passwords"
    ]

    other = fresh_engine(backend, "demo_cli_other", tmp_path)
    try:
        other_logins = _logins(_demo(other))
        assert set(other_logins) == {email} and other_logins[email] != password
        assert not _signs_in(other, email, password)
    finally:
        other.dispose()


def _generation(engine: Engine, email: str) -> int:
    with make_sessionmaker(engine)() as session:
        return int(session.scalar(sa.select(User.session_generation).where(User.email == email)))


def test_new_passwords_replace_the_old_ones_end_sessions_and_are_audited(empty: Engine) -> None:
    ((email, old),) = _logins(_demo(empty)).items()
    generation = _generation(empty, email)
    renewed = _demo(empty, "--new-passwords")
    assert _generation(empty, email) == generation + 1
    assert renewed.exit_code == 0, renewed.output
    ((same, new),) = _logins(renewed).items()
    assert same == email and new != old
    assert _signs_in(empty, email, new) and not _signs_in(empty, email, old)
    with make_sessionmaker(empty)() as session:
        summaries = session.scalars(
            sa.select(AuditEvent.summary).where(AuditEvent.action == "user.password")
        ).all()
    assert summaries == [f"new demo password for {email} (tracker demo --new-passwords)"]
    assert all(new not in s and old not in s for s in summaries)


def test_postgresql_is_refused_in_one_line_unless_allowed(empty: Engine, backend: str) -> None:
    result = CliRunner().invoke(main, ["demo", "--no-serve"], obj=cli_context(empty))
    if backend == "sqlite":
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: tracker demo keeps to SQLite and this database is postgresql: "
        "add --allow-postgresql to load the demo and its logins there"
    ]
    assert sa.inspect(empty).get_table_names() == []
    allowed = _demo(empty)
    assert allowed.exit_code == 0 and set(_logins(allowed)) == {"demo@example.org"}


def _run(engine: Engine, *args: str, input: str | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), obj=cli_context(engine), input=input)
    assert result.exit_code == 0, result.output
    return result


def test_an_existing_account_keeps_its_password(empty: Engine) -> None:
    _run(empty, "db", "upgrade")
    _run(
        empty,
        *("users", "create", "demo@example.org", "--role", "analyst", "--password-stdin"),
        input="an analyst's own password\n",
    )
    result = _demo(empty)
    assert result.exit_code == 0, result.output
    assert _logins(result) == {}
    assert "Demo login: demo@example.org  (an existing account: its password is unchanged)" in (
        result.output.splitlines()
    )
    assert _signs_in(empty, "demo@example.org", "an analyst's own password")


def test_a_database_holding_other_resolutions_gets_no_demo(empty: Engine) -> None:
    _run(empty, "db", "upgrade")
    _run(empty, "import", str(SAMPLE))
    result = _demo(empty)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "The database already holds data: the demo was not loaded."
    ]
