"""A paragraph corrected after import (analysts): its kind (demand, position, procedural), and
the demands drawn from it, added, split, merged or deleted. The page is reached from each of its
demands and from the resolution's page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from tracker.models import Demand, ParagraphKind, Role
from tracker.services.errors import EditConflict, NotFound
from tracker.services.paragraphs import (
    ParagraphPage,
    add_demand,
    change_paragraph_kind,
    delete_demand,
    get_paragraph_page,
    merge_demands,
    split_demand,
)
from tracker.text import shorten
from tracker.web.access import acting_user, requires
from tracker.web.db import get_db, refusals, sentence
from tracker.web.resolutions.paragraph_forms import (
    DemandDeleteForm,
    DemandMergeForm,
    DemandSplitForm,
    ParagraphDemandAddForm,
    ParagraphKindForm,
)
from tracker.web.resolutions.views import bp

PARAGRAPH = "/<int:resolution_id>/paragraphs/<int:position>"
KIND_WORDS = {
    ParagraphKind.DEMAND: "a demand",
    ParagraphKind.POSITION: "a position",
    ParagraphKind.PROCEDURAL: "procedural",
}


def _page(resolution_id: int, position: int) -> ParagraphPage:
    try:
        return get_paragraph_page(get_db(), resolution_id, position)
    except NotFound:
        abort(404)


def _forms(page: ParagraphPage, overrides: dict[str, Any]) -> dict[str, Any]:
    """Blank forms for everything the page offers; a refused one (by its key) replaces its
    twin, so what was typed and why it was refused show."""
    paragraph = page.paragraph
    forms: dict[str, Any] = {
        "kind_form": ParagraphKindForm(
            formdata=None,
            kind=paragraph.kind.value,
            first_demand_title=shorten(paragraph.text, 120),
        ),
        "add_form": ParagraphDemandAddForm(formdata=None, prefix="add"),
    }
    for demand in page.demands:
        others = [d for d in page.demands if d.id != demand.id]
        forms[f"split-{demand.id}"] = DemandSplitForm(
            formdata=None, prefix=f"split-{demand.id}", first_title=demand.title
        )
        forms[f"merge-{demand.id}"] = DemandMergeForm(
            formdata=None, prefix=f"merge-{demand.id}", others=others
        )
        forms[f"delete-{demand.id}"] = DemandDeleteForm(formdata=None, prefix=f"delete-{demand.id}")
    forms.update(overrides)
    return forms


def render_paragraph(
    resolution_id: int,
    position: int,
    code: int = 200,
    *,
    conflict: dict[str, Any] | None = None,
    **overrides: Any,
) -> tuple[str, int]:
    """The paragraph as stored now (after a refusal's rollback too)."""
    page = _page(resolution_id, position)
    return render_template(
        "resolutions/paragraph.html",
        page=page,
        forms=_forms(page, overrides),
        conflict=conflict,
        opened=set(overrides),
        kind_words=KIND_WORDS,
    ), code


def _answers(
    resolution_id: int, position: int, yours: str, key: str, form: Any
) -> dict[type, Callable[[Any], ResponseReturnValue]]:
    def conflict(exc: EditConflict) -> ResponseReturnValue:
        return render_paragraph(
            resolution_id,
            position,
            409,
            conflict={"saved": exc.current, "yours": yours},
            **{key: form},
        )

    return {EditConflict: conflict}


def _demand_of(page: ParagraphPage, demand_id: int) -> Demand:
    demand = next((d for d in page.demands if d.id == demand_id), None)
    if demand is None:
        abort(404)
    return demand


def _here(resolution_id: int, position: int) -> Response:
    return redirect(
        url_for("resolutions.edit_paragraph", resolution_id=resolution_id, position=position)
    )


@bp.route(PARAGRAPH)
@requires(Role.ANALYST)
def edit_paragraph(resolution_id: int, position: int) -> ResponseReturnValue:
    return render_paragraph(resolution_id, position)


@bp.route(f"{PARAGRAPH}/kind", methods=["POST"])
@requires(Role.ANALYST)
def change_kind(resolution_id: int, position: int) -> ResponseReturnValue:
    page = _page(resolution_id, position)
    form = ParagraphKindForm()
    if not form.validate_on_submit():
        return render_paragraph(resolution_id, position, 422, kind_form=form)
    kind = ParagraphKind(form.kind.data)
    label = page.paragraph.label or str(position)
    removed = len(page.demands)
    with refusals(
        form,
        lambda: render_paragraph(resolution_id, position, 422, kind_form=form),
        answers=_answers(resolution_id, position, f"make it {KIND_WORDS[kind]}", "kind_form", form),
        message=sentence,
    ):
        created = change_paragraph_kind(
            get_db(),
            page.paragraph,
            kind=kind,
            first_demand_title=form.first_demand_title.data or "",
            expected_version=int(form.version.data or 0),
            actor=acting_user(),
        )
    if created is not None:
        flash(
            f"Paragraph {label} is now a demand: “{created.title}”. "
            "Add who is asked to act and whom it is about."
        )
        return redirect(url_for("demands.detail", demand_id=created.id) + "#links")
    flash(
        f"Paragraph {label} is now {KIND_WORDS[kind]}"
        + (f"; {removed} demand(s) without history removed." if removed else ".")
    )
    return redirect(url_for("resolutions.detail", resolution_id=resolution_id) + f"#p{position}")


@bp.route(f"{PARAGRAPH}/demands", methods=["POST"])
@requires(Role.ANALYST)
def add_paragraph_demand(resolution_id: int, position: int) -> ResponseReturnValue:
    page = _page(resolution_id, position)
    form = ParagraphDemandAddForm(prefix="add")
    if not form.validate_on_submit():
        return render_paragraph(resolution_id, position, 422, add_form=form)
    title = form.title.data or ""
    with refusals(
        form,
        lambda: render_paragraph(resolution_id, position, 422, add_form=form),
        answers=_answers(resolution_id, position, f"add “{title}”", "add_form", form),
        message=sentence,
    ):
        demand = add_demand(
            get_db(),
            page.paragraph,
            title=title,
            text=form.text.data or "",
            expected_version=int(form.version.data or 0),
            actor=acting_user(),
        )
    flash(f"Demand “{demand.title}” added. Add who is asked to act and whom it is about.")
    return redirect(url_for("demands.detail", demand_id=demand.id) + "#links")


@bp.route(f"{PARAGRAPH}/demands/<int:demand_id>/split", methods=["POST"])
@requires(Role.ANALYST)
def split_paragraph_demand(
    resolution_id: int, position: int, demand_id: int
) -> ResponseReturnValue:
    page = _page(resolution_id, position)
    demand = _demand_of(page, demand_id)
    key = f"split-{demand_id}"
    form = DemandSplitForm(prefix=key)
    if not form.validate_on_submit():
        return render_paragraph(resolution_id, position, 422, **{key: form})
    with refusals(
        form,
        lambda: render_paragraph(resolution_id, position, 422, **{key: form}),
        answers=_answers(resolution_id, position, f"split “{demand.title}” in two", key, form),
        message=sentence,
    ):
        second = split_demand(
            get_db(),
            demand,
            first_title=form.first_title.data or "",
            second_title=form.second_title.data or "",
            second_text=form.second_text.data or "",
            expected_version=int(form.version.data or 0),
            paragraph_version=int(form.paragraph_version.data or 0),
            actor=acting_user(),
        )
    flash(f"Split in two: “{form.first_title.data}” and “{second.title}”.")
    return _here(resolution_id, position)


@bp.route(f"{PARAGRAPH}/demands/<int:demand_id>/merge", methods=["POST"])
@requires(Role.ANALYST)
def merge_paragraph_demands(
    resolution_id: int, position: int, demand_id: int
) -> ResponseReturnValue:
    page = _page(resolution_id, position)
    keep = _demand_of(page, demand_id)
    key = f"merge-{demand_id}"
    others = [d for d in page.demands if d.id != demand_id]
    form = DemandMergeForm(prefix=key, others=others)
    if not form.validate_on_submit():
        return render_paragraph(resolution_id, position, 422, **{key: form})
    other = next(d for d in others if str(d.id) == form.other.data)  # the choices are these
    with refusals(
        form,
        lambda: render_paragraph(resolution_id, position, 422, **{key: form}),
        answers=_answers(
            resolution_id, position, f"merge “{other.title}” into “{keep.title}”", key, form
        ),
        message=sentence,
    ):
        merge_demands(
            get_db(),
            keep,
            other,
            expected_version=int(form.version.data or 0),
            paragraph_version=int(form.paragraph_version.data or 0),
            actor=acting_user(),
        )
    flash(f"“{other.title}” merged into “{keep.title}”.")
    return _here(resolution_id, position)


@bp.route(f"{PARAGRAPH}/demands/<int:demand_id>/delete", methods=["POST"])
@requires(Role.ANALYST)
def delete_paragraph_demand(
    resolution_id: int, position: int, demand_id: int
) -> ResponseReturnValue:
    page = _page(resolution_id, position)
    demand = _demand_of(page, demand_id)
    key = f"delete-{demand_id}"
    form = DemandDeleteForm(prefix=key)
    if not form.validate_on_submit():
        return render_paragraph(resolution_id, position, 422, **{key: form})
    title = demand.title
    with refusals(
        form,
        lambda: render_paragraph(resolution_id, position, 422, **{key: form}),
        answers=_answers(resolution_id, position, f"delete “{title}”", key, form),
        message=sentence,
    ):
        delete_demand(
            get_db(),
            demand,
            expected_version=int(form.version.data or 0),
            paragraph_version=int(form.paragraph_version.data or 0),
            actor=acting_user(),
        )
    flash(f"Demand “{title}” deleted.")
    return _here(resolution_id, position)
