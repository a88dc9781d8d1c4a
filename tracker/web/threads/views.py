"""Thread pages: every resolution that made the same demand, oldest first."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from tracker.services.errors import NotFound
from tracker.services.threads import get_thread_page, list_threads
from tracker.web.db import get_db
from tracker.web.pagination import Page, page_number

bp = Blueprint("threads", __name__, url_prefix="/threads")


@bp.route("")
def list_page() -> str:
    per_page = current_app.config["TRACKER_PAGE_SIZE"]
    rows, total = list_threads(get_db(), page=page_number(), per_page=per_page)
    return render_template(
        "threads/list.html", rows=rows, page=Page(page_number(), per_page, total)
    )


@bp.route("/<int:thread_id>")
def detail(thread_id: int) -> str:
    try:
        page = get_thread_page(get_db(), thread_id)
    except NotFound:
        abort(404)
    return render_template("threads/detail.html", page=page)
