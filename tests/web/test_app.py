"""The application factory's treatment of the process it runs in."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.support import make_app


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
def test_a_served_app_freezes_its_startup_heap_and_a_test_app_does_not(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    make_app(engine, session_factory)
    assert gc.get_freeze_count() == 0

    app = make_app(engine, session_factory, TESTING=False)
    # The app itself is among the frozen objects: full collections no longer walk it.
    assert gc.get_freeze_count() > 0
    assert app.test_client().get("/health").status_code == 200
