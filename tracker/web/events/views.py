"""Event pages: list, one event with what is linked to it, create and edit."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tracker.models import Actor, ActorKind, EventKind, Role
from tracker.services.actors import create_actor, find_actor
from tracker.services.errors import NotFound
from tracker.services.events import create_event, edit_event, get_event, list_events
from tracker.services.sources import get_or_create_source
from tracker.web.access import acting_user, requires
from tracker.web.db import edit_form_answers, get_db, refusals
from tracker.web.events.forms import EventEditForm, format_partial_date, parse_partial_date
from tracker.web.pagination import Page, page_number

bp = Blueprint("events", __name__, url_prefix="/events")


@bp.route("")
def list_page() -> str:
    per_page = current_app.config["TRACKER_PAGE_SIZE"]
    country = (request.args.get("country") or "")[:2] or None
    kind = request.args.get("kind") if request.args.get("kind") in set(EventKind) else None
    events, total = list_events(
        get_db(), country=country, kind=kind, page=page_number(), per_page=per_page
    )
    return render_template(
        "events/list.html",
        events=events,
        country=country,
        kind=kind,
        kinds=list(EventKind),
        page=Page(page_number(), per_page, total),
    )


@bp.route("/<int:event_id>")
def detail(event_id: int) -> str:
    try:
        event, demands = get_event(get_db(), event_id)
    except NotFound:
        abort(404)
    return render_template("events/detail.html", event=event, demands=demands)


def _participants(form: EventEditForm) -> list[tuple[Actor, str]]:
    db, user = get_db(), acting_user()
    found = []
    for name, role in form.participant_lines():
        actor = find_actor(db, name) or create_actor(
            db, name=name, kind=ActorKind.PERSON, country=form.country.data or None, actor=user
        )
        found.append((actor, role))
    return found


def _form_status(form: EventEditForm) -> int:
    """200 for the empty form, 422 for a form sent back with errors."""
    return 422 if form.is_submitted() else 200


@bp.route("/new", methods=["GET", "POST"])
@requires(Role.ANALYST)
def create() -> str | Response | tuple[str, int]:
    form = EventEditForm()
    if form.validate_on_submit():
        db, user = get_db(), acting_user()
        on, precision = parse_partial_date(form.date.data or "")
        with refusals(
            form, lambda: (render_template("events/edit.html", form=form, event=None), 422)
        ):
            sources = (
                [get_or_create_source(db, url=form.source_url.data, actor=user)]
                if form.source_url.data
                else []
            )
            event = create_event(
                db,
                kind=EventKind(form.kind.data),
                title=form.title.data or "",
                occurred_on=on,
                precision=precision,
                country=form.country.data or None,
                description=form.description.data or "",
                participants=_participants(form),
                sources=sources,
                actor=user,
            )
        flash(f"Event “{event.title}” recorded.")
        return redirect(url_for("events.detail", event_id=event.id))
    return render_template("events/edit.html", form=form, event=None), _form_status(form)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@requires(Role.ANALYST)
def edit(event_id: int) -> str | Response | tuple[str, int]:
    db = get_db()
    try:
        event, _demands = get_event(db, event_id)
    except NotFound:
        abort(404)
    form = EventEditForm()
    if request.method == "GET":
        form.kind.data = event.kind.value
        form.title.data = event.title
        form.date.data = format_partial_date(event.occurred_on, event.date_precision)
        form.country.data = event.country or ""
        form.description.data = event.description
        form.version.data = str(event.version)
    if form.validate_on_submit():
        on, precision = parse_partial_date(form.date.data or "")

        again, answers = edit_form_answers(form, "events/edit.html", event=event)
        with refusals(form, again, answers=answers):
            edit_event(
                db,
                event,
                expected_version=int(form.version.data or 0),
                kind=EventKind(form.kind.data),
                title=form.title.data or "",
                occurred_on=on,
                precision=precision,
                country=form.country.data or None,
                description=form.description.data or "",
                actor=acting_user(),
            )
        flash("Event saved.")
        return redirect(url_for("events.detail", event_id=event_id))
    return render_template("events/edit.html", form=form, event=event), _form_status(form)
