"""Refusing a request with a message the person can act on."""

from __future__ import annotations

from typing import NoReturn

from flask import abort
from werkzeug.exceptions import HTTPException

_MESSAGE = "tracker_message"


def refuse(code: int, message: str) -> NoReturn:
    """Abort with `code`; the error page, or the API's problem, shows `message`.

    Messages of the libraries' own errors (a rate limit's rule, a JSON decoder's complaint)
    never reach the page: only what a view says here does.
    """
    try:
        abort(code)
    except HTTPException as error:
        setattr(error, _MESSAGE, message)
        raise


def message_of(error: BaseException, default: str) -> str:
    message = getattr(error, _MESSAGE, None)
    return message if isinstance(message, str) and message else default
