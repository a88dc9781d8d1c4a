"""Demand lists: filters on the status and dates kept on each demand, sorts, pages and totals."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from tests.factories import (
    ActorFactory,
    DemandFactory,
    ParagraphFactory,
    ResolutionFactory,
    SourceFactory,
)
from tracker.models import Demand, LinkRole, Status, Theme
from tracker.models.demands import demand_themes
from tracker.services.actors import link_actor
from tracker.services.demands import (
    DemandFilters,
    count_demands,
    get_demand,
    is_overdue,
    is_stale,
    list_demands,
    list_demands_page,
)
from tracker.services.followup import record_status_update

TODAY = dt.date(2024, 6, 1)
STALE_DAYS = 90


def _assess(db: Session, demand: Demand, status: Status, on: dt.date) -> None:
    record_status_update(
        db,
        demand,
        status=status,
        assessed_on=on,
        sources=[] if status == Status.NO_INFORMATION else [SourceFactory()],
        note="Nothing found in the press or the official gazette.",
        actor=None,
        today=TODAY,
    )


def _ids(db: Session, filters: DemandFilters, **kwargs: object) -> list[int]:
    rows, total = list_demands(
        db, filters, today=TODAY, stale_after_days=STALE_DAYS, per_page=100, **kwargs
    )
    assert total == len(rows)
    return [d.id for d in rows]


@pytest.fixture
def assessed(db: Session) -> dict[str, Demand]:
    """One demand in each situation the filters tell apart."""
    made = {
        "never": DemandFactory(deadline=dt.date(2024, 1, 1)),
        "no_information": DemandFactory(),
        "old": DemandFactory(deadline=dt.date(2024, 1, 1)),
        "recent": DemandFactory(deadline=dt.date(2024, 1, 1)),
        "implemented": DemandFactory(deadline=dt.date(2024, 1, 1)),
        "moot": DemandFactory(deadline=dt.date(2024, 1, 1)),
        "future_deadline": DemandFactory(deadline=dt.date(2025, 1, 1)),
    }
    db.flush()
    _assess(db, made["no_information"], Status.NO_INFORMATION, dt.date(2024, 5, 1))
    _assess(db, made["old"], Status.NOT_IMPLEMENTED, dt.date(2023, 1, 1))
    _assess(db, made["recent"], Status.REGRESSED, dt.date(2024, 5, 20))
    _assess(db, made["implemented"], Status.IMPLEMENTED, dt.date(2022, 1, 1))
    _assess(db, made["moot"], Status.MOOT, dt.date(2021, 1, 1))
    _assess(db, made["future_deadline"], Status.NOT_IMPLEMENTED, dt.date(2024, 5, 30))
    db.commit()
    return made


def test_status_filters_read_the_status_kept_on_the_demand(
    db: Session, assessed: dict[str, Demand]
) -> None:
    never_or_no_information = {assessed["never"].id, assessed["no_information"].id}
    assert set(_ids(db, DemandFilters(status=Status.NO_INFORMATION))) == never_or_no_information
    assert _ids(db, DemandFilters(status=Status.REGRESSED)) == [assessed["recent"].id]
    assert _ids(db, DemandFilters(status=Status.MOOT)) == [assessed["moot"].id]


def test_stale_and_overdue_agree_with_the_demand_page(
    db: Session, assessed: dict[str, Demand]
) -> None:
    stale = set(_ids(db, DemandFilters(stale=True)))
    overdue = set(_ids(db, DemandFilters(overdue=True)))
    assert {n for n, d in assessed.items() if d.id in stale} == {"never", "old", "implemented"}
    assert {n for n, d in assessed.items() if d.id in overdue} == {"never", "old", "recent"}
    db.expire_all()
    loaded = [get_demand(db, d.id) for d in assessed.values()]
    by_page = {
        "stale": {d.id for d in loaded if is_stale(d, today=TODAY, stale_after_days=STALE_DAYS)},
        "overdue": {d.id for d in loaded if is_overdue(d, today=TODAY)},
    }
    assert by_page == {"stale": stale, "overdue": overdue}


def test_sort_by_last_assessment_puts_the_never_assessed_last(
    db: Session, assessed: dict[str, Demand]
) -> None:
    order = _ids(db, DemandFilters(sort="updated"))
    names = {d.id: n for n, d in assessed.items()}
    assert [names[i] for i in order] == [
        "future_deadline",
        "recent",
        "no_information",
        "old",
        "implemented",
        "moot",
        "never",
    ]


@dataclass
class Spread:
    demands: list[Demand]
    subject_id: int
    addressee_id: int


@pytest.fixture
def many(db: Session) -> Spread:
    """Demands across resolutions of several dates (one undated), countries and paragraphs,
    with statuses, deadlines, links and themes spread over them."""
    person, ministry = ActorFactory(), ActorFactory(name="Ministry")
    theme = Theme(name="detention")
    db.add(theme)
    demands: list[Demand] = []
    dates = [
        dt.date(2020, 5, 1),
        None,
        dt.date(2023, 1, 1),
        dt.date(2020, 5, 1),
        dt.date(2021, 1, 1),
    ]
    statuses = list(Status)
    counter = itertools.count()
    for r, adopted in enumerate(dates):
        resolution = ResolutionFactory(adopted_on=adopted, country="KH" if r % 2 else "BY")
        for p in range(2):
            paragraph = ParagraphFactory(resolution=resolution, position=p + 1)
            for position in (2, 1):
                n = next(counter)
                demands.append(
                    DemandFactory(
                        paragraph=paragraph,
                        position=position,
                        deadline=dt.date(2023, 1, 1) if n % 3 == 0 else None,
                    )
                )
    db.flush()
    for n, demand in enumerate(demands):
        if n % 4:
            _assess(db, demand, statuses[n % len(statuses)], dt.date(2023, 1, 1) + dt.timedelta(n))
        if n % 2:
            link_actor(db, demand, person, LinkRole.SUBJECT, actor=None)
        if n % 3:
            link_actor(db, demand, ministry, LinkRole.ADDRESSEE, actor=None)
        if n % 5 < 2:
            db.execute(insert(demand_themes).values(demand_id=demand.id, theme_id=theme.id))
    db.commit()
    return Spread(demands, person.id, ministry.id)


FILTERS = {
    "none": {},
    "status": {"status": Status.NOT_IMPLEMENTED},
    "no_information": {"status": Status.NO_INFORMATION},
    "stale": {"stale": True},
    "overdue": {"overdue": True},
    "theme": {"theme": "detention"},
    "words": {"q": "prisoner 1"},
    "country_and_status": {"country": "KH", "status": Status.REGRESSED},
    "stale_and_theme": {"stale": True, "theme": "detention"},
}


@pytest.mark.parametrize("sort", ["resolution", "oldest"])
@pytest.mark.parametrize("name", FILTERS)
def test_walking_resolutions_gives_the_same_pages_as_sorting_the_matches(
    db: Session, many: Spread, sort: str, name: str
) -> None:
    variants = [
        FILTERS[name],
        {**FILTERS[name], "subject_id": many.subject_id},
        {**FILTERS[name], "addressee_id": many.addressee_id},
    ]
    for extra in variants:
        filters = DemandFilters(sort=sort, **extra)  # type: ignore[arg-type]
        total = count_demands(db, filters, today=TODAY, stale_after_days=STALE_DAYS)
        pages = []
        for walk in (False, True):
            pages.append(
                [
                    [
                        d.id
                        for d in list_demands_page(
                            db,
                            filters,
                            page=page,
                            per_page=3,
                            today=TODAY,
                            stale_after_days=STALE_DAYS,
                            walk_resolutions=walk,
                        )
                    ]
                    for page in range(1, 8)
                ]
            )
        assert pages[0] == pages[1], extra
        assert sum(len(p) for p in pages[0]) == total
        # list_demands chooses one way or the other and gives the same first page.
        rows, counted = list_demands(
            db, filters, per_page=3, today=TODAY, stale_after_days=STALE_DAYS
        )
        assert ([d.id for d in rows], counted) == (pages[0][0], total)


def test_newest_resolution_first_then_paragraph_and_demand_order(db: Session, many: Spread) -> None:
    rows, _ = list_demands(db, DemandFilters(), per_page=100, today=TODAY)

    def key(d: Demand) -> tuple[int, int, int, int, int]:
        adopted = d.paragraph.resolution.adopted_on
        return (
            adopted is None,
            -(adopted.toordinal() if adopted else 0),
            -d.paragraph.resolution.id,
            d.paragraph.position,
            d.position,
        )

    assert [d.id for d in rows] == [d.id for d in sorted(rows, key=key)]
    assert len(rows) == len(many.demands)
