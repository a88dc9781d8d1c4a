"""Draft wording for the next text: a demand's title turned back into a call.

"Adopt targeted sanctions", asked of the Council, becomes "Reiterates its call on the Council
to adopt targeted sanctions"; a title that names a thing ("Targeted sanctions") becomes "its
call for targeted sanctions". It is a draft for a person to edit, never a text of record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.parsing import title_verbs

# Base forms a researcher's own titles open with that the parser never produces.
VERBS = title_verbs() | {"define", "recognize"}

# Words that, first in a title, show it names a thing rather than an act.
_DETERMINERS = frozenset({
    "a", "an", "the", "all", "any", "its", "their", "his", "her", "this", "these", "those",
})  # fmt: skip
_NOUN_ENDINGS = ("ion", "ment", "ness", "ity", "ance", "ence", "ship")

# Addressees named without an article, or with a fixed one.
_AS_WRITTEN = {"States": "all States", "International community": "the international community"}
_INSTITUTION_WORDS = re.compile(
    r"\b(?:authorities|Government|Council|Commission|Parliament|Assembly|States|President|"
    r"Minister|EEAS|EU|VP/HR|judiciary|Delegation|King|OHCHR|Committee|Secretary-General|"
    r"Secretary General|Office|Court|Union|Nations|Rapporteur|Service|Agency)$"
)


def reiterated_call(title: str, addressees: Sequence[str]) -> str:
    """'Reiterates its call on the Council to adopt targeted sanctions' (no final punctuation)."""
    on = f" on {_joined(addressees)}" if addressees else ""
    title = title.strip().rstrip(".;")
    if _is_act(title):
        return f"Reiterates its call{on} to {title[:1].lower()}{title[1:]}"
    return f"Reiterates its call{on} for {_thing(title)}"


def _is_act(title: str) -> bool:
    words = title.split()
    if not words:
        return False
    first = words[0].lower()
    if first.endswith("ly") and len(words) > 1:  # "Immediately end ..."
        first = words[1].lower()
    second = words[1].lower() if len(words) > 1 else ""
    return first in VERBS and second != "of"


def _thing(title: str) -> str:
    first, _, rest = title.partition(" ")
    low = first.lower()
    if _is_name(title):
        return title
    if low in _DETERMINERS:
        return f"{low} {rest}".rstrip()
    if rest.startswith("of ") or (low.endswith(_NOUN_ENDINGS) and not rest):
        return f"the {low} {rest}".rstrip()  # "Release of X" -> "the release of X"
    return _lower_first(title)


def _lower_first(text: str) -> str:
    return text if _is_name(text) else text[:1].lower() + text[1:]


def _is_name(text: str) -> bool:
    """Whether the text opens with an acronym or a name, which keep their capitals:
    "EU sanctions", "CNRP's reinstatement", "Kem Sokha's release"."""
    words = text.split()
    if not words:
        return False
    if words[0][1:2].isupper():
        return True
    return len(words) > 1 and words[1][:1].isupper()


def _joined(addressees: Sequence[str]) -> str:
    named = [_with_article(a) for a in addressees]
    if len(named) <= 2:
        return " and ".join(named)
    return ", ".join(named[:-1]) + " and " + named[-1]


def _with_article(name: str) -> str:
    if name in _AS_WRITTEN:
        return _AS_WRITTEN[name]
    if name.lower().startswith("the ") or not _INSTITUTION_WORDS.search(name):
        return name  # a person, a party, or already "the ..."
    return f"the {name}"
