"""Actor pages: the list with search, and one actor's timeline and demands."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from tracker.models import Actor, ActorAlias, ActorKind, DemandActor, Role, Situation
from tracker.services.actor_pages import (
    DEMANDS_PER_PAGE,
    TIMELINE_PER_PAGE,
    get_actor_page,
    list_actors,
    situations_in_force,
)
from tracker.services.actors import add_alias, record_situation
from tracker.services.errors import NotFound
from tracker.services.lookups import find_actors_named
from tracker.services.merging import merge_actors
from tracker.services.sources import get_or_create_source
from tracker.web.access import acting_user, requires
from tracker.web.actors.forms import ActorAliasForm, ActorMergeForm, SituationRecordForm
from tracker.web.db import get_db, refusals, sentence
from tracker.web.events.forms import parse_partial_date
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
        now={a.id: situations_in_force(a.situations) for a, _n in rows},
        q=q,
        kind=kind,
        kinds=list(ActorKind),
        page=Page(page_number(), per_page, total),
    )


@bp.route("/<int:actor_id>")
def detail(actor_id: int) -> tuple[str, int]:
    return _render_detail(actor_id)


def _render_detail(actor_id: int, code: int = 200, **forms: object) -> tuple[str, int]:
    try:
        page = get_actor_page(
            get_db(), actor_id, demand_page=page_number(), timeline_page=page_number("timeline")
        )
    except NotFound:
        abort(404)
    if page.actor.merged_into_id:
        flash("This actor was merged into another record.")
    context = {
        "alias_form": ActorAliasForm(),
        "situation_form": SituationRecordForm(),
        "merge_form": ActorMergeForm(),
        **forms,
    }
    return render_template(
        "actors/detail.html",
        page=page,
        demand_pager=Page(page_number(), DEMANDS_PER_PAGE, page.demand_total),
        timeline_pager=Page(
            page_number("timeline"), TIMELINE_PER_PAGE, page.timeline_total, param="timeline"
        ),
        **context,
    ), code


def _actor(actor_id: int) -> Actor:
    actor = get_db().get(Actor, actor_id)
    if actor is None:
        abort(404)
    return actor


@bp.route("/<int:actor_id>/aliases", methods=["POST"])
@requires(Role.ANALYST)
def add_alias_view(actor_id: int) -> Response | tuple[str, int]:
    db, actor = get_db(), _actor(actor_id)
    form = ActorAliasForm()
    if not form.validate_on_submit():
        return _render_detail(actor_id, 422, alias_form=form)
    with refusals(form, lambda: _render_detail(actor_id, 422, alias_form=form)):
        add_alias(db, actor, form.alias.data or "", actor=acting_user())
    flash("Alias added.")
    return redirect(url_for("actors.detail", actor_id=actor_id))


@bp.route("/<int:actor_id>/situations", methods=["POST"])
@requires(Role.ANALYST)
def record_situation_view(actor_id: int) -> Response | tuple[str, int]:
    db, actor = get_db(), _actor(actor_id)
    form = SituationRecordForm()
    if not form.validate_on_submit():
        return _render_detail(actor_id, 422, situation_form=form)
    since, precision = parse_partial_date(form.since.data or "")
    user = acting_user()
    with refusals(form, lambda: _render_detail(actor_id, 422, situation_form=form)):
        source = get_or_create_source(db, url=form.source_url.data, actor=user)
        record_situation(
            db,
            actor,
            situation=Situation(form.situation.data),
            since=since,
            precision=precision,
            source=source,
            note=form.note.data or "",
            actor=user,
        )
    flash("Situation recorded.")
    return redirect(url_for("actors.detail", actor_id=actor_id))


@bp.route("/<int:actor_id>/merge", methods=["POST"])
@requires(Role.ADMIN)
def merge_view(actor_id: int) -> Response | tuple[str, int]:
    """Merge a duplicate picked by name; when several answer to it, each is described and one
    is chosen (never by number)."""
    db, keep = get_db(), _actor(actor_id)
    form = ActorMergeForm()
    if not form.validate_on_submit():
        return _render_detail(actor_id, 422, merge_form=form)
    typed = form.duplicate.data or ""
    candidates = find_actors_named(db, typed, exclude_id=keep.id)
    chosen = form.chosen_id()
    if chosen is not None:
        candidates = [c for c in candidates if c.id == chosen]
    if not candidates:
        form.duplicate.errors = [
            f"No other actor is called “{typed}”."
            + (" Pick one from the suggestions." if chosen is None else "")
        ]
        return _render_detail(actor_id, 422, merge_form=form)
    if len(candidates) > 1:
        form.duplicate_choice.choices = [(str(c.id), _described(db, c)) for c in candidates]
        form.duplicate_choice.errors = [
            f"{len(candidates)} actors are called “{typed}”: choose the duplicate."
        ]
        return _render_detail(actor_id, 422, merge_form=form)
    duplicate = candidates[0]
    with refusals(form, lambda: _render_detail(actor_id, 422, merge_form=form), message=sentence):
        merge_actors(db, keep, duplicate, actor=acting_user())
    flash(f"Merged {duplicate.name} into {keep.name}: links, aliases and history moved.")
    return redirect(url_for("actors.detail", actor_id=actor_id))


def _described(db: Session, actor: Actor) -> str:
    """What tells two actors of one name apart: kind, country, aliases, how many demands."""
    demands = db.scalar(
        select(func.count(func.distinct(DemandActor.demand_id))).where(
            DemandActor.actor_id == actor.id
        )
    )
    aliases = db.scalars(select(ActorAlias.alias).where(ActorAlias.actor_id == actor.id)).all()
    parts = [
        actor.kind.value,
        actor.country or "no country",
        f"named in {demands} demand{'s' if demands != 1 else ''}",
    ]
    if aliases:
        parts.append("also known as " + ", ".join(aliases[:3]))
    return f"{actor.name} ({'; '.join(parts)})"
