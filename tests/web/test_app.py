"""The application factory's treatment of the process it runs in."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tracker import create_app


def _build(engine: Engine, session_factory: sessionmaker[Session], testing: bool) -> Flask:
    return create_app(
        {
            "TESTING": testing,
            "SECRET_KEY": "test-secret-key",
            "TRACKER_DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "TRACKER_ENGINE": engine,
            "TRACKER_SESSIONMAKER": session_factory,
        }
    )


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
def test_a_served_app_freezes_its_startup_heap_and_a_test_app_does_not(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    _build(engine, session_factory, testing=True)
    assert gc.get_freeze_count() == 0

    app = _build(engine, session_factory, testing=False)
    # The app itself is among the frozen objects: full collections no longer walk it.
    assert gc.get_freeze_count() > 0
    assert app.test_client().get("/health").status_code == 200
