"""Recognise who a clause addresses and map every spelling to one canonical name."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .countries import (
    COUNTRY_ADJ_PATTERN,
    COUNTRY_NAME_PATTERN,
    country_by_adjective,
    country_by_name,
)

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
    "Committee of Ministers",
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
    "Parties to the conflict",
    "IPU Secretary General",
    "UN Special Rapporteur",
    "UN Independent Expert",
    "UN Special Envoy",
    "State party",
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
    "military",
    "de facto authorities",
)

_ROLE_ALT = (
    r"(?:de\s+facto\s+authorities|authorities|government|Government|Prime\s+Minister|President|"
    r"National\s+Assembly|Parliament|parliament|judiciary|judicial\s+authorities|King|regime|junta|"
    r"military|armed\s+forces|security\s+forces)"
)


def _canonical_role(role: str) -> str:
    role = re.sub(r"\s+", " ", role)
    low = role.lower()
    if low in ("government", "regime", "junta"):
        # A regime or junta is who holds power; it is addressed as the country's authorities.
        return "Government" if low == "government" else "authorities"
    if low == "judicial authorities":
        return "judiciary"
    if low in ("armed forces", "security forces"):
        return "military"
    if low == "parliament":
        return "Parliament"
    return role


# Order matters: longer, more specific names are matched (and masked) first.
_FIXED: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, f), name)
    for p, name, f in (
        (
            r"Secretary[- ]General\s+of\s+(?:the\s+)?ASEAN|ASEAN\s+Secretary[- ]General",
            "Secretary-General of ASEAN",
            0,
        ),
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
        (
            r"(?:UN|United\s+Nations)\s+Security\s+Council|Security\s+Council",
            "UN Security Council",
            0,
        ),
        (
            r"(?:UN|United\s+Nations)\s+General\s+Assembly|General\s+Assembly",
            "UN General Assembly",
            0,
        ),
        (
            r"(?:UN|United\s+Nations)\s+Secretary[- ]General|"
            r"Secretary[- ]General\s+of\s+the\s+United\s+Nations",
            "UN Secretary-General",
            0,
        ),
        (
            r"IPU\s+Secretary[- ]General|"
            r"Secretary[- ]General\s+of\s+the\s+(?:IPU|Inter-Parliamentary\s+Union)",
            "IPU Secretary General",
            0,
        ),
        (
            r"(?:(?:UN|United\s+Nations)\s+)?Special\s+Envoy(?:\s+of\s+the\s+Secretary[- ]General)?"
            r"(?:\s+(?:on|for)\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)?",
            "UN Special Envoy",
            0,
        ),
        (
            r"(?:(?:UN|United\s+Nations)\s+)?Special\s+Rapporteur(?:\s+(?:of\s+the\s+Human\s+Rights\s+Council\s+)?on\s+the\s+"
            r"situation\s+of\s+human\s+rights\s+in\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)?",
            "UN Special Rapporteur",
            0,
        ),
        (r"(?:(?:UN|United\s+Nations)\s+)?Independent\s+Expert", "UN Independent Expert", 0),
        (r"(?<![\w-])Secretary[- ]General\b(?!\s+of\b)", "UN Secretary-General", 0),
        (
            r"Committee\s+of\s+Ministers(?:\s+of\s+the\s+Council\s+of\s+Europe)?",
            "Committee of Ministers",
            0,
        ),
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
        (r"\ball\s+parties\s+to\s+the\s+conflict\b", "Parties to the conflict", 0),
        (r"\b(?:the\s+)?State\s+party\b(?!\s+to\b)", "State party", 0),
        (r"\ball\s+States\b|\bStates\b(?=\s+(?:to|that|parties))", "States", 0),
    )
]

# Lower-case substrings without which a pattern cannot match (a cheap pre-filter).
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "Secretary-General of ASEAN": ("asean",),
    "ASEAN": ("asean",),
    "VP/HR": ("vp", "hr", "high representative"),
    "EEAS": ("eeas", "external action"),
    "EU Delegation": ("delegation",),
    "Member States": ("member state",),
    "OHCHR": ("ohchr", "high commissioner"),
    "UN Human Rights Council": ("human rights council", "unhrc"),
    "UN Security Council": ("security council",),
    "UN General Assembly": ("general assembly",),
    "UN Secretary-General": ("secretary",),
    "IPU Secretary General": ("secretary",),
    "Committee of Ministers": ("committee of ministers",),
    "Council of Europe": ("council of europe",),
    "European Council": ("european council",),
    "Council": ("council",),
    "Commission": ("commission",),
    "European Parliament": ("european parliament",),
    "EU": ("eu", "union"),
    "United Nations": ("un", "united nations"),
    "International community": ("international community",),
    "Parties to the conflict": ("parties to the conflict",),
    "States": ("states",),
    "UN Special Envoy": ("special envoy",),
    "UN Special Rapporteur": ("special rapporteur",),
    "UN Independent Expert": ("independent expert",),
    "State party": ("state party",),
}
_ROLE_TRIGGERS = (
    "authorit", "government", "minister", "president", "assembly", "parliament", "judicia",
    "king", "regime", "junta", "military", "forces",
)  # fmt: skip

_ADJ_ROLE_RE = re.compile(
    # (?=[A-Z]) first: positions that cannot start a capitalised adjective fail at once.
    rf"(?<![\w-])(?=[A-Z])({COUNTRY_ADJ_PATTERN})\s+(?:military\s+|de\s+facto\s+|competent\s+|current\s+)?((?:{_ROLE_ALT})(?:\s*(?:,|and)\s*(?:the\s+)?(?:{_ROLE_ALT}))*)"
)
_ROLES_OF_RE = re.compile(
    rf"(?<![\w-])(?=[tTaAgGpPnNjJkKrR])((?:the\s+)?{_ROLE_ALT}(?:\s*(?:,|and)\s*(?:the\s+)?{_ROLE_ALT})*)\s+of\s+(?:the\s+)?({COUNTRY_NAME_PATTERN})(?![\w])"
)
_POSSESSIVE_RE = re.compile(rf"(?<![\w-])(?=[A-Z])({COUNTRY_NAME_PATTERN})'s?\s+({_ROLE_ALT})")
_BARE_ROLE_RE = re.compile(
    r"\b(?:the|its|his|her|their)\s+(?:current\s+|national\s+|military\s+)?"
    r"(de\s+facto\s+authorities|authorities|government|Government|regime|junta|military|"
    r"armed\s+forces|security\s+forces)\b"
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


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """text with the spans blanked out, so later patterns cannot match inside them (one pass)."""
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(" " * (end - start))
        last = end
    out.append(text[last:])
    return "".join(out)


@lru_cache(maxsize=256)
def _matches(
    text: str, default_adjective: str | None
) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    """(start, end, canonical names) of every addressee mention, most specific pattern first."""
    found: list[tuple[int, int, list[str]]] = []
    work = text

    def scan(regex: re.Pattern[str], names_of: Callable[[re.Match[str]], list[str] | None]) -> None:
        nonlocal work
        spans: list[tuple[int, int]] = []
        for m in regex.finditer(work):
            names = names_of(m)
            if names is None:
                continue
            found.append((m.start(), m.end(), names))
            spans.append((m.start(), m.end()))
        work = _masked(work, spans)

    def adj_roles(m: re.Match[str]) -> list[str] | None:
        country = country_by_adjective(m.group(1))
        if country is None:
            return None
        roles = _ROLE_SPLIT_RE.findall(m.group(2))
        return [f"{country.adjective} {_canonical_role(r)}" for r in roles]

    def roles_of(m: re.Match[str]) -> list[str] | None:
        country = country_by_name(m.group(2))
        if country is None:
            return None
        roles = _ROLE_SPLIT_RE.findall(m.group(1))
        return [f"{country.adjective} {_canonical_role(r)}" for r in roles]

    def possessive(m: re.Match[str]) -> list[str] | None:
        country = country_by_name(m.group(1))
        return None if country is None else [f"{country.adjective} {_canonical_role(m.group(2))}"]

    low = text.lower()
    if any(k in low for k in _ROLE_TRIGGERS):
        scan(_ADJ_ROLE_RE, adj_roles)
        scan(_ROLES_OF_RE, roles_of)
        scan(_POSSESSIVE_RE, possessive)
    for pattern, name in _FIXED:
        if not any(k in low for k in _TRIGGERS[name]):
            # A plain substring test is far cheaper than running the regex over the text.
            continue

        def fixed(m: re.Match[str], name: str = name) -> list[str] | None:
            return None if _other_body(work, m.start(), name) else [name]

        scan(pattern, fixed)
    if default_adjective and any(k in low for k in _ROLE_TRIGGERS):
        scan(_BARE_ROLE_RE, lambda m: [f"{default_adjective} {_canonical_role(m.group(1))}"])
    found.sort(key=lambda f: f[0])
    # Cached: a paragraph's clauses, title and subjects ask about the same strings repeatedly.
    return tuple((start, end, tuple(names)) for start, end, names in found)


def find_addressees(text: str, default_adjective: str | None = None) -> list[tuple[int, str]]:
    """Canonical addressees mentioned in text, with their offsets, in order of appearance.

    default_adjective (e.g. "Cambodian") resolves "the authorities" / "his government".
    """
    state_party = f"{default_adjective} Government" if default_adjective else "State party"
    return [
        (start, state_party if name == "State party" else name)
        for start, _, names in _matches(text, default_adjective)
        for name in names
    ]


# Who a bare "Council" or "Commission" is depends on who speaks: the EU institutions in a
# European Parliament text; in a Human Rights Council text "the Council" is that Council;
# elsewhere in the UN system, or in Strasbourg, neither names an EU institution.
_UN_BODIES = ("UN ", "Universal Periodic Review", "Committee ")


def for_body(names: tuple[str, ...], body: str | None) -> tuple[str, ...]:
    """Addressees as the body that speaks means them."""
    if body is None or body in ("European Parliament", "Inter-Parliamentary Union"):
        return names
    if body == "UN Human Rights Council":
        mapped = ["UN Human Rights Council" if n == "Council" else n for n in names]
        return unique([n for n in mapped if n != "Commission"])
    if body.startswith(_UN_BODIES) or body.endswith("Committee"):
        return unique([n for n in names if n not in ("Council", "Commission")])
    return unique([n for n in names if n != "Council"])


# Mandate holders are asked to act, but a demand is often about them too ("allow the Special
# Rapporteur to visit"): their names stay open to the subject finder.
_ALSO_SUBJECTS = {"UN Special Rapporteur", "UN Independent Expert", "UN Special Envoy"}


def addressee_spans(text: str, default_adjective: str | None = None) -> list[tuple[int, int]]:
    """Character spans covered by addressee names (so they are not proposed as new actors)."""
    return [
        (start, end)
        for start, end, names in _matches(text, default_adjective)
        if not _ALSO_SUBJECTS.issuperset(names)
    ]


def unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
