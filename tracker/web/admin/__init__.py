"""Administration: users, the audit log, backups (admins only); one blueprint, a module a page."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from tracker.web.admin import audit, backup, users  # noqa: E402,F401  (register views on bp)
