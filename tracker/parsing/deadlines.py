"""The deadline a clause sets, at the precision the text gives it."""

from __future__ import annotations

import datetime
import re

from .dates import MONTH_ALT, MONTHS
from .sessions import session_deadlines

_DAY_RE = re.compile(
    rf"\b(by|before|no\s+later\s+than|not\s+later\s+than|until|on)\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?:of\s+)?({MONTH_ALT})\s+(\d{{4}})\b",
    re.IGNORECASE,
)
_DAY_US_RE = re.compile(
    rf"\b(by|before|no\s+later\s+than|not\s+later\s+than|until)\s+({MONTH_ALT})\s+(\d{{1,2}}),?\s+(\d{{4}})\b",
    re.IGNORECASE,
)
_MONTH_RE = re.compile(
    rf"(?:(\w+)\s+)?\b(by|before|no\s+later\s+than|not\s+later\s+than|in|during|until|ahead\s+of)\s+"
    rf"(?:the\s+end\s+of\s+|early\s+|mid-?\s*|late\s+)?({MONTH_ALT})\s+(\d{{4}})\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(
    r"\b(by|before|no\s+later\s+than|not\s+later\s+than)\s+(?:the\s+end\s+of\s+)?(?:(?:the\s+)?year\s+)?(\d{4})\b",
    re.IGNORECASE,
)
_WITHIN_RE = re.compile(
    r"\bwithin\s+(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four|\d{1,2})\s+(months?|years?)\b",
    re.IGNORECASE,
)
_NUMBERS = {
    w: i + 1
    for i, w in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_NUMBERS.update({"eighteen": 18, "twenty-four": 24})
_PAST_OK = {"scheduled", "planned", "expected", "foreseen", "envisaged", "due", "held"}


def find_deadline(
    clause: str, today: datetime.date | None, speaker: str | None = None
) -> str | None:
    """The deadline a clause sets, at the precision it gives; never one before the text's date.
    `speaker` is the body whose sessions "its ... session" counts (UN bodies only)."""
    candidates: list[tuple[int, str]] = session_deadlines(clause, speaker)
    for m in _DAY_RE.finditer(clause):
        if m.group(1).lower() == "on":
            continue
        candidates.append((m.start(), _ymd(m.group(4), m.group(3), m.group(2))))
    for m in _DAY_US_RE.finditer(clause):
        candidates.append((m.start(), _ymd(m.group(4), m.group(2), m.group(3))))
    for m in _MONTH_RE.finditer(clause):
        before = (m.group(1) or "").lower()
        if (
            m.group(2).lower() == "in"
            and before.endswith("ed")
            and before not in _PAST_OK - {"held"}
        ):
            continue
        if any(s <= m.start(2) < s + 40 and s < m.start(2) for s, _ in candidates):
            continue
        candidates.append((m.start(2), f"{m.group(4)}-{MONTHS[m.group(3).lower()]:02d}"))
    for m in _YEAR_RE.finditer(clause):
        if any(s == m.start() for s, _ in candidates):
            continue
        candidates.append((m.start(), m.group(2)))
    if today is not None:
        for m in _WITHIN_RE.finditer(clause):
            n = m.group(1).lower()
            count = _NUMBERS.get(n) or int(n) if n.isdigit() or n in _NUMBERS else 0
            months = count * (12 if m.group(2).lower().startswith("year") else 1)
            total = today.year * 12 + today.month - 1 + months
            candidates.append((m.start(), f"{total // 12}-{total % 12 + 1:02d}"))
    candidates.sort()
    for _, value in candidates:
        if today is not None and value < today.isoformat()[: len(value)]:
            continue
        if not 1900 < int(value[:4]) < 2200:
            continue
        return value
    return None


def _ymd(year: str, month: str, day: str) -> str:
    try:
        return datetime.date(int(year), MONTHS[month.lower()], int(day)).isoformat()
    except ValueError:
        return f"{year}-{MONTHS[month.lower()]:02d}"
