"""Merging two actors that are the same person or body: links and history move, audit kept."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from tracker.models import (
    Actor,
    ActorAlias,
    Clock,
    DemandActor,
    EventActor,
    SituationChange,
    User,
    Watch,
)
from tracker.services.actors import add_alias
from tracker.services.audit import record_audit
from tracker.services.errors import ValidationError


def merge_actors(session: Session, keep: Actor, duplicate: Actor, *, actor: User | None) -> Actor:
    """Move every link, alias and situation of `duplicate` onto `keep`; `duplicate` stays as a
    pointer (merged_into) so old links and audit entries still resolve."""
    if keep.id == duplicate.id:
        raise ValidationError("an actor cannot be merged into itself")
    if duplicate.merged_into_id is not None or keep.merged_into_id is not None:
        raise ValidationError("one of these actors was already merged")
    if keep.kind != duplicate.kind:
        raise ValidationError(f"cannot merge a {duplicate.kind.value} into a {keep.kind.value}")
    moved = {"demand_links": 0, "event_links": 0, "situations": 0, "aliases": 0}

    existing = set(
        session.execute(
            select(DemandActor.demand_id, DemandActor.role).where(DemandActor.actor_id == keep.id)
        )
    )
    for demand_id, role in session.execute(
        select(DemandActor.demand_id, DemandActor.role).where(DemandActor.actor_id == duplicate.id)
    ).all():
        if (demand_id, role) not in existing:
            session.add(DemandActor(demand_id=demand_id, actor_id=keep.id, role=role))
            moved["demand_links"] += 1
    session.execute(delete(DemandActor).where(DemandActor.actor_id == duplicate.id))

    existing_events = set(
        session.scalars(select(EventActor.event_id).where(EventActor.actor_id == keep.id))
    )
    for event_id, event_role in session.execute(
        select(EventActor.event_id, EventActor.role).where(EventActor.actor_id == duplicate.id)
    ).all():
        if event_id not in existing_events:
            session.add(EventActor(event_id=event_id, actor_id=keep.id, role=event_role))
            moved["event_links"] += 1
    session.execute(delete(EventActor).where(EventActor.actor_id == duplicate.id))

    # Replies owed by the duplicate are owed by the kept actor; its watchers now watch the kept
    # one (a user who watched both keeps one watch).
    moved["clocks"] = session.execute(
        update(Clock)
        .where(Clock.addressee_id == duplicate.id)
        .values(addressee_id=keep.id)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    watching_keep = select(Watch.user_id).where(Watch.actor_id == keep.id)
    session.execute(
        delete(Watch).where(Watch.actor_id == duplicate.id, Watch.user_id.in_(watching_keep))
    )
    session.execute(
        update(Watch)
        .where(Watch.actor_id == duplicate.id)
        .values(actor_id=keep.id)
        .execution_options(synchronize_session=False)
    )

    # Situation history is append-only except for actor_id, which exists for exactly this.
    moved["situations"] = session.execute(
        update(SituationChange)
        .where(SituationChange.actor_id == duplicate.id)
        .values(actor_id=keep.id)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]

    aliases = [
        duplicate.name,
        *session.scalars(select(ActorAlias.alias).where(ActorAlias.actor_id == duplicate.id)),
    ]
    session.execute(delete(ActorAlias).where(ActorAlias.actor_id == duplicate.id))
    session.flush()
    for alias in aliases:
        if add_alias(session, keep, alias, actor=actor, audit=False) is not None:
            moved["aliases"] += 1

    session.execute(
        update(Actor)
        .where(Actor.id == duplicate.id)
        .values(merged_into_id=keep.id, version=Actor.version + 1)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()
    record_audit(
        session,
        actor=actor,
        action="actor.merge",
        entity_type="actors",
        entity_id=keep.id,
        summary=f"merged {duplicate.name} into {keep.name}",
        before={"duplicate_id": duplicate.id, "duplicate_name": duplicate.name},
        after={"kept_id": keep.id, **moved},
    )
    return keep
