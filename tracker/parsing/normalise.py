"""Character and line clean-up: what copy-paste from web pages, PDFs and Word leaves behind."""

from __future__ import annotations

import html
import re
import unicodedata

# Characters that are typographic variants of ASCII ones. Normalising them lets every later
# regex deal with one spelling; the verbatim text is kept separately as source_text.
_CHAR_MAP = str.maketrans(
    {
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen (EP documents use it in B9\u20110174/2023)
        "\u2212": "-",  # minus sign, used as a citation marker
        "\ufe63": "-",
        "\uff0d": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u3000": " ",
        "\t": " ",
        "\f": "\n",
        "\v": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\u0085": "\n",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u2026": "...",
    }
)

_ENTITY_RE = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")
_SUPERSCRIPT_RE = re.compile(r"(?<=\S)[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+")
# Footnote markers glued to a word, a closing quote or a year: "2023(1)", "rights[1][1]".
_FOOTNOTE_AFTER_WORD_RE = re.compile(
    r"(?:(?<=[A-Za-z\u00c0-\u024f.,;:\"')\]])|(?<=\b(?:19|20)\d\d))"
    r"(?:\(\d{1,3}\)|\[\d{1,3}\])+"
)
_BRACKET_FOOTNOTE_RE = re.compile(r"\[\d{1,3}\]")


def normalise_chars(text: str) -> str:
    """Map typographic variants to ASCII, drop invisible characters and stray combining marks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text and _ENTITY_RE.search(text):
        text = html.unescape(text)  # "&amp;" in text copied from a page's source
    text = unicodedata.normalize("NFC", text).translate(_CHAR_MAP)
    text = _CONTROL_RE.sub("", text)
    if _COMBINING_RE.search(text):
        text = _drop_stray_combining(text)
    return text


def _drop_stray_combining(text: str) -> str:
    # A combining mark after a letter is part of a name (kept, NFC already merged most);
    # after a dash, bullet or space it is debris from a copied list marker.
    out: list[str] = []
    for ch in text:
        if unicodedata.combining(ch) and (not out or not out[-1].isalpha()):
            continue
        out.append(ch)
    return "".join(out)


def drop_footnote_markers(line: str) -> str:
    line = _SUPERSCRIPT_RE.sub("", line)
    line = _FOOTNOTE_AFTER_WORD_RE.sub("", line)
    return _BRACKET_FOOTNOTE_RE.sub("", line)


def squash_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# Lines of web-page and PDF furniture. Matched against a stripped line.
_CHROME_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"legal notice.*",
        r"privacy policy.*",
        r"(?-i:(Cookies?( policy)?|Accessibility|Contact|Top|Menu|Search|Index|Help|Print|Share))",
        r"(go back to the europarl portal|choisissez la langue de votre document.*)",
        r"choose (the|a) language.*",
        r"this document is not available in your language.*",
        r"(?:\b[a-z]{2}\s*-\s*\S+\s*){5,}",  # "bg - български es - español ..."
        r"(?:\b[A-Z]{2}\b\s*){8,}",  # "BG ES CS DA DE ET EL EN FR ..."
        r"(?-i:(Previous|Next|Full text|PDF|Word|XML|HTML?)"
        r"(\s*[-|]\s*(Previous|Next|PDF|Word|XML))*)",
        r"(?:document stages in plenary|document selected|texts tabled|debates|votes|"
        r"procedure|texts adopted|text adopted)\s*:.*",
        r"last updated\s*:.*",
        r"logo assembly logo hemicycle",  # the PACE page's banner
        r"date\s+\d{4}-\d{2}-\d{2}\b.*",  # an aggregator's date stamp over the copied text
        # A motion's page names the joint motion that replaced it: not this text's reference.
        r"see also joint motion for a resolution\b.*",
        r"en united in diversity en",
        r"united in diversity",
        r"(RE|PE|AM|A\d|B\d)\\?[\d.]+\w*\.docx.*",
        r".*\bPE\d{3}\.\d{3}v\d{2}-\d{2}\b.*",
        r"page \d+( of \d+)?",
        r"\d{1,3}\s*/\s*\d{1,3}",
        r"\d{1,3}",  # a page number; a lone year is kept, it may be a wrapped deadline
        r"\|",
        r"source\s*:.*europarl.*",
        r"https?://\S+",
        r"(?:ge|gl)\.\d{2}-\d{5}.*",  # UN document barcodes "GE.19-05881(E)"
        r"\*\d{7}\*",
    )
]

# Lines after which nothing belongs to the resolution (vote records, page footers).
_END_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\[?adopted (without a vote|by (a )?recorded vote|by consensus).*",
        r"\d+(st|nd|rd|th) (plenary )?meeting\b.*",
        r"in favour\s*:.*",
        r"last updated\s*:.*",
        r"legal notice.*",
        # The note under a PACE text: "Text adopted by the Assembly on 12 October 2023 ...".
        r"(?:assembly\s+debate\s+on|text\s+adopted\s+by\s+the\s+(?:assembly|standing\s+committee))\b.*",
        r"see\s+doc(?:ument)?\.?\s*\d+\b.*",
        # The disclaimer that closes the recommendations of a UPR Working Group report.
        r"(?:\d+\.\s*)?all conclusions and(?:/or)? recommendations contained in the present "
        r"report\b.*",
    )
]

# Footnote bodies printed at the foot of a page or document: "(1) OJ C 123, ...".
_FOOTNOTE_LINE_RE = re.compile(
    r"^(?:\(\d{1,3}\)|\[\d{1,3}\]|[\u00b9\u00b2\u00b3\u2074-\u2079]+)\s*\S"
)


# One alternation each: a line is tested once instead of once per pattern.
_CHROME_RE = re.compile("|".join(f"(?:{r.pattern})" for r in _CHROME_RES), re.IGNORECASE)
_END_RE = re.compile("|".join(f"(?:{r.pattern})" for r in _END_RES), re.IGNORECASE)


def is_chrome(line: str) -> bool:
    return _CHROME_RE.fullmatch(line) is not None


def is_end_marker(line: str) -> bool:
    return _END_RE.fullmatch(line) is not None


def is_footnote_line(line: str) -> bool:
    return bool(_FOOTNOTE_LINE_RE.match(line))
