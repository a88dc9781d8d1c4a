"""UPR recommendations: each one's recommending States, printed in brackets after it."""

from __future__ import annotations

import re

# "(Denmark)", "(Bolivarian Republic of Venezuela)", "(Micronesia (Federated States of))".
_STATE = r"\((?P<state>[A-Z][^()\d]{1,80}?(?:\s*\([^()\d]{1,40}\))?)\)"
_STATES_RE = re.compile(rf"(?:\s*{_STATE})+")
_STATE_RE = re.compile(_STATE)
# The States close a recommendation: then ";", "." or the end, and the next one starts.
_END_RE = re.compile(r"\s*[;.,]?\s*(?:and\s+)?(?=$|[A-Z])")
_SMALL_WORDS = {"of", "the", "and", "de", "d'ivoire"}


def _is_state(name: str) -> bool:
    """A State's name: capitalised words (small linking words aside), not an acronym."""
    words = re.sub(r"[()]", " ", name).split()
    if not words or name.isupper():
        return False
    return all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in words)


def _states_at(text: str, start: int) -> tuple[int, tuple[str, ...]] | None:
    """(end, States) of a run of bracketed States at `start` that closes a recommendation."""
    m = _STATES_RE.match(text, start)
    if m is None:
        return None
    names = tuple(" ".join(g.group("state").split()) for g in _STATE_RE.finditer(m.group(0)))
    if not names or not all(_is_state(n) for n in names):
        return None
    end = _END_RE.match(text, m.end())
    if end is None:
        return None
    return end.end(), names


def split_recommendations(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The recommendations a numbered item holds, each with its recommending States:
    "Ratify X (Niger); Consider ratifying X (Philippines);" gives two. A text with no
    bracketed States is one piece with none."""
    pieces: list[tuple[str, tuple[str, ...]]] = []
    last = 0
    for m in re.finditer(r"\s*\(", text):
        if m.start() < last:
            continue
        found = _states_at(text, m.start())
        if found is None:
            continue
        end, names = found
        pieces.append((text[last:end].strip(), names))
        last = end
    if not pieces:
        return [(text, ())]
    rest = text[last:].strip()
    if rest:
        pieces.append((rest, ()))
    return pieces


def strip_states(text: str) -> str:
    """The recommendation without the bracketed States that close it."""
    m = re.search(rf"(?:\s*{_STATE})+\s*[;.,]?\s*$", text)
    if m is None or not all(_is_state(g.group("state")) for g in _STATE_RE.finditer(m.group(0))):
        return text
    return text[: m.start()]


def strip_all_states(text: str) -> str:
    """Text with every run of bracketed States that closes a recommendation taken out."""
    return "; ".join(
        piece if not states else strip_states(piece)
        for piece, states in split_recommendations(text)
    )
