"""Follow-up: recording dated, sourced status updates (append-only) and deriving the current one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session, aliased

from tracker.models import (
    Demand,
    Paragraph,
    Resolution,
    Response,
    Role,
    Source,
    Status,
    StatusUpdate,
    User,
)
from tracker.models.demands import status_update_sources
from tracker.services.audit import record_audit
from tracker.services.errors import NotFound, PermissionDenied, ValidationError
from tracker.services.sources import SourceSpec, resolve_sources

MAX_NOTE_LENGTH = 20_000


def effective_updates_query(demand_id: int):
    """Updates of a demand that no later update corrects, newest assessment first."""
    correction = aliased(StatusUpdate)
    return (
        select(StatusUpdate.id)
        .where(StatusUpdate.demand_id == demand_id)
        .where(~exists().where(correction.corrects_id == StatusUpdate.id))
        .order_by(StatusUpdate.assessed_on.desc(), StatusUpdate.id.desc())
    )


def refresh_current_update(session: Session, demand_id: int) -> None:
    """Point the demand at its latest effective update. A plain UPDATE, not the ORM: recording
    a status is not an edit of the demand and must not collide with its optimistic lock."""
    # Lock the demand's row first: two updates recorded at once then take turns, and the UPDATE
    # below (a new statement, so a new snapshot under READ COMMITTED) sees the other's row.
    # Without it, the one committing last could point the demand at an older update. NO KEY
    # UPDATE (key_share) because each insert already holds KEY SHARE on the row through its
    # foreign key: FOR UPDATE would deadlock two writers. SQLite serialises writers anyway.
    session.execute(select(Demand.id).where(Demand.id == demand_id).with_for_update(key_share=True))
    latest = effective_updates_query(demand_id).limit(1)
    # The status and date are copied in the same statement (each SET sees the old row, so each
    # asks for the latest update again: three lookups in the demand's index, one round trip).
    session.execute(
        update(Demand)
        .where(Demand.id == demand_id)
        .values(
            current_update_id=latest.scalar_subquery(),
            current_status=func.coalesce(
                latest.with_only_columns(StatusUpdate.status).scalar_subquery(),
                Status.NO_INFORMATION.value,
            ),
            last_assessed_on=latest.with_only_columns(StatusUpdate.assessed_on).scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )
    demand = session.get(Demand, demand_id)
    if demand is not None:
        session.expire(
            demand, ["current_update_id", "current_update", "current_status", "last_assessed_on"]
        )


# Before any resolution this tracker follows could exist; the floor when a text states no date.
EARLIEST_ASSESSMENT = dt.date(1945, 10, 24)


def earliest_assessment(session: Session, demand: Demand) -> dt.date:
    """An assessment cannot predate the resolution that made the demand."""
    adopted = session.scalar(
        select(Resolution.adopted_on)
        .join(Paragraph, Paragraph.resolution_id == Resolution.id)
        .where(Paragraph.id == demand.paragraph_id)
    )
    return adopted or EARLIEST_ASSESSMENT


def record_status_update(
    session: Session,
    demand: Demand,
    *,
    status: Status,
    assessed_on: dt.date,
    sources: list[Source] | None = None,
    note: str = "",
    is_note_confidential: bool = False,
    response: Response | None = None,
    corrects: StatusUpdate | None = None,
    is_demo: bool = False,
    actor: User | None,
    today: dt.date | None = None,
) -> StatusUpdate:
    """Append one assessment. Evidence is required unless the status is `no_information`, which
    still needs a note or a source saying why nothing is known; the date lies between the
    resolution's and today."""
    sources = list(sources or [])
    note = note.strip()
    if assessed_on > (today or dt.date.today()):
        raise ValidationError("the assessment date cannot be in the future", field="assessed_on")
    earliest = earliest_assessment(session, demand)
    if assessed_on < earliest:
        raise ValidationError(
            f"the assessment date cannot be before {earliest.isoformat()}, "
            "the date of the resolution that made the demand",
            field="assessed_on",
        )
    if not sources and status != Status.NO_INFORMATION:
        raise ValidationError(
            f"a source is required for the status {status.value!r} "
            "(only no_information may be recorded without one)",
            field="source",
        )
    if not sources and not note:
        raise ValidationError(
            "say where you looked: “no information” needs a note or a source", field="note"
        )
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(f"note too long: the limit is {MAX_NOTE_LENGTH} characters", "note")
    if corrects is not None and corrects.demand_id != demand.id:
        raise ValidationError("a correction must correct an update of the same demand")
    update_row = StatusUpdate(
        demand_id=demand.id,
        status=status,
        assessed_on=assessed_on,
        note=note,
        is_note_confidential=is_note_confidential,
        response=response,
        corrects_id=corrects.id if corrects else None,
        author_id=actor.id if actor else None,
        is_demo=is_demo,
    )
    session.add(update_row)
    session.flush()
    if sources:
        session.execute(
            status_update_sources.insert(),
            [{"status_update_id": update_row.id, "source_id": s.id} for s in sources],
        )
    refresh_current_update(session, demand.id)
    record_audit(
        session,
        actor=actor,
        action="status.record",
        entity_type="demands",
        entity_id=demand.id,
        summary=f"{status.value} as of {assessed_on.isoformat()}"
        + (f" (correcting update {corrects.id})" if corrects else ""),
        after={
            "status_update_id": update_row.id,
            "status": status,
            "assessed_on": assessed_on,
            "source_ids": [s.id for s in sources],
            "response": response,
            "corrects_id": update_row.corrects_id,
        },
    )
    return update_row


def record_status_update_by_ids(
    session: Session,
    demand_id: int,
    *,
    status: Status,
    assessed_on: dt.date,
    sources: Sequence[SourceSpec] = (),
    note: str = "",
    is_note_confidential: bool = False,
    response: Response | None = None,
    corrects_id: int | None = None,
    actor: User,
) -> StatusUpdate:
    """Record an update as every door receives it (ids and source specs): the web form, the
    API and `tracker status record` all come here."""
    if not actor.can(Role.ANALYST):
        raise PermissionDenied(
            f"{actor.email} is a {actor.role.value}: only analysts and admins record updates"
        )
    demand = session.get(Demand, demand_id)
    if demand is None:
        raise NotFound(f"no demand with id {demand_id}")
    corrects = None
    if corrects_id is not None:
        corrects = session.get(StatusUpdate, corrects_id)
        if corrects is None or corrects.demand_id != demand.id:
            raise ValidationError(
                f"update {corrects_id} is not an update of this demand", field="corrects_id"
            )
    return record_status_update(
        session,
        demand,
        status=status,
        assessed_on=assessed_on,
        sources=resolve_sources(session, sources, actor=actor),
        note=note,
        is_note_confidential=is_note_confidential,
        response=response,
        corrects=corrects,
        actor=actor,
    )
