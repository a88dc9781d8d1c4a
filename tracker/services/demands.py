"""Reading demands: filtered lists and the whole demand with everything its page shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import QueryableAttribute, Session, aliased, joinedload, selectinload

from tracker.models import (
    Actor,
    Demand,
    DemandActor,
    Paragraph,
    Resolution,
    Status,
    StatusUpdate,
)
from tracker.services.errors import NotFound


@dataclass
class DemandFilters:
    country: str | None = None
    status: Status | None = None
    resolution_id: int | None = None
    body: str | None = None
    actor_id: int | None = None
    addressee_id: int | None = None
    subject_id: int | None = None
    theme: str | None = None
    stale: bool = False
    overdue: bool = False
    since: dt.date | None = None
    until: dt.date | None = None
    q: str | None = None
    sort: str = "resolution"
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SortKey:
    """One term of a sort order: a column, its direction, and where NULLs go."""

    column: QueryableAttribute[Any]
    descending: bool = False
    nulls_last: bool = False

    def applied_to(self, column: ColumnElement[Any] | QueryableAttribute[Any]) -> Any:
        term = column.desc() if self.descending else column.asc()
        return term.nulls_last() if self.nulls_last else term


SORTS: dict[str, tuple[SortKey, ...]] = {
    "resolution": (
        SortKey(Resolution.adopted_on, descending=True, nulls_last=True),
        SortKey(Resolution.id, descending=True),
        SortKey(Paragraph.position),
        SortKey(Demand.position),
    ),
    "oldest": (
        SortKey(Resolution.adopted_on, nulls_last=True),
        SortKey(Resolution.id),
        SortKey(Paragraph.position),
        SortKey(Demand.position),
    ),
    "title": (SortKey(Demand.title), SortKey(Demand.id)),
    "deadline": (SortKey(Demand.deadline, nulls_last=True), SortKey(Demand.id)),
    "updated": (
        SortKey(Demand.last_assessed_on, descending=True, nulls_last=True),
        SortKey(Demand.id),
    ),
}
SORTS_BY_RESOLUTION = {"resolution", "oldest"}


def demand_options():
    """What a row in a list of demands shows, loaded in a fixed number of statements."""
    return (
        joinedload(Demand.paragraph).joinedload(Paragraph.resolution),
        joinedload(Demand.current_update),
        selectinload(Demand.actor_links).joinedload(DemandActor.actor),
    )


def _resolution_terms(filters: DemandFilters) -> list[ColumnElement[bool]]:
    terms: list[ColumnElement[bool]] = []
    if filters.country:
        terms.append(Resolution.country == filters.country.upper())
    if filters.resolution_id:
        terms.append(Resolution.id == filters.resolution_id)
    if filters.body:
        terms.append(Resolution.body == filters.body)
    if filters.since:
        terms.append(Resolution.adopted_on >= filters.since)
    if filters.until:
        terms.append(Resolution.adopted_on <= filters.until)
    return terms


def _demand_terms(
    filters: DemandFilters,
    demand: Any,
    *,
    today: dt.date,
    stale_after_days: int,
    correlated: bool = False,
) -> list[ColumnElement[bool]]:
    """The filters on `demand` (the Demand class or an alias of it) and its links. Status and
    dates are the demand's own columns, copies of its current update. Links are tested with
    IN (the demands linked to the actor or theme), or with `correlated` one probe per demand."""
    from tracker.models import Theme
    from tracker.models.demands import demand_themes

    terms: list[ColumnElement[bool]] = []
    if filters.status:
        terms.append(demand.current_status == filters.status)
    for actor_id, role in (
        (filters.addressee_id, "addressee"),
        (filters.subject_id, "subject"),
        (filters.actor_id, None),
    ):
        if actor_id:
            linked = [DemandActor.actor_id == actor_id]
            if role:
                linked.append(DemandActor.role == role)
            terms.append(
                exists().where(DemandActor.demand_id == demand.id, *linked)
                if correlated
                else demand.id.in_(select(DemandActor.demand_id).where(*linked))
            )
    if filters.theme:
        theme = select(Theme.id).where(Theme.name == filters.theme).scalar_subquery()
        terms.append(
            exists().where(
                demand_themes.c.demand_id == demand.id, demand_themes.c.theme_id == theme
            )
            if correlated
            else demand.id.in_(
                select(demand_themes.c.demand_id).where(demand_themes.c.theme_id == theme)
            )
        )
    if filters.stale:
        cutoff = today - dt.timedelta(days=stale_after_days)
        # Never assessed counts as stale. COALESCE rather than "IS NULL OR <": SQLite answers
        # the OR by merging two index searches, twice as slow as reading one covering index.
        terms.append(demand.current_status != Status.MOOT)
        terms.append(func.coalesce(demand.last_assessed_on, dt.date.min) < cutoff)
    if filters.overdue:
        terms.append(demand.deadline < today)
        terms.append(demand.current_status.not_in([Status.IMPLEMENTED, Status.MOOT]))
    if filters.q:
        like = f"%{filters.q.strip()}%"
        terms.append(or_(demand.title.ilike(like), demand.text.ilike(like)))
    return terms


def _filtered(
    columns: Sequence[Any],
    filters: DemandFilters,
    *,
    today: dt.date,
    stale_after_days: int,
    with_resolution: bool = False,
    walk_resolutions: bool = False,
) -> Select:
    """`columns` of the demands that pass `filters`. The paragraph and resolution are joined
    only when a filter or the sort needs them: a count over the whole table reads one index.

    `walk_resolutions` (with the resolution joined) tests the demand's own filters in a
    subquery that also names the paragraph. Same rows; but SQLite then reads demands in the
    order of the resolution index and stops at the page's end, where it would otherwise either
    fetch every match's paragraph and resolution to sort them, or first read the whole demands
    table to build a Bloom filter (a filter on the demand alone is what makes it build one)."""
    stmt = select(*columns).select_from(Demand)
    on_resolution = _resolution_terms(filters)
    if with_resolution or walk_resolutions or on_resolution:
        stmt = stmt.join(Demand.paragraph).join(Paragraph.resolution)
    stmt = stmt.where(*on_resolution)
    if not walk_resolutions:
        return stmt.where(
            *_demand_terms(filters, Demand, today=today, stale_after_days=stale_after_days)
        )
    matching = aliased(Demand, name="matching")
    on_demand = _demand_terms(
        filters, matching, today=today, stale_after_days=stale_after_days, correlated=True
    )
    if on_demand:
        stmt = stmt.where(
            exists().where(
                matching.id == Demand.id, matching.paragraph_id == Paragraph.id, *on_demand
            )
        )
    return stmt


def count_demands(
    session: Session, filters: DemandFilters, *, today: dt.date, stale_after_days: int = 90
) -> int:
    """How many demands pass `filters`."""
    stmt = _filtered([func.count()], filters, today=today, stale_after_days=stale_after_days)
    return session.scalar(stmt) or 0


def list_demands_page(
    session: Session,
    filters: DemandFilters,
    *,
    page: int = 1,
    per_page: int = 50,
    today: dt.date,
    stale_after_days: int = 90,
    walk_resolutions: bool = False,
) -> list[Demand]:
    """One page of the demands that pass `filters`, in one statement (and the links in one
    more). The page's ids are chosen by a subquery that sorts only ids and sort keys, so the
    database never carries the joined rows of every match through the sort.
    `walk_resolutions`: see `_filtered`; for the sorts by resolution."""
    sort = filters.sort if filters.sort in SORTS else "resolution"
    keys = SORTS[sort]
    by_resolution = sort in SORTS_BY_RESOLUTION
    chosen = (
        _filtered(
            [Demand.id.label("demand_id"), *(k.column.label(f"k{n}") for n, k in enumerate(keys))],
            filters,
            today=today,
            stale_after_days=stale_after_days,
            with_resolution=by_resolution,
            walk_resolutions=walk_resolutions and by_resolution,
        )
        .order_by(*(k.applied_to(k.column) for k in keys))
        .limit(per_page)
        .offset(max(page - 1, 0) * per_page)
        .subquery("chosen")
    )
    rows = session.scalars(
        select(Demand)
        .join(chosen, chosen.c.demand_id == Demand.id)
        .options(*demand_options())
        .order_by(*(k.applied_to(chosen.c[f"k{n}"]) for n, k in enumerate(keys)))
    )
    return list(rows.unique())


def list_demands(
    session: Session,
    filters: DemandFilters,
    *,
    page: int = 1,
    per_page: int = 50,
    today: dt.date | None = None,
    stale_after_days: int = 90,
) -> tuple[list[Demand], int]:
    """One page of demands and the total that match."""
    today = today or dt.date.today()
    matching = _filtered([func.count()], filters, today=today, stale_after_days=stale_after_days)
    walk = False
    sort = filters.sort if filters.sort in SORTS else "resolution"
    # SQLite only: PostgreSQL joins and sorts the matches by hash well, and plans the
    # correlated form badly (it cannot estimate the doubled condition).
    if (
        session.get_bind().dialect.name == "sqlite"
        and sort in SORTS_BY_RESOLUTION
        and _demand_terms(filters, Demand, today=today, stale_after_days=stale_after_days)
    ):
        # Walking demands in resolution order reads about (rows before the page's end) ×
        # (all / matching) of them; sorting the matches reads each match's paragraph and
        # resolution. Walk when that is fewer: the count of all demands comes in the same
        # statement (an index count).
        everything = select(func.count()).select_from(Demand).scalar_subquery()
        total, all_demands = session.execute(select(matching.scalar_subquery(), everything)).one()
        walk = total * total >= max(page, 1) * per_page * all_demands
    else:
        total = session.scalar(matching)
    rows = list_demands_page(
        session,
        filters,
        page=page,
        per_page=per_page,
        today=today,
        stale_after_days=stale_after_days,
        walk_resolutions=walk,
    )
    return rows, total or 0


def get_demand(session: Session, demand_id: int) -> Demand:
    """A demand with its paragraph, resolution, links, thread and whole history."""
    demand = session.scalar(
        select(Demand)
        .where(Demand.id == demand_id)
        .options(
            joinedload(Demand.paragraph).joinedload(Paragraph.resolution),
            joinedload(Demand.thread),
            joinedload(Demand.current_update),
            selectinload(Demand.actor_links).joinedload(DemandActor.actor),
            selectinload(Demand.events),
            selectinload(Demand.themes),
            selectinload(Demand.updates).options(
                selectinload(StatusUpdate.sources),
                joinedload(StatusUpdate.author),
            ),
        )
    )
    if demand is None:
        raise NotFound(f"no demand with id {demand_id}")
    return demand


def is_stale(demand: Demand, *, today: dt.date, stale_after_days: int) -> bool:
    update = demand.current_update
    if update is not None and update.status == Status.MOOT:
        return False
    return update is None or update.assessed_on < today - dt.timedelta(days=stale_after_days)


def is_overdue(demand: Demand, *, today: dt.date) -> bool:
    return (
        demand.deadline is not None
        and demand.deadline < today
        and demand.status not in (Status.IMPLEMENTED, Status.MOOT)
    )


@dataclass
class FilterOptions:
    bodies: list[str]
    addressees: list[tuple[int, str]]
    subjects: list[tuple[int, str]]
    themes: list[str]


def list_demand_filter_options(session: Session, *, limit: int = 500) -> FilterOptions:
    """What the filter menus of the demand list offer (a fixed number of statements)."""
    from tracker.models import Theme

    def linked(role: str) -> list[tuple[int, str]]:
        # Actors in name order, each probed once in the (actor, role) index: the first `limit`
        # are found without reading every link, as "IN (every linked actor)" would.
        rows = session.execute(
            select(Actor.id, Actor.name)
            .where(exists().where(DemandActor.actor_id == Actor.id, DemandActor.role == role))
            .order_by(Actor.name)
            .limit(limit)
        ).all()
        return [(i, n) for i, n in rows]

    return FilterOptions(
        bodies=[
            b
            for b in session.scalars(
                select(Resolution.body).distinct().order_by(Resolution.body).limit(limit)
            )
            if b
        ],
        addressees=linked("addressee"),
        subjects=linked("subject"),
        themes=list(session.scalars(select(Theme.name).order_by(Theme.name).limit(limit))),
    )


# The demand list as a table: the CSV of the list page and of `tracker demands list`.
DEMAND_TABLE_HEADERS = (
    "id",
    "title",
    "status",
    "last_assessed_on",
    "resolution",
    "paragraph",
    "country",
    "addressees",
    "subjects",
    "deadline",
)


def deadline_text(demand: Demand) -> str | None:
    """The deadline at the precision the text gave: 2023, 2023-07 or 2023-07-31."""
    if demand.deadline is None:
        return None
    precision = demand.deadline_precision.value if demand.deadline_precision else "day"
    if precision == "year":
        return f"{demand.deadline.year:04d}"
    if precision == "month":
        return demand.deadline.strftime("%Y-%m")
    return demand.deadline.isoformat()


def demand_table_rows(demands: Iterable[Demand]) -> list[list[str | int | dt.date | None]]:
    """One row per demand of a list, in DEMAND_TABLE_HEADERS order, values typed."""
    return [
        [
            d.id,
            d.title,
            d.status.value,
            d.last_assessed_on,
            d.paragraph.resolution.reference,
            d.paragraph.label,
            d.paragraph.resolution.country,
            "; ".join(a.name for a in d.addressees),
            "; ".join(a.name for a in d.subjects),
            deadline_text(d),
        ]
        for d in demands
    ]
