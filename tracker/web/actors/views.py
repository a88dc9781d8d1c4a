"""Actor pages: the list with search, and one actor's timeline and demands."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from tracker.models import ActorKind
from tracker.services.actor_pages import get_actor_page, list_actors
from tracker.services.errors import NotFound
from tracker.web.db import get_db
from tracker.web.pagination import Page, page_number

bp = Blueprint("actors", __name__, url_prefix="/actors")


@bp.route("")
def list_page() -> str:
    per_page = current_app.config["TRACKER_PAGE_SIZE"]
    q = (request.args.get("q") or "")[:200] or None
    kind = request.args.get("kind") if request.args.get("kind") in set(ActorKind) else None
    rows, total = list_actors(get_db(), q=q, kind=kind, page=page_number(), per_page=per_page)
    return render_template(
        "actors/list.html",
        rows=rows,
        q=q,
        kind=kind,
        kinds=list(ActorKind),
        page=Page(page_number(), per_page, total),
    )


@bp.route("/<int:actor_id>")
def detail(actor_id: int) -> str:
    try:
        page = get_actor_page(get_db(), actor_id)
    except NotFound:
        abort(404)
    return render_template("actors/detail.html", page=page)
