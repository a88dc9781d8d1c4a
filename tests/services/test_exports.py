"""Exports: only an admin takes confidential sources out, and that is audited once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import DemandFactory, UserFactory
from tracker.models import AuditEvent, Role
from tracker.services.errors import PermissionDenied, ValidationError
from tracker.services.exports import export_briefing, export_report
from tracker.services.scopes import ScopeRef


def _audits(db: Session) -> int:
    return (
        db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "export.confidential")
        )
        or 0
    )


def test_only_an_admin_exports_confidential_sources_and_it_is_audited(db: Session) -> None:
    demand = DemandFactory()
    scope = ScopeRef("resolution", demand.paragraph.resolution_id)
    for role in (Role.VIEWER, Role.ANALYST):
        with pytest.raises(PermissionDenied):
            export_report(db, scope, "md", include_confidential=True, actor=UserFactory(role=role))
        with pytest.raises(PermissionDenied):
            export_briefing(
                db, scope, "md", include_confidential=True, actor=UserFactory(role=role)
            )
    with pytest.raises(PermissionDenied):
        export_report(db, scope, "md", include_confidential=True, actor=None)
    assert _audits(db) == 0
    admin = UserFactory(role=Role.ADMIN)
    report = export_report(db, scope, "md", include_confidential=True, actor=admin)
    assert report.filename == f"follow-up-resolution-{scope.value}.md"
    assert demand.title in report.content.decode()
    briefing = export_briefing(db, scope, "json", include_confidential=True, actor=admin)
    assert briefing.filename.startswith(f"briefing-resolution-{scope.value}-since-")
    assert _audits(db) == 2
    export_report(db, scope, "md", actor=None)  # a plain export is not audited
    assert _audits(db) == 2


def test_an_unknown_format_is_refused(db: Session) -> None:
    scope = ScopeRef("resolution", DemandFactory().paragraph.resolution_id)
    with pytest.raises(ValidationError, match="no report format 'exe'"):
        export_report(db, scope, "exe", actor=None)
    with pytest.raises(ValidationError, match="no briefing format 'xlsx'"):
        export_briefing(db, scope, "xlsx", actor=None)
