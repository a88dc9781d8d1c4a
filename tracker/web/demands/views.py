"""Demand pages: the list with filters, one demand with its history, recording an update."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from tracker.models import Response, Role, Status, StatusUpdate
from tracker.services.demands import DemandFilters, get_demand, is_overdue, is_stale, list_demands
from tracker.services.errors import NotFound, ServiceError
from tracker.services.followup import record_status_update
from tracker.services.sources import get_or_create_source
from tracker.web.access import acting_user, requires
from tracker.web.db import get_db
from tracker.web.demands.forms import StatusUpdateRecordForm
from tracker.web.pagination import Page, page_number

bp = Blueprint("demands", __name__, url_prefix="/demands")


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


def _date_arg(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def filters_from_request() -> DemandFilters:
    status = request.args.get("status") or None
    return DemandFilters(
        country=(request.args.get("country") or "")[:2].upper() or None,
        status=Status(status) if status in set(Status) else None,
        resolution_id=_int_arg("resolution"),
        body=request.args.get("body") or None,
        addressee_id=_int_arg("addressee"),
        subject_id=_int_arg("subject"),
        actor_id=_int_arg("actor"),
        theme=request.args.get("theme") or None,
        stale=request.args.get("stale") == "1",
        overdue=request.args.get("overdue") == "1",
        since=_date_arg("since"),
        until=_date_arg("until"),
        q=(request.args.get("q") or "")[:200] or None,
        sort=request.args.get("sort") or "resolution",
    )


@bp.route("")
def list_page() -> str:
    per_page = current_app.config["TRACKER_PAGE_SIZE"]
    filters = filters_from_request()
    demands, total = list_demands(
        get_db(),
        filters,
        page=page_number(),
        per_page=per_page,
        stale_after_days=current_app.config["TRACKER_STALE_AFTER_DAYS"],
    )
    return render_template(
        "demands/list.html",
        demands=demands,
        filters=filters,
        page=Page(page_number(), per_page, total),
    )


def _render_detail(demand_id: int, form: StatusUpdateRecordForm, status_code: int = 200):
    try:
        demand = get_demand(get_db(), demand_id)
    except NotFound:
        abort(404)
    today = dt.date.today()
    stale_days = current_app.config["TRACKER_STALE_AFTER_DAYS"]
    corrected_by = {u.corrects_id: u for u in demand.updates if u.corrects_id}
    return render_template(
        "demands/detail.html",
        demand=demand,
        form=form,
        corrected_by=corrected_by,
        is_stale=is_stale(demand, today=today, stale_after_days=stale_days),
        is_overdue=is_overdue(demand, today=today),
    ), status_code


@bp.route("/<int:demand_id>")
def detail(demand_id: int):
    return _render_detail(demand_id, StatusUpdateRecordForm())


@bp.route("/<int:demand_id>/updates", methods=["POST"])
@requires(Role.ANALYST)
def record_update(demand_id: int):
    db = get_db()
    try:
        demand = get_demand(db, demand_id)
    except NotFound:
        abort(404)
    form = StatusUpdateRecordForm()
    if not form.validate_on_submit():
        return _render_detail(demand_id, form, 422)
    corrects = None
    if form.corrects_id.data:
        corrects = (
            db.get(StatusUpdate, int(form.corrects_id.data))
            if form.corrects_id.data.isdigit()
            else None
        )
        if corrects is None or corrects.demand_id != demand.id:
            form.corrects_id.errors = ["The update to correct does not belong to this demand."]
            return _render_detail(demand_id, form, 422)
    user = acting_user()
    try:
        sources = []
        if form.source_url.data or form.source_title.data:
            sources.append(
                get_or_create_source(
                    db,
                    url=form.source_url.data or None,
                    title=form.source_title.data or "",
                    is_confidential=form.source_confidential.data,
                    actor=user,
                )
            )
        record_status_update(
            db,
            demand,
            status=Status(form.status.data),
            assessed_on=form.assessed_on.data,
            sources=sources,
            note=form.note.data or "",
            response=Response(form.response.data) if form.response.data else None,
            corrects=corrects,
            actor=user,
        )
        db.commit()
    except ServiceError as exc:
        db.rollback()
        form.form_errors.append(str(exc))
        return _render_detail(demand_id, form, 422)
    flash("Status update recorded.")
    return redirect(url_for("demands.detail", demand_id=demand_id) + "#history")
