"""Records found by what people call them (names, aliases, titles), and suggested as they type:
wherever a person picks a record in the web app, they give its name, never its number."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from tracker.models import Actor, ActorAlias, Demand, Event, Theme, Thread
from tracker.parsing.countries import COUNTRIES
from tracker.services.errors import ValidationError
from tracker.text import normalise_name

SUGGESTIONS = 12
# What a person types into a lookup field: longer text names nothing.
MAX_TYPED = 300
# "Title (2023-03-03)", as event suggestions are offered when two events share a title.
_DATED = re.compile(r"^(?P<title>.+?)\s*\((?P<on>\d{4}(?:-\d{2}(?:-\d{2})?)?)\)$")


def _typed(text: str) -> str:
    return " ".join((text or "").split())[:MAX_TYPED]


@dataclass(frozen=True)
class Suggestion:
    """One entry of a suggestion list: what goes into the field, and what helps choose it."""

    value: str
    hint: str = ""


def find_actors_named(session: Session, name: str, *, exclude_id: int | None = None) -> list[Actor]:
    """Every actor (not merged away) whose name or an alias is `name`, ignoring case, accents
    and punctuation: several when duplicates share a name, which is why they get merged."""
    key = normalise_name(_typed(name))
    if not key:
        return []
    by_alias = select(ActorAlias.actor_id).where(ActorAlias.normalised == key)
    stmt = (
        select(Actor)
        .where(Actor.merged_into_id.is_(None))
        .where(or_(Actor.normalised_name == key, Actor.id.in_(by_alias)))
        .order_by(Actor.id)
        .limit(SUGGESTIONS)
    )
    if exclude_id is not None:
        stmt = stmt.where(Actor.id != exclude_id)
    return list(session.scalars(stmt))


def suggest_actors(session: Session, text: str, *, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Actors whose name or an alias contains what was typed, names starting with it first."""
    key = normalise_name(_typed(text))
    if not key:
        return []
    by_alias = select(ActorAlias.actor_id).where(
        ActorAlias.normalised.contains(key, autoescape=True)
    )
    rows = session.execute(
        select(Actor.name, Actor.kind, Actor.country)
        .where(Actor.merged_into_id.is_(None))
        .where(or_(Actor.normalised_name.contains(key, autoescape=True), Actor.id.in_(by_alias)))
        .order_by(
            case((Actor.normalised_name.startswith(key, autoescape=True), 0), else_=1),
            Actor.name,
            Actor.id,
        )
        .limit(limit)
    ).all()
    return [
        Suggestion(name, " · ".join(filter(None, (kind.value, country))))
        for name, kind, country in rows
    ]


def find_event(session: Session, text: str) -> Event | None:
    """The event titled `text` (case ignored), or "Title (YYYY[-MM[-DD]])" when two share a
    title; None when there is none. Several with that title and no date: refused, never guessed."""
    typed = _typed(text)
    dated = _DATED.match(typed)
    title, on = (dated["title"], dated["on"]) if dated else (typed, None)
    if not title:
        return None
    stmt = select(Event).where(func.lower(Event.title) == title.lower()).order_by(Event.id)
    events = [e for e in session.scalars(stmt.limit(50)) if on is None or _dated(e).startswith(on)]
    if len(events) > 1:
        raise ValidationError(
            f"{len(events)} events are titled {title[:80]!r}: pick one from the suggestions, "
            "which add its date",
            field="title",
        )
    return events[0] if events else None


def _dated(event: Event) -> str:
    return event.occurred_on.isoformat()


def suggest_events(session: Session, text: str, *, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Events whose title contains what was typed, newest first; a title two events share
    carries the date, so that picking it names one."""
    typed = _typed(text)
    if not typed:
        return []
    rows = list(
        session.scalars(
            select(Event)
            .where(Event.title.icontains(typed, autoescape=True))
            .order_by(Event.occurred_on.desc(), Event.id.desc())
            .limit(limit)
        )
    )
    shared = set(
        session.scalars(
            select(func.lower(Event.title))
            .where(func.lower(Event.title).in_({e.title.lower() for e in rows}))
            .group_by(func.lower(Event.title))
            .having(func.count() > 1)
        )
    )
    return [
        Suggestion(
            f"{e.title} ({_dated(e)})" if e.title.lower() in shared else e.title,
            f"{e.kind.value} · {_dated(e)}",
        )
        for e in rows
    ]


def find_theme(session: Session, name: str) -> Theme | None:
    typed = _typed(name)
    if not typed:
        return None
    return session.scalar(
        select(Theme).where(func.lower(Theme.name) == typed.lower()).order_by(Theme.id).limit(1)
    )


def suggest_themes(session: Session, text: str, *, limit: int = SUGGESTIONS) -> list[Suggestion]:
    typed = _typed(text)
    stmt = select(Theme.name).order_by(Theme.name).limit(limit)
    if typed:
        stmt = stmt.where(Theme.name.icontains(typed, autoescape=True))
    return [Suggestion(name) for name in session.scalars(stmt)]


def find_thread(session: Session, title: str) -> Thread | None:
    """The thread titled `title`, case ignored (the oldest when two share a title, as the
    briefing and report scopes read it)."""
    typed = _typed(title)
    if not typed:
        return None
    return session.scalar(
        select(Thread).where(func.lower(Thread.title) == typed.lower()).order_by(Thread.id).limit(1)
    )


def suggest_threads(session: Session, text: str, *, limit: int = SUGGESTIONS) -> list[Suggestion]:
    typed = _typed(text)
    if not typed:
        return []
    rows = session.execute(
        select(Thread.title, func.count(Demand.id))
        .outerjoin(Demand, Demand.thread_id == Thread.id)
        .where(Thread.title.icontains(typed, autoescape=True))
        .group_by(Thread.id, Thread.title)
        .order_by(Thread.title, Thread.id)
        .limit(limit)
    ).all()
    return [
        Suggestion(title, f"{count} demand{'s' if count != 1 else ''}") for title, count in rows
    ]


def suggest_countries(text: str, *, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Countries of the parser's table whose name or code starts with what was typed."""
    typed = _typed(text).casefold()
    if not typed:
        return []
    found = [
        Suggestion(country.names[0], country.code)
        for country in COUNTRIES
        if country.code.casefold() == typed
        or any(name.casefold().startswith(typed) for name in country.names)
    ]
    return found[:limit]


def country_name(code: str | None) -> str | None:
    """The usual English name of an ISO code the parser's table knows; the code otherwise."""
    if not code:
        return None
    return next((c.names[0] for c in COUNTRIES if c.code == code), code)
