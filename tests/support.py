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

    @property
    def count(self) -> int:
        return len(self.statements)

    def __str__(self) -> str:
        return f"{self.count} statements:\n" + "\n---\n".join(self.statements)


@contextmanager
def count_queries(engine: Engine) -> Iterator[QueryCounter]:
    """Count the statements the application sends (not transaction control)."""
    counter = QueryCounter()

    def before(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        if not re.match(r"\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT)", statement, re.I):
            counter.statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)
