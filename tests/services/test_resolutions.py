"""Importing a parsed resolution: parts, demands, actors, duplicates, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.config import PROJECT_ROOT
from tracker.models import (
    Actor,
    AuditEvent,
    Demand,
    DemandActor,
    LinkRole,
    Paragraph,
    ParagraphKind,
    Resolution,
)
from tracker.parsing import parse_resolution
from tracker.services.errors import DuplicateResolution
from tracker.services.resolutions import (
    drafts_from_parsed,
    get_resolution,
    import_resolution,
    parse_deadline,
)

SAMPLE = PROJECT_ROOT / "fixtures" / "resolutions" / "ep-2023-2589-cambodia-kem-sokha-motion.txt"


def _sample() -> str:
    return Path(SAMPLE).read_text(encoding="utf-8")


def test_importing_the_sample_stores_every_part(db: Session) -> None:
    resolution = import_resolution(db, parse_resolution(_sample()), actor=None)
    stored = get_resolution(db, resolution.id)
    assert len(stored.citations) == 2
    assert [r.label for r in stored.recitals] == ["A", "B", "C", "D"]
    assert [p.label for p in stored.paragraphs] == [str(n) for n in range(1, 10)]
    kinds = {p.label: p.kind for p in stored.paragraphs}
    assert kinds["9"] == ParagraphKind.PROCEDURAL
    assert kinds["5"] == ParagraphKind.POSITION
    assert stored.country == "KH"
    # Only demand paragraphs carry demands, and every one of them carries at least one.
    for paragraph in stored.paragraphs:
        assert bool(paragraph.demands) == (paragraph.kind == ParagraphKind.DEMAND)


def test_import_links_addressees_and_subjects_to_actors(db: Session) -> None:
    resolution = import_resolution(db, parse_resolution(_sample()), actor=None)
    first = db.scalars(
        select(Demand)
        .join(Paragraph)
        .where(Paragraph.resolution_id == resolution.id, Paragraph.label == "1")
    ).first()
    assert first is not None
    kem = db.scalar(select(Actor).where(Actor.name == "Kem Sokha"))
    assert kem is not None
    links = set(
        db.execute(
            select(DemandActor.role, DemandActor.actor_id).where(DemandActor.demand_id == first.id)
        )
    )
    assert (LinkRole.SUBJECT, kem.id) in links
    commission_demands = db.scalars(
        select(Demand)
        .join(Paragraph)
        .where(Paragraph.resolution_id == resolution.id, Paragraph.label == "7")
    ).all()
    for demand in commission_demands:
        names = set(
            db.scalars(
                select(Actor.name)
                .join(DemandActor)
                .where(DemandActor.demand_id == demand.id, DemandActor.role == LinkRole.ADDRESSEE)
            )
        )
        assert "Commission" in names


def test_the_same_text_cannot_be_imported_twice(db: Session) -> None:
    first = import_resolution(db, parse_resolution(_sample()), actor=None)
    before = db.scalar(select(func.count()).select_from(Resolution))
    with pytest.raises(DuplicateResolution) as refused:
        import_resolution(db, parse_resolution(_sample()), actor=None)
    assert refused.value.existing_id == first.id
    assert db.scalar(select(func.count()).select_from(Resolution)) == before


def test_unchecked_demands_are_left_out(db: Session) -> None:
    parsed = parse_resolution(_sample())
    drafts = drafts_from_parsed(parsed)
    drafts[0].include = False
    drafts[1].title = "Reinstate the CNRP (edited)"
    resolution = import_resolution(db, parsed, actor=None, drafts=drafts)
    titles = list(
        db.scalars(
            select(Demand.title).join(Paragraph).where(Paragraph.resolution_id == resolution.id)
        )
    )
    assert len(titles) == len(drafts) - 1
    assert "Reinstate the CNRP (edited)" in titles


def test_import_is_audited(db: Session) -> None:
    resolution = import_resolution(db, parse_resolution(_sample()), actor=None)
    assert (
        db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "resolution.import", AuditEvent.entity_id == resolution.id)
        )
        == 1
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023", ("2023-12-31", "year")),
        ("2023-07", ("2023-07-31", "month")),
        ("2024-02", ("2024-02-29", "month")),
        ("2023-07-15", ("2023-07-15", "day")),
    ],
)
def test_deadlines_are_due_at_the_end_of_their_period(
    value: str, expected: tuple[str, str]
) -> None:
    date, precision = parse_deadline(value)
    assert (date.isoformat(), precision.value) == expected
