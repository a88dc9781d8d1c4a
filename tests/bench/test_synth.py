"""Synthetic data: reproducible from the seed, the counts it reports, the cache it sets."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import DemandFactory, UserFactory
from tests.support import fresh_engine
from tracker.migrate import upgrade
from tracker.models import (
    AuditEvent,
    Demand,
    DemandActor,
    Paragraph,
    Resolution,
    Role,
    Status,
    StatusUpdate,
    Thread,
)
from tracker.ops.synth import iter_sizes, synth
from tracker.services.followup import effective_updates_query
from tracker.services.search import search


def _content(backend: str, name: str, tmp_path: Path, seed: int) -> list[tuple[str, ...]]:
    engine = fresh_engine(backend, name, tmp_path)
    upgrade(engine)
    with Session(engine) as session:
        synth(session, 40, seed=seed)
        session.commit()
        rows = session.execute(
            select(Demand.title, Demand.text, StatusUpdate.status, StatusUpdate.note)
            .join(StatusUpdate, StatusUpdate.id == Demand.current_update_id)
            .order_by(Demand.id)
        ).all()
    engine.dispose()
    return [tuple(str(v) for v in row) for row in rows]


def test_the_same_seed_gives_the_same_data(backend: str, tmp_path: Path) -> None:
    first = _content(backend, "synth_a", tmp_path, seed=5)
    again = _content(backend, "synth_b", tmp_path, seed=5)
    other = _content(backend, "synth_c", tmp_path, seed=6)
    assert len(first) == 40
    assert first == again
    assert first != other


def test_synth_makes_what_it_reports_and_sets_the_current_update(db: Session) -> None:
    before = db.scalar(select(func.count()).select_from(Demand)) or 0
    report = synth(db, 60, seed=2)
    assert report.demands == 60
    assert db.scalar(select(func.count()).select_from(Demand)) == before + 60
    assert db.scalar(select(func.count()).select_from(StatusUpdate)) == report.status_updates
    assert 6 * 60 <= report.status_updates <= 14 * 60
    paragraphs = db.scalars(
        select(func.count()).select_from(Paragraph).group_by(Paragraph.resolution_id)
    ).all()
    assert len(paragraphs) == report.resolutions and all(5 <= n <= 30 for n in paragraphs)
    addressees = db.scalars(
        select(func.count())
        .select_from(DemandActor)
        .where(DemandActor.role == "addressee")
        .group_by(DemandActor.demand_id)
    ).all()
    assert len(addressees) == 60 and all(1 <= n <= 3 for n in addressees)
    assert db.scalar(select(func.count()).select_from(Thread)) == report.threads
    for demand in db.scalars(select(Demand).order_by(Demand.id).limit(15)):
        assert demand.current_update_id == db.scalar(effective_updates_query(demand.id).limit(1))
        # …and the copies of its status and date that lists and the dashboard read.
        current = db.get(StatusUpdate, demand.current_update_id or 0)
        assert (demand.current_status, demand.last_assessed_on) == (
            (current.status, current.assessed_on) if current else (Status.NO_INFORMATION, None)
        )
    audit = db.scalars(select(AuditEvent).where(AuditEvent.action == "synth.generate")).all()
    assert len(audit) == 1 and audit[0].after and audit[0].after["demands"] == 60
    # Rows added after synth get fresh ids: without moving PostgreSQL's sequences past the ids
    # synth gave, these inserts collide with its rows.
    synth_max = db.scalar(select(func.max(Demand.id))) or 0
    assert DemandFactory().id > synth_max
    assert UserFactory().id


def test_synthetic_records_are_searchable(db: Session) -> None:
    synth(db, 30, seed=4)
    title = db.scalar(select(Resolution.title).order_by(Resolution.id.desc()).limit(1))
    assert title
    person = title.split(": the case of ")[1]
    results = search(db, person, role=Role.ANALYST)
    assert results.kind_counts.get("resolution", 0) >= 1
    assert results.kind_counts.get("demand", 0) + results.kind_counts.get("note", 0) >= 1


def test_sizes_are_read_with_thousands() -> None:
    assert list(iter_sizes("1000, 10k,100_000")) == [1000, 10_000, 100_000]
