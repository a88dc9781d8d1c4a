"""Finding and suggesting records by what people call them: actors by name or alias (accents and
case ignored, merged ones never), events by title (a shared title carries its date), themes,
threads, countries. What is typed is text, never a pattern."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tests.factories import ActorFactory, DemandFactory, EventFactory
from tracker.models import ActorKind, Theme
from tracker.services.actors import add_alias
from tracker.services.lookups import (
    Suggestion,
    country_name,
    find_actors_named,
    find_event,
    find_thread,
    suggest_actors,
    suggest_countries,
    suggest_events,
    suggest_themes,
    suggest_threads,
)
from tracker.services.threads import attach_demand, create_thread


def test_actors_are_suggested_by_name_or_alias_those_starting_with_it_first(
    db: Session,
) -> None:
    ActorFactory(name="Sokha Kem Foundation", kind=ActorKind.ORGANISATION, country=None)
    ActorFactory(name="Kem Sokha")
    rainsy = ActorFactory(name="Candlelight Party", kind=ActorKind.PARTY)
    add_alias(db, rainsy, "Sam Rainsy Party", actor=None)
    merged = ActorFactory(name="Kem Sokha (duplicate)")
    merged.merged_into_id = rainsy.id
    db.flush()
    assert suggest_actors(db, "KEM") == [
        Suggestion("Kem Sokha", "person · KH"),
        Suggestion("Sokha Kem Foundation", "organisation"),
    ]
    assert [s.value for s in suggest_actors(db, "rainsy")] == ["Candlelight Party"]
    assert suggest_actors(db, "  ") == []


def test_what_is_typed_is_never_a_pattern(db: Session) -> None:
    ActorFactory(name="Kem Sokha")
    EventFactory(title="Arrest")
    db.add(Theme(name="Elections"))
    db.flush()
    for typed in ("%", "_", "%%"):
        assert suggest_actors(db, typed) == []
    # Names are matched without their punctuation: "%a%" is "a" there, and literal elsewhere.
    assert [s.value for s in suggest_actors(db, "%a%")] == ["Kem Sokha"]
    for typed in ("%", "_", "%a%", "E_e"):
        assert suggest_events(db, typed) == []
        assert suggest_themes(db, typed) == []
        assert suggest_threads(db, typed) == []


def test_every_actor_of_a_name_is_found_but_the_one_kept(db: Session) -> None:
    keep = ActorFactory(name="Kem Sokha")
    twin = ActorFactory(name="kem sókha")
    alias_holder = ActorFactory(name="Mr Kem")
    add_alias(db, alias_holder, "Kem Sokha", actor=None)
    found = find_actors_named(db, "Kem Sokha", exclude_id=keep.id)
    assert [a.id for a in found] == [twin.id, alias_holder.id]
    assert find_actors_named(db, "") == []


def test_an_event_title_two_share_is_offered_and_found_with_its_date(db: Session) -> None:
    EventFactory(title="Arrest", occurred_on=dt.date(2017, 9, 3))
    later = EventFactory(title="arrest", occurred_on=dt.date(2019, 1, 5))
    verdict = EventFactory(title="Verdict", occurred_on=dt.date(2023, 3, 3))
    assert [s.value for s in suggest_events(db, "rr")] == [
        "arrest (2019-01-05)",
        "Arrest (2017-09-03)",
    ]
    assert suggest_events(db, "verd") == [Suggestion("Verdict", "arrest · 2023-03-03")]
    assert find_event(db, "Arrest (2019-01-05)") == later
    assert find_event(db, "Arrest (2019-01)") == later
    assert find_event(db, "VERDICT") == verdict
    assert find_event(db, "Nothing") is None


def test_themes_threads_and_countries_are_suggested(db: Session) -> None:
    db.add_all([Theme(name="Elections"), Theme(name="Political prisoners")])
    thread = create_thread(db, title="Release Kem Sokha", actor=None)
    create_thread(db, title="Reinstate the CNRP", actor=None)
    attach_demand(db, DemandFactory(), thread, actor=None)
    attach_demand(db, DemandFactory(), thread, actor=None)
    db.flush()
    assert [s.value for s in suggest_themes(db, "")] == ["Elections", "Political prisoners"]
    assert [s.value for s in suggest_themes(db, "pris")] == ["Political prisoners"]
    assert suggest_threads(db, "re") == [
        Suggestion("Reinstate the CNRP", "0 demands"),
        Suggestion("Release Kem Sokha", "2 demands"),
    ]
    assert find_thread(db, "release KEM sokha") == thread
    assert find_thread(db, "Release") is None
    assert suggest_countries("camb") == [Suggestion("Cambodia", "KH")]
    assert suggest_countries("kh") == [Suggestion("Cambodia", "KH")]
    assert country_name("KH") == "Cambodia"
    assert country_name("ZZ") == "ZZ"
    assert country_name(None) is None
