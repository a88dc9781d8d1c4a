"""Exporting follow-up reports and briefings: authorise, audit a confidential export, build,
render. The web pages, the API and the command line all come here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from tracker.models import Role, User
from tracker.reports.briefing import Briefing, Limits
from tracker.reports.briefing_build import build_briefing
from tracker.reports.briefing_render import BRIEFING_FORMATS, render_briefing
from tracker.reports.build import build_snapshot
from tracker.reports.render import EXTENSIONS, FORMATS, MEDIA_TYPES, render
from tracker.reports.snapshot import ReportSnapshot
from tracker.services.audit import record_audit
from tracker.services.errors import PermissionDenied, ValidationError
from tracker.services.scopes import ScopeRef


@dataclass(frozen=True)
class Export:
    """A rendered document and what a door needs to hand it over."""

    content: bytes
    media_type: str
    filename: str


@dataclass(frozen=True)
class ReportExport(Export):
    snapshot: ReportSnapshot


@dataclass(frozen=True)
class BriefingExport(Export):
    briefing: Briefing


def authorise_confidential(actor: User | None, include_confidential: bool) -> None:
    """Confidential sources and notes leave the tracker only at an admin's request."""
    if include_confidential and (actor is None or not actor.can(Role.ADMIN)):
        raise PermissionDenied("only an admin may export confidential sources and notes")


def _audit_confidential(
    session: Session, *, actor: User | None, what: str, scope: ScopeRef, fmt: str
) -> None:
    record_audit(
        session,
        actor=actor,
        action="export.confidential",
        entity_type="reports",
        entity_id=scope.value if isinstance(scope.value, int) else None,
        summary=f"confidential {fmt} {what}: {scope.kind} {scope.value}",
        after={"scope": scope.kind, "value": scope.value, "format": fmt},
    )


def export_report(
    session: Session,
    scope: ScopeRef,
    fmt: str,
    *,
    include_confidential: bool = False,
    actor: User | None,
) -> ReportExport:
    """The follow-up report of `scope` in `fmt`; a confidential one is written to the audit log."""
    if fmt not in FORMATS:
        raise ValidationError(f"there is no report format {fmt[:20]!r}: use {', '.join(FORMATS)}")
    authorise_confidential(actor, include_confidential)
    snapshot = build_snapshot(
        session,
        **scope.as_kwargs(),  # type: ignore[arg-type]
        include_confidential=include_confidential,
    )
    # The document's author (DOCX and PDF properties): who asked for it.
    snapshot = replace(snapshot, prepared_by=actor.display_name if actor else None)
    if include_confidential:
        _audit_confidential(session, actor=actor, what="report", scope=scope, fmt=fmt)
    return ReportExport(
        content=render(snapshot, fmt),
        media_type=MEDIA_TYPES[fmt],
        filename=f"follow-up-{scope.slug}{EXTENSIONS[fmt]}",
        snapshot=snapshot,
    )


def get_briefing(
    session: Session,
    scope: ScopeRef,
    *,
    since: dt.date | None = None,
    include_confidential: bool = False,
    stale_after_days: int = 90,
    limits: Limits | None = None,
    actor: User | None,
) -> Briefing:
    """The briefing of `scope` since a date, to read on a page (with `limits`) or to export."""
    authorise_confidential(actor, include_confidential)
    briefing = build_briefing(
        session,
        **scope.as_kwargs(),  # type: ignore[arg-type]
        since=since,
        stale_after_days=stale_after_days,
        include_confidential=include_confidential,
        limits=limits,
    )
    return replace(briefing, prepared_by=actor.display_name if actor else None)


def export_briefing(
    session: Session,
    scope: ScopeRef,
    fmt: str,
    *,
    since: dt.date | None = None,
    include_confidential: bool = False,
    stale_after_days: int = 90,
    actor: User | None,
) -> BriefingExport:
    """The briefing in `fmt`; a confidential one is written to the audit log."""
    if fmt not in BRIEFING_FORMATS:
        formats = ", ".join(BRIEFING_FORMATS)
        raise ValidationError(f"there is no briefing format {fmt[:20]!r}: use {formats}")
    briefing = get_briefing(
        session,
        scope,
        since=since,
        include_confidential=include_confidential,
        stale_after_days=stale_after_days,
        actor=actor,
    )
    if include_confidential:
        _audit_confidential(session, actor=actor, what="briefing", scope=scope, fmt=fmt)
    media_type, extension = BRIEFING_FORMATS[fmt]
    return BriefingExport(
        content=render_briefing(briefing, fmt),
        media_type=media_type,
        filename=f"briefing-{scope.slug}-since-{briefing.since.isoformat()}.{extension}",
        briefing=briefing,
    )
