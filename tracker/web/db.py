"""The request's database session: opened on first use, rolled back and closed after."""

from __future__ import annotations

from flask import current_app, g, has_request_context, request
from sqlalchemy.orm import Session

from tracker.db import begin_write

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_db() -> Session:
    if "db" not in g:
        g.db = current_app.extensions["tracker"].sessionmaker()
        if has_request_context() and request.method not in SAFE_METHODS:
            # A request that may write starts as a writer, so two at once wait in turn on
            # SQLite instead of one failing with "database is locked".
            begin_write(g.db)
    return g.db


def rollback_db() -> None:
    """Abandon what the request's session holds (after an error), keeping it usable."""
    session: Session | None = g.get("db")
    if session is not None:
        session.rollback()


def close_db(_exc: BaseException | None = None) -> None:
    session: Session | None = g.pop("db", None)
    if session is not None:
        session.rollback()
        session.close()
