"""Typed SQLAlchemy models, one module per area; importing this registers every table."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from tracker.models.accounts import AuditEvent, User
from tracker.models.actors import Actor, ActorAlias, SituationChange
from tracker.models.base import AppendOnly, AppendOnlyViolation, Base, utcnow
from tracker.models.clocks import Clock, ClockRule, ClockStart, ClockState, PeriodUnit, Reply
from tracker.models.demands import (
    Demand,
    DemandActor,
    MatchDismissal,
    StatusUpdate,
    Theme,
    Thread,
    demand_events,
    demand_themes,
    status_update_sources,
)
from tracker.models.events import Event, EventActor, event_sources
from tracker.models.resolutions import Citation, Paragraph, Recital, Resolution, ResolutionLink
from tracker.models.sources import Source
from tracker.models.tokens import ApiToken, TokenScope
from tracker.models.vocab import (
    ActorKind,
    DatePrecision,
    EventKind,
    LinkRole,
    ParagraphKind,
    ResolutionKind,
    Response,
    Role,
    Situation,
    Status,
)
from tracker.models.watching import (
    Digest,
    DigestFrequency,
    DigestItem,
    DigestSettings,
    Watch,
)

__all__ = [
    "Watch",
    "DigestSettings",
    "DigestItem",
    "DigestFrequency",
    "Digest",
    "Reply",
    "PeriodUnit",
    "ClockState",
    "ClockStart",
    "ClockRule",
    "Clock",
    "Actor",
    "ActorAlias",
    "ActorKind",
    "ApiToken",
    "AppendOnly",
    "AppendOnlyViolation",
    "AuditEvent",
    "Base",
    "Citation",
    "DatePrecision",
    "Demand",
    "DemandActor",
    "Event",
    "EventActor",
    "EventKind",
    "LinkRole",
    "MatchDismissal",
    "Paragraph",
    "ParagraphKind",
    "Recital",
    "Resolution",
    "ResolutionKind",
    "ResolutionLink",
    "Response",
    "Role",
    "Situation",
    "SituationChange",
    "Source",
    "Status",
    "StatusUpdate",
    "Theme",
    "Thread",
    "TokenScope",
    "User",
    "demand_events",
    "demand_themes",
    "event_sources",
    "status_update_sources",
    "utcnow",
]

metadata: sa.MetaData = Base.metadata


@event.listens_for(Session, "before_flush")
def _refuse_history_rewrites(session: Session, _context: object, _instances: object) -> None:
    """History tables are append-only in the ORM too (the database triggers are the backstop)."""
    for obj in session.deleted:
        if isinstance(obj, AppendOnly):
            raise AppendOnlyViolation(
                f"{sa.inspect(obj).mapper.local_table.name} rows cannot be deleted"
            )
    for obj in session.dirty:
        if not isinstance(obj, AppendOnly) or not session.is_modified(obj):
            continue
        state = sa.inspect(obj)
        allowed = set(type(obj).append_only_mutable_columns)
        changed = {
            attr.key
            for attr in state.mapper.column_attrs
            if state.attrs[attr.key].history.has_changes()
        }
        if changed - allowed:
            table = state.mapper.local_table.name
            fields = ", ".join(sorted(changed))
            raise AppendOnlyViolation(f"{table} rows cannot be changed ({fields})")
