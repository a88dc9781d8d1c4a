"""Resolutions and their ordered parts: citations, recitals and operative paragraphs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, created_at_col, enum_column, intpk
from tracker.models.vocab import ParagraphKind, ResolutionKind

if TYPE_CHECKING:
    from tracker.models.demands import Demand


class Resolution(Base):
    __tablename__ = "resolutions"

    id: Mapped[intpk]
    body: Mapped[str] = mapped_column(sa.String(200), default="", index=True)
    kind: Mapped[ResolutionKind | None] = mapped_column(enum_column(ResolutionKind))
    title: Mapped[str] = mapped_column(sa.String(1000))
    procedure: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    document_reference: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    country: Mapped[str | None] = mapped_column(sa.String(2), index=True)
    adopted_on: Mapped[dt.date | None] = mapped_column(index=True)
    language: Mapped[str | None] = mapped_column(sa.String(8))
    source_url: Mapped[str | None] = mapped_column(sa.String(2000))
    # The whole text as given (tens of kilobytes): only its own page shows it, so it is not
    # read with every demand whose resolution is loaded (get_resolution undefers it).
    source_text: Mapped[str] = mapped_column(sa.Text, deferred=True, deferred_raiseload=True)
    source_sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The same text pasted again with other spacing, quotes or line breaks has this in common.
    text_fingerprint: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    is_complete: Mapped[bool] = mapped_column(default=True)
    parse_warnings: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[created_at_col] = mapped_column(index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    citations: Mapped[list[Citation]] = relationship(
        lazy="raise_on_sql", order_by="Citation.position", cascade="all, delete-orphan"
    )
    recitals: Mapped[list[Recital]] = relationship(
        lazy="raise_on_sql", order_by="Recital.position", cascade="all, delete-orphan"
    )
    paragraphs: Mapped[list[Paragraph]] = relationship(
        back_populates="resolution",
        lazy="raise_on_sql",
        order_by="Paragraph.position",
        cascade="all, delete-orphan",
    )

    @property
    def reference(self) -> str:
        return self.document_reference or self.procedure or f"#{self.id}"


class ResolutionLink(Base):
    """A resolution built from another (group motion → joint motion → adopted text)."""

    __tablename__ = "resolution_links"

    from_id: Mapped[int] = mapped_column(
        sa.ForeignKey("resolutions.id", ondelete="CASCADE"), primary_key=True
    )
    to_id: Mapped[int] = mapped_column(
        sa.ForeignKey("resolutions.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    relation: Mapped[str] = mapped_column(sa.String(32), default="built_from")


class Citation(Base):
    __tablename__ = "citations"
    __table_args__ = (sa.UniqueConstraint("resolution_id", "position"),)

    id: Mapped[intpk]
    resolution_id: Mapped[int] = mapped_column(sa.ForeignKey("resolutions.id", ondelete="CASCADE"))
    position: Mapped[int]
    label: Mapped[str] = mapped_column(sa.String(16), default="")
    text: Mapped[str] = mapped_column(sa.Text)


class Recital(Base):
    __tablename__ = "recitals"
    __table_args__ = (sa.UniqueConstraint("resolution_id", "position"),)

    id: Mapped[intpk]
    resolution_id: Mapped[int] = mapped_column(sa.ForeignKey("resolutions.id", ondelete="CASCADE"))
    position: Mapped[int]
    label: Mapped[str] = mapped_column(sa.String(16), default="")
    text: Mapped[str] = mapped_column(sa.Text)


class Paragraph(Base):
    __tablename__ = "paragraphs"
    __table_args__ = (sa.UniqueConstraint("resolution_id", "position"),)

    id: Mapped[intpk]
    resolution_id: Mapped[int] = mapped_column(sa.ForeignKey("resolutions.id", ondelete="CASCADE"))
    position: Mapped[int]
    label: Mapped[str] = mapped_column(sa.String(16), default="")
    text: Mapped[str] = mapped_column(sa.Text)
    subparagraphs: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    kind: Mapped[ParagraphKind] = mapped_column(enum_column(ParagraphKind, 16))
    verb: Mapped[str | None] = mapped_column(sa.String(100))
    is_truncated: Mapped[bool] = mapped_column(default=False)
    extra: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # Its kind and the demands drawn from it are edited after import: see services/paragraphs.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    resolution: Mapped[Resolution] = relationship(back_populates="paragraphs", lazy="raise_on_sql")
    demands: Mapped[list[Demand]] = relationship(
        back_populates="paragraph", lazy="raise_on_sql", order_by="Demand.position"
    )
