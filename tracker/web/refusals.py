"""Refusing a request with a message the person can act on."""

from __future__ import annotations

from typing import NoReturn

from werkzeug.exceptions import HTTPException, default_exceptions

_MESSAGE = "tracker_message"


def refusal(code: int, message: str) -> HTTPException:
    """The HTTP error `code` whose error page, or the API's problem, shows `message`.

    Messages of the libraries' own errors (a rate limit's rule, a JSON decoder's complaint)
    never reach the page: only what the app says here does.
    """
    error = default_exceptions[code]()
    setattr(error, _MESSAGE, message)
    return error


def refuse(code: int, message: str) -> NoReturn:
    """Abort with `code`; the error page shows `message`."""
    raise refusal(code, message)


def message_of(error: BaseException, default: str) -> str:
    message = getattr(error, _MESSAGE, None)
    return message if isinstance(message, str) and message else default
