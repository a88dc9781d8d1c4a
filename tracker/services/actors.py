"""Actors: creation, aliases, matching by name, links to demands, and situation history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tracker.models import (
    Actor,
    ActorAlias,
    ActorKind,
    DatePrecision,
    Demand,
    DemandActor,
    LinkRole,
    Situation,
    SituationChange,
    Source,
    User,
)
from tracker.services.audit import record_audit
from tracker.services.errors import ValidationError
from tracker.text import normalise_name


def find_actor(session: Session, name: str) -> Actor | None:
    """The actor whose name or an alias is `name`, ignoring case, accents and punctuation."""
    key = normalise_name(name)
    if not key:
        return None
    by_alias = select(ActorAlias.actor_id).where(ActorAlias.normalised == key)
    return session.scalar(
        select(Actor)
        .where(Actor.merged_into_id.is_(None))
        .where(or_(Actor.normalised_name == key, Actor.id.in_(by_alias)))
        .order_by(Actor.id)
        .limit(1)
    )


def create_actor(
    session: Session,
    *,
    name: str,
    kind: ActorKind,
    country: str | None = None,
    aliases: tuple[str, ...] | list[str] = (),
    description: str = "",
    actor: User | None,
) -> Actor:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("an actor needs a name", field="name")
    if len(name) > 300:
        raise ValidationError("name too long: the limit is 300 characters", field="name")
    if country is not None and (len(country) != 2 or not country.isalpha()):
        raise ValidationError(f"country must be an ISO 3166-1 alpha-2 code, not {country!r}")
    new = Actor(
        name=name,
        normalised_name=normalise_name(name),
        kind=kind,
        country=country.upper() if country else None,
        description=description,
    )
    session.add(new)
    session.flush()
    for alias in aliases:
        add_alias(session, new, alias, actor=actor, audit=False)
    record_audit(
        session,
        actor=actor,
        action="actor.create",
        entity_type="actors",
        entity_id=new.id,
        summary=f"actor {name}",
        after={"name": name, "kind": kind.value, "country": new.country, "aliases": list(aliases)},
    )
    return new


def add_alias(
    session: Session, target: Actor, alias: str, *, actor: User | None, audit: bool = True
) -> ActorAlias | None:
    key = normalise_name(alias)
    if not key or key == target.normalised_name:
        return None
    existing = session.scalar(
        select(ActorAlias).where(ActorAlias.actor_id == target.id, ActorAlias.normalised == key)
    )
    if existing is not None:
        return existing
    row = ActorAlias(actor_id=target.id, alias=" ".join(alias.split()), normalised=key)
    session.add(row)
    session.flush()
    if audit:
        record_audit(
            session,
            actor=actor,
            action="actor.alias",
            entity_type="actors",
            entity_id=target.id,
            summary=f"alias {alias} for {target.name}",
            after={"alias": alias},
        )
    return row


def link_actor(
    session: Session,
    demand: Demand,
    target: Actor,
    role: LinkRole,
    *,
    actor: User | None,
    audit: bool = True,
) -> DemandActor:
    """Link `target` to `demand` in `role` (once). `audit=False` when the caller audits the
    change as a whole (services/editing.py records the links before and after)."""
    existing = session.get(DemandActor, (demand.id, target.id, role))
    if existing is not None:
        return existing
    link = DemandActor(demand_id=demand.id, actor_id=target.id, role=role)
    session.add(link)
    session.flush()
    if not audit:
        return link
    record_audit(
        session,
        actor=actor,
        action="demand.link_actor",
        entity_type="demands",
        entity_id=demand.id,
        summary=f"{target.name} linked as {role.value}",
        after={"actor_id": target.id, "role": role.value},
    )
    return link


def unlink_actor(
    session: Session,
    demand: Demand,
    target: Actor,
    role: LinkRole,
    *,
    actor: User | None,
    audit: bool = True,
) -> None:
    link = session.get(DemandActor, (demand.id, target.id, role))
    if link is None:
        return
    session.delete(link)
    session.flush()
    if not audit:
        return
    record_audit(
        session,
        actor=actor,
        action="demand.unlink_actor",
        entity_type="demands",
        entity_id=demand.id,
        summary=f"{target.name} unlinked as {role.value}",
        before={"actor_id": target.id, "role": role.value},
    )


def record_situation(
    session: Session,
    person: Actor,
    *,
    situation: Situation,
    since: dt.date,
    precision: DatePrecision = DatePrecision.DAY,
    source: Source | None = None,
    note: str = "",
    actor: User | None,
    today: dt.date | None = None,
) -> SituationChange:
    if person.kind != ActorKind.PERSON:
        raise ValidationError("only a person has a situation history")
    if since > (today or dt.date.today()):
        raise ValidationError("the date of a situation cannot be in the future", field="since")
    change = SituationChange(
        actor_id=person.id,
        situation=situation,
        since=since,
        since_precision=precision,
        source_id=source.id if source else None,
        note=note,
        recorded_by_id=actor.id if actor else None,
    )
    session.add(change)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="actor.situation",
        entity_type="actors",
        entity_id=person.id,
        summary=f"{person.name}: {situation.value} since {since.isoformat()}",
        after={"situation": situation.value, "since": since, "source_id": change.source_id},
    )
    return change
