"""Build a Briefing from the database in a fixed number of statements, whatever its size.

Each part is one query that counts all its lines and returns the first of them: the web page
passes `Limits`, a download passes none and gets every line.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from tracker.models import (
    Actor,
    ActorKind,
    Demand,
    DemandActor,
    Event,
    EventActor,
    LinkRole,
    Paragraph,
    Resolution,
    SituationChange,
    Source,
    StatusUpdate,
)
from tracker.models.demands import demand_events, status_update_sources
from tracker.reports.briefing import AddresseeGroup, BriefDemand, Briefing, Change, Limits
from tracker.reports.build import Scope, resolve_scope, source_ref
from tracker.reports.snapshot import SourceRef
from tracker.reports.wording import reiterated_call
from tracker.services.errors import ValidationError

CLOSED = ("implemented", "moot")
DEFAULT_LOOKBACK_DAYS = 90
NO_ADDRESSEE = "(no addressee named)"
_ID_CHUNK = 5000  # ids per IN list when a download asks for every line


def _label(status: str) -> str:
    return status.replace("_", " ")


def _reference(document_reference: str | None, procedure: str | None, resolution_id: int) -> str:
    """Resolution.reference, from the columns of a row."""
    return document_reference or procedure or f"#{resolution_id}"


class _Parts:
    """The queries of one briefing: a scope, a date, and how many lines each part lists."""

    def __init__(
        self,
        session: Session,
        scope: Scope,
        *,
        since: dt.date,
        today: dt.date,
        stale_after_days: int,
        include_confidential: bool,
        limits: Limits | None,
    ) -> None:
        self.session = session
        self.scope = scope
        self.since = since
        self.today = today
        self.cutoff = today - dt.timedelta(days=stale_after_days)
        self.include_confidential = include_confidential
        self.limits = limits
        self.in_scope = (
            select(Demand.id)
            .join(Demand.paragraph)
            .join(Paragraph.resolution)
            .where(scope.condition)
        )
        self.current = aliased(StatusUpdate, name="current_update")
        self.status = func.coalesce(self.current.status, literal("no_information"))

    def _limited(self, stmt: Any, limit: int | None) -> Any:
        return stmt if limit is None else stmt.limit(limit)

    def _limit(self, part: str) -> int | None:
        return None if self.limits is None else getattr(self.limits, part)

    def _counted(self, stmt: Any, part: str) -> tuple[list[Any], int]:
        """The first lines of `stmt` allowed for `part`, and the total that its last column
        (count() over the whole result) holds."""
        rows = list(self.session.execute(self._limited(stmt, self._limit(part))).all())
        return rows, (rows[0][-1] if rows else 0)

    def _open_demands(self) -> Select[Any]:
        """Open demands in scope with their current assessment, as the lists read them."""
        return (
            select(Demand)
            .join(Demand.paragraph)
            .join(Paragraph.resolution)
            .outerjoin(self.current, self.current.id == Demand.current_update_id)
            .where(self.scope.condition, self.status.not_in(CLOSED))
        )

    @staticmethod
    def _times_demanded(thread_id: Any = Demand.thread_id) -> Any:
        """How many demands share the thread `thread_id` (a correlated column); 1 without one.

        The count is 0, not NULL, for a demand outside any thread, hence the NULLIF.
        """
        other = aliased(Demand, name="same_thread")
        in_thread = (
            select(func.count(other.id)).where(other.thread_id == thread_id).scalar_subquery()
        )
        return func.coalesce(func.nullif(in_thread, 0), 1)

    # 1. What changed -------------------------------------------------------------------
    def status_changes(self) -> tuple[list[Any], int]:
        """Assessments dated on or after `since`, newest first, each with the status before."""
        changed = self._limited(
            select(
                StatusUpdate.id,
                StatusUpdate.demand_id,
                StatusUpdate.status,
                StatusUpdate.assessed_on,
                StatusUpdate.response,
                StatusUpdate.corrects_id,
                func.count().over().label("total"),
            )
            .where(
                StatusUpdate.demand_id.in_(self.in_scope),
                StatusUpdate.assessed_on >= self.since,
            )
            .order_by(StatusUpdate.assessed_on.desc(), StatusUpdate.id.desc()),
            self._limit("changes"),
        ).subquery("changed")
        before = aliased(StatusUpdate, name="before")
        previous = (
            select(before.status)
            .where(
                before.demand_id == changed.c.demand_id,
                or_(
                    before.assessed_on < changed.c.assessed_on,
                    and_(before.assessed_on == changed.c.assessed_on, before.id < changed.c.id),
                ),
            )
            .order_by(before.assessed_on.desc(), before.id.desc())
            .limit(1)
            .correlate(changed)
            .scalar_subquery()
        )
        result = self.session.execute(
            select(changed, Demand.title, previous.label("previous"))
            .join(Demand, Demand.id == changed.c.demand_id)
            .order_by(changed.c.assessed_on.desc(), changed.c.id.desc())
        ).all()
        return list(result), (result[0].total if result else 0)

    def became_overdue(self) -> tuple[list[Any], int]:
        return self._counted(
            self._open_demands()
            .with_only_columns(
                Demand.id, Demand.title, Demand.deadline, self.status, func.count().over()
            )
            .where(Demand.deadline >= self.since, Demand.deadline < self.today)
            .order_by(Demand.deadline.desc(), Demand.id.desc()),
            "changes",
        )

    def new_resolutions(self) -> tuple[list[Any], int]:
        return self._counted(
            select(
                Resolution.id,
                Resolution.title,
                Resolution.document_reference,
                Resolution.procedure,
                Resolution.adopted_on,
                func.count(Demand.id),
                func.count().over(),
            )
            .select_from(Demand)
            .join(Demand.paragraph)
            .join(Paragraph.resolution)
            .where(self.scope.condition, Resolution.adopted_on >= self.since)
            .group_by(Resolution.id)
            .order_by(Resolution.adopted_on.desc(), Resolution.id.desc()),
            "changes",
        )

    def events(self, *, country: str | None, actor_id: int | None) -> tuple[list[Any], int]:
        linked = select(demand_events.c.event_id).where(
            demand_events.c.demand_id.in_(self.in_scope)
        )
        condition: ColumnElement[bool] = Event.id.in_(linked)
        if country:
            condition = condition | (Event.country == country.upper())
        if actor_id:
            condition = condition | Event.id.in_(
                select(EventActor.event_id).where(EventActor.actor_id == actor_id)
            )
        return self._counted(
            select(Event.occurred_on, Event.title, Event.kind, func.count().over())
            .where(condition, Event.occurred_on >= self.since)
            .order_by(Event.occurred_on.desc(), Event.id.desc()),
            "changes",
        )

    def situations(self, *, actor_id: int | None) -> tuple[list[Any], int]:
        people = select(DemandActor.actor_id).where(DemandActor.demand_id.in_(self.in_scope))
        condition: ColumnElement[bool] = SituationChange.actor_id.in_(people)
        if actor_id:
            condition = condition | (SituationChange.actor_id == actor_id)
        return self._counted(
            select(
                SituationChange.since,
                Actor.name,
                SituationChange.situation,
                SituationChange.note,
                func.count().over(),
            )
            .join(Actor, Actor.id == SituationChange.actor_id)
            .where(condition, SituationChange.since >= self.since, Actor.kind == ActorKind.PERSON)
            .order_by(SituationChange.since.desc(), SituationChange.id.desc()),
            "changes",
        )

    # 2.–4. Open demands ----------------------------------------------------------------
    def _demand_columns(self, times: Any = None) -> tuple[Any, ...]:
        """A listed demand's columns; `times` counts its thread (default: a correlated count,
        cheap on the few rows a list returns, dear on every row of a country)."""
        return (
            Demand.id,
            Demand.title,
            self.status.label("status"),
            (self._times_demanded() if times is None else times).label("times"),
            Resolution.document_reference,
            Resolution.procedure,
            Resolution.id.label("resolution_id"),
            Demand.thread_id,
            Demand.deadline,
            Demand.deadline_precision,
            self.current.assessed_on,
            self.current.id.label("current_id"),
        )

    def _thread_sizes(self) -> Any:
        """Demands per thread, for the threads of the demands in scope."""
        return (
            select(Demand.thread_id, func.count(Demand.id).label("size"))
            .where(
                Demand.thread_id.in_(
                    select(Demand.thread_id)
                    .join(Demand.paragraph)
                    .join(Paragraph.resolution)
                    .where(self.scope.condition, Demand.thread_id.is_not(None))
                )
            )
            .group_by(Demand.thread_id)
            .subquery("thread_sizes")
        )

    def by_addressee(self) -> list[Any]:
        """Open demands per addressee (most demanded first), with each group's total."""
        link = aliased(DemandActor, name="asked")
        addressee = aliased(Actor, name="addressee")
        group = func.coalesce(addressee.id, 0)
        ranked = (
            self._open_demands()
            .outerjoin(link, and_(link.demand_id == Demand.id, link.role == LinkRole.ADDRESSEE))
            .outerjoin(addressee, addressee.id == link.actor_id)
            .with_only_columns(
                *self._demand_columns(times=literal(1)),
                addressee.id.label("addressee_id"),
                addressee.name.label("addressee"),
                func.row_number()
                .over(
                    partition_by=group,
                    order_by=(Resolution.adopted_on.desc().nulls_last(), Demand.id),
                )
                .label("rank"),
                func.count().over(partition_by=group).label("group_total"),
            )
            .subquery("ranked")
        )
        columns = [c for c in ranked.c if c.key != "times"]
        stmt = select(*columns, self._times_demanded(ranked.c.thread_id).label("times"))
        if self.limits is not None:
            stmt = stmt.where(ranked.c.rank <= self.limits.per_addressee)
        return list(
            self.session.execute(
                stmt.order_by(ranked.c.addressee_id.is_(None), ranked.c.addressee, ranked.c.rank)
            ).all()
        )

    def overdue(self) -> tuple[list[Any], int]:
        return self._counted(
            self._open_demands()
            .with_only_columns(*self._demand_columns(), func.count().over())
            .where(Demand.deadline < self.today)
            .order_by(Demand.deadline, Demand.id),
            "lists",
        )

    def stale(self) -> tuple[list[Any], int]:
        return self._counted(
            self._open_demands()
            .with_only_columns(*self._demand_columns(), func.count().over())
            .where(or_(self.current.id.is_(None), self.current.assessed_on < self.cutoff))
            .order_by(self.current.assessed_on.nulls_first(), Demand.id),
            "lists",
        )

    def wording(self) -> tuple[list[Any], int]:
        """One open demand per thread (or lone demand), the latest asked, most demanded first."""
        thread_key = func.coalesce(Demand.thread_id, -Demand.id)
        sizes = self._thread_sizes()
        ranked = (
            self._open_demands()
            .outerjoin(sizes, sizes.c.thread_id == Demand.thread_id)
            .with_only_columns(
                *self._demand_columns(times=func.coalesce(sizes.c.size, 1)),
                func.row_number()
                .over(
                    partition_by=thread_key,
                    order_by=(Resolution.adopted_on.desc().nulls_last(), Demand.id.desc()),
                )
                .label("rank"),
            )
            .subquery("per_thread")
        )
        return self._counted(
            select(ranked, func.count().over())
            .where(ranked.c.rank == 1)
            .order_by(ranked.c.times.desc(), ranked.c.title, ranked.c.id),
            "lists",
        )

    # Details of the lines listed ----------------------------------------------------------
    def addressees(self, demand_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        names: dict[int, list[str]] = defaultdict(list)
        for chunk in _chunks(sorted(set(demand_ids))):
            for demand_id, name in self.session.execute(
                select(DemandActor.demand_id, Actor.name)
                .join(Actor, Actor.id == DemandActor.actor_id)
                .where(DemandActor.demand_id.in_(chunk), DemandActor.role == LinkRole.ADDRESSEE)
                .order_by(DemandActor.demand_id, Actor.name)
            ):
                names[demand_id].append(name)
        return {k: tuple(v) for k, v in names.items()}

    def sources(self, update_ids: Iterable[int]) -> dict[int, tuple[SourceRef, ...]]:
        found: dict[int, list[SourceRef]] = defaultdict(list)
        link = status_update_sources
        for chunk in _chunks(sorted(set(update_ids))):
            stmt = (
                select(link.c.status_update_id, Source)
                .join(Source, Source.id == link.c.source_id)
                .where(link.c.status_update_id.in_(chunk))
                .order_by(link.c.status_update_id, Source.id)
            )
            if not self.include_confidential:
                stmt = stmt.where(Source.is_confidential.is_(False))
            for update_id, source in self.session.execute(stmt):
                found[update_id].append(source_ref(source))
        return {k: tuple(v) for k, v in found.items()}


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    """The ids in IN lists of a bounded size; one (possibly empty) list for a short page."""
    yield ids[:_ID_CHUNK]
    for start in range(_ID_CHUNK, len(ids), _ID_CHUNK):
        yield ids[start : start + _ID_CHUNK]


def _brief(
    row: Any,
    addressees: dict[int, tuple[str, ...]],
    sources: dict[int, tuple[SourceRef, ...]],
) -> BriefDemand:
    precision = row.deadline_precision
    return BriefDemand(
        id=row.id,
        title=row.title,
        status=str(row.status),
        times_demanded=int(row.times),
        resolution_reference=_reference(row.document_reference, row.procedure, row.resolution_id),
        addressees=addressees.get(row.id, ()),
        deadline=row.deadline,
        deadline_precision=getattr(precision, "value", precision),
        last_assessed_on=row.assessed_on,
        latest_sources=sources.get(row.current_id, ()) if row.current_id else (),
    )


def _wording_line(demand: BriefDemand) -> str:
    made = (
        f"made {demand.times_demanded} times already"
        if demand.times_demanded > 1
        else f"first made in {demand.resolution_reference}"
    )
    call = reiterated_call(demand.title, demand.addressees)
    return f"[DRAFT] {call} ({made}; status: {_label(demand.status)});"


def build_briefing(
    session: Session,
    *,
    country: str | None = None,
    actor_id: int | None = None,
    resolution_id: int | None = None,
    thread_id: int | None = None,
    addressee_id: int | None = None,
    since: dt.date | None = None,
    today: dt.date | None = None,
    stale_after_days: int = 90,
    include_confidential: bool = False,
    now: dt.datetime | None = None,
    limits: Limits | None = None,
) -> Briefing:
    """What changed in a scope since a date (default: its latest resolution), what is still
    open and of whom it is asked, and drafts for the next text. With `limits`, each part lists
    its first lines and counts the rest (the web page); without, every line (downloads)."""
    today = today or dt.date.today()
    if since is not None and since > today:
        raise ValidationError("the date is after today: nothing can have changed since then")
    scope = resolve_scope(
        session,
        resolution_id=resolution_id,
        country=country,
        actor_id=actor_id,
        thread_id=thread_id,
        addressee_id=addressee_id,
    )
    demand_count, latest_adopted = session.execute(
        select(func.count(Demand.id), func.max(Resolution.adopted_on))
        .select_from(Demand)
        .join(Demand.paragraph)
        .join(Paragraph.resolution)
        .where(scope.condition)
    ).one()
    notes = []
    if since is None:
        since = latest_adopted or today - dt.timedelta(days=DEFAULT_LOOKBACK_DAYS)
        notes.append(
            f"Since the latest resolution in scope ({since.isoformat()})."
            if latest_adopted
            else f"Since {since.isoformat()} (no dated resolution in scope)."
        )
    parts = _Parts(
        session,
        scope,
        since=since,
        today=today,
        stale_after_days=stale_after_days,
        include_confidential=include_confidential,
        limits=limits,
    )
    status_rows, status_total = parts.status_changes()
    overdue_rows, overdue_changes_total = parts.became_overdue()
    resolution_rows, resolution_total = parts.new_resolutions()
    event_rows, event_total = parts.events(country=country, actor_id=actor_id)
    situation_rows, situation_total = parts.situations(actor_id=actor_id)
    group_rows = parts.by_addressee()
    overdue_list, overdue_total = parts.overdue()
    stale_list, stale_total = parts.stale()
    wording_rows, wording_total = parts.wording()

    listed = [*group_rows, *overdue_list, *stale_list, *wording_rows]
    addressees = parts.addressees(r.id for r in wording_rows + group_rows)
    sources = parts.sources(
        [r.id for r in status_rows] + [r.current_id for r in listed if r.current_id]
    )

    changes: list[Change] = []
    for r in status_rows:
        status = str(r.status)
        verb = "correction: " if r.corrects_id else ""
        response = getattr(r.response, "value", r.response)
        changes.append(
            Change(
                on=r.assessed_on,
                kind="moot" if status == "moot" else "status",
                title=r.title,
                detail=f"{verb}{_label(r.previous or 'no_information')} → {_label(status)}"
                + (f"; addressee response: {response}" if response else ""),
                demand_id=r.demand_id,
                sources=sources.get(r.id, ()),
                status=status,
                previous_status=str(r.previous) if r.previous else None,
            )
        )
    changes += [
        Change(
            on=r.deadline,
            kind="overdue",
            title=r.title,
            detail="deadline passed without implementation",
            demand_id=r.id,
            status=str(r[3]),
        )
        for r in overdue_rows
    ]
    changes += [
        Change(
            on=r.adopted_on,
            kind="resolution",
            title=r.title,
            detail=f"{_reference(r.document_reference, r.procedure, r.id)}: {r[5]} demand(s)",
        )
        for r in resolution_rows
    ]
    changes += [
        Change(on=r.occurred_on, kind="event", title=r.title, detail=str(r.kind))
        for r in event_rows
    ]
    changes += [
        Change(
            on=r.since,
            kind="situation",
            title=r.name,
            detail=_label(str(r.situation)) + (f": {r.note}" if r.note else ""),
        )
        for r in situation_rows
    ]
    from tracker.reports.clocks import briefing_clock_changes

    clock_changes = briefing_clock_changes(session, scope, since=since, today=today)
    changes += clock_changes
    order = {
        "resolution": 0,
        "event": 1,
        "situation": 2,
        "status": 3,
        "moot": 4,
        "overdue": 5,
        "reply": 6,
        "reply_missed": 7,
    }
    changes.sort(key=lambda c: (c.on, -order.get(c.kind, 9)), reverse=True)
    if limits is not None:
        changes = changes[: limits.changes]
    changes.sort(key=lambda c: (c.on, order.get(c.kind, 9), c.title))

    groups: dict[tuple[bool, str], tuple[list[BriefDemand], int]] = {}
    for r in group_rows:
        key = (r.addressee_id is None, r.addressee or NO_ADDRESSEE)
        groups.setdefault(key, ([], r.group_total))[0].append(_brief(r, addressees, sources))
    return Briefing(
        title=scope.title.replace("Follow-up report", "Briefing"),
        scope_kind=scope.kind,
        scope_value=scope.value,
        since=since,
        today=today,
        generated_at=now or dt.datetime.now(dt.UTC),
        include_confidential=include_confidential,
        changes=tuple(changes),
        open_by_addressee=tuple(
            AddresseeGroup(name, tuple(demands), total)
            for (_none, name), (demands, total) in groups.items()
        ),
        overdue=tuple(_brief(r, addressees, sources) for r in overdue_list),
        stale=tuple(_brief(r, addressees, sources) for r in stale_list),
        suggested_wording=tuple(
            _wording_line(_brief(r, addressees, sources)) for r in wording_rows
        ),
        demand_count=demand_count,
        notes=tuple(notes),
        changes_total=status_total
        + len(clock_changes)
        + overdue_changes_total
        + resolution_total
        + event_total
        + situation_total,
        overdue_total=overdue_total,
        stale_total=stale_total,
        wording_total=wording_total,
    )


def build_briefing_for(session: Session, scope: str, value: str | int, **options: Any) -> Briefing:
    """build_briefing with the scope given by name ("country", "actor", "resolution",
    "thread" or "addressee"), as the page and the command receive it."""
    if scope == "country":
        return build_briefing(session, country=str(value), **options)
    number = int(value)
    if scope == "actor":
        return build_briefing(session, actor_id=number, **options)
    if scope == "resolution":
        return build_briefing(session, resolution_id=number, **options)
    if scope == "thread":
        return build_briefing(session, thread_id=number, **options)
    if scope == "addressee":
        return build_briefing(session, addressee_id=number, **options)
    raise ValueError(f"unknown briefing scope {scope!r}")


def latest_resolution_date(session: Session, country: str) -> dt.date | None:
    return session.scalar(
        select(func.max(Resolution.adopted_on)).where(Resolution.country == country.upper())
    )
