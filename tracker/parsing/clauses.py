"""One operative paragraph: its verb and kind, its clauses, and the demands they make."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace

from .actors import ActorIndex, find_subjects
from .addressees import addressee_spans, find_addressees, unique
from .lexicon import (
    DEMAND_VERBS,
    IMPERATIVE_VERBS,
    LEAD_ADVERBS,
    OPERATIVE_VERBS,
    POSITION_VERBS,
    PROCEDURAL_VERBS,
    SPEAKER_RE,
)
from .model import ParsedParagraph, ProposedDemand

TITLE_MAX = 120
MAX_CLAUSES = 40

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_MONTH_ALT = "|".join(_MONTHS)

# -- the leading verb phrase -------------------------------------------------------------
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


# -- kinds ------------------------------------------------------------------------------------
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


# -- clauses ----------------------------------------------------------------------------------
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
_ADDRESSED_VERBS = {
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
_TO_VERB_RE = re.compile(rf"\bto\s+(?!(?:{_NOT_INFINITIVE})\b)(?=[a-z]+\b)")
_THAT_RE = re.compile(r"^\s*,?\s*that\b")
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


def split_clauses(text: str, recommendations: bool) -> list[Clause]:
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
            first.addressee_zone = _addressee_zone(first)
            out.append(first)
            for call in calls[1:]:
                to = _TO_VERB_RE.search(call)
                zone = call[: to.start()] if to else ""
                out.append(Clause(call, None, "demand", zone, lead_verb=clause.verb, nominal=True))
            continue
        first_to = _TO_VERB_RE.search(clause.text, body_start)
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
        zone = _addressee_zone(clause)
        for j, part in enumerate(parts):
            out.append(Clause(part, clause.verb if j == 0 else None, "demand", zone, chained=j > 0))
    return out


def _calls_for(clause: Clause) -> bool:
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
    if verb is None or not _calls_for(clause):
        return [clause.text]
    head, body = clause.text[: verb.end], clause.text[verb.end :]
    pieces = _AND_FOR_RE.split(body)
    if len(pieces) < 2 or any(len(p.split()) < 2 for p in pieces):
        return [clause.text]
    return [head + pieces[0], *(f"for {p.strip(' ,;')}" for p in pieces[1:])]


def _addressee_zone(clause: Clause) -> str:
    """The words naming who is asked: between the verb and its infinitive or that-clause."""
    verb = clause.verb
    if verb is None:
        return ""
    rest = clause.text[verb.end :]
    that = _THAT_RE.match(rest)
    if that:
        after = rest[that.end() :]
        stop = re.search(
            r"\b(?:must|should|shall|needs?\s+to|has\s+to|have\s+to|immediately|to)\b", after
        )
        return after[: stop.start() if stop else 120]
    to = _TO_VERB_RE.search(rest)
    if to and (
        verb.phrase in _ADDRESSED_VERBS or verb.head in DEMAND_VERBS or "its call" in verb.phrase
    ):
        return rest[: to.start()]
    if verb.phrase in ("calls on", "calls upon", "appeals to") or verb.head in ("urges", "exhorts"):
        # "calls on the Cambodian authorities, ..." with no infinitive: the object is the addressee
        # only when it names one, which find_addressees decides.
        return rest[:120]
    return ""


# -- conditions and deadlines -----------------------------------------------------------------
_COND_RE = re.compile(
    r"\bshould\s+(?=(?:the|a|an|any|this|these|those|it|they|he|she|there|such|no|[A-Z])\b)"
    r"|\b(?:if|unless|provided\s+that|providing\s+that|in\s+the\s+event\s+(?:that|of)|"
    r"on\s+(?:the\s+)?condition\s+that|as\s+long\s+as)\b"
    r"(?!\s+(?:necessary|appropriate|needed|applicable|any|possible|so|required|relevant)\b)",
)


# After an inserted condition, the sentence goes on: ", if X, the full suspension of ...".
_RESUMES_RE = re.compile(r",\s+(?=(?:the|a|an|all|any|its|their|to)\s)")


def find_condition(clause: str) -> str | None:
    for m in _COND_RE.finditer(clause):
        if m.group(0) == "if" and re.search(r"\b(?:as|even|only|and)\s+$", clause[: m.start()]):
            continue
        cond = clause[m.start() :]
        cond = re.split(r";", cond)[0].strip(" ,.;")
        if clause[: m.start()].rstrip().endswith(","):
            # Set off by commas, the condition ends where the sentence resumes.
            resumes = _RESUMES_RE.search(cond)
            if resumes:
                cond = cond[: resumes.start()]
        return cond[:400] if cond else None
    return None


_DAY_RE = re.compile(
    rf"\b(by|before|no\s+later\s+than|not\s+later\s+than|until|on)\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?:of\s+)?({_MONTH_ALT})\s+(\d{{4}})\b",
    re.IGNORECASE,
)
_DAY_US_RE = re.compile(
    rf"\b(by|before|no\s+later\s+than|not\s+later\s+than|until)\s+({_MONTH_ALT})\s+(\d{{1,2}}),?\s+(\d{{4}})\b",
    re.IGNORECASE,
)
_MONTH_RE = re.compile(
    rf"(?:(\w+)\s+)?\b(by|before|no\s+later\s+than|not\s+later\s+than|in|during|until|ahead\s+of)\s+"
    rf"(?:the\s+end\s+of\s+|early\s+|mid-?\s*|late\s+)?({_MONTH_ALT})\s+(\d{{4}})\b",
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


def find_deadline(clause: str, today: datetime.date | None) -> str | None:
    """The deadline a clause sets, at the precision it gives; never one before the text's date."""
    candidates: list[tuple[int, str]] = []
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
        candidates.append((m.start(2), f"{m.group(4)}-{_MONTHS[m.group(3).lower()]:02d}"))
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
        return datetime.date(int(year), _MONTHS[month.lower()], int(day)).isoformat()
    except ValueError:
        return f"{year}-{_MONTHS[month.lower()]:02d}"


# -- titles -----------------------------------------------------------------------------------
_NOMINAL = {
    "release": "Release", "reinstatement": "Reinstate", "suspension": "Suspend", "end": "End",
    "adoption": "Adopt", "lifting": "Lift", "withdrawal": "Withdraw", "repeal": "Repeal",
    "establishment": "Establish", "investigation": "Investigate", "ratification": "Ratify",
    "abolition": "Abolish", "halt": "Halt", "cessation": "Cease", "return": "Return",
    "restoration": "Restore", "dropping": "Drop", "revision": "Revise", "amendment": "Amend",
    "implementation": "Implement", "reopening": "Reopen", "annulment": "Annul",
    "quashing": "Quash", "closure": "Close", "removal": "Remove", "resumption": "Resume",
    "extension": "Extend", "renewal": "Renew", "review": "Review", "protection": "Protect",
    "prosecution": "Prosecute", "rehabilitation": "Rehabilitate", "recognition": "Recognise",
    "acquittal": "Acquit", "reversal": "Reverse", "revocation": "Revoke", "listing": "List",
    "freezing": "Freeze", "imposition": "Impose", "designation": "Designate",
}  # fmt: skip
_PARTICIPLES = {
    "dropped": "Drop", "released": "Release", "freed": "Free", "lifted": "Lift",
    "repealed": "Repeal", "annulled": "Annul", "quashed": "Quash", "overturned": "Overturn",
    "reinstated": "Reinstate", "withdrawn": "Withdraw", "investigated": "Investigate",
    "held": "Hold", "brought": "Bring", "closed": "Close", "restored": "Restore",
    "reopened": "Reopen", "returned": "Return", "compensated": "Compensate",
    "punished": "Punish", "prosecuted": "Prosecute", "allowed": "Allow", "granted": "Grant",
    "given": "Give", "abolished": "Abolish", "amended": "Amend", "revoked": "Revoke",
    "removed": "Remove", "stopped": "Stop", "ended": "End", "implemented": "Implement",
    "ratified": "Ratify", "acquitted": "Acquit", "rehabilitated": "Rehabilitate",
    "cleared": "Clear", "dismissed": "Dismiss", "suspended": "Suspend", "imposed": "Impose",
    "adopted": "Adopt", "established": "Establish", "guaranteed": "Guarantee",
    "respected": "Respect", "upheld": "Uphold", "extended": "Extend", "renewed": "Renew",
    "reviewed": "Review", "revised": "Revise", "halted": "Halt", "resumed": "Resume",
}  # fmt: skip
# "immediately", "immediately and unconditionally"
_ADVERBS = r"[a-z]+ly(?:\s+and\s+[a-z]+ly)?"


def _passive_re(thing: str, be: str) -> re.Pattern[str]:
    """'<thing> <be> [promptly and fully] <participle> <rest>'."""
    return re.compile(
        rf"^(?P<object>{thing})\s+{be}\s+(?:{_ADVERBS}\s+)?(?P<participle>[a-z]+)\b(?P<rest>.*)$"
    )


_PASSIVE_RE = _passive_re(r"\S.*?", r"to\s+be")  # "... for all charges to be dropped"
_SUBJUNCTIVE_PASSIVE_RE = _passive_re(r"\S.{0,150}?", "be")  # "... that he be released"
_OBJECT_PRONOUNS = {"he": "him", "she": "her", "they": "them", "we": "us"}
# Base forms a demand's title may open with: the UPR verbs and those the titles are made with.
TITLE_VERBS = IMPERATIVE_VERBS | {v.lower() for v in (*_NOMINAL.values(), *_PARTICIPLES.values())}
_MODIFIERS = {
    "the", "a", "an", "immediate", "unconditional", "and", "full", "swift", "prompt", "urgent",
    "effective", "independent", "thorough", "impartial", "transparent", "credible", "further",
    "its", "their", "his", "her", "complete", "genuine", "immediately", "unconditionally",
    "speedy", "rapid", "timely", "total", "permanent", "comprehensive", "international",
}  # fmt: skip
_ASIDE_RE = re.compile(r",\s|\s(?:including|in\s+particular|notably|as\s+well\s+as)\s")
_LIST_GOES_ON_RE = re.compile(r"[\w'-]+\s*(?:,|(?:and|or)\b)")
_THAT_SUBJECT_RE = re.compile(
    r"^(?:.{0,120}?)\b(?:must|should|shall|needs?\s+to|has\s+to|have\s+to)\s+(?:also\s+|immediately\s+|urgently\s+)?",
)


def make_title(clause: Clause, default_adjective: str | None) -> str:
    text = clause.text
    verb = clause.verb
    if verb is not None and not verb.imperative:
        text = text[verb.end :]
    text = text.strip(" ,;:")
    if clause.nominal:
        text = _asked_for(text.removeprefix("for "), default_adjective)
    elif clause.chained or re.match(r"[Tt]o\s", text):
        # UN sub-paragraphs capitalise it: "(a) To abolish public executions;".
        text = re.sub(r"^[Tt]o\s+", "", text)
    elif verb is not None and not verb.imperative:
        addressed = verb.phrase in _ADDRESSED_VERBS or verb.phrase.endswith(
            ("its call on", "its call")
        )
        if addressed and _calls_for(clause):
            # "reiterates its call for the release of X" asks for something, like "calls for";
            # "... its call for the authorities to release X" still names who is asked.
            addressed = False
        to = _TO_VERB_RE.search(text)
        that = _THAT_RE.match(text)
        if that:
            rest = text[that.end() :].strip()
            m = _THAT_SUBJECT_RE.match(rest)
            passive = _passive_to_verb(rest, subjunctive=True)
            if passive:
                text = passive  # "demands that he be released" -> "Release him"
            elif m:
                text = rest[m.end() :]
            else:
                # "demands that the military junta end ...": drop the addressee, keep the act.
                spans = [s for s in addressee_spans(rest, default_adjective) if s[0] < 5]
                text = rest[spans[0][1] :] if spans else rest
        elif to and (
            (addressed and verb.phrase != "calls for")
            or find_addressees(text[: to.start()], default_adjective)
        ):
            text = text[to.end() :]
        else:
            text = _passive_to_verb(text) or _nominal_to_verb(text)
    condition = find_condition(text)
    at = text.find(condition) if condition else -1
    inserted = condition is not None and at > 0 and text[at + len(condition) :].startswith(",")
    if condition and (at > 10 or inserted):
        # The condition is reported on its own; the title names what is asked, with what
        # follows an inserted condition ("consider, if X, the suspension of ...").
        after = text[at + len(condition) :].lstrip(" ,") if inserted else ""
        text = f"{text[:at].rstrip(' ,')} {after}".strip()
    text = re.sub(r"\s*\((?:[A-Z][\w' -]+(?:,\s*)?)+\)\s*[;.]?$", "", text)  # UPR recommender
    # "release, immediately and unconditionally, Kem Sokha" -> "release Kem Sokha"
    text = re.sub(rf",\s*{_ADVERBS}\s*,\s*", " ", text)
    if len(text) > 80:
        # Cut at the first aside, but not inside a list ("free, fair and inclusive").
        comma = next(
            (
                m
                for m in _ASIDE_RE.finditer(text, 25)
                if not (m.group(0).startswith(",") and _LIST_GOES_ON_RE.match(text, m.end()))
            ),
            None,
        )
        if comma:
            text = text[: comma.start()]
    text = text.strip(" ,;:.")
    if not text:
        text = clause.text.strip(" ,;:.")
    title = text[:1].upper() + text[1:]
    if len(title) > TITLE_MAX:
        cut = title[: TITLE_MAX - 1]
        cut = cut[: cut.rfind(" ")] if " " in cut else cut
        title = cut.rstrip(" ,;:") + "\u2026"
    return title


def _asked_for(text: str, default_adjective: str | None) -> str:
    """What a call for `text` asks: "the Council to adopt X" -> "adopt X"; "all charges to be
    dropped" -> "Drop all charges"; "the release of X" -> "Release X"."""
    to = _TO_VERB_RE.search(text)
    if to and find_addressees(text[: to.start()], default_adjective):
        return text[to.end() :]
    return _passive_to_verb(text) or _nominal_to_verb(text)


def _passive_to_verb(text: str, *, subjunctive: bool = False) -> str | None:
    """'all charges against him to be dropped' -> 'Drop all charges against him'; with
    `subjunctive`, after "demands that": 'he be released immediately' -> 'Release him
    immediately'."""
    m = (_SUBJUNCTIVE_PASSIVE_RE if subjunctive else _PASSIVE_RE).match(text)
    if m is None or m.group("participle") not in _PARTICIPLES:
        return None
    done = _PARTICIPLES[m.group("participle")]
    thing = _OBJECT_PRONOUNS.get(m.group("object").lower(), m.group("object"))
    return f"{done} {thing}{m.group('rest')}"


def _nominal_to_verb(text: str) -> str:
    """'the immediate and unconditional release of X' -> 'Release X'."""
    words = text.split()
    i = 0
    while i < len(words) and words[i].lower().strip(",") in _MODIFIERS:
        i += 1
    if i < len(words) - 2 and words[i].lower() in _NOMINAL and words[i + 1] == "of":
        rest = words[i + 2 :]
        if rest and rest[0] == "the" and len(rest) > 1 and rest[1][:1].isupper():
            rest = rest[1:]
        return " ".join([_NOMINAL[words[i].lower()], *rest])
    return text


# -- the paragraph ----------------------------------------------------------------------------


def _clause_verb(clause: Clause, lead: Verb | None) -> str | None:
    if clause.verb is not None:
        return clause.verb.phrase
    if clause.lead_verb is not None:
        return clause.lead_verb.phrase
    return lead.phrase if lead and clause.chained else None


def analyse_paragraph(
    label: str,
    position: int,
    text: str,
    subparagraphs: tuple[str, ...],
    *,
    index: ActorIndex,
    default_adjective: str | None,
    today: datetime.date | None,
    recommendations: bool,
    default_addressees: tuple[str, ...] = (),
    truncated: bool = False,
) -> ParsedParagraph:
    intro = text
    if subparagraphs:
        # The intro is the text before the first sub-paragraph label.
        first = re.search(r"\s(?:\([a-z]{1,5}\)|-|\d{1,3}(?:\.\d{1,3})+\.)\s", text)
        intro = text[: first.start()] if first else text
    lead = leading_verb(intro, imperative=recommendations)
    clauses = split_clauses(intro, recommendations)
    if subparagraphs and clauses and clauses[-1].kind == "demand":
        base = clauses[-1]
        zone = base.addressee_zone or _addressee_zone(base)
        if (
            base.text.rstrip().endswith(":")
            or base.verb is not None
            and not _TO_VERB_RE.search(base.text, base.verb.end)
        ):
            # "Calls on the authorities: (a) to ...; (b) to ..." - the intro only names who is
            # asked; each sub-paragraph is the demand. The first one carries the intro's verb.
            clauses.pop()
            for n, sub in enumerate(subparagraphs):
                clauses.append(
                    Clause(sub, None, "demand", zone, chained=n > 0, lead_verb=base.verb)
                )
            subparagraphs_done = True
        else:
            subparagraphs_done = False
        for sub in subparagraphs if not subparagraphs_done else ():
            clauses.append(Clause(sub, None, "demand", zone, chained=True))
    kinds = [c.kind for c in clauses]
    lead_kind = kinds[0] if kinds else ("demand" if recommendations else "position")
    if lead_kind == "procedural":
        kind = "procedural"
    elif "demand" in kinds:
        kind = "demand"
    else:
        kind = lead_kind

    demands: list[ProposedDemand] = []
    previous: tuple[str, ...] = ()
    all_addressees: list[str] = []
    if kind == "demand":
        for clause in clauses:
            if clause.kind != "demand":
                continue
            if clause.chained:
                addressees = previous
            elif clause.lead_verb is not None:
                addressees = tuple(
                    n for _, n in find_addressees(clause.addressee_zone, default_adjective)
                )
            else:
                addressees = tuple(
                    n for _, n in find_addressees(clause.addressee_zone, default_adjective)
                )
                if not addressees and recommendations:
                    addressees = default_addressees
            previous = addressees
            subs, _ = find_subjects(
                clause.text, index, addressee_spans(clause.text, default_adjective)
            )
            demands.append(
                ProposedDemand(
                    title=make_title(clause, default_adjective),
                    text=clause.text,
                    verb=_clause_verb(clause, lead),
                    addressees=unique(list(addressees)),
                    subjects=tuple(subs),
                    deadline=find_deadline(clause.text, today),
                    condition=find_condition(clause.text),
                )
            )
            all_addressees.extend(addressees)
    elif kind == "procedural":
        # The recipients of a forwarded text; "approves the Council decision" names nobody.
        sent = re.search(r"\b(?:forward|transmit|convey|send|communicate)\b", text)
        if sent:
            all_addressees = [n for _, n in find_addressees(text[sent.end() :], default_adjective)]

    subjects, new_actors = find_subjects(text, index, addressee_spans(text, default_adjective))
    if kind == "procedural":
        subjects, new_actors = [], []
    condition = next((d.condition for d in demands if d.condition), None)
    if condition is None and kind != "procedural":
        condition = find_condition(text)
    deadline = next((d.deadline for d in demands if d.deadline), None)
    repetition = bool(lead and lead.repetition) or any(
        c.verb is not None and c.verb.repetition for c in clauses
    )
    return ParsedParagraph(
        label=label,
        position=position,
        text=text,
        subparagraphs=subparagraphs,
        kind=kind,
        verb=lead.phrase if lead else None,
        addressees=unique(all_addressees),
        subjects=tuple(subjects),
        new_actors=tuple(new_actors),
        conditional=condition is not None,
        condition=condition,
        deadline=deadline,
        repetition=repetition,
        demands=tuple(demands) if kind == "demand" else (),
        truncated=truncated,
    )
