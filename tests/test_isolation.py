"""Each test runs in a transaction that is rolled back: a later test sees none of its rows."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import ActorFactory
from tracker.models import Actor

MARKER = "Isolation Marker Person"


def test_first_writes_a_row_and_commits(db: Session) -> None:
    ActorFactory(name=MARKER)
    db.commit()  # releases a SAVEPOINT only: the test's outer transaction still rolls back
    assert db.scalar(select(func.count()).where(Actor.name == MARKER)) == 1


def test_second_sees_nothing_of_the_first(db: Session) -> None:
    assert db.scalar(select(func.count()).where(Actor.name == MARKER)) == 0
