"""Small text helpers shared by services and pages (no Flask, no database)."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s/-]")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Nguyễn" and "nguyen" fold alike."""
    if text.isascii():  # nothing to decompose: the common case, a character walk saved
        stripped = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", stripped.replace("đ", "d").replace("Đ", "D").casefold()).strip()


def normalise_name(name: str) -> str:
    """The key actors are matched on: folded, punctuation dropped, spaces collapsed."""
    return _SPACE.sub(" ", _PUNCT.sub(" ", fold(name))).strip()


def shorten(text: str, limit: int = 120) -> str:
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
