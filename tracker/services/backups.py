"""The audit trail of full backups: who took a copy of everything (the records name people at
risk). The archive itself is written by `tracker.ops.backup`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tracker.models import AuditEvent, User
from tracker.services.audit import record_audit

if TYPE_CHECKING:
    from tracker.ops.backup import Manifest


def record_backup_download(session: Session, manifest: Manifest, *, actor: User | None) -> None:
    record_audit(
        session,
        actor=actor,
        action="backup.download",
        entity_type="backups",
        entity_id=None,
        summary="downloaded a full backup",
        after={
            "rows": manifest.total_rows,
            "tables": len(manifest.tables),
            "schema_revision": manifest.schema_revision,
            "created_at": manifest.created_at,
        },
    )


def list_backup_downloads(session: Session, limit: int = 5) -> list[AuditEvent]:
    """The latest downloads of a backup, newest first, with who took them."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "backup.download")
            .options(joinedload(AuditEvent.user))
            .order_by(AuditEvent.id.desc())
            .limit(limit)
        )
    )
