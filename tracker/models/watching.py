"""Watchlists and digests: what a user follows, how often they are mailed, and what was mailed."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.accounts import User
from tracker.models.base import Base, created_at_col, enum_column, intpk, utcnow

WATCH_TARGETS = ("demand_id", "actor_id", "country", "thread_id", "resolution_id")


class DigestFrequency(enum.StrEnum):
    OFF = "off"
    DAILY = "daily"
    WEEKLY = "weekly"


class Watch(Base):
    """A user follows exactly one demand, actor, country, thread or resolution."""

    __tablename__ = "watches"
    __table_args__ = (
        sa.CheckConstraint(
            " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in WATCH_TARGETS)
            + " = 1",
            name="one_target",
        ),
        *(sa.UniqueConstraint("user_id", column) for column in WATCH_TARGETS),
    )

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    demand_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("demands.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("actors.id", ondelete="CASCADE"), index=True
    )
    country: Mapped[str | None] = mapped_column(sa.String(2))
    thread_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("threads.id", ondelete="CASCADE"), index=True
    )
    resolution_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("resolutions.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[created_at_col]

    user: Mapped[User] = relationship(lazy="raise_on_sql")

    @property
    def column(self) -> str:
        return next(c for c in WATCH_TARGETS if getattr(self, c) is not None)

    @property
    def kind(self) -> str:
        """demand, actor, country, thread or resolution."""
        return self.column.removesuffix("_id")

    @property
    def target(self) -> int | str:
        value: int | str = getattr(self, self.column)
        return value


class DigestSettings(Base):
    """How often a user is mailed what changed on what they watch, and how."""

    __tablename__ = "digest_settings"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    frequency: Mapped[DigestFrequency] = mapped_column(
        enum_column(DigestFrequency, 8), default=DigestFrequency.OFF
    )
    # Mail names no one: each item is a link to its page (organisations that keep the names of
    # people at risk out of mail).
    links_only: Mapped[bool] = mapped_column(default=False)
    # The first digest covers what changed from here: when digests were last switched on.
    enabled_at: Mapped[dt.datetime | None]
    # The personal Atom feed's token: a SHA-256 of it, never the token.
    feed_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    feed_token_prefix: Mapped[str | None] = mapped_column(sa.String(16))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    user: Mapped[User] = relationship(lazy="raise_on_sql")


class Digest(Base):
    """One mail to one user: the window of changes it covers, and when it was sent. Reserved
    (with its items) and committed before the mail leaves; `sent_at` is set once the server has
    accepted it."""

    __tablename__ = "digests"
    __table_args__ = (sa.Index("ix_digests_user_window", "user_id", "window_end"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    window_start: Mapped[dt.datetime]
    window_end: Mapped[dt.datetime]
    created_at: Mapped[created_at_col]
    sent_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship(lazy="raise_on_sql")
    items: Mapped[list[DigestItem]] = relationship(
        back_populates="digest", lazy="raise_on_sql", cascade="all, delete-orphan"
    )


class DigestItem(Base):
    """One change a digest mailed ("status_update:12", "clock:3:overdue"). A user gets each key
    once: the database refuses a second."""

    __tablename__ = "digest_items"
    __table_args__ = (sa.UniqueConstraint("user_id", "item_key"),)

    digest_id: Mapped[int] = mapped_column(
        sa.ForeignKey("digests.id", ondelete="CASCADE"), primary_key=True
    )
    item_key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))

    digest: Mapped[Digest] = relationship(back_populates="items", lazy="raise_on_sql")
