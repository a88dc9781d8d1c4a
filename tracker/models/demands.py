"""Demands, their links, threads, and the append-only status history."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.accounts import User
from tracker.models.actors import Actor
from tracker.models.base import AppendOnly, Base, created_at_col, enum_column, intpk
from tracker.models.events import Event
from tracker.models.resolutions import Paragraph
from tracker.models.sources import Source
from tracker.models.vocab import DatePrecision, LinkRole, Response, Status

demand_events = sa.Table(
    "demand_events",
    Base.metadata,
    sa.Column("demand_id", sa.ForeignKey("demands.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("event_id", sa.ForeignKey("events.id"), primary_key=True, index=True),
)

demand_themes = sa.Table(
    "demand_themes",
    Base.metadata,
    sa.Column("demand_id", sa.ForeignKey("demands.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("theme_id", sa.ForeignKey("themes.id"), primary_key=True, index=True),
)

status_update_sources = sa.Table(
    "status_update_sources",
    Base.metadata,
    sa.Column("status_update_id", sa.ForeignKey("status_updates.id"), primary_key=True),
    sa.Column("source_id", sa.ForeignKey("sources.id"), primary_key=True, index=True),
)


class Theme(Base):
    __tablename__ = "themes"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)


class Thread(Base):
    """The same demand made across resolutions and bodies."""

    __tablename__ = "threads"

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[created_at_col]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    demands: Mapped[list[Demand]] = relationship(back_populates="thread", lazy="raise_on_sql")


class Demand(Base):
    __tablename__ = "demands"
    __table_args__ = (sa.UniqueConstraint("paragraph_id", "position"),)

    id: Mapped[intpk]
    paragraph_id: Mapped[int] = mapped_column(sa.ForeignKey("paragraphs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(sa.String(300), index=True)
    text: Mapped[str] = mapped_column(sa.Text, default="")
    verb: Mapped[str | None] = mapped_column(sa.String(100))
    strength: Mapped[str] = mapped_column(sa.String(16), default="standard")
    deadline: Mapped[dt.date | None]
    deadline_precision: Mapped[DatePrecision | None] = mapped_column(enum_column(DatePrecision, 8))
    condition: Mapped[str | None] = mapped_column(sa.Text)
    is_repetition: Mapped[bool] = mapped_column(default=False)
    thread_id: Mapped[int | None] = mapped_column(sa.ForeignKey("threads.id"), index=True)
    # The latest effective update (a cache of what the history says, kept by the follow-up
    # service so that lists can filter on status without scanning a million history rows).
    current_update_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("status_updates.id", use_alter=True), index=True
    )
    # Copies of that update's status (no_information when there is none) and assessment date,
    # written in the same statement as `current_update_id`, so that counts, filters and sorts
    # read the demands table alone.
    current_status: Mapped[Status] = mapped_column(
        enum_column(Status),
        default=Status.NO_INFORMATION,
        server_default=Status.NO_INFORMATION.value,
    )
    last_assessed_on: Mapped[dt.date | None]
    created_at: Mapped[created_at_col]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    paragraph: Mapped[Paragraph] = relationship(back_populates="demands", lazy="raise_on_sql")
    thread: Mapped[Thread | None] = relationship(back_populates="demands", lazy="raise_on_sql")
    actor_links: Mapped[list[DemandActor]] = relationship(
        back_populates="demand", lazy="raise_on_sql", cascade="all, delete-orphan"
    )
    events: Mapped[list[Event]] = relationship(secondary=demand_events, lazy="raise_on_sql")
    themes: Mapped[list[Theme]] = relationship(secondary=demand_themes, lazy="raise_on_sql")
    current_update: Mapped[StatusUpdate | None] = relationship(
        foreign_keys=[current_update_id], lazy="raise_on_sql", post_update=True
    )
    updates: Mapped[list[StatusUpdate]] = relationship(
        foreign_keys="StatusUpdate.demand_id",
        back_populates="demand",
        lazy="raise_on_sql",
        order_by="(StatusUpdate.assessed_on.desc(), StatusUpdate.id.desc())",
    )

    @property
    def status(self) -> Status:
        return self.current_update.status if self.current_update else Status.NO_INFORMATION

    def actors_in(self, role: LinkRole) -> list[Actor]:
        return [link.actor for link in self.actor_links if link.role == role]

    @property
    def addressees(self) -> list[Actor]:
        return self.actors_in(LinkRole.ADDRESSEE)

    @property
    def subjects(self) -> list[Actor]:
        return self.actors_in(LinkRole.SUBJECT)


# Each serves the dashboard and the demand list at 100,000 demands without sorting or reading the
# whole table: counts by status, and "status = X, last assessed first"; "last assessed first" and
# the stale count (covering); the overdue count, and the overdue list by deadline.
sa.Index(
    "ix_demands_status_assessed",
    Demand.current_status,
    Demand.last_assessed_on.desc(),
    Demand.id,
)
sa.Index(
    "ix_demands_assessed_status",
    Demand.last_assessed_on.desc(),
    Demand.id,
    Demand.current_status,
)
sa.Index("ix_demands_deadline_status", Demand.deadline, Demand.id, Demand.current_status)


class DemandActor(Base):
    __tablename__ = "demand_actors"
    __table_args__ = (
        # "Demands asked of / about this actor" and "actors ever asked": one index, covering.
        sa.Index("ix_demand_actors_actor_role", "actor_id", "role", "demand_id"),
    )

    demand_id: Mapped[int] = mapped_column(
        sa.ForeignKey("demands.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("actors.id"), primary_key=True)
    role: Mapped[LinkRole] = mapped_column(enum_column(LinkRole, 16), primary_key=True)

    demand: Mapped[Demand] = relationship(back_populates="actor_links", lazy="raise_on_sql")
    actor: Mapped[Actor] = relationship(lazy="raise_on_sql")


class StatusUpdate(AppendOnly, Base):
    """One dated, sourced assessment of a demand; never changed: a correction is a new row."""

    __tablename__ = "status_updates"
    __table_args__ = (
        sa.Index("ix_status_updates_demand_assessed", "demand_id", "assessed_on", "id"),
        # The dashboard's recent changes: the latest assessed, then the latest recorded.
        sa.Index("ix_status_updates_assessed_recorded", "assessed_on", "recorded_at", "id"),
    )

    id: Mapped[intpk]
    demand_id: Mapped[int] = mapped_column(sa.ForeignKey("demands.id"))
    status: Mapped[Status] = mapped_column(enum_column(Status), index=True)
    assessed_on: Mapped[dt.date]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    is_note_confidential: Mapped[bool] = mapped_column(default=False)
    response: Mapped[Response | None] = mapped_column(enum_column(Response, 16))
    corrects_id: Mapped[int | None] = mapped_column(sa.ForeignKey("status_updates.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[created_at_col] = mapped_column(index=True)
    is_demo: Mapped[bool] = mapped_column(default=False)

    demand: Mapped[Demand] = relationship(
        foreign_keys=[demand_id], back_populates="updates", lazy="raise_on_sql"
    )
    sources: Mapped[list[Source]] = relationship(
        secondary=status_update_sources, lazy="raise_on_sql"
    )
    author: Mapped[User | None] = relationship(lazy="raise_on_sql")
    corrects: Mapped[StatusUpdate | None] = relationship(
        remote_side="StatusUpdate.id", lazy="raise_on_sql", foreign_keys=[corrects_id]
    )


class MatchDismissal(Base):
    """An analyst's "not the same demand" for a suggested thread match, so it is not suggested
    again."""

    __tablename__ = "match_dismissals"

    demand_id: Mapped[int] = mapped_column(
        sa.ForeignKey("demands.id", ondelete="CASCADE"), primary_key=True
    )
    other_id: Mapped[int] = mapped_column(
        sa.ForeignKey("demands.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    dismissed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    dismissed_at: Mapped[created_at_col]
