"""Test support: databases for each backend, apps on them, and counting SQL statements."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from tracker import create_app
from tracker.db import make_engine

PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]


def make_app(engine: Engine, session_factory: sessionmaker[Session], **config: Any) -> Flask:
    """The app on the test's database: testing mode, no CSRF and no rate limit unless asked."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "TRACKER_DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "TRACKER_ENGINE": engine,
            "TRACKER_SESSIONMAKER": session_factory,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            **config,
        }
    )


def database_url(backend: str, name: str, tmp_dir: Path) -> str:
    """A fresh, empty database of `backend` called `name` (a file, or a PostgreSQL database)."""
    if backend == "sqlite":
        path = tmp_dir / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    base = make_url(PG_URL)
    db_name = f"{base.database}_{name}" if name != "main" else base.database
    if not re.fullmatch(r"[a-z0-9_]+", db_name or ""):
        raise ValueError(f"unsafe database name {db_name!r}")
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if name == "main":
            pass
        else:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{db_name}"')
    admin.dispose()
    url = base.set(database=db_name).render_as_string(hide_password=False)
    if name == "main":
        reset_schema(url)
    return url


def reset_schema(url: str) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def fresh_engine(backend: str, name: str, tmp_dir: Path) -> Engine:
    return make_engine(database_url(backend, name, tmp_dir))


@dataclass
class QueryCounter:
    statements: list[str] = field(default_factory=list)
    fetched: list[int] = field(default_factory=list)  # rows fetched, per statement

    @property
    def count(self) -> int:
        return len(self.statements)

    @property
    def rows(self) -> int:
        """Rows the application fetched from the database, all statements together."""
        return sum(self.fetched)

    def __str__(self) -> str:
        return f"{self.count} statements, {self.rows} rows:\n" + "\n---\n".join(
            f"[{rows} rows] {statement}"
            for statement, rows in zip(self.statements, self.fetched, strict=True)
        )


class _CountingCursor:
    """A DBAPI cursor that counts the rows taken from it (SQLAlchemy has no event for fetches,
    so the cursor its result reads from is wrapped once the statement has run)."""

    def __init__(self, cursor: Any, counter: QueryCounter, index: int) -> None:
        self._cursor = cursor
        self._counter = counter
        self._index = index

    def _took(self, rows: int) -> None:
        self._counter.fetched[self._index] += rows

    def fetchone(self) -> Any:
        row = self._cursor.fetchone()
        self._took(row is not None)
        return row

    def fetchmany(self, *args: Any) -> Any:
        rows = self._cursor.fetchmany(*args)
        self._took(len(rows))
        return rows

    def fetchall(self) -> Any:
        rows = self._cursor.fetchall()
        self._took(len(rows))
        return rows

    def __iter__(self) -> Iterator[Any]:
        for row in self._cursor:
            self._took(1)
            yield row

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


@contextmanager
def count_queries(engine: Engine) -> Iterator[QueryCounter]:
    """Count the statements the application sends (not transaction control), and the rows it
    fetches with each."""
    counter = QueryCounter()

    def after(_conn, cursor, statement, _params, context, _many):  # type: ignore[no-untyped-def]
        if re.match(r"\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT)", statement, re.I):
            return
        counter.statements.append(statement)
        counter.fetched.append(0)
        if context is not None and context.cursor is cursor:
            context.cursor = _CountingCursor(cursor, counter, len(counter.statements) - 1)

    event.listen(engine, "after_cursor_execute", after)
    try:
        yield counter
    finally:
        event.remove(engine, "after_cursor_execute", after)
