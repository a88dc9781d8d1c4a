"""read_document: bytes of .txt/.html/.pdf/.docx -> plain text, or a ParseError saying why not.

PDF text comes from pypdf: it is pure Python (no system libraries), BSD-licensed, and its
layout-free extraction keeps reading order well enough for one-column resolution texts; the
parser already rejoins the hard line breaks it leaves.
"""

from __future__ import annotations

import codecs
import io
import re
import warnings
import zipfile
from typing import Any

from .model import MAX_BYTES, ParseError

EMPTY = "file is empty"
TOO_LARGE = "file too large: the limit is 5 MB"
BINARY = "binary file: not a text document"
NO_TEXT_LAYER = "the PDF has no text layer (scanned image?)"

_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
    "article", "blockquote", "dd", "dt", "dl", "ul", "ol", "pre", "hr", "main", "title",
    "thead", "tbody", "tfoot", "caption", "figure", "figcaption", "address", "center",
}  # fmt: skip
_DROP_TAGS = {
    "script", "style", "nav", "noscript", "header", "footer", "form", "button", "select",
    "svg", "iframe", "template", "head", "aside", "menu", "object", "embed", "canvas",
}  # fmt: skip


def read_document(data: bytes, filename: str) -> str:
    """Plain text of a document; the format is decided by extension, then by magic bytes."""
    if len(data) > MAX_BYTES:
        raise ParseError(TOO_LARGE)
    if not data or not data.strip():
        raise ParseError(EMPTY)
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kind = {
        "txt": "txt",
        "text": "txt",
        "html": "html",
        "htm": "html",
        "xhtml": "html",
        "pdf": "pdf",
        "docx": "docx",
    }.get(ext)
    sniffed = _sniff(data)
    if kind is None or (sniffed in ("pdf", "docx") and kind != sniffed):
        # A wrong extension is common ("download.txt" holding a PDF); magic bytes decide.
        kind = sniffed
    try:
        if kind == "pdf":
            text = _read_pdf(data)
        elif kind == "docx":
            text = _read_docx(data)
        elif kind == "html":
            text = _read_html(data)
        else:
            text = decode_text(data)
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - third-party readers raise anything on bad files
        raise ParseError(
            f"the {kind.upper()} file could not be read ({type(exc).__name__})"
        ) from exc
    if not text.strip():
        raise ParseError(NO_TEXT_LAYER if kind == "pdf" else EMPTY)
    return text


def _sniff(data: bytes) -> str:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    low = head[:512].lower()
    if re.search(rb"<!doctype\s+html|<html[\s>]|<body[\s>]", low):
        return "html"
    return "txt"


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 with a BOM or an obvious NUL pattern, else cp1252."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ParseError("the file could not be decoded as text") from exc
    sample = data[:4096]
    if sample.count(0) > len(sample) // 4:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL.
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        codec = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        if max(even_nuls, odd_nuls) > len(sample) // 3:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise ParseError(BINARY) from None
            if _looks_textual(text):
                return text
        raise ParseError(BINARY)
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if 0 in sample or controls > len(sample) // 50:
        raise ParseError(BINARY)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ParseError(
                "the file could not be decoded as text (not UTF-8, UTF-16 or Windows-1252)"
            ) from None
    if not _looks_textual(text):
        raise ParseError(BINARY)
    return text


def _looks_textual(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return True
    bad = sum(
        1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f\v") or 0x7F <= ord(ch) < 0xA0
    )
    return bad / len(sample) < 0.02


def _read_pdf(data: bytes) -> str:
    from pypdf import PdfReader  # noqa: PLC0415 - imported only when a PDF arrives
    from pypdf.errors import PdfReadError  # noqa: PLC0415

    with warnings.catch_warnings():
        # pypdf warns about every small damage it repairs; the text is what matters here.
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise ParseError("the PDF is encrypted")
            pages = [page.extract_text() or "" for page in reader.pages]
        except PdfReadError as exc:
            raise ParseError("the PDF file could not be read (damaged?)") from exc
    text = "\n\f\n".join(pages)
    if not text.strip():
        raise ParseError(NO_TEXT_LAYER)
    return text


def _read_docx(data: bytes) -> str:
    import docx  # noqa: PLC0415 - python-docx, imported only when a DOCX arrives
    from docx.oxml.ns import qn  # noqa: PLC0415

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ParseError(
            "the DOCX file could not be read (damaged, or not a Word document?)"
        ) from exc
    numbering = _DocxNumbering(document)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(numbering.prefix(child) + _docx_paragraph_text(child))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = []
                for cell in row.iter(qn("w:tc")):
                    cell_text = " ".join(
                        numbering.prefix(p) + _docx_paragraph_text(p) for p in cell.iter(qn("w:p"))
                    )
                    cells.append(cell_text.strip())
                lines.append(" ".join(c for c in cells if c))
    return "\n".join(lines)


def _docx_paragraph_text(p: object) -> str:
    from docx.oxml.ns import qn  # noqa: PLC0415

    parts: list[str] = []
    for node in p.iter():  # type: ignore[attr-defined]
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag in (qn("w:tab"),):
            parts.append(" ")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    return "".join(parts)


class _DocxNumbering:
    """Word keeps list numbers out of the text; rebuild "1." / "A." / "(a)" for numbered lists,
    since the parser relies on printed labels as a reader of the document would see them."""

    def __init__(self, document: object) -> None:
        from docx.oxml.ns import qn  # noqa: PLC0415

        self.qn = qn
        self.formats: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, str], int] = {}
        self.style_numbering: dict[str, Any] = {}
        try:
            for style in document.styles.element.iter(qn("w:style")):  # type: ignore[attr-defined]
                style_num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
                if style_num is not None:
                    self.style_numbering[style.get(qn("w:styleId"))] = style_num
        except (KeyError, NotImplementedError, AttributeError):
            pass
        try:
            numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[str, tuple[str, str, int]]] = {}
        for a in numbering.iter(qn("w:abstractNum")):
            levels = {}
            for lvl in a.iter(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[lvl.get(qn("w:ilvl"))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "%1.",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )
            abstract[a.get(qn("w:abstractNumId"))] = levels
        for num in numbering.iter(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(qn("w:val")), {}).items():
                self.formats[(num.get(qn("w:numId")), ilvl)] = spec

    def prefix(self, p: object) -> str:
        qn = self.qn
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")  # type: ignore[attr-defined]
        if num_pr is None:
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")  # type: ignore[attr-defined]
            if style is not None:
                # "List Number" and friends number paragraphs through the style, not the paragraph.
                num_pr = self.style_numbering.get(style.get(qn("w:val")))
        if num_pr is None:
            return ""
        num_id_el = num_pr.find(qn("w:numId"))
        ilvl_el = num_pr.find(qn("w:ilvl"))
        num_id = num_id_el.get(qn("w:val")) if num_id_el is not None else "0"
        ilvl = ilvl_el.get(qn("w:val")) if ilvl_el is not None else "0"
        fmt, text, start = self.formats.get((num_id, ilvl), ("decimal", "%1.", 1))
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        n = self.counters[key]
        if fmt == "bullet":
            return "- "
        if fmt == "decimal":
            label = str(n)
        elif fmt == "lowerLetter":
            label = chr(ord("a") + (n - 1) % 26)
        elif fmt == "upperLetter":
            label = chr(ord("A") + (n - 1) % 26)
        elif fmt == "lowerRoman":
            label = _roman(n).lower()
        elif fmt == "upperRoman":
            label = _roman(n)
        else:
            return ""
        return re.sub(r"%\d", label, text) + " "


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


def _read_html(data: bytes) -> str:
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag  # noqa: PLC0415

    with warnings.catch_warnings():
        # bs4 warns when markup looks like a file name or like XML; neither matters here.
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(data, "lxml")
    out: list[str] = []

    def walk(node: Tag, ol_counter: list[int] | None = None) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                out.append(re.sub(r"\s+", " ", str(child)))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in _DROP_TAGS or _is_hidden(child):
                continue
            if name in ("td", "th"):
                out.append(" ")
                walk(child)
                out.append(" ")
                continue
            block = name in _BLOCK_TAGS
            if block:
                out.append("\n")
            if name == "li":
                if ol_counter is not None:
                    ol_counter[0] += 1
                    out.append(f"{ol_counter[0]}. ")
                else:
                    out.append("- ")
            if name == "ol":
                start = child.get("start")
                walk(child, [int(start) - 1 if isinstance(start, str) and start.isdigit() else 0])
            elif name == "ul":
                walk(child, None)
            else:
                walk(child)
            if block:
                out.append("\n")

    root = soup.body or soup
    walk(root)
    text = "".join(out)
    return "\n".join(
        re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n") if line.strip()
    )


def _is_hidden(tag: object) -> bool:
    style = getattr(tag, "get", lambda *_: None)("style")
    if isinstance(style, str) and re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", style):
        return True
    return getattr(tag, "get", lambda *_: None)("hidden") is not None
