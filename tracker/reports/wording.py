"""Draft wording for the next text: a demand's title turned back into a call.

"Adopt targeted sanctions", asked of the Council, becomes "Reiterates its call on the Council
to adopt targeted sanctions"; a title that names a thing ("Targeted sanctions") becomes "its
call for targeted sanctions". It is a draft for a person to edit, never a text of record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from tracker.parsing import title_verbs
from tracker.reports.briefing import BriefDemand

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


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def deadline_words(deadline: dt.date, precision: str | None) -> str:
    """A deadline as the text gave it: "2023", "July 2023" or "31 July 2023"."""
    if precision == "year":
        return str(deadline.year)
    month = f"{_MONTHS[deadline.month - 1]} {deadline.year}"
    return month if precision == "month" else f"{deadline.day} {month}"


def draft_line(demand: BriefDemand, *, today: dt.date) -> str:
    """A line of a briefing's draft wording: the call in full, reiterated, or, once its
    deadline has passed, the note that it has (calling again for what the date made moot
    would read oddly); then how often it was made and where it stands."""
    made = (
        f"made {demand.times_demanded} times already"
        if demand.times_demanded > 1
        else f"first made in {demand.resolution_reference}"
    )
    call = call_in_full(demand)
    if demand.deadline is not None and demand.deadline < today:
        when = deadline_words(demand.deadline, demand.deadline_precision)
        its_call = call.removeprefix("Reiterates ")
        call = f"Notes that the deadline of {when} has passed for {its_call}"
    return f"[DRAFT] {call} ({made}; status: {demand.status.replace('_', ' ')});"


# Verbs whose object is "someone to do something": "urges the Council to adopt ...".
_ASKING = frozenset({"urges", "asks", "requests", "encourages", "invites", "calls", "exhorts"})


def call_in_full(demand: BriefDemand) -> str:
    """The demand's own words as a reiterated call ("Reiterates its call on the Cambodian
    authorities to ensure free and fair elections in July 2023, allowing all ..."), or the
    call made from its title when its words cannot be read that way."""
    return _call_from_text(demand.text, demand.verb) or reiterated_call(
        demand.title, demand.addressees
    )


def _call_from_text(text: str, verb: str | None) -> str | None:
    text = text.strip().rstrip(".;,:")
    if not verb or not text.lower().startswith(verb.lower()):
        return None
    rest = text[len(verb) :].strip()
    head, _, tail = rest.partition(" ")
    if not tail:
        return None
    if head.lower() in ("for", "on", "upon"):
        return f"Reiterates its call {'on' if head.lower() == 'upon' else head.lower()} {tail}"
    last = verb.lower().split()[-1]
    if last == "for" or verb.lower() == "demands":  # "calls for the release of ..."
        return f"Reiterates its call for {rest}" if not rest.lower().startswith("that ") else None
    if last in ("on", "upon") or (last in _ASKING and " to " in rest):
        return f"Reiterates its call on {rest}"
    return None


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
