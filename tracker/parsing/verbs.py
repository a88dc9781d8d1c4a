"""The verb phrase that opens an operative paragraph or clause ("strongly condemns", "calls on")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .lexicon import (
    IMPERATIVE_VERBS,
    LEAD_ADVERBS,
    OPERATIVE_VERBS,
    SPEAKER_RE,
    STATE_PARTY_SHOULD_RE,
)

_REPEAT_CALL_RE = re.compile(
    r"(reiterates|repeats|renews)\s+its\s+(?:[a-z]+\s+){0,2}?(calls?|demands?|requests?|appeals?)\b"
    r"(?:\s+(?:on|upon|for|to))?",
    re.IGNORECASE,
)
_MULTIWORD_RE = re.compile(
    r"(?P<v>calls)\s+(?:(?:once\s+again|again|also|further|urgently|therefore|once\s+more)\s+)*(?P<p>on|upon|for)\b"
    r"|(?P<v2>appeals)\s+(?P<p2>to)\b"
    r"|(?P<is>is|remains)\s+(?P<adv>[a-z]+ly\s+)?(?P<adj>concerned|alarmed|appalled|shocked|convinced|"
    r"worried|disturbed|outraged|dismayed|saddened|committed|seized|of\s+the\s+(?:view|opinion))\b"
    r"|(?P<fixed>takes\s+note|takes\s+the\s+view|gives\s+its\s+consent|delivers\s+a\s+favourable\s+opinion|"
    r"points\s+out|pays\s+tribute|looks\s+forward|expresses\s+(?:its\s+)?(?:deep\s+|grave\s+|serious\s+)?"
    r"(?:concern|solidarity|condolences|support|regret)|stands\s+(?:in\s+solidarity|ready|by))\b",
    re.IGNORECASE,
)
_LEAD_RE = re.compile(rf"^(?P<lead>{LEAD_ADVERBS}*)", re.IGNORECASE)
_ADVERB_RE = re.compile(r"([a-z]+ly)\s*,?\s*$", re.IGNORECASE)
_NOT_ADVERBS = {
    "only",
    "early",
    "family",
    "italy",
    "july",
    "ally",
    "rally",
    "supply",
    "apply",
    "reply",
    "likely",
}


@dataclass(frozen=True)
class Verb:
    phrase: str  # lower-cased, as in the contract
    head: str  # the third-person verb ("calls", "urges") or base form ("ratify")
    end: int  # offset in the text after the phrase
    repetition: bool
    imperative: bool = False  # a base-form verb opening a recommendation ("Ratify ...")


def leading_verb(text: str, imperative: bool = False) -> Verb | None:
    """The verb phrase that opens a paragraph or clause, with a preceding -ly adverb kept;
    a speaker named first ("The Assembly calls on ...") is passed over."""
    should = STATE_PARTY_SHOULD_RE.match(text)
    if should:
        # "The State party should take ...": a treaty body's recommendation.
        return Verb("should", "should", should.end(), False)
    speaker = SPEAKER_RE.match(text)
    if speaker is None:
        return _leading_verb(text, imperative)
    verb = _leading_verb(text[speaker.end() :], imperative=False)
    return replace(verb, end=verb.end + speaker.end()) if verb else None


def _leading_verb(text: str, imperative: bool) -> Verb | None:
    lead = _LEAD_RE.match(text)
    pos = lead.end() if lead else 0
    lead_text = lead.group("lead") if lead else ""
    adverb = ""
    am = _ADVERB_RE.search(lead_text)
    if am and am.group(1).lower() not in _NOT_ADVERBS:
        adverb = am.group(1).lower() + " "
    repetition = bool(re.search(r"\bagain\b|\bonce\s+more\b", lead_text, re.IGNORECASE))
    rest = text[pos:]
    m = _REPEAT_CALL_RE.match(rest)
    if m:
        noun = m.group(2).lower().rstrip("s")
        return Verb(
            f"{adverb}{m.group(1).lower()} its {noun}", m.group(1).lower(), pos + m.end(), True
        )
    m = _MULTIWORD_RE.match(rest)
    if m:
        if m.group("v"):
            phrase = f"{m.group('v')} {m.group('p')}".lower()
            repetition = repetition or bool(
                re.search(r"\bagain\b|\bonce\s+more\b", m.group(0), re.I)
            )
            head = "calls"
        elif m.group("v2"):
            phrase, head = "appeals to", "appeals"
        elif m.group("is"):
            adv = (m.group("adv") or "").lower()
            adj = " ".join(m.group("adj").lower().split())
            phrase = f"{m.group('is').lower()} {adv}{adj}"
            head = m.group("is").lower()
        else:
            phrase = re.sub(r"\s+", " ", m.group("fixed").lower())
            head = phrase.split()[0]
            if head == "expresses":
                phrase = "expresses"
                return Verb(f"{adverb}{phrase}", head, pos + len("expresses"), repetition)
        return Verb(f"{adverb}{phrase}", head, pos + m.end(), repetition)
    wm = re.match(r"([A-Za-z]+)\b", rest)
    if not wm:
        return None
    word = wm.group(1).lower()
    if word in OPERATIVE_VERBS and word not in (
        "deeply",
        "strongly",
        "firmly",
        "fully",
        "is",
        "remains",
    ):
        return Verb(f"{adverb}{word}", word, pos + wm.end(), repetition)
    if imperative or (word in IMPERATIVE_VERBS and text[:1].isupper()):
        # UPR recommendations open with a base-form verb: "Ratify", "Step up", "Take measures".
        particle = re.match(r"\s+(up|out|in|an\s+end)\b", rest[wm.end() :])
        if word in ("step", "carry", "put", "bring", "follow") and particle:
            phrase = f"{word} {particle.group(1)}"
            return Verb(adverb + phrase, word, pos + wm.end() + particle.end(), repetition, True)
        return Verb(adverb + word, word, pos + wm.end(), repetition, True)
    return None
