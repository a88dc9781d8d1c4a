"""The search page: `/search?q=` with type, country and status facets."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user

from tracker.models import Status
from tracker.services.search import KINDS, SearchHit, search
from tracker.web.db import get_db
from tracker.web.pagination import Page, page_number

bp = Blueprint("search", __name__, url_prefix="/search")

# Where each kind of hit leads: (endpoint, argument, which id, anchor prefix).
_TARGETS = {
    "resolution": ("resolutions.detail", "resolution_id", "ref_id", None),
    "paragraph": ("resolutions.detail", "resolution_id", "parent_id", None),
    "demand": ("demands.detail", "demand_id", "ref_id", None),
    "note": ("demands.detail", "demand_id", "parent_id", "update-"),
    "actor": ("actors.detail", "actor_id", "ref_id", None),
    "event": ("events.detail", "event_id", "ref_id", None),
}


def hit_url(hit: SearchHit) -> str | None:
    """The page a hit opens; sources have no page of their own (their URL is shown instead)."""
    target = _TARGETS.get(hit.kind)
    if target is None or target[0] not in current_app.view_functions:
        return None
    endpoint, arg, which, anchor = target
    url = url_for(endpoint, **{arg: getattr(hit, which)})
    return f"{url}#{anchor}{hit.ref_id}" if anchor else url


@bp.route("")
def results_page() -> str:
    q = (request.args.get("q") or "")[:500]
    raw_status = request.args.get("status") or ""
    status = Status(raw_status) if raw_status in set(Status) else None
    per_page = current_app.config["TRACKER_PAGE_SIZE"]
    results = search(
        get_db(),
        q,
        role=current_user.role,
        kind=request.args.get("type") or None,
        country=request.args.get("country") or None,
        status=status,
        page=page_number(),
        per_page=per_page,
    )
    page = Page(page_number(), per_page, results.kind_counts.get(results.kind or "", 0))
    return render_template(
        "search/results.html", results=results, kinds=KINDS, page=page, hit_url=hit_url
    )
