"""What a clause is, from its verb: a demand, a position or the body's own procedure."""

from __future__ import annotations

import re

from .lexicon import DEMAND_VERBS, IMPERATIVE_VERBS, POSITION_VERBS, PROCEDURAL_VERBS
from .verbs import Verb

_MODAL_RE = re.compile(
    r"\b(?:must|should(?!\s+(?:the|a|an|any|there|this|these|those|it|they|he|she|such|no|[A-Z]))|"
    r"shall|needs?\s+to|has\s+to|have\s+to|is\s+urged\s+to|the\s+need\s+(?:for|to))\b"
)
_FORWARD_RE = re.compile(
    r"\b(?:convey|transmit|forward|bring\s+(?:the\s+present\s+resolution|this\s+resolution)|circulate|"
    r"provide\b.{0,80}?\b(?:resources|assistance|support|facilities))\b",
    re.IGNORECASE,
)


def verb_kind(verb: Verb | None, clause: str, recommendations: bool) -> str:
    if verb is None:
        return "demand" if recommendations else "position"
    head = verb.head
    if head == "should":
        return "demand"
    if head in PROCEDURAL_VERBS:
        return "procedural"
    if (
        head == "requests"
        and re.search(r"Secretary[- ]General", clause)
        and _FORWARD_RE.search(clause)
    ):
        return "procedural"
    if head in DEMAND_VERBS or verb.phrase.endswith(
        ("its call", "its demand", "its request", "its appeal")
    ):
        return "demand"
    if head in (
        "insists",
        "stresses",
        "underlines",
        "emphasises",
        "emphasizes",
        "highlights",
        "reiterates",
    ):
        # "insists that X must ..." tells someone to act; "insists that the legitimacy ...
        # depends on ..." is a stance.
        return "demand" if _MODAL_RE.search(clause[: len(clause)]) else "position"
    if head in POSITION_VERBS:
        return "position"
    if head in IMPERATIVE_VERBS or recommendations:
        return "demand"
    return "position"
