"""UN session references ("at its fifty-eighth session") read as dates through a shipped
calendar of Human Rights Council and General Assembly sessions (data/un_sessions.csv).

The calendar gives the month each session opens: the Council's sessions as held since 2006 and
after 2025 on its usual pattern (February, June, September), the Assembly's every September.
A deadline set by a session is the month it opens, at month precision.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib.resources import files

HRC = "UN Human Rights Council"
GA = "UN General Assembly"

_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9,
}  # fmt: skip
_TEENS = {
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_TENTHS = {f"{word[:-1]}ieth": n for word, n in _TENS.items()}  # "twentieth", "fiftieth"

_ORDINAL = (
    rf"(?:\d{{1,3}}(?:st|nd|rd|th)|(?:{'|'.join(_TENS)})[- ](?:{'|'.join(_UNITS)})|"
    rf"{'|'.join([*_TENTHS, *_TEENS, *_UNITS])})"
)
SESSION_RE = re.compile(
    rf"\b(?:at|to|during|in|before|by)\s+(?:its|the)\s+(?P<ordinal>{_ORDINAL})\s+"
    r"(?:regular\s+)?session\b(?P<of>\s+of\s+the\s+(?:Human\s+Rights\s+Council|General\s+Assembly))?",
    re.IGNORECASE,
)
_BODY_NAME_RE = re.compile(
    r"(Human\s+Rights\s+Council|General\s+Assembly|Security\s+Council|Parliamentary\s+Assembly|"
    r"\bAssembly\b|\bCouncil\b)",
    re.IGNORECASE,
)


def ordinal_number(word: str) -> int | None:
    word = word.lower()
    if word[:1].isdigit():
        return int(re.match(r"\d+", word).group(0))  # type: ignore[union-attr]
    for table in (_UNITS, _TEENS, _TENTHS):
        if word in table:
            return table[word]
    tens, unit = re.split(r"[- ]", word)[0], re.split(r"[- ]", word)[-1]
    if tens in _TENS and unit in _UNITS:
        return _TENS[tens] + _UNITS[unit]
    return None


@lru_cache(maxsize=1)
def _calendar() -> dict[tuple[str, int], str]:
    data = files("tracker.parsing").joinpath("data/un_sessions.csv").read_text(encoding="utf-8")
    return {(r["body"], int(r["session"])): r["opens"] for r in csv.DictReader(io.StringIO(data))}


def session_month(body: str, number: int) -> str | None:
    """'YYYY-MM' when session `number` of `body` opens, or None when the calendar has none."""
    return _calendar().get((body, number))


def _body_named(text: str) -> str | None:
    """The UN body a session reference belongs to: the last one named before it ("" for a body
    without numbered sessions, None when none is named)."""
    names = _BODY_NAME_RE.findall(text)
    for name in reversed(names):
        low = " ".join(name.lower().split())
        if low in ("human rights council", "council"):
            return HRC
        if low in ("general assembly", "assembly"):
            return GA
        return ""  # the Security Council or a parliamentary assembly: no numbered sessions
    return None


def session_deadlines(clause: str, speaker: str | None) -> list[tuple[int, str]]:
    """(offset, 'YYYY-MM') of each session a clause refers to ("to the General Assembly at its
    eightieth session"); "its" is the body named last before it, else the body that speaks."""
    out = []
    for m in SESSION_RE.finditer(clause):
        number = ordinal_number(m.group("ordinal"))
        if number is None:
            continue
        body = _body_named(m.group("of") or "") or _body_named(clause[: m.start()])
        if body is None:
            body = speaker if speaker in (HRC, GA) else ""
        month = session_month(body, number) if body else None
        if month:
            out.append((m.start(), month))
    return out
