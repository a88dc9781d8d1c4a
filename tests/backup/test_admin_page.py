"""The admin backup page: admins only; the download is a sound archive, written to the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tracker.models import AuditEvent, Role
from tracker.ops.backup import check_backup


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ANALYST])
def test_only_admins_reach_the_backup_page(client: FlaskClient, auth, role: Role) -> None:  # type: ignore[no-untyped-def]
    auth.login(role)
    assert client.get("/admin/backup").status_code == 403
    assert client.post("/admin/backup").status_code == 403


def test_an_admin_downloads_a_backup_and_the_audit_log_says_so(
    client: FlaskClient,
    auth,
    db: Session,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    admin = auth.login(Role.ADMIN)
    page = client.get("/admin/backup")
    assert page.status_code == 200
    assert "Download a backup" in page.get_data(as_text=True)
    response = client.post("/admin/backup")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=tracker-")
    path = tmp_path / "download.zip"
    path.write_bytes(response.get_data())
    response.close()
    manifest = check_backup(path)
    event = db.scalars(sa.select(AuditEvent).where(AuditEvent.action == "backup.download")).one()
    assert event.user_id == admin.id
    assert event.after is not None and event.after["rows"] == manifest.total_rows
    assert admin.email in client.get("/admin/backup").get_data(as_text=True)
