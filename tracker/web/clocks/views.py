"""Clock pages: the list (due soon, overdue, all), one clock with its replies and the reply form,
and the rules admins edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tracker.models import Actor, Clock, ClockRule, Demand, Resolution, Role
from tracker.services.clocks import (
    clocks_for_demand,
    count_clocks,
    create_rule,
    edit_rule,
    get_clock,
    get_rule,
    list_clocks,
    list_rules,
    parse_grades,
    record_reply,
)
from tracker.services.errors import EditConflict, NotFound
from tracker.web.access import acting_user, requires
from tracker.web.clocks.forms import ClockRuleEditForm, ReplyRecordForm
from tracker.web.db import get_db, refusals, sentence
from tracker.web.pagination import Page, page_number

bp = Blueprint("clocks", __name__)
PER_PAGE = 50


@bp.record_once
def _add_to_navigation(state: Any) -> None:
    nav = state.app.jinja_env.globals.setdefault("extra_nav", [])
    nav.append(("clocks.list_page", "Clocks"))


# --- what other pages include ---------------------------------------------------------------


@bp.app_template_global("clocks_of_demand")
def clocks_of_demand(demand: Demand) -> list[Clock]:
    """The demand's clocks, loaded once per request (its header and its section both show them)."""
    cache: dict[int, list[Clock]] = g.setdefault("demand_clocks", {})
    if demand.id not in cache:
        cache[demand.id] = clocks_for_demand(get_db(), demand)
    return cache[demand.id]


@bp.app_template_global("clocks_of_resolution")
def clocks_of_resolution(resolution: Resolution) -> list[Clock]:
    return list_clocks(get_db(), today=dt.date.today(), resolution_id=resolution.id)


@bp.app_template_global("clocks_of_actor")
def clocks_of_actor(actor: Actor) -> list[Clock]:
    return list_clocks(get_db(), today=dt.date.today(), addressee_id=actor.id, limit=50)


@bp.app_template_global("clock_panel")
def clock_panel() -> Any:
    from tracker.services.clocks import get_clock_panel

    return get_clock_panel(get_db(), today=dt.date.today())


@bp.app_template_global("today")
def today() -> dt.date:
    return dt.date.today()


# --- pages ------------------------------------------------------------------------------------


@bp.route("/clocks")
def list_page() -> str:
    show = request.args.get("show", "")
    filters: dict[str, Any] = {}
    if show == "overdue":
        filters["overdue"] = True
    elif show == "due":
        filters["due_within"] = 30
    db, day = get_db(), dt.date.today()
    total = count_clocks(db, today=day, **filters)
    page = Page(page_number(), PER_PAGE, total)
    clocks = list_clocks(
        db, today=day, limit=PER_PAGE, offset=(page.number - 1) * PER_PAGE, **filters
    )
    return render_template("clocks/list.html", clocks=clocks, show=show, page=page)


def _load(clock_id: int) -> Clock:
    try:
        return get_clock(get_db(), clock_id)
    except NotFound:
        abort(404)


def _detail(clock: Clock, form: ReplyRecordForm, code: int = 200) -> tuple[str, int]:
    return render_template("clocks/detail.html", clock=clock, form=form), code


@bp.route("/clocks/<int:clock_id>")
def detail(clock_id: int) -> tuple[str, int]:
    clock = _load(clock_id)
    return _detail(clock, ReplyRecordForm(grades=clock.rule.grades, received_on=dt.date.today()))


@bp.route("/clocks/<int:clock_id>/replies", methods=["POST"])
@requires(Role.ANALYST)
def record_reply_view(clock_id: int) -> Response | tuple[str, int]:
    db = get_db()
    clock = _load(clock_id)
    form = ReplyRecordForm(grades=clock.rule.grades)
    if not form.validate_on_submit():
        return _detail(clock, form, 422)
    with refusals(form, lambda: _detail(_load(clock_id), form, 422), message=sentence):
        record_reply(
            db,
            clock,
            received_on=form.received_on.data,
            reference=form.reference.data,
            url=form.url.data,
            summary=form.summary.data or "",
            grade=form.grade.data or None,
            actor=acting_user(),
        )
    flash("Reply recorded: the clock is answered.")
    return redirect(url_for("clocks.detail", clock_id=clock_id))


# --- rules (admins) ---------------------------------------------------------------------------


@bp.route("/admin/clock-rules")
@requires(Role.ADMIN)
def rules_page() -> str:
    return render_template("clocks/rules.html", rules=list_rules(get_db()))


def _fill(form: ClockRuleEditForm, rule: ClockRule) -> None:
    form.name.data = rule.name
    form.body.data = rule.body
    form.addressee.data = rule.addressee
    form.starts.data = rule.starts.value
    form.period.data = rule.period
    form.period_unit.data = rule.period_unit.value if rule.period_unit else ""
    form.period_from_text.data = rule.period_from_text
    form.grades.data = "\n".join(f"{k}: {v}" for k, v in (rule.grades or {}).items())
    form.source.data = rule.source
    form.source_url.data = rule.source_url or ""
    form.is_active.data = rule.is_active
    form.version.data = str(rule.version)


def _values(form: ClockRuleEditForm) -> dict[str, Any]:
    return {
        "name": form.name.data,
        "body": form.body.data or "",
        "addressee": form.addressee.data or "",
        "starts": form.starts.data,
        "period": form.period.data,
        "period_unit": form.period_unit.data or None,
        "period_from_text": form.period_from_text.data,
        "grades": parse_grades(form.grades.data or ""),
        "source": form.source.data or "",
        "source_url": form.source_url.data or None,
        "is_active": form.is_active.data,
    }


@bp.route("/admin/clock-rules/<int:rule_id>", methods=["GET", "POST"])
@requires(Role.ADMIN)
def edit_rule_view(rule_id: int) -> Response | str | tuple[str, int]:
    db = get_db()
    try:
        rule = get_rule(db, rule_id)
    except NotFound:
        abort(404)
    form = ClockRuleEditForm()
    if request.method == "GET":
        _fill(form, rule)
        return render_template("clocks/rule_edit.html", rule=rule, form=form)
    if not form.validate_on_submit():
        return render_template("clocks/rule_edit.html", rule=rule, form=form), 422

    def conflict(exc: EditConflict) -> tuple[str, int]:
        # Keep what the admin typed; saving again deliberately replaces the other version.
        form.version.data = str(exc.current["version"])
        return render_template(
            "clocks/rule_edit.html", rule=rule, form=form, conflict=exc.current
        ), 409

    with refusals(
        form,
        lambda: (render_template("clocks/rule_edit.html", rule=rule, form=form), 422),
        answers={EditConflict: conflict},
        message=sentence,
    ):
        edit_rule(
            db,
            rule,
            expected_version=int(form.version.data or 0),
            actor=acting_user(),
            **_values(form),
        )
    flash("Rule saved. Texts imported from now on follow it; open clocks keep their dates.")
    return redirect(url_for("clocks.rules_page"))


@bp.route("/admin/clock-rules/new", methods=["GET", "POST"])
@requires(Role.ADMIN)
def create_rule_view() -> Response | str | tuple[str, int]:
    db = get_db()
    form = ClockRuleEditForm()
    if request.method == "GET":
        return render_template("clocks/rule_edit.html", rule=None, form=form)
    if not form.validate_on_submit():
        return render_template("clocks/rule_edit.html", rule=None, form=form), 422
    with refusals(
        form,
        lambda: (render_template("clocks/rule_edit.html", rule=None, form=form), 422),
        message=sentence,
    ):
        create_rule(db, actor=acting_user(), **_values(form))
    flash("Rule added.")
    return redirect(url_for("clocks.rules_page"))
