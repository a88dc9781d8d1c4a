"""Correcting a demand after import, with optimistic locking: its own fields, and what it links
to (who is asked, whom it concerns, events, themes, its resolution's country). Each change names
the version it was made on; if someone saved since, it is refused as a conflict that carries the
saved version, so the page can show both and lose nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from tracker.models import (
    Actor,
    ActorKind,
    DatePrecision,
    Demand,
    DemandActor,
    Event,
    LinkRole,
    Resolution,
    Theme,
    User,
)
from tracker.models.demands import demand_events, demand_themes
from tracker.services.actors import create_actor, find_actor, link_actor, unlink_actor
from tracker.services.audit import record_audit, snapshot
from tracker.services.errors import EditConflict, NotFound, ValidationError
from tracker.services.events import link_event
from tracker.services.lookups import country_name, find_event, find_theme
from tracker.services.scopes import country_code

EDITABLE = ("title", "text", "deadline", "deadline_precision", "condition")
# How each role reads in a sentence ("Kem Sokha is already among those the demand is about").
ROLE_WORDS = {LinkRole.ADDRESSEE: "asked to act", LinkRole.SUBJECT: "the demand is about"}


def edit_demand(
    session: Session,
    demand: Demand,
    *,
    expected_version: int,
    title: str,
    text: str,
    deadline: dt.date | None,
    deadline_precision: DatePrecision | None,
    condition: str | None,
    actor: User | None,
) -> Demand:
    """Save the fields if nobody saved since `expected_version`; otherwise raise EditConflict
    carrying the version that was saved, so the page can show both and lose nothing."""
    title = " ".join(title.split())
    if not title:
        raise ValidationError("a demand needs a title", field="title")
    if len(title) > 300:
        raise ValidationError("title too long: the limit is 300 characters", field="title")
    if deadline is not None and deadline_precision is None:
        deadline_precision = DatePrecision.DAY
    before = snapshot(demand, EDITABLE)
    values: dict[str, Any] = {
        "title": title,
        "text": text.strip(),
        "deadline": deadline,
        "deadline_precision": deadline_precision if deadline else None,
        "condition": (condition or "").strip() or None,
    }
    # Compare-and-set on the version column: the database decides who saved first.
    result = session.execute(
        update(Demand)
        .where(Demand.id == demand.id, Demand.version == expected_version)
        .values(**values, version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    session.expire(demand)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(demand)
        raise EditConflict(
            "someone else saved this demand while you were editing it",
            current=snapshot(demand, (*EDITABLE, "version")),
        )
    session.refresh(demand)
    record_audit(
        session,
        actor=actor,
        action="demand.edit",
        entity_type="demands",
        entity_id=demand.id,
        summary=f"edited {title[:200]}",
        before=before,
        after=snapshot(demand, EDITABLE),
    )
    return demand


def get_demand_links(session: Session, demand_id: int) -> dict[str, Any]:
    """What a demand links to, by name, as stored now (not as loaded earlier): the "before" and
    "after" of the audit, and the saved version a conflict shows."""
    actors = session.execute(
        select(DemandActor.role, Actor.name)
        .join(Actor, Actor.id == DemandActor.actor_id)
        .where(DemandActor.demand_id == demand_id)
        .order_by(Actor.name, Actor.id)
    ).all()
    events = session.scalars(
        select(Event.title)
        .join(demand_events, demand_events.c.event_id == Event.id)
        .where(demand_events.c.demand_id == demand_id)
        .order_by(Event.occurred_on, Event.id)
    ).all()
    themes = session.scalars(
        select(Theme.name)
        .join(demand_themes, demand_themes.c.theme_id == Theme.id)
        .where(demand_themes.c.demand_id == demand_id)
        .order_by(Theme.name)
    ).all()
    version = session.scalar(select(Demand.version).where(Demand.id == demand_id))
    return {
        "addressees": [name for role, name in actors if role == LinkRole.ADDRESSEE],
        "subjects": [name for role, name in actors if role == LinkRole.SUBJECT],
        "events": list(events),
        "themes": list(themes),
        "version": version,
    }


def claim_demand(session: Session, demand: Demand, expected_version: int) -> None:
    """Raise the demand's version if it is still `expected_version`; otherwise someone saved
    first: EditConflict with what is stored now. The UPDATE also holds the row until commit, so
    two changes of one demand's links are made one after the other, and what a change reads
    after claiming (the links "before" it) cannot change under it."""
    result = session.execute(
        update(Demand)
        .where(Demand.id == demand.id, Demand.version == expected_version)
        .values(version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        if session.scalar(select(Demand.id).where(Demand.id == demand.id)) is None:
            raise NotFound("this demand was deleted meanwhile")
        raise EditConflict(
            "someone else changed this demand while you were editing it",
            current=get_demand_links(session, demand.id),
        )
    session.expire(demand, ["version"])


def _audit_links(
    session: Session,
    demand: Demand,
    *,
    action: str,
    summary: str,
    before: dict[str, Any],
    key: str,
    actor: User | None,
) -> None:
    after = get_demand_links(session, demand.id)
    record_audit(
        session,
        actor=actor,
        action=action,
        entity_type="demands",
        entity_id=demand.id,
        summary=summary,
        before={key: before[key]},
        after={key: after[key]},
    )


def _is_linked(session: Session, demand: Demand, target: Actor, role: LinkRole) -> bool:
    return session.get(DemandActor, (demand.id, target.id, role)) is not None


def _role_key(role: LinkRole) -> str:
    return "addressees" if role == LinkRole.ADDRESSEE else "subjects"


def add_demand_actor(
    session: Session,
    demand: Demand,
    *,
    role: LinkRole,
    name: str,
    kind_if_new: ActorKind | None,
    expected_version: int,
    actor: User | None,
) -> Actor:
    """Link the actor called `name` (or an alias) as addressee or subject. An unknown name
    becomes a new actor of `kind_if_new`; without a kind it is refused, never guessed."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("give the name of the actor", field="name")
    target = find_actor(session, name)
    if target is None and kind_if_new is None:
        raise ValidationError(
            f"there is no actor called {name[:80]!r} yet: say what it is (a person, an "
            "organisation…) to create it",
            field="kind",
        )
    if target is not None and _is_linked(session, demand, target, role):
        raise ValidationError(
            f"{target.name} is already among those {ROLE_WORDS[role]}", field="name"
        )
    claim_demand(session, demand, expected_version)
    before = get_demand_links(session, demand.id)
    if target is None:
        assert kind_if_new is not None  # refused above
        target = create_actor(session, name=name, kind=kind_if_new, actor=actor)
    link_actor(session, demand, target, role, actor=actor, audit=False)
    session.expire(demand, ["actor_links"])
    _audit_links(
        session,
        demand,
        action=f"demand.add_{role.value}",
        summary=f"{target.name} added as {role.value} of {demand.title[:150]}",
        before=before,
        key=_role_key(role),
        actor=actor,
    )
    return target


def remove_demand_actor(
    session: Session,
    demand: Demand,
    *,
    role: LinkRole,
    actor_id: int,
    expected_version: int,
    actor: User | None,
) -> Actor:
    claim_demand(session, demand, expected_version)
    before = get_demand_links(session, demand.id)
    target = session.get(Actor, actor_id)
    if target is None or session.get(DemandActor, (demand.id, actor_id, role)) is None:
        raise NotFound(f"that actor is not among those {ROLE_WORDS[role]}")
    unlink_actor(session, demand, target, role, actor=actor, audit=False)
    session.expire(demand, ["actor_links"])
    _audit_links(
        session,
        demand,
        action=f"demand.remove_{role.value}",
        summary=f"{target.name} removed as {role.value} of {demand.title[:150]}",
        before=before,
        key=_role_key(role),
        actor=actor,
    )
    return target


def add_demand_event(
    session: Session, demand: Demand, *, title: str, expected_version: int, actor: User | None
) -> Event:
    """Link the event titled `title` (events are recorded on their own page, with a date)."""
    title = " ".join(title.split())
    if not title:
        raise ValidationError("give the title of the event", field="title")
    event = find_event(session, title)
    if event is None:
        raise ValidationError(
            f"there is no event titled {title[:80]!r}: record it on the events page first",
            field="title",
        )
    linked = session.execute(
        select(demand_events.c.event_id).where(
            demand_events.c.demand_id == demand.id, demand_events.c.event_id == event.id
        )
    ).first()
    if linked:
        raise ValidationError(f"{event.title} is already linked to this demand", field="title")
    claim_demand(session, demand, expected_version)
    before = get_demand_links(session, demand.id)
    link_event(session, demand, event, actor=actor, audit=False)
    session.expire(demand, ["events"])
    _audit_links(
        session,
        demand,
        action="demand.add_event",
        summary=f"event {event.title[:150]} linked",
        before=before,
        key="events",
        actor=actor,
    )
    return event


def remove_demand_event(
    session: Session, demand: Demand, *, event_id: int, expected_version: int, actor: User | None
) -> Event:
    claim_demand(session, demand, expected_version)
    before = get_demand_links(session, demand.id)
    event = session.get(Event, event_id)
    removed = session.execute(
        delete(demand_events).where(
            demand_events.c.demand_id == demand.id, demand_events.c.event_id == event_id
        )
    )
    if event is None or removed.rowcount != 1:  # type: ignore[attr-defined]
        raise NotFound("that event is not linked to this demand")
    session.expire(demand, ["events"])
    _audit_links(
        session,
        demand,
        action="demand.remove_event",
        summary=f"event {event.title[:150]} unlinked",
        before=before,
        key="events",
        actor=actor,
    )
    return event


def add_demand_theme(
    session: Session, demand: Demand, *, name: str, expected_version: int, actor: User | None
) -> Theme:
    """Tag the demand with the theme `name`, created when no theme has that name yet."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("give the name of the theme", field="name")
    if len(name) > 100:
        raise ValidationError("theme too long: the limit is 100 characters", field="name")
    theme = find_theme(session, name)
    if (
        theme is not None
        and session.execute(
            select(demand_themes.c.theme_id).where(
                demand_themes.c.demand_id == demand.id, demand_themes.c.theme_id == theme.id
            )
        ).first()
    ):
        raise ValidationError(f"the demand already has the theme {theme.name}", field="name")
    claim_demand(session, demand, expected_version)
    before = get_demand_links(session, demand.id)
    if theme is None:
        theme = Theme(name=name)
        session.add(theme)
        session.flush()
    session.execute(insert(demand_themes).values(demand_id=demand.id, theme_id=theme.id))
    session.expire(demand, ["themes"])
    _audit_links(
        session,
        demand,
        action="demand.add_theme",
        summary=f"theme {theme.name} added",
        before=before,
        key="themes",
        actor=actor,
    )
    return theme


def remove_demand_theme(
    session: Session, demand: Demand, *, theme_id: int, expected_version: int, actor: User | None
) -> Theme:
    claim_demand(session, demand, expected_version)
    before = get_demand_links(session, demand.id)
    theme = session.get(Theme, theme_id)
    removed = session.execute(
        delete(demand_themes).where(
            demand_themes.c.demand_id == demand.id, demand_themes.c.theme_id == theme_id
        )
    )
    if theme is None or removed.rowcount != 1:  # type: ignore[attr-defined]
        raise NotFound("the demand does not have that theme")
    session.expire(demand, ["themes"])
    _audit_links(
        session,
        demand,
        action="demand.remove_theme",
        summary=f"theme {theme.name} removed",
        before=before,
        key="themes",
        actor=actor,
    )
    return theme


def set_resolution_country(
    session: Session,
    resolution: Resolution,
    *,
    country: str,
    expected_version: int,
    actor: User | None,
) -> Resolution:
    """The country a resolution (and so each of its demands) is about, by name or ISO code;
    empty for none. The demand lists, briefings and reports by country follow it."""
    typed = " ".join(country.split())
    code = country_code(typed) if typed else None
    before = {"country": resolution.country}
    result = session.execute(
        update(Resolution)
        .where(Resolution.id == resolution.id, Resolution.version == expected_version)
        .values(country=code, version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    session.expire(resolution, ["country", "version"])
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise EditConflict(
            "someone else changed this resolution while you were editing it",
            current={
                "country": country_name(resolution.country) or "",
                "version": resolution.version,
            },
        )
    record_audit(
        session,
        actor=actor,
        action="resolution.country",
        entity_type="resolutions",
        entity_id=resolution.id,
        summary=f"country {code or '(none)'} for {resolution.title[:150]}",
        before=before,
        after={"country": code},
    )
    return resolution
