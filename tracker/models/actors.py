"""Actors (people, organisations, parties, governments, institutions, media) and their history."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import AppendOnly, Base, created_at_col, enum_column, intpk
from tracker.models.sources import Source
from tracker.models.vocab import ActorKind, DatePrecision, Situation


class Actor(Base):
    __tablename__ = "actors"

    id: Mapped[intpk]
    kind: Mapped[ActorKind] = mapped_column(enum_column(ActorKind))
    name: Mapped[str] = mapped_column(sa.String(300), index=True)
    normalised_name: Mapped[str] = mapped_column(sa.String(300), index=True)
    country: Mapped[str | None] = mapped_column(sa.String(2), index=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("actors.id"))
    created_at: Mapped[created_at_col]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor",
        lazy="raise_on_sql",
        cascade="all, delete-orphan",
        order_by="ActorAlias.alias",
    )
    situations: Mapped[list[SituationChange]] = relationship(
        back_populates="actor",
        lazy="raise_on_sql",
        order_by="SituationChange.since",
    )


class ActorAlias(Base):
    __tablename__ = "actor_aliases"
    __table_args__ = (sa.UniqueConstraint("actor_id", "normalised"),)

    id: Mapped[intpk]
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("actors.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(sa.String(300))
    normalised: Mapped[str] = mapped_column(sa.String(300), index=True)

    actor: Mapped[Actor] = relationship(back_populates="aliases", lazy="raise_on_sql")


class SituationChange(AppendOnly, Base):
    """A person's situation from a date on (detained, house arrest, released…); append-only."""

    __tablename__ = "situation_changes"
    # Merging two actors moves history rows to the surviving actor: the one column that may change.
    append_only_mutable_columns = ("actor_id",)

    id: Mapped[intpk]
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("actors.id"), index=True)
    situation: Mapped[Situation] = mapped_column(enum_column(Situation))
    since: Mapped[dt.date]
    since_precision: Mapped[DatePrecision] = mapped_column(
        enum_column(DatePrecision, 8), default=DatePrecision.DAY
    )
    note: Mapped[str] = mapped_column(sa.Text, default="")
    source_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sources.id"))
    recorded_at: Mapped[created_at_col]
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    actor: Mapped[Actor] = relationship(back_populates="situations", lazy="raise_on_sql")
    source: Mapped[Source | None] = relationship(lazy="raise_on_sql")
