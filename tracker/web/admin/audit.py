"""The audit log: who changed what and when, with the values before and after."""

from __future__ import annotations

import json

from flask import current_app, render_template, request

from tracker.models import Role
from tracker.services.audit_log import list_audit
from tracker.web.access import requires
from tracker.web.admin import bp
from tracker.web.db import get_db
from tracker.web.inputs import parse_id
from tracker.web.pagination import Page, page_number


@bp.route("/audit")
@requires(Role.ADMIN)
def audit_log() -> str:
    per_page = current_app.config["TRACKER_PAGE_SIZE"]
    entity_type = (request.args.get("entity_type") or "")[:64] or None
    raw_id, raw_user = request.args.get("entity_id", ""), request.args.get("user", "")
    entity_id, user_id = parse_id(raw_id), parse_id(raw_user)
    events, total = list_audit(
        get_db(),
        entity_type=entity_type,
        entity_id=entity_id,
        user_id=user_id,
        page=page_number(),
        per_page=per_page,
    )
    return render_template(
        "admin/audit.html",
        events=events,
        entity_type=entity_type,
        entity_id=entity_id,
        user_id=user_id,
        page=Page(page_number(), per_page, total),
        pretty=lambda value: json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True),
    )
