"""Threads: the same demand made again across resolutions and bodies, and suggested matches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import false, func, select, union_all
from sqlalchemy.orm import Session, joinedload

from tracker.models import (
    Demand,
    DemandActor,
    LinkRole,
    MatchDismissal,
    Paragraph,
    Resolution,
    Thread,
    User,
)
from tracker.services.audit import record_audit
from tracker.services.demands import demand_options
from tracker.services.errors import NotFound, ValidationError
from tracker.text import fold

SUGGESTION_THRESHOLD = 60.0


def create_thread(session: Session, *, title: str, actor: User | None) -> Thread:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("a thread needs a title", field="title")
    thread = Thread(title=title[:300])
    session.add(thread)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="thread.create",
        entity_type="threads",
        entity_id=thread.id,
        summary=f"thread {thread.title}",
        after={"title": title},
    )
    return thread


def attach_demand(
    session: Session, demand: Demand, thread: Thread | None, *, actor: User | None
) -> None:
    """Put a demand in a thread (None takes it out). A plain UPDATE of one column, so that it
    does not collide with someone editing the demand's text at the same time."""
    from sqlalchemy import update

    before = demand.thread_id
    session.execute(
        update(Demand)
        .where(Demand.id == demand.id)
        .values(thread_id=thread.id if thread else None)
        .execution_options(synchronize_session=False)
    )
    session.expire(demand, ["thread_id", "thread"])
    record_audit(
        session,
        actor=actor,
        action="demand.thread",
        entity_type="demands",
        entity_id=demand.id,
        summary=f"thread {thread.title if thread else '(none)'}",
        before={"thread_id": before},
        after={"thread_id": thread.id if thread else None},
    )


@dataclass
class ThreadPage:
    thread: Thread
    demands: list[Demand]  # oldest resolution first

    @property
    def times(self) -> int:
        return len(self.demands)

    @property
    def first_date(self) -> dt.date | None:
        dates = [
            d.paragraph.resolution.adopted_on
            for d in self.demands
            if d.paragraph.resolution.adopted_on
        ]
        return min(dates) if dates else None

    @property
    def latest(self) -> Demand | None:
        assessed = [d for d in self.demands if d.current_update is not None]
        if not assessed:
            return None

        def when(demand: Demand) -> tuple[dt.date, int]:
            update = demand.current_update
            assert update is not None  # only assessed demands are compared
            return update.assessed_on, update.id

        return max(assessed, key=when)


def get_thread_page(session: Session, thread_id: int) -> ThreadPage:
    thread = session.get(Thread, thread_id)
    if thread is None:
        raise NotFound(f"no thread with id {thread_id}")
    demands = list(
        session.scalars(
            select(Demand)
            .join(Demand.paragraph)
            .join(Paragraph.resolution)
            .where(Demand.thread_id == thread_id)
            .options(*demand_options())
            .order_by(Resolution.adopted_on.asc().nulls_last(), Resolution.id, Demand.id)
        ).unique()
    )
    return ThreadPage(thread=thread, demands=demands)


def list_threads(
    session: Session, *, page: int = 1, per_page: int = 50
) -> tuple[list[tuple[Thread, int, dt.date | None]], int]:
    total = session.scalar(select(func.count()).select_from(Thread)) or 0
    rows = session.execute(
        select(Thread, func.count(Demand.id), func.min(Resolution.adopted_on))
        .outerjoin(Demand, Demand.thread_id == Thread.id)
        .outerjoin(Paragraph, Paragraph.id == Demand.paragraph_id)
        .outerjoin(Resolution, Resolution.id == Paragraph.resolution_id)
        .group_by(Thread.id)
        .order_by(func.count(Demand.id).desc(), Thread.id)
        .limit(per_page)
        .offset(max(page - 1, 0) * per_page)
    ).all()
    return list(rows), total


@dataclass(frozen=True)
class Suggestion:
    demand: Demand
    score: float


def suggest_matches(
    session: Session, demand: Demand, *, limit: int = 5, candidates: int = 200
) -> list[Suggestion]:
    """Demands elsewhere that look like this one: similar words, and a bonus for shared subjects.
    Candidates are the newest `candidates` sharing a subject and the newest `candidates` of the
    resolution's country.

    The candidates are read as plain rows (id, words, number of shared subjects, counted by the
    database), not as demands with their links: only the few that score well are loaded, in a
    second statement. `demand` must have its actor links and resolution loaded."""
    mine = sorted({link.actor_id for link in demand.actor_links if link.role == LinkRole.SUBJECT})
    country = demand.paragraph.resolution.country
    shared_subjects = (
        select(func.count())
        .select_from(DemandActor)
        .where(
            DemandActor.demand_id == Demand.id,
            DemandActor.role == LinkRole.SUBJECT,
            DemandActor.actor_id.in_(mine),
        )
        .scalar_subquery()
    )
    sharing = select(DemandActor.demand_id).where(
        DemandActor.actor_id.in_(mine), DemandActor.role == LinkRole.SUBJECT
    )
    stmt = (
        select(Demand.id, Demand.title, Demand.text, shared_subjects)
        .join(Demand.paragraph)
        .join(Paragraph.resolution)
        .where(Demand.id != demand.id)
        .where(Paragraph.resolution_id != demand.paragraph.resolution_id)
    )
    if demand.thread_id:
        stmt = stmt.where((Demand.thread_id.is_(None)) | (Demand.thread_id != demand.thread_id))
    dismissed = select(MatchDismissal.other_id).where(MatchDismissal.demand_id == demand.id)
    stmt = stmt.where(Demand.id.not_in(dismissed))
    # Two pools, each the newest `candidates` and each read through its own index: demands
    # sharing a subject, and demands of the country. One "subject or country" pool made the
    # database walk demands newest first testing each (thousands of rows for 500 at 100,000
    # demands), and let the country's newest crowd out older demands about the same person.
    pools = [
        stmt.where(Demand.id.in_(sharing)) if mine else None,
        stmt.where(Resolution.country == country) if country else None,
    ]
    parts = [
        select(pool.order_by(Demand.id.desc()).limit(candidates).subquery())
        for pool in pools
        if pool is not None
    ]
    if not parts:
        parts = [select(stmt.where(false()).subquery())]
    rows = session.execute(union_all(*parts) if len(parts) > 1 else parts[0]).all()
    seen: set[int] = set()
    pool_rows = []
    for row in sorted(rows, key=lambda r: -r[0]):
        if row[0] not in seen:
            seen.add(row[0])
            pool_rows.append(row)
    pool = pool_rows
    text = fold(f"{demand.title} {demand.text}")
    scored: list[tuple[float, int]] = []
    for other_id, title, other_text, shared in pool:
        score = fuzz.token_set_ratio(text, fold(f"{title} {other_text}"))
        score = min(100.0, score + 10.0 * shared)
        if score >= SUGGESTION_THRESHOLD:
            scored.append((score, other_id))
    scored.sort(key=lambda pair: (-pair[0], -pair[1]))
    best = scored[:limit]
    # Always one statement, matches or not, so the page's statement count does not vary.
    loaded = {
        d.id: d
        for d in session.scalars(
            select(Demand)
            .where(Demand.id.in_([other_id for _score, other_id in best]))
            .options(joinedload(Demand.paragraph).joinedload(Paragraph.resolution))
        ).unique()
    }
    return [Suggestion(loaded[other_id], score) for score, other_id in best]


def accept_match(session: Session, demand: Demand, other: Demand, *, actor: User | None) -> Thread:
    """Put two demands in one thread: the other's thread, this one's, or a new one."""
    if demand.id == other.id:
        raise ValidationError("a demand cannot match itself")
    existing = other.thread_id or demand.thread_id
    thread = session.get(Thread, existing) if existing else None
    if thread is None:
        thread = create_thread(session, title=other.title, actor=actor)
    for member in (demand, other):
        if member.thread_id != thread.id:
            attach_demand(session, member, thread, actor=actor)
    return thread


def dismiss_match(session: Session, demand: Demand, other: Demand, *, actor: User | None) -> None:
    from tracker.models import MatchDismissal

    for a, b in ((demand.id, other.id), (other.id, demand.id)):
        if session.get(MatchDismissal, (a, b)) is None:
            session.add(
                MatchDismissal(demand_id=a, other_id=b, dismissed_by_id=actor.id if actor else None)
            )
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="demand.dismiss_match",
        entity_type="demands",
        entity_id=demand.id,
        summary=f"not the same as demand {other.id}",
        after={"other_id": other.id},
    )


def suggest_for_drafts(
    session: Session, texts: list[str], *, country: str | None, candidates: int = 2000
) -> list[Suggestion | None]:
    """For each proposed demand (not stored yet), the closest existing demand, if close enough:
    what the review page offers as "this repeats an earlier call"."""
    stmt = select(Demand).join(Demand.paragraph).join(Paragraph.resolution)
    if country:
        stmt = stmt.where(Resolution.country == country)
    pool = (
        session.scalars(
            stmt.options(joinedload(Demand.paragraph).joinedload(Paragraph.resolution))
            .order_by(Demand.id.desc())
            .limit(candidates)
        )
        .unique()
        .all()
    )
    folded = [(other, fold(f"{other.title} {other.text}")) for other in pool]
    best: list[Suggestion | None] = []
    for text in texts:
        mine = fold(text)
        scored = [(fuzz.token_set_ratio(mine, theirs), other) for other, theirs in folded]
        top = max(scored, key=lambda pair: (pair[0], pair[1].id), default=None)
        best.append(Suggestion(top[1], top[0]) if top and top[0] >= 75 else None)
    return best
