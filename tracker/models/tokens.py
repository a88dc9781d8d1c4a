"""Personal API tokens: only a SHA-256 of each token is stored; the token is shown once."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.accounts import User
from tracker.models.base import Base, created_at_col, enum_column, intpk


class TokenScope(enum.StrEnum):
    """What a token may do; its owner's role still limits it (a viewer's token never writes)."""

    READ = "read"
    WRITE = "write"


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    scope: Mapped[TokenScope] = mapped_column(enum_column(TokenScope, 8))
    # A hash, never the token: a leaked database or backup gives no working credential.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The first characters of the token, so its owner can tell tokens apart on the page.
    prefix: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[created_at_col]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship(lazy="raise_on_sql")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
