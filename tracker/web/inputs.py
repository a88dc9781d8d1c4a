"""The one input rule of every door: no control characters in text (tab and newline only where
text has lines), and record ids within the databases' INTEGER.

PostgreSQL refuses a NUL byte in text and an id past INTEGER outright (SQLite refuses ids past
BIGINT): such input must be refused where it comes in, with a reason, never reach a query."""

from __future__ import annotations

import re
from collections.abc import Iterable

from werkzeug.routing import IntegerConverter

from tracker.models.base import MAX_ID

# Characters a line of text may hold: no C0 control character and no DEL.
ONE_LINE = ""
# Text with lines (a note, a description) may also hold tabs and line breaks.
LINES = "\t\n\r"
# A document's text (as read from a PDF: a form feed between pages) may also break pages.
DOCUMENT = "\t\n\r\f\v"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DIGITS = re.compile(r"[0-9]{1,10}")


def control_character(value: str, allowed: str = ONE_LINE) -> str | None:
    """The first control character of `value` not in `allowed`, as U+XXXX; None if clean."""
    for match in _CONTROL.finditer(value):
        if match.group() not in allowed:
            return f"U+{ord(match.group()):04X}"
    return None


def control_character_message(found: str) -> str:
    return f"Remove the control character {found}: text cannot hold it."


def first_control_character(pairs: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    """(name, U+XXXX) of the first name or value holding a control character, else None."""
    for name, value in pairs:
        for text in (name, value):
            found = control_character(text)
            if found:
                return name, found
    return None


def parse_id(raw: str | None) -> int | None:
    """A record id given as text: ASCII digits from 1 to MAX_ID, else None ("²", "-1", 20 digits
    and "0" name no record)."""
    if raw is None or not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_ID else None


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a number past INTEGER does not match, so it is a 404."""

    def __init__(
        self,
        map: object,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)  # type: ignore[arg-type]
