"""Status updates (and the other history tables) can only be inserted: the ORM and the database
both refuse an UPDATE or a DELETE."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from tests.factories import ActorFactory, DemandFactory, SourceFactory, UserFactory
from tracker.models import ActorKind, AppendOnlyViolation, Situation, Status, StatusUpdate
from tracker.services.actors import record_situation
from tracker.services.followup import record_status_update


@pytest.fixture
def update(db: Session) -> StatusUpdate:
    return record_status_update(
        db,
        DemandFactory(),
        status=Status.NOT_IMPLEMENTED,
        assessed_on=dt.date(2023, 5, 1),
        sources=[SourceFactory()],
        actor=UserFactory(),
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE status_updates SET status = 'implemented' WHERE id = :id",
        "UPDATE status_updates SET note = 'rewritten' WHERE id = :id",
        "DELETE FROM status_updates WHERE id = :id",
        "DELETE FROM status_update_sources WHERE status_update_id = :id",
    ],
)
def test_plain_sql_cannot_change_or_remove_a_status_update(
    db: Session, update: StatusUpdate, statement: str
) -> None:
    with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():
        db.execute(sa.text(statement), {"id": update.id})
    db.expire_all()
    assert db.get(StatusUpdate, update.id).status == Status.NOT_IMPLEMENTED


def test_the_orm_refuses_to_change_a_status_update(db: Session, update: StatusUpdate) -> None:
    update.note = "rewritten"
    with pytest.raises(AppendOnlyViolation):
        db.flush()
    db.rollback()


def test_the_orm_refuses_to_delete_a_status_update(db: Session, update: StatusUpdate) -> None:
    db.delete(update)
    with pytest.raises(AppendOnlyViolation):
        db.flush()
    db.rollback()


def test_situation_history_is_append_only_but_can_move_to_a_merged_actor(db: Session) -> None:
    person = ActorFactory(kind=ActorKind.PERSON)
    other = ActorFactory(kind=ActorKind.PERSON)
    change = record_situation(
        db, person, situation=Situation.DETAINED, since=dt.date(2017, 9, 3), actor=None
    )
    with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():
        db.execute(
            sa.text("UPDATE situation_changes SET situation = 'released' WHERE id = :id"),
            {"id": change.id},
        )
    with db.begin_nested():
        db.execute(
            sa.text("UPDATE situation_changes SET actor_id = :a WHERE id = :id"),
            {"a": other.id, "id": change.id},
        )
    with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():
        db.execute(sa.text("DELETE FROM situation_changes WHERE id = :id"), {"id": change.id})
