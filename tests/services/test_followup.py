"""Recording status updates: evidence, dates, corrections, the derived status, the audit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import DemandFactory, SourceFactory, UserFactory
from tracker.models import AuditEvent, Demand, Status, StatusUpdate
from tracker.services.demands import get_demand
from tracker.services.errors import ValidationError
from tracker.services.followup import record_status_update

TODAY = dt.date(2024, 1, 10)


def _count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(StatusUpdate)) or 0


def test_status_update_without_source_is_refused(db: Session) -> None:
    demand, before = DemandFactory(), _count(db)
    with pytest.raises(ValidationError, match="source is required"):
        record_status_update(
            db,
            demand,
            status=Status.NOT_IMPLEMENTED,
            assessed_on=dt.date(2023, 5, 1),
            actor=UserFactory(),
            today=TODAY,
        )
    assert _count(db) == before


def test_no_information_needs_no_source_but_says_where_one_looked(db: Session) -> None:
    demand = DemandFactory()
    with pytest.raises(ValidationError, match="needs a note or a source"):
        record_status_update(
            db,
            demand,
            status=Status.NO_INFORMATION,
            assessed_on=dt.date(2023, 5, 1),
            note="  ",
            actor=None,
            today=TODAY,
        )
    update = record_status_update(
        db,
        demand,
        status=Status.NO_INFORMATION,
        assessed_on=dt.date(2023, 5, 1),
        note="Asked the ministry twice; no answer.",
        actor=None,
        today=TODAY,
    )
    assert update.id is not None


def test_an_assessment_before_the_resolution_is_refused(db: Session) -> None:
    from tests.factories import ResolutionFactory

    demand = DemandFactory(paragraph__resolution=ResolutionFactory(adopted_on=dt.date(2023, 3, 16)))
    undated = DemandFactory(paragraph__resolution=ResolutionFactory(adopted_on=None))
    before = _count(db)
    for target, on in ((demand, dt.date(2023, 3, 15)), (undated, dt.date(1899, 1, 1))):
        with pytest.raises(ValidationError, match="cannot be before"):
            record_status_update(
                db,
                target,
                status=Status.IMPLEMENTED,
                assessed_on=on,
                sources=[SourceFactory()],
                actor=None,
                today=TODAY,
            )
    assert _count(db) == before
    record_status_update(
        db,
        demand,
        status=Status.IMPLEMENTED,
        assessed_on=dt.date(2023, 3, 16),
        sources=[SourceFactory()],
        actor=None,
        today=TODAY,
    )


def test_assessment_in_the_future_is_refused(db: Session) -> None:
    with pytest.raises(ValidationError, match="future"):
        record_status_update(
            db,
            DemandFactory(),
            status=Status.IMPLEMENTED,
            assessed_on=TODAY + dt.timedelta(days=1),
            sources=[SourceFactory()],
            actor=None,
            today=TODAY,
        )


def test_current_status_is_the_latest_assessment_not_the_latest_recorded(db: Session) -> None:
    demand, source = DemandFactory(), SourceFactory()
    record_status_update(
        db,
        demand,
        status=Status.PARTIALLY_IMPLEMENTED,
        assessed_on=dt.date(2023, 9, 1),
        sources=[source],
        actor=None,
        today=TODAY,
    )
    record_status_update(
        db,
        demand,
        status=Status.NOT_IMPLEMENTED,
        assessed_on=dt.date(2023, 3, 1),
        sources=[source],
        actor=None,
        today=TODAY,
    )
    db.expire_all()
    assert get_demand(db, demand.id).status == Status.PARTIALLY_IMPLEMENTED


def test_a_correction_points_at_what_it_corrects_and_replaces_it(db: Session) -> None:
    demand, source = DemandFactory(), SourceFactory()
    wrong = record_status_update(
        db,
        demand,
        status=Status.IMPLEMENTED,
        assessed_on=dt.date(2023, 9, 1),
        sources=[source],
        actor=None,
        today=TODAY,
    )
    fixed = record_status_update(
        db,
        demand,
        status=Status.NOT_IMPLEMENTED,
        assessed_on=dt.date(2023, 8, 1),
        sources=[source],
        actor=None,
        corrects=wrong,
        today=TODAY,
    )
    db.expire_all()
    assert fixed.corrects_id == wrong.id
    assert get_demand(db, demand.id).status == Status.NOT_IMPLEMENTED
    assert _count(db) >= 2  # the corrected row is kept


def test_a_correction_of_another_demands_update_is_refused(db: Session) -> None:
    source = SourceFactory()
    other = record_status_update(
        db,
        DemandFactory(),
        status=Status.IMPLEMENTED,
        assessed_on=dt.date(2023, 9, 1),
        sources=[source],
        actor=None,
        today=TODAY,
    )
    with pytest.raises(ValidationError, match="same demand"):
        record_status_update(
            db,
            DemandFactory(),
            status=Status.IMPLEMENTED,
            assessed_on=dt.date(2023, 9, 1),
            sources=[source],
            actor=None,
            corrects=other,
            today=TODAY,
        )


def test_recording_writes_an_audit_event(db: Session) -> None:
    user, demand = UserFactory(), DemandFactory()
    record_status_update(
        db,
        demand,
        status=Status.REGRESSED,
        assessed_on=dt.date(2023, 9, 1),
        sources=[SourceFactory()],
        actor=user,
        today=TODAY,
    )
    audit = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "status.record", AuditEvent.entity_id == demand.id
        )
    ).one()
    assert audit.user_id == user.id
    assert audit.after["status"] == "regressed"


def _kept(db: Session, demand_id: int) -> tuple[int | None, Status, dt.date | None]:
    row = db.execute(
        select(Demand.current_update_id, Demand.current_status, Demand.last_assessed_on).where(
            Demand.id == demand_id
        )
    ).one()
    return row[0], Status(row[1]), row[2]


def test_the_demand_keeps_its_current_status_and_date_in_step(db: Session) -> None:
    demand, source = DemandFactory(), SourceFactory()
    db.flush()
    assert _kept(db, demand.id) == (None, Status.NO_INFORMATION, None)
    later = record_status_update(
        db,
        demand,
        status=Status.PARTIALLY_IMPLEMENTED,
        assessed_on=dt.date(2023, 9, 1),
        sources=[source],
        actor=None,
        today=TODAY,
    )
    assert _kept(db, demand.id) == (later.id, Status.PARTIALLY_IMPLEMENTED, dt.date(2023, 9, 1))
    # An older assessment recorded afterwards changes nothing.
    record_status_update(
        db,
        demand,
        status=Status.NOT_IMPLEMENTED,
        assessed_on=dt.date(2023, 3, 1),
        sources=[source],
        actor=None,
        today=TODAY,
    )
    assert _kept(db, demand.id) == (later.id, Status.PARTIALLY_IMPLEMENTED, dt.date(2023, 9, 1))
    # A correction replaces what it corrects: status and date come from the correction.
    fixed = record_status_update(
        db,
        demand,
        status=Status.MOOT,
        assessed_on=dt.date(2023, 10, 2),
        sources=[source],
        actor=None,
        corrects=later,
        today=TODAY,
    )
    assert _kept(db, demand.id) == (fixed.id, Status.MOOT, dt.date(2023, 10, 2))
    assert demand.current_status == Status.MOOT  # the loaded demand is refreshed too
    assert demand.last_assessed_on == dt.date(2023, 10, 2)


# --- the use case every door calls: by ids, with source specs -------------------------------


def test_an_update_by_ids_finds_or_creates_its_sources_once(db: Session) -> None:
    from tracker.services.followup import record_status_update_by_ids
    from tracker.services.sources import SourceSpec

    demand, cited = DemandFactory(), SourceFactory()
    update = record_status_update_by_ids(
        db,
        demand.id,
        status=Status.NOT_IMPLEMENTED,
        assessed_on=dt.date(2023, 5, 1),
        sources=[
            SourceSpec(source_id=cited.id),
            SourceSpec(url=cited.url),  # the same source again, by its URL
            SourceSpec(url="https://new.example.org/report", title="New report"),
        ],
        actor=UserFactory(),
    )
    from tracker.models import Source
    from tracker.models.demands import status_update_sources

    cited_urls = db.scalars(
        select(Source.url)
        .join(status_update_sources, status_update_sources.c.source_id == Source.id)
        .where(status_update_sources.c.status_update_id == update.id)
        .order_by(Source.url)
    ).all()
    assert cited_urls == sorted([cited.url, "https://new.example.org/report"])


def test_an_update_by_ids_refuses_a_viewer_a_missing_demand_and_a_foreign_correction(
    db: Session,
) -> None:
    from tracker.models import Role
    from tracker.services.errors import NotFound, PermissionDenied
    from tracker.services.followup import record_status_update_by_ids

    demand, other = DemandFactory(), DemandFactory()
    foreign = record_status_update(
        db,
        other,
        status=Status.NO_INFORMATION,
        assessed_on=dt.date(2023, 5, 1),
        note="Asked; no answer.",
        actor=None,
    )
    before = _count(db)
    analyst = UserFactory()
    asked = {"status": Status.NO_INFORMATION, "assessed_on": dt.date(2023, 5, 1), "note": "-"}
    with pytest.raises(PermissionDenied, match="only analysts and admins"):
        record_status_update_by_ids(db, demand.id, **asked, actor=UserFactory(role=Role.VIEWER))
    with pytest.raises(NotFound, match="no demand with id 999999"):
        record_status_update_by_ids(db, 999_999, **asked, actor=analyst)
    with pytest.raises(ValidationError, match="not an update of this demand"):
        record_status_update_by_ids(db, demand.id, **asked, corrects_id=foreign.id, actor=analyst)
    with pytest.raises(ValidationError, match="no source with id"):
        from tracker.services.sources import SourceSpec

        record_status_update_by_ids(
            db,
            demand.id,
            status=Status.IMPLEMENTED,
            assessed_on=dt.date(2023, 5, 1),
            sources=[SourceSpec(source_id=999_999)],
            actor=analyst,
        )
    assert _count(db) == before
