"""Sources: the evidence behind status updates, events and situation changes."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base, created_at_col, intpk


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (
        sa.CheckConstraint(
            "url IS NOT NULL OR reference IS NOT NULL OR title <> ''", name="identifiable"
        ),
    )

    id: Mapped[intpk]
    url: Mapped[str | None] = mapped_column(sa.String(2000), index=True)
    reference: Mapped[str | None] = mapped_column(sa.String(1000))
    title: Mapped[str] = mapped_column(sa.String(500), default="")
    publisher: Mapped[str] = mapped_column(sa.String(200), default="")
    published_on: Mapped[dt.date | None]
    is_confidential: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[created_at_col]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def label(self) -> str:
        return self.title or self.reference or self.url or f"Source {self.id}"
