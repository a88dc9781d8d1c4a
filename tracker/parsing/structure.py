"""Split a normalised text into header lines, citations, recitals and operative paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import (
    CITATION_RE,
    HAVING_RE,
    IMPERATIVE_VERBS,
    OPERATIVE_START_RE,
    PREAMBLE_START_RE,
    WHEREAS_RE,
)
from .normalise import (
    drop_footnote_markers,
    is_chrome,
    is_end_marker,
    is_footnote_line,
    normalise_chars,
    squash_spaces,
)

# Citation markers as they arrive: dashes of every width, bullets, asterisks; sometimes two.
_MARKER_CHARS = "-\u2013\u2014\u2015\u2012\u2022\u00b7\u25aa\u25cf\u25e6\u2043\uf0b7*"
_MC = re.escape(_MARKER_CHARS)
# A marker is followed by text; a digit right after a dash is a number ("-2"), not a marker.
_MARKER_RE = re.compile(rf"^((?:[{_MC}]\s*){{1,2}})(?=[^\s{_MC}\d]|(?<=\s)\d)")
_LETTER_LABEL_RE = re.compile(r"^([A-Z]{1,2})\s?[.)]\s*(?=\S)")
# "1.", "1.Gives", "118.5", "118.22", "5a.", "12)"; a bare number needs a decimal part,
# so that a wrapped line starting with "27 years" or "2023 elections" is not a label.
_NUM_LABEL_RE = re.compile(
    r"^(\d{1,3}(?:\.\d{1,3})+|\d{1,3}[a-z]?)(?:\s*[.)]\s*|(?<=\d)\s+)(?=[A-Za-z\"'(\[])"
)
_NUM_ONLY_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*[a-z]?)\s*[.)]?$")
_SUB_LABEL_RE = re.compile(r"^\(?((?:[a-z]|[ivx]{1,5}))\)\s*(?=\S)")
_LABEL_ONLY_RE = re.compile(
    rf"^(?:[{re.escape(_MARKER_CHARS)}]{{1,2}}|[A-Z]{{1,2}}[.)]|\d{{1,3}}(?:\.\d{{1,3}})*[a-z]?[.)]|"
    r"\(?(?:[a-z]|[ivx]{1,5})\))$"
)
_PREAMBLE_HEAD_RE = re.compile(
    r"^the\s+(?:[\w'.-]+\s+){0,7}(?:parliament|council|assembly|union|committee|commission|"
    r"conference)\s*[,:]?$",
    re.IGNORECASE,
)
_TERMINAL_RE = re.compile(r"[.;!?)](?:[\"'\])]*)$")
_PROCEDURE_ONLY_RE = re.compile(r"^\(?\s*\d{4}\s*/\s*\d{4}\s*\(\s*[A-Z]{3}\s*\)\s*\)?$")


@dataclass
class RawItem:
    kind: str  # "citation" | "recital" | "paragraph"
    label: str
    parts: list[str] = field(default_factory=list)
    subs: list[tuple[str, list[str]]] = field(default_factory=list)
    has_marker: bool = False

    def add(self, line: str) -> None:
        target = self.subs[-1][1] if self.subs else self.parts
        target.append(line)

    def last_line(self) -> str:
        """The last line added: enough to tell whether the item's text ends a clause, and
        cheap, so a paragraph of thousands of wrapped lines stays linear to parse."""
        target = self.subs[-1][1] if self.subs else self.parts
        return target[-1] if target else ""


@dataclass
class Structure:
    header: list[str]
    chrome: list[str]
    items: list[RawItem]
    preamble_head: str | None
    dropped_after_end: bool
    tail: list[str] = field(default_factory=list)  # what followed the end: votes, adoption notes


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines; a line ending in a hyphen before a lower-case letter is glued."""
    out = ""
    for line in lines:
        if not line:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            out += line
        elif out:
            out += " " + line
        else:
            out = line
    return squash_spaces(out)


def clean_lines(text: str) -> tuple[list[str], list[str]]:
    """Return (content lines, chrome lines). Blank lines are dropped: wrapping decides items."""
    lines: list[str] = []
    chrome: list[str] = []
    pending_label: str | None = None
    for raw in normalise_chars(text).split("\n"):
        line = squash_spaces(raw)
        # Flattened HTML tables: "1. |" then "Calls for ... |".
        line = squash_spaces(re.sub(r"\s*\|\s*", " ", f" {line} "))
        if not line:
            continue
        if is_chrome(line):
            chrome.append(line)
            continue
        if is_footnote_line(line):
            chrome.append(line)
            continue
        line = drop_footnote_markers(line).strip()
        if not line:
            continue
        if pending_label is not None:
            line = f"{pending_label} {line}"
            pending_label = None
        if (
            _LABEL_ONLY_RE.match(line)
            and not _NUM_ONLY_RE.match(line.rstrip(".)"))
            or (_NUM_ONLY_RE.match(line) and line.endswith((".", ")")))
        ):
            pending_label = line
            continue
        lines.append(line)
    if pending_label is not None:
        lines.append(pending_label)
    return lines, chrome


def _starts_operative(text: str) -> bool:
    return bool(OPERATIVE_START_RE.match(text))


def _starts_preamble(text: str) -> bool:
    return bool(PREAMBLE_START_RE.match(text)) or bool(WHEREAS_RE.match(text))


def _first_word(text: str) -> str:
    m = re.match(r"[A-Za-z]+", text)
    return m.group(0).lower() if m else ""


def _ended(item: RawItem | None) -> bool:
    """Whether the current item's text ends a clause, so a capitalised line may start anew."""
    if item is None:
        return True
    return bool(re.search(r"[.;:,!?](?:[\"'\])]*)$", item.last_line()))


def split_structure(text: str) -> Structure:
    lines, chrome = clean_lines(text)
    header: list[str] = []
    items: list[RawItem] = []
    state = "header"
    preamble_head: str | None = None
    current: RawItem | None = None
    dropped_after_end = False
    seen_recital = False

    def start(kind: str, label: str, body: str, marker: bool = False) -> None:
        nonlocal current, state, seen_recital
        current = RawItem(kind, label, [body], has_marker=marker)
        items.append(current)
        if kind == "paragraph":
            state = "operative"
        elif state == "header":
            state = "preamble"
        if kind == "recital":
            seen_recital = True

    tail: list[str] = []
    for n, line in enumerate(lines):
        if state == "operative" and is_end_marker(line):
            dropped_after_end = True
            tail = lines[n:]
            break
        if state != "operative" and _PREAMBLE_HEAD_RE.match(line) and preamble_head is None:
            preamble_head = line
            state = "preamble"
            current = None
            continue

        marker = _MARKER_RE.match(line)
        letter = _LETTER_LABEL_RE.match(line)
        num = _NUM_LABEL_RE.match(line)
        sub = _SUB_LABEL_RE.match(line)

        if marker:
            body = line[marker.end() :]
            if _PROCEDURE_ONLY_RE.match(body) and state == "header":
                header.append(body)
                continue
            if state == "operative":
                # A dashed line inside an operative paragraph is a list item of that paragraph.
                assert current is not None
                current.subs.append(("-", [body]))
                continue
            if HAVING_RE.match(body):
                start("citation", "-", body, True)
            elif WHEREAS_RE.match(body) or seen_recital or PREAMBLE_START_RE.match(body):
                start("recital", "-", body, True)
            elif _starts_operative(body) and state == "preamble":
                start("paragraph", "-", body, True)
            elif state == "preamble" and current is not None and current.kind == "citation":
                if not body[:1].isupper() and not _ended(current):
                    # A citation split over two paragraphs: the second half has its own marker.
                    current.add(body)
                else:
                    start("citation", "-", body, True)
            elif state == "header":
                header.append(line)
            else:
                start("citation", "-", body, True)
            continue

        if num and state != "header" or num and _num_item_plausible(line[num.end() :]):
            body = line[num.end() :]
            label = num.group(1)
            if state == "operative" and current is not None and _is_point_of(label, current):
                # "3. The Assembly calls on the authorities to: 3.1. release ...; 3.2. ..."
                current.subs.append((label, [body]))
                continue
            if state != "operative" and _starts_preamble(body):
                start("recital", label, body)
            elif state != "operative" and HAVING_RE.match(body):
                start("citation", label, body)
            else:
                start("paragraph", label, body)
            continue

        if letter and state == "preamble" or letter and WHEREAS_RE.match(line[letter.end() :]):
            start("recital", letter.group(1), line[letter.end() :])
            continue

        if sub and state == "operative":
            assert current is not None
            current.subs.append((sub.group(1), [line[sub.end() :]]))
            continue

        if state in ("header", "preamble"):
            if (CITATION_RE.match(line) or (HAVING_RE.match(line) and line[:1].islower())) and (
                _ended(current) or state == "header"
            ):
                start("citation", "", line)
                continue
            if WHEREAS_RE.match(line) and (line[0].isupper() or _ended(current)):
                start("recital", "", line)
                continue
            if (
                PREAMBLE_START_RE.match(line)
                and line[0].isupper()
                and _ended(current)
                and (state == "preamble" or preamble_head is not None)
            ):
                start("recital", "", line)
                continue
            if (
                state == "preamble"
                and current is not None
                and line[0].isupper()
                and _ended(current)
                and _starts_operative(line)
            ):
                start("paragraph", "", line)
                continue
            if state == "header":
                header.append(line)
                continue
        elif (
            current is not None
            and line[0].isupper()
            and _starts_operative(line)
            and _TERMINAL_RE.search(current.last_line())
        ):
            start("paragraph", "", line)
            continue

        if current is None:
            header.append(line)
        else:
            current.add(line)

    return Structure(header, chrome, items, preamble_head, dropped_after_end, tail)


def _is_point_of(label: str, item: RawItem) -> bool:
    """Whether `label` ("3.1") numbers a point of paragraph `item` ("3") that announced its
    points with a colon, as PACE texts do. UPR lists ("118.5" after "118. The following
    recommendations ...:") are not items of their own chapeau: it is no paragraph."""
    if item.kind != "paragraph" or not label.startswith(f"{item.label}."):
        return False
    if item.subs:
        return item.subs[-1][0].startswith(f"{item.label}.")
    return join_lines(item.parts).rstrip().endswith(":")


def _num_item_plausible(body: str) -> bool:
    """In the header, accept a numbered line only if it reads like a resolution item."""
    return (
        _starts_operative(body)
        or _starts_preamble(body)
        or _first_word(body) in IMPERATIVE_VERBS
        or bool(HAVING_RE.match(body))
    )


def item_text(item: RawItem) -> tuple[str, tuple[str, ...]]:
    """Full text of an item (sub-paragraphs included, labels kept) and the sub-paragraph texts."""
    intro = join_lines(item.parts)
    subs = tuple(join_lines(lines) for _, lines in item.subs)
    pieces = [intro] + [
        _sub_labelled(label, t) for (label, _), t in zip(item.subs, subs, strict=True)
    ]
    return squash_spaces(" ".join(p for p in pieces if p)), subs


def _sub_labelled(label: str, text: str) -> str:
    if label == "-":
        return f"- {text}"
    if "." in label:
        return f"{label}. {text}"  # a numbered point keeps its number as printed: "3.1."
    return f"({label}) {text}"


def looks_cut_off(text: str) -> bool:
    return not _TERMINAL_RE.search(text.rstrip())
