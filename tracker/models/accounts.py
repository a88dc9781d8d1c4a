"""Users and the audit trail of who changed what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import AppendOnly, Base, created_at_col, enum_column, intpk
from tracker.models.vocab import Role


class User(Base):
    __tablename__ = "users"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.VIEWER)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[created_at_col]
    last_login_at: Mapped[dt.datetime | None]
    # Carried by every signed-in session (get_id); raised to end them all (services/users.py).
    session_generation: Mapped[int] = mapped_column(default=1, server_default="1")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    # The three members Flask-Login asks of a user (is_active is the column above).
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """What the session cookie holds: the id and the session generation, so that raising
        the generation (sign-out, password change, deactivation) ends every earlier session."""
        return f"{self.id}:{self.session_generation}"

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def can(self, role: Role) -> bool:
        return self.is_active and self.role.at_least(role)


class AuditEvent(AppendOnly, Base):
    """One change: who, when, what, and the values before and after."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_entity", "entity_type", "entity_id"),)

    id: Mapped[intpk]
    occurred_at: Mapped[created_at_col] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(64))
    entity_type: Mapped[str] = mapped_column(sa.String(64))
    entity_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(sa.String(500), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    user: Mapped[User | None] = relationship(lazy="raise_on_sql")
