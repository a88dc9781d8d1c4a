"""Build a Briefing from the database in a fixed number of statements, whatever its size.

Each part is one query that counts all its lines and returns the first of them: as many as
`limits` allow (the page's Limits(), ANNEX_LIMITS on request), DOCUMENT_LIMITS by default (a
download or the command line, so both give the same document).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Demand, Paragraph, Resolution
from tracker.reports.briefing import DOCUMENT_LIMITS, Briefing, Limits
from tracker.reports.builders.briefing_changes import list_changes
from tracker.reports.builders.briefing_drafts import list_demands_to_reiterate
from tracker.reports.builders.briefing_open import list_open_demands
from tracker.reports.builders.scope import country_name, resolve_scope
from tracker.reports.wording import draft_line
from tracker.services.errors import ValidationError

DEFAULT_LOOKBACK_DAYS = 90


def build_briefing(
    session: Session,
    *,
    country: str | None = None,
    actor_id: int | None = None,
    resolution_id: int | None = None,
    thread_id: int | None = None,
    addressee_id: int | None = None,
    since: dt.date | None = None,
    today: dt.date | None = None,
    stale_after_days: int = 90,
    include_confidential: bool = False,
    now: dt.datetime | None = None,
    limits: Limits | None = None,
) -> Briefing:
    """What changed in a scope since a date (default: its latest resolution), what is still
    open and of whom it is asked, and drafts for the next text. Each part lists its first
    lines as `limits` allow (None: DOCUMENT_LIMITS) and counts the rest."""
    today = today or dt.date.today()
    limits = limits or DOCUMENT_LIMITS
    if since is not None and since > today:
        raise ValidationError("the date is after today: nothing can have changed since then")
    scope = resolve_scope(
        session,
        resolution_id=resolution_id,
        country=country,
        actor_id=actor_id,
        thread_id=thread_id,
        addressee_id=addressee_id,
    )
    demand_count, latest_adopted = session.execute(
        select(func.count(Demand.id), func.max(Resolution.adopted_on))
        .select_from(Demand)
        .join(Demand.paragraph)
        .join(Paragraph.resolution)
        .where(scope.condition)
    ).one()
    notes = []
    if since is None:
        since = latest_adopted or today - dt.timedelta(days=DEFAULT_LOOKBACK_DAYS)
        notes.append(
            f"Since the latest resolution in scope ({since.isoformat()})."
            if latest_adopted
            else f"Since {since.isoformat()} (no dated resolution in scope)."
        )
    changes, changes_total, unchanged_total = list_changes(
        session,
        scope,
        since=since,
        today=today,
        country=country,
        actor_id=actor_id,
        include_confidential=include_confidential,
        limits=limits,
    )
    open_demands = list_open_demands(
        session,
        scope,
        today=today,
        stale_after_days=stale_after_days,
        include_confidential=include_confidential,
        limits=limits,
    )
    to_reiterate, wording_total = list_demands_to_reiterate(
        session, scope, include_confidential=include_confidential, limits=limits
    )
    return Briefing(
        title=scope.title.replace("Follow-up report", "Briefing"),
        scope_kind=scope.kind,
        scope_value=scope.value,
        scope_name=country_name(scope.value) if scope.kind == "country" else scope.value,
        since=since,
        today=today,
        generated_at=now or dt.datetime.now(dt.UTC),
        include_confidential=include_confidential,
        changes=changes,
        open_by_addressee=open_demands.by_addressee,
        overdue=open_demands.overdue,
        stale=open_demands.stale,
        suggested_wording=tuple(draft_line(d, today=today) for d in to_reiterate),
        demand_count=demand_count,
        notes=tuple(notes),
        changes_total=changes_total,
        overdue_total=open_demands.overdue_total,
        stale_total=open_demands.stale_total,
        wording_total=wording_total,
        addressees_total=open_demands.addressees_total,
        unchanged_total=unchanged_total,
    )


def build_briefing_for(session: Session, scope: str, value: str | int, **options: Any) -> Briefing:
    """build_briefing with the scope given by name ("country", "actor", "resolution",
    "thread" or "addressee"), as the page and the command receive it."""
    if scope == "country":
        return build_briefing(session, country=str(value), **options)
    number = int(value)
    if scope == "actor":
        return build_briefing(session, actor_id=number, **options)
    if scope == "resolution":
        return build_briefing(session, resolution_id=number, **options)
    if scope == "thread":
        return build_briefing(session, thread_id=number, **options)
    if scope == "addressee":
        return build_briefing(session, addressee_id=number, **options)
    raise ValueError(f"unknown briefing scope {scope!r}")
