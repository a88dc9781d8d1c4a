"""Digests: what changed on what a user watches, as items each mailed once. Collecting reads; a
digest is reserved (its window and item keys) before it is mailed and marked sent after. The
caller commits around the send (tracker/mail/run.py): services only flush."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, or_, select
from sqlalchemy.orm import Session

from tracker.models import (
    Actor,
    Clock,
    ClockRule,
    Demand,
    DemandActor,
    Digest,
    DigestFrequency,
    DigestItem,
    DigestSettings,
    Event,
    EventActor,
    Paragraph,
    Reply,
    Resolution,
    SituationChange,
    Source,
    StatusUpdate,
    User,
    Watch,
)
from tracker.models.demands import demand_events, status_update_sources
from tracker.services.visibility import sees_confidential

# A change committed a little after it was recorded (a long request) still lands in the next
# digest: each run looks back this far past the last window, and item keys keep out repeats.
OVERLAP = dt.timedelta(hours=1)
CLOCK_NOTICE_DAYS = 14
# A daily digest run by cron at the same hour each day is due even if the last ran a bit late.
DUE_AFTER = {
    DigestFrequency.DAILY: dt.timedelta(hours=23),
    DigestFrequency.WEEKLY: dt.timedelta(days=7) - dt.timedelta(hours=1),
}
FEED_DAYS = 30


def _label(status: str) -> str:
    return str(status).replace("_", " ")


@dataclass(frozen=True)
class DigestEntry:
    """One change, as mail and the feed show it. `neutral` names no one (links-only mail)."""

    key: str
    kind: str
    on: dt.date
    title: str
    detail: str
    path: str
    neutral: str
    note: str = ""
    sources: tuple[tuple[str, str | None], ...] = ()
    recorded_at: dt.datetime | None = None


@dataclass
class Scope:
    """What a user watches, as ids."""

    demand_ids: list[int] = field(default_factory=list)
    actor_ids: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    thread_ids: list[int] = field(default_factory=list)
    resolution_ids: list[int] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.demand_ids
            or self.actor_ids
            or self.countries
            or self.thread_ids
            or self.resolution_ids
        )

    def demands(self) -> Any:
        """The ids of every demand watched, directly or through its actor, country, thread or
        resolution."""
        conditions: list[ColumnElement[bool]] = []
        if self.demand_ids:
            conditions.append(Demand.id.in_(self.demand_ids))
        if self.actor_ids:
            conditions.append(
                Demand.id.in_(
                    select(DemandActor.demand_id).where(DemandActor.actor_id.in_(self.actor_ids))
                )
            )
        if self.thread_ids:
            conditions.append(Demand.thread_id.in_(self.thread_ids))
        if self.resolution_ids:
            conditions.append(Paragraph.resolution_id.in_(self.resolution_ids))
        if self.countries:
            conditions.append(Resolution.country.in_(self.countries))
        return (
            select(Demand.id)
            .join(Paragraph, Paragraph.id == Demand.paragraph_id)
            .join(Resolution, Resolution.id == Paragraph.resolution_id)
            .where(or_(false(), *conditions))
        )

    def resolutions(self) -> Any:
        return (
            select(Paragraph.resolution_id)
            .join(Demand, Demand.paragraph_id == Paragraph.id)
            .where(Demand.id.in_(self.demands()))
        )


def watch_scope(session: Session, user: User) -> Scope:
    scope = Scope()
    for watch in session.scalars(select(Watch).where(Watch.user_id == user.id)):
        getattr(scope, {"country": "countries"}.get(watch.kind, f"{watch.kind}_ids")).append(
            watch.target
        )
    return scope


def _sources_of(
    session: Session, update_ids: list[int], confidential: bool
) -> dict[int, list[tuple[str, str | None]]]:
    found: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    if not update_ids:
        return found
    stmt = (
        select(status_update_sources.c.status_update_id, Source)
        .join(Source, Source.id == status_update_sources.c.source_id)
        .where(status_update_sources.c.status_update_id.in_(update_ids))
        .order_by(Source.id)
    )
    if not confidential:
        stmt = stmt.where(Source.is_confidential.is_(False))
    for update_id, source in session.execute(stmt):
        found[update_id].append((source.label, source.url))
    return found


def collect_items(
    session: Session,
    user: User,
    *,
    since: dt.datetime,
    until: dt.datetime,
    today: dt.date,
    exclude_mailed: bool = True,
) -> list[DigestEntry]:
    """What changed on what `user` watches, recorded after `since` (less OVERLAP) and up to
    `until`; clocks due within 14 days or overdue since `since`. Without `exclude_mailed`,
    items already mailed are kept (the feed). Confidential notes and sources only for those
    who may see them on the page."""
    scope = watch_scope(session, user)
    if scope.is_empty:
        return []
    confidential = sees_confidential(user)
    start = since - OVERLAP
    demands = scope.demands()
    items: list[DigestEntry] = []

    updates = session.execute(
        select(StatusUpdate, Demand.title)
        .join(Demand, Demand.id == StatusUpdate.demand_id)
        .where(
            StatusUpdate.recorded_at > start,
            StatusUpdate.recorded_at <= until,
            StatusUpdate.demand_id.in_(demands),
        )
        .order_by(StatusUpdate.recorded_at, StatusUpdate.id)
    ).all()
    sources = _sources_of(session, [u.id for u, _t in updates], confidential)
    for update, title in updates:
        shows_note = update.note and (confidential or not update.is_note_confidential)
        response = f"; addressee response: {update.response.value}" if update.response else ""
        items.append(
            DigestEntry(
                key=f"status_update:{update.id}",
                kind="status",
                on=update.assessed_on,
                title=title,
                detail=f"{_label(update.status)} as of {update.assessed_on.isoformat()}"
                + (" (a correction)" if update.corrects_id else "")
                + response,
                path=f"/demands/{update.demand_id}#update-{update.id}",
                neutral=f"A status update on demand {update.demand_id}",
                note=update.note if shows_note else "",
                sources=tuple(sources.get(update.id, ())),
                recorded_at=update.recorded_at,
            )
        )

    event_scope: list[ColumnElement[bool]] = [
        Event.id.in_(select(demand_events.c.event_id).where(demand_events.c.demand_id.in_(demands)))
    ]
    if scope.actor_ids:
        event_scope.append(
            Event.id.in_(
                select(EventActor.event_id).where(EventActor.actor_id.in_(scope.actor_ids))
            )
        )
    if scope.countries:
        event_scope.append(Event.country.in_(scope.countries))
    for event in session.scalars(
        select(Event)
        .where(Event.created_at > start, Event.created_at <= until, or_(*event_scope))
        .order_by(Event.created_at, Event.id)
    ):
        items.append(
            DigestEntry(
                key=f"event:{event.id}",
                kind="event",
                on=event.occurred_on,
                title=event.title,
                detail=f"{event.kind.value} on {event.occurred_on.isoformat()}",
                path=f"/events/{event.id}",
                neutral=f"An event was recorded (event {event.id})",
                recorded_at=event.created_at,
            )
        )

    people: list[ColumnElement[bool]] = [
        SituationChange.actor_id.in_(
            select(DemandActor.actor_id).where(DemandActor.demand_id.in_(scope.demand_ids or [0]))
        )
    ]
    if scope.actor_ids:
        people.append(SituationChange.actor_id.in_(scope.actor_ids))
    if scope.countries:
        people.append(Actor.country.in_(scope.countries))
    for change, name, source in session.execute(
        select(SituationChange, Actor.name, Source)
        .join(Actor, Actor.id == SituationChange.actor_id)
        .outerjoin(Source, Source.id == SituationChange.source_id)
        .where(
            SituationChange.recorded_at > start,
            SituationChange.recorded_at <= until,
            or_(*people),
        )
        .order_by(SituationChange.recorded_at, SituationChange.id)
    ):
        shown = source is not None and (confidential or not source.is_confidential)
        items.append(
            DigestEntry(
                key=f"situation:{change.id}",
                kind="situation",
                on=change.since,
                title=name,
                detail=f"{_label(change.situation.value)} since {change.since.isoformat()}",
                path=f"/actors/{change.actor_id}",
                neutral=f"A situation change (actor {change.actor_id})",
                note=change.note,
                sources=((source.label, source.url),) if shown and source else (),
                recorded_at=change.recorded_at,
            )
        )

    naming: list[ColumnElement[bool]] = []
    if scope.countries:
        naming.append(Resolution.country.in_(scope.countries))
    if scope.actor_ids or scope.thread_ids:
        linked = Scope(actor_ids=scope.actor_ids, thread_ids=scope.thread_ids)
        naming.append(Resolution.id.in_(linked.resolutions()))
    if naming:
        for resolution in session.scalars(
            select(Resolution)
            .where(Resolution.created_at > start, Resolution.created_at <= until, or_(*naming))
            .order_by(Resolution.created_at, Resolution.id)
        ):
            items.append(
                DigestEntry(
                    key=f"resolution:{resolution.id}",
                    kind="resolution",
                    on=resolution.adopted_on or resolution.created_at.date(),
                    title=resolution.title,
                    detail=f"new text {resolution.reference}, {resolution.body or 'no body'}",
                    path=f"/resolutions/{resolution.id}",
                    neutral=f"A new resolution (resolution {resolution.id})",
                    recorded_at=resolution.created_at,
                )
            )

    clock_scope = or_(
        Clock.demand_id.in_(demands),
        Clock.resolution_id.in_(scope.resolutions()),
        Clock.resolution_id.in_(scope.resolution_ids or [0]),
        Clock.addressee_id.in_(scope.actor_ids or [0]),
    )
    for reply, clock, rule, addressee, resolution_title in session.execute(
        select(Reply, Clock, ClockRule, Actor.name, Resolution.title)
        .join(Clock, Clock.id == Reply.clock_id)
        .join(ClockRule, ClockRule.id == Clock.rule_id)
        .join(Resolution, Resolution.id == Clock.resolution_id)
        .outerjoin(Actor, Actor.id == Clock.addressee_id)
        .where(Reply.recorded_at > start, Reply.recorded_at <= until, clock_scope)
        .order_by(Reply.recorded_at, Reply.id)
    ):
        grade = rule.grade_label(reply.grade)
        items.append(
            DigestEntry(
                key=f"reply:{reply.id}",
                kind="reply",
                on=reply.received_on,
                title=f"{addressee or 'Reply'}: {resolution_title}",
                detail=f"reply received {reply.received_on.isoformat()}"
                + (f", {reply.reference}" if reply.reference else "")
                + (f"; official grade {grade}" if grade else ""),
                path=f"/clocks/{clock.id}",
                neutral=f"A reply was recorded (clock {clock.id})",
                note=reply.summary,
                sources=((reply.reference or reply.url or "", reply.url),) if reply.url else (),
                recorded_at=reply.recorded_at,
            )
        )

    answered = exists().where(Reply.clock_id == Clock.id)
    soon = today + dt.timedelta(days=CLOCK_NOTICE_DAYS)
    for clock, rule, addressee, resolution_title in session.execute(
        select(Clock, ClockRule, Actor.name, Resolution.title)
        .join(ClockRule, ClockRule.id == Clock.rule_id)
        .join(Resolution, Resolution.id == Clock.resolution_id)
        .outerjoin(Actor, Actor.id == Clock.addressee_id)
        .where(
            ~answered,
            clock_scope,
            or_(
                Clock.due_on.between(today, soon),
                and_(Clock.due_on < today, Clock.due_on >= start.date()),
            ),
        )
        .order_by(Clock.due_on, Clock.id)
    ):
        overdue = clock.due_on < today
        who = addressee or "no addressee named"
        items.append(
            DigestEntry(
                key=f"clock:{clock.id}:{'overdue' if overdue else 'due'}",
                kind="clock_overdue" if overdue else "clock_due",
                on=clock.due_on,
                title=f"{who}: {resolution_title}",
                detail=("reply overdue since " if overdue else "reply due on ")
                + f"{clock.due_on.isoformat()} ({rule.name})",
                path=f"/clocks/{clock.id}",
                neutral=f"A reply {'is overdue' if overdue else 'falls due'} (clock {clock.id})",
            )
        )

    if exclude_mailed and items:
        mailed = set(
            session.scalars(
                select(DigestItem.item_key).where(
                    DigestItem.user_id == user.id,
                    DigestItem.item_key.in_([i.key for i in items]),
                )
            )
        )
        items = [i for i in items if i.key not in mailed]
    seen: set[str] = set()
    unique = [i for i in items if not (i.key in seen or seen.add(i.key))]  # type: ignore[func-returns-value]
    return sorted(unique, key=lambda i: (i.on, i.kind, i.key), reverse=True)


# --- reserving and sending --------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    user: User
    settings: DigestSettings
    since: dt.datetime


def last_window_end(session: Session, user_id: int) -> dt.datetime | None:
    return session.scalar(
        select(Digest.window_end)
        .where(Digest.user_id == user_id)
        .order_by(Digest.window_end.desc())
        .limit(1)
    )


def due_recipients(session: Session, *, now: dt.datetime) -> list[Recipient]:
    """Active users whose digest is due: daily or weekly, the last window long enough ago."""
    rows = session.execute(
        select(User, DigestSettings)
        .join(DigestSettings, DigestSettings.user_id == User.id)
        .where(DigestSettings.frequency != DigestFrequency.OFF, User.is_active.is_(True))
        .order_by(User.id)
    ).all()
    due = []
    for user, settings in rows:
        last = last_window_end(session, user.id)
        since = last or settings.enabled_at or now
        if last is not None and now - last < DUE_AFTER[settings.frequency]:
            continue
        due.append(Recipient(user, settings, since))
    return due


def pending_digests(session: Session) -> list[Digest]:
    """Digests reserved but never marked sent: a run stopped between the two."""
    return list(session.scalars(select(Digest).where(Digest.sent_at.is_(None)).order_by(Digest.id)))


def reserve_digest(
    session: Session, recipient: Recipient, items: Iterable[DigestEntry], *, now: dt.datetime
) -> Digest:
    """Record the digest's window and the items it will carry, before the mail leaves. A key
    already reserved for this user is refused by the database (uq_digest_items_user_id_item_key)."""
    digest = Digest(user_id=recipient.user.id, window_start=recipient.since, window_end=now)
    session.add(digest)
    session.flush()
    session.add_all(
        DigestItem(digest_id=digest.id, item_key=i.key, user_id=recipient.user.id) for i in items
    )
    session.flush()
    return digest


def digest_items(session: Session, digest: Digest, user: User) -> list[DigestEntry]:
    """The items a reserved digest carries, collected again (as of its window) for a mail sent
    late."""
    keys = set(
        session.scalars(select(DigestItem.item_key).where(DigestItem.digest_id == digest.id))
    )
    found = collect_items(
        session,
        user,
        since=digest.window_start,
        until=digest.window_end,
        today=digest.window_end.date(),
        exclude_mailed=False,
    )
    return [i for i in found if i.key in keys]


def mark_sent(session: Session, digest: Digest, *, at: dt.datetime) -> None:
    digest.sent_at = at
    session.flush()


def feed_items(session: Session, user: User, *, now: dt.datetime) -> list[DigestEntry]:
    """The Atom feed: the same items as the digests, over the last 30 days."""
    return collect_items(
        session,
        user,
        since=now - dt.timedelta(days=FEED_DAYS) + OVERLAP,
        until=now,
        today=now.date(),
        exclude_mailed=False,
    )[:200]
