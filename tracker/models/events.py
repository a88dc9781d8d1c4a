"""Events: what happened, when (at day, month or year precision), to whom, by which sources."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.actors import Actor
from tracker.models.base import Base, created_at_col, enum_column, intpk
from tracker.models.sources import Source
from tracker.models.vocab import DatePrecision, EventKind

event_sources = sa.Table(
    "event_sources",
    Base.metadata,
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("source_id", sa.ForeignKey("sources.id"), primary_key=True, index=True),
)


class Event(Base):
    __tablename__ = "events"

    id: Mapped[intpk]
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    occurred_on: Mapped[dt.date] = mapped_column(index=True)
    date_precision: Mapped[DatePrecision] = mapped_column(
        enum_column(DatePrecision, 8), default=DatePrecision.DAY
    )
    country: Mapped[str | None] = mapped_column(sa.String(2), index=True)
    created_at: Mapped[created_at_col]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    participants: Mapped[list[EventActor]] = relationship(
        back_populates="event", lazy="raise_on_sql", cascade="all, delete-orphan"
    )
    sources: Mapped[list[Source]] = relationship(secondary=event_sources, lazy="raise_on_sql")


class EventActor(Base):
    __tablename__ = "event_actors"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("actors.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(sa.String(64), default="")

    event: Mapped[Event] = relationship(back_populates="participants", lazy="raise_on_sql")
    actor: Mapped[Actor] = relationship(lazy="raise_on_sql")
