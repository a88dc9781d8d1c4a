"""Fixtures: a schema built by `alembic upgrade head` per backend, one rolled-back transaction
per test, the app and its client bound to that transaction, the CLI runner, and query counts."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

os.environ.setdefault("TRACKER_SECRET_KEY", "test-secret-key-not-for-production")

from tests import factories  # noqa: E402
from tests.support import BACKENDS, PG_URL, count_queries, fresh_engine, make_app  # noqa: E402
from tracker.cli import Context  # noqa: E402
from tracker.cli import main as cli_main  # noqa: E402
from tracker.migrate import upgrade  # noqa: E402
from tracker.models import Role, User  # noqa: E402


def pytest_report_header(config: pytest.Config) -> list[str]:
    if PG_URL:
        return [f"database backends: {', '.join(BACKENDS)}"]
    return [
        "!!! TRACKER_TEST_DATABASE_URL is not set: database tests run on SQLite ONLY; "
        "the PostgreSQL leg is NOT running !!!"
    ]


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    if not PG_URL:
        terminalreporter.write_line(
            "!!! PostgreSQL leg NOT run: set TRACKER_TEST_DATABASE_URL (as .ci/run does) !!!",
            red=True,
            bold=True,
        )
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped and os.environ.get("TRACKER_TEST_FAIL_ON_SKIP"):
        terminalreporter.write_line(
            f"{len(skipped)} test(s) skipped: CI counts a skip as a failure", red=True, bold=True
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if (
        os.environ.get("TRACKER_TEST_FAIL_ON_SKIP")
        and reporter is not None
        and reporter.stats.get("skipped")
        and exitstatus == 0
    ):
        session.exitstatus = 1


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def engine(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The test database of this backend, built by the migrations (never by create_all)."""
    eng = fresh_engine(backend, "main", tmp_path_factory.mktemp(f"db-{backend}"))
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """One transaction per test, rolled back at the end: no test sees another's rows."""
    with engine.connect() as conn:
        transaction = conn.begin()
        yield conn
        if transaction.is_active:
            transaction.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    # Each session's commit releases a SAVEPOINT inside the test's transaction.
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def db(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    session = session_factory()
    for factory in factories.ALL:
        factory._meta.sqlalchemy_session = session
    yield session
    session.close()


@pytest.fixture
def app(engine: Engine, session_factory: sessionmaker[Session], db: Session) -> Flask:
    return make_app(engine, session_factory)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class Auth:
    def __init__(self, client: FlaskClient, db: Session) -> None:
        self.client = client
        self.db = db

    def login(self, role: Role = Role.ANALYST, **kwargs: object) -> User:
        user = factories.UserFactory(role=role, **kwargs)
        self.db.commit()
        response = self.client.post(
            "/login", data={"email": user.email, "password": factories.TEST_PASSWORD}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user


@pytest.fixture
def auth(client: FlaskClient, db: Session) -> Auth:
    return Auth(client, db)


@pytest.fixture
def cli(session_factory: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(
            cli_main,
            list(args),
            obj=Context(sessionmaker_=session_factory),
            input=input,
            catch_exceptions=False,
        )

    return invoke


@pytest.fixture
def queries(engine: Engine):  # type: ignore[no-untyped-def]
    """`with queries() as counted:` counts the SQL statements sent inside the block."""
    return lambda: count_queries(engine)
