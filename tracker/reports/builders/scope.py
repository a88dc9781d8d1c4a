"""What a report or briefing covers: a scope named by the caller, as a condition on demands."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from tracker.models import Actor, Demand, DemandActor, LinkRole, Paragraph, Resolution, Thread
from tracker.parsing.countries import BY_CODE
from tracker.services.errors import NotFound, ValidationError


def country_name(code: str) -> str:
    """The usual English short name of a country ("Cambodia"), or its code if unknown."""
    country = BY_CODE.get(code.upper())
    return country.names[0] if country else code.upper()


@dataclass(frozen=True)
class Scope:
    """What a report or briefing covers: `condition` selects its demands from a statement that
    joins Demand, Paragraph and Resolution."""

    kind: str  # "resolution" | "country" | "actor" | "thread" | "addressee"
    value: str
    title: str
    condition: ColumnElement[bool]

    def demands(self) -> Select[Demand]:
        return (
            select(Demand).join(Demand.paragraph).join(Paragraph.resolution).where(self.condition)
        )


def resolve_scope(
    session: Session,
    *,
    resolution_id: int | None = None,
    country: str | None = None,
    actor_id: int | None = None,
    thread_id: int | None = None,
    addressee_id: int | None = None,
) -> Scope:
    """The scope named by exactly the first given argument; NotFound for a missing record."""
    if resolution_id is not None:
        resolution = session.get(Resolution, resolution_id)
        if resolution is None:
            raise NotFound(f"no resolution with id {resolution_id}")
        return Scope(
            "resolution", resolution.reference, resolution.title, Resolution.id == resolution_id
        )
    if country is not None:
        if len(country) != 2 or not country.isalpha():
            raise ValidationError(f"country must be an ISO 3166-1 alpha-2 code, not {country!r}")
        country = country.upper()
        return Scope(
            "country",
            country,
            f"Follow-up report: {country_name(country)}",
            Resolution.country == country,
        )
    if actor_id is not None:
        actor = session.get(Actor, actor_id)
        if actor is None:
            raise NotFound(f"no actor with id {actor_id}")
        linked = select(DemandActor.demand_id).where(DemandActor.actor_id == actor_id)
        return Scope("actor", actor.name, f"Follow-up report: {actor.name}", Demand.id.in_(linked))
    if thread_id is not None:
        thread = session.get(Thread, thread_id)
        if thread is None:
            raise NotFound(f"no thread with id {thread_id}")
        return Scope(
            "thread",
            thread.title,
            f"Follow-up report: {thread.title}",
            Demand.thread_id == thread_id,
        )
    if addressee_id is not None:
        addressee = session.get(Actor, addressee_id)
        if addressee is None:
            raise NotFound(f"no actor with id {addressee_id}")
        asked = select(DemandActor.demand_id).where(
            DemandActor.actor_id == addressee_id, DemandActor.role == LinkRole.ADDRESSEE
        )
        return Scope(
            "addressee",
            addressee.name,
            f"Follow-up report: demands to {addressee.name}",
            Demand.id.in_(asked),
        )
    raise ValidationError(
        "a report needs a scope: a resolution, a country, an actor, a thread or an addressee"
    )
