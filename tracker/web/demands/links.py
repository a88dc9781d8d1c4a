"""Correcting what a demand links to, from its page: who is asked to act, whom it is about (by
name or alias, a new actor created in place), events by title, themes, and its resolution's
country; and the suggestions offered as a person types a name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from tracker.models import LinkRole, Role
from tracker.services.editing import (
    add_demand_actor,
    add_demand_event,
    add_demand_theme,
    remove_demand_actor,
    remove_demand_event,
    remove_demand_theme,
    set_resolution_country,
)
from tracker.services.errors import EditConflict
from tracker.services.lookups import (
    suggest_actors,
    suggest_countries,
    suggest_events,
    suggest_themes,
    suggest_threads,
)
from tracker.web.access import acting_user, requires
from tracker.web.db import get_db, refusals, sentence
from tracker.web.demands.forms import (
    DemandActorAddForm,
    DemandEventAddForm,
    DemandLinkRemoveForm,
    DemandThemeAddForm,
    ResolutionCountryForm,
)
from tracker.web.demands.views import bp, load_demand, render_detail

ROLES = {"addressee": LinkRole.ADDRESSEE, "subject": LinkRole.SUBJECT}
ROLE_PHRASES = {"addressee": "asked to act", "subject": "whom the demand is about"}


def _back(demand_id: int, anchor: str) -> Response:
    return redirect(url_for("demands.detail", demand_id=demand_id) + f"#{anchor}")


def _answers(demand_id: int, yours: str, **forms: Any) -> dict[type, Callable[[Any], Any]]:
    """A conflict answers with the page as saved now, what the person asked for beside it, and
    their form still filled in: sending it again applies it to the saved version."""

    def conflict(exc: EditConflict) -> ResponseReturnValue:
        return render_detail(
            demand_id, 409, links_conflict={"saved": exc.current, "yours": yours}, **forms
        )

    return {EditConflict: conflict}


@bp.route("/<int:demand_id>/actors/<any(addressee, subject):role>", methods=["POST"])
@requires(Role.ANALYST)
def add_actor(demand_id: int, role: str) -> ResponseReturnValue:
    demand = load_demand(demand_id)
    form = DemandActorAddForm(prefix=role)
    forms = {f"{role}_form": form}
    if not form.validate_on_submit():
        return render_detail(demand_id, 422, **forms)
    name = form.name.data or ""
    with refusals(
        form,
        lambda: render_detail(demand_id, 422, **forms),
        answers=_answers(demand_id, f"add “{name}” to those {ROLE_PHRASES[role]}", **forms),
        message=sentence,
    ):
        added = add_demand_actor(
            get_db(),
            demand,
            role=ROLES[role],
            name=name,
            kind_if_new=form.kind_if_new(),
            expected_version=int(form.version.data or 0),
            actor=acting_user(),
        )
    flash(f"{added.name} added to those {ROLE_PHRASES[role]}.")
    return _back(demand_id, f"{role}s")


@bp.route("/<int:demand_id>/actors/<any(addressee, subject):role>/remove", methods=["POST"])
@requires(Role.ANALYST)
def remove_actor(demand_id: int, role: str) -> ResponseReturnValue:
    demand = load_demand(demand_id)
    form = DemandLinkRemoveForm()
    if not form.validate_on_submit():
        abort(400)
    with refusals(
        None,
        lambda: _back(demand_id, f"{role}s"),
        answers=_answers(demand_id, f"remove someone from those {ROLE_PHRASES[role]}"),
        message=sentence,
    ):
        removed = remove_demand_actor(
            get_db(),
            demand,
            role=ROLES[role],
            actor_id=int(form.record.data or 0),
            expected_version=int(form.version.data or 0),
            actor=acting_user(),
        )
    flash(f"{removed.name} removed from those {ROLE_PHRASES[role]}.")
    return _back(demand_id, f"{role}s")


@bp.route("/<int:demand_id>/events", methods=["POST"])
@requires(Role.ANALYST)
def add_event(demand_id: int) -> ResponseReturnValue:
    demand = load_demand(demand_id)
    form = DemandEventAddForm(prefix="event")
    if not form.validate_on_submit():
        return render_detail(demand_id, 422, event_form=form)
    title = form.title.data or ""
    with refusals(
        form,
        lambda: render_detail(demand_id, 422, event_form=form),
        answers=_answers(demand_id, f"link the event “{title}”", event_form=form),
        message=sentence,
    ):
        event = add_demand_event(
            get_db(),
            demand,
            title=title,
            expected_version=int(form.version.data or 0),
            actor=acting_user(),
        )
    flash(f"Event “{event.title}” linked.")
    return _back(demand_id, "events")


@bp.route("/<int:demand_id>/events/remove", methods=["POST"])
@requires(Role.ANALYST)
def remove_event(demand_id: int) -> ResponseReturnValue:
    demand = load_demand(demand_id)
    form = DemandLinkRemoveForm()
    if not form.validate_on_submit():
        abort(400)
    with refusals(
        None,
        lambda: _back(demand_id, "events"),
        answers=_answers(demand_id, "unlink an event"),
        message=sentence,
    ):
        event = remove_demand_event(
            get_db(),
            demand,
            event_id=int(form.record.data or 0),
            expected_version=int(form.version.data or 0),
            actor=acting_user(),
        )
    flash(f"Event “{event.title}” unlinked.")
    return _back(demand_id, "events")


@bp.route("/<int:demand_id>/themes", methods=["POST"])
@requires(Role.ANALYST)
def add_theme(demand_id: int) -> ResponseReturnValue:
    demand = load_demand(demand_id)
    form = DemandThemeAddForm(prefix="theme")
    if not form.validate_on_submit():
        return render_detail(demand_id, 422, theme_form=form)
    name = form.name.data or ""
    with refusals(
        form,
        lambda: render_detail(demand_id, 422, theme_form=form),
        answers=_answers(demand_id, f"add the theme “{name}”", theme_form=form),
        message=sentence,
    ):
        theme = add_demand_theme(
            get_db(),
            demand,
            name=name,
            expected_version=int(form.version.data or 0),
            actor=acting_user(),
        )
    flash(f"Theme “{theme.name}” added.")
    return _back(demand_id, "themes")


@bp.route("/<int:demand_id>/themes/remove", methods=["POST"])
@requires(Role.ANALYST)
def remove_theme(demand_id: int) -> ResponseReturnValue:
    demand = load_demand(demand_id)
    form = DemandLinkRemoveForm()
    if not form.validate_on_submit():
        abort(400)
    with refusals(
        None,
        lambda: _back(demand_id, "themes"),
        answers=_answers(demand_id, "remove a theme"),
        message=sentence,
    ):
        theme = remove_demand_theme(
            get_db(),
            demand,
            theme_id=int(form.record.data or 0),
            expected_version=int(form.version.data or 0),
            actor=acting_user(),
        )
    flash(f"Theme “{theme.name}” removed.")
    return _back(demand_id, "themes")


@bp.route("/<int:demand_id>/country", methods=["POST"])
@requires(Role.ANALYST)
def set_country(demand_id: int) -> ResponseReturnValue:
    demand = load_demand(demand_id)
    form = ResolutionCountryForm(prefix="country")
    if not form.validate_on_submit():
        return render_detail(demand_id, 422, country_form=form)
    typed = form.country.data or ""
    with refusals(
        form,
        lambda: render_detail(demand_id, 422, country_form=form),
        answers=_answers(
            demand_id,
            f"set the country to “{typed}”" if typed else "remove the country",
            country_form=form,
        ),
        message=sentence,
    ):
        resolution = set_resolution_country(
            get_db(),
            demand.paragraph.resolution,
            country=typed,
            expected_version=int(form.version.data or 0),
            actor=acting_user(),
        )
    flash(
        f"Country set to {resolution.country} for the resolution and each of its demands."
        if resolution.country
        else "The resolution no longer names a country."
    )
    return _back(demand_id, "country")


SUGGESTERS = {
    "actors": lambda db, text: suggest_actors(db, text),
    "events": lambda db, text: suggest_events(db, text),
    "themes": lambda db, text: suggest_themes(db, text),
    "threads": lambda db, text: suggest_threads(db, text),
    "countries": lambda _db, text: suggest_countries(text),
}


@bp.route("/suggest/<any(actors, events, themes, threads, countries):what>")
@requires(Role.ANALYST)
def suggest(what: str) -> str:
    """<option>s for a <datalist>, from what was typed so far. htmx sends the field's value
    under the field's own name (`addressee-name`, `thread`…), so the one value given is read."""
    typed = next((value for value in request.args.values() if value.strip()), "")
    return render_template(
        "demands/_suggestions.html", suggestions=SUGGESTERS[what](get_db(), typed[:300])
    )
