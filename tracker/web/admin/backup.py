"""The backup page: an admin downloads one archive of everything, written to the audit log."""

from __future__ import annotations

import datetime as dt
import tempfile

from flask import current_app, flash, redirect, render_template, send_file, url_for
from werkzeug.wrappers import Response

from tracker.models import Role
from tracker.ops.backup import BackupError, backup_database
from tracker.services.backups import list_backup_downloads, record_backup_download
from tracker.web.access import acting_user, requires
from tracker.web.admin import bp
from tracker.web.db import get_db
from tracker.web.forms import TrackerForm


class BackupDownloadForm(TrackerForm):
    """No fields: the form carries the CSRF token of the download button."""


@bp.route("/backup", methods=["GET", "POST"])
@requires(Role.ADMIN)
def backup_page() -> str | Response:
    form = BackupDownloadForm()
    if form.validate_on_submit():
        # Written to a temporary file first: the read transaction ends before the download
        # starts, however slow the connection, and a failure is a page, not half a file.
        archive = tempfile.TemporaryFile()  # noqa: SIM115 - send_file closes it
        try:
            manifest = backup_database(current_app.extensions["tracker"].engine, archive)
        except BackupError as exc:
            archive.close()
            flash(str(exc))
            return redirect(url_for("admin.backup_page"))
        record_backup_download(get_db(), manifest, actor=acting_user())
        archive.seek(0)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        return send_file(
            archive,
            mimetype="application/zip",
            as_attachment=True,
            download_name=f"tracker-backup-{stamp}.zip",
            max_age=0,
        )
    return render_template(
        "admin/backup.html", form=form, downloads=list_backup_downloads(get_db())
    )
