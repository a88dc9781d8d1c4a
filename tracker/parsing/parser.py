"""parse_resolution: text in, a ParsedResolution out, ParseError for anything unreadable."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .actors import ActorIndex
from .metadata import (
    TREATY_BODY_NAMES,
    detect_language,
    find_adoption_date,
    find_body,
    find_date,
    find_kind,
    find_procedure,
    find_reference,
    find_report_reference,
    find_title,
    guess_country,
    looks_like_title,
    numbered_reference,
)
from .model import (
    MAX_BYTES,
    KnownActor,
    ParsedCitation,
    ParsedParagraph,
    ParsedRecital,
    ParsedResolution,
    ParseError,
)
from .paragraphs import analyse_paragraph
from .recommendations import split_recommendations, strip_all_states
from .structure import Structure, item_text, looks_cut_off, split_structure

TOO_LARGE = "file too large: the limit is 5 MB"
NO_OPERATIVE = "no operative paragraphs found: is this a resolution?"
# A text shaped like a resolution whose copy ends before its operative part.
STOPS_BEFORE_OPERATIVE = "the text stops {where}, before any operative paragraph"


def parse_resolution(text: str, *, known_actors: Sequence[KnownActor] = ()) -> ParsedResolution:
    """Parse a resolution's text. Raises ParseError (and nothing else) on unusable input."""
    if not isinstance(text, str):
        raise ParseError("the text is not a string")
    if len(text) > MAX_BYTES or (
        len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "replace")) > MAX_BYTES
    ):
        raise ParseError(TOO_LARGE)
    if not text.strip():
        raise ParseError("the text is empty")
    try:
        return _parse(text, known_actors)
    except ParseError:
        raise
    except (
        ValueError,
        IndexError,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
        AssertionError,
    ) as exc:
        # A bug must not reach the user as a traceback; the message names the failure instead.
        raise ParseError(f"the text could not be parsed ({type(exc).__name__})") from exc


def _parse(text: str, known_actors: Sequence[KnownActor]) -> ParsedResolution:
    structure = split_structure(text)
    warnings: list[str] = []
    stops_early = None
    if not any(i.kind == "paragraph" for i in structure.items):
        stops_early = _where_it_stops(structure)
        if stops_early is None:
            raise ParseError(NO_OPERATIVE)
        warnings.append(STOPS_BEFORE_OPERATIVE.format(where=stops_early))

    header = structure.header
    meta_lines = header + structure.chrome
    title = find_title(header)
    body = find_body(header + structure.chapeaux, structure.preamble_head, text[:3000])
    if _upr_items(structure):
        body = "Universal Periodic Review"
    procedure = find_procedure(header) or find_procedure(structure.chrome)
    kind_hint = find_kind(header, structure.chrome, body, None)
    own = find_reference(header, kind_hint)
    if own is not None and own == find_report_reference(header):
        own = None  # the report's number: the text's own comes from the page, if printed
    reference = (
        own
        or _chrome_reference(structure.chrome, kind_hint)
        or numbered_reference(header, body)
        or find_reference(header, kind_hint)
    )
    date = find_date(header)
    first = next((i for i in structure.items if i.kind == "paragraph"), None)
    if body in TREATY_BODY_NAMES and first is not None:
        # "... adopted the following concluding observations at its 49th meeting, held on
        # 24 June 2016": the observations' own date, in their first paragraph.
        date = find_adoption_date(item_text(first)[0]) or date
    if date is None:
        date = find_date(
            [c for c in meta_lines if re.match(r"(?i)^(?:\w+day|strasbourg|brussels)", c)]
        )
    if date is None:
        # A note under the text: "Text adopted by the Assembly on 12 October 2023 (...)".
        date = find_date([t for t in structure.tail if re.match(r"(?i)^text\s+adopted\b", t)])
    kind = find_kind(header, structure.chrome, body, reference, date)

    all_text = " ".join(item_text(i)[0] for i in structure.items)
    # A UPR chapeau names the State under review; the States in brackets only recommend.
    country = guess_country(title, " ".join(structure.chapeaux) or strip_all_states(all_text))
    adjective = country.adjective if country else None
    treaty_body = body in TREATY_BODY_NAMES
    # UPR items open with a bare verb ("Ratify ..."); a treaty body's paragraphs name who acts.
    recommendations = kind == "recommendations list" and not treaty_body
    default_addressees = (f"{adjective} Government",) if recommendations and adjective else ()

    index = ActorIndex(known_actors)
    citations: list[ParsedCitation] = []
    recitals: list[ParsedRecital] = []
    paragraphs: list[ParsedParagraph] = []
    last = structure.items[-1] if structure.items else None
    cut_off = (
        last is not None and looks_cut_off(item_text(last)[0]) and not structure.dropped_after_end
    )
    for item in structure.items:
        full, subs = item_text(item)
        truncated = cut_off and item is last
        if item.kind == "citation":
            citations.append(ParsedCitation(item.label, full, truncated))
        elif item.kind == "recital":
            recitals.append(ParsedRecital(item.label, full, truncated))
        else:
            paragraphs.append(
                analyse_paragraph(
                    item.label,
                    len(paragraphs) + 1,
                    full,
                    subs,
                    index=index,
                    default_adjective=adjective,
                    today=date,
                    recommendations=recommendations,
                    default_addressees=default_addressees,
                    truncated=truncated,
                    response=item.response,
                    themes=tuple(item.themes),
                    body=body,
                )
            )
    if cut_off and paragraphs:
        where = (
            f"paragraph {paragraphs[-1].label}"
            if paragraphs[-1].label not in ("", "-")
            else "the last paragraph"
        )
        warnings.append(f"the text stops mid-sentence: {where} may be incomplete")
    warnings.extend(_label_warnings(paragraphs))
    for p in paragraphs:
        if p.verb is None:
            warnings.append(
                f"paragraph {p.label or p.position}: no verb recognised, kind set to {p.kind}"
            )

    return ParsedResolution(
        title=title,
        body=body,
        kind=kind,
        procedure=procedure,
        document_reference=reference,
        date=date,
        language=detect_language(all_text),
        citations=tuple(citations),
        recitals=tuple(recitals),
        paragraphs=tuple(paragraphs),
        complete=not cut_off and stops_early is None,
        warnings=tuple(warnings),
        source_text=text,
        report_reference=find_report_reference(header + structure.chrome),
    )


def _upr_items(structure: Structure) -> bool:
    """Whether the items are UPR recommendations, whatever the header says: numbered "118.5"
    and closed by their recommending States, most of them."""
    items = [i for i in structure.items if i.kind == "paragraph"]
    upr = [i for i in items if "." in i.label and split_recommendations(item_text(i)[0])[0][1]]
    return len(upr) >= 3 and len(upr) * 10 >= len(items) * 6


def _where_it_stops(structure: Structure) -> str | None:
    """Where a text with no operative part stops, if it is shaped like a resolution at all:
    a preamble, an opening formula ("The European Parliament,") or a resolution's title."""
    kinds = {item.kind for item in structure.items}
    if "recital" in kinds:
        return "in the recitals"
    if "citation" in kinds:
        return "in the citations"
    if structure.preamble_head is not None:
        return "after its opening formula"
    if looks_like_title(structure.header):
        return "after its title"
    return None


def _chrome_reference(chrome: list[str], kind: str | None) -> str | None:
    for line in chrome:
        if re.match(r"(?i)^document\s+selected\s*:", line):
            return find_reference([line], None)
        if kind == "adopted text" and re.match(r"(?i)^texts?\s+adopted\s*:", line):
            # An adopted text's page names its own number in its chrome.
            found = find_reference([line], kind)
            if found and not found.startswith("A"):
                return found
    return None


def _label_warnings(paragraphs: list[ParsedParagraph]) -> list[str]:
    """Integer labels should run 1, 2, 3; a gap or repeat means a paragraph may be lost."""
    labels = [p.label for p in paragraphs]
    if not labels or not all(label.isdigit() for label in labels):
        return []
    numbers = [int(label) for label in labels]
    out = []
    for a, b in zip(numbers, numbers[1:], strict=False):
        if b != a + 1:
            out.append(f"paragraph numbering jumps from {a} to {b}")
    return out
