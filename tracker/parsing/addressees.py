"""Recognise who a clause addresses and map every spelling to one canonical name."""

from __future__ import annotations

import re

from .countries import COUNTRY_ADJ_PATTERN, COUNTRY_NAME_PATTERN, country_by_adjective, country_by_name

CANONICAL_ADDRESSEES: tuple[str, ...] = (
    "Council",
    "Commission",
    "VP/HR",
    "EEAS",
    "Member States",
    "EU Delegation",
    "EU",
    "European Council",
    "European Parliament",
    "Council of Europe",
    "UN Human Rights Council",
    "UN Security Council",
    "UN General Assembly",
    "UN Secretary-General",
    "OHCHR",
    "United Nations",
    "ASEAN",
    "Secretary-General of ASEAN",
    "States",
    "International community",
    "IPU Secretary General",
)
# Plus national authorities, built from the country table: "<adjective> <role>".
NATIONAL_ROLES = (
    "authorities",
    "Government",
    "Prime Minister",
    "President",
    "National Assembly",
    "Parliament",
    "judiciary",
    "King",
)

_ROLE_ALT = (
    r"(?:authorities|government|Government|Prime\s+Minister|President|National\s+Assembly|"
    r"Parliament|parliament|judiciary|judicial\s+authorities|King|regime|junta)"
)


def _canonical_role(role: str) -> str:
    role = re.sub(r"\s+", " ", role)
    low = role.lower()
    if low in ("government", "regime", "junta"):
        # A regime or junta is who holds power; it is addressed as the country's authorities.
        return "Government" if low == "government" else "authorities"
    if low == "judicial authorities":
        return "judiciary"
    if low == "parliament":
        return "Parliament"
    return role


# Order matters: longer, more specific names are matched (and masked) first.
_FIXED: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, f), name)
    for p, name, f in (
        (r"Secretary[- ]General\s+of\s+(?:the\s+)?ASEAN|ASEAN\s+Secretary[- ]General", "Secretary-General of ASEAN", 0),
        (r"ASEAN(?:\s+(?:member\s+states|countries|Member\s+States))?", "ASEAN", 0),
        (
            r"(?:Vice[- ]President\s+of\s+the\s+Commission\s*/\s*High\s+Representative|"
            r"VP\s*/\s*HR|HR\s*/\s*VP|HRVP|VPHR|High\s+Representative)"
            r"(?:\s+of\s+the\s+(?:European\s+)?Union\s+for\s+Foreign\s+Affairs\s+and\s+Security\s+Policy)?",
            "VP/HR",
            0,
        ),
        (r"European\s+External\s+Action\s+Service|EEAS", "EEAS", 0),
        (
            r"(?:EU|European\s+Union|Union)\s+[Dd]elegations?(?:\s+(?:to|in)\s+(?:the\s+)?(?:[A-Z][\w'-]*\s*)+)?|"
            r"Delegations?\s+of\s+the\s+(?:European\s+)?Union(?:\s+(?:to|in)\s+(?:the\s+)?(?:[A-Z][\w'-]*\s*)+)?",
            "EU Delegation",
            0,
        ),
        (
            r"(?:the\s+)?(?:EU\s+)?Member\s+States?(?:'\s+(?:embassies|diplomatic\s+missions))?|"
            r"(?:the\s+)?EU\s+member\s+states|Member\s+State\s+embassies",
            "Member States",
            0,
        ),
        (
            r"Office\s+of\s+the\s+(?:United\s+Nations\s+|UN\s+)?High\s+Commissioner\s+for\s+Human\s+Rights|"
            r"(?:United\s+Nations\s+|UN\s+)?High\s+Commissioner(?:\s+for\s+Human\s+Rights)?|OHCHR",
            "OHCHR",
            0,
        ),
        (
            r"(?:UN|United\s+Nations)\s+Human\s+Rights\s+Council|UNHRC|Human\s+Rights\s+Council",
            "UN Human Rights Council",
            0,
        ),
        (r"(?:UN|United\s+Nations)\s+Security\s+Council|Security\s+Council", "UN Security Council", 0),
        (r"(?:UN|United\s+Nations)\s+General\s+Assembly|General\s+Assembly", "UN General Assembly", 0),
        (
            r"(?:UN|United\s+Nations)\s+Secretary[- ]General|Secretary[- ]General\s+of\s+the\s+United\s+Nations",
            "UN Secretary-General",
            0,
        ),
        (r"IPU\s+Secretary[- ]General|Secretary[- ]General\s+of\s+the\s+(?:IPU|Inter-Parliamentary\s+Union)", "IPU Secretary General", 0),
        (r"(?<![\w-])Secretary[- ]General\b(?!\s+of\b)", "UN Secretary-General", 0),
        (r"Council\s+of\s+Europe", "Council of Europe", 0),
        (r"European\s+Council", "European Council", 0),
        (r"Council\s+of\s+the\s+(?:EU|European\s+Union)|(?:EU\s+)?\bCouncil\b", "Council", 0),
        (
            r"(?:European\s+|EU\s+)?Commission\b(?!\s+(?:of|on|for)\s)",
            "Commission",
            0,
        ),
        (r"European\s+Parliament", "European Parliament", 0),
        (r"(?:the\s+)?(?:European\s+Union|EU)(?:\s+institutions)?\b|the\s+Union\b", "EU", 0),
        (r"(?:the\s+)?(?:United\s+Nations|UN)\b(?!\s+(?:experts?|Special))", "United Nations", 0),
        (r"international\s+community", "International community", re.IGNORECASE),
        (r"\ball\s+States\b|\bStates\b(?=\s+(?:to|that|parties))", "States", 0),
    )
]

_ADJ_ROLE_RE = re.compile(
    rf"(?<![\w-])({COUNTRY_ADJ_PATTERN})\s+(?:military\s+|de\s+facto\s+|competent\s+|current\s+)?((?:{_ROLE_ALT})(?:\s*(?:,|and)\s*(?:the\s+)?(?:{_ROLE_ALT}))*)"
)
_ROLES_OF_RE = re.compile(
    rf"((?:the\s+)?{_ROLE_ALT}(?:\s*(?:,|and)\s*(?:the\s+)?{_ROLE_ALT})*)\s+of\s+(?:the\s+)?({COUNTRY_NAME_PATTERN})(?![\w])"
)
_POSSESSIVE_RE = re.compile(rf"({COUNTRY_NAME_PATTERN})'s?\s+({_ROLE_ALT})")
_BARE_ROLE_RE = re.compile(
    r"\b(?:the|its|his|her|their)\s+(?:current\s+|de\s+facto\s+|national\s+|military\s+)?"
    r"(authorities|government|Government|regime|junta)\b"
)
_ROLE_SPLIT_RE = re.compile(rf"{_ROLE_ALT}")


_PREV_WORD_RE = re.compile(r"([\w'-]+)\s*$")


def _other_body(text: str, start: int, name: str) -> bool:
    """'Council' / 'Commission' preceded by another capitalised word name a different body
    ("National Election Commission", "Constitutional Council")."""
    if name not in ("Council", "Commission"):
        return False
    m = _PREV_WORD_RE.search(text[max(0, start - 40) : start])
    if m is None:
        return False
    word = m.group(1)
    return word[:1].isupper() and word not in ("The", "EU", "European", "And", "To")


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def find_addressees(text: str, default_adjective: str | None = None) -> list[tuple[int, str]]:
    """Canonical addressees mentioned in text, with their offsets, in order of appearance.

    default_adjective (e.g. "Cambodian") resolves "the authorities" / "his government".
    """
    found: list[tuple[int, int, str]] = []
    work = text
    for m in _ADJ_ROLE_RE.finditer(work):
        country = country_by_adjective(m.group(1))
        if country is None:
            continue
        for role in _ROLE_SPLIT_RE.findall(m.group(2)):
            found.append((m.start(), m.end(), f"{country.adjective} {_canonical_role(role)}"))
        work = _mask(work, m.start(), m.end())
    for m in _ROLES_OF_RE.finditer(work):
        country = country_by_name(m.group(2))
        if country is None:
            continue
        for role in _ROLE_SPLIT_RE.findall(m.group(1)):
            found.append((m.start(), m.end(), f"{country.adjective} {_canonical_role(role)}"))
        work = _mask(work, m.start(), m.end())
    for m in _POSSESSIVE_RE.finditer(work):
        country = country_by_name(m.group(1))
        if country is not None:
            found.append((m.start(), m.end(), f"{country.adjective} {_canonical_role(m.group(2))}"))
            work = _mask(work, m.start(), m.end())
    for pattern, name in _FIXED:
        for m in pattern.finditer(work):
            if _other_body(work, m.start(), name):
                continue
            found.append((m.start(), m.end(), name))
            work = _mask(work, m.start(), m.end())
    if default_adjective:
        for m in _BARE_ROLE_RE.finditer(work):
            found.append((m.start(), m.end(), f"{default_adjective} {_canonical_role(m.group(1))}"))
            work = _mask(work, m.start(), m.end())
    found.sort(key=lambda f: f[0])
    return [(start, name) for start, _, name in found]


def addressee_spans(text: str, default_adjective: str | None = None) -> list[tuple[int, int]]:
    """Character spans covered by addressee names (so they are not proposed as new actors)."""
    spans: list[tuple[int, int]] = []
    work = text
    for regex in (_ADJ_ROLE_RE, _ROLES_OF_RE, _POSSESSIVE_RE):
        for m in regex.finditer(work):
            spans.append((m.start(), m.end()))
            work = _mask(work, m.start(), m.end())
    for pattern, name in _FIXED:
        for m in pattern.finditer(work):
            if _other_body(work, m.start(), name):
                continue
            spans.append((m.start(), m.end()))
            work = _mask(work, m.start(), m.end())
    if default_adjective:
        for m in _BARE_ROLE_RE.finditer(work):
            spans.append((m.start(), m.end()))
    spans.sort()
    return spans


def unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
