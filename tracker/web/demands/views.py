"""Demand pages: the filtered list (and its CSV), one demand with its history, recording an
update in place, editing with optimistic locking, threads and suggested matches."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from tracker.models import Demand, Role, Status
from tracker.models import Response as AddresseeResponse
from tracker.reports.tabular import write_csv
from tracker.services.demands import (
    DEMAND_TABLE_HEADERS,
    DemandFilters,
    deadline_text,
    demand_table_rows,
    get_demand,
    is_overdue,
    is_stale,
    list_demand_filter_options,
    list_demands,
)
from tracker.services.editing import edit_demand
from tracker.services.errors import NotFound, ValidationError
from tracker.services.followup import record_status_update_by_ids
from tracker.services.lookups import country_name, find_thread
from tracker.services.resolutions import parse_deadline
from tracker.services.sources import list_sources_for_demand
from tracker.services.threads import (
    accept_match,
    attach_demand,
    create_thread,
    dismiss_match,
    suggest_matches,
)
from tracker.web.access import acting_user, requires
from tracker.web.db import edit_form_answers, get_db, refusals, sentence
from tracker.web.demands.forms import (
    DemandActorAddForm,
    DemandEditForm,
    DemandEventAddForm,
    DemandLinkRemoveForm,
    DemandThemeAddForm,
    MatchDecisionForm,
    ResolutionCountryForm,
    StatusUpdateRecordForm,
    ThreadAttachForm,
)
from tracker.web.inputs import parse_id
from tracker.web.pagination import Page, page_number

bp = Blueprint("demands", __name__, url_prefix="/demands")
CSV_LIMIT = 100_000


def _int_arg(name: str) -> int | None:
    return parse_id(request.args.get(name))


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
        body=(request.args.get("body") or "")[:200] or None,
        addressee_id=_int_arg("addressee"),
        subject_id=_int_arg("subject"),
        actor_id=_int_arg("actor"),
        theme=(request.args.get("theme") or "")[:100] or None,
        stale=request.args.get("stale") == "1",
        overdue=request.args.get("overdue") == "1",
        since=_date_arg("since"),
        until=_date_arg("until"),
        q=(request.args.get("q") or "")[:200] or None,
        sort=request.args.get("sort") or "resolution",
    )


def _stale_days() -> int:
    return int(current_app.config["TRACKER_STALE_AFTER_DAYS"])


@bp.route("")
def list_page() -> str:
    per_page = current_app.config["TRACKER_PAGE_SIZE"]
    filters = filters_from_request()
    db = get_db()
    demands, total = list_demands(
        db, filters, page=page_number(), per_page=per_page, stale_after_days=_stale_days()
    )
    return render_template(
        "demands/list.html",
        demands=demands,
        filters=filters,
        options=list_demand_filter_options(db),
        page=Page(page_number(), per_page, total),
    )


@bp.route("/export.csv")
def export_csv() -> Response:
    demands, _total = list_demands(
        get_db(), filters_from_request(), per_page=CSV_LIMIT, stale_after_days=_stale_days()
    )
    return Response(
        "\ufeff" + write_csv(DEMAND_TABLE_HEADERS, demand_table_rows(demands)),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=demands.csv"},
    )


def _load(demand_id: int) -> Demand:
    try:
        return get_demand(get_db(), demand_id)
    except NotFound:
        abort(404)


def _update_form(demand: Demand, **kwargs: object) -> StatusUpdateRecordForm:
    """The update form, offering the sources cited around this demand (to analysts only: the
    only ones who see the form)."""
    sources = list_sources_for_demand(get_db(), demand) if acting_user().can(Role.ANALYST) else []
    return StatusUpdateRecordForm(source_choices=[(s.id, s.label[:80]) for s in sources], **kwargs)


@bp.route("/<int:demand_id>/sources")
@requires(Role.ANALYST)
def source_options(demand_id: int) -> str:
    """The sources to pick from, as <option>s: this demand's circles, or those matching `q`."""
    sources = list_sources_for_demand(
        get_db(), _load(demand_id), query=(request.args.get("q") or "")[:100]
    )
    return render_template("demands/_source_options.html", sources=sources)


def _detail_context(demand: Demand, form: StatusUpdateRecordForm) -> dict[str, object]:
    today = dt.date.today()
    suggestions = []
    if acting_user().can(Role.ANALYST):
        suggestions = suggest_matches(get_db(), demand)
    return {
        "demand": demand,
        "form": form,
        "corrected_by": {u.corrects_id: u for u in demand.updates if u.corrects_id},
        "is_stale": is_stale(demand, today=today, stale_after_days=_stale_days()),
        "is_overdue": is_overdue(demand, today=today),
        "suggestions": suggestions,
        "thread_form": ThreadAttachForm(formdata=None),
        "match_form": MatchDecisionForm(formdata=None),
        # The forms that correct what the demand links to (tracker/web/demands/links.py); a
        # refused one replaces its blank twin, so what was typed and why it was refused show.
        "addressee_form": DemandActorAddForm(formdata=None, prefix="addressee"),
        "subject_form": DemandActorAddForm(formdata=None, prefix="subject"),
        "event_form": DemandEventAddForm(formdata=None, prefix="event"),
        "theme_form": DemandThemeAddForm(formdata=None, prefix="theme"),
        "country_form": ResolutionCountryForm(
            formdata=None,
            prefix="country",
            country=country_name(demand.paragraph.resolution.country) or "",
        ),
        "remove_form": DemandLinkRemoveForm(formdata=None),
        "links_conflict": None,
        "country_label": country_name(demand.paragraph.resolution.country),
    }


def load_demand(demand_id: int) -> Demand:
    """The demand with everything its page shows (404 when there is none)."""
    return _load(demand_id)


def render_detail(demand_id: int, code: int = 200, **overrides: object) -> tuple[str, int]:
    """The demand's page as stored now (after a refusal's rollback too), with `overrides` (a
    refused form, a conflict) in place of the blank forms."""
    demand = _load(demand_id)
    context = _detail_context(demand, _update_form(demand, formdata=None))
    context.update(overrides)
    return render_template("demands/detail.html", **context), code


@bp.route("/<int:demand_id>")
def detail(demand_id: int) -> str:
    demand = _load(demand_id)
    return render_template("demands/detail.html", **_detail_context(demand, _update_form(demand)))


def _render_followup(
    demand_id: int, form: StatusUpdateRecordForm, code: int = 200, *, just_recorded: bool = False
):
    """The history and the form: the whole page, or only that part for an htmx request."""
    demand = _load(demand_id)
    template = (
        "demands/_followup.html" if request.headers.get("HX-Request") else "demands/detail.html"
    )
    return render_template(
        template, just_recorded=just_recorded, **_detail_context(demand, form)
    ), code


@bp.route("/<int:demand_id>/updates", methods=["POST"])
@requires(Role.ANALYST)
def record_update(demand_id: int):
    demand = _load(demand_id)
    form = _update_form(demand)
    if not form.validate_on_submit():
        return _render_followup(demand_id, form, 422)
    with refusals(form, lambda: _render_followup(demand_id, form, 422)):
        record_status_update_by_ids(
            get_db(),
            demand_id,
            status=Status(form.status.data),
            assessed_on=form.assessed_on.data,
            sources=form.source_specs(),
            note=form.note.data or "",
            response=AddresseeResponse(form.response.data) if form.response.data else None,
            corrects_id=form.corrected_update_id(),
            actor=acting_user(),
        )
    if request.headers.get("HX-Request"):
        db = get_db()
        db.flush()
        db.expire_all()
        fresh = _update_form(demand, formdata=None)
        return _render_followup(demand_id, fresh, just_recorded=True)
    flash("Status update recorded.")
    return redirect(url_for("demands.detail", demand_id=demand_id) + "#history")


@bp.route("/<int:demand_id>/edit", methods=["GET", "POST"])
@requires(Role.ANALYST)
def edit(demand_id: int) -> str | BaseResponse | tuple[str, int]:
    demand = _load(demand_id)
    form = DemandEditForm()
    if request.method == "GET":
        form.title.data = demand.title
        form.text.data = demand.text
        form.condition.data = demand.condition or ""
        form.deadline.data = deadline_text(demand) or ""
        form.version.data = str(demand.version)
    if form.validate_on_submit():
        deadline, precision = parse_deadline(form.deadline.data or None)

        again, answers = edit_form_answers(form, "demands/edit.html", demand=demand)
        with refusals(form, again, answers=answers):
            edit_demand(
                get_db(),
                demand,
                expected_version=int(form.version.data or 0),
                title=form.title.data or "",
                text=form.text.data or "",
                deadline=deadline,
                deadline_precision=precision,
                condition=form.condition.data,
                actor=acting_user(),
            )
        flash("Demand saved.")
        return redirect(url_for("demands.detail", demand_id=demand_id))
    return render_template("demands/edit.html", demand=demand, form=form)


@bp.route("/<int:demand_id>/thread", methods=["POST"])
@requires(Role.ANALYST)
def set_thread(demand_id: int) -> BaseResponse:
    db = get_db()
    demand = _load(demand_id)
    form = ThreadAttachForm()
    user = acting_user()
    if not form.validate_on_submit():
        abort(400)
    back = redirect(url_for("demands.detail", demand_id=demand_id) + "#thread")
    with refusals(None, lambda: back, message=sentence):
        if form.new_title.data:
            thread = create_thread(db, title=form.new_title.data, actor=user)
        elif form.thread_title.data:
            found = find_thread(db, form.thread_title.data)
            if found is None:
                raise NotFound(
                    f"there is no thread titled {form.thread_title.data[:80]!r}: pick one from the "
                    "suggestions, or start a new thread"
                )
            thread = found
        else:
            raise ValidationError("give the title of a thread, or start a new one")
        attach_demand(db, demand, thread, actor=user)
    flash(f"Added to the thread “{thread.title}”.")
    return back


@bp.route("/<int:demand_id>/matches", methods=["POST"])
@requires(Role.ANALYST)
def decide_match(demand_id: int) -> BaseResponse:
    db = get_db()
    demand = _load(demand_id)
    form = MatchDecisionForm()
    raw = form.other_id.data or ""
    if (
        not form.validate_on_submit()
        or not raw.isdigit()
        or form.decision.data not in ("accept", "dismiss")
    ):
        abort(400)
    other = db.get(Demand, int(raw))
    if other is None:
        abort(404)
    user = acting_user()
    if form.decision.data == "accept":
        thread = accept_match(db, demand, other, actor=user)
        flash(f"Both demands now follow the thread “{thread.title}”.")
    else:
        dismiss_match(db, demand, other, actor=user)
        flash("That suggestion will not be shown again.")
    return redirect(url_for("demands.detail", demand_id=demand_id) + "#thread")


# The views that correct a demand's links register on this blueprint too.
from tracker.web.demands import links as _link_views  # noqa: E402,F401
