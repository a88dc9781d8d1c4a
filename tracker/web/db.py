"""The request's unit of work: one database session, opened on first use, committed once when a
writing request succeeds, rolled back otherwise; and how a refused change answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from typing import Any, TypeVar

from flask import Flask, current_app, flash, g, has_request_context, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from tracker.db import begin_write
from tracker.services.errors import EditConflict, NotFound, PermissionDenied, ServiceError
from tracker.web.refusals import refusal

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
F = TypeVar("F", bound=Callable[..., Any])
Respond = Callable[[], ResponseReturnValue]


def writes_when(predicate: Callable[[], bool]) -> Callable[[F], F]:
    """Declare that a GET view writes when `predicate()` holds (a confidential export writes its
    audit entry): its transaction then begins as a writer and is committed on success."""

    def decorator(view: F) -> F:
        view.tracker_writes_when = predicate  # type: ignore[attr-defined]
        return view

    return decorator


def _request_writes() -> bool:
    if not has_request_context():
        return False
    if request.method not in SAFE_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    predicate = getattr(view, "tracker_writes_when", None)
    return bool(predicate is not None and predicate())


def get_db() -> Session:
    if "db" not in g:
        g.db = current_app.extensions["tracker"].sessionmaker()
        g.db_writes = _request_writes()
        if g.db_writes:
            # A request that may write starts as a writer, so two at once wait in turn on
            # SQLite instead of one failing with "database is locked".
            begin_write(g.db)
    return g.db


def finish_request(response: Response) -> Response:
    """Commit a writing request that answered with success; roll back everything else, so a
    view never commits or rolls back by hand."""
    session: Session | None = g.get("db")
    if session is not None:
        if g.get("db_writes") and response.status_code < 400:
            session.commit()
        else:
            session.rollback()
    return response


def rollback_db() -> None:
    """Abandon what the request's session holds (after an error), keeping it usable."""
    session: Session | None = g.get("db")
    if session is not None:
        session.rollback()


def close_db(_exc: BaseException | None = None) -> None:
    session: Session | None = g.pop("db", None)
    if session is not None:
        session.rollback()
        session.close()


class Refused(Exception):
    """A service refused the change: the unit of work rolls the transaction back, then answers
    with `respond()` (the form again with its errors, a conflict page, a redirect)."""

    def __init__(self, respond: Respond) -> None:
        super().__init__("refused")
        self.respond = respond


def _answer_refusal(refusal: Refused) -> ResponseReturnValue:
    session: Session | None = g.get("db")
    if session is not None:
        session.rollback()
    return refusal.respond()


@contextmanager
def refusals(
    form: FlaskForm | None,
    respond: Respond,
    *,
    answers: Mapping[type[ServiceError], Callable[[Any], ResponseReturnValue]] | None = None,
    message: Callable[[str], str] = str,
) -> Iterator[None]:
    """Run service calls; if one refuses, its one-line reason goes on `form` (or is flashed
    when there is no form) and the request answers with `respond()` after the rollback. A
    refusal of a kind listed in `answers` gets its own answer instead: an edit conflict shows
    both versions (409), a duplicate import leads to the stored resolution."""
    try:
        yield
    except ServiceError as exc:
        for kind, answer in (answers or {}).items():
            if isinstance(exc, kind):
                raise Refused(partial(answer, exc)) from None
        _tell(form, message(str(exc)))
        raise Refused(respond) from None


def edit_form_answers(
    form: FlaskForm, template: str, **context: object
) -> tuple[Respond, dict[type[ServiceError], Callable[[Any], ResponseReturnValue]]]:
    """How an edit form answers a refusal: the form again with its errors (422), or, when
    someone saved first, what the user typed beside the version saved (409). Saving again
    deliberately replaces the other version: the form takes the saved version number."""

    def again() -> ResponseReturnValue:
        return render_template(template, form=form, **context), 422

    def conflict(exc: EditConflict) -> ResponseReturnValue:
        form.version.data = str(exc.current["version"])
        return render_template(template, form=form, conflict=exc.current, **context), 409

    return again, {EditConflict: conflict}


def _tell(form: FlaskForm | None, text: str) -> None:
    if form is None:
        flash(text)
    else:
        form.form_errors.append(text)


def sentence(text: str) -> str:
    """A service's one-line reason as a sentence: capital first letter, full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


# A refusal no view answered itself becomes the error page with its reason.
_REFUSAL_CODES: tuple[tuple[type[ServiceError], int], ...] = (
    (NotFound, 404),
    (PermissionDenied, 403),
    (EditConflict, 409),
    (ServiceError, 400),
)


def _service_refusal(exc: ServiceError) -> ResponseReturnValue:
    session: Session | None = g.get("db")
    if session is not None:
        session.rollback()
    code = next(code for kind, code in _REFUSAL_CODES if isinstance(exc, kind))
    return current_app.handle_http_exception(refusal(code, sentence(str(exc))))


def init_unit_of_work(app: Flask) -> None:
    app.after_request(finish_request)
    app.teardown_appcontext(close_db)
    app.register_error_handler(Refused, _answer_refusal)
    app.register_error_handler(ServiceError, _service_refusal)
