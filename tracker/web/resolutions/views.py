"""Resolution pages: the list, one resolution with its parts, and importing a new one."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tracker.models import Role
from tracker.parsing import ParseError, parse_resolution, read_document
from tracker.services.errors import DuplicateResolution, NotFound, ServiceError
from tracker.services.resolutions import (
    get_resolution,
    import_resolution,
    known_actors,
    list_resolutions,
)
from tracker.web.access import acting_user, requires
from tracker.web.db import get_db
from tracker.web.pagination import Page, page_number
from tracker.web.resolutions.forms import ResolutionImportForm

bp = Blueprint("resolutions", __name__, url_prefix="/resolutions")


@bp.route("")
def list_page() -> str:
    per_page = current_app.config["TRACKER_PAGE_SIZE"]
    country = request.args.get("country") or None
    rows, total = list_resolutions(get_db(), country=country, page=page_number(), per_page=per_page)
    return render_template(
        "resolutions/list.html",
        rows=rows,
        page=Page(page_number(), per_page, total),
        country=country,
    )


@bp.route("/<int:resolution_id>")
def detail(resolution_id: int) -> str:
    try:
        resolution = get_resolution(get_db(), resolution_id)
    except NotFound:
        abort(404)
    return render_template("resolutions/detail.html", resolution=resolution)


@bp.route("/import", methods=["GET", "POST"])
@requires(Role.ANALYST)
def import_page() -> str | Response | tuple[str, int]:
    form = ResolutionImportForm()
    if form.validate_on_submit():
        db = get_db()
        try:
            upload = form.file.data
            if upload and upload.filename:
                text = read_document(upload.read(), upload.filename)
            else:
                text = form.text.data or ""
            parsed = parse_resolution(text, known_actors=known_actors(db))
            resolution = import_resolution(
                db, parsed, actor=acting_user(), source_url=form.source_url.data or None
            )
            db.commit()
        except DuplicateResolution as exc:
            db.rollback()
            url = url_for("resolutions.detail", resolution_id=exc.existing_id)
            form.text.errors = [*form.text.errors, str(exc)]
            return render_template("resolutions/import.html", form=form, duplicate_url=url), 409
        except (ParseError, ServiceError) as exc:
            db.rollback()
            form.text.errors = [*form.text.errors, str(exc)]
            return render_template("resolutions/import.html", form=form), 422
        flash(f"Imported “{resolution.title}”.")
        return redirect(url_for("resolutions.detail", resolution_id=resolution.id))
    return render_template("resolutions/import.html", form=form)
