"""Document metadata from the header: title, body, kind, procedure, references, date, country."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from typing import TYPE_CHECKING

from .countries import BY_CODE, Country, countries_in, country_by_name
from .dates import MONTH_ALT, MONTHS
from .normalise import squash_spaces

if TYPE_CHECKING:
    from .model import ParsedResolution


PROCEDURE_RE = re.compile(r"\b(\d{4})\s*/\s*(\d{4})\s*\(\s*([A-Z]{3})\s*\)")
_REFERENCE_RES: list[tuple[str, re.Pattern[str]]] = [
    ("P_TA", re.compile(r"\bP(\d{1,2})_TA(?:-PROV)?\s*\((\d{4})\)\s*(\d{4})")),
    ("TA", re.compile(r"\bTA-(\d{1,2})-(\d{4})-(\d{4})\b")),
    ("RC", re.compile(r"\bRC\s*-?\s*B(\d{1,2})\s*-\s*(\d{4})\s*/\s*(\d{4})\b")),
    ("B", re.compile(r"(?<![\w-])B(\d{1,2})\s*-\s*(\d{4})\s*/\s*(\d{4})(?!\d)")),
    ("A", re.compile(r"(?<![\w/-])A(\d{1,2})\s*-\s*(\d{4})\s*/\s*(\d{2,4})\b")),
    (
        "UN",
        re.compile(
            r"\b(?:A/HRC/RES|A/RES|A/HRC|A/C\.3|S/RES|E/CN\.4/RES|CCPR/C|CAT/C|CRC/C|CERD/C|CEDAW/C|"
            r"CRPD/C|CED/C|CMW/C|E/C\.12)/[\w.]+(?:/[\w.]+)*(?:\s*\(\d{4}\))?"
        ),
    ),
]
_REF_FORMAT = {
    "P_TA": lambda m: f"P{m.group(1)}_TA({m.group(2)}){m.group(3)}",
    "TA": lambda m: f"TA-{m.group(1)}-{m.group(2)}-{m.group(3)}",
    "RC": lambda m: f"RC-B{m.group(1)}-{m.group(2)}/{m.group(3)}",
    "B": lambda m: f"B{m.group(1)}-{m.group(2)}/{m.group(3)}",
    "A": lambda m: f"A{m.group(1)}-{m.group(2)}/{m.group(3)}",
    "UN": lambda m: re.sub(r"\s+", " ", m.group(0)).rstrip("."),
}

_DATE_PATTERNS = [
    re.compile(rf"\bresolution\s+of\s+(\d{{1,2}})\s+({MONTH_ALT})\s+(\d{{4}})", re.I),
    re.compile(rf"\badopted\b[^.]{{0,80}}?\bon\s+(\d{{1,2}})\s+({MONTH_ALT})\s+(\d{{4}})", re.I),
    re.compile(
        rf"\b(?:Strasbourg|Brussels|Geneva|New\s+York|Luxembourg)\s*,\s*(\d{{1,2}})\s+({MONTH_ALT})\s+(\d{{4}})",
        re.I,
    ),
    re.compile(
        rf"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*,?\s*(\d{{1,2}})\s+({MONTH_ALT})\s+(\d{{4}})",
        re.I,
    ),
    re.compile(rf"(?<![\w/])(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_ALT})\s+(\d{{4}})\b", re.I),
]
_NUMERIC_DATE_RE = re.compile(r"(?<![\w./])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\w.]*\d)")


def find_procedure(lines: list[str]) -> str | None:
    for line in lines:
        m = PROCEDURE_RE.search(line)
        if m:
            return f"{m.group(1)}/{m.group(2)}({m.group(3)})"
    return None


def find_reference(lines: list[str], kind_hint: str | None) -> str | None:
    """The document's own reference; for an adopted text its P9_TA/TA number comes first."""
    text = "\n".join(lines)
    order = ["P_TA", "TA", "RC", "B", "UN", "A"]
    if kind_hint in ("motion", "joint motion"):
        order = ["RC", "B", "P_TA", "TA", "UN", "A"]
    for key in order:
        regex = dict(_REFERENCE_RES)[key]
        m = regex.search(text)
        if m:
            return _REF_FORMAT[key](m)
    return None


def find_report_reference(lines: list[str]) -> str | None:
    """The committee report a text was adopted on: "A9-0043/2023"."""
    m = dict(_REFERENCE_RES)["A"].search("\n".join(lines))
    return _REF_FORMAT["A"](m) if m else None


_UN_NUMBER_RE = re.compile(r"^(\d{1,3})/(\d{1,4})\.\s+\S")
_UN_SYMBOL_PREFIX = {"UN Human Rights Council": "A/HRC/RES", "UN General Assembly": "A/RES"}
PACE = "Parliamentary Assembly of the Council of Europe"
# An IPU decision on the case of a member of parliament: "CMBD/49 - Kem Sokha".
_IPU_CASE_RE = re.compile(r"^([A-Z]{2,6}/\d{1,4})\s*[-\u2013\u2014:]\s*(\S.*)$")
_PACE_NUMBER_RE = re.compile(r"^(Resolution|Recommendation)\s+(\d{3,4})\s*\((\d{4})\)$", re.I)


def numbered_reference(header: list[str], body: str | None) -> str | None:
    """The reference of a text that prints only its number: a UN resolution's document symbol
    from "54/36. Title", a PACE text's "Resolution 2518 (2023)", an IPU case's "CMBD/49"."""
    if body == "Inter-Parliamentary Union":
        case = next((m for m in map(_IPU_CASE_RE.match, header) if m), None)
        return case.group(1) if case else None
    if body == PACE:
        for line in header:
            m = _PACE_NUMBER_RE.match(line)
            if m:
                return f"{m.group(1).capitalize()} {m.group(2)} ({m.group(3)})"
        return None
    prefix = _UN_SYMBOL_PREFIX.get(body or "")
    if prefix is None:
        return None
    for line in header:
        m = _UN_NUMBER_RE.match(line)
        if m:
            return f"{prefix}/{m.group(1)}/{m.group(2)}"
    return None


# A session's dates ("21 June-14 July 2021") say when it sat, not when the text was adopted.
_SESSION_DATES_RE = re.compile(
    rf"^\d{{1,2}}(?:\s+(?:{MONTH_ALT}))?(?:\s+\d{{4}})?\s*[-\u2013\u2014]\s*\d{{1,2}}\s+(?:{MONTH_ALT})\s+\d{{4}}$",
    re.IGNORECASE,
)


def find_adoption_date(text: str) -> datetime.date | None:
    """The date a text says it was adopted on: "adopted ... at its 49th meeting, held on ..."."""
    m = re.search(
        rf"\badopted\b[^.]{{0,120}}?\bon\s+(\d{{1,2}})\s+({MONTH_ALT})\s+(\d{{4}})", text, re.I
    )
    return _date(m.group(3), MONTHS[m.group(2).lower()], m.group(1)) if m else None


def find_date(lines: list[str]) -> datetime.date | None:
    lines = [line for line in lines if not _SESSION_DATES_RE.match(line)]
    text = "\n".join(lines)
    for regex in _DATE_PATTERNS:
        m = regex.search(text)
        if m:
            d = _date(m.group(3), MONTHS[m.group(2).lower()], m.group(1))
            if d:
                return d
    m = _NUMERIC_DATE_RE.search(text)
    if m:
        return _date(m.group(3), int(m.group(2)), m.group(1))
    return _dateparser_fallback(lines)


def _dateparser_fallback(lines: list[str]) -> datetime.date | None:
    """dateparser reads the odd spellings ("March 14th, 2023"); it is slow, so it only sees
    short header lines that name a month next to a year, and is imported only then."""
    candidates = [
        line
        for line in lines
        if len(line) < 60
        and re.search(rf"\b(?:{MONTH_ALT})\b", line, re.I)
        and re.search(r"\b(?:19|20)\d\d\b", line)
    ]
    if not candidates:
        return None
    import dateparser  # noqa: PLC0415 - heavy import, needed only here

    for line in candidates[:3]:
        m = re.search(rf"(?:{MONTH_ALT})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}", line, re.I)
        if not m:
            continue
        parsed = dateparser.parse(m.group(0), languages=["en"], settings={"STRICT_PARSING": True})
        if parsed is not None:
            return parsed.date()
    return None


def _date(year: str, month: int, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), month, int(day))
    except ValueError:
        return None


# The committees that review States parties' reports, by the names their documents print.
TREATY_BODIES = [
    (r"Human\s+Rights\s+Committee|\bCCPR/C/", "Human Rights Committee"),
    (r"Committee\s+against\s+Torture|\bCAT/C/", "Committee against Torture"),
    (
        r"Committee\s+on\s+the\s+Rights\s+of\s+the\s+Child|\bCRC/C/",
        "Committee on the Rights of the Child",
    ),
    (
        r"Committee\s+on\s+Economic,\s+Social\s+and\s+Cultural\s+Rights|\bE/C\.12/",
        "Committee on Economic, Social and Cultural Rights",
    ),
    (
        r"Committee\s+on\s+the\s+Elimination\s+of\s+Racial\s+Discrimination|\bCERD/C/",
        "Committee on the Elimination of Racial Discrimination",
    ),
    (
        r"Committee\s+on\s+the\s+Elimination\s+of\s+Discrimination\s+against\s+Women|\bCEDAW/C/",
        "Committee on the Elimination of Discrimination against Women",
    ),
    (
        r"Committee\s+on\s+the\s+Rights\s+of\s+Persons\s+with\s+Disabilities|\bCRPD/C/",
        "Committee on the Rights of Persons with Disabilities",
    ),
    (
        r"Committee\s+on\s+Enforced\s+Disappearances|\bCED/C/",
        "Committee on Enforced Disappearances",
    ),
    (r"Committee\s+on\s+Migrant\s+Workers|\bCMW/C/", "Committee on Migrant Workers"),
]


TREATY_BODY_NAMES = frozenset(name for _, name in TREATY_BODIES)


def find_body(header: list[str], preamble_head: str | None, text_start: str) -> str | None:
    head = " ".join(header) + " " + (preamble_head or "")
    checks = [
        (
            r"Universal\s+Periodic\s+Review|\bUPR\b|following\s+recommendations\s+(?:will|have|"
            r"were|enjoy|did)\b|recommendations\s+listed\s+below",
            "Universal Periodic Review",
        ),
        (r"Inter-Parliamentary\s+Union|\bIPU\b", "Inter-Parliamentary Union"),
        (
            r"Parliamentary\s+Assembly\s+of\s+the\s+Council\s+of\s+Europe|\bPACE\b|"
            r"\bAssembly\s+debate\s+on\b|\bText\s+adopted\s+by\s+the\s+Assembly\b",
            "Parliamentary Assembly of the Council of Europe",
        ),
        (r"Human\s+Rights\s+Council|A/HRC/", "UN Human Rights Council"),
        (r"Security\s+Council|\bS/RES/", "UN Security Council"),
        (r"General\s+Assembly|\bA/RES/", "UN General Assembly"),
        (r"European\s+Parliament|\bP\d_TA\b|\bB\d-\d{4}/", "European Parliament"),
    ]
    if preamble_head:
        for pattern, name in checks:
            if re.search(pattern, preamble_head):
                return name
    if re.search(r"concluding\s+observations", head, re.IGNORECASE):
        for pattern, name in TREATY_BODIES:
            if re.search(pattern, head):
                return name
    for pattern, name in checks:
        if re.search(pattern, head):
            return name
    for pattern, name in checks:
        if re.search(pattern, text_start):
            return name
    return None


def find_kind(
    header: list[str],
    chrome: list[str],
    body: str | None,
    reference: str | None,
    date: datetime.date | None = None,
) -> str | None:
    head = " ".join(header)
    if body in {name for _, name in TREATY_BODIES}:
        # Concluding observations: a list of recommendations to the State party.
        return "recommendations list"
    if (
        body == "Universal Periodic Review"
        or re.search(r"\brecommendations\b", head, re.I)
        and body is None
    ):
        return "recommendations list"
    if body and body.startswith("UN "):
        return "UN resolution"
    if re.search(r"joint\s+motion\s+for\s+a\s+resolution", head, re.I) or (
        reference or ""
    ).startswith("RC-"):
        return "joint motion"
    if re.search(r"motion\s+for\s+a\s+resolution", head, re.I) or re.match(
        r"B\d-", reference or ""
    ):
        return "motion"
    if re.search(r"\btexts?\s+adopted\b", head, re.I) or re.match(r"P\d_TA|TA-", reference or ""):
        return "adopted text"
    if body == PACE and _PACE_NUMBER_RE.match(reference or ""):
        return "adopted text"  # only adopted texts are numbered; drafts are "Doc. 15830"
    if body in (
        "European Parliament",
        "Inter-Parliamentary Union",
        "Parliamentary Assembly of the Council of Europe",
    ):
        if re.search(rf"\bresolution\s+of\s+\d{{1,2}}\s+(?:{MONTH_ALT})\s+\d{{4}}", head, re.I):
            return "adopted text"
        if re.search(r"\badopted\b", head, re.I) or date is not None:
            # A plain resolution text dated at its place of adoption ("Strasbourg, 27 May 1993")
            # is how adopted texts are printed; drafts carry no date of their own.
            return "adopted text"
        if re.search(r"\bresolution\b", head, re.I):
            # A resolution text with a procedure but no adoption date or TA number is a draft.
            return "motion"
    return None


_TITLE_SKIP_RE = re.compile(
    r"^(?:texts?\s+adopted|motion\s+for\s+a\s+resolution|joint\s+motion\s+for\s+a\s+resolution|"
    r"united\s+nations\b.*|distr\.?.*|original\s*:.*|general\s+assembly\b.*|human\s+rights\s+council|"
    r"agenda\s+item.*|[\w-]+\s+(?:regular\s+|special\s+)?session(?:\s*[,:(\d].*)?|provisional\s+edition|european\s+parliament(?:\s+\d{4}\s*-\s*\d{4})?|"
    r"plenary\s+sitting|session\s+document|parliamentary\s+assembly(?:\s+of\s+the\s+council\s+of\s+europe)?|"
    r"(?:resolution|recommendation)\s+\d{3,4}\s*\(\d{4}\)|provisional\s+version|.*\bon\s+behalf\s+of\b.*|to\s+wind\s+up\s+the\s+debate.*|"
    r"pursuant\s+to\s+rule.*|[\w/]+\s+motion\s+for\s+(?:a\s+)?resolution|\(\d{4}/C\s*\d+/\d+\)|"
    r"with\s+request\s+for\s+inclusion.*|resolution\s+adopted\b.*|\(.*\b\d{4}\)|"
    r"\(?\d{4}/\d{4}\([A-Z]{3}\)\)?|.*\b(?:P\d_TA|TA-\d|RC-B\d|B\d-\d{4}/|A\d-\d{4}/|A/HRC/|A/RES/)\S*)$",
    re.IGNORECASE,
)
_DATE_LINE_RE = re.compile(
    rf"^(?:\w+day\s*,\s*)?\d{{1,2}}\s+(?:{MONTH_ALT})\s+\d{{4}}(?:\s*-\s*\w+)?$|^\d{{1,2}}\.\d{{1,2}}\.\d{{4}}$|"
    # A session's dates: "24 June-12 July 2019", "11 September-13 October 2023".
    rf"^\d{{1,2}}(?:\s+(?:{MONTH_ALT}))?\s*[-\u2013]\s*\d{{1,2}}\s+(?:{MONTH_ALT})\s+\d{{4}}$|"
    rf"^(?:Strasbourg|Brussels|Geneva)\s*,.*$",
    re.IGNORECASE,
)


_RESOLUTION_TITLE_RE = re.compile(
    r"^(?:European\s+Parliament\s+|[\w\s-]{0,60}\s)?resolution\b.*\bon\b", re.IGNORECASE
)
_NOT_TITLE_RE = re.compile(r"^(?:motion|joint\s+motion)\s+for\b|^resolution\s+adopted\s+by\b", re.I)


# A header line that can only be a resolution's own title or heading.
_TITLE_SHAPE_RE = re.compile(
    r"^(?:European\s+Parliament\s+(?:(?:non-)?legislative\s+)?resolution\b|"
    r"(?:joint\s+)?motion\s+for\s+a\s+resolution\b|"
    r"(?:Resolution|Recommendation)\s+\d{3,4}\s*\(\d{4}\)|"
    r"concluding\s+observations\s+on\b|"
    r"report\s+of\s+the\s+working\s+group\s+on\s+the\s+universal\s+periodic\s+review|"
    r"resolution\s+adopted\s+by\s+the\b|.{0,200}:\s*(?:revised\s+)?draft\s+resolution$)",
    re.IGNORECASE,
)


def looks_like_title(header: list[str]) -> bool:
    """Whether the header holds a line only a resolution (or a body's findings) opens with."""
    return any(len(line) < 400 and _TITLE_SHAPE_RE.match(line) for line in header)


def find_title(header: list[str]) -> str | None:
    """The resolution's own title line ("European Parliament resolution ... on ..."), rejoined
    when wrapped; failing that, the first header line that is not furniture."""
    for line in header:
        if re.match(r"concluding\s+observations\s+on\b", line, re.IGNORECASE):
            return _clean_title(line)
    candidate_start = -1
    for i, line in enumerate(header):
        # The EP motion page prints the title twice; the last full one is the resolution's.
        if _RESOLUTION_TITLE_RE.match(line) and not _NOT_TITLE_RE.match(line):
            candidate_start = i
    if candidate_start >= 0:
        parts = [header[candidate_start]]
        for line in header[candidate_start + 1 :]:
            procedure = PROCEDURE_RE.search(line)
            if procedure and procedure.start() > 3 and not parts[-1].endswith("."):
                # A wrapped title whose second line ends with the procedure reference.
                parts.append(line[: procedure.start()].rstrip(" ("))
                break
            if procedure or _TITLE_SKIP_RE.match(line) or _DATE_LINE_RE.match(line):
                break
            if line[:1].isupper() and parts[-1].endswith((".", ":")):
                break
            parts.append(line)
            if len(parts) > 3:
                break
        return _clean_title(" ".join(parts))
    # IPU: the country on one line, then "CMBD/49 - Kem Sokha": "Cambodia: Kem Sokha".
    for i, line in enumerate(header):
        case = _IPU_CASE_RE.match(line)
        if case:
            country = header[i - 1].strip(" .") if i else ""
            names = case.group(2).strip()
            return _clean_title(f"{country}: {names}" if country_by_name(country) else names)
    # UN: "40/2. Situation of human rights in ..." after "Resolution adopted by ...", or on
    # the same line: "Resolution adopted by the Human Rights Council on 4 April 2023: 52/31. ...".
    for i, line in enumerate(header):
        m = _UN_TITLE_RE.match(line)
        if m:
            parts = [m.group(1)]
            for nxt in header[i + 1 : i + 3]:
                if _TITLE_SKIP_RE.match(nxt) or _DATE_LINE_RE.match(nxt) or nxt[:1].isupper():
                    break
                parts.append(nxt)
            return _clean_title(" ".join(parts))
    # A UN draft names its sponsors, then ": draft resolution", then the title.
    for i, line in enumerate(header[:-1]):
        if _DRAFT_LINE_RE.search(line):
            return _clean_title(header[i + 1])
    in_item_name = False
    for i, line in enumerate(header):
        # The lines below "Agenda item 6" name the item ("Universal periodic review"), over
        # several lines when it is long ("Annual report of the ... High Commissioner and ...").
        if re.match(r"agenda\s+item\b", line, re.I):
            in_item_name = True
            continue
        if in_item_name:
            in_item_name = bool(_GOES_ON_RE.search(line)) or (
                i + 1 < len(header) and header[i + 1][:1].islower()
            )
            continue
        if _TITLE_SKIP_RE.match(line) or _DATE_LINE_RE.match(line):
            continue
        if len(line) < 4:
            continue
        parts = [line]
        for nxt in header[i + 1 : i + 3]:
            if country_by_name(nxt.strip(" .")) is not None and len(parts) == 1:
                # UPR reports print the State under review on its own line below the title.
                parts[-1] += ":"
                parts.append(nxt.strip(" ."))
                break
            if _TITLE_SKIP_RE.match(nxt) or _DATE_LINE_RE.match(nxt) or not nxt[:1].islower():
                break
            parts.append(nxt)
        return _clean_title(" ".join(parts))
    return None


_UN_TITLE_RE = re.compile(
    r"^(?:resolution\s+adopted\s+by\s+the\b[^:]{0,120}:\s*)?\d{1,3}/\d{1,4}\.?\s+(\S.*?)"
    r"(?:\s*\((?:A|E|S)/[^)]*\))?$",
    re.IGNORECASE,
)
_DRAFT_LINE_RE = re.compile(r":\s*(?:revised\s+)?draft\s+(?:resolution|decision)$", re.IGNORECASE)
# A line that ends on a word which cannot end a heading goes on in the next line.
_GOES_ON_RE = re.compile(r"\b(?:of|the|and|for|to|in|on|by|with|a|an|or)$", re.IGNORECASE)


# What a procedure group holds: "(12345/2021 - C9-0123/2021 - 2021/0123(NLE))", "(Consent)",
# "(2023/C 123/04)", a report's "A9-0043/2023"; cut off, it leaves "(C9-0000/2021".
_GROUP_CONTENT_RE = re.compile(
    r"^\s*$|\d{4,5}/\d{2,4}|\b[A-Z]\d-\d{4}/\d{4}|\b(?:consent|NLE|COD|APP|INI|RSP|INL)\b|"
    r"\d{4}/C\s*\d+/\d+",
    re.IGNORECASE,
)


def _strip_procedure_groups(title: str) -> str:
    """A title without the procedure group printed after it, nor a bracket or dash it left."""
    while True:
        title = title.rstrip(" -\u2013\u2014,;")
        unclosed = re.search(r"\s*\(([^()]*)$", title)
        group = re.search(r"\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)$", title)
        found = unclosed or group
        if found is None or not _GROUP_CONTENT_RE.search(found.group(1)):
            return title
        title = title[: found.start()]


def _clean_title(title: str) -> str | None:
    title = re.sub(r"^#+\s*", "", title)  # a Markdown heading
    title = PROCEDURE_RE.sub("", title)
    title = _strip_procedure_groups(title)
    title = re.sub(r"(?<=[\w.)])\s*\*+", "", title)  # footnote asterisks: "Review*", "France *"
    title = re.sub(r"\(\s*\)", "", title)
    title = squash_spaces(title).strip(" -,;")
    return title or None


def detect_language(text: str) -> str | None:
    words = re.findall(r"[a-z]+", text[:5000].lower())
    if not words:
        return None
    common = sum(
        1
        for w in words
        if w in {"the", "of", "and", "to", "in", "on", "for", "its", "whereas", "calls"}
    )
    return "en" if common / len(words) > 0.08 else None


def guess_country(title: str | None, text: str) -> Country | None:
    """The country a resolution is about: the one its title names, else the most mentioned."""
    if title:
        found = countries_in(title)
        if found:
            return found[0]
    counts = Counter(c.code for c in countries_in(text[:20000]))
    if not counts:
        return None
    return BY_CODE[counts.most_common(1)[0][0]]


def country_of_text(parsed: ParsedResolution) -> str | None:
    """ISO 3166-1 alpha-2 code of the country a parsed resolution is about, or None."""
    body_text = (
        " ".join(p.text for p in parsed.paragraphs)
        + " "
        + " ".join(r.text for r in parsed.recitals)
    )
    country = guess_country(parsed.title, body_text)
    return country.code if country else None
