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
# A UN document symbol alone on a line: "A/HRC/43/15", "CCPR/C/KHM/CO/3", "E/C.12/FRA/CO/4".
_SYMBOL_ONLY_RE = re.compile(r"^(?:[A-Z]{1,5}(?:\.\d{1,2})?/){1,3}[\w.]+(?:/[\w.]+){0,4}$")
# "122. The following recommendations will be examined by Slovenia ...": the chapeau of a
# UPR section, which says how the State under review answered the items below it.
_UPR_CHAPEAU_RE = re.compile(
    r"^(?:the\s+)?(?:following\s+)?recommendations\b|^the\s+recommendations\s+"
    r"(?:formulated|listed|below|contained)\b",
    re.IGNORECASE,
)
_SUPPORTED_RE = re.compile(
    r"\b(?:enjoy(?:ed)?\s+the\s+support|(?:have|has|were|was)\s+been\s+(?:accepted|supported)|"
    r"(?:are|were)\s+supported|accepted\s+by)\b",
    re.IGNORECASE,
)
_NOTED_RE = re.compile(
    r"\b(?:did\s+not\s+enjoy|(?:have|has|were|was)\s+been\s+noted|(?:are|were)\s+noted|"
    r"noted\s+by|not\s+(?:be\s+)?(?:accepted|supported)|rejected)\b",
    re.IGNORECASE,
)
# A table of recommendations (the UPR "thematic list") prints each one's response and themes
# in cells of their own, flattened to lines after the recommendation.
_RESPONSE_CELL_RE = re.compile(
    r"^(supported|noted|accepted|rejected|partially\s+supported|supported\s*/\s*noted)\.?$",
    re.IGNORECASE,
)
_POSITION_SOURCE_RE = re.compile(r"^source\s+of\s+position\s*:", re.IGNORECASE)
_OTHER_CELLS_RE = re.compile(
    r"^(?:groups\s+of\s+persons|affected\s+persons|sdgs?|relevant\s+sdgs|"
    r"assessment\s*/\s*comments.*)\s*:?\s*$",
    re.IGNORECASE,
)
# "C. Principal subjects of concern and recommendations", "II. Conclusions": a section.
_SECTION_HEADING_RE = re.compile(r"^(?:[A-H]|[IVX]{1,4})\.\s*([A-Z][^.;:]{2,100})$")
_CO_TITLE_RE = re.compile(r"^concluding\s+observations\b", re.IGNORECASE)
_THEME_HEADING_RE = re.compile(r"^theme\s*:\s*(\S.*)$", re.IGNORECASE)
_TERMINAL_RE = re.compile(r"[.;!?)](?:[\"'\])]*)$")
_PROCEDURE_ONLY_RE = re.compile(r"^\(?\s*\d{4}\s*/\s*\d{4}\s*\(\s*[A-Z]{3}\s*\)\s*\)?$")


@dataclass
class RawItem:
    kind: str  # "citation" | "recital" | "paragraph"
    label: str
    parts: list[str] = field(default_factory=list)
    subs: list[tuple[str, list[str]]] = field(default_factory=list)
    has_marker: bool = False
    response: str | None = None  # a UPR State's response printed with the item ("Supported")
    themes: list[str] = field(default_factory=list)  # section headings, table theme cells

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
    chapeaux: list[str] = field(default_factory=list)  # "The following recommendations ..."


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
    symbols: set[str] = set()
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
        if _SYMBOL_ONLY_RE.match(line):
            if line in symbols:
                # The document symbol printed again at the head of every page.
                chrome.append(line)
                continue
            symbols.add(line)
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
    splitter = _Splitter()
    for n, line in enumerate(lines):
        if splitter.state == "operative" and is_end_marker(line):
            splitter.tail = lines[n:]
            break
        splitter.read(line, lines[n + 1] if n + 1 < len(lines) else "")
    return Structure(
        splitter.header,
        chrome,
        splitter.items,
        splitter.preamble_head,
        dropped_after_end=bool(splitter.tail),
        tail=splitter.tail,
        chapeaux=[join_lines(c) for c in splitter.chapeaux],
    )


@dataclass
class _Splitter:
    """Reads content lines one by one and files each: a header line, a new item (citation,
    recital, paragraph or sub-point) or the continuation of the current one."""

    header: list[str] = field(default_factory=list)
    items: list[RawItem] = field(default_factory=list)
    state: str = "header"  # "header" -> "preamble" -> "operative"
    preamble_head: str | None = None
    current: RawItem | None = None
    seen_recital: bool = False
    tail: list[str] = field(default_factory=list)
    response: str | None = None  # from the chapeau of the current UPR section
    theme: str | None = None  # the heading the current items sit under
    cell: str = ""  # which table cell the lines after a recommendation fill
    chapeaux: list[list[str]] = field(default_factory=list)  # UPR section chapeaux, as read
    in_chapeau: bool = False

    def read(self, line: str, next_line: str = "") -> None:
        if self.in_chapeau and not _NUM_LABEL_RE.match(line) and not _MARKER_RE.match(line):
            self.chapeaux[-1].append(line)  # a chapeau wrapped over several lines
            return
        if self.state == "operative" and _SYMBOL_ONLY_RE.match(line):
            return  # the document symbol at the head of a page, not part of a paragraph
        if self._heading(line, next_line):
            return
        if self._preamble_head(line):
            return
        if (
            self._table_cell(line)
            or self._marked(line)
            or self._numbered(line)
            or self._lettered(line)
            or self._point(line)
            or self._unlabelled(line)
        ):
            return
        self._continue(line)

    def _start(self, kind: str, label: str, body: str, marker: bool = False) -> None:
        self._close_chapeau()
        self.current = RawItem(kind, label, [body], has_marker=marker)
        if kind == "paragraph":
            self.current.response = self.response
            self.current.themes = [self.theme] if self.theme else []
        self.cell = ""
        self.items.append(self.current)
        if kind == "paragraph":
            self.state = "operative"
        elif self.state == "header":
            self.state = "preamble"
        if kind == "recital":
            self.seen_recital = True

    def _close_chapeau(self) -> None:
        if self.in_chapeau:
            self.response = _chapeau_response(join_lines(self.chapeaux[-1]))
            self.in_chapeau = False

    def _continue(self, line: str) -> None:
        if self.in_chapeau:
            self.chapeaux[-1].append(line)
        elif self.current is None:
            self.header.append(line)
        else:
            self.current.add(line)

    def _preamble_head(self, line: str) -> bool:
        """ "The European Parliament," opens the preamble."""
        if self.state == "operative" or self.preamble_head is not None:
            return False
        if not _PREAMBLE_HEAD_RE.match(line):
            return False
        self.preamble_head = line
        self.state = "preamble"
        self.current = None
        return True

    def _heading(self, line: str, next_line: str) -> bool:
        """A heading between operative paragraphs ("B. Positive aspects", "Forced evictions"):
        the theme of the paragraphs below it."""
        current = self.current
        if self.state != "operative" or current is None or _TERMINAL_RE.search(line):
            return False
        if _THEME_HEADING_RE.match(line):
            return False  # "Theme: ...", a cell of a table of recommendations
        lettered = _SECTION_HEADING_RE.match(line)
        if lettered:
            self.theme = lettered.group(1).strip()
            return True
        if (
            line[:1].isupper()
            and " " in line.strip()
            and len(line) <= 80
            and re.search(r"[.;:]$", current.last_line())
            and _NUM_LABEL_RE.match(next_line)
            and not _starts_operative(line)
        ):
            self.theme = line
            return True
        return False

    def _table_cell(self, line: str) -> bool:
        """Lines of a flattened table of UPR recommendations: "Theme: ..." headings, then
        after each recommendation its "Source of Position", response and theme cells."""
        heading = _THEME_HEADING_RE.match(line)
        if heading:
            self.theme = heading.group(1).strip()
            return True
        current = self.current
        if current is None or current.kind != "paragraph" or "." not in current.label:
            return False
        if _POSITION_SOURCE_RE.match(line):
            self.cell = "source"
            return True
        response = _RESPONSE_CELL_RE.match(line)
        if response:
            current.response = _response_word(response.group(1))
            self.cell = "themes"
            return True
        if _OTHER_CELLS_RE.match(line):
            self.cell = "other"
            return True
        if self.cell and _MARKER_RE.match(line):
            if self.cell == "themes":
                current.themes.append(line[_MARKER_RE.match(line).end() :].strip())  # type: ignore[union-attr]
            return True
        return False

    def _marked(self, line: str) -> bool:
        """A line opening with a dash or bullet."""
        marker = _MARKER_RE.match(line)
        if marker is None:
            return False
        body = line[marker.end() :]
        num = _NUM_LABEL_RE.match(body)
        if num and "." in num.group(1):
            return self._numbered(body)  # "- 96.12 Ratify ... (Norway);": a bulleted list
        if self.state == "header" and _PROCEDURE_ONLY_RE.match(body):
            self.header.append(body)  # "- 2023/2589(RSP)": a wrapped procedure reference
        elif self.state == "operative":
            assert self.current is not None
            if self.current.has_marker and body[:1].isupper() and _starts_operative(body):
                # Operative paragraphs printed as a dashed list: "- Welcomes ...", "- Urges ...".
                self._start("paragraph", "-", body, marker=True)
            else:
                # A dashed line inside an operative paragraph is a list item of that paragraph.
                self.current.subs.append(("-", [body]))
        else:
            kind = self._marked_kind(body)
            if kind == "continuation":
                assert self.current is not None
                self.current.add(body)
            elif kind == "header":
                self.header.append(line)
            else:
                self._start(kind, "-", body, marker=True)
        return True

    def _marked_kind(self, body: str) -> str:
        """What a marked line before the operative part opens."""
        if HAVING_RE.match(body):
            return "citation"
        if WHEREAS_RE.match(body):
            return "recital"
        if _starts_operative(body) and body[:1].isupper() and self.state == "preamble":
            return "paragraph"  # "- Welcomes ...": operative paragraphs printed as a list
        if self.seen_recital or PREAMBLE_START_RE.match(body):
            return "recital"
        current = self.current
        if self.state == "preamble" and current is not None and current.kind == "citation":
            # A citation split over two paragraphs: the second half has its own marker.
            split = not body[:1].isupper() and not _ended(current)
            return "continuation" if split else "citation"
        return "header" if self.state == "header" else "citation"

    def _numbered(self, line: str) -> bool:
        """A line opening with a number: "1.", "118.5", "3.1." (a point of paragraph 3)."""
        num = _NUM_LABEL_RE.match(line)
        if num is None:
            return False
        body = line[num.end() :]
        if _UPR_CHAPEAU_RE.match(body):
            # The chapeau of a section of recommendations is no item of its own.
            self.chapeaux.append([body])
            self.in_chapeau = True
            return True
        label = num.group(1)
        upr_item = "." in label and bool(self.chapeaux)
        # A treaty body numbers every paragraph under its title, the first one included.
        observations = any(_CO_TITLE_RE.match(h) for h in self.header)
        if (
            self.state == "header"
            and not upr_item
            and not observations
            and not _num_item_plausible(body)
        ):
            return False
        if (
            self.state == "operative"
            and self.current is not None
            and _is_point_of(label, self.current)
        ):
            # "3. The Assembly calls on the authorities to: 3.1. release ...; 3.2. ..."
            self.current.subs.append((label, [body]))
            return True
        if self.state != "operative" and _starts_preamble(body):
            self._start("recital", label, body)
        elif self.state != "operative" and HAVING_RE.match(body):
            self._start("citation", label, body)
        else:
            self._start("paragraph", label, body)
        return True

    def _lettered(self, line: str) -> bool:
        """A recital lettered "A." in the preamble, or anywhere when it opens with "whereas"."""
        letter = _LETTER_LABEL_RE.match(line)
        if letter is None:
            return False
        body = line[letter.end() :]
        if self.state != "preamble" and not WHEREAS_RE.match(body):
            return False
        self._start("recital", letter.group(1), body)
        return True

    def _point(self, line: str) -> bool:
        """A sub-paragraph "(a)" of the current operative paragraph."""
        sub = _SUB_LABEL_RE.match(line)
        if sub is None or self.state != "operative":
            return False
        assert self.current is not None
        self.current.subs.append((sub.group(1), [line[sub.end() :]]))
        return True

    def _unlabelled(self, line: str) -> bool:
        """A line with no label that may still open an item; a header line is always filed."""
        if self.state == "operative":
            if self._opens_unlabelled_paragraph(line):
                self._start("paragraph", "", line)
                return True
            return False
        kind = self._unlabelled_preamble_kind(line)
        if kind is not None:
            self._start(kind, "", line)
            return True
        if self.state == "header":
            self.header.append(line)
            return True
        return False

    def _unlabelled_preamble_kind(self, line: str) -> str | None:
        current, state = self.current, self.state
        if (CITATION_RE.match(line) or (HAVING_RE.match(line) and line[:1].islower())) and (
            _ended(current) or state == "header"
        ):
            return "citation"
        if WHEREAS_RE.match(line) and (line[0].isupper() or _ended(current)):
            return "recital"
        if (
            PREAMBLE_START_RE.match(line)
            and line[0].isupper()
            and _ended(current)
            and (state == "preamble" or self.preamble_head is not None)
        ):
            return "recital"
        if (
            state == "preamble"
            and current is not None
            and line[0].isupper()
            and _ended(current)
            and _starts_operative(line)
        ):
            return "paragraph"
        return None

    def _opens_unlabelled_paragraph(self, line: str) -> bool:
        """In the operative part, a capitalised operative verb after a finished sentence."""
        return (
            self.current is not None
            and line[0].isupper()
            and _starts_operative(line)
            and bool(_TERMINAL_RE.search(self.current.last_line()))
        )


def _response_word(cell: str) -> str:
    word = " ".join(cell.lower().split())
    return {"accepted": "supported", "rejected": "noted"}.get(word, word.replace(" / ", "/"))


def _chapeau_response(chapeau: str) -> str | None:
    if _NOTED_RE.search(chapeau):
        return "noted"
    if _SUPPORTED_RE.search(chapeau):
        return "supported"
    return None  # "will be examined by ...": no response yet


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
