"""Upload bombs: small files that unpack to gigabytes, pages or objects without end. Each is
built here, then read by `read_document` in a fresh process that reports its time and how far
its peak memory grew: refused with a one-line reason in under 2 s, growing less than 200 MB."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.parsing import ParseError, read_document, readers

from .fixture_builders import build_docx, build_pdf

MAX_SECONDS = 2.0
MAX_GROWTH_MB = 200

# --- DOCX ---------------------------------------------------------------------------------------

_PARAGRAPH = b"<w:p><w:r><w:t>calls for the release of all political prisoners;</w:t></w:r></w:p>"
_DOCUMENT_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_DOCUMENT_TAIL = b"</w:body></w:document>"


def _docx_with_document(megabytes: float, *, level: int = 9) -> bytes:
    """A real DOCX whose word/document.xml is replaced by `megabytes` of paragraphs, written in
    chunks so that building the bomb costs the test little memory."""
    source = zipfile.ZipFile(io.BytesIO(build_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as bomb:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, source.read(item.filename))
        chunk = _PARAGRAPH * (1024 * 1024 // len(_PARAGRAPH))
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with bomb.open(info, "w", force_zip64=True) as part:
            part.write(_DOCUMENT_HEAD)
            for _ in range(int(megabytes)):
                part.write(chunk)
            part.write(chunk[: int((megabytes % 1) * len(chunk))])
            part.write(_DOCUMENT_TAIL)
    return out.getvalue()


def docx_42_mb_of_xml() -> bytes:
    """The outside test's bomb: about 100 KB zipped, 42 MB of XML."""
    return _docx_with_document(42)


def docx_20_mb_of_xml() -> bytes:
    """The smaller one (52 KB took 21 s and 375 MB)."""
    return _docx_with_document(20)


def docx_lying_about_its_size() -> bytes:
    """30 MB of XML whose zip headers declare 30 KB (the reader must not trust the headers)."""
    data = bytearray(_docx_with_document(30))
    real = 30 * 1024 * 1024 + len(_DOCUMENT_HEAD) + len(_DOCUMENT_TAIL)
    name = b"word/document.xml"
    # Each central directory entry: the uncompressed size at offset 24, or in the zip64 extra.
    position = 0
    while True:
        central = data.find(b"PK\x01\x02", position)
        if central < 0:
            break
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == name:
            extra_length = struct.unpack_from("<H", data, central + 30)[0]
            extra = central + 46 + name_length
            # zip64: the sizes live in the extra field (id 0x0001): uncompressed first.
            cursor = extra
            while cursor < extra + extra_length:
                header_id, size = struct.unpack_from("<HH", data, cursor)
                if header_id == 1:
                    assert struct.unpack_from("<Q", data, cursor + 4)[0] == real
                    struct.pack_into("<Q", data, cursor + 4, 30 * 1024)
                cursor += 4 + size
            if struct.unpack_from("<I", data, central + 24)[0] != 0xFFFFFFFF:
                struct.pack_into("<I", data, central + 24, 30 * 1024)
        position = central + 4
    return bytes(data)


def docx_of_many_parts() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(build_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            bomb.writestr(item, source.read(item.filename))
        for n in range(20_000):
            bomb.writestr(f"extra/part{n}.xml", b"<a/>")
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------


def _pdf(objects: list[bytes], *, size: int | None = None) -> bytes:
    """A PDF of `objects` (numbered from 1; object 1 is the catalogue) with a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (size or len(objects) + 1, xref)
    )
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return (
        b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(data), extra)
        + data
        + (b"\nendstream")
    )


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page_objects(content: bytes) -> list[bytes]:
    """Catalogue, pages, one page, a font and `content` (already a stream object)."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        _FONT,
        content,
    ]


def pdf_flate_bomb() -> bytes:
    """A page whose content stream inflates to 1 GB of text-drawing operators."""
    line = b"BT /F1 12 Tf 72 712 Td (calls for the release of all political prisoners) Tj ET\n"
    chunk = line * (1024 * 1024 // len(line))
    packer = zlib.compressobj(9)
    packed = b"".join(packer.compress(chunk) for _ in range(1024)) + packer.flush()
    return _pdf(_page_objects(_stream(packed)))


def pdf_dense_stream() -> bytes:
    """4 MB of tiny text operators (within any stream size limit) compressed to a few KB."""
    packed = zlib.compress(b"(a) Tj " * (4 * 1024 * 1024 // 7), 9)
    return _pdf(_page_objects(_stream(packed, b"")))


def pdf_page_tree_bomb() -> bytes:
    """Pages nodes that each list the next one 100 times: 10^8 pages in a few KB."""
    content = zlib.compress(b"BT /F1 12 Tf 72 712 Td (1. Calls for release;) Tj ET", 9)
    levels = 4
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(levels):
        child = 2 + level + 1
        kids = b" ".join([b"%d 0 R" % child] * 100)
        objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, 100 ** (levels - level)))
    page = len(objects) + 1
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
        % (page - 1, page + 1, page + 2)
    )
    objects.append(_FONT)
    objects.append(_stream(content))
    return _pdf(objects)


def pdf_object_bomb() -> bytes:
    """A cross-reference stream that declares a million objects in a few KB."""
    count = 1_000_000
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    body = _page_objects(_stream(zlib.compress(b"BT /F1 12 Tf (x) Tj ET")))
    for number, obj in enumerate(body, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref_at = out.tell()
    rows = b"\x00\x00\x00\x00" + b"".join(b"\x01" + o.to_bytes(3, "big") for o in offsets)
    rows += b"\x01" + xref_at.to_bytes(3, "big")
    rows += b"\x01\x00\x00\x00" * (count - len(offsets) - 2)
    xref = _stream(zlib.compress(rows, 9), b"/Type /XRef /Size %d /W [1 3 0] /Root 1 0 R" % count)
    out.write(b"%d 0 obj\n" % (len(body) + 1) + xref + b"\nendobj\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return out.getvalue()


def pdf_xobject_bomb() -> bytes:
    """Form XObjects that each draw the next ten times, eight deep: 10^8 drawings."""
    depth = 8
    objects = _page_objects(b"")[:4]
    first = len(objects) + 2  # object 5 is the page content, then the forms
    objects[2] = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >>"
        b" /XObject << /X %d 0 R >> >> /Contents 5 0 R >>" % first
    )
    objects.append(_stream(zlib.compress(b"/X Do")))
    for level in range(depth):
        number = first + level
        if level == depth - 1:
            draw = b"BT /F1 12 Tf (release) Tj ET"
            resources = b"/Resources << /Font << /F1 4 0 R >> >>"
        else:
            draw = b"/X Do " * 10
            resources = b"/Resources << /XObject << /X %d 0 R >> >>" % (number + 1)
        packed = zlib.compress(draw)
        objects.append(
            _stream(packed, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + resources)
        )
    return _pdf(objects)


BOMBS: dict[str, Callable[[], bytes]] = {
    "bomb.docx": docx_42_mb_of_xml,
    "smaller-bomb.docx": docx_20_mb_of_xml,
    "lying.docx": docx_lying_about_its_size,
    "many-parts.docx": docx_of_many_parts,
    "flate.pdf": pdf_flate_bomb,
    "dense.pdf": pdf_dense_stream,
    "pages.pdf": pdf_page_tree_bomb,
    "objects.pdf": pdf_object_bomb,
    "xobjects.pdf": pdf_xobject_bomb,
}

_MEASURE = """
import json, resource, sys, time
from tracker.parsing import ParseError, read_document
import docx, pypdf  # loaded before the baseline, as in a running worker
data = open(sys.argv[1], "rb").read()
name = sys.argv[2]
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    read_document(data, name)
    error = None
except ParseError as exc:
    error = str(exc)
seconds = time.perf_counter() - started
growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline
print(json.dumps({"error": error, "seconds": seconds, "growth_mb": growth / 1024}))
"""


def _measure(data: bytes, name: str, tmp_path: Path) -> dict[str, object]:
    path = tmp_path / name
    path.write_bytes(data)
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), name],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_bomb_is_refused_quickly_with_little_memory(name: str, tmp_path: Path) -> None:
    data = BOMBS[name]()
    assert len(data) <= 5 * 1024 * 1024, "the bomb must fit under the upload limit"
    result = _measure(data, name, tmp_path)
    assert result["error"], f"{name} was read: {result}"
    message = str(result["error"])
    assert "\n" not in message and len(message) < 200, message
    assert float(result["seconds"]) < MAX_SECONDS, result  # type: ignore[arg-type]
    assert float(result["growth_mb"]) < MAX_GROWTH_MB, result  # type: ignore[arg-type]


def test_bombs_say_which_limit_they_broke() -> None:
    reasons = {
        "bomb.docx": "unpacks to",
        "smaller-bomb.docx": "unpacks to",
        "many-parts.docx": "parts",
        "flate.pdf": "unpacks to",
        "pages.pdf": "pages",
        "objects.pdf": "objects",
        "xobjects.pdf": "drawings",
    }
    for name, reason in reasons.items():
        with pytest.raises(ParseError, match=reason):
            read_document(BOMBS[name](), name)


def test_ordinary_documents_are_still_read() -> None:
    assert "Dawit Isaak" in read_document(build_docx(), "eritrea.docx")
    assert "Rukhshona Hakimova" in read_document(build_pdf(), "tajikistan.pdf")
    # A long document (3 MB of XML, compressed as text usually is), well within the limits.
    assert "prisoner 39999" in read_document(_long_docx(40_000), "long.docx")


def _long_docx(paragraphs: int) -> bytes:
    import random

    import docx

    words = [
        "calls",
        "urges",
        "release",
        "detained",
        "journalists",
        "council",
        "commission",
        "authorities",
    ]
    chance = random.Random(16)
    document = docx.Document()
    for n in range(paragraphs):
        filler = " ".join(chance.choice(words) for _ in range(6))
        document.add_paragraph(f"{n + 1}. Calls for the release of prisoner {n}; {filler}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_reading_for_longer_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_READ_SECONDS", 0.0)
    for name, data in (("eritrea.docx", build_docx()), ("tajikistan.pdf", build_pdf())):
        with pytest.raises(ParseError, match=r"took longer than 0 s to read"):
            read_document(data, name)


def test_control_characters_from_a_document_never_reach_the_text() -> None:
    text = (
        "1. Calls for the release of Kem\x1b Sokha and of every other prisoner held;\n"
        "2. Urges the Council to act on this\x07 without any further delay;\n"
    ) * 20
    assert read_document(text.encode(), "x.txt") == text.replace("\x1b", "").replace("\x07", "")
    long = ("1. Calls for the release of all prisoners;\n" * 200).encode() + b"\x00tail"
    with pytest.raises(ParseError, match="binary file"):
        read_document(long, "late-nul.txt")
