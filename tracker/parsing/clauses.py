"""A paragraph's clauses: coordinated verbs and infinitive chains, and who each one asks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .kinds import verb_kind
from .lexicon import DEMAND_VERBS
from .verbs import Verb, leading_verb

MAX_CLAUSES = 40

_COORD_VERBS = (
    r"calls|urges|demands|asks|requests|encourages|invites|recommends|exhorts|appeals|expects|"
    r"reiterates|repeats|renews|insists|condemns|deplores|welcomes|notes|recalls|regrets|"
    r"considers|believes|stresses|underlines|emphasises|emphasizes|denounces|expresses|"
    r"supports|instructs|decides|takes|is|remains|reaffirms|commends|highlights"
)
_COORD_RE = re.compile(
    rf"(?:;\s*(?:and\s+)?|,\s*(?:and\s+)?|\s+and\s+)(?:(?:also|further|furthermore|therefore|again|"
    rf"once\s+again|[a-z]+ly)\s+)?(?=(?:{_COORD_VERBS})\s+(?!(?:of|from|by|about|made|and|or|which|"
    r"were|was|are|is|to\s+the|in\s+the|for\s+the\s+(?:protection|rights))\b))"
)
_NOT_INFINITIVE = (
    r"the|a|an|all|any|its|their|his|her|this|these|those|them|him|it|our|your|my|which|whom|"
    r"what|each|every|both|such|other|others|some|one|two|three|date|that|such|civil|human|"
    r"international|national|political|independent|democracy|justice|power|office|account|"
    r"light|life|death|prison|court|trial|exile|freedom|victims|people|women|children|lawyers|"
    r"families|detainees|prisoners|members|journalists|activists|ensuring"
)
_INFINITIVE_SPLIT_RE = re.compile(
    rf"(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|;\s*(?:and\s+)?|\s+and\s+)(?=to\s+(?!(?:{_NOT_INFINITIVE})\b)[a-z]+\b)"
)
ADDRESSED_VERBS = {
    "calls on",
    "calls upon",
    "urges",
    "asks",
    "requests",
    "encourages",
    "invites",
    "exhorts",
    "appeals to",
    "expects",
    "recommends",
    "demands",
    "instructs",
}
TO_VERB_RE = re.compile(rf"\bto\s+(?!(?:{_NOT_INFINITIVE})\b)(?=[a-z]+\b)")
THAT_RE = re.compile(r"^\s*,?\s*that\b")
_AND_FOR_RE = re.compile(r",?\s+(?:and|as\s+well\s+as)\s+for\s+(?=\S)")


@dataclass
class Clause:
    text: str  # verbatim slice of the paragraph
    verb: Verb | None
    kind: str
    addressee_zone: str = ""
    chained: bool = False  # "..., and to provide ..." continues the previous clause's addressees
    lead_verb: Verb | None = None  # for a sub-paragraph: the verb of the paragraph's intro
    nominal: bool = False  # "... and for X to be dropped": a further call for, split off
    recommended_by: tuple[str, ...] = ()  # the States that made a UPR recommendation


# In a treaty body's paragraph, a new sentence with its own speaker starts a new clause:
# "The Committee is concerned ... . The State party should ...", "... . It recommends ...".
_SENTENCE_RE = re.compile(
    r"(?<=[.;])\s+(?=(?:The\s+Committee|It|The\s+State\s+party|In\s+particular,\s+the\s+State\s+"
    r"party)\s+(?:[a-z]+ly\s+|also\s+|further\s+|therefore\s+)*(?:should|must|is|recommends|urges|"
    r"calls|encourages|requests|invites|reiterates|notes|welcomes|regrets|remains|expresses|"
    r"considers|takes|draws|wishes|acknowledges|appreciates|recalls)\b)"
)


def split_clauses(text: str, recommendations: bool) -> list[Clause]:
    """Split at sentences that name their speaker, then at each sentence's coordinated verbs."""
    sentences = _SENTENCE_RE.split(text)
    if len(sentences) == 1:
        return _split_sentence(text, recommendations)
    return [c for sentence in sentences for c in _split_sentence(sentence, recommendations)]


def _split_sentence(text: str, recommendations: bool) -> list[Clause]:
    """Split at coordinated verbs ("... and urges the Council to ..."), then infinitive chains."""
    bounds: list[tuple[int, int]] = []  # (end of the previous piece, start of the next)
    last_start = 0
    for m in _COORD_RE.finditer(text):
        if len(bounds) >= MAX_CLAUSES:
            # Real paragraphs coordinate a handful of verbs; a run-on text is not split further.
            break
        if m.start() - last_start > 15:
            bounds.append((m.start(), m.end()))
            last_start = m.end()
    starts = [0] + [b for _, b in bounds]
    ends = [a for a, _ in bounds] + [len(text)]
    pieces = [text[a:b].strip(" ,;") for a, b in zip(starts, ends, strict=True)]
    clauses: list[Clause] = []
    for i, piece in enumerate(pieces):
        verb = leading_verb(piece, imperative=recommendations and i == 0)
        if verb is None and i > 0:
            clauses[-1].text += " and " + piece
            continue
        kind = verb_kind(verb, piece, recommendations)
        clauses.append(Clause(piece, verb, kind))
    out: list[Clause] = []
    for clause in clauses:
        if clause.kind != "demand":
            out.append(clause)
            continue
        body_start = clause.verb.end if clause.verb else 0
        calls = _nominal_calls(clause)
        if len(calls) > 1:
            first = Clause(calls[0], clause.verb, "demand")
            first.addressee_zone = addressee_zone(first)
            out.append(first)
            for call in calls[1:]:
                to = TO_VERB_RE.search(call)
                zone = call[: to.start()] if to else ""
                out.append(Clause(call, None, "demand", zone, lead_verb=clause.verb, nominal=True))
            continue
        first_to = TO_VERB_RE.search(clause.text, body_start)
        parts: list[str] = []
        if first_to:
            split_from = first_to.end()
            last = 0
            for m in _INFINITIVE_SPLIT_RE.finditer(clause.text, split_from):
                if len(parts) >= MAX_CLAUSES:
                    break
                parts.append(clause.text[last : m.start()].strip(" ,;"))
                last = m.end()
            parts.append(clause.text[last:].strip(" ,;"))
        else:
            parts = [clause.text]
        zone = addressee_zone(clause)
        for j, part in enumerate(parts):
            out.append(Clause(part, clause.verb if j == 0 else None, "demand", zone, chained=j > 0))
    return out


def calls_for(clause: Clause) -> bool:
    """Whether the clause asks for something rather than asking someone: "calls for the
    release of ...", "reiterates its call for the release of ..."."""
    verb = clause.verb
    if verb is None or verb.imperative:
        return False
    # The verb's span takes in "for" ("reiterates its call for"), its phrase may not.
    return clause.text[: verb.end].rstrip().lower().endswith(" for")


def _nominal_calls(clause: Clause) -> list[str]:
    """A call for several things, "for A and for B to be dropped", one piece each."""
    verb = clause.verb
    if verb is None or not calls_for(clause):
        return [clause.text]
    head, body = clause.text[: verb.end], clause.text[verb.end :]
    pieces = _AND_FOR_RE.split(body)
    if len(pieces) < 2 or any(len(p.split()) < 2 for p in pieces):
        return [clause.text]
    return [head + pieces[0], *(f"for {p.strip(' ,;')}" for p in pieces[1:])]


def addressee_zone(clause: Clause) -> str:
    """The words naming who is asked: between the verb and its infinitive or that-clause."""
    verb = clause.verb
    if verb is None:
        return ""
    if verb.head == "should":
        return clause.text[: verb.end]  # "The State party should"
    rest = clause.text[verb.end :]
    that = THAT_RE.match(rest)
    if that:
        after = rest[that.end() :]
        stop = re.search(
            r"\b(?:must|should|shall|needs?\s+to|has\s+to|have\s+to|immediately|to)\b", after
        )
        return after[: stop.start() if stop else 120]
    to = TO_VERB_RE.search(rest)
    if to and (
        verb.phrase in ADDRESSED_VERBS or verb.head in DEMAND_VERBS or "its call" in verb.phrase
    ):
        return rest[: to.start()]
    if verb.phrase in ("calls on", "calls upon", "appeals to") or verb.head in ("urges", "exhorts"):
        # "calls on the Cambodian authorities, ..." with no infinitive: the object is the addressee
        # only when it names one, which find_addressees decides.
        return rest[:120]
    return ""
