"""Resolution pages: the list, one resolution with its parts, and importing with a review step."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tracker.models import Role
from tracker.parsing import ParsedResolution, ParseError, parse_resolution, read_document
from tracker.services.errors import DuplicateResolution, NotFound, ServiceError
from tracker.services.resolutions import (
    DemandDraft,
    check_importable,
    drafts_from_parsed,
    find_duplicate,
    get_resolution,
    import_resolution,
    known_actors,
    list_resolutions,
)
from tracker.services.threads import suggest_for_drafts
from tracker.web.access import acting_user, requires
from tracker.web.db import get_db, refusals
from tracker.web.pagination import Page, page_number
from tracker.web.resolutions.forms import ResolutionImportForm, ResolutionReviewForm

bp = Blueprint("resolutions", __name__, url_prefix="/resolutions")


@bp.route("")
def list_page() -> str:
    per_page = current_app.config["TRACKER_PAGE_SIZE"]
    country = (request.args.get("country") or "")[:2] or None
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


def _split(names: str | None) -> list[str]:
    return [n.strip() for n in (names or "").split(";") if n.strip()]


def _review(
    parsed: ParsedResolution,
    form: ResolutionReviewForm | None,
    *,
    source_url: str | None,
    code: int = 200,
) -> tuple[str, int]:
    """The review page: the parsed structure beside the text, every proposal editable."""
    db = get_db()
    drafts = drafts_from_parsed(parsed)
    if form is None:
        form = ResolutionReviewForm(
            formdata=None, text=parsed.source_text, source_url=source_url or ""
        )
        suggestions = suggest_for_drafts(
            db, [f"{d.title} {d.text}" for d in drafts], country=_country(parsed)
        )
        for draft, suggestion in zip(drafts, suggestions, strict=True):
            form.demands.append_entry(
                {
                    "paragraph_position": str(draft.paragraph_position),
                    "include": True,
                    "title": draft.title,
                    "addressees": "; ".join(draft.addressees),
                    "subjects": "; ".join(draft.subjects),
                    "deadline": draft.deadline or "",
                    "condition": draft.condition or "",
                    "join": False,
                    "join_with": str(suggestion.demand.id) if suggestion else "",
                }
            )
    joinable: dict[str, Any] = {}
    for entry in form.demands:
        raw = entry.form.join_with.data or ""
        if raw.isdigit():
            joinable[raw] = None
    if joinable:
        from sqlalchemy import select
        from sqlalchemy.orm import joinedload

        from tracker.models import Demand, Paragraph

        for demand in db.scalars(
            select(Demand)
            .where(Demand.id.in_([int(k) for k in joinable]))
            .options(joinedload(Demand.paragraph).joinedload(Paragraph.resolution))
        ).unique():
            joinable[str(demand.id)] = demand
    known = {a.name.casefold() for a in known_actors(db)}
    new_actors = sorted(
        {name for p in parsed.paragraphs for name in p.new_actors if name.casefold() not in known}
    )
    duplicate = find_duplicate(db, parsed)
    paragraphs = {p.position: p for p in parsed.paragraphs}
    return render_template(
        "resolutions/review.html",
        parsed=parsed,
        form=form,
        paragraphs=paragraphs,
        joinable=joinable,
        new_actors=new_actors,
        duplicate=duplicate,
    ), code


def _country(parsed: ParsedResolution) -> str | None:
    from tracker.parsing import country_of_text

    return country_of_text(parsed)


@bp.route("/import", methods=["GET", "POST"])
@requires(Role.ANALYST)
def import_page() -> str | Response | tuple[str, int]:
    """Step 1: paste or upload; the parser's proposals come back for review, nothing stored."""
    form = ResolutionImportForm()
    if form.validate_on_submit():
        db = get_db()
        try:
            upload = form.file.data
            if upload and upload.filename:
                text = read_document(upload.read(), upload.filename)
            elif (form.text.data or "").strip():
                text = form.text.data or ""
            else:
                raise ParseError("the text is empty: paste a resolution or choose a file")
            parsed = parse_resolution(text, known_actors=known_actors(db))
            check_importable(parsed)
        except (ParseError, ServiceError) as exc:
            form.text.errors = [*form.text.errors, str(exc)]
            return render_template("resolutions/import.html", form=form), 422
        return _review(parsed, None, source_url=form.source_url.data or None)
    return render_template("resolutions/import.html", form=form), 422 if form.errors else 200


@bp.route("/import/confirm", methods=["POST"])
@requires(Role.ANALYST)
def confirm_import() -> Response | tuple[str, int]:
    """Step 2: store the resolution with the demands as the researcher left them, in one go."""
    db = get_db()
    form = ResolutionReviewForm()
    try:
        parsed = parse_resolution(form.text.data or "", known_actors=known_actors(db))
    except ParseError as exc:
        flash(f"The text could not be read again: {exc}")
        return redirect(url_for("resolutions.import_page"))
    if not form.validate_on_submit():
        return _review(parsed, form, source_url=form.source_url.data or None, code=422)
    drafts = [
        DemandDraft(
            paragraph_position=int(entry.form.paragraph_position.data or 0),
            title=entry.form.title.data or "",
            addressees=_split(entry.form.addressees.data),
            subjects=_split(entry.form.subjects.data),
            deadline=entry.form.deadline.data or None,
            condition=entry.form.condition.data or None,
            include=bool(entry.form.include.data),
            join_with=int(entry.form.join_with.data)
            if entry.form.join.data and (entry.form.join_with.data or "").isdigit()
            else None,
        )
        for entry in form.demands
    ]
    originals = {(d.paragraph_position, i): d for i, d in enumerate(drafts_from_parsed(parsed))}
    for i, draft in enumerate(drafts):
        original = originals.get((draft.paragraph_position, i))
        if original is not None:
            draft.text, draft.verb = original.text, original.verb

    def duplicate(exc: DuplicateResolution) -> Response:
        flash(f"Not imported: this text is {exc}.")
        return redirect(url_for("resolutions.detail", resolution_id=exc.existing_id))

    with refusals(
        form,
        lambda: _review(parsed, form, source_url=form.source_url.data or None, code=422),
        answers={DuplicateResolution: duplicate},
    ):
        resolution = import_resolution(
            db, parsed, actor=acting_user(), drafts=drafts, source_url=form.source_url.data or None
        )
    kept = sum(1 for d in drafts if d.include)
    flash(f"Imported “{resolution.title}” with {kept} demand(s).")
    return redirect(url_for("resolutions.detail", resolution_id=resolution.id))


# Correcting a paragraph and its demands after import registers on this blueprint too.
from tracker.web.resolutions import paragraphs as _paragraph_views  # noqa: E402,F401
