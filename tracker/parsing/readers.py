"""read_document: bytes of .txt/.html/.pdf/.docx -> plain text, or a ParseError saying why not.

PDF text comes from pypdf: it is pure Python (no system libraries), BSD-licensed, and its
layout-free extraction keeps reading order well enough for one-column resolution texts; the
parser already rejoins the hard line breaks it leaves.

An upload of 5 MB can unpack to gigabytes (a DOCX's zipped XML, a PDF's compressed streams),
to a hundred million pages or a million objects: each reader checks what a document unpacks to
before it unpacks it, and the whole reading has a time limit (MAX_READ_SECONDS). Going past a
limit is a ParseError saying which.
"""

from __future__ import annotations

import codecs
import io
import re
import time
import warnings
import zipfile
from typing import Any

from .model import MAX_BYTES, ParseError

EMPTY = "file is empty"
TOO_LARGE = "file too large: the limit is 5 MB"
BINARY = "binary file: not a text document"
NO_TEXT_LAYER = "the PDF has no text layer (scanned image?)"

# Reading a document (not parsing its text) may take this long; see the README's worker timeout.
MAX_READ_SECONDS = 15.0
# What a DOCX (a zip) may unpack to. Its XML is parsed whole, at about ten times its size.
MAX_DOCX_PARTS = 1000
MAX_DOCX_XML_BYTES = 16 * 1024 * 1024  # all XML parts together
MAX_DOCX_BYTES = 48 * 1024 * 1024  # all parts, images included
# XML compresses 5 to 30 times; a part past 1 MB compressed more than this is a bomb.
MAX_COMPRESSION_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024
# What a PDF may hold and unpack to.
MAX_PDF_PAGES = 3000
MAX_PDF_OBJECTS = 200_000
MAX_PDF_STREAM_BYTES = 8 * 1024 * 1024  # one stream, decoded
MAX_PDF_CONTENT_BYTES = 64 * 1024 * 1024  # the pages' content streams together, decoded
MAX_PDF_FORM_DRAWINGS = 500  # forms drawn on one page, nested ones included
# Text-drawing operators and operands in one content stream (a dense page has some 20,000).
MAX_PDF_STREAM_TOKENS = 400_000
# Control characters other than tab, line and page breaks: never text (a PDF's font may map
# glyphs to NUL; a TXT file may carry a stray escape).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class _Deadline:
    """The time limit of one reading, checked as the readers go."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.ends = time.monotonic() + MAX_READ_SECONDS

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise ParseError(
                f"the {self.kind} file took longer than {MAX_READ_SECONDS:g} s to read: "
                "split it, or paste its text"
            )


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
    deadline = _Deadline(kind.upper())
    try:
        if kind == "pdf":
            text = _read_pdf(data, deadline)
        elif kind == "docx":
            text = _read_docx(data, deadline)
        elif kind == "html":
            text = _read_html(data)
        else:
            text = decode_text(data)
        deadline.check()
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - third-party readers raise anything on bad files
        raise ParseError(
            f"the {kind.upper()} file could not be read ({type(exc).__name__})"
        ) from exc
    text = _CONTROL.sub("", text)
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
    if 0 in data or controls > len(sample) // 50:
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


_PDF_SIZE = re.compile(rb"/Size\s+(\d{1,12})")


def _pdf_limits() -> dict[str, Any]:
    """pypdf's own limits, tightened to what a resolution needs."""
    return {
        "zlib_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "lzw_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "run_length_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "brotli_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "array_based_stream_maximum_output_length": MAX_PDF_STREAM_BYTES,
        "stream_decoding_work_maximum_length": 4 * MAX_PDF_STREAM_BYTES,
        "stream_parsing_work_maximum_count": MAX_PDF_STREAM_TOKENS,
        "page_tree_maximum_entries": MAX_PDF_PAGES * 2,
        "page_tree_maximum_page_entries": MAX_PDF_PAGES * 2,
        # Past this pypdf skips forms silently; the page's own count refuses them first.
        "xform_maximum_invocations_per_extraction": MAX_PDF_FORM_DRAWINGS * 2,
    }


def _read_pdf(data: bytes, deadline: _Deadline) -> str:
    from pypdf import PdfReader, apply_configuration  # noqa: PLC0415 - only when a PDF arrives
    from pypdf.errors import LimitReachedError, PdfReadError  # noqa: PLC0415

    # The cross-reference sizes, before pypdf walks them entry by entry in Python.
    declared = max((int(m.group(1)) for m in _PDF_SIZE.finditer(data)), default=0)
    if declared > MAX_PDF_OBJECTS:
        raise ParseError(f"the PDF declares {declared:,} objects: the limit is {MAX_PDF_OBJECTS:,}")
    with warnings.catch_warnings(), apply_configuration(**_pdf_limits()):
        # pypdf warns about every small damage it repairs; the text is what matters here.
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise ParseError("the PDF is encrypted")
            objects = sum(len(entries) for entries in reader.xref.values())
            objects += len(reader.xref_objStm)
            if objects > MAX_PDF_OBJECTS:
                raise ParseError(
                    f"the PDF holds {objects:,} objects: the limit is {MAX_PDF_OBJECTS:,}"
                )
            deadline.check()
            try:
                count = len(reader.pages)
            except LimitReachedError:
                count = MAX_PDF_PAGES + 1
            if count > MAX_PDF_PAGES:
                raise ParseError(f"the PDF has more than {MAX_PDF_PAGES:,} pages")
            pages = _pdf_pages_text(reader, len(data), deadline)
        except LimitReachedError as exc:
            if "decompressing" in str(exc):
                limit = f"{MAX_PDF_STREAM_BYTES // 2**20} MB"
                raise ParseError(f"the PDF has a stream that unpacks to more than {limit}") from exc
            raise ParseError(f"the PDF unpacks to more than its limits allow: {exc}"[:200]) from exc
        except PdfReadError as exc:
            raise ParseError("the PDF file could not be read (damaged?)") from exc
    text = "\n\f\n".join(pages)
    if not text.strip():
        raise ParseError(NO_TEXT_LAYER)
    return text


def _pdf_pages_text(reader: Any, file_bytes: int, deadline: _Deadline) -> list[str]:
    content_bytes = 0
    pages = []
    for page in reader.pages:
        deadline.check()
        content_bytes += _pdf_content_size(page)
        if content_bytes > MAX_PDF_CONTENT_BYTES:
            raise ParseError(
                f"the PDF unpacks to more than {MAX_PDF_CONTENT_BYTES // 2**20} MB of page content"
            )
        watch = _PageWatch(deadline)
        pages.append(page.extract_text(visitor_operand_before=watch) or "")
        watch.raise_refusal()
    return pages


class _PageWatch:
    """Called by pypdf before each operator of a page (forms included): counts the forms drawn
    and keeps to the deadline. An error raised inside a form is swallowed by pypdf, which goes
    on to the next drawing (refused at once in turn): it is kept and raised after the page."""

    def __init__(self, deadline: _Deadline) -> None:
        self.deadline = deadline
        self.drawings = 0
        self.refusal: ParseError | None = None

    def __call__(self, operator: Any, _args: Any, _cm: Any, _tm: Any) -> None:
        if self.refusal is None and operator == b"Do":
            self.drawings += 1
            if self.drawings > MAX_PDF_FORM_DRAWINGS:
                self.refusal = ParseError(
                    f"a page of the PDF makes more than {MAX_PDF_FORM_DRAWINGS} drawings of forms"
                )
        if self.refusal is None:
            try:
                self.deadline.check()
            except ParseError as exc:
                self.refusal = exc
        self.raise_refusal()

    def raise_refusal(self) -> None:
        if self.refusal is not None:
            raise self.refusal


def _pdf_content_size(page: Any) -> int:
    """The decoded size of a page's content streams, each counted as often as it is drawn; a
    stream that unpacks past 1 MB at more than MAX_COMPRESSION_RATIO times is refused."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    total = 0
    for item in streams:
        stream = item.get_object()
        if not hasattr(stream, "get_data"):
            continue
        # pypdf keeps a stream's bytes as read (`_data`) beside its decoded copy.
        encoded = max(len(getattr(stream, "_data", b"") or b""), 1)
        decoded = len(stream.get_data())
        if decoded > RATIO_FROM_BYTES and decoded / encoded > MAX_COMPRESSION_RATIO:
            raise ParseError(
                f"the PDF unpacks to {decoded // 2**20} MB from {encoded // 1024} KB: "
                f"more than {MAX_COMPRESSION_RATIO} times"
            )
        total += decoded
    return total


def _check_docx_sizes(data: bytes) -> None:
    """Refuse a DOCX whose parts unpack past the limits, from the sizes in its zip directory.
    The zip reader never unpacks more than those sizes say (it stops there and fails on the
    checksum), so sizes that lie only make the file unreadable, never larger."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile as exc:
        raise ParseError(
            "the DOCX file could not be read (damaged, or not a Word document?)"
        ) from exc
    if len(parts) > MAX_DOCX_PARTS:
        raise ParseError(f"the DOCX file has {len(parts):,} parts: the limit is {MAX_DOCX_PARTS:,}")
    total = sum(p.file_size for p in parts)
    xml = sum(p.file_size for p in parts if p.filename.endswith((".xml", ".rels")))
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise ParseError(
                f"the DOCX file unpacks to {part.file_size // 2**20} MB from "
                f"{max(part.compress_size // 1024, 1)} KB: more than {MAX_COMPRESSION_RATIO} times"
            )
    if xml > MAX_DOCX_XML_BYTES or total > MAX_DOCX_BYTES:
        raise ParseError(
            f"the DOCX file unpacks to {max(xml, total) // 2**20} MB: the limit is "
            f"{MAX_DOCX_XML_BYTES // 2**20} MB of text and {MAX_DOCX_BYTES // 2**20} MB in all"
        )


def _read_docx(data: bytes, deadline: _Deadline) -> str:
    import docx  # noqa: PLC0415 - python-docx, imported only when a DOCX arrives
    from docx.oxml.ns import qn  # noqa: PLC0415

    _check_docx_sizes(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ParseError(
            "the DOCX file could not be read (damaged, or not a Word document?)"
        ) from exc
    deadline.check()
    numbering = _DocxNumbering(document)
    lines: list[str] = []
    body = document.element.body
    for n, child in enumerate(body.iterchildren()):
        if n % 256 == 0:
            deadline.check()
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
