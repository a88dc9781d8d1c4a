"""Reply clocks: what an addressee owes by rule, the clocks texts start, the replies to them."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.accounts import User
from tracker.models.actors import Actor
from tracker.models.base import Base, created_at_col, enum_column, intpk, utcnow
from tracker.models.demands import Demand
from tracker.models.resolutions import Resolution


class PeriodUnit(enum.StrEnum):
    DAYS = "days"
    MONTHS = "months"
    YEARS = "years"


class ClockStart(enum.StrEnum):
    """What starts a clock: the text's adoption (for the rule's period, or the period the text
    states), or a demand's own deadline (the clock is due on it)."""

    ADOPTION = "adoption"
    DEMAND_DEADLINE = "demand_deadline"


class ClockState(enum.StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    OVERDUE = "overdue"


class ClockRule(Base):
    """An obligation to reply, with the text it comes from; admins edit the rules."""

    __tablename__ = "clock_rules"
    __table_args__ = (
        sa.CheckConstraint("period IS NULL OR period > 0", name="period_positive"),
        sa.CheckConstraint(
            "(period IS NULL AND period_unit IS NULL) OR "
            "(period IS NOT NULL AND period_unit IS NOT NULL)",
            name="period_with_unit",
        ),
    )

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    # Names separated by ";": the body whose texts start the clock ("European Parliament"), and
    # the addressees it binds ("Commission; European Commission"). Empty: any body, any addressee.
    body: Mapped[str] = mapped_column(sa.String(1000), default="")
    addressee: Mapped[str] = mapped_column(sa.String(1000), default="")
    period: Mapped[int | None]
    period_unit: Mapped[PeriodUnit | None] = mapped_column(enum_column(PeriodUnit, 8))
    starts: Mapped[ClockStart] = mapped_column(enum_column(ClockStart, 16))
    # The period a text states ("within two years") replaces the rule's own.
    period_from_text: Mapped[bool] = mapped_column(default=False)
    # The official grades the body gives a reply, code → meaning ({"B": "partially satisfactory"}).
    grades: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    source: Mapped[str] = mapped_column(sa.Text, default="")
    source_url: Mapped[str | None] = mapped_column(sa.String(2000))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[created_at_col]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def period_text(self) -> str:
        if self.starts == ClockStart.DEMAND_DEADLINE:
            return "the demand's own deadline"
        if self.period is None or self.period_unit is None:
            return "the period the text states"
        unit = self.period_unit.value.rstrip("s") if self.period == 1 else self.period_unit.value
        own = f"{self.period} {unit}"
        return f"the period the text states, else {own}" if self.period_from_text else own

    def grade_label(self, grade: str | None) -> str | None:
        """ "B — partially satisfactory", as the body words it; None without a grade."""
        if not grade:
            return None
        meaning = (self.grades or {}).get(grade)
        return f"{grade} — {meaning}" if meaning else grade


class Clock(Base):
    """A reply owed by one addressee for one text (or one demand), from a start to a due date."""

    __tablename__ = "clocks"

    id: Mapped[intpk]
    rule_id: Mapped[int] = mapped_column(sa.ForeignKey("clock_rules.id"), index=True)
    resolution_id: Mapped[int] = mapped_column(
        sa.ForeignKey("resolutions.id", ondelete="CASCADE"), index=True
    )
    demand_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("demands.id", ondelete="CASCADE"), index=True
    )
    addressee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("actors.id"), index=True)
    starts_on: Mapped[dt.date]
    due_on: Mapped[dt.date] = mapped_column(index=True)
    created_at: Mapped[created_at_col]

    rule: Mapped[ClockRule] = relationship(lazy="raise_on_sql")
    resolution: Mapped[Resolution] = relationship(lazy="raise_on_sql")
    demand: Mapped[Demand | None] = relationship(lazy="raise_on_sql")
    addressee: Mapped[Actor | None] = relationship(lazy="raise_on_sql")
    replies: Mapped[list[Reply]] = relationship(
        back_populates="clock",
        lazy="raise_on_sql",
        order_by="(Reply.received_on, Reply.id)",
        cascade="all, delete-orphan",
    )

    @property
    def answered_on(self) -> dt.date | None:
        return min((r.received_on for r in self.replies), default=None)

    def state(self, today: dt.date) -> ClockState:
        if self.replies:
            return ClockState.ANSWERED
        return ClockState.OVERDUE if self.due_on < today else ClockState.OPEN

    @property
    def latest_grade(self) -> str | None:
        """The official grade of the latest graded reply, as "B — partially satisfactory"."""
        for reply in reversed(self.replies):
            if reply.grade:
                return self.rule.grade_label(reply.grade)
        return None

    @property
    def addressee_name(self) -> str:
        return self.addressee.name if self.addressee else "no addressee named"


class Reply(Base):
    """What an addressee answered (date received, reference, link, summary, official grade)."""

    __tablename__ = "replies"
    __table_args__ = (sa.Index("ix_replies_clock_received", "clock_id", "received_on"),)

    id: Mapped[intpk]
    clock_id: Mapped[int] = mapped_column(sa.ForeignKey("clocks.id", ondelete="CASCADE"))
    received_on: Mapped[dt.date]
    # As the body numbers it: SP(2023)123 (Commission), CM/AS(2023)Rec2241-final (CoE).
    reference: Mapped[str | None] = mapped_column(sa.String(200))
    url: Mapped[str | None] = mapped_column(sa.String(2000))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    grade: Mapped[str | None] = mapped_column(sa.String(8))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[created_at_col] = mapped_column(index=True)
    is_demo: Mapped[bool] = mapped_column(default=False)

    clock: Mapped[Clock] = relationship(back_populates="replies", lazy="raise_on_sql")
    author: Mapped[User | None] = relationship(lazy="raise_on_sql")

    @property
    def label(self) -> str:
        return self.reference or f"reply of {self.received_on.isoformat()}"
