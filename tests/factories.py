"""factory_boy factories for the models; the session is bound per test in conftest."""

from __future__ import annotations

import datetime as dt

import factory
from factory.alchemy import SQLAlchemyModelFactory

from tracker import models as m
from tracker.services.accounts import hash_password
from tracker.text import normalise_name

TEST_PASSWORD = "correct horse battery"
_PASSWORD_HASH = hash_password(TEST_PASSWORD)


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session = None
        sqlalchemy_session_persistence = "flush"


class UserFactory(Base):
    class Meta:
        model = m.User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name")
    role = m.Role.ANALYST
    password_hash = _PASSWORD_HASH


class ResolutionFactory(Base):
    class Meta:
        model = m.Resolution

    body = "European Parliament"
    kind = m.ResolutionKind.MOTION
    title = factory.Sequence(lambda n: f"Resolution {n} on Cambodia")
    procedure = factory.Sequence(lambda n: f"2023/{2000 + n}(RSP)")
    country = "KH"
    # Old enough that the assessments tests record (from 2000 on) follow the resolution.
    adopted_on = dt.date(1999, 12, 1)
    language = "en"
    source_text = factory.Sequence(lambda n: f"text {n}")
    source_sha256 = factory.Sequence(lambda n: f"{n:064x}")


class ParagraphFactory(Base):
    class Meta:
        model = m.Paragraph

    resolution = factory.SubFactory(ResolutionFactory)
    position = factory.Sequence(lambda n: n + 1)
    label = factory.LazyAttribute(lambda o: str(o.position))
    text = "calls for the release of all political prisoners;"
    kind = m.ParagraphKind.DEMAND
    verb = "calls for"


class DemandFactory(Base):
    class Meta:
        model = m.Demand

    paragraph = factory.SubFactory(ParagraphFactory)
    position = 1
    title = factory.Sequence(lambda n: f"Release prisoner {n}")
    text = "the release of all political prisoners"
    verb = "calls for"


class ActorFactory(Base):
    class Meta:
        model = m.Actor

    kind = m.ActorKind.PERSON
    name = factory.Sequence(lambda n: f"Person {n}")
    normalised_name = factory.LazyAttribute(lambda o: normalise_name(o.name))
    country = "KH"


class SourceFactory(Base):
    class Meta:
        model = m.Source

    url = factory.Sequence(lambda n: f"https://news.example.org/article/{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    publisher = "Example News"


class EventFactory(Base):
    class Meta:
        model = m.Event

    kind = m.EventKind.ARREST
    title = factory.Sequence(lambda n: f"Event {n}")
    occurred_on = dt.date(2017, 9, 3)
    country = "KH"


ALL = [
    UserFactory,
    ResolutionFactory,
    ParagraphFactory,
    DemandFactory,
    ActorFactory,
    SourceFactory,
    EventFactory,
]
