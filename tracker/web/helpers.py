"""Template filters and globals: dates at their precision, statuses, safe Markdown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import nh3
from flask_login import current_user
from markdown_it import MarkdownIt
from markupsafe import Markup
from wtforms import FieldList, FormField

from tracker.models import DatePrecision, Role, Source, Status, StatusUpdate
from tracker.reports.markdown import date_at
from tracker.services import visibility

# Raw HTML off in the parser, and nh3 after it: a note can never carry markup of its own.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
_ALLOWED_TAGS = {
    "p",
    "em",
    "strong",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "br",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
}


def render_markdown(text: str | None) -> Markup:
    html = _markdown.render(text or "")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


def format_date(value: dt.date | None, precision: DatePrecision | str | None = None) -> str:
    if value is None:
        return "—"
    precision = DatePrecision(precision) if precision else DatePrecision.DAY
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def status_label(status: Status | str | None) -> str:
    return Status(status).label if status else Status.NO_INFORMATION.label


def status_class(status: Status | str | None) -> str:
    return f"status status-{Status(status).value if status else 'no_information'}"


def has_role(user: Any, role: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Role(role)))


def _reader_sees_confidential() -> bool:
    user = current_user
    return bool(user.is_authenticated) and visibility.sees_confidential(user)


def page_sources(sources: Iterable[Source]) -> list[Source]:
    """The sources the signed-in reader may see (tracker.services.visibility)."""
    return visibility.shown_sources(sources, confidential=_reader_sees_confidential())


def page_note(update: StatusUpdate) -> str | None:
    return visibility.shown_note(update, confidential=_reader_sees_confidential())


def short(text: str, limit: int = 100) -> str:
    """A long title shortened at a word boundary, for lists only: the record stays whole."""
    from tracker.text import shorten

    return shorten(text or "", limit)


@dataclass(frozen=True)
class FormProblem:
    """One line of a form's error summary; `target` is the id of the field to go to."""

    target: str | None
    label: str
    message: str


def form_problems(form: Any) -> list[FormProblem]:
    """Every error of a form, the form's own first, then by field in the order shown, through
    lists of sub-forms (the review page) too. A hidden field has nothing to go to."""
    problems = [FormProblem(None, "", str(m)) for m in getattr(form, "form_errors", [])]

    def walk(fields: Iterable[Any]) -> None:
        for f in fields:
            if isinstance(f, FieldList | FormField):
                walk(f)
            elif f.errors:
                hidden = f.type in ("HiddenField", "CSRFTokenField")
                for message in f.errors:
                    label = f.label.text if f.label else ""
                    problems.append(FormProblem(None if hidden else f.id, label, str(message)))

    walk(form)
    return problems


FILTERS = {
    "short": short,
    "date_at": date_at,
    "markdown": render_markdown,
    "date": format_date,
    "datetime": format_datetime,
    "status_label": status_label,
    "status_class": status_class,
}
GLOBALS = {
    "Status": Status,
    "has_role": has_role,
    "shown_sources": page_sources,
    "shown_note": page_note,
    "form_problems": form_problems,
}
