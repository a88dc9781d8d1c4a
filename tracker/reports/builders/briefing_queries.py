"""What the briefing's queries share: the demands of a scope, their current status, how many
lines a part lists, and the details (addressees, sources) of the lines listed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session, aliased

from tracker.models import (
    Actor,
    Demand,
    DemandActor,
    LinkRole,
    Paragraph,
    Resolution,
    Source,
    StatusUpdate,
)
from tracker.models.demands import status_update_sources
from tracker.reports.briefing import BriefDemand, Limits
from tracker.reports.builders.report import source_ref
from tracker.reports.builders.scope import Scope
from tracker.reports.snapshot import SourceRef

CLOSED = ("implemented", "moot")
_ID_CHUNK = 5000  # ids per IN list when a download asks for every line


def status_words(status: str) -> str:
    """A vocabulary value as words: "partially_implemented" -> "partially implemented"."""
    return str(getattr(status, "value", status)).replace("_", " ")


def reference(document_reference: str | None, procedure: str | None, resolution_id: int) -> str:
    """Resolution.reference, from the columns of a row."""
    return document_reference or procedure or f"#{resolution_id}"


class BriefingQueries:
    """A scope's demands and their current assessment, for the queries of one briefing part;
    `limits` says how many lines each part lists (None: every line)."""

    def __init__(self, session: Session, scope: Scope, *, limits: Limits | None) -> None:
        self.session = session
        self.scope = scope
        self.limits = limits
        self.in_scope = (
            select(Demand.id)
            .join(Demand.paragraph)
            .join(Paragraph.resolution)
            .where(scope.condition)
        )
        self.current = aliased(StatusUpdate, name="current_update")
        self.status = func.coalesce(self.current.status, literal("no_information"))

    def limited(self, stmt: Any, limit: int | None) -> Any:
        return stmt if limit is None else stmt.limit(limit)

    def limit(self, part: str) -> int | None:
        return None if self.limits is None else getattr(self.limits, part)

    def counted(self, stmt: Any, part: str) -> tuple[list[Any], int]:
        """The first lines of `stmt` allowed for `part`, and the total that its last column
        (count() over the whole result) holds."""
        rows = list(self.session.execute(self.limited(stmt, self.limit(part))).all())
        return rows, (rows[0][-1] if rows else 0)

    def open_demands(self) -> Select[Any]:
        """Open demands in scope with their current assessment, as the lists read them."""
        return (
            select(Demand)
            .join(Demand.paragraph)
            .join(Paragraph.resolution)
            .outerjoin(self.current, self.current.id == Demand.current_update_id)
            .where(self.scope.condition, self.status.not_in(CLOSED))
        )

    @staticmethod
    def times_demanded(thread_id: Any = Demand.thread_id) -> Any:
        """How many demands share the thread `thread_id` (a correlated column); 1 without one.

        The count is 0, not NULL, for a demand outside any thread, hence the NULLIF.
        """
        other = aliased(Demand, name="same_thread")
        in_thread = (
            select(func.count(other.id)).where(other.thread_id == thread_id).scalar_subquery()
        )
        return func.coalesce(func.nullif(in_thread, 0), 1)

    def demand_columns(self, times: Any = None) -> tuple[Any, ...]:
        """A listed demand's columns; `times` counts its thread (default: a correlated count,
        cheap on the few rows a list returns, dear on every row of a country)."""
        return (
            Demand.id,
            Demand.title,
            self.status.label("status"),
            (self.times_demanded() if times is None else times).label("times"),
            Resolution.document_reference,
            Resolution.procedure,
            Resolution.id.label("resolution_id"),
            Demand.thread_id,
            Demand.deadline,
            Demand.deadline_precision,
            self.current.assessed_on,
            self.current.id.label("current_id"),
            Demand.text,
            Demand.verb,
        )


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    """The ids in IN lists of a bounded size; one (possibly empty) list for a short page."""
    yield ids[:_ID_CHUNK]
    for start in range(_ID_CHUNK, len(ids), _ID_CHUNK):
        yield ids[start : start + _ID_CHUNK]


def addressee_names(session: Session, demand_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """The names of whom each demand asks, alphabetical."""
    names: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(sorted(set(demand_ids))):
        for demand_id, name in session.execute(
            select(DemandActor.demand_id, Actor.name)
            .join(Actor, Actor.id == DemandActor.actor_id)
            .where(DemandActor.demand_id.in_(chunk), DemandActor.role == LinkRole.ADDRESSEE)
            .order_by(DemandActor.demand_id, Actor.name)
        ):
            names[demand_id].append(name)
    return {k: tuple(v) for k, v in names.items()}


def update_sources(
    session: Session, update_ids: Iterable[int], *, include_confidential: bool
) -> dict[int, tuple[SourceRef, ...]]:
    """The sources of each status update; confidential ones only when asked."""
    found: dict[int, list[SourceRef]] = defaultdict(list)
    link = status_update_sources
    for chunk in _chunks(sorted(set(update_ids))):
        stmt = (
            select(link.c.status_update_id, Source)
            .join(Source, Source.id == link.c.source_id)
            .where(link.c.status_update_id.in_(chunk))
            .order_by(link.c.status_update_id, Source.id)
        )
        if not include_confidential:
            stmt = stmt.where(Source.is_confidential.is_(False))
        for update_id, source in session.execute(stmt):
            found[update_id].append(source_ref(source))
    return {k: tuple(v) for k, v in found.items()}


def brief_demand(
    row: Any,
    addressees: dict[int, tuple[str, ...]],
    sources: dict[int, tuple[SourceRef, ...]],
) -> BriefDemand:
    """A row of `demand_columns` as the briefing lists it."""
    precision = row.deadline_precision
    return BriefDemand(
        id=row.id,
        title=row.title,
        status=str(row.status),
        times_demanded=int(row.times),
        resolution_reference=reference(row.document_reference, row.procedure, row.resolution_id),
        addressees=addressees.get(row.id, ()),
        deadline=row.deadline,
        deadline_precision=getattr(precision, "value", precision),
        last_assessed_on=row.assessed_on,
        latest_sources=sources.get(row.current_id, ()) if row.current_id else (),
        text=row.text or "",
        verb=row.verb,
    )
