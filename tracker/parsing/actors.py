"""Subjects: known actors matched by name or alias, and unknown proper names proposed as new."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from .countries import is_country_word
from .dates import MONTH_NAMES, WEEKDAYS
from .lexicon import IMPERATIVE_VERBS, OPERATIVE_VERBS
from .model import KnownActor

_CALENDAR_WORDS = frozenset((*MONTH_NAMES, *WEEKDAYS))
# Acronyms that name instruments, schemes or boilerplate, not people or organisations.
_ACRONYM_STOP = {
    "EU", "UN", "EBA", "GSP", "NGO", "NGOS", "CFSP", "TEU", "TFEU", "ICCPR", "ICESCR", "UDHR",
    "UPR", "COVID", "LGBTI", "LGBTIQ", "LGBTQ", "LGBT", "HRVP", "VP", "HR", "OHCHR", "EEAS",
    "ASEAN", "UNHRC", "UNGA", "CSO", "CSOS", "HRD", "HRDS", "MEP", "MEPS", "RSP", "PRC", "DPRK",
    "SAR", "HKSAR", "NSL", "ID", "GDP", "AI", "IT", "OJ", "EC", "EP", "CEDAW", "CRC", "CAT",
    "OPCAT", "OP", "USA", "UK", "UAE", "DRC", "EUR", "USD", "II", "III", "IV", "VI", "VII", "RES",
    "HRC", "GA", "SG", "ECHR", "ICC", "ILO", "CERD", "CRPD", "UNESCO", "UNICEF", "UNHCR", "WHO",
    "OSCE", "NATO", "AU", "RC", "TA", "CRE", "PV", "PE", "RE", "AM", "ECTS", "SDG", "SDGS",
}  # fmt: skip
# Capitalised words that open or fill names of instruments, places and boilerplate.
_INSTRUMENT_WORDS = {
    "convention", "covenant", "declaration", "charter", "protocol", "treaty", "agreement",
    "regulation", "directive", "resolution", "resolutions", "rule", "rules", "article",
    "statute", "principles", "guidelines", "report", "framework", "strategy", "programme",
    "plan", "act", "law", "code", "constitution", "agenda", "goals", "day", "session",
    "procedure", "decision", "conclusions", "review", "statement",
    "mechanism", "regime", "sanctions", "human", "rights", "everything", "arms", "annex",
    "paragraph", "chapter", "section", "part", "item", "chairmanship", "presidency", "no",
    "register",
}  # fmt: skip
_BOILERPLATE = {
    "european parliament", "european union", "united nations", "member states", "human rights",
    "the european parliament", "foreign affairs", "security policy", "prime minister",
    "vice-president", "high representative", "secretary-general", "general assembly",
    "security council", "human rights council", "special rapporteur", "international community",
    "civil society", "rule of law", "parliamentary assembly", "committee of ministers",
    "ministers for foreign affairs", "committee on economic", "human rights committee",
    "committee against torture", "committee on the rights of the child",
}  # fmt: skip
# Capitalised tails of the core human rights treaties' titles, which the name pattern cuts off
# from the "Convention ..." that precedes them: "... from Enforced Disappearance".
_TREATY_TAILS = {
    "other cruel", "degrading treatment", "degrading treatment or punishment",
    "enforced disappearance", "status of refugees", "status of stateless persons",
    "stateless persons", "reduction of statelessness", "members of their families",
    "all migrant workers", "migrant workers", "racial discrimination", "death penalty",
    "discrimination against women", "persons with disabilities", "rights of the child",
}  # fmt: skip
_TITLES = {
    "prime", "minister", "president", "vice-president", "mr", "mrs", "ms", "dr", "professor",
    "prof", "judge", "general", "senator", "king", "queen", "sir", "lord", "archbishop",
    "bishop", "cardinal", "father", "imam", "rev", "former", "opposition", "leader", "speaker",
    "mp", "deputy", "journalist", "activist", "lawyer", "sister", "brother", "cleric", "monk",
    "dissident", "blogger", "ambassador", "commissioner", "colonel", "major",
    "counsellor", "counselor", "chairman", "chairwoman", "chairperson", "governor", "mayor",
    "chief", "commander", "sheikh", "ayatollah", "pastor", "rabbi", "daw", "venerable",
    "honourable", "lieutenant", "captain", "presidential", "candidate",
}  # fmt: skip
_DOCUMENT_WORDS = {
    "convention", "covenant", "declaration", "charter", "protocol", "treaty", "agreement",
    "regulation", "directive", "resolution", "resolutions", "rule", "rules", "article", "statute",
    "report", "act", "law", "code", "constitution", "session", "decision", "conclusions",
}  # fmt: skip
# Honorifics, left out of a name and of the office kept beside it.
_HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "dame", "daw", "rev", "honourable",
               "venerable", "prof"}  # fmt: skip
# Words that end an organisation's name: it is proposed even when other words in it
# ("Human Rights Watch", "Cambodian Centre for Human Rights") would mark an instrument.
_ORGANISATION_ENDS = {
    "watch", "centre", "center", "committee", "association", "league", "party", "movement",
    "foundation", "network", "union", "front", "society", "institute", "organisation",
    "organization", "federation", "coalition", "alliance", "forum", "observatory",
    "international", "group", "bureau", "radio", "news", "times", "post", "tribune", "council",
    "commission", "defenders", "initiative", "project", "campaign", "clinic", "collective",
}  # fmt: skip
# Words that are an office only before another office word: "State Counsellor".
_OFFICE_PREFIXES = {"state", "foreign", "defence", "defense", "interior", "justice"}
_CONNECTORS = {
    "of",
    "for",
    "the",
    "de",
    "da",
    "del",
    "van",
    "von",
    "bin",
    "al",
    "el",
    "and",
    "on",
    "la",
    "le",
    "du",
    "dos",
}
_LEADING_STOP = OPERATIVE_VERBS | IMPERATIVE_VERBS | {
    "the", "to", "in", "on", "a", "an", "this", "that", "these", "all", "any", "its", "their",
    "whereas", "while", "and", "also", "further", "his", "her", "by", "with", "for", "of", "at",
    "as", "from", "such", "both", "it", "they", "he", "she", "we", "there", "if", "should",
    "unless", "under", "after", "before", "during", "since", "following", "including", "calls",
    "only", "no", "not", "neither", "nor", "or", "but", "so",
}  # fmt: skip

_WORD = r"(?:[A-Z\u00c0-\u00de][\w'\u00b4.-]*|[A-Z]{2,}\+?)"
_NAME_RE = re.compile(
    rf"(?<![\w-]){_WORD}(?:\s+(?:(?:of|for|de|da|del|van|von|bin|al|el|on|la|le|du|dos)\s+(?:the\s+)?)?{_WORD})*"
)
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9&+]{1,9}s?$")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """The key names are compared on: accents stripped, case-folded, spacing squashed."""
    return re.sub(r"[\s\-‐]+", " ", strip_accents(text).casefold()).strip()


def proper_names(
    text: str, exclude: Sequence[tuple[int, int]] = (), offices: dict[str, str] | None = None
) -> list[tuple[int, int, str]]:
    """Spans of proper names that may be actors: 2+ capitalised words, or an acronym. The
    honorifics and offices printed before a name are left out of it and, when `offices` is
    given, kept there by name ("Aung San Suu Kyi" -> "State Counsellor")."""
    out: list[tuple[int, int, str]] = []
    spans = sorted(exclude)
    span_i = 0
    for m in _NAME_RE.finditer(text):
        start, end = m.start(), m.end()
        if text[start - 1 : start] == "/" or text[end : end + 1] == "/":
            continue  # part of a document symbol: "E/C.12/FRA/4"
        # Matches and spans both run left to right: skip spans that end before this match.
        while span_i < len(spans) and spans[span_i][1] <= start:
            span_i += 1
        if span_i < len(spans) and spans[span_i][0] < end:
            # A name overlapping an addressee ("Cambodian Prime Minister") is not a new actor.
            continue
        words = m.group(0).split()
        more = _AND_MORE_RE.match(text, end)
        if more and words[0].lower() in _BODY_OPENERS:
            # "Organisation for Economic Co-operation and Development": one body's name.
            words += ["and", *more.group(1).split()]
            end = more.end()
        while words and (
            words[0].lower().strip(".") in _LEADING_STOP or words[0].lower() in _CONNECTORS
        ):
            start = text.index(words[0], start) + len(words[0])
            words = words[1:]
        # Titles ("Prime Minister Hun Sen") are not part of the name when a name follows.
        office: list[str] = []
        while (
            len(words) > 1
            and words[1].lower() not in _CONNECTORS
            and (
                words[0].lower().strip(".") in _TITLES
                or words[0].lower() in _OFFICE_PREFIXES
                and words[1].lower().strip(".") in _TITLES
            )
        ):
            office.append(words[0])
            words = words[1:]
        while words and words[-1].lower() in _CONNECTORS:
            words = words[:-1]
        if not words:
            continue
        words[-1] = re.sub(r"'s?$", "", words[-1]).rstrip(".")
        name = " ".join(words)
        if not name or not _is_actor_name(words, name):
            continue
        if offices is not None and not office:
            office = _office_before(text, start)
        office = [w for w in office if w.lower().strip(".") not in _HONORIFICS]
        if office and offices is not None and not all(w.lower() in _TITLES for w in words):
            offices.setdefault(name, " ".join(office))
        out.append((start, end, name))
    return out


# Names of bodies that may run on past an "and": "Ministry of Justice and Human Rights".
_BODY_OPENERS = {
    "organisation", "organization", "office", "ministry", "centre", "center", "institute",
    "league", "association", "federation", "committee", "commission", "council", "union",
}  # fmt: skip
_AND_MORE_RE = re.compile(r"\s+and\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)")


def _office_before(text: str, start: int) -> list[str]:
    """Office words printed in lower case just before a name: "opposition leader Sam Rainsy"."""
    words = text[max(0, start - 60) : start].split()
    office: list[str] = []
    for word in reversed(words[-3:]):
        if word.lower() not in _TITLES or word.lower() in _HONORIFICS:
            break
        office.insert(0, word)
    return office


def _is_actor_name(words: list[str], name: str) -> bool:
    if len(words) == 1:
        w = words[0]
        return (
            bool(_ACRONYM_RE.match(w))
            and w.rstrip("s") not in _ACRONYM_STOP
            and w not in _ACRONYM_STOP
        )
    low = name.lower()
    if low in _BOILERPLATE or low in _TREATY_TAILS or is_country_word(name):
        return False
    lowered = [w.lower().strip(".,") for w in words]
    if any(w in _ORGANISATION_ENDS for w in lowered[1:]) and not any(
        w in _DOCUMENT_WORDS for w in lowered
    ):
        return not all(w in _TITLES or w in _CONNECTORS for w in lowered)
    if any(w in _CALENDAR_WORDS for w in lowered):
        return False
    if any(w in _INSTRUMENT_WORDS for w in lowered):
        return False
    if all(w in _TITLES or w in _CONNECTORS for w in lowered):
        return False
    caps = [w for w in words if w[:1].isupper()]
    if all(is_country_word(w) or w.upper() in _ACRONYM_STOP for w in caps):
        return False
    return len(caps) >= 2


class ActorIndex:
    """Known actors by folded name and alias, for exact and fuzzy (rapidfuzz) look-ups."""

    # token_sort_ratio >= 92 accepts a typo or a dropped accent in a two-word name, but not
    # a different person sharing a surname ("Kem Sokha" vs "Kem Monovithya" scores ~50).
    FUZZY_CUTOFF = 92

    def __init__(self, actors: Sequence[KnownActor]) -> None:
        self.by_key: dict[str, KnownActor] = {}
        self.acronyms: dict[str, KnownActor] = {}
        for actor in actors:
            for name in (actor.name, *actor.aliases):
                if not name.strip():
                    continue
                if _ACRONYM_RE.match(name.strip()):
                    self.acronyms[name.strip()] = actor
                self.by_key.setdefault(fold(name), actor)
        self.keys = list(self.by_key)
        self._exact: re.Pattern[str] | None = None
        self._acronym_re: re.Pattern[str] | None = None
        if self.acronyms:
            alt = "|".join(re.escape(a) for a in sorted(self.acronyms, key=len, reverse=True))
            self._acronym_re = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")
        long_keys = [k for k in self.keys if len(k) > 3]
        if long_keys:
            alt = "|".join(re.escape(k) for k in sorted(long_keys, key=len, reverse=True))
            self._exact = re.compile(rf"(?<!\w)(?:{alt})(?!\w)")

    def __bool__(self) -> bool:
        return bool(self.keys)

    def exact(self, text: str) -> list[tuple[int, KnownActor]]:
        out: list[tuple[int, KnownActor]] = []
        if self._exact is not None:
            folded = fold(text)
            for m in self._exact.finditer(folded):
                out.append((m.start(), self.by_key[m.group(0)]))
        if self._acronym_re is not None:
            for m in self._acronym_re.finditer(text):
                out.append((m.start(), self.acronyms[m.group(0)]))
        return out

    def fuzzy(self, name: str) -> KnownActor | None:
        key = fold(name)
        if key in self.by_key:
            return self.by_key[key]
        if len(key) < 6 or not self.keys:
            return None
        hit = process.extractOne(
            key, self.keys, scorer=fuzz.token_sort_ratio, score_cutoff=self.FUZZY_CUTOFF
        )
        return self.by_key[hit[0]] if hit else None


def find_subjects(
    text: str,
    index: ActorIndex,
    exclude: Sequence[tuple[int, int]] = (),
    offices: dict[str, str] | None = None,
) -> tuple[list[str], list[str]]:
    """(subjects, new actors) in text. Subjects use the canonical name of a known actor;
    a new person's office printed before the name goes to `offices` as a note."""
    hits: list[tuple[int, str]] = []
    known_names: set[str] = set()
    if index:
        for pos, actor in index.exact(text):
            hits.append((pos, actor.name))
            known_names.add(actor.name)
    new: list[str] = []
    known_folded = {fold(n) for n in known_names}
    for start, _end, name in proper_names(text, exclude, offices):
        matched = index.fuzzy(name) if index else None
        if matched is not None:
            if matched.name not in known_names:
                hits.append((start, matched.name))
                known_names.add(matched.name)
            continue
        if any(fold(name) in k or k in fold(name) for k in known_folded):
            continue
        hits.append((start, name))
        new.append(name)
    hits.sort(key=lambda h: h[0])
    subjects = list(dict.fromkeys(name for _, name in hits))
    return subjects, list(dict.fromkeys(new))
